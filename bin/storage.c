/* SPDX-License-Identifier: ISC */
/*
 * storage.c: the commands on the store: migrate, import, reanalyze, list,
 * show, delete, cleanup.
 */
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

#define LIST_DEFAULT	50	/* streams "list" prints unless --limit says */

static void
usage_storage(FILE *f)
{
	fprintf(f,
	    "usage: %s migrate\n"
	    "       %s import [--vod-id ID] [--set KEY=VALUE]... FILE|-\n"
	    "       %s reanalyze [--set KEY=VALUE]... VOD_ID\n"
	    "       %s list [--limit N] [--offset N]\n"
	    "       %s show [--format table|json] VOD_ID\n"
	    "       %s delete VOD_ID\n"
	    "\n"
	    "The database is DATABASE_URL (default: sqlite://DATA_DIR/"
	    "autoclip.db);\n"
	    "chat archives go to CHAT_STORAGE_DIR, or into the database with\n"
	    "CHAT_STORAGE=database.  See autoclip(1).\n",
	    PROGNAME, PROGNAME, PROGNAME, PROGNAME, PROGNAME, PROGNAME);
}

/* Only --help is known: 0 go on, 1 help printed, -1 usage error. */
static int
plain_opts(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage_storage(stdout);
			return 1;
		}
		usage_storage(stderr);
		return -1;
	}
	return 0;
}

/* migrate's step: DATA_DIR, where the default SQLite file lives, made. */
static int
migrate_dir(struct ac_settings *cf, void *arg)
{
	char		 dbdir[PATH_MAX];
	const char	*path;
	size_t		 len;

	(void)arg;
	if (strncmp(cf->database_url, "sqlite://", 9) != 0)
		return 0;
	path = cf->database_url + 9;
	len = strlen(cf->data_dir);
	if (strncmp(path, cf->data_dir, len) == 0 && path[len] == '/' &&
	    strchr(path + len + 1, '/') == NULL && len < sizeof(dbdir)) {
		memcpy(dbdir, cf->data_dir, len + 1);
		if (mkdir(dbdir, 0700) == -1 && errno != EEXIST) {
			cli_warn("%s: %s", dbdir, strerror(errno));
			return EXIT_BADINPUT;
		}
	}
	return 0;
}

int
cmd_migrate(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st;
	struct cli_preamble	 p;
	int			 o, rc;

	if ((o = plain_opts(argc, argv)) != 0)
		return o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	memset(&p, 0, sizeof(p));
	p.usage = usage_storage;
	p.step = migrate_dir;
	p.migrate = 1;
	if ((rc = cli_begin_with(argc, &p, &cf, &st)) != 0)
		return rc;
	if (p.applied > 0)
		printf("applied %d migration%s; schema version %d\n", p.applied,
		    p.applied == 1 ? "" : "s", ac_store_schema_version());
	else
		printf("schema version %d: up to date\n",
		    ac_store_schema_version());
	cli_end(&cf, st);
	return EXIT_SUCCESS;
}

/* What import and reanalyze read from their options. */
struct analysis_args {
	char		**sets;		/* --set values, in order */
	size_t		 nsets;
	const char	*vod_id;	/* --vod-id (import) */
	const char	*file;		/* import: the chat file ("-": stdin) */
	int		 fd;		/* import: it open, else -1 */
};

/* Options of import and reanalyze: --set (both), --vod-id (import). */
static int
analysis_opts(int argc, char *argv[], int import, struct analysis_args *a)
{
	enum { OPT_SET = 256, OPT_VODID };
	static const struct option longopts[] = {
		{ "set",	required_argument, NULL, OPT_SET },
		{ "vod-id",	required_argument, NULL, OPT_VODID },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SET:
			a->sets[a->nsets++] = optarg;
			break;
		case OPT_VODID:
			if (!import)
				goto bad;
			if (!ac_valid_vod_id(optarg)) {
				cli_warn("--vod-id: expected 1-64 of A-Z a-z 0-9 "
				    "_ -, not starting with -");
				return -1;
			}
			a->vod_id = optarg;
			break;
		case 'h':
			usage_storage(stdout);
			return 1;
		default:
			goto bad;
		}
	}
	return 0;
bad:
	usage_storage(stderr);
	return -1;
}

/* reanalyze's step: the --set values over the settings. */
static int
analysis_sets(struct ac_settings *cf, void *arg)
{
	struct analysis_args	*a = arg;

	return cli_apply_sets(&cf->hype, a->sets, a->nsets) == -1 ?
	    EXIT_USAGE : 0;
}

/* import's step: the --set values, then the chat file opened. */
static int
import_open(struct ac_settings *cf, void *arg)
{
	struct analysis_args	*a = arg;

	if (analysis_sets(cf, arg) != 0)
		return EXIT_USAGE;
	if (strcmp(a->file, "-") == 0)
		a->fd = STDIN_FILENO;
	else if ((a->fd = open(a->file, O_RDONLY | O_CLOEXEC)) == -1) {
		cli_warn("%s: %s", a->file, strerror(errno));
		return EXIT_BADINPUT;
	}
	return 0;
}

/* Print a saved result's stream id and clips. */
static int
print_saved(int64_t id, const char *vod_id, const struct ac_result *r)
{
	printf("stream %lld (vod %s): %llu messages, %zu clips\n",
	    (long long)id, vod_id, (unsigned long long)r->message_count,
	    r->nclips);
	ac_result_write_table(r, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("standard output: write error");
		return -1;
	}
	return 0;
}

/*
 * The options and the preamble of import and reanalyze: 0 to go on, -1
 * after --help, or an exit status.
 */
static int
analysis_begin(int argc, char *argv[], int import, struct analysis_args *a,
    struct ac_settings *cf, struct ac_store **st)
{
	struct cli_preamble	 p;
	int			 o;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	if ((a->sets = calloc(argc, sizeof(*a->sets))) == NULL) {
		cli_warn("out of memory");
		return EXIT_BADINPUT;
	}
	if ((o = analysis_opts(argc, argv, import, a)) != 0)
		return o > 0 ? -1 : EXIT_USAGE;
	memset(&p, 0, sizeof(p));
	p.nargs = 1;
	p.usage = usage_storage;
	p.step = import ? import_open : analysis_sets;
	p.arg = a;
	a->file = optind < argc ? argv[optind] : NULL;
	return cli_begin_with(argc, &p, cf, st);
}

int
cmd_import(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_import	*im = NULL;
	struct ac_import_out	 out;
	struct analysis_args	 a;
	struct ac_error		 err;
	const char		*name;
	int			 rc;
	enum ac_err		 e;

	memset(&out, 0, sizeof(out));
	if ((rc = analysis_begin(argc, argv, 1, &a, &cf, &st)) != 0) {
		if (a.fd > STDIN_FILENO)
			close(a.fd);
		free(a.sets);
		return rc == -1 ? EXIT_SUCCESS : rc;
	}
	name = strcmp(a.file, "-") == 0 ? "standard input" : a.file;
	rc = EXIT_BADINPUT;
	if (ac_import_begin(&im, &cf, st, &cf.hype, a.vod_id, &err) != AC_OK) {
		cli_warn("chat archive: %s", err.text);
		goto out;
	}
	if ((e = ac_import_read(im, ac_fd_read, &a.fd, &err)) != AC_OK) {
		cli_warn("%s: %s", name, err.text[0] != '\0' ? err.text :
		    ac_strerror(e));
		goto out;
	}
	if (a.vod_id == NULL &&
	    !ac_valid_vod_id(ac_import_chat_vod_id(im))) {
		cli_warn("%s: %s: use --vod-id", name,
		    ac_import_chat_vod_id(im)[0] == '\0' ?
		    "the chat does not name its VOD" : "the chat's VOD "
		    "id is not usable (1-64 of A-Z a-z 0-9 _ -)");
		goto out;
	}
	cli_report_skips(ac_import_stats(im));
	if (ac_import_finish(im, NULL, 0, &out, &err) != AC_OK) {
		cli_warn("%s", err.text);
		goto out;
	}
	if (print_saved(out.stream_id, out.vod_id, &out.result) == -1)
		goto out;
	rc = EXIT_SUCCESS;
out:
	if (a.fd > STDIN_FILENO)
		close(a.fd);
	free(a.sets);
	ac_import_free(im);
	ac_result_free(&out.result);
	cli_end(&cf, st);
	return rc;
}

int
cmd_reanalyze(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_chat_stats	 stats;
	struct ac_error		 err;
	struct ac_result	 result;
	struct ac_stream	 s;
	struct analysis_args	 a;
	const char		*vod_id;
	int			 rc;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	if ((rc = analysis_begin(argc, argv, 0, &a, &cf, &st)) != 0) {
		free(a.sets);
		return rc == -1 ? EXIT_SUCCESS : rc;
	}
	vod_id = argv[optind];
	rc = EXIT_BADINPUT;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s, &err)) != AC_OK) {
		cli_warn("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : err.text);
		goto out;
	}
	/* The library's rule: refused while a download runs on the VOD. */
	if ((e = ac_reanalyze(&cf, st, &s, &cf.hype, &result, &stats,
	    &err)) != AC_OK) {
		cli_warn("%s: %s", vod_id, err.text[0] != '\0' ? err.text :
		    ac_strerror(e));
		goto out;
	}
	cli_report_skips(&stats);
	if (print_saved(s.id, s.vod_id, &result) == -1)
		goto out;
	rc = EXIT_SUCCESS;
out:
	free(a.sets);
	ac_result_free(&result);
	cli_end(&cf, st);
	return rc;
}

int
cmd_list(int argc, char *argv[])
{
	struct ac_error	 dberr;
	enum { OPT_LIMIT = 256, OPT_OFFSET };
	static const struct option longopts[] = {
		{ "limit",	required_argument, NULL, OPT_LIMIT },
		{ "offset",	required_argument, NULL, OPT_OFFSET },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_stream	*v = NULL;
	size_t			 n = 0, i;
	long			 limit = LIST_DEFAULT, offset = 0;
	char			 ts[64];
	int			 c, rc = EXIT_USAGE;
	enum ac_err		 e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LIMIT:
			if (cli_parse_long("--limit", optarg, 1, AC_STORE_LIST_MAX,
			    &limit) == -1)
				return EXIT_USAGE;
			break;
		case OPT_OFFSET:
			if (cli_parse_long("--offset", optarg, 0, INT_MAX,
			    &offset) == -1)
				return EXIT_USAGE;
			break;
		case 'h':
			usage_storage(stdout);
			return EXIT_SUCCESS;
		default:
			usage_storage(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 0, usage_storage, &cf, &st)) != 0)
		return rc;
	rc = EXIT_BADINPUT;
	if ((e = ac_store_stream_list(st, (int)limit, (int)offset, &v,
	    &n, &dberr)) != AC_OK) {
		cli_warn("list: %s", e == AC_ERR_DB ? dberr.text :
		    ac_strerror(e));
		goto out;
	}
	printf("%6s  %-24s  %-8s  %5s  %9s  %-20s  %s\n", "ID", "VOD",
	    "STATUS", "CLIPS", "MESSAGES", "CREATED", "TITLE");
	for (i = 0; i < n; i++) {
		if (ac_ts_format((double)(int64_t)v[i].created_at, ts,
		    sizeof(ts)) < 0)
			ts[0] = '\0';
		printf("%6lld  %-24s  %-8s  %5lld  %9lld  %-20s  %s\n",
		    (long long)v[i].id, v[i].vod_id,
		    ac_stream_status_name(v[i].status),
		    (long long)v[i].clips_count, (long long)v[i].message_count,
		    ts, v[i].title);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(v);
	cli_end(&cf, st);
	return rc;
}

int
cmd_show(int argc, char *argv[])
{
	struct ac_error	 dberr;
	enum { OPT_FORMAT = 256 };
	static const struct option longopts[] = {
		{ "format",	required_argument, NULL, OPT_FORMAT },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_stream	 s;
	struct ac_stored_clip	*clips = NULL;
	size_t			 n = 0, i;
	const char		*vod_id;
	char			*json = NULL, a[32], b[32], p[32], ts[64];
	int			 c, rc = EXIT_USAGE, asjson = 0;
	enum ac_err		 e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				asjson = 1;
			else if (strcmp(optarg, "table") == 0)
				asjson = 0;
			else {
				cli_warn("--format: expected table or json");
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_storage(stdout);
			return EXIT_SUCCESS;
		default:
			usage_storage(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 1, usage_storage, &cf, &st)) != 0)
		return rc;
	vod_id = argv[optind];
	rc = EXIT_BADINPUT;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s, &dberr)) != AC_OK) {
		cli_warn("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : dberr.text);
		goto out;
	}
	if (asjson) {
		if ((e = ac_store_analysis_json(st, s.id, &json, &dberr)) !=
		    AC_OK) {
			cli_warn("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
			    "not analysed yet" : dberr.text);
			goto out;
		}
		puts(json);
	} else {
		if ((e = ac_store_clips(st, s.id, &clips, &n, &dberr)) !=
		    AC_OK) {
			cli_warn("%s: %s", vod_id, dberr.text);
			goto out;
		}
		if (!s.has_start || ac_ts_format(s.vod_start, ts,
		    sizeof(ts)) < 0)
			snprintf(ts, sizeof(ts), "unknown");
		printf("stream %lld  vod %s  status %s%s%s\n"
		    "title: %s\nchannel: %s\nstart: %s  messages: %lld\n",
		    (long long)s.id, s.vod_id, ac_stream_status_name(s.status),
		    s.error[0] != '\0' ? ": " : "", s.error, s.title,
		    s.channel, ts, (long long)s.message_count);
		printf("%6s  %4s  %9s  %9s  %9s  %7s  %3s  %s\n", "CLIP",
		    "RANK", "START", "END", "PEAK", "SCORE", "VIR", "STATUS");
		for (i = 0; i < n; i++) {
			ac_ts_hms(clips[i].start, a, sizeof(a));
			ac_ts_hms(clips[i].end, b, sizeof(b));
			ac_ts_hms(clips[i].peak, p, sizeof(p));
			printf("%6lld  %4d  %9s  %9s  %9s  %7.2f  %3d  %s\n",
			    (long long)clips[i].id, clips[i].rank, a, b, p,
			    clips[i].score, clips[i].virality,
			    ac_clip_status_name(clips[i].status));
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(json);
	free(clips);
	cli_end(&cf, st);
	return rc;
}

int
cmd_delete(int argc, char *argv[])
{
	struct ac_error	 dberr;
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_stream	 s;
	const char		*vod_id;
	int			 rc = EXIT_USAGE, o, reviewed;
	enum ac_err		 e;

	if ((o = plain_opts(argc, argv)) != 0)
		return o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	if ((rc = cli_begin(argc, 1, usage_storage, &cf, &st)) != 0)
		return rc;
	vod_id = argv[optind];
	rc = EXIT_BADINPUT;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s, &dberr)) != AC_OK) {
		cli_warn("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : dberr.text);
		goto out;
	}
	reviewed = ac_learn_reviewed(st, s.id);
	/* The row first: a stream is never left without its archive. */
	if ((e = ac_store_stream_delete(st, s.id, &dberr)) != AC_OK &&
	    e != AC_ERR_NOTFOUND) {
		cli_warn("%s: %s", vod_id, dberr.text);
		goto out;
	}
	/* Its reviewed clips were labels. */
	if (reviewed)
		ac_learn_again(&cf, st, s.channel);
	e = ac_archive_delete(&cf, st, vod_id, &dberr);
	if (e != AC_OK && e != AC_ERR_NOTFOUND) {
		cli_warn("%s: deleting the chat archive: %s", vod_id,
		    ac_strerror(e));
		goto out;
	}
	printf("deleted stream %lld (vod %s)\n", (long long)s.id, vod_id);
	rc = EXIT_SUCCESS;
out:
	cli_end(&cf, st);
	return rc;
}

static void
usage_cleanup(FILE *f)
{
	fprintf(f, "usage: %s cleanup [--max-age-minutes N]\n"
	    "Removes the temporaries of interrupted runs (chat archives being\n"
	    "written, uploads, converted MP4s) whose process is gone or older\n"
	    "than N minutes (default 60), and marks streams of killed imports\n"
	    "failed.  See autoclip(1).\n", PROGNAME);
}

int
cmd_cleanup(int argc, char *argv[])
{
	struct ac_error	 dberr;
	static const struct option longopts[] = {
		{ "max-age-minutes", required_argument, NULL, 'm' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_cleanup	 c;
	long			 age = 60;
	int			 ch, rc;
	enum ac_err		 e;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (cli_parse_long("--max-age-minutes", optarg, 0,
			    7 * 24 * 60, &age) == -1)
				return EXIT_USAGE;
			break;
		case 'h':
			usage_cleanup(stdout);
			return EXIT_SUCCESS;
		default:
			usage_cleanup(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 0, usage_cleanup, &cf, &st)) != 0)
		return rc;
	rc = EXIT_BADINPUT;
	if ((e = ac_cleanup(&cf, st, (double)age * 60, &c, &dberr)) != AC_OK) {
		cli_warn("cleanup: %s", e == AC_ERR_DB ? dberr.text :
		    ac_strerror(e));
		goto out;
	}
	printf("removed %lld file%s (%lld bytes), %lld interrupted "
	    "import%s marked failed\n", (long long)c.files,
	    c.files == 1 ? "" : "s", (long long)c.bytes, (long long)c.streams,
	    c.streams == 1 ? "" : "s");
	rc = EXIT_SUCCESS;
out:
	cli_end(&cf, st);
	return rc;
}
