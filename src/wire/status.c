/* wire/status.c: names and texts of Parsec status codes. Pure. */
#include "wire/status.h"

#include <stddef.h>

struct wire_status_info {
	uint16_t	 code;
	const char	*name;	/* CamelCase, as Parsec's clients print it */
	const char	*text;
};

/* Names are the CamelCase of Parsec's ResponseStatus variants. */
static const char *const wire_status_camel[] = {
	[0] = "Success", [1] = "WrongProviderID", [2] = "ContentTypeNotSupported",
	[3] = "AcceptTypeNotSupported", [4] = "WireProtocolVersionNotSupported",
	[5] = "ProviderNotRegistered", [6] = "ProviderDoesNotExist",
	[7] = "DeserializingBodyFailed", [8] = "SerializingBodyFailed",
	[9] = "OpcodeDoesNotExist", [10] = "ResponseTooLarge",
	[11] = "AuthenticationError", [12] = "AuthenticatorDoesNotExist",
	[13] = "AuthenticatorNotRegistered", [14] = "KeyInfoManagerError",
	[15] = "ConnectionError", [16] = "InvalidEncoding", [17] = "InvalidHeader",
	[18] = "WrongProviderUuid", [19] = "NotAuthenticated",
	[20] = "BodySizeExceedsLimit", [21] = "AdminOperation",
};

static const char *const wire_status_psa_camel[] = {
	[1132 - 1132] = "PsaErrorGenericError",
	[1133 - 1132] = "PsaErrorNotPermitted",
	[1134 - 1132] = "PsaErrorNotSupported",
	[1135 - 1132] = "PsaErrorInvalidArgument",
	[1136 - 1132] = "PsaErrorInvalidHandle",
	[1137 - 1132] = "PsaErrorBadState",
	[1138 - 1132] = "PsaErrorBufferTooSmall",
	[1139 - 1132] = "PsaErrorAlreadyExists",
	[1140 - 1132] = "PsaErrorDoesNotExist",
	[1141 - 1132] = "PsaErrorInsufficientMemory",
	[1142 - 1132] = "PsaErrorInsufficientStorage",
	[1143 - 1132] = "PsaErrorInsufficientData",
	[1145 - 1132] = "PsaErrorCommunicationFailure",
	[1146 - 1132] = "PsaErrorStorageFailure",
	[1147 - 1132] = "PsaErrorHardwareFailure",
	[1148 - 1132] = "PsaErrorInsufficientEntropy",
	[1149 - 1132] = "PsaErrorInvalidSignature",
	[1150 - 1132] = "PsaErrorInvalidPadding",
	[1151 - 1132] = "PsaErrorCorruptionDetected",
	[1152 - 1132] = "PsaErrorDataCorrupt",
	[1153 - 1132] = "PsaErrorDataInvalid",
};

static const struct wire_status_info wire_status_table[] = {
#define WIRE_STATUS(name, code, text) { code, #name, text },
#include "wire/status.def"
#undef WIRE_STATUS
};

static const struct wire_status_info *
wire_status_find(uint16_t code)
{
	for (size_t i = 0; i < sizeof(wire_status_table) /
	    sizeof(*wire_status_table); i++)
		if (wire_status_table[i].code == code)
			return &wire_status_table[i];
	return NULL;
}

bool
wire_status_is_known(uint16_t code)
{
	return wire_status_find(code) != NULL;
}

const char *
wire_status_name(uint16_t code)
{
	if (!wire_status_is_known(code))
		return "Unknown";
	if (code < sizeof(wire_status_camel) / sizeof(*wire_status_camel))
		return wire_status_camel[code];
	return wire_status_psa_camel[code - 1132];
}

const char *
wire_status_text(uint16_t code)
{
	const struct wire_status_info *info = wire_status_find(code);

	return info ? info->text : "unknown status code";
}

enum wire_status
wire_status_from_psa(int32_t psa_status)
{
	int32_t code;

	if (psa_status == 0)
		return WIRE_STATUS_SUCCESS;
	code = 1000 - psa_status;
	if (code < 1132 || code > 1153 || !wire_status_is_known((uint16_t)code))
		return WIRE_STATUS_PSA_ERROR_GENERIC_ERROR;
	return (enum wire_status)code;
}
