/* SPDX-License-Identifier: ISC */
/*
 * reanalyze: time the analysis of a stored VOD (ac_archive_analyze) with
 * other parameters each run, as a parameter slider would.
 *
 * usage: reanalyze CHAT_STORAGE_DIR VOD_ID [RUNS]
 *
 * The first run reads the chat archive and writes the feature file (unless
 * one is current); the next RUNS (default 5) change window_s and
 * rank_power and read the feature file.  Prints the wall and CPU
 * milliseconds of each (CPU: what a busy shared machine does not skew).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"

static double
now_ms(clockid_t id)
{
	struct timespec	 ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_hype_config	 c;
	struct ac_result	 res;
	struct ac_error		 err;
	struct ac_vod		 vod;
	double			 t0, t1, c0, c1;
	long			 runs = 5, i;
	char			*end;
	int			 cached;
	enum ac_err		 e;

	if (argc == 4) {
		errno = 0;
		runs = strtol(argv[3], &end, 10);
		if (errno != 0 || end == argv[3] || *end != '\0')
			runs = 0;
	}
	if (argc < 3 || argc > 4 || runs < 1) {
		fputs("usage: reanalyze CHAT_STORAGE_DIR VOD_ID [RUNS]\n",
		    stderr);
		return 2;
	}
	memset(&cf, 0, sizeof(cf));
	cf.chat_storage_dir = argv[1];
	ac_vod_init(&vod);
	for (i = 0; i <= runs; i++) {
		ac_hype_config_default(&c);
		c.window_s = 8 + (double)(i % 5);
		c.rank_power = 0.5 + 0.1 * (double)(i % 5);
		memset(&err, 0, sizeof(err));
		t0 = now_ms(CLOCK_MONOTONIC);
		c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		e = ac_archive_analyze(&cf, NULL, argv[2], &c, &vod, 0, &res,
		    NULL, &err, &cached);
		t1 = now_ms(CLOCK_MONOTONIC);
		c1 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		if (e != AC_OK) {
			fprintf(stderr, "reanalyze: %s: %s\n", argv[2],
			    err.text[0] != '\0' ? err.text : ac_strerror(e));
			return 1;
		}
		printf("run %ld: %.1f ms wall, %.1f ms CPU, from the %s, "
		    "%llu messages, %zu clips\n", i, t1 - t0, c1 - c0,
		    cached ? "feature file" : "chat archive",
		    (unsigned long long)res.message_count, res.nclips);
		ac_result_free(&res);
	}
	return 0;
}
