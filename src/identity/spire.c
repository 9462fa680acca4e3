/* identity/spire.c: the files SPIRE's tpm_devid agent node attestor reads
 * (docs/identity.md, "SPIRE"): the DevID certificate with its chain, and
 * the DevID's TPM blobs, which the agent loads under the storage primary it
 * re-creates itself (the TCG high-range SRK template; H-2, ECC P-256, for
 * an ECC DevID, which is arcsec's own storage primary). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arcsec/attest.h>
#include <openssl/crypto.h>

#include "identity/identity_int.h"

/* Write one blob, with or without its TPM2B size prefix. */
static bool
spire_write_blob(const char *dir, const char *file, const uint8_t *data,
    size_t len, bool with_size_prefix, mode_t mode)
{
	uint8_t buf[2 + ARCSEC_TPM_PRIVATE_MAX];
	char path[PATH_MAX];
	size_t off = 0;
	bool is_ok;

	if (len > ARCSEC_TPM_PRIVATE_MAX || (size_t)snprintf(path,
	    sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		return false;
	if (with_size_prefix) {
		buf[0] = (uint8_t)(len >> 8);
		buf[1] = (uint8_t)len;
		off = 2;
	}
	memcpy(buf + off, data, len);
	is_ok = idn_write_file(path, buf, off + len, mode);
	OPENSSL_cleanse(buf, sizeof(buf));
	return is_ok;
}

/* devid.crt.pem: the certificate, then its chain. */
static arcsec_status_t
spire_write_cert(const char *state_dir, const struct arcsec_devid *d,
    const char *dir, char *why, size_t why_size)
{
	char cert_path[PATH_MAX], chain_path[PATH_MAX], path[PATH_MAX];
	char *cert = NULL, *chain = NULL, *all = NULL;
	bool is_missing = false;
	size_t cert_len, chain_len;
	arcsec_status_t status;

	if (!idn_cert_paths(state_dir, d->dv_generation, cert_path, chain_path,
	    sizeof(cert_path)) || (size_t)snprintf(path, sizeof(path),
	    "%s/devid.crt.pem", dir) >= sizeof(path))
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "path too long");
	if ((cert = idn_read_text(cert_path, &is_missing)) == NULL) {
		status = idn_fail(why, why_size, is_missing ?
		    ARCSEC_PSA_ERROR_DOES_NOT_EXIST : ARCSEC_ERR_IO,
		    is_missing ? "%s has no certificate: run devid install "
		    "first" : "cannot read the certificate of %s",
		    d->dv_key_name);
		goto out;
	}
	if ((chain = idn_read_text(chain_path, &is_missing)) == NULL &&
	    !is_missing) {
		status = idn_fail(why, why_size, ARCSEC_ERR_IO, "cannot read "
		    "%s", chain_path);
		goto out;
	}
	cert_len = strlen(cert);
	chain_len = chain != NULL ? strlen(chain) : 0;
	if ((all = malloc(cert_len + chain_len + 1)) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	memcpy(all, cert, cert_len);
	if (chain_len > 0)
		memcpy(all + cert_len, chain, chain_len);
	all[cert_len + chain_len] = '\0';
	if (!idn_write_file(path, (const uint8_t *)all, cert_len + chain_len,
	    0644)) {
		status = idn_fail(why, why_size, ARCSEC_ERR_IO, "cannot write "
		    "%s", path);
		goto out;
	}
	status = ARCSEC_SUCCESS;
out:
	free(cert);
	free(chain);
	free(all);
	return status;
}

arcsec_status_t
arcsec_devid_export_spire(struct arcsec_client *c, const char *state_dir,
    const char *out_dir, int with_size_prefix, char *why, size_t why_size)
{
	struct arcsec_devid d;
	uint8_t priv[ARCSEC_TPM_PRIVATE_MAX], pub[ARCSEC_TPM_PUBLIC_MAX];
	size_t priv_len = 0, pub_len = 0;
	uint8_t saved = 0;
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || out_dir == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = arcsec_devid_find(c, &d)) != ARCSEC_SUCCESS)
		return status;
	if (d.dv_provider_id != ARCSEC_PROVIDER_TPM)
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "SPIRE's tpm_devid attestor needs a TPM DevID; %s is in "
		    "the %s provider", d.dv_key_name,
		    arcsec_devid_provider_name(d.dv_provider_id));
	/* The agent loads an RSA DevID under the RSA SRK (template H-1);
	 * arcsec's keys live under the ECC one (H-2). */
	if (d.dv_attrs.key_type == ARCSEC_KEY_TYPE_RSA_KEY_PAIR)
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "SPIRE's tpm_devid agent loads an RSA DevID under the "
		    "RSA storage key; arcsec's DevID must be ECC "
		    "(devid create --key-type ecc-p256) to export it");
	if ((status = spire_write_cert(state_dir, &d, out_dir, why,
	    why_size)) != ARCSEC_SUCCESS ||
	    (status = idn_provider_use(c, d.dv_provider_id, &saved)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if ((status = arcsec_tpm_key_blob(c, d.dv_key_name, priv,
	    sizeof(priv), &priv_len, pub, sizeof(pub), &pub_len)) !=
	    ARCSEC_SUCCESS) {
		status = idn_fail(why, why_size, status, "reading the TPM "
		    "blobs of %s", d.dv_key_name);
		goto out;
	}
	if (!spire_write_blob(out_dir, "devid.priv.blob", priv, priv_len,
	    with_size_prefix != 0, 0600) ||
	    !spire_write_blob(out_dir, "devid.pub.blob", pub, pub_len,
	    with_size_prefix != 0, 0644)) {
		status = idn_fail(why, why_size, ARCSEC_ERR_IO, "cannot write "
		    "the blobs in %s", out_dir);
		goto out;
	}
	status = ARCSEC_SUCCESS;
out:
	idn_provider_restore(c, saved);
	OPENSSL_cleanse(priv, sizeof(priv));
	return status;
}
