/* providers/pkcs11/session.c: the pool of logged-in read/write sessions.
 * PKCS#11 sessions carry one operation at a time (v2.40 §5.6), so a
 * worker takes a session for the whole of an operation and no two
 * workers ever share one. The anchor session is never handed out: it
 * keeps the token's login alive while the others come and go. A lost
 * token or login (p11_rv_is_lost) makes the next caller recover: every
 * session is dropped, the token is found again and logged in again. */
#include "providers/pkcs11/p11_int.h"

#include "common/log.h"

/* The pool lock is held: open the anchor and log in. */
static psa_status_t
p11_pool_login_locked(struct prov *p)
{
	struct p11_pool *pp = &p->p_pool;
	CK_RV rv;

	rv = p->p_fn->C_OpenSession(p->p_slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &pp->pp_anchor);
	if (rv != CKR_OK) {
		log_warnx("pkcs11: token %s: cannot open a session: %s",
		    p->p_serial, p11_rv_name(rv));
		return p11_rv_status("C_OpenSession", rv);
	}
	pp->pp_has_anchor = true;
	if (!p->p_has_pin)
		return PSA_SUCCESS;
	rv = p->p_fn->C_Login(pp->pp_anchor, CKU_USER, p->p_pin,
	    (CK_ULONG)p->p_pin_len);
	if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
		return PSA_SUCCESS;
	/* Never the PIN itself: only why it was refused. */
	log_warnx("pkcs11: token %s: login refused: %s%s", p->p_serial,
	    p11_rv_name(rv), rv == CKR_PIN_INCORRECT ?
	    " (user_pin is wrong)" : rv == CKR_PIN_LOCKED ?
	    " (the user PIN is locked)" : "");
	(void)p->p_fn->C_CloseSession(pp->pp_anchor);
	pp->pp_has_anchor = false;
	return p11_rv_status("C_Login", rv);
}

psa_status_t
p11_pool_start(struct prov *p)
{
	struct p11_pool *pp = &p->p_pool;
	psa_status_t status;

	pp->pp_cap = P11_SESSIONS_MAX;
	if (pthread_mutex_init(&pp->pp_mutex, NULL) != 0)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	if (pthread_cond_init(&pp->pp_cond, NULL) != 0) {
		pthread_mutex_destroy(&pp->pp_mutex);
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	if ((status = p11_pool_login_locked(p)) != PSA_SUCCESS) {
		pthread_cond_destroy(&pp->pp_cond);
		pthread_mutex_destroy(&pp->pp_mutex);
		pp->pp_cap = 0;		/* not started: close skips the pool */
	}
	return status;
}

void
p11_pool_stop(struct prov *p)
{
	struct p11_pool *pp = &p->p_pool;

	for (size_t i = 0; i < pp->pp_free_count; i++)
		(void)p->p_fn->C_CloseSession(pp->pp_free[i]);
	pp->pp_free_count = 0;
	if (pp->pp_has_anchor) {
		if (p->p_has_pin)
			(void)p->p_fn->C_Logout(pp->pp_anchor);
		(void)p->p_fn->C_CloseSession(pp->pp_anchor);
		pp->pp_has_anchor = false;
	}
	pthread_cond_destroy(&pp->pp_cond);
	pthread_mutex_destroy(&pp->pp_mutex);
}

/* The pool lock is held: drop every pooled session and start again. */
static psa_status_t
p11_pool_recover_locked(struct prov *p)
{
	struct p11_pool *pp = &p->p_pool;
	psa_status_t status;

	/* Handles are valid while the token is present (v2.40 §2.3); after
	 * a removal, or once every session is closed (SoftHSM2 then drops
	 * all of the slot's handles and issues new ones), a cached one may
	 * name nothing or another object. Flushed on every attempt, so a
	 * failed one leaves nothing a find cached meanwhile. */
	p11_handles_flush(p);
	for (size_t i = 0; i < pp->pp_free_count; i++)
		(void)p->p_fn->C_CloseSession(pp->pp_free[i]);
	pp->pp_open_count -= pp->pp_free_count;
	pp->pp_free_count = 0;
	if (pp->pp_has_anchor)
		(void)p->p_fn->C_CloseSession(pp->pp_anchor);
	pp->pp_has_anchor = false;
	pp->pp_generation++;
	if ((status = p11_pool_login_locked(p)) != PSA_SUCCESS) {
		log_warnx("pkcs11: token %s still unavailable: %s",
		    p->p_serial, psa_status_name(status));
		return PSA_ERROR_COMMUNICATION_FAILURE;
	}
	pp->pp_is_lost = false;
	log_info("pkcs11: token %s is back; sessions reopened%s",
	    p->p_serial, p->p_has_pin ? " and logged in" : "");
	return PSA_SUCCESS;
}

psa_status_t
p11_session_get(struct prov *p, struct p11_session *s)
{
	struct p11_pool *pp = &p->p_pool;
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	CK_RV rv;

	s->ps_handle = CK_INVALID_HANDLE;
	pthread_mutex_lock(&pp->pp_mutex);
	for (;;) {
		if (pp->pp_is_lost &&
		    (status = p11_pool_recover_locked(p)) != PSA_SUCCESS)
			goto out;
		if (pp->pp_free_count > 0) {
			s->ps_handle = pp->pp_free[--pp->pp_free_count];
			s->ps_generation = pp->pp_generation;
			status = PSA_SUCCESS;
			goto out;
		}
		if (pp->pp_open_count < pp->pp_cap)
			break;
		pthread_cond_wait(&pp->pp_cond, &pp->pp_mutex);
	}
	pp->pp_open_count++;
	s->ps_generation = pp->pp_generation;
	pthread_mutex_unlock(&pp->pp_mutex);
	rv = p->p_fn->C_OpenSession(p->p_slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &s->ps_handle);
	if (rv == CKR_OK)
		return PSA_SUCCESS;
	status = p11_rv_status("C_OpenSession", rv);
	pthread_mutex_lock(&pp->pp_mutex);
	pp->pp_open_count--;
	if (p11_rv_is_lost(rv) && s->ps_generation == pp->pp_generation)
		pp->pp_is_lost = true;
	pthread_cond_signal(&pp->pp_cond);
	s->ps_handle = CK_INVALID_HANDLE;
out:
	pthread_mutex_unlock(&pp->pp_mutex);
	return status;
}

void
p11_session_put(struct prov *p, struct p11_session *s, CK_RV rv)
{
	struct p11_pool *pp = &p->p_pool;
	bool is_closing = false;

	if (s->ps_handle == CK_INVALID_HANDLE)
		return;
	pthread_mutex_lock(&pp->pp_mutex);
	if (rv != CKR_OK || s->ps_generation != pp->pp_generation ||
	    pp->pp_free_count == P11_NELEM(pp->pp_free)) {
		is_closing = true;
		pp->pp_open_count--;
		if (p11_rv_is_lost(rv) &&
		    s->ps_generation == pp->pp_generation && !pp->pp_is_lost) {
			log_warnx("pkcs11: token %s lost (%s); recovering on "
			    "the next request", p->p_serial, p11_rv_name(rv));
			pp->pp_is_lost = true;
		}
	} else
		pp->pp_free[pp->pp_free_count++] = s->ps_handle;
	pthread_cond_signal(&pp->pp_cond);
	pthread_mutex_unlock(&pp->pp_mutex);
	/* A failed call may leave an operation active on the session;
	 * closing it is the one way to be sure the next user starts
	 * clean (v2.40 §5.2: only some errors end an operation). */
	if (is_closing)
		(void)p->p_fn->C_CloseSession(s->ps_handle);
	s->ps_handle = CK_INVALID_HANDLE;
}
