/* tests/unit/test_client_keys.c: libarcsec's key and crypto calls against
 * a scripted fake service (each request body decoded with wire_body_unpack
 * and its fields checked; each result decoding error path), the checks made
 * before anything is sent, the output-size queries; and the arcsec tool's
 * pure parts behind the key commands: SPIFFE IDs, ECDSA r||s to DER,
 * base64, SANs, CSR schemes, option parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <arcsec/arcsec.h>

#include "cli/cli.h"
#include "common/b64.h"
#include "identity/x509.h"
#include "client/client.h"
#include "psa/pbconv.h"
#include "psa/types.h"
#include "wire/header.h"
#include "wire/opcodes.h"
#include "wire/ops.h"

#include "delete_client.pb-c.h"
#include "list_clients.pb-c.h"
#include "list_keys.pb-c.h"
#include "psa_asymmetric_decrypt.pb-c.h"
#include "psa_asymmetric_encrypt.pb-c.h"
#include "psa_destroy_key.pb-c.h"
#include "psa_export_key.pb-c.h"
#include "psa_export_public_key.pb-c.h"
#include "psa_generate_key.pb-c.h"
#include "psa_generate_random.pb-c.h"
#include "psa_hash_compute.pb-c.h"
#include "psa_import_key.pb-c.h"
#include "psa_sign_hash.pb-c.h"
#include "psa_sign_message.pb-c.h"
#include "psa_verify_hash.pb-c.h"

#define FAKE_IO_TIMEOUT_MS	5000
#define FAKE_BUF_SIZE		8192

/* --- a fake service: one connection, one scripted answer ------------------ */

struct fake {
	char		 dir[64];
	char		 path[CLIENT_SOCK_PATH_SIZE];
	int		 lfd;
	uint8_t		 resp[FAKE_BUF_SIZE];
	size_t		 resp_len;
	uint8_t		 req[FAKE_BUF_SIZE];
	size_t		 req_len;
	pthread_t	 thread;
	bool		 is_running;
};

static bool
fake_wait(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, FAKE_IO_TIMEOUT_MS) == 1;
}

static void
fake_read(struct fake *f, int fd, size_t want)
{
	ssize_t n;

	while (f->req_len < want && want <= sizeof(f->req) && fake_wait(fd)) {
		if ((n = recv(fd, f->req + f->req_len, want - f->req_len,
		    0)) <= 0)
			return;
		f->req_len += (size_t)n;
	}
}

static void *
fake_serve_one(void *arg)
{
	struct fake *f = arg;
	uint32_t body_len;
	uint16_t auth_len;
	int fd;

	if (!fake_wait(f->lfd) || (fd = accept(f->lfd, NULL, NULL)) == -1)
		return NULL;
	fake_read(f, fd, WIRE_HEADER_LEN);
	if (f->req_len == WIRE_HEADER_LEN) {
		memcpy(&body_len, f->req + 22, 4);	/* little-endian host */
		memcpy(&auth_len, f->req + 26, 2);
		fake_read(f, fd, WIRE_HEADER_LEN + (size_t)body_len + auth_len);
		(void)send(fd, f->resp, f->resp_len, MSG_NOSIGNAL);
	}
	close(fd);
	return NULL;
}

static struct fake *
fake_start(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	assert_non_null(f);
	strcpy(f->dir, "/tmp/arcsec-keys-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/s.sock", f->dir);
	memcpy(sun.sun_path, f->path, strlen(f->path) + 1);
	assert_true((f->lfd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(f->lfd, 4), 0);
	return f;
}

static void
fake_join(struct fake *f)
{
	if (f->is_running)
		assert_int_equal(pthread_join(f->thread, NULL), 0);
	f->is_running = false;
}

/* Answer the next request with `status` and the packed result `msg`
 * (NULL: an empty body). */
static void
fake_reply(struct fake *f, uint32_t opcode, uint16_t status,
    const ProtobufCMessage *msg)
{
	struct wire_header h = { .hdr_opcode = opcode, .hdr_status = status };
	uint8_t *body = NULL;
	size_t body_len = 0;

	fake_join(f);
	if (msg != NULL)
		assert_int_equal(wire_body_pack(msg, &body, &body_len),
		    WIRE_STATUS_SUCCESS);
	assert_true(body_len <= sizeof(f->resp) - WIRE_HEADER_LEN);
	h.hdr_body_len = (uint32_t)body_len;
	wire_header_encode(&h, f->resp);
	if (body_len > 0)
		memcpy(f->resp + WIRE_HEADER_LEN, body, body_len);
	f->resp_len = WIRE_HEADER_LEN + body_len;
	free(body);
	f->req_len = 0;
	assert_int_equal(pthread_create(&f->thread, NULL, fake_serve_one, f),
	    0);
	f->is_running = true;
}

/* Answer with raw body bytes, which need not decode. */
static void
fake_reply_raw(struct fake *f, uint32_t opcode, const uint8_t *body,
    size_t body_len)
{
	struct wire_header h = { .hdr_opcode = opcode,
	    .hdr_body_len = (uint32_t)body_len };

	fake_join(f);
	wire_header_encode(&h, f->resp);
	memcpy(f->resp + WIRE_HEADER_LEN, body, body_len);
	f->resp_len = WIRE_HEADER_LEN + body_len;
	f->req_len = 0;
	assert_int_equal(pthread_create(&f->thread, NULL, fake_serve_one, f),
	    0);
	f->is_running = true;
}

static void
fake_stop(struct fake *f)
{
	fake_join(f);
	close(f->lfd);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
}

/* A Unix-peer client of the fake, targeting provider 1 so no
 * ListProviders round trip is needed. */
static struct arcsec_client *
client_for(const struct fake *f)
{
	struct arcsec_client *c = NULL;
	char endpoint[sizeof(f->path) + 8];

	snprintf(endpoint, sizeof(endpoint), "unix:%s", f->path);
	assert_int_equal(arcsec_client_open(endpoint, NULL, &c),
	    ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_set_provider(c, 1), ARCSEC_SUCCESS);
	return c;
}

/* A client whose socket does not exist: any call that reached the network
 * would fail with ARCSEC_ERR_CONNECT, so another status proves the call
 * stopped before sending. */
static struct arcsec_client *
client_nowhere(void)
{
	struct arcsec_client *c = NULL;

	assert_int_equal(arcsec_client_open("unix:/nonexistent/arcsec.sock",
	    NULL, &c), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_set_provider(c, 1), ARCSEC_SUCCESS);
	return c;
}

/* The request the fake received: its header checked against what every
 * authenticated call must carry, its body decoded as the operation. */
static ProtobufCMessage *
fake_request(struct fake *f, uint32_t opcode, uint8_t provider)
{
	struct abuf in = abuf_view(f->req, f->req_len);
	const struct wire_limits lim = { .body_len_limit = FAKE_BUF_SIZE,
	    .auth_len_limit = 64 };
	struct wire_header h;
	enum wire_status why;
	ProtobufCMessage *msg = NULL;
	uint32_t uid = (uint32_t)getuid();
	const uint8_t uid_le[4] = { (uint8_t)uid, (uint8_t)(uid >> 8),
	    (uint8_t)(uid >> 16), (uint8_t)(uid >> 24) };

	fake_join(f);
	assert_int_equal(wire_header_decode(&in, &lim, &h, &why),
	    WIRE_FRAME_COMPLETE);
	assert_int_equal(h.hdr_opcode, opcode);
	assert_int_equal(h.hdr_provider, provider);
	/* Unix peer credentials: the UID, u32 little-endian. */
	assert_int_equal(h.hdr_auth_type, ARCSEC_AUTH_UNIX_PEER);
	assert_int_equal(h.hdr_auth_len, 4);
	assert_int_equal(f->req_len, WIRE_HEADER_LEN + h.hdr_body_len + 4);
	assert_memory_equal(f->req + WIRE_HEADER_LEN + h.hdr_body_len, uid_le,
	    4);
	assert_int_equal(wire_body_unpack(opcode, false, f->req +
	    WIRE_HEADER_LEN, h.hdr_body_len, 1u << 20, &msg),
	    WIRE_STATUS_SUCCESS);
	return msg;
}

static bool
all_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static const struct arcsec_key_attrs rsa_sign_attrs = {
	.key_type = ARCSEC_KEY_TYPE_RSA_KEY_PAIR,
	.key_bits = 3072,
	.key_usage = ARCSEC_KEY_USAGE_SIGN_HASH | ARCSEC_KEY_USAGE_EXPORT,
	.key_alg = ARCSEC_ALG_RSA_PKCS1V15_SIGN(ARCSEC_ALG_ANY_HASH),
};

static void
assert_attrs_pb(const PsaKeyAttributes__KeyAttributes *pb,
    const struct arcsec_key_attrs *want)
{
	struct psa_key_attrs pa;

	assert_int_equal(psa_pb_attrs_from_pb(pb, &pa), PSA_SUCCESS);
	assert_int_equal(pa.type, want->key_type);
	assert_int_equal(pa.bits, want->key_bits);
	assert_int_equal(pa.usage, want->key_usage);
	assert_int_equal(pa.alg, want->key_alg);
}

/* --- key management ------------------------------------------------------- */

static void
test_generate_key_request(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_key_attrs attrs;
	PsaGenerateKey__Operation *op;
	ProtobufCMessage *msg;

	(void)state;
	arcsec_key_attrs_ecdsa_p256(&attrs);
	assert_int_equal(attrs.key_type, PSA_KEY_TYPE_ECC_KEY_PAIR(
	    PSA_ECC_FAMILY_SECP_R1));
	assert_int_equal(attrs.key_alg, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	fake_reply(f, WIRE_OP_PSA_GENERATE_KEY, 0, NULL);
	assert_int_equal(arcsec_generate_key(c, "dev-key", &attrs),
	    ARCSEC_SUCCESS);
	msg = fake_request(f, WIRE_OP_PSA_GENERATE_KEY, 1);
	op = (PsaGenerateKey__Operation *)msg;
	assert_string_equal(op->key_name, "dev-key");
	assert_attrs_pb(op->attributes, &attrs);
	wire_body_free(msg);

	/* A service status comes back as its own number. */
	fake_reply(f, WIRE_OP_PSA_GENERATE_KEY, 1139, NULL);
	assert_int_equal(arcsec_generate_key(c, "dev-key", &rsa_sign_attrs),
	    ARCSEC_PSA_ERROR_ALREADY_EXISTS);
	msg = fake_request(f, WIRE_OP_PSA_GENERATE_KEY, 1);
	assert_attrs_pb(((PsaGenerateKey__Operation *)msg)->attributes,
	    &rsa_sign_attrs);
	wire_body_free(msg);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_import_destroy_request(void **state)
{
	static const uint8_t key[] = { 0x01, 0x02, 0x03, 0x04, 0x05 };
	const struct arcsec_key_attrs aes = {
		.key_type = ARCSEC_KEY_TYPE_RAW_DATA, .key_bits = 0,
		.key_usage = ARCSEC_KEY_USAGE_EXPORT,
	};
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	PsaImportKey__Operation *imp;
	ProtobufCMessage *msg;

	(void)state;
	fake_reply(f, WIRE_OP_PSA_IMPORT_KEY, 0, NULL);
	assert_int_equal(arcsec_import_key(c, "raw", &aes, key, sizeof(key)),
	    ARCSEC_SUCCESS);
	msg = fake_request(f, WIRE_OP_PSA_IMPORT_KEY, 1);
	imp = (PsaImportKey__Operation *)msg;
	assert_string_equal(imp->key_name, "raw");
	assert_attrs_pb(imp->attributes, &aes);
	assert_int_equal(imp->data.len, sizeof(key));
	assert_memory_equal(imp->data.data, key, sizeof(key));
	wire_body_free(msg);

	fake_reply(f, WIRE_OP_PSA_DESTROY_KEY, 0, NULL);
	assert_int_equal(arcsec_destroy_key(c, "raw"), ARCSEC_SUCCESS);
	msg = fake_request(f, WIRE_OP_PSA_DESTROY_KEY, 1);
	assert_string_equal(((PsaDestroyKey__Operation *)msg)->key_name, "raw");
	wire_body_free(msg);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_export_results(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	PsaExportPublicKey__Result pub = PSA_EXPORT_PUBLIC_KEY__RESULT__INIT;
	PsaExportKey__Result priv = PSA_EXPORT_KEY__RESULT__INIT;
	uint8_t point[65], buf[65];
	size_t len = 99;
	ProtobufCMessage *msg;

	(void)state;
	memset(point, 0x5a, sizeof(point));
	point[0] = 0x04;
	pub.data.data = point;
	pub.data.len = sizeof(point);
	fake_reply(f, WIRE_OP_PSA_EXPORT_PUBLIC_KEY, 0, &pub.base);
	assert_int_equal(arcsec_export_public_key(c, "k", buf, sizeof(buf),
	    &len), ARCSEC_SUCCESS);
	assert_int_equal(len, sizeof(point));
	assert_memory_equal(buf, point, sizeof(point));
	msg = fake_request(f, WIRE_OP_PSA_EXPORT_PUBLIC_KEY, 1);
	assert_string_equal(((PsaExportPublicKey__Operation *)msg)->key_name,
	    "k");
	wire_body_free(msg);

	/* One byte short: nothing written, buffer wiped, length 0. */
	memset(buf, 0xee, sizeof(buf));
	len = 99;
	fake_reply(f, WIRE_OP_PSA_EXPORT_PUBLIC_KEY, 0, &pub.base);
	assert_int_equal(arcsec_export_public_key(c, "k", buf, 64, &len),
	    ARCSEC_ERR_BUFFER_TOO_SMALL);
	assert_int_equal(len, 0);
	assert_true(all_zero(buf, 64));
	assert_int_equal(buf[64], 0xee);	/* past out_size: untouched */

	/* An empty key is no key. */
	pub.data.len = 0;
	fake_reply(f, WIRE_OP_PSA_EXPORT_PUBLIC_KEY, 0, &pub.base);
	assert_int_equal(arcsec_export_public_key(c, "k", buf, sizeof(buf),
	    &len), ARCSEC_ERR_PROTOCOL);
	assert_int_equal(len, 0);
	assert_string_not_equal(arcsec_client_last_error(c), "");

	priv.data.data = point;
	priv.data.len = 32;
	fake_reply(f, WIRE_OP_PSA_EXPORT_KEY, 0, &priv.base);
	assert_int_equal(arcsec_export_key(c, "k", buf, sizeof(buf), &len),
	    ARCSEC_SUCCESS);
	assert_int_equal(len, 32);
	msg = fake_request(f, WIRE_OP_PSA_EXPORT_KEY, 1);
	wire_body_free(msg);

	/* A service refusal wipes the buffer too. */
	memset(buf, 0xee, sizeof(buf));
	fake_reply(f, WIRE_OP_PSA_EXPORT_KEY, 1133, NULL);
	assert_int_equal(arcsec_export_key(c, "k", buf, sizeof(buf), &len),
	    ARCSEC_PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(len, 0);
	assert_true(all_zero(buf, sizeof(buf)));
	fake_stop(f);
	arcsec_client_close(c);
}

/* --- signatures, encryption, random, hash --------------------------------- */

static void
test_sign_verify_requests(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	PsaSignHash__Result res = PSA_SIGN_HASH__RESULT__INIT;
	PsaSignMessage__Result mres = PSA_SIGN_MESSAGE__RESULT__INIT;
	PsaSignHash__Operation *op;
	PsaSignMessage__Operation *mop;
	PsaVerifyHash__Operation *vop;
	uint8_t digest[32], sig[64], out[ARCSEC_SIGNATURE_MAX_SIZE];
	size_t out_len = 0;
	psa_algorithm_t alg;
	ProtobufCMessage *msg;

	(void)state;
	memset(digest, 0x11, sizeof(digest));
	memset(sig, 0x22, sizeof(sig));
	res.signature.data = sig;
	res.signature.len = sizeof(sig);
	fake_reply(f, WIRE_OP_PSA_SIGN_HASH, 0, &res.base);
	assert_int_equal(arcsec_sign_hash(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, sizeof(digest), out, sizeof(out),
	    &out_len), ARCSEC_SUCCESS);
	assert_int_equal(out_len, sizeof(sig));
	assert_memory_equal(out, sig, sizeof(sig));
	msg = fake_request(f, WIRE_OP_PSA_SIGN_HASH, 1);
	op = (PsaSignHash__Operation *)msg;
	assert_string_equal(op->key_name, "k");
	assert_int_equal(psa_pb_sign_from_pb(op->alg, &alg), PSA_SUCCESS);
	assert_int_equal(alg, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	assert_int_equal(op->hash.len, sizeof(digest));
	assert_memory_equal(op->hash.data, digest, sizeof(digest));
	wire_body_free(msg);

	mres.signature.data = sig;
	mres.signature.len = 48;
	fake_reply(f, WIRE_OP_PSA_SIGN_MESSAGE, 0, &mres.base);
	assert_int_equal(arcsec_sign_message(c, "m", ARCSEC_ALG_RSA_PSS(
	    ARCSEC_ALG_SHA_384), (const uint8_t *)"hello", 5, out,
	    sizeof(out), &out_len), ARCSEC_SUCCESS);
	assert_int_equal(out_len, 48);
	msg = fake_request(f, WIRE_OP_PSA_SIGN_MESSAGE, 1);
	mop = (PsaSignMessage__Operation *)msg;
	assert_int_equal(psa_pb_sign_from_pb(mop->alg, &alg), PSA_SUCCESS);
	assert_int_equal(alg, PSA_ALG_RSA_PSS(PSA_ALG_SHA_384));
	assert_int_equal(mop->message.len, 5);
	assert_memory_equal(mop->message.data, "hello", 5);
	wire_body_free(msg);

	/* A bad signature is the service's INVALID_SIGNATURE. */
	fake_reply(f, WIRE_OP_PSA_VERIFY_HASH, 1149, NULL);
	assert_int_equal(arcsec_verify_hash(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, sizeof(digest), sig, sizeof(sig)),
	    ARCSEC_PSA_ERROR_INVALID_SIGNATURE);
	msg = fake_request(f, WIRE_OP_PSA_VERIFY_HASH, 1);
	vop = (PsaVerifyHash__Operation *)msg;
	assert_int_equal(vop->signature.len, sizeof(sig));
	assert_memory_equal(vop->signature.data, sig, sizeof(sig));
	assert_int_equal(vop->hash.len, sizeof(digest));
	wire_body_free(msg);

	fake_reply(f, WIRE_OP_PSA_VERIFY_MESSAGE, 0, NULL);
	assert_int_equal(arcsec_verify_message(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), (const uint8_t *)"m", 1, sig, sizeof(sig)),
	    ARCSEC_SUCCESS);
	wire_body_free(fake_request(f, WIRE_OP_PSA_VERIFY_MESSAGE, 1));

	/* An empty signature is malformed. */
	res.signature.len = 0;
	fake_reply(f, WIRE_OP_PSA_SIGN_HASH, 0, &res.base);
	assert_int_equal(arcsec_sign_hash(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, sizeof(digest), out, sizeof(out),
	    &out_len), ARCSEC_ERR_PROTOCOL);
	assert_int_equal(out_len, 0);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_asymmetric_requests(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	PsaAsymmetricEncrypt__Result eres =
	    PSA_ASYMMETRIC_ENCRYPT__RESULT__INIT;
	PsaAsymmetricDecrypt__Result dres =
	    PSA_ASYMMETRIC_DECRYPT__RESULT__INIT;
	PsaAsymmetricEncrypt__Operation *eop;
	PsaAsymmetricDecrypt__Operation *dop;
	uint8_t ct[256], out[256];
	size_t out_len = 7;
	psa_algorithm_t alg;
	ProtobufCMessage *msg;

	(void)state;
	memset(ct, 0x33, sizeof(ct));
	eres.ciphertext.data = ct;
	eres.ciphertext.len = sizeof(ct);
	fake_reply(f, WIRE_OP_PSA_ASYMMETRIC_ENCRYPT, 0, &eres.base);
	assert_int_equal(arcsec_asymmetric_encrypt(c, "rsa",
	    ARCSEC_ALG_RSA_OAEP(ARCSEC_ALG_SHA_256), (const uint8_t *)"plain",
	    5, (const uint8_t *)"label", 5, out, sizeof(out), &out_len),
	    ARCSEC_SUCCESS);
	assert_int_equal(out_len, sizeof(ct));
	msg = fake_request(f, WIRE_OP_PSA_ASYMMETRIC_ENCRYPT, 1);
	eop = (PsaAsymmetricEncrypt__Operation *)msg;
	assert_int_equal(psa_pb_asym_enc_from_pb(eop->alg, &alg), PSA_SUCCESS);
	assert_int_equal(alg, PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256));
	assert_memory_equal(eop->plaintext.data, "plain", 5);
	assert_int_equal(eop->salt.len, 5);
	assert_memory_equal(eop->salt.data, "label", 5);
	wire_body_free(msg);

	/* An empty plaintext is a valid decryption. */
	fake_reply(f, WIRE_OP_PSA_ASYMMETRIC_DECRYPT, 0, &dres.base);
	assert_int_equal(arcsec_asymmetric_decrypt(c, "rsa",
	    ARCSEC_ALG_RSA_PKCS1V15_CRYPT, ct, sizeof(ct), NULL, 0, out,
	    sizeof(out), &out_len), ARCSEC_SUCCESS);
	assert_int_equal(out_len, 0);
	msg = fake_request(f, WIRE_OP_PSA_ASYMMETRIC_DECRYPT, 1);
	dop = (PsaAsymmetricDecrypt__Operation *)msg;
	assert_int_equal(psa_pb_asym_enc_from_pb(dop->alg, &alg), PSA_SUCCESS);
	assert_int_equal(alg, PSA_ALG_RSA_PKCS1V15_CRYPT);
	assert_int_equal(dop->ciphertext.len, sizeof(ct));
	assert_int_equal(dop->salt.len, 0);
	wire_body_free(msg);

	dres.plaintext.data = (uint8_t *)"secret";
	dres.plaintext.len = 6;
	fake_reply(f, WIRE_OP_PSA_ASYMMETRIC_DECRYPT, 0, &dres.base);
	assert_int_equal(arcsec_asymmetric_decrypt(c, "rsa",
	    ARCSEC_ALG_RSA_PKCS1V15_CRYPT, ct, sizeof(ct), NULL, 0, out, 5,
	    &out_len), ARCSEC_ERR_BUFFER_TOO_SMALL);
	assert_int_equal(out_len, 0);
	assert_true(all_zero(out, 5));

	fake_reply(f, WIRE_OP_PSA_ASYMMETRIC_DECRYPT, 1150, NULL);
	assert_int_equal(arcsec_asymmetric_decrypt(c, "rsa",
	    ARCSEC_ALG_RSA_PKCS1V15_CRYPT, ct, sizeof(ct), NULL, 0, out,
	    sizeof(out), &out_len), ARCSEC_PSA_ERROR_INVALID_PADDING);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_random_and_hash(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	PsaGenerateRandom__Result rres = PSA_GENERATE_RANDOM__RESULT__INIT;
	PsaHashCompute__Result hres = PSA_HASH_COMPUTE__RESULT__INIT;
	PsaHashCompute__Operation *hop;
	uint8_t rnd[32], out[64];
	size_t out_len;
	ProtobufCMessage *msg;

	(void)state;
	memset(rnd, 0x44, sizeof(rnd));
	rres.random_bytes.data = rnd;
	rres.random_bytes.len = sizeof(rnd);
	fake_reply(f, WIRE_OP_PSA_GENERATE_RANDOM, 0, &rres.base);
	assert_int_equal(arcsec_generate_random(c, out, 32), ARCSEC_SUCCESS);
	assert_memory_equal(out, rnd, 32);
	msg = fake_request(f, WIRE_OP_PSA_GENERATE_RANDOM, 1);
	assert_int_equal(((PsaGenerateRandom__Operation *)msg)->size, 32);
	wire_body_free(msg);

	/* Fewer bytes than asked for: refused, and nothing left looking
	 * random. */
	rres.random_bytes.len = 31;
	memset(out, 0xee, sizeof(out));
	fake_reply(f, WIRE_OP_PSA_GENERATE_RANDOM, 0, &rres.base);
	assert_int_equal(arcsec_generate_random(c, out, 32),
	    ARCSEC_ERR_PROTOCOL);
	assert_true(all_zero(out, 32));

	hres.hash.data = rnd;
	hres.hash.len = 32;
	fake_reply(f, WIRE_OP_PSA_HASH_COMPUTE, 0, &hres.base);
	assert_int_equal(arcsec_hash_compute(c, ARCSEC_ALG_SHA_256,
	    (const uint8_t *)"abc", 3, out, sizeof(out), &out_len),
	    ARCSEC_SUCCESS);
	assert_int_equal(out_len, 32);
	msg = fake_request(f, WIRE_OP_PSA_HASH_COMPUTE, 1);
	hop = (PsaHashCompute__Operation *)msg;
	assert_int_equal(hop->alg, PSA_ALGORITHM__ALGORITHM__HASH__SHA_256);
	assert_memory_equal(hop->input.data, "abc", 3);
	wire_body_free(msg);

	/* A digest of the wrong length for the hash. */
	hres.hash.len = 20;
	fake_reply(f, WIRE_OP_PSA_HASH_COMPUTE, 0, &hres.base);
	assert_int_equal(arcsec_hash_compute(c, ARCSEC_ALG_SHA_256,
	    (const uint8_t *)"abc", 3, out, sizeof(out), &out_len),
	    ARCSEC_ERR_PROTOCOL);
	assert_int_equal(out_len, 0);
	fake_stop(f);
	arcsec_client_close(c);
}

/* Everything the client refuses before it connects. */
static void
test_refused_before_sending(void **state)
{
	struct arcsec_client *c = client_nowhere();
	struct arcsec_key_attrs attrs;
	uint8_t buf[64], digest[32] = { 0 };
	size_t len = 5;
	char long_name[ARCSEC_KEY_NAME_MAX + 2];

	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	arcsec_key_attrs_ecdsa_p256(&attrs);
	assert_int_equal(arcsec_generate_key(c, "bad\nname", &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_string_not_equal(arcsec_client_last_error(c), "");
	assert_int_equal(arcsec_generate_key(c, "", &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_generate_key(c, long_name, &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_generate_key(c, "\xff", &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_generate_key(c, NULL, &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_generate_key(c, "k", NULL),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	attrs.key_type = ARCSEC_KEY_TYPE_NONE;
	assert_int_equal(arcsec_generate_key(c, "k", &attrs),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	/* Values Parsec's schema cannot spell: unsupported, not sent. */
	arcsec_key_attrs_ecdsa_p256(&attrs);
	attrs.key_alg = PSA_ALG_PURE_EDDSA;
	assert_int_equal(arcsec_generate_key(c, "k", &attrs),
	    ARCSEC_ERR_UNSUPPORTED);
	arcsec_key_attrs_ecdsa_p256(&attrs);
	attrs.key_usage |= PSA_KEY_USAGE_VERIFY_DERIVATION;
	assert_int_equal(arcsec_generate_key(c, "k", &attrs),
	    ARCSEC_ERR_UNSUPPORTED);
	assert_int_equal(arcsec_import_key(c, "k", &rsa_sign_attrs, NULL, 3),
	    ARCSEC_ERR_INVALID_ARGUMENT);

	/* Outputs: NULL with a size, NULL length pointer. */
	assert_int_equal(arcsec_export_public_key(c, "k", NULL, 10, &len),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(len, 0);
	assert_int_equal(arcsec_export_public_key(c, "k", buf, sizeof(buf),
	    NULL), ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_generate_random(c, NULL, 4),
	    ARCSEC_ERR_INVALID_ARGUMENT);

	/* Algorithms of the wrong kind, and wildcards no operation takes. */
	len = 5;
	assert_int_equal(arcsec_sign_hash(c, "k", ARCSEC_ALG_SHA_256, digest,
	    sizeof(digest), buf, sizeof(buf), &len),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(len, 0);
	assert_int_equal(arcsec_sign_hash(c, "k", PSA_ALG_PURE_EDDSA, digest,
	    sizeof(digest), buf, sizeof(buf), &len), ARCSEC_ERR_UNSUPPORTED);
	assert_int_equal(arcsec_sign_hash(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), NULL, 32, buf, sizeof(buf), &len),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_verify_hash(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, sizeof(digest), NULL, 64),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_asymmetric_encrypt(c, "k", ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, 1, NULL, 0, buf, sizeof(buf), &len),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_hash_compute(c, ARCSEC_ALG_ECDSA(
	    ARCSEC_ALG_SHA_256), digest, 1, buf, sizeof(buf), &len),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	/* The digest size is known: a small buffer never costs a request. */
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(arcsec_hash_compute(c, ARCSEC_ALG_SHA_512, digest, 1,
	    buf, 63, &len), ARCSEC_ERR_BUFFER_TOO_SMALL);
	assert_int_equal(len, 0);
	assert_true(all_zero(buf, 63));
	assert_int_equal(arcsec_delete_client(c, "bad\x1b[0m"),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	/* And once past the checks, the client does try the network. */
	assert_int_equal(arcsec_destroy_key(c, "k"), ARCSEC_ERR_CONNECT);
	arcsec_client_close(c);
	assert_int_equal(arcsec_destroy_key(NULL, "k"),
	    ARCSEC_ERR_INVALID_ARGUMENT);
}

/* --- listings ------------------------------------------------------------- */

/* A ListKeys result of n keys; attrs[i] for key i. */
struct keys_reply {
	ListKeys__Result	 res;
	ListKeys__KeyInfo	 info[3];
	ListKeys__KeyInfo	*infop[3];
	struct psa_pb_pb_attrs	 arena[3];
};

static void
keys_reply_init(struct keys_reply *r, size_t n, const char *const *names,
    const uint32_t *providers, const struct psa_key_attrs *attrs)
{
	list_keys__result__init(&r->res);
	for (size_t i = 0; i < n; i++) {
		list_keys__key_info__init(&r->info[i]);
		assert_int_equal(psa_pb_attrs_to_pb(&attrs[i], &r->arena[i]),
		    PSA_SUCCESS);
		r->info[i].name = (char *)names[i];
		r->info[i].provider_id = providers[i];
		r->info[i].attributes = &r->arena[i].attrs;
		r->infop[i] = &r->info[i];
	}
	r->res.n_keys = n;
	r->res.keys = r->infop;
}

static void
test_list_keys(void **state)
{
	static const char *const names[] = { "ecc", "rsa", "ecc" };
	static const uint32_t providers[] = { 1, 1, 3 };
	const struct psa_key_attrs attrs[] = {
		{ PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
		    PSA_KEY_USAGE_SIGN_HASH, PSA_ALG_ECDSA(PSA_ALG_SHA_256),
		    true },
		{ PSA_KEY_TYPE_RSA_KEY_PAIR, 2048, PSA_KEY_USAGE_DECRYPT,
		    PSA_ALG_RSA_PKCS1V15_CRYPT, true },
		{ PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 384,
		    PSA_KEY_USAGE_SIGN_HASH, PSA_ALG_ECDSA(PSA_ALG_SHA_384),
		    true },
	};
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_key_info *keys = NULL;
	struct arcsec_key_attrs ka;
	struct keys_reply r;
	size_t count = 9;
	ProtobufCMessage *msg;

	(void)state;
	keys_reply_init(&r, 3, names, providers, attrs);
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_list_keys(c, &keys, &count), ARCSEC_SUCCESS);
	assert_int_equal(count, 3);
	assert_string_equal(keys[0].ki_name, "ecc");
	assert_int_equal(keys[0].ki_provider_id, 1);
	assert_int_equal(keys[0].ki_attrs.key_type, attrs[0].type);
	assert_int_equal(keys[0].ki_attrs.key_bits, 256);
	assert_int_equal(keys[0].ki_attrs.key_alg, attrs[0].alg);
	assert_string_equal(keys[1].ki_name, "rsa");
	assert_int_equal(keys[1].ki_attrs.key_usage, PSA_KEY_USAGE_DECRYPT);
	assert_int_equal(keys[2].ki_provider_id, 3);
	arcsec_key_info_free(keys);
	/* A core operation, with the caller's authentication. */
	msg = fake_request(f, WIRE_OP_LIST_KEYS, ARCSEC_PROVIDER_CORE);
	wire_body_free(msg);

	/* key_attributes picks the name in the client's provider (1), not
	 * the same name in provider 3. */
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_key_attributes(c, "ecc", &ka), ARCSEC_SUCCESS);
	assert_int_equal(ka.key_bits, 256);
	assert_int_equal(arcsec_client_set_provider(c, 3), ARCSEC_SUCCESS);
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_key_attributes(c, "ecc", &ka), ARCSEC_SUCCESS);
	assert_int_equal(ka.key_bits, 384);
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_key_attributes(c, "rsa", &ka),
	    ARCSEC_PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(ka.key_type, 0);

	/* An empty list. */
	r.res.n_keys = 0;
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_list_keys(c, &keys, &count), ARCSEC_SUCCESS);
	assert_null(keys);
	assert_int_equal(count, 0);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_list_keys_malformed(void **state)
{
	static const char *const names[] = { "k" };
	static const uint32_t ok_provider[] = { 1 }, bad_provider[] = { 256 };
	const struct psa_key_attrs attrs[] = {
		{ PSA_KEY_TYPE_RSA_KEY_PAIR, 2048, PSA_KEY_USAGE_DECRYPT,
		    PSA_ALG_RSA_PKCS1V15_CRYPT, true },
	};
	/* KeyInfo{name "k", provider_id 1, attributes {}}: a key type with
	 * no variant set. */
	static const uint8_t empty_attrs[] = {
		0x0a, 0x07, 0x08, 0x01, 0x12, 0x01, 'k', 0x1a, 0x00,
	};
	static const uint8_t not_protobuf[] = { 0x0a, 0x7f, 0x00 };
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_key_info *keys = (void *)1;
	struct keys_reply r;
	size_t count = 9;

	(void)state;
	keys_reply_init(&r, 1, names, bad_provider, attrs);
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_list_keys(c, &keys, &count),
	    ARCSEC_ERR_PROTOCOL);
	assert_null(keys);
	assert_int_equal(count, 0);
	assert_non_null(strstr(arcsec_client_last_error(c), "provider"));

	keys_reply_init(&r, 1, names, ok_provider, attrs);
	r.info[0].attributes = NULL;
	fake_reply(f, WIRE_OP_LIST_KEYS, 0, &r.res.base);
	assert_int_equal(arcsec_list_keys(c, &keys, &count),
	    ARCSEC_ERR_PROTOCOL);

	fake_reply_raw(f, WIRE_OP_LIST_KEYS, empty_attrs, sizeof(empty_attrs));
	assert_int_equal(arcsec_list_keys(c, &keys, &count),
	    ARCSEC_ERR_PROTOCOL);
	assert_null(keys);

	fake_reply_raw(f, WIRE_OP_LIST_KEYS, not_protobuf,
	    sizeof(not_protobuf));
	assert_int_equal(arcsec_list_keys(c, &keys, &count),
	    ARCSEC_ERR_PROTOCOL);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_clients(void **state)
{
	char a[] = "alice", b[] = "1000";
	char *names[] = { a, b };
	ListClients__Result res = LIST_CLIENTS__RESULT__INIT;
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	char **list = NULL;
	size_t count = 0;
	ProtobufCMessage *msg;

	(void)state;
	res.n_clients = 2;
	res.clients = names;
	fake_reply(f, WIRE_OP_LIST_CLIENTS, 0, &res.base);
	assert_int_equal(arcsec_list_clients(c, &list, &count),
	    ARCSEC_SUCCESS);
	assert_int_equal(count, 2);
	assert_string_equal(list[0], "alice");
	assert_string_equal(list[1], "1000");
	arcsec_client_names_free(list);
	wire_body_free(fake_request(f, WIRE_OP_LIST_CLIENTS,
	    ARCSEC_PROVIDER_CORE));

	fake_reply(f, WIRE_OP_LIST_CLIENTS, 21, NULL);
	assert_int_equal(arcsec_list_clients(c, &list, &count),
	    ARCSEC_ADMIN_OPERATION);
	assert_null(list);

	fake_reply(f, WIRE_OP_DELETE_CLIENT, 0, NULL);
	assert_int_equal(arcsec_delete_client(c, "alice"), ARCSEC_SUCCESS);
	msg = fake_request(f, WIRE_OP_DELETE_CLIENT, ARCSEC_PROVIDER_CORE);
	assert_string_equal(((DeleteClient__Operation *)msg)->client, "alice");
	wire_body_free(msg);
	fake_stop(f);
	arcsec_client_close(c);
}

/* --- sizes and statuses --------------------------------------------------- */

static void
test_sizes(void **state)
{
	const arcsec_key_type_t p256 = ARCSEC_KEY_TYPE_ECC_KEY_PAIR(
	    ARCSEC_ECC_FAMILY_SECP_R1);

	(void)state;
	assert_int_equal(arcsec_hash_length(ARCSEC_ALG_SHA_256), 32);
	assert_int_equal(arcsec_hash_length(ARCSEC_ALG_SHA_512), 64);
	assert_int_equal(arcsec_hash_length(ARCSEC_ALG_ECDSA_ANY), 0);
	assert_int_equal(arcsec_sign_output_size(p256, 256,
	    ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256)), 64);
	assert_int_equal(arcsec_sign_output_size(p256, 521,
	    ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_512)), 132);
	assert_int_equal(arcsec_sign_output_size(ARCSEC_KEY_TYPE_RSA_KEY_PAIR,
	    2048, ARCSEC_ALG_RSA_PKCS1V15_SIGN(ARCSEC_ALG_SHA_256)), 256);
	assert_int_equal(arcsec_sign_output_size(ARCSEC_KEY_TYPE_AES, 128,
	    ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256)), 0);
	assert_int_equal(arcsec_export_public_key_output_size(p256, 256), 65);
	assert_true(arcsec_export_public_key_output_size(
	    ARCSEC_KEY_TYPE_RSA_KEY_PAIR, 2048) >= 270);
	assert_int_equal(arcsec_export_key_output_size(p256, 256), 32);
	assert_int_equal(arcsec_asymmetric_encrypt_output_size(
	    ARCSEC_KEY_TYPE_RSA_PUBLIC_KEY, 2048,
	    ARCSEC_ALG_RSA_PKCS1V15_CRYPT), 256);
	assert_int_equal(arcsec_asymmetric_decrypt_output_size(
	    ARCSEC_KEY_TYPE_RSA_KEY_PAIR, 2048, ARCSEC_ALG_RSA_PKCS1V15_CRYPT),
	    245);
	assert_int_equal(arcsec_asymmetric_decrypt_output_size(
	    ARCSEC_KEY_TYPE_RSA_KEY_PAIR, 2048,
	    ARCSEC_ALG_RSA_OAEP(ARCSEC_ALG_SHA_256)), 256 - 66);
	assert_int_equal(arcsec_sign_output_size(ARCSEC_KEY_TYPE_RSA_KEY_PAIR,
	    8192, ARCSEC_ALG_RSA_PSS(ARCSEC_ALG_SHA_256)),
	    ARCSEC_SIGNATURE_MAX_SIZE);
	assert_string_equal(arcsec_status_name(ARCSEC_ERR_UNSUPPORTED),
	    "ClientUnsupported");
	assert_false(arcsec_status_is_service(ARCSEC_ERR_UNSUPPORTED));
	arcsec_key_attrs_ecdsa_p256(NULL);	/* a no-op, not a crash */
}

/* --- the tool: SPIFFE IDs ------------------------------------------------- */

static void
test_spiffe_ids(void **state)
{
	static const char *const good[] = {
		"spiffe://example.org",
		"spiffe://example.org/workload",
		"spiffe://example.org/ns/prod/sa/Web-01_x.y",
		"spiffe://a",
		"spiffe://trust_domain-1.example/a/b/c",
		"spiffe://example.org/...",
		"spiffe://example.org/.a",
	};
	static const struct {
		const char *id, *why;	/* why: a word of the reason */
	} bad[] = {
		{ "http://example.org/x", "spiffe://" },
		{ "SPIFFE://example.org/x", "spiffe://" },
		{ "spiffe:example.org", "spiffe://" },
		{ "spiffe://", "empty" },
		{ "spiffe:///path", "empty" },
		{ "spiffe://Example.org/x", "lowercase" },
		{ "spiffe://example.org:443/x", "port" },
		{ "spiffe://user@example.org/x", "userinfo" },
		{ "spiffe://example.org/x?y=1", "query" },
		{ "spiffe://example.org/x#frag", "fragment" },
		{ "spiffe://example.org?y", "query" },
		{ "spiffe://example.org/a%20b", "percent" },
		{ "spiffe://example.org/", "trailing" },
		{ "spiffe://example.org/a/", "trailing" },
		{ "spiffe://example.org//a", "empty" },
		{ "spiffe://example.org/./a", "\".\"" },
		{ "spiffe://example.org/a/..", "\"..\"" },
		{ "spiffe://example.org/a b", "character" },
		{ "spiffe://exa$mple.org/a", "character" },
		{ "spiffe://example.org/caf\xc3\xa9", "character" },
	};
	char big[2100];
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		if (!x509_spiffe_id_check(good[i], &why))
			fail_msg("refused %s: %s", good[i], why);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (x509_spiffe_id_check(bad[i].id, &why))
			fail_msg("accepted %s", bad[i].id);
		if (strstr(why, bad[i].why) == NULL)
			fail_msg("%s: reason \"%s\" lacks \"%s\"", bad[i].id,
			    why, bad[i].why);
	}
	/* 255-byte trust domain fits, 256 does not; 2048 bytes in all. */
	strcpy(big, "spiffe://");
	memset(big + 9, 'a', 255);
	big[9 + 255] = '\0';
	assert_true(x509_spiffe_id_check(big, &why));
	strcat(big, "a");
	assert_false(x509_spiffe_id_check(big, &why));
	strcpy(big, "spiffe://td/");
	memset(big + 12, 'x', 2048 - 12);
	big[2048] = '\0';
	assert_true(x509_spiffe_id_check(big, &why));
	strcat(big, "x");
	assert_false(x509_spiffe_id_check(big, &why));
	assert_false(x509_spiffe_id_check(NULL, &why));
}

/* --- the tool: ECDSA r||s to DER ------------------------------------------ */

/* Decode der and compare r and s with the halves of raw. */
static void
assert_der_matches(const uint8_t *der, size_t der_len, const uint8_t *raw,
    size_t raw_len)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	uint8_t back[132];
	size_t half = raw_len / 2;

	assert_non_null(sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len));
	assert_int_equal(p - der, (long)der_len);	/* nothing left over */
	ECDSA_SIG_get0(sig, &r, &s);
	assert_int_equal(BN_bn2binpad(r, back, (int)half), (int)half);
	assert_int_equal(BN_bn2binpad(s, back + half, (int)half), (int)half);
	assert_memory_equal(back, raw, raw_len);
	ECDSA_SIG_free(sig);
}

static void
test_ecdsa_der(void **state)
{
	static const uint8_t small_der[] = {
		0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f,
	};
	uint8_t raw[132], *der = NULL;
	size_t der_len = 0;

	(void)state;
	/* r = 0x80 00..00: high bit set, DER needs a leading 0x00 to stay
	 * positive; s = 00 00 01 00..00: leading zeros must be stripped. */
	memset(raw, 0, 64);
	raw[0] = 0x80;
	raw[32 + 2] = 0x01;
	assert_true(x509_ecdsa_raw_to_der(raw, 64, &der, &der_len));
	assert_int_equal(der_len, 2 + (2 + 33) + (2 + 30));
	assert_int_equal(der[0], 0x30);
	assert_int_equal(der[1], 67);
	assert_int_equal(der[2], 0x02);
	assert_int_equal(der[3], 33);
	assert_int_equal(der[4], 0x00);
	assert_int_equal(der[5], 0x80);
	assert_int_equal(der[37], 0x02);
	assert_int_equal(der[38], 30);
	assert_int_equal(der[39], 0x01);
	assert_der_matches(der, der_len, raw, 64);
	free(der);

	/* Small values: r = 1, s = 0x7f (no padding byte). */
	memset(raw, 0, 64);
	raw[31] = 0x01;
	raw[63] = 0x7f;
	assert_true(x509_ecdsa_raw_to_der(raw, 64, &der, &der_len));
	assert_int_equal(der_len, sizeof(small_der));
	assert_memory_equal(der, small_der, sizeof(small_der));
	free(der);

	/* P-521: 66-byte halves, a SEQUENCE over 127 bytes (long form). */
	for (size_t i = 0; i < 132; i++)
		raw[i] = (uint8_t)(0xa5 ^ i);
	raw[0] = 0x01;
	raw[66] = 0x01;
	assert_true(x509_ecdsa_raw_to_der(raw, 132, &der, &der_len));
	assert_int_equal(der[1], 0x81);
	assert_der_matches(der, der_len, raw, 132);
	free(der);

	assert_false(x509_ecdsa_raw_to_der(raw, 0, &der, &der_len));
	assert_false(x509_ecdsa_raw_to_der(raw, 63, &der, &der_len));
	assert_null(der);
	assert_int_equal(der_len, 0);
}

/* Many random signatures: every leading-zero and high-bit case converts
 * to DER that decodes back to the same r and s. */
static void
test_ecdsa_der_random(void **state)
{
	uint8_t raw[64], *der;
	size_t der_len;
	uint32_t x = 0x12345678;

	(void)state;
	for (int n = 0; n < 2000; n++) {
		for (size_t i = 0; i < sizeof(raw); i++) {
			x = x * 1103515245u + 12345u;
			raw[i] = (uint8_t)(x >> 16);
		}
		if (n % 3 == 0)
			raw[0] = 0;
		if (n % 5 == 0)
			raw[32] = 0, raw[33] = (uint8_t)(n & 0x80);
		assert_true(x509_ecdsa_raw_to_der(raw, sizeof(raw), &der,
		    &der_len));
		assert_der_matches(der, der_len, raw, sizeof(raw));
		free(der);
	}
}

/* --- the tool: base64 ----------------------------------------------------- */

static void
b64_round(const char *in, const char *want)
{
	uint8_t *back;
	size_t back_len;
	char *s;

	assert_true(b64_encode((const uint8_t *)in, strlen(in), &s));
	assert_string_equal(s, want);
	assert_true(cli_b64_decode(s, &back, &back_len));
	assert_int_equal(back_len, strlen(in));
	if (back_len > 0)
		assert_memory_equal(back, in, back_len);
	free(back);
	free(s);
}

static void
test_base64(void **state)
{
	static const char *const bad[] = {
		"Zg=", "Zm9v=", "Z", "Zm9vY", "Zm 9v", "Zm9v\n", "Zh==", "Zm9=",
		"====", "Zg===", "Z-8_", "=Zg=",
	};
	uint8_t *out;
	size_t len;

	(void)state;
	/* RFC 4648 §10 test vectors. */
	b64_round("", "");
	b64_round("f", "Zg==");
	b64_round("fo", "Zm8=");
	b64_round("foo", "Zm9v");
	b64_round("foob", "Zm9vYg==");
	b64_round("fooba", "Zm9vYmE=");
	b64_round("foobar", "Zm9vYmFy");
	assert_true(cli_b64_decode("Zm8", &out, &len));	/* unpadded */
	assert_int_equal(len, 2);
	free(out);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (cli_b64_decode(bad[i], &out, &len))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_null(out);
	}
}

/* --- the tool: CSR pieces ------------------------------------------------- */

static void
san_is(const char *spec, int type)
{
	GENERAL_NAME *gn;
	const char *why;
	int got;

	if (!x509_csr_san(spec, &gn, &why))
		fail_msg("refused SAN %s: %s", spec, why);
	GENERAL_NAME_get0_value(gn, &got);
	assert_int_equal(got, type);
	GENERAL_NAME_free(gn);
}

static void
test_csr_sans(void **state)
{
	static const char *const bad[] = {
		"", "dns:", "dns:-", "dns:-a.example", "dns:a-.example",
		"dns:a.example-", "dns:a..b", "dns:a.b.", "dns:caf\xc3\xa9.fr",
		"dns:a_b.example", "dns:*", "dns:a.*.example", "ftp:x",
		"uri:", "uri:no-scheme", "uri:http://a b", "uri:1http://x",
		"uri:spiffe://td/", "uri:spiffe://td:1/x", "uri:SPIFFE://td/x",
		"ip:", "ip:300.1.1.1", "ip:::g", "ip:example.org",
	};
	char long_label[80];
	GENERAL_NAME *gn;
	const char *why;

	(void)state;
	san_is("example.org", GEN_DNS);		/* parsec-tool's spelling */
	san_is("dns:a-1.example.org", GEN_DNS);
	san_is("DNS:*.example.org", GEN_DNS);
	san_is("uri:spiffe://example.org/ns/prod", GEN_URI);
	san_is("uri:https://example.org/x?y=1", GEN_URI);
	san_is("ip:192.0.2.1", GEN_IPADD);
	san_is("ip:2001:db8::1", GEN_IPADD);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (x509_csr_san(bad[i], &gn, &why))
			fail_msg("accepted SAN \"%s\"", bad[i]);
		assert_null(gn);
		assert_string_not_equal(why, "");
	}
	strcpy(long_label, "dns:");
	memset(long_label + 4, 'a', 64);
	long_label[68] = '\0';
	assert_false(x509_csr_san(long_label, &gn, &why));
	long_label[67] = '\0';
	san_is(long_label, GEN_DNS);
}

static void
test_csr_schemes(void **state)
{
	static const struct {
		struct arcsec_key_attrs	attrs;
		bool			is_ok;
		arcsec_alg_t		sign_alg;
		int			nid;
	} cases[] = {
		{ { 0x7112, 256, 0, ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256) },
		    true, ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256),
		    NID_ecdsa_with_SHA256 },
		{ { 0x7112, 256, 0, ARCSEC_ALG_ECDSA(ARCSEC_ALG_ANY_HASH) },
		    true, ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256),
		    NID_ecdsa_with_SHA256 },
		{ { 0x7112, 384, 0, ARCSEC_ALG_DETERMINISTIC_ECDSA(
		    ARCSEC_ALG_SHA_384) }, true,
		    ARCSEC_ALG_DETERMINISTIC_ECDSA(ARCSEC_ALG_SHA_384),
		    NID_ecdsa_with_SHA384 },
		{ { 0x7112, 384, 0, ARCSEC_ALG_ECDSA(ARCSEC_ALG_ANY_HASH) },
		    false, 0, 0 },
		{ { 0x7112, 384, 0, ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256) },
		    false, 0, 0 },
		{ { 0x7117, 256, 0, ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256) },
		    false, 0, 0 },		/* secp256k1 */
		{ { 0x7112, 256, 0, ARCSEC_ALG_ECDSA_ANY }, false, 0, 0 },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PKCS1V15_SIGN(
		    ARCSEC_ALG_ANY_HASH) }, true,
		    ARCSEC_ALG_RSA_PKCS1V15_SIGN(ARCSEC_ALG_SHA_256),
		    NID_sha256WithRSAEncryption },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PKCS1V15_SIGN(
		    ARCSEC_ALG_SHA_512) }, true,
		    ARCSEC_ALG_RSA_PKCS1V15_SIGN(ARCSEC_ALG_SHA_512),
		    NID_sha512WithRSAEncryption },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PKCS1V15_SIGN(
		    ARCSEC_ALG_SHA_1) }, false, 0, 0 },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PKCS1V15_SIGN_RAW }, false,
		    0, 0 },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PSS(ARCSEC_ALG_SHA_256) },
		    false, 0, 0 },
		{ { 0x7001, 2048, 0, ARCSEC_ALG_RSA_PKCS1V15_CRYPT }, false, 0,
		    0 },
	};
	struct x509_csr_scheme sc;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bool is_ok = x509_csr_scheme(&cases[i].attrs, &sc, &why);

		if (is_ok != cases[i].is_ok)
			fail_msg("case %zu: %s (%s)", i, is_ok ? "accepted" :
			    "refused", why);
		if (!is_ok)
			continue;
		assert_int_equal(sc.sc_sign_alg, cases[i].sign_alg);
		assert_int_equal(sc.sc_sig_nid, cases[i].nid);
		assert_int_equal(sc.is_ecdsa, psa_alg_is_ecdsa(
		    cases[i].sign_alg));
	}
}

static void
test_csr_names(void **state)
{
	struct x509_subject subj = { .cs_cn = "device-1", .cs_o = "Org",
	    .cs_c = "GB", .cs_serial = "SN-0001" };
	X509_NAME *name;
	const char *why;
	char buf[256];

	(void)state;
	assert_true(x509_csr_name(&subj, &name, &why));
	X509_NAME_oneline(name, buf, sizeof(buf));
	/* parsec-tool's order: CN, OU, O, L, ST, C, serialNumber. */
	assert_string_equal(buf,
	    "/CN=device-1/O=Org/C=GB/serialNumber=SN-0001");
	X509_NAME_free(name);
	subj.cs_c = "GBR";
	assert_false(x509_csr_name(&subj, &name, &why));
	assert_non_null(strstr(why, "--c "));
	subj.cs_c = NULL;
	subj.cs_cn = "";
	assert_false(x509_csr_name(&subj, &name, &why));
	assert_non_null(strstr(why, "--cn"));
}

/* A point not on P-256 is refused as OpenSSL parses it. */
static void
test_pkey_from_psa(void **state)
{
	const arcsec_key_type_t p256 = ARCSEC_KEY_TYPE_ECC_KEY_PAIR(
	    ARCSEC_ECC_FAMILY_SECP_R1);
	uint8_t point[65];
	EVP_PKEY *pk;
	const char *why;

	(void)state;
	memset(point, 0x01, sizeof(point));
	point[0] = 0x04;
	assert_false(x509_pkey_from_psa(p256, 256, point, sizeof(point), &pk,
	    &why));
	assert_null(pk);
	assert_false(x509_pkey_from_psa(p256, 255, point, sizeof(point), &pk,
	    &why));
	assert_false(x509_pkey_from_psa(ARCSEC_KEY_TYPE_RSA_KEY_PAIR, 2048,
	    point, sizeof(point), &pk, &why));
	assert_false(x509_pkey_from_psa(ARCSEC_KEY_TYPE_AES, 128, point, 16,
	    &pk, &why));
	assert_string_equal(x509_ec_group_name(ARCSEC_ECC_FAMILY_SECP_R1, 384),
	    "secp384r1");
	assert_null(x509_ec_group_name(ARCSEC_ECC_FAMILY_SECP_R1, 257));
}

/* --- the tool: options ---------------------------------------------------- */

static struct cli
cli_quiet(FILE *sink)
{
	struct cli c;

	memset(&c, 0, sizeof(c));
	c.cli_prog = "arcsec";
	c.cli_out = sink;
	c.cli_err = sink;
	return c;
}

static int
parse(const struct cli_cmd *cmd, struct cli_parsed *ps, FILE *sink, ...)
{
	char *argv[16];
	struct cli c = cli_quiet(sink);
	va_list ap;
	int argc = 0;

	va_start(ap, sink);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return cli_cmd_parse(&c, cmd, argc, argv, ps);
}

static void
test_cli_options(void **state)
{
	const struct cli_cmd *csr = cli_cmd_find("create-csr");
	const struct cli_cmd *sign = cli_cmd_find("sign");
	const struct cli_cmd *rsa = cli_cmd_find("create-rsa-key");
	FILE *sink = fopen("/dev/null", "w");
	struct cli_parsed ps;

	(void)state;
	assert_non_null(csr);
	assert_non_null(sign);
	assert_non_null(rsa);
	/* clap's multi-value --san: "--san a b" and "--san c" both count;
	 * parsec-tool's one-dash-pair spellings --cn, --c, --serialNumber. */
	assert_int_equal(parse(csr, &ps, sink, "create-csr", "--key-name",
	    "k", "--san", "a.example", "b.example", "--cn", "x", "--c", "GB",
	    "--san", "uri:spiffe://td/w", "--serialNumber", "7", NULL), -1);
	assert_string_equal(ps.ps_value[0], "k");
	assert_string_equal(ps.ps_value[1], "x");
	assert_string_equal(ps.ps_value[6], "GB");
	assert_string_equal(ps.ps_value[7], "7");
	assert_int_equal(ps.ps_multi_count[8], 3);
	assert_string_equal(ps.ps_multi[8][0], "a.example");
	assert_string_equal(ps.ps_multi[8][1], "b.example");
	assert_string_equal(ps.ps_multi[8][2], "uri:spiffe://td/w");
	assert_int_equal(ps.ps_nargs, 0);
	cli_parsed_free(&ps);
	/* A stray value after a single-valued option is no SAN. */
	assert_int_equal(parse(csr, &ps, sink, "create-csr", "-k", "k",
	    "--cn", "x", "y", NULL), CLI_EXIT_USAGE);
	cli_parsed_free(&ps);
	/* Required --key-name. */
	assert_int_equal(parse(csr, &ps, sink, "create-csr", "--cn", "x",
	    NULL), CLI_EXIT_USAGE);
	cli_parsed_free(&ps);

	/* sign: one positional, options before or after it, "--" lets it
	 * start with a dash. */
	assert_int_equal(parse(sign, &ps, sink, "sign", "hello", "-k", "k",
	    NULL), -1);
	assert_string_equal(ps.ps_args[0], "hello");
	cli_parsed_free(&ps);
	assert_int_equal(parse(sign, &ps, sink, "sign", "-k", "k", "--",
	    "-x", NULL), -1);
	assert_string_equal(ps.ps_args[0], "-x");
	cli_parsed_free(&ps);
	assert_int_equal(parse(sign, &ps, sink, "sign", "-k", "k", NULL),
	    CLI_EXIT_USAGE);
	cli_parsed_free(&ps);
	assert_int_equal(parse(sign, &ps, sink, "sign", "-k", "k", "a", "b",
	    NULL), CLI_EXIT_USAGE);
	cli_parsed_free(&ps);
	assert_int_equal(parse(sign, &ps, sink, "sign", "-k", "k", "-k", "j",
	    "a", NULL), CLI_EXIT_USAGE);		/* given twice */
	cli_parsed_free(&ps);

	/* create-rsa-key's flags. */
	assert_int_equal(parse(rsa, &ps, sink, "create-rsa-key", "-k", "r",
	    "-s", "-b", "3072", NULL), -1);
	assert_non_null(ps.ps_value[1]);
	assert_string_equal(ps.ps_value[2], "3072");
	assert_null(ps.ps_value[3]);
	cli_parsed_free(&ps);
	assert_int_equal(parse(rsa, &ps, sink, "create-rsa-key", "-k", "r",
	    "--bits", NULL), CLI_EXIT_USAGE);
	cli_parsed_free(&ps);
	fclose(sink);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_key_request),
		cmocka_unit_test(test_import_destroy_request),
		cmocka_unit_test(test_export_results),
		cmocka_unit_test(test_sign_verify_requests),
		cmocka_unit_test(test_asymmetric_requests),
		cmocka_unit_test(test_random_and_hash),
		cmocka_unit_test(test_refused_before_sending),
		cmocka_unit_test(test_list_keys),
		cmocka_unit_test(test_list_keys_malformed),
		cmocka_unit_test(test_clients),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_spiffe_ids),
		cmocka_unit_test(test_ecdsa_der),
		cmocka_unit_test(test_ecdsa_der_random),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_csr_sans),
		cmocka_unit_test(test_csr_schemes),
		cmocka_unit_test(test_csr_names),
		cmocka_unit_test(test_pkey_from_psa),
		cmocka_unit_test(test_cli_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
