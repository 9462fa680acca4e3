/* tests/integration/p11_shim.c: a PKCS#11 module for tests that forwards
 * to SoftHSM2 and can pretend its token was pulled out. SoftHSM2 has no
 * removable token: moving its token directory away only makes objects
 * vanish (found nothing, CKR_OK), and it never notices the directory
 * coming back without C_Finalize. While the file named by
 * $ARCSEC_P11_SHIM_FLAG exists, the calls an arcsec operation starts
 * with fail as a removed device does (CKR_DEVICE_REMOVED): opening a
 * session, logging in, finding objects and, since arcsec caches object
 * handles and may skip the find, every call that takes a key's handle;
 * when the file goes, every session is closed, as reinserting a token
 * does, so old session handles are invalid and the login is gone. Test
 * code only. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define SHIM_REAL_DEFAULT	"/usr/lib/softhsm/libsofthsm2.so"

static pthread_mutex_t shim_mutex = PTHREAD_MUTEX_INITIALIZER;
static CK_FUNCTION_LIST_PTR shim_real;
static CK_FUNCTION_LIST shim_list;
static bool shim_was_removed;

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out);

/* Whether the token is out; on reinsertion, drop every session. */
static bool
shim_removed(void)
{
	const char *flag = getenv("ARCSEC_P11_SHIM_FLAG");
	bool is_removed = flag != NULL && access(flag, F_OK) == 0;
	CK_SLOT_ID slots[16];
	CK_ULONG count = 16;

	pthread_mutex_lock(&shim_mutex);
	if (!is_removed && shim_was_removed &&
	    shim_real->C_GetSlotList(CK_TRUE, slots, &count) == CKR_OK)
		for (CK_ULONG i = 0; i < count; i++)
			(void)shim_real->C_CloseAllSessions(slots[i]);
	shim_was_removed = is_removed;
	pthread_mutex_unlock(&shim_mutex);
	return is_removed;
}

static CK_RV
shim_open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app,
    CK_NOTIFY notify, CK_SESSION_HANDLE_PTR sh)
{
	if (shim_removed())
		return CKR_TOKEN_NOT_PRESENT;
	return shim_real->C_OpenSession(slot, flags, app, notify, sh);
}

static CK_RV
shim_login(CK_SESSION_HANDLE sh, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin,
    CK_ULONG pin_len)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_Login(sh, user, pin, pin_len);
}

static CK_RV
shim_find_init(CK_SESSION_HANDLE sh, CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_FindObjectsInit(sh, t, n);
}

static CK_RV
shim_random(CK_SESSION_HANDLE sh, CK_BYTE_PTR out, CK_ULONG len)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_GenerateRandom(sh, out, len);
}

static CK_RV
shim_sign_init(CK_SESSION_HANDLE sh, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_SignInit(sh, m, k);
}

static CK_RV
shim_verify_init(CK_SESSION_HANDLE sh, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_VerifyInit(sh, m, k);
}

static CK_RV
shim_encrypt_init(CK_SESSION_HANDLE sh, CK_MECHANISM_PTR m,
    CK_OBJECT_HANDLE k)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_EncryptInit(sh, m, k);
}

static CK_RV
shim_decrypt_init(CK_SESSION_HANDLE sh, CK_MECHANISM_PTR m,
    CK_OBJECT_HANDLE k)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_DecryptInit(sh, m, k);
}

static CK_RV
shim_derive(CK_SESSION_HANDLE sh, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k,
    CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR out)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_DeriveKey(sh, m, k, t, n, out);
}

static CK_RV
shim_get_attr(CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t,
    CK_ULONG n)
{
	if (shim_removed())
		return CKR_DEVICE_REMOVED;
	return shim_real->C_GetAttributeValue(sh, o, t, n);
}

CK_RV
C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out)
{
	const char *path = getenv("ARCSEC_P11_SHIM_REAL");
	CK_C_GetFunctionList get;
	void *dl;
	CK_RV rv;

	if (shim_real == NULL) {
		dl = dlopen(path != NULL ? path : SHIM_REAL_DEFAULT,
		    RTLD_NOW | RTLD_LOCAL);
		if (dl == NULL)
			return CKR_GENERAL_ERROR;
		*(void **)&get = dlsym(dl, "C_GetFunctionList");
		if (get == NULL || (rv = get(&shim_real)) != CKR_OK)
			return CKR_GENERAL_ERROR;
		shim_list = *shim_real;
		shim_list.C_GetFunctionList = C_GetFunctionList;
		shim_list.C_OpenSession = shim_open_session;
		shim_list.C_Login = shim_login;
		shim_list.C_FindObjectsInit = shim_find_init;
		shim_list.C_GenerateRandom = shim_random;
		shim_list.C_SignInit = shim_sign_init;
		shim_list.C_VerifyInit = shim_verify_init;
		shim_list.C_EncryptInit = shim_encrypt_init;
		shim_list.C_DecryptInit = shim_decrypt_init;
		shim_list.C_DeriveKey = shim_derive;
		shim_list.C_GetAttributeValue = shim_get_attr;
	}
	*out = &shim_list;
	return CKR_OK;
}
