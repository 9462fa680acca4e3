/* cli/commands.c: the command table and the help text built from it. */
#include <stdio.h>
#include <string.h>

#include <arcsec/identity.h>

#include "cli/cli.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Option names and short letters are parsec-tool's (its src/subcommands),
 * so its scripts run unchanged; the indexes are each command's enum in its
 * cmd_*.c file. */
static const struct cli_opt cli_opts_key_name[] = {
	{ "key-name", 'k', CLI_OPT_REQUIRED, "NAME", "the key's name" },
};

static const struct cli_opt cli_opts_create_rsa_key[] = {
	{ "key-name", 'k', CLI_OPT_REQUIRED, "NAME", "the key's name" },
	{ "for-signing", 's', 0, NULL, "a signing key (RSA PKCS#1 v1.5 with "
	    "SHA-256) instead of an encryption key" },
	{ "bits", 'b', 0, "BITS", "the key size (default: 2048); the service "
	    "decides which sizes it accepts" },
	{ "oaep", 'o', 0, NULL, "an encryption key for RSA OAEP with SHA-256 "
	    "instead of PKCS#1 v1.5" },
	{ "for-encryption", 0, 0, NULL, "an encryption key (the default)" },
};

static const struct cli_opt cli_opts_export_public_key[] = {
	{ "key-name", 'k', CLI_OPT_REQUIRED, "NAME", "the key's name" },
	{ "pkcs1", 0, 0, NULL, "an RSA key as PKCS#1 RSAPublicKey (\"RSA "
	    "PUBLIC KEY\") instead of SubjectPublicKeyInfo" },
};

static const struct cli_opt cli_opts_generate_random[] = {
	{ "nbytes", 'n', CLI_OPT_REQUIRED, "N", "how many bytes" },
};

static const struct cli_opt cli_opts_delete_client[] = {
	{ "client", 'c', CLI_OPT_REQUIRED, "NAME", "the application whose "
	    "keys to delete" },
};

static const struct cli_opt cli_opts_create_csr[] = {
	{ "key-name", 'k', CLI_OPT_REQUIRED, "NAME", "the signing key" },
	{ "cn", 0, 0, "CN", "subject common name" },
	{ "l", 0, 0, "L", "subject locality" },
	{ "o", 0, 0, "O", "subject organization" },
	{ "ou", 0, 0, "OU", "subject organizational unit" },
	{ "st", 0, 0, "ST", "subject state or province" },
	{ "c", 0, 0, "C", "subject country, two letters" },
	{ "serialNumber", 0, 0, "SN", "subject serial number" },
	{ "san", 0, CLI_OPT_MULTI, "SAN", "a subject alternative name: "
	    "dns:NAME, uri:URI (spiffe:// URIs are checked as SPIFFE IDs), "
	    "ip:ADDRESS, or a bare DNS name; repeat, or list several" },
};

/* The identity commands: arcsec's own (docs/identity.md). */
static const struct cli_opt cli_opts_devid_create[] = {
	{ "key-type", 0, 0, "TYPE", "ecc-p256 (default), ecc-p384, rsa2048 "
	    "or rsa3072" },
	{ "fallback", 0, 0, "WHAT", "without a TPM or PKCS#11 token: none "
	    "(default: refuse) or software" },
	{ "force", 0, 0, NULL, "replace an existing DevID (the old key goes "
	    "only once the new one exists)" },
};

static const struct cli_opt cli_opts_devid_csr[] = {
	{ "cn", 0, 0, "CN", "subject common name" },
	{ "o", 0, 0, "O", "subject organization" },
	{ "ou", 0, 0, "OU", "subject organizational unit" },
	{ "c", 0, 0, "C", "subject country, two letters" },
	{ "serial", 0, 0, "SN", "subject serialNumber (the device's)" },
	{ "san", 0, CLI_OPT_MULTI, "SAN", "dns:NAME, uri:URI (spiffe:// "
	    "URIs are checked as SPIFFE IDs) or ip:ADDRESS; repeat" },
	{ "out", 0, 0, "FILE", "write the PEM request to FILE" },
};

static const struct cli_opt cli_opts_devid_install[] = {
	{ "cert", 0, CLI_OPT_REQUIRED, "FILE", "the DevID's certificate "
	    "(PEM; may carry its chain after it)" },
	{ "chain", 0, 0, "FILE", "the issuing CA certificates (PEM)" },
	{ "state-dir", 0, 0, "DIR", "where certificates are kept (default: "
	    "$ARCSEC_IDENTITY_DIR or " ARCSEC_IDENTITY_DIR_DEFAULT ")" },
};

static const struct cli_opt cli_opts_devid_show[] = {
	{ "state-dir", 0, 0, "DIR", "where certificates are kept (default: "
	    "$ARCSEC_IDENTITY_DIR or " ARCSEC_IDENTITY_DIR_DEFAULT ")" },
};

static const struct cli_opt cli_opts_devid_export_spire[] = {
	{ "dir", 0, CLI_OPT_REQUIRED, "DIR", "where to write devid.crt.pem, "
	    "devid.priv.blob, devid.pub.blob" },
	{ "with-size-prefix", 0, 0, NULL, "blobs with their 2-byte TPM2B size "
	    "(tpm2_load's format; SPIRE's agent wants them without)" },
	{ "state-dir", 0, 0, "DIR", "where certificates are kept (default: "
	    "$ARCSEC_IDENTITY_DIR or " ARCSEC_IDENTITY_DIR_DEFAULT ")" },
};

static const struct cli_opt cli_opts_attest_evidence[] = {
	{ "nonce", 0, CLI_OPT_REQUIRED, "HEX", "the verifier's nonce, 1 to 64 "
	    "bytes" },
	{ "csr", 0, 0, "FILE", "a DevID request to carry (from devid csr)" },
	{ "out", 0, 0, "FILE", "write the evidence JSON to FILE" },
	{ "ek", 0, 0, "TYPE", "TPM endorsement key: auto (default: the first "
	    "whose certificate is in NV), rsa2048, ecc-p256, ecc-p384" },
	{ "ak", 0, 0, "TYPE", "TPM attestation key: rsa2048 (default), "
	    "ecc-p256" },
};

static const struct cli_opt cli_opts_attest_activate[] = {
	{ "challenge", 0, CLI_OPT_REQUIRED, "FILE", "the verifier's challenge "
	    "JSON (credential, secret, nonce)" },
	{ "out", 0, 0, "FILE", "write the response JSON to FILE (mode 0600: it "
	    "holds the verifier's secret)" },
	{ "ek", 0, 0, "TYPE", "TPM endorsement key: auto (default: the one "
	    "the challenge was made for), rsa2048, ecc-p256, ecc-p384" },
	{ "ak", 0, 0, "TYPE", "the attestation key the evidence used: rsa2048 "
	    "(default), ecc-p256" },
};

/* Names and order follow parsec-tool's subcommands, so its users find the
 * same commands here. */
static const struct cli_cmd cli_cmds[] = {
	{ "ping", "Ping the service and print its wire protocol version.",
	    NULL, cmd_ping, NULL, 0, NULL, 0 },
	{ "list-providers", "List the providers the service offers.", NULL,
	    cmd_list_providers, NULL, 0, NULL, 0 },
	{ "list-authenticators", "List the authenticators the service "
	    "accepts.", NULL, cmd_list_authenticators, NULL, 0, NULL, 0 },
	{ "list-opcodes", "List the opcodes a provider supports.",
	    "--provider names the provider whose opcodes to list; without it\n"
	    "the core provider's (0) are listed, as parsec-tool does.\n",
	    cmd_list_opcodes, NULL, 0, NULL, 0 },
	{ "list-keys", "List the keys of this application.", NULL,
	    cmd_list_keys, NULL, 0, NULL, 0 },
	{ "list-clients", "List the applications that have keys "
	    "(administrators only).", NULL, cmd_list_clients, NULL, 0, NULL,
	    0 },
	{ "delete-client", "Delete every key of an application "
	    "(administrators only).", NULL, cmd_delete_client,
	    cli_opts_delete_client, NELEM(cli_opts_delete_client), NULL, 0 },
	{ "generate-random", "Generate random bytes, printed in hex.", NULL,
	    cmd_generate_random, cli_opts_generate_random,
	    NELEM(cli_opts_generate_random), NULL, 0 },
	{ "export-public-key", "Print the public part of a key as PEM.", NULL,
	    cmd_export_public_key, cli_opts_export_public_key,
	    NELEM(cli_opts_export_public_key), NULL, 0 },
	{ "create-rsa-key", "Create an RSA key pair (2048 bits, for RSA "
	    "PKCS#1 v1.5 encryption by default).", NULL, cmd_create_rsa_key,
	    cli_opts_create_rsa_key, NELEM(cli_opts_create_rsa_key), NULL, 0 },
	{ "create-ecc-key", "Create an ECC key pair (NIST P-256, for ECDSA "
	    "with SHA-256).", NULL, cmd_create_ecc_key, cli_opts_key_name,
	    NELEM(cli_opts_key_name), NULL, 0 },
	{ "encrypt", "Encrypt a string with the key's algorithm; prints "
	    "base64.", NULL, cmd_encrypt, cli_opts_key_name,
	    NELEM(cli_opts_key_name), "<INPUT_DATA>", 1 },
	{ "decrypt", "Decrypt base64 ciphertext with the key's algorithm.",
	    NULL, cmd_decrypt, cli_opts_key_name, NELEM(cli_opts_key_name),
	    "<INPUT_DATA>", 1 },
	{ "sign", "Hash a string and sign it with the key's algorithm; "
	    "prints base64.",
	    "ECDSA signatures are printed DER-encoded (ECDSA-Sig-Value), as\n"
	    "parsec-tool prints them and openssl verifies them.\n",
	    cmd_sign, cli_opts_key_name, NELEM(cli_opts_key_name),
	    "<INPUT_DATA>", 1 },
	{ "delete-key", "Delete a key.", NULL, cmd_delete_key,
	    cli_opts_key_name, NELEM(cli_opts_key_name), NULL, 0 },
	{ "create-csr", "Print a PKCS#10 certificate signing request for a "
	    "key, signed by the service.",
	    "The key must be an RSA PKCS#1 v1.5 signing key or an ECDSA key\n"
	    "on P-256 (SHA-256) or P-384 (SHA-384); its private part never\n"
	    "leaves the service.\n",
	    cmd_create_csr, cli_opts_create_csr, NELEM(cli_opts_create_csr),
	    NULL, 0 },
	{ "devid create", "Create the device identity key (administrators "
	    "only).",
	    "The DevID goes to the best provider the service has: the TPM,\n"
	    "then a PKCS#11 token; --provider tpm|pkcs11|soft chooses. With\n"
	    "neither, it is refused unless --fallback software, and then it\n"
	    "says hardware-backed: no. The key is non-exportable and lives in\n"
	    "the service's reserved namespace as @arcsec/devid-<n>.\n",
	    cmd_devid_create, cli_opts_devid_create,
	    NELEM(cli_opts_devid_create), NULL, 0 },
	{ "devid csr", "Print a PKCS#10 request for the DevID, signed inside "
	    "its provider.", NULL, cmd_devid_csr, cli_opts_devid_csr,
	    NELEM(cli_opts_devid_csr), NULL, 0 },
	{ "devid install", "Install the DevID's certificate and chain, "
	    "checked against the key.", NULL, cmd_devid_install,
	    cli_opts_devid_install, NELEM(cli_opts_devid_install), NULL, 0 },
	{ "devid show", "Show the DevID: provider, key, hardware backing, "
	    "certificate.", NULL, cmd_devid_show, cli_opts_devid_show,
	    NELEM(cli_opts_devid_show), NULL, 0 },
	{ "devid export-spire", "Write the files SPIRE's tpm_devid agent "
	    "attestor reads (TPM DevID).",
	    "devid.crt.pem (certificate and chain), devid.priv.blob and\n"
	    "devid.pub.blob (the DevID's TPM2B_PRIVATE and TPM2B_PUBLIC).\n",
	    cmd_devid_export_spire, cli_opts_devid_export_spire,
	    NELEM(cli_opts_devid_export_spire), NULL, 0 },
	{ "attest evidence", "Print evidence of the DevID for a verifier's "
	    "nonce (JSON).",
	    "Every provider proves possession: the DevID signs the nonce.\n"
	    "The evidence says in \"residency\" what it cannot prove.\n",
	    cmd_attest_evidence, cli_opts_attest_evidence,
	    NELEM(cli_opts_attest_evidence), NULL, 0 },
	{ "attest activate", "Answer a verifier's credential-activation "
	    "challenge (TPM DevID).",
	    "TPM2_ActivateCredential of the attestation key with the EK\n"
	    "recovers the verifier's secret; the DevID signs its nonce.\n",
	    cmd_attest_activate, cli_opts_attest_activate,
	    NELEM(cli_opts_attest_activate), NULL, 0 },
};

const struct cli_cmd *
cli_cmd_find(const char *name)
{
	for (size_t i = 0; i < NELEM(cli_cmds); i++)
		if (strcmp(cli_cmds[i].cmd_name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

const struct cli_cmd *
cli_cmd_lookup(int argc, char **argv, int *words)
{
	const struct cli_cmd *cmd;
	char joined[64];
	int n;

	*words = 1;
	if (argc >= 2 && (n = snprintf(joined, sizeof(joined), "%s %s",
	    argv[0], argv[1])) > 0 && (size_t)n < sizeof(joined) &&
	    (cmd = cli_cmd_find(joined)) != NULL) {
		*words = 2;
		return cmd;
	}
	return argc >= 1 ? cli_cmd_find(argv[0]) : NULL;
}

static void
cli_common_options(FILE *f)
{
	fputs("  -p, --provider ID     provider to target, 0-5 (default: the "
	    "service's first)\n"
	    "  -t, --timeout SECS    seconds per request, 0 waits forever "
	    "(default: 60)\n"
	    "  -a, --app-name NAME   application name for direct "
	    "authentication\n"
	    "                        (default: parsec-tool)\n"
	    "      --json            print the result as one JSON object\n"
	    "  -h, --help            print help\n", f);
}

void
cli_usage(const struct cli *c, FILE *f)
{
	fprintf(f, "Usage: %s [OPTIONS] COMMAND [COMMAND OPTIONS]\n\n"
	    "Command-line client of the Parsec security service.\n\n"
	    "Options:\n", c->cli_prog);
	cli_common_options(f);
	fputs("  -V, --version         print the version\n\nCommands:\n", f);
	for (size_t i = 0; i < NELEM(cli_cmds); i++)
		fprintf(f, "  %-20s  %s\n", cli_cmds[i].cmd_name,
		    cli_cmds[i].cmd_summary);
	fprintf(f, "  %-20s  %s\n", "help [COMMAND]",
	    "Print this help, or a command's.");
	fprintf(f, "\nThe service socket is taken from %s "
	    "(unix:/path),\nby default %s.\n", ARCSEC_ENDPOINT_ENV,
	    ARCSEC_DEFAULT_ENDPOINT);
}

static void
cli_cmd_option_help(const struct cli_opt *o, FILE *f)
{
	char spelled[64];

	if (o->opt_short != 0)
		snprintf(spelled, sizeof(spelled), "-%c, --%s%s%s",
		    o->opt_short, o->opt_name, o->opt_metavar ? " " : "",
		    o->opt_metavar ? o->opt_metavar : "");
	else
		snprintf(spelled, sizeof(spelled), "    --%s%s%s", o->opt_name,
		    o->opt_metavar ? " " : "",
		    o->opt_metavar ? o->opt_metavar : "");
	if (strlen(spelled) <= 20)
		fprintf(f, "  %-20s  %s\n", spelled, o->opt_help);
	else
		fprintf(f, "  %s\n  %-20s  %s\n", spelled, "", o->opt_help);
}

void
cli_cmd_usage(const struct cli *c, const struct cli_cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: %s %s [OPTIONS]", c->cli_prog, cmd->cmd_name);
	for (size_t i = 0; i < cmd->cmd_opts_count; i++)
		if (cmd->cmd_opts[i].opt_flags & CLI_OPT_REQUIRED)
			fprintf(f, " --%s %s", cmd->cmd_opts[i].opt_name,
			    cmd->cmd_opts[i].opt_metavar);
	if (cmd->cmd_args != NULL)
		fprintf(f, " %s", cmd->cmd_args);
	fprintf(f, "\n\n%s\n", cmd->cmd_summary);
	if (cmd->cmd_details != NULL)
		fprintf(f, "\n%s", cmd->cmd_details);
	fputs("\nOptions:\n", f);
	for (size_t i = 0; i < cmd->cmd_opts_count; i++)
		cli_cmd_option_help(&cmd->cmd_opts[i], f);
	cli_common_options(f);
}
