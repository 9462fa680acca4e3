/* wire/opcodes.c: lookup in the operation table of wire/opcodes.def. Pure. */
#include "wire/opcodes.h"

static const struct wire_op_info wire_ops[] = {
#define WIRE_OP(name, code, display, target, admin, no_auth, proto) \
	{ code, #display, #proto, WIRE_TARGET_##target, admin, no_auth },
#include "wire/opcodes.def"
#undef WIRE_OP
};

const struct wire_op_info *
wire_op_lookup(uint32_t opcode)
{
	for (size_t i = 0; i < sizeof(wire_ops) / sizeof(*wire_ops); i++)
		if (wire_ops[i].opcode == opcode)
			return &wire_ops[i];
	return NULL;
}

const struct wire_op_info *
wire_op_table(size_t *count)
{
	*count = sizeof(wire_ops) / sizeof(*wire_ops);
	return wire_ops;
}
