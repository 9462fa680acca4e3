/* daemon/core.h: the core provider (ID 0): service discovery operations. */
#ifndef ARCSEC_DAEMON_CORE_H
#define ARCSEC_DAEMON_CORE_H

#include <protobuf-c/protobuf-c.h>

#include "daemon/auth.h"
#include "daemon/dispatch.h"
#include "wire/status.h"

/* Whether the core provider implements `opcode` (ListOpcodes for ID 0). */
/* The core provider's description, plus `left_out` (what start-up left
 * out, or NULL): malloc'd, NULL when out of memory. */
char		*core_description_new(const char *left_out);
bool		 core_supports_opcode(uint32_t opcode);
size_t		 core_opcodes(uint32_t *out, size_t out_size);

/* Run core operation `opcode` on decoded operation `op`; on success *result
 * is a freshly allocated result message for core_result_free(). `app` is
 * NULL for unauthenticated requests; `is_admin` says whether it is one of
 * the configured administrators (they also see the reserved namespace). */
enum wire_status core_handle(struct dispatch *d, uint32_t opcode,
		    const ProtobufCMessage *op, const struct auth_app *app,
		    bool is_admin, uint8_t auth_type,
		    ProtobufCMessage **result);
void		 core_result_free(ProtobufCMessage *result);

#endif
