/* bench/arcsec_bench.c: Ping load generator. Runs T client threads for D
 * seconds against a Parsec endpoint and reports throughput and latency
 * percentiles; with --baseline it first measures a null server in this
 * process (accept, read a frame, write Parsec's Ping answer, close), the
 * floor of one request per connection over a Unix socket. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <arcsec/arcsec.h>

#define MAX_SAMPLES	(1u << 22)

static const uint8_t ping_resp[38] = {
	0x10, 0xa7, 0xc0, 0x5e, 0x1e, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
	0x08, 0x01,
};

struct run {
	const char	*endpoint;
	double		 seconds;
	pthread_mutex_t	 lock;
	double		*lat_us;
	size_t		 lat_count;
	size_t		 errors;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
client_thread(void *arg)
{
	struct run *r = arg;
	struct arcsec_client *c = NULL;
	double end = now_s() + r->seconds, local[4096];
	size_t n = 0, errors = 0;

	if (arcsec_client_open(r->endpoint, NULL, &c) != ARCSEC_SUCCESS)
		return NULL;
	while (now_s() < end) {
		uint8_t maj, min;
		double t0 = now_s();

		if (arcsec_ping(c, &maj, &min) != ARCSEC_SUCCESS)
			errors++;
		local[n++] = (now_s() - t0) * 1e6;
		if (n == sizeof(local) / sizeof(*local) || now_s() >= end) {
			pthread_mutex_lock(&r->lock);
			for (size_t i = 0; i < n && r->lat_count < MAX_SAMPLES;
			    i++)
				r->lat_us[r->lat_count++] = local[i];
			r->errors += errors;
			pthread_mutex_unlock(&r->lock);
			n = errors = 0;
		}
	}
	arcsec_client_close(c);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
measure(const char *label, const char *endpoint, int threads, double seconds)
{
	struct run r = { .endpoint = endpoint, .seconds = seconds };
	pthread_t t[256];
	double t0, took;

	pthread_mutex_init(&r.lock, NULL);
	r.lat_us = malloc(MAX_SAMPLES * sizeof(double));
	t0 = now_s();
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, client_thread, &r);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	took = now_s() - t0;
	qsort(r.lat_us, r.lat_count, sizeof(double), cmp_double);
	printf("| %s | %d | %zu | %.0f | %.1f | %.1f | %.1f | %zu |\n", label,
	    threads, r.lat_count, (double)r.lat_count / took,
	    r.lat_count ? r.lat_us[r.lat_count / 2] : 0.0,
	    r.lat_count ? r.lat_us[r.lat_count * 99 / 100] : 0.0,
	    r.lat_count ? r.lat_us[r.lat_count - 1] : 0.0, r.errors);
	free(r.lat_us);
}

/* The baseline server: what any one-request-per-connection service must do
 * at least. */
static void *
null_server(void *arg)
{
	int lfd = *(int *)arg;

	for (;;) {
		uint8_t buf[128];
		size_t got = 0;
		int fd = accept(lfd, NULL, NULL);

		if (fd == -1) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		while (got < 36) {
			ssize_t n = read(fd, buf + got, sizeof(buf) - got);

			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (write(fd, ping_resp, sizeof(ping_resp)) < 0)
			perror("write");
		close(fd);
	}
}

int
main(int argc, char **argv)
{
	const char *endpoint = getenv("PARSEC_SERVICE_ENDPOINT");
	double seconds = 5;
	int baseline = 0;
	int threads[] = { 1, 2, 4, 8 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--baseline") == 0)
			baseline = 1;
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (strcmp(argv[i], "--endpoint") == 0 && i + 1 < argc)
			endpoint = argv[++i];
		else {
			fprintf(stderr, "usage: arcsec-bench [--endpoint unix:PATH]"
			    " [--seconds S] [--baseline]\n");
			return 2;
		}
	}
	if (endpoint == NULL) {
		fprintf(stderr, "arcsec-bench: set --endpoint or "
		    "PARSEC_SERVICE_ENDPOINT\n");
		return 2;
	}
	printf("| target | client threads | pings | pings/s | p50 us | "
	    "p99 us | max us | errors |\n|---|---|---|---|---|---|---|---|\n");
	if (baseline) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		char ep[sizeof(sun.sun_path) + 8];
		pthread_t t;
		int lfd = socket(AF_UNIX, SOCK_STREAM, 0);

		snprintf(sun.sun_path, sizeof(sun.sun_path),
		    "/tmp/arcsec-bench-null-%d.sock", (int)getpid());
		unlink(sun.sun_path);
		if (lfd == -1 || bind(lfd, (struct sockaddr *)&sun,
		    sizeof(sun)) == -1 || listen(lfd, 128) == -1) {
			perror("baseline socket");
			return 1;
		}
		snprintf(ep, sizeof(ep), "unix:%s", sun.sun_path);
		pthread_create(&t, NULL, null_server, &lfd);
		for (size_t i = 0; i < sizeof(threads) / sizeof(*threads); i++)
			measure("null server (baseline)", ep, threads[i],
			    seconds);
		unlink(sun.sun_path);
	}
	for (size_t i = 0; i < sizeof(threads) / sizeof(*threads); i++)
		measure("arcsecd", endpoint, threads[i], seconds);
	return 0;
}
