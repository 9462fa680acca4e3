/* providers/tpm/tcti.c: a TCTI that wraps the configured one so a TPM that
 * stops answering ends a command instead of blocking it forever. ESYS's
 * synchronous calls treat a timed-out receive (TSS2_BASE_RC_TRY_AGAIN) as
 * "call again" and loop; this layer turns a timed-out wait into
 * TSS2_TCTI_RC_IO_ERROR, which the provider handles like a TPM that went
 * away (drop the context, reconnect later). Everything else is passed
 * through. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#define TPM_TCTI_MAGIC	0x6172637365637463ull	/* "arcsectc" */

static struct tpm_tcti *
tpm_tcti_of(TSS2_TCTI_CONTEXT *ctx)
{
	struct tpm_tcti *t = (struct tpm_tcti *)(void *)ctx;

	/* Like every TCTI, check the magic before trusting the context. */
	if (t == NULL || t->tt_common.v1.magic != TPM_TCTI_MAGIC ||
	    t->tt_inner == NULL)
		return NULL;
	return t;
}

static TSS2_RC
tpm_tcti_transmit(TSS2_TCTI_CONTEXT *ctx, size_t size, const uint8_t *cmd)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);

	if (t == NULL)
		return TSS2_TCTI_RC_BAD_CONTEXT;
	return Tss2_Tcti_Transmit(t->tt_inner, size, cmd);
}

static TSS2_RC
tpm_tcti_receive(TSS2_TCTI_CONTEXT *ctx, size_t *size, uint8_t *response,
    int32_t timeout)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);
	TSS2_RC rc;

	if (t == NULL)
		return TSS2_TCTI_RC_BAD_CONTEXT;
	rc = Tss2_Tcti_Receive(t->tt_inner, size, response, timeout);
	/* A TCTI built without asynchronous I/O (tpm2-tss's device TCTI
	 * without TCTI_ASYNC) refuses any timeout but "block" before it
	 * reads anything: then it blocks, unbounded, rather than fail. */
	if ((rc & 0xFFFFu) == TSS2_BASE_RC_BAD_VALUE &&
	    timeout != TSS2_TCTI_TIMEOUT_BLOCK)
		rc = Tss2_Tcti_Receive(t->tt_inner, size, response,
		    TSS2_TCTI_TIMEOUT_BLOCK);
	/* A bounded wait ran out: no answer in `timeout` ms. */
	if ((rc & 0xFFFFu) == TSS2_BASE_RC_TRY_AGAIN &&
	    timeout != TSS2_TCTI_TIMEOUT_BLOCK)
		return TSS2_TCTI_RC_IO_ERROR;
	return rc;
}

static void
tpm_tcti_finalize(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx;	/* the inner TCTI belongs to tpm.c (TctiLdr) */
}

static TSS2_RC
tpm_tcti_cancel(TSS2_TCTI_CONTEXT *ctx)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);

	return t == NULL ? TSS2_TCTI_RC_BAD_CONTEXT :
	    Tss2_Tcti_Cancel(t->tt_inner);
}

static TSS2_RC
tpm_tcti_poll_handles(TSS2_TCTI_CONTEXT *ctx, TSS2_TCTI_POLL_HANDLE *h,
    size_t *n)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);

	return t == NULL ? TSS2_TCTI_RC_BAD_CONTEXT :
	    Tss2_Tcti_GetPollHandles(t->tt_inner, h, n);
}

static TSS2_RC
tpm_tcti_set_locality(TSS2_TCTI_CONTEXT *ctx, uint8_t locality)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);

	return t == NULL ? TSS2_TCTI_RC_BAD_CONTEXT :
	    Tss2_Tcti_SetLocality(t->tt_inner, locality);
}

static TSS2_RC
tpm_tcti_make_sticky(TSS2_TCTI_CONTEXT *ctx, TPM2_HANDLE *handle,
    uint8_t sticky)
{
	struct tpm_tcti *t = tpm_tcti_of(ctx);

	return t == NULL ? TSS2_TCTI_RC_BAD_CONTEXT :
	    Tss2_Tcti_MakeSticky(t->tt_inner, handle, sticky);
}

TSS2_TCTI_CONTEXT *
tpm_tcti_wrap(struct tpm_tcti *t, TSS2_TCTI_CONTEXT *inner)
{
	memset(t, 0, sizeof(*t));
	t->tt_common.v1.magic = TPM_TCTI_MAGIC;
	t->tt_common.v1.version = 2;
	t->tt_common.v1.transmit = tpm_tcti_transmit;
	t->tt_common.v1.receive = tpm_tcti_receive;
	t->tt_common.v1.finalize = tpm_tcti_finalize;
	t->tt_common.v1.cancel = tpm_tcti_cancel;
	t->tt_common.v1.getPollHandles = tpm_tcti_poll_handles;
	t->tt_common.v1.setLocality = tpm_tcti_set_locality;
	t->tt_common.makeSticky = tpm_tcti_make_sticky;
	t->tt_inner = inner;
	return (TSS2_TCTI_CONTEXT *)(void *)t;
}
