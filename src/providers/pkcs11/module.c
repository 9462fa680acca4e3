/* providers/pkcs11/module.c: load the configured PKCS#11 module, pick the
 * token and decode the user PIN. A module is foreign code run inside the
 * service: it is loaded only from the canonical path the config names
 * (STYLE.md §7), and the path actually loaded is checked and logged. */
#include "providers/pkcs11/p11_int.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/hex.h"
#include "common/log.h"

static psa_status_t
p11_module_verify(void *dl, const char *want)
{
	void *sym = dlsym(dl, "C_GetFunctionList");
	char got[PATH_MAX];
	Dl_info info;

	if (sym == NULL) {
		log_warnx("pkcs11: %s has no C_GetFunctionList", want);
		return PSA_ERROR_NOT_SUPPORTED;
	}
	/* The symbol must come from the file we asked for, not from some
	 * other object the loader preferred. */
	if (dladdr(sym, &info) == 0 || info.dli_fname == NULL ||
	    realpath(info.dli_fname, got) == NULL || strcmp(got, want) != 0) {
		log_warnx("pkcs11: C_GetFunctionList of %s does not come "
		    "from that file", want);
		return PSA_ERROR_NOT_PERMITTED;
	}
	return PSA_SUCCESS;
}


psa_status_t
p11_module_load(struct prov *p, const char *path)
{
	CK_C_INITIALIZE_ARGS init = { .flags = CKF_OS_LOCKING_OK };
	CK_C_GetFunctionList get;
	char real[PATH_MAX];
	psa_status_t status;
	CK_RV rv;

	if (path == NULL || path[0] == '\0') {
		log_warnx("pkcs11: library_path is not set");
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (realpath(path, real) == NULL) {
		log_warnx("pkcs11: library_path %s: %s", path,
		    strerror(errno));
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	if ((p->p_dl = dlopen(real, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("pkcs11: cannot load %s: %s", real, dlerror());
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	if ((status = p11_module_verify(p->p_dl, real)) != PSA_SUCCESS)
		return status;
	*(void **)&get = dlsym(p->p_dl, "C_GetFunctionList");
	if ((rv = get(&p->p_fn)) != CKR_OK || p->p_fn == NULL) {
		log_warnx("pkcs11: %s: C_GetFunctionList: %s", real,
		    p11_rv_name(rv));
		p->p_fn = NULL;
		return PSA_ERROR_HARDWARE_FAILURE;
	}
	/* Several workers call the module at once; the module must lock
	 * for itself with the OS's primitives (v2.40 §5.4). */
	rv = p->p_fn->C_Initialize(&init);
	if (rv != CKR_OK) {
		log_warnx("pkcs11: %s: C_Initialize: %s", real,
		    p11_rv_name(rv));
		p->p_fn = NULL;		/* nothing to finalize */
		return p11_rv_status("C_Initialize", rv);
	}
	log_info("pkcs11: loaded module %s (Cryptoki %u.%u)", real,
	    p->p_fn->version.major, p->p_fn->version.minor);
	return PSA_SUCCESS;
}

/* A blank-padded CK_UTF8CHAR field as a C string. */
static void
p11_trim(const CK_UTF8CHAR *in, size_t in_len, char *out, size_t out_size)
{
	size_t n = in_len < out_size - 1 ? in_len : out_size - 1;

	memcpy(out, in, n);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
}


static void
p11_token_none(const struct prov_config *cfg)
{
	if (cfg->p11_serial_number != NULL)
		log_warnx("pkcs11: no token with serial_number \"%s\"",
		    cfg->p11_serial_number);
	else if (cfg->p11_has_slot_number)
		log_warnx("pkcs11: no token in slot_number %llu",
		    (unsigned long long)cfg->p11_slot_number);
	else
		log_warnx("pkcs11: no initialised token found");
}

psa_status_t
p11_token_select(struct prov *p, const struct prov_config *cfg)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	CK_SLOT_ID *slots = NULL;
	CK_ULONG count = 0;
	CK_TOKEN_INFO ti;
	char serial[sizeof(ti.serialNumber) + 1], label[33];
	size_t found = 0;
	CK_RV rv;

	if ((rv = p->p_fn->C_GetSlotList(CK_TRUE, NULL, &count)) != CKR_OK) {
		log_warnx("pkcs11: C_GetSlotList: %s", p11_rv_name(rv));
		status = p11_rv_status("C_GetSlotList", rv);
		goto out;
	}
	if (count > 0 && (slots = calloc(count, sizeof(*slots))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (count > 0 &&
	    (rv = p->p_fn->C_GetSlotList(CK_TRUE, slots, &count)) != CKR_OK) {
		status = p11_rv_status("C_GetSlotList", rv);
		goto out;
	}
	for (CK_ULONG i = 0; i < count; i++) {
		bool is_match;

		if (p->p_fn->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		p11_trim(ti.serialNumber, sizeof(ti.serialNumber), serial,
		    sizeof(serial));
		if (cfg->p11_serial_number != NULL)
			is_match = strcmp(serial, cfg->p11_serial_number) == 0;
		else if (cfg->p11_has_slot_number)
			is_match = slots[i] == cfg->p11_slot_number;
		else	/* automatic: initialised tokens only */
			is_match = (ti.flags & CKF_TOKEN_INITIALIZED) != 0;
		if (!is_match)
			continue;
		if (found++ == 0) {
			p->p_slot = slots[i];
			memcpy(p->p_serial, serial, sizeof(p->p_serial) - 1);
			p11_trim(ti.label, sizeof(ti.label), label,
			    sizeof(label));
			if (!(ti.flags & CKF_TOKEN_INITIALIZED)) {
				log_warnx("pkcs11: the token in slot %lu is "
				    "not initialised", (unsigned long)slots[i]);
				status = PSA_ERROR_BAD_STATE;
				goto out;
			}
		}
	}
	if (found == 0) {
		p11_token_none(cfg);
		status = PSA_ERROR_DOES_NOT_EXIST;
		goto out;
	}
	if (found > 1) {
		log_warnx("pkcs11: %zu initialised tokens; choose one with "
		    "serial_number or slot_number", found);
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	log_info("pkcs11: token \"%s\" serial %s in slot %lu", label,
	    p->p_serial, (unsigned long)p->p_slot);
	status = PSA_SUCCESS;
out:
	free(slots);
	return status;
}

/* Decode user_pin ("str:" or no prefix: text; "hex:": bytes, as
 * docs/config.md says) into an mlock'ed page kept out of core dumps: it
 * is needed again only to log back in after the token returns. */
psa_status_t
p11_pin_set(struct prov *p, const char *pin)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len, pin_len = 0;
	uint8_t *buf;

	if (pin == NULL)
		return PSA_SUCCESS;
	/* The text after Parsec's "hex:"/"str:" prefix must fit the page. */
	len = strlen(strncmp(pin, "hex:", 4) == 0 ||
	    strncmp(pin, "str:", 4) == 0 ? pin + 4 : pin);
	if (page <= 0 || len >= (size_t)page)
		return PSA_ERROR_INVALID_ARGUMENT;
	buf = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	(void)mlock(buf, (size_t)page);		/* best effort: RLIMIT */
	(void)madvise(buf, (size_t)page, MADV_DONTDUMP);
	if (!hex_secret_decode(pin, buf, (size_t)page, &pin_len)) {
		explicit_bzero(buf, (size_t)page);
		munmap(buf, (size_t)page);
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	p->p_pin = buf;
	p->p_pin_len = pin_len;
	p->p_pin_page_size = (size_t)page;
	p->p_has_pin = true;
	return PSA_SUCCESS;
}


void
p11_pin_wipe(struct prov *p)
{
	if (p->p_pin == NULL)
		return;
	explicit_bzero(p->p_pin, p->p_pin_page_size);
	munlock(p->p_pin, p->p_pin_page_size);
	munmap(p->p_pin, p->p_pin_page_size);
	p->p_pin = NULL;
	p->p_pin_len = 0;
	p->p_has_pin = false;
}
