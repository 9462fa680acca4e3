/* fuzz/fuzz_spiffe.c: the identity layer's SPIFFE ID check on arbitrary text, against
 * a second, deliberately plain reading of the SPIFFE-ID spec §2: both must
 * agree on every input, and a refusal always names its reason. */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "identity/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
in_set(char ch, const char *set)
{
	return ch != '\0' && strchr(set, ch) != NULL;
}

#define LOWER_DIGITS	"abcdefghijklmnopqrstuvwxyz0123456789"
#define UPPER		"ABCDEFGHIJKLMNOPQRSTUVWXYZ"

static bool
reference_check(const char *id)
{
	const char *p, *seg;
	size_t td_len = 0, seg_len;

	if (strlen(id) > 2048 || strncmp(id, "spiffe://", 9) != 0)
		return false;
	for (p = id + 9; *p != '\0' && *p != '/'; p++, td_len++)
		if (!in_set(*p, LOWER_DIGITS "._-"))
			return false;
	if (td_len == 0 || td_len > 255)
		return false;
	while (*p == '/') {
		seg = ++p;
		while (*p != '\0' && *p != '/') {
			if (!in_set(*p, LOWER_DIGITS UPPER "._-"))
				return false;
			p++;
		}
		seg_len = (size_t)(p - seg);
		if (seg_len == 0 || (seg_len == 1 && seg[0] == '.') ||
		    (seg_len == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
	}
	return *p == '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	char *id;
	bool ok;

	if ((id = malloc(size + 1)) == NULL)
		return 0;
	memcpy(id, data, size);
	id[size] = '\0';
	ok = x509_spiffe_id_check(id, &why);
	assert(ok == reference_check(id));
	assert(ok || (why != NULL && why[0] != '\0'));
	free(id);
	return 0;
}
