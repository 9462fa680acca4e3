/* daemon/main.c: arcsecd's entry point: options, config, privileges, run. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/config.h"
#include "daemon/service.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: arcsecd [--config FILE] [--run-dir DIR] [--allow-root]\n"
	    "               [--admin NAME] [--log-level LEVEL] [--version]\n"
	    "               [--help]\n"
	    "\n"
	    "A Parsec-compatible security service: speaks the Parsec wire\n"
	    "protocol on a Unix socket, keeps keys in a TPM, a PKCS#11 token or\n"
	    "(with a warning) in software.\n"
	    "\n"
	    "  --config FILE     Parsec config.toml (default: embedded defaults:\n"
	    "                    software provider, SQLite key store, Unix peer\n"
	    "                    credentials, socket /run/parsec/parsec.sock)\n"
	    "  --run-dir DIR     put the socket (DIR/parsec.sock), key store and\n"
	    "                    provider files under DIR (development)\n"
	    "  --allow-root      same as core_settings.allow_root = true\n"
	    "  --admin NAME      one more administrator, beside the config's\n"
	    "                    admins (a UID with Unix peer credentials)\n"
	    "  --log-level L     error|warn|info|debug|trace, over the config\n"
	    "  --version         print the version and exit\n"
	    "\n"
	    "Signals: SIGTERM/SIGINT finish requests in flight and exit;\n"
	    "SIGHUP reloads the reloadable settings (docs/config.md).\n");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "run-dir", required_argument, NULL, 'r' },
		{ "allow-root", no_argument, NULL, 'R' },
		{ "admin", required_argument, NULL, 'A' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct service_overrides ov = { .run_dir = NULL };
	struct daemon_config *cfg = NULL;
	struct service *svc = NULL;
	const char *config_path = NULL;
	enum log_level level_override = LOG_LEVEL_INFO;
	bool has_level_override = false, allow_root = false;
	char err[1024];
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "c:r:l:Vh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_path = optarg;
			break;
		case 'r':
			ov.run_dir = optarg;
			break;
		case 'R':
			allow_root = true;
			break;
		case 'A':
			ov.admin = optarg;
			break;
		case 'l':
			if (!log_level_parse(optarg, &level_override)) {
				fprintf(stderr, "arcsecd: --log-level: unknown "
				    "level \"%s\"\n", optarg);
				return 2;
			}
			has_level_override = true;
			break;
		case 'V':
			printf("arcsecd %s\n", ARCSEC_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	/* A closed log pipe must not kill the service (writes then fail
	 * with EPIPE); sockets already send with MSG_NOSIGNAL. */
	signal(SIGPIPE, SIG_IGN);

	if ((config_path != NULL ?
	    cfg_load_file(config_path, &cfg, err, sizeof(err)) :
	    cfg_defaults(&cfg, err, sizeof(err))) != CFG_OK)
		fatalx("%s", err);
	log_configure(has_level_override ? level_override : cfg->log_level,
	    cfg->log_timestamp);
	if (ov.run_dir != NULL && mkdir(ov.run_dir, 0700) == -1 &&
	    errno != EEXIST)
		fatal("--run-dir %s", ov.run_dir);
	if (service_apply_overrides(cfg, &ov) == -1)
		fatalx("out of memory");
	if (geteuid() == 0 && !(cfg->allow_root || allow_root))
		fatalx("refusing to run as root: run as a dedicated user, or "
		    "set core_settings.allow_root = true (or --allow-root)");
	if (geteuid() == 0)
		log_warnx("running as root (allow_root)");
	if (config_path == NULL)
		log_info("no --config: using the embedded defaults");

	if (service_start(cfg, config_path, &ov, &svc, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (ov.run_dir != NULL)
		log_info("talk to it: PARSEC_SERVICE_ENDPOINT=unix:%s/parsec.sock"
		    " ./build/arcsec ping", ov.run_dir);
	rc = service_run(svc);
	service_free(svc);
	log_info("arcsecd stopped");
	return rc == 0 ? 0 : 1;
}
