/* arcsec/arcsec.h: the whole libarcsec API in one include. */
#ifndef ARCSEC_ARCSEC_H
#define ARCSEC_ARCSEC_H

#include <arcsec/base.h>
#include <arcsec/status.h>
#include <arcsec/client.h>
#include <arcsec/core.h>
#include <arcsec/keys.h>
#include <arcsec/crypto.h>
#include <arcsec/attest.h>
#include <arcsec/identity.h>

#endif
