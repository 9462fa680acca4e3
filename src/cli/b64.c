/* cli/b64.c: base64 text read from the command line into a buffer of its
 * own (common/b64.c does the decoding), as parsec-tool's base64 crate
 * reads it: padded or not. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/b64.h"

bool
cli_b64_decode(const char *in, uint8_t **out, size_t *out_len)
{
	size_t size = b64_decoded_size(strlen(in));
	uint8_t *buf;

	*out = NULL;
	*out_len = 0;
	if ((buf = malloc(size)) == NULL)
		return false;
	if (!b64_decode(in, false, buf, size, out_len)) {
		free(buf);
		return false;
	}
	if (*out_len == 0) {	/* empty input: no buffer, as before */
		free(buf);
		return true;
	}
	*out = buf;
	return true;
}
