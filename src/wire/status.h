/* wire/status.h: Parsec response status codes and their names. Pure. */
#ifndef ARCSEC_WIRE_STATUS_H
#define ARCSEC_WIRE_STATUS_H

#include <stdbool.h>
#include <stdint.h>

enum wire_status {
#define WIRE_STATUS(name, code, text) WIRE_STATUS_##name = code,
#include "wire/status.def"
#undef WIRE_STATUS
};

/* "PsaErrorNotPermitted"-style name as Parsec clients print it; "Unknown"
 * for a number Parsec does not define. Never NULL. */
const char	*wire_status_name(uint16_t code);
/* One-line description from the Parsec book; never NULL. */
const char	*wire_status_text(uint16_t code);
bool		 wire_status_is_known(uint16_t code);
/* PSA status (negative int32) to wire status: 1000 - psa (-132 -> 1132);
 * success stays 0; anything outside Parsec's PSA range is GenericError. */
enum wire_status wire_status_from_psa(int32_t psa_status);

#endif
