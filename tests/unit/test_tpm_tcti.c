/* tests/unit/test_tpm_tcti.c: the TCTI wrapper (src/providers/tpm/tcti.c)
 * over a fake TCTI: calls pass through, a timed-out bounded receive
 * becomes TSS2_TCTI_RC_IO_ERROR (so ESYS stops retrying), a blocking one
 * and every other code pass unchanged, and a foreign context is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "providers/tpm/tpm_int.h"

struct fake_tcti {
	TSS2_TCTI_CONTEXT_COMMON_V2	common;
	TSS2_RC				receive_rc;
	bool				is_sync_only;	/* BAD_VALUE unless
							 * blocking */
	int32_t				last_timeout;
	size_t				transmitted;
	int				cancels;
};

static TSS2_RC
fake_transmit(TSS2_TCTI_CONTEXT *ctx, size_t size, const uint8_t *cmd)
{
	struct fake_tcti *f = (struct fake_tcti *)(void *)ctx;

	(void)cmd;
	f->transmitted += size;
	return TSS2_RC_SUCCESS;
}

static TSS2_RC
fake_receive(TSS2_TCTI_CONTEXT *ctx, size_t *size, uint8_t *response,
    int32_t timeout)
{
	struct fake_tcti *f = (struct fake_tcti *)(void *)ctx;

	(void)response;
	f->last_timeout = timeout;
	if (f->is_sync_only && timeout != TSS2_TCTI_TIMEOUT_BLOCK)
		return TSS2_TCTI_RC_BAD_VALUE;
	*size = 10;
	return f->receive_rc;
}

static TSS2_RC
fake_cancel(TSS2_TCTI_CONTEXT *ctx)
{
	((struct fake_tcti *)(void *)ctx)->cancels++;
	return TSS2_RC_SUCCESS;
}

static void
fake_init(struct fake_tcti *f)
{
	memset(f, 0, sizeof(*f));
	f->common.v1.magic = 0x1234;
	f->common.v1.version = 2;
	f->common.v1.transmit = fake_transmit;
	f->common.v1.receive = fake_receive;
	f->common.v1.cancel = fake_cancel;
}

static void
test_pass_through(void **state)
{
	struct fake_tcti f;
	struct tpm_tcti w;
	TSS2_TCTI_CONTEXT *t;
	uint8_t buf[16];
	size_t size = sizeof(buf);

	(void)state;
	fake_init(&f);
	t = tpm_tcti_wrap(&w, (TSS2_TCTI_CONTEXT *)(void *)&f);
	assert_int_equal(Tss2_Tcti_Transmit(t, 12, buf), TSS2_RC_SUCCESS);
	assert_int_equal(f.transmitted, 12);
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf, 5000),
	    TSS2_RC_SUCCESS);
	assert_int_equal(f.last_timeout, 5000);
	assert_int_equal(size, 10);
	assert_int_equal(Tss2_Tcti_Cancel(t), TSS2_RC_SUCCESS);
	assert_int_equal(f.cancels, 1);
	/* What the fake does not implement says so. */
	assert_int_equal(Tss2_Tcti_SetLocality(t, 0),
	    TSS2_TCTI_RC_NOT_IMPLEMENTED);
	Tss2_Tcti_Finalize(t);		/* must not touch the inner TCTI */
	assert_int_equal(f.cancels, 1);
}

static void
test_timeout_ends_the_wait(void **state)
{
	struct fake_tcti f;
	struct tpm_tcti w;
	TSS2_TCTI_CONTEXT *t;
	uint8_t buf[16];
	size_t size = sizeof(buf);

	(void)state;
	fake_init(&f);
	t = tpm_tcti_wrap(&w, (TSS2_TCTI_CONTEXT *)(void *)&f);
	f.receive_rc = TSS2_TCTI_RC_TRY_AGAIN;
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf, 1500),
	    TSS2_TCTI_RC_IO_ERROR);
	assert_true(tpm_rc_is_comm(TSS2_TCTI_RC_IO_ERROR));
	/* A blocking receive asked to be called again: pass that on. */
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf,
	    TSS2_TCTI_TIMEOUT_BLOCK), TSS2_TCTI_RC_TRY_AGAIN);
	/* Other failures unchanged. */
	f.receive_rc = TSS2_TCTI_RC_INSUFFICIENT_BUFFER;
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf, 1500),
	    TSS2_TCTI_RC_INSUFFICIENT_BUFFER);
}

static void
test_sync_only_tcti(void **state)
{
	struct fake_tcti f;
	struct tpm_tcti w;
	TSS2_TCTI_CONTEXT *t;
	uint8_t buf[16];
	size_t size = sizeof(buf);

	(void)state;
	fake_init(&f);
	f.is_sync_only = true;
	t = tpm_tcti_wrap(&w, (TSS2_TCTI_CONTEXT *)(void *)&f);
	/* Refused with a timeout: asked again, blocking, and it works. */
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf, 1500),
	    TSS2_RC_SUCCESS);
	assert_int_equal(f.last_timeout, TSS2_TCTI_TIMEOUT_BLOCK);
	assert_int_equal(size, 10);
}

static void
test_foreign_context(void **state)
{
	struct fake_tcti f;
	struct tpm_tcti w;
	TSS2_TCTI_CONTEXT *t;
	uint8_t buf[4];
	size_t size = sizeof(buf);

	(void)state;
	fake_init(&f);
	t = tpm_tcti_wrap(&w, (TSS2_TCTI_CONTEXT *)(void *)&f);
	w.tt_common.v1.magic ^= 1;	/* not ours any more */
	assert_int_equal(Tss2_Tcti_Transmit(t, 1, buf),
	    TSS2_TCTI_RC_BAD_CONTEXT);
	assert_int_equal(Tss2_Tcti_Receive(t, &size, buf, 10),
	    TSS2_TCTI_RC_BAD_CONTEXT);
	assert_int_equal(f.transmitted, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_through),
		cmocka_unit_test(test_timeout_ends_the_wait),
		cmocka_unit_test(test_sync_only_tcti),
		cmocka_unit_test(test_foreign_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
