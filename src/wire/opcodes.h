/* wire/opcodes.h: the operation table generated from wire/opcodes.def. Pure. */
#ifndef ARCSEC_WIRE_OPCODES_H
#define ARCSEC_WIRE_OPCODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum wire_opcode {
#define WIRE_OP(name, code, display, target, admin, no_auth, proto) \
	WIRE_OP_##name = code,
#include "wire/opcodes.def"
#undef WIRE_OP
};

enum wire_op_target {
	WIRE_TARGET_CORE,	/* answered by provider 0 */
	WIRE_TARGET_CRYPTO,	/* answered by the provider in the header */
};

struct wire_op_info {
	uint32_t		 opcode;
	const char		*name;		/* "PsaSignHash" */
	const char		*proto;		/* "psa_sign_hash" */
	enum wire_op_target	 target;
	bool			 is_admin;	/* only for configured admins */
	bool			 is_no_auth_ok;	/* may be sent with auth type 0 */
};

/* NULL for an opcode Parsec does not define. */
const struct wire_op_info *wire_op_lookup(uint32_t opcode);
/* The table in opcode order, for listings; *count receives its length. */
const struct wire_op_info *wire_op_table(size_t *count);

#endif
