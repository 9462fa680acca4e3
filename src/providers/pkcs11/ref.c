/* providers/pkcs11/ref.c: encode and decode the key reference the key
 * store keeps for a PKCS#11 key (format in p11_der.h). Pure. */
#include "providers/pkcs11/p11_der.h"

#include <stdlib.h>
#include <string.h>

#include "common/abuf.h"

psa_status_t
p11_ref_encode(const uint8_t id[P11_ID_LEN], const uint8_t *pub,
    size_t pub_len, uint8_t **out, size_t *out_len)
{
	struct abuf_writer w;
	uint8_t *buf;
	size_t len;

	*out = NULL;
	*out_len = 0;
	if (pub_len > P11_REF_PUB_MAX || (pub_len > 0 && pub == NULL))
		return PSA_ERROR_INVALID_ARGUMENT;
	len = P11_REF_HEADER_LEN + pub_len;
	if ((buf = malloc(len)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	w = abuf_writer_init(buf, len);
	abuf_put_u8(&w, P11_REF_VERSION);
	abuf_put_u8(&w, P11_ID_LEN);
	abuf_put_bytes(&w, id, P11_ID_LEN);
	abuf_put_u16le(&w, (uint16_t)pub_len);
	if (pub_len > 0)
		abuf_put_bytes(&w, pub, pub_len);
	if (w.failed || w.len != len) {
		free(buf);
		return PSA_ERROR_CORRUPTION_DETECTED;
	}
	*out = buf;
	*out_len = len;
	return PSA_SUCCESS;
}

psa_status_t
p11_ref_decode(const uint8_t *in, size_t in_len, struct p11_ref *ref)
{
	struct abuf b = abuf_view(in, in_len);
	const uint8_t *id, *pub = NULL;
	uint8_t version, id_len;
	uint16_t pub_len;

	memset(ref, 0, sizeof(*ref));
	if (in == NULL || !abuf_get_u8(&b, &version) ||
	    version != P11_REF_VERSION || !abuf_get_u8(&b, &id_len) ||
	    id_len != P11_ID_LEN || !abuf_get_bytes(&b, P11_ID_LEN, &id) ||
	    !abuf_get_u16le(&b, &pub_len) || pub_len > P11_REF_PUB_MAX ||
	    (pub_len > 0 && !abuf_get_bytes(&b, pub_len, &pub)) ||
	    abuf_remaining(&b) != 0)
		return PSA_ERROR_DATA_CORRUPT;
	memcpy(ref->ref_id, id, P11_ID_LEN);
	ref->ref_pub = pub;
	ref->ref_pub_len = pub_len;
	return PSA_SUCCESS;
}
