/* SPDX-License-Identifier: ISC */
/* kick.c: the Kick commands: fetch (a VOD link) and worker (the job queue). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "kick/kick.h"
#include "work/work.h"
#include "cli.h"

static void
usage_kick(FILE *f)
{
	fprintf(f,
	    "usage: %s fetch [--concurrency N] [--background] URL\n"
	    "       %s worker [--once] [--idle-exit SECONDS] "
	    "[--stale-after SECONDS]\n"
	    "\n"
	    "fetch downloads a Kick VOD's metadata and whole chat (URL: a\n"
	    "kick.com/video/UUID or kick.com/CHANNEL/videos/UUID link, or the\n"
	    "UUID), analyses it and stores the result, in the foreground; an\n"
	    "interrupted download resumes where it stopped; --background queues\n"
	    "it for a worker (started detached when none is alive) and prints\n"
	    "the job's status as JSON.  worker runs queued\n"
	    "jobs until stopped (--once: until none is queued).  See autoclip(1).\n",
	    PROGNAME, PROGNAME);
}

struct bar {
	int	 tty;
	time_t	 last;
};

static int
bar_show(void *arg, const struct ac_kick_progress *p)
{
	struct bar	*b = arg;
	char		 eta[32];
	int		 i, w = 30, fill;

	if (p->eta_s >= 0)
		ac_ts_hms(p->eta_s, eta, sizeof(eta));
	else
		snprintf(eta, sizeof(eta), "?");
	if (b->tty) {
		fill = (int)(p->progress * w + 0.5);
		fputs("\r[", stderr);
		for (i = 0; i < w; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %5.1f%%  %llu messages  %llu requests  "
		    "%llu retries  ETA %s ", p->progress * 100,
		    (unsigned long long)p->messages,
		    (unsigned long long)p->requests,
		    (unsigned long long)p->retries, eta);
	} else if (time(NULL) - b->last >= 5) {
		b->last = time(NULL);
		fprintf(stderr, "%s: %.1f%% %llu messages, %llu requests, "
		    "%llu retries, ETA %s\n", PROGNAME, p->progress * 100,
		    (unsigned long long)p->messages,
		    (unsigned long long)p->requests,
		    (unsigned long long)p->retries, eta);
	}
	fflush(stderr);
	return 0;
}

int
cmd_fetch(int argc, char *argv[])
{
	enum { OPT_CONC = 256, OPT_BG };
	static const struct option longopts[] = {
		{ "concurrency", required_argument, NULL, OPT_CONC },
		{ "background",	no_argument,	   NULL, OPT_BG },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_job_ticket	 t;
	struct ac_error		 err;
	struct bar		 b;
	char			 *json = NULL;
	struct ac_error	 ebuf;
	long			 conc = 0;
	int			 c, bg = 0, rc = EXIT_USAGE;
	enum ac_err		 e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONC:
			if (cli_parse_long("--concurrency", optarg, 1, 64,
			    &conc) == -1)
				return EXIT_USAGE;
			break;
		case OPT_BG:
			bg = 1;
			break;
		case 'h':
			usage_kick(stdout);
			return EXIT_SUCCESS;
		default:
			usage_kick(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 1, usage_kick, &cf, &st)) != 0)
		return rc;
	if (conc > 0)
		cf.kick_concurrency = (int)conc;
	rc = EXIT_BADINPUT;
	if ((e = ac_job_submit(st, argv[optind], &t, &ebuf)) != AC_OK) {
		cli_warn("%s", ebuf.text);
		goto out;
	}
	if (bg) {
		/* What the web flow does: queue, make sure a worker runs, answer. */
		if (!t.analyzed && ac_worker_spawn(&cf, &ebuf) !=
		    AC_OK) {
			cli_warn("starting a worker: %s", ebuf.text);
			goto out;
		}
		if ((e = ac_job_ticket_json(st, &t, &json, &err)) != AC_OK) {
			cli_warn("%s: %s", t.vod_id, e == AC_ERR_DB ?
			    err.text : ac_strerror(e));
			goto out;
		}
		puts(json);
		rc = EXIT_SUCCESS;
		goto out;
	}
	memset(&b, 0, sizeof(b));
	b.tty = isatty(STDERR_FILENO);
	/* Run queued jobs here until ours ends; show another worker's progress. */
	memset(&err, 0, sizeof(err));
	e = t.analyzed ? AC_OK : ac_job_wait(&cf, st, t.job_id, bar_show, &b,
	    &err);
	if (b.tty && !t.analyzed)
		fputc('\n', stderr);
	if (e != AC_OK) {
		cli_warn("%s: %s", t.vod_id, err.text);
		goto out;
	}
	if ((e = ac_store_analysis_json(st, t.stream_id, &json, &err)) ==
	    AC_OK) {
		struct ac_stream s;

		struct ac_stored_clip *clips = NULL;
		size_t i, n = 0;
		char a[32], z[32], pk[32];

		if (ac_store_stream_get(st, t.stream_id, &s, &err) == AC_OK)
			printf("stream %lld (vod %s): %lld messages, %s\n",
			    (long long)s.id, s.vod_id,
			    (long long)s.message_count, s.title);
		if (ac_store_clips(st, t.stream_id, &clips, &n, &err) ==
		    AC_OK) {
			printf("%4s  %9s  %9s  %9s  %7s  %3s\n", "RANK",
			    "START", "END", "PEAK", "SCORE", "VIR");
			for (i = 0; i < n; i++) {
				ac_ts_hms(clips[i].start, a, sizeof(a));
				ac_ts_hms(clips[i].end, z, sizeof(z));
				ac_ts_hms(clips[i].peak, pk, sizeof(pk));
				printf("%4d  %9s  %9s  %9s  %7.2f  %3d\n",
				    clips[i].rank, a, z, pk, clips[i].score,
				    clips[i].virality);
			}
			free(clips);
		}
	} else {
		cli_warn("%s: no analysis stored", t.vod_id);
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(json);
	cli_end(&cf, st);
	return rc;
}

int
cmd_worker(int argc, char *argv[])
{
	enum { OPT_ONCE = 256, OPT_IDLE, OPT_STALE };
	static const struct option longopts[] = {
		{ "once",	no_argument,	   NULL, OPT_ONCE },
		{ "idle-exit",	required_argument, NULL, OPT_IDLE },
		{ "stale-after", required_argument, NULL, OPT_STALE },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	long			 idle = 0, stale = 0;
	int			 c, once = 0, rc = EXIT_USAGE;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ONCE:
			once = 1;
			break;
		case OPT_IDLE:
			if (cli_parse_long("--idle-exit", optarg, 1, 86400,
			    &idle) == -1)
				return EXIT_USAGE;
			break;
		case OPT_STALE:
			if (cli_parse_long("--stale-after", optarg, 1, 86400,
			    &stale) == -1)
				return EXIT_USAGE;
			break;
		case 'h':
			usage_kick(stdout);
			return EXIT_SUCCESS;
		default:
			usage_kick(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 0, usage_kick, &cf, &st)) != 0)
		return rc;
	rc = ac_worker_loop(&cf, st, once, (double)idle, (double)stale,
	    stderr) == 0 ? EXIT_SUCCESS : EXIT_BADINPUT;
	cli_end(&cf, st);
	return rc;
}
