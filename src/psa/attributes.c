/* psa/attributes.c: encode and decode key attributes for the key store
 * (format in psa/attributes.h). Pure. */
#include "psa/attributes.h"

#include <string.h>

#include "common/abuf.h"

psa_status_t
psa_attrs_encode(const struct psa_key_attrs *attrs, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct abuf_writer w;

	if (out_len != NULL)
		*out_len = 0;
	if (attrs == NULL || out == NULL || out_len == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (attrs->type == PSA_KEY_TYPE_NONE ||
	    attrs->bits > PSA_KEY_BITS_MAX) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out_size < PSA_ATTRS_ENCODED_LEN) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}

	w = abuf_writer_init(out, out_size);
	abuf_put_u8(&w, PSA_ATTRS_VERSION);
	abuf_put_u16le(&w, attrs->type);
	abuf_put_u32le(&w, (uint32_t)attrs->bits);
	abuf_put_u32le(&w, attrs->usage);
	abuf_put_u32le(&w, attrs->alg);
	abuf_put_u8(&w, attrs->is_persistent ? PSA_ATTRS_FLAG_PERSISTENT : 0);
	if (w.failed || w.len != PSA_ATTRS_ENCODED_LEN) {
		/* The size was checked above: this is a broken invariant. */
		status = PSA_ERROR_CORRUPTION_DETECTED;
		goto out;
	}
	*out_len = w.len;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS && out != NULL && out_size > 0)
		memset(out, 0, out_size);
	return status;
}

psa_status_t
psa_attrs_decode(const uint8_t *in, size_t len, struct psa_key_attrs *attrs)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct abuf b;
	uint8_t version, flags;
	uint16_t type;
	uint32_t bits, usage, alg;

	if (attrs == NULL || (in == NULL && len > 0))
		return PSA_ERROR_INVALID_ARGUMENT;
	memset(attrs, 0, sizeof(*attrs));

	b = abuf_view(in, len);
	/* The version comes first and alone decides the layout: a record of a
	 * later version is refused before its length is judged. */
	if (!abuf_get_u8(&b, &version) || version != PSA_ATTRS_VERSION) {
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	if (!abuf_get_u16le(&b, &type) ||
	    !abuf_get_u32le(&b, &bits) ||
	    !abuf_get_u32le(&b, &usage) ||
	    !abuf_get_u32le(&b, &alg) ||
	    !abuf_get_u8(&b, &flags)) {
		status = PSA_ERROR_DATA_INVALID;	/* short record */
		goto out;
	}
	if (abuf_remaining(&b) != 0) {
		status = PSA_ERROR_DATA_INVALID;	/* trailing bytes */
		goto out;
	}
	/* The encoder never writes these, so a record holding them was not
	 * written by us (or was damaged): refuse rather than reinterpret. */
	if (type == PSA_KEY_TYPE_NONE || bits > PSA_KEY_BITS_MAX ||
	    (flags & ~PSA_ATTRS_FLAG_PERSISTENT) != 0) {
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}

	attrs->type = type;
	attrs->bits = bits;
	attrs->usage = usage;
	attrs->alg = alg;
	attrs->is_persistent = (flags & PSA_ATTRS_FLAG_PERSISTENT) != 0;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		memset(attrs, 0, sizeof(*attrs));
	return status;
}
