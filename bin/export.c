/* SPDX-License-Identifier: ISC */
/* export.c: autoclip export: clips as MP4 cut from the VOD's HLS (one clip, or a VOD's clips by status). */
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
#include "work/work.h"
#include "cli.h"


static void
usage_export(FILE *f)
{
	fprintf(f,
	    "usage: %s export [--quality Q] [--exact] [--pad SECONDS] "
	    "[-o FILE] CLIP_ID\n"
	    "       %s export --vod VOD_ID [--status STATUS] [--quality Q] "
	    "[--exact] -o DIR\n"
	    "\n"
	    "export cuts a clip out of its VOD as an MP4, fetching only the\n"
	    "HLS segments it needs, and writes it to FILE (default: a name made\n"
	    "of the channel, title and clip time).  Stream copy by default (the\n"
	    "cut starts at a keyframe); --exact re-encodes for a frame-exact\n"
	    "cut.  --vod exports every clip of a VOD with that review status\n"
	    "(default approved) into DIR.  See autoclip(1).\n",
	    PROGNAME, PROGNAME);
}

struct xbar {
	int		 tty;
	time_t		 last;
	const char	*what;
};

static int
xbar_show(void *arg, const struct ac_export_progress *p)
{
	struct xbar	*b = arg;
	int		 i, w = 30, fill;

	if (b->tty) {
		fill = (int)(p->progress * w + 0.5);
		fputs("\r[", stderr);
		for (i = 0; i < w; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %5.1f%%  %s  %zu/%zu segments  %.1f MB  "
		    "%.1f/%.1f s ", p->progress * 100, b->what, p->segments,
		    p->segments_total, (double)p->bytes / 1e6, p->encoded_s,
		    p->duration_s);
	} else if (time(NULL) - b->last >= 5) {
		b->last = time(NULL);
		fprintf(stderr, "%s: %s %.1f%% %zu/%zu segments, %llu bytes\n",
		    PROGNAME, b->what, p->progress * 100, p->segments,
		    p->segments_total, (unsigned long long)p->bytes);
	}
	fflush(stderr);
	return 0;
}

/*
 * Copy a finished export (on this disk or in the database) to path, under
 * a temporary name then renamed; 0 or -1.
 */
static int
copy_out(struct ac_store *st, const struct ac_export_file *f,
    const char *path)
{
	struct ac_export_reader	 rd;
	char			 tmp[PATH_MAX], buf[65536];
	ssize_t			 n, w;
	int64_t			 off = 0;
	size_t			 k;
	int			 out;

	if (snprintf(tmp, sizeof(tmp), "%s.part%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		cli_warn("%s: name too long", path);
		return -1;
	}
	if (ac_export_open(f, st, &rd) == -1) {
		cli_warn("%s: %s", f->path, strerror(errno));
		return -1;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1) {
		cli_warn("%s: %s", tmp, strerror(errno));
		ac_export_close(&rd);
		return -1;
	}
	while (off < f->size) {
		if ((n = ac_export_pread(&rd, buf, sizeof(buf), off)) <= 0) {
			cli_warn("reading the export failed");
			goto fail;
		}
		for (k = 0; k < (size_t)n; k += (size_t)w)
			if ((w = write(out, buf + k, (size_t)n - k)) == -1) {
				cli_warn("%s: %s", path, strerror(errno));
				goto fail;
			}
		off += n;
	}
	ac_export_close(&rd);
	if (close(out) == -1 || rename(tmp, path) == -1) {
		cli_warn("%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
fail:
	ac_export_close(&rd);
	close(out);
	unlink(tmp);
	return -1;
}

/*
 * Run queued jobs here (exports within EXPORT_CONCURRENCY) until job id
 * ends; show its progress.  0 when done, -1 (said why) otherwise.
 */
static int
export_wait(const struct ac_settings *cf, struct ac_store *st, int64_t id,
    struct xbar *b)
{
	struct ac_error	 dberr;
	struct ac_export_progress	 p;
	struct ac_job			 j;
	char				 worker[64];
	struct ac_error			 ebuf;
	int				 nrec;

	if (gethostname(worker, sizeof(worker) - 24) == -1)
		snprintf(worker, sizeof(worker), "host");
	worker[sizeof(worker) - 24] = '\0';
	snprintf(worker + strlen(worker), 24, ":%ld", (long)getpid());
	for (;;) {
		if (ac_store_job_get(st, id, &j, &dberr) != AC_OK) {
			cli_warn("job %lld: %s", (long long)id, dberr.text);
			return -1;
		}
		if (j.state == AC_JOB_DONE)
			return 0;
		if (j.state == AC_JOB_FAILED ||
		    j.state == AC_JOB_CANCELLED) {
			if (b->tty)
				fputc('\n', stderr);
			cli_warn("%s: %s", b->what, j.message[0] != '\0' ?
			    j.message : ac_job_state_name(j.state));
			return -1;
		}
		if (j.state == AC_JOB_QUEUED) {
			(void)ac_store_job_reclaim(st, AC_JOB_STALE_S, &nrec,
			    &dberr);
			if (ac_store_job_claim_capped(st, worker,
			    ac_export_kind(), cf->export_concurrency, &j,
			    &dberr) ==
			    AC_OK) {
				if (strcmp(j.kind, ac_export_kind()) == 0)
					(void)ac_export_run(cf, st, &j, worker,
					    j.id == id ? xbar_show : NULL, b,
					    &ebuf);
				else
					(void)ac_job_run(cf, st, &j, worker,
					    NULL, NULL, &ebuf);
				if (b->tty && j.id == id)
					fputc('\n', stderr);
				continue;
			}
		} else {
			(void)ac_job_reclaim_dead(st, &j, &nrec, &dberr);
			if (nrec)
				continue;
			if (ac_export_message_parse(j.message, &p, NULL, 0) ==
			    0) {
				p.progress = j.progress;
				xbar_show(b, &p);
			}
		}
		sleep(1);
	}
}

/* Export one clip to path (NULL: its safe name in dir, or the cwd); 0 or -1. */
static int
export_one(const struct ac_settings *cf, struct ac_store *st, int64_t clip,
    const struct ac_export_opts *o, const char *path, const char *dir)
{
	struct ac_error	 dberr;
	struct ac_export_ticket	 t;
	struct ac_export_file	 f;
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_job		 j;
	struct xbar		 b;
	char			 name[200], what[32], full[PATH_MAX];
	char			 note[512];
	struct ac_error		 ebuf;

	if (ac_export_submit(cf, st, clip, o, &t, &ebuf) !=
	    AC_OK) {
		cli_warn("clip %lld: %s", (long long)clip, ebuf.text);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.tty = isatty(STDERR_FILENO);
	b.last = time(NULL);
	snprintf(what, sizeof(what), "clip %lld", (long long)clip);
	b.what = what;
	if (!t.done && export_wait(cf, st, t.job_id, &b) == -1)
		return -1;
	if (ac_export_job_file(cf, st, t.job_id, &f, &j, &dberr) != AC_OK) {
		cli_warn("clip %lld: the export is not on disk (evicted?); run "
		    "again", (long long)clip);
		return -1;
	}
	if (path == NULL) {
		if (ac_store_clip_get(st, clip, &c, &dberr) != AC_OK ||
		    ac_store_stream_get(st, c.stream_id, &s, &dberr) != AC_OK) {
			cli_warn("clip %lld: %s", (long long)clip,
			    dberr.text);
			return -1;
		}
		ac_export_filename(&s, &c, name, sizeof(name));
		if (snprintf(full, sizeof(full), "%s/%s", dir != NULL ? dir :
		    ".", name) >= (int)sizeof(full)) {
			cli_warn("%s: name too long", dir);
			return -1;
		}
		path = full;
	}
	if (copy_out(st, &f, path) == -1)
		return -1;
	ac_export_touch(st, &f);
	printf("%s\t%lld bytes\t%s\n", path, (long long)f.size,
	    ac_export_message_parse(j.message, &(struct ac_export_progress){ 0 },
	    note, sizeof(note)) == 0 ? note : "");
	return 0;
}

int
cmd_export(int argc, char *argv[])
{
	enum { OPT_QUALITY = 256, OPT_EXACT, OPT_PAD, OPT_VOD, OPT_STATUS };
	static const struct option longopts[] = {
		{ "quality",	required_argument, NULL, OPT_QUALITY },
		{ "exact",	no_argument,	   NULL, OPT_EXACT },
		{ "pad",	required_argument, NULL, OPT_PAD },
		{ "vod",	required_argument, NULL, OPT_VOD },
		{ "status",	required_argument, NULL, OPT_STATUS },
		{ "output",	required_argument, NULL, 'o' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	static const char *const statuses[] = { "pending", "approved",
	    "rejected", NULL };
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_export_opts	 o;
	struct ac_stream	 s;
	struct ac_stored_clip	*clips = NULL;
	struct stat		 sb;
	const char		*out = NULL, *vod = NULL, *status = "approved";
	size_t			 i, n = 0, done = 0;
	long			 pad = 0;
	int64_t			 clip = 0;
	int			 c, rc = EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_QUALITY:
			if (!ac_export_quality_ok(optarg)) {
				cli_warn("--quality: 1-32 letters, digits, '_' "
				    "or '-'");
				return EXIT_USAGE;
			}
			snprintf(o.quality, sizeof(o.quality), "%s", optarg);
			break;
		case OPT_EXACT:
			o.exact = 1;
			break;
		case OPT_PAD:
			if (cli_parse_long("--pad", optarg, 0, AC_EXPORT_PAD_MAX,
			    &pad) == -1)
				return EXIT_USAGE;
			o.pad_s = (double)pad;
			break;
		case OPT_VOD:
			vod = optarg;
			break;
		case OPT_STATUS:
			if (ac_valid_enum(optarg, statuses) < 0) {
				cli_warn("--status: pending, approved or "
				    "rejected");
				return EXIT_USAGE;
			}
			status = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage_export(stdout);
			return EXIT_SUCCESS;
		default:
			usage_export(stderr);
			return EXIT_USAGE;
		}
	}
	if (vod == NULL ? argc - optind != 1 || !ac_valid_id(argv[optind],
	    &clip) : argc - optind != 0 || out == NULL ||
	    !ac_valid_vod_id(vod)) {
		usage_export(stderr);
		return EXIT_USAGE;
	}
	if (vod != NULL && (stat(out, &sb) == -1 || !S_ISDIR(sb.st_mode))) {
		cli_warn("-o %s: not a directory", out);
		return EXIT_USAGE;
	}
	/* The operands were checked above (a clip id, or none with --vod). */
	if ((rc = cli_begin(argc, -1, usage_export, &cf, &st)) != 0)
		return rc;
	rc = EXIT_BADINPUT;
	if (vod == NULL) {
		if (export_one(&cf, st, clip, &o, out, NULL) == 0)
			rc = EXIT_SUCCESS;
		goto out;
	}
	if (ac_store_stream_get_vod(st, vod, &s, NULL) != AC_OK ||
	    ac_store_clips(st, s.id, &clips, &n, NULL) != AC_OK) {
		cli_warn("%s: no such VOD", vod);
		goto out;
	}
	rc = EXIT_SUCCESS;
	for (i = 0; i < n; i++) {
		if (strcmp(ac_clip_status_name(clips[i].status), status) != 0)
			continue;
		if (export_one(&cf, st, clips[i].id, &o, NULL, out) == -1)
			rc = EXIT_BADINPUT;
		else
			done++;
	}
	if (done == 0 && rc == EXIT_SUCCESS)
		cli_warn("%s: no %s clip", vod, status);
out:
	free(clips);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}
