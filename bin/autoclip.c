/* SPDX-License-Identifier: ISC */
/*
 * autoclip.c: the command-line tool.  It parses arguments, calls
 * libautoclip and prints; the work is in the library.
 *
 * Exit status: 0 success, 1 bad input or a failure to read or write,
 * 2 bad usage or configuration.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"

#define EXIT_BADINPUT	1
#define EXIT_USAGE	2
#define TOP_MAX		1000	/* --top above this is a usage error */
#define LIST_DEFAULT	50	/* streams "list" prints unless --limit says */

static const char *progname = "autoclip";

static void
warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The command's messages: the library's logger, "autoclip: ...". */
static void
warnx_(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ac_vlog(NULL, fmt, ap);
	va_end(ap);
}

static void
usage_analyze(FILE *f)
{
	fprintf(f,
	    "usage: %s analyze [--format json|table|csv] [--top N] "
	    "[--config FILE]\n"
	    "                  [--set KEY=VALUE]... [--vod-start TIME] "
	    "[--svg FILE] FILE|-\n"
	    "\n"
	    "Read a Kick chat (JSON array, {\"messages\": ...} object, Kick API\n"
	    "pages or NDJSON; gzip or not; - for standard input) and list its\n"
	    "clip-worthy moments, best first.\n"
	    "\n"
	    "  --format F       table (default, for people), json (the contract)"
	    " or csv\n"
	    "  --top N          the N best candidates, even below the threshold\n"
	    "  --config FILE    analysis parameters (.env format, HYPE_NAME=value)\n"
	    "  --set KEY=VALUE  one parameter (see --list-params); repeatable\n"
	    "  --vod-start TIME VOD start when the chat does not say "
	    "(ISO 8601 or\n"
	    "                   \"YYYY-MM-DD HH:MM:SS\" UTC)\n"
	    "  --svg FILE       also write the hype chart with the clips as SVG\n"
	    "  --pretty         indent the JSON\n"
	    "  --list-params    print the analysis parameters and their defaults\n",
	    progname);
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s COMMAND [OPTIONS]\n"
	    "       %s --help | --version\n"
	    "\n"
	    "Commands:\n"
	    "  analyze   find the clip-worthy moments of a chat file\n"
	    "  migrate   create or upgrade the database schema\n"
	    "  import    analyse a chat file, store it and archive its chat\n"
	    "  reanalyze analyse a stored VOD again from its chat archive\n"
	    "  list      list the stored VODs, newest first\n"
	    "  show      print a stored VOD's analysis and clips\n"
	    "  delete    delete a stored VOD, its clips, jobs and archive\n"
	    "  fetch     download a Kick VOD's chat by its link, analyse, store\n"
	    "  worker    run queued download and export jobs\n"
	    "  export    cut a clip (or a VOD's approved clips) as MP4\n"
	    "  cleanup   remove what interrupted runs left behind\n"
	    "\n"
	    "Run \"%s COMMAND --help\" for a command's options; see autoclip(1).\n",
	    progname, progname, progname);
}

static void
list_params(const struct ac_hype_config *cfg)
{
	size_t	 i, n = ac_hype_config_count();

	for (i = 0; i < n; i++)
		printf("%-22s %-10g %s\n", ac_hype_config_name(i),
		    ac_hype_config_get(cfg, i), ac_hype_config_help(i));
}

/* Apply "KEY=VALUE" to the configuration; 0 or -1 (message printed). */
static int
set_param(struct ac_hype_config *cfg, const char *arg)
{
	char		 key[128], err[256];
	const char	*eq;
	size_t		 n;

	if ((eq = strchr(arg, '=')) == NULL || (n = eq - arg) == 0 ||
	    n >= sizeof(key)) {
		warnx_("--set: expected KEY=VALUE, got \"%s\"", arg);
		return -1;
	}
	memcpy(key, arg, n);
	key[n] = '\0';
	if (ac_hype_config_set(cfg, key, eq + 1, err, sizeof(err)) != AC_OK) {
		warnx_("--set: %s", err);
		return -1;
	}
	return 0;
}

static void
report_skips(const struct ac_chat_stats *st)
{
	uint64_t	 skipped;

	skipped = st->no_timestamp + st->bad_message + st->too_large;
	if (skipped == 0)
		return;
	warnx_("skipped %llu of %llu messages (%llu without a usable "
	    "timestamp, %llu malformed, %llu too large); first: message "
	    "%llu, %s", (unsigned long long)skipped,
	    (unsigned long long)(skipped + st->messages),
	    (unsigned long long)st->no_timestamp,
	    (unsigned long long)st->bad_message,
	    (unsigned long long)st->too_large,
	    (unsigned long long)st->first_skipped, st->first_skip_reason);
}

static int
write_svg(const struct ac_result *r, const char *path)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "w")) == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		return -1;
	}
	rc = ac_result_write_svg(r, f);
	if (fclose(f) != 0 || rc == -1) {
		warnx_("%s: write error", path);
		return -1;
	}
	return 0;
}

static int
cmd_analyze(int argc, char *argv[])
{
	enum { OPT_FORMAT = 256, OPT_TOP, OPT_CONFIG, OPT_SET, OPT_VODSTART,
	    OPT_SVG, OPT_PRETTY, OPT_LIST };
	static const struct option longopts[] = {
		{ "format",	required_argument, NULL, OPT_FORMAT },
		{ "top",	required_argument, NULL, OPT_TOP },
		{ "config",	required_argument, NULL, OPT_CONFIG },
		{ "set",	required_argument, NULL, OPT_SET },
		{ "vod-start",	required_argument, NULL, OPT_VODSTART },
		{ "svg",	required_argument, NULL, OPT_SVG },
		{ "pretty",	no_argument,	   NULL, OPT_PRETTY },
		{ "list-params", no_argument,	   NULL, OPT_LIST },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 settings;
	struct ac_chat_stats	 stats;
	struct ac_error		 err;
	struct ac_result	 result;
	struct ac_vod		 vod;
	struct ac_hype		*hype = NULL;
	const char		*format = "table", *svg = NULL;
	char			 ebuf[512], *end, *json;
	double			 vod_start = 0;
	long			 top = 0;
	int			 c, i, pretty = 0, list = 0, have_vod_start = 0;
	int			 rc = EXIT_USAGE, nsets = 0, nconfigs = 0;
	const char		**sets = NULL, **configs = NULL;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	if ((sets = calloc(argc, sizeof(*sets))) == NULL ||
	    (configs = calloc(argc, sizeof(*configs))) == NULL) {
		warnx_("out of memory");
		free(sets);
		return EXIT_BADINPUT;
	}
	if (ac_settings_load(&settings, NULL, ebuf, sizeof(ebuf)) != AC_OK) {
		warnx_("configuration: %s", ebuf);
		goto out_args;
	}

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "table") != 0 &&
			    strcmp(optarg, "csv") != 0) {
				warnx_("--format: expected json, table or csv");
				goto out;
			}
			format = optarg;
			break;
		case OPT_TOP:
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    top < 1 || top > TOP_MAX) {
				warnx_("--top: expected an integer from 1 to %d",
				    TOP_MAX);
				goto out;
			}
			break;
		case OPT_CONFIG:
			configs[nconfigs++] = optarg;
			break;
		case OPT_SET:
			sets[nsets++] = optarg;
			break;
		case OPT_VODSTART:
			if (ac_ts_parse(optarg, strlen(optarg), &vod_start) ==
			    -1) {
				warnx_("--vod-start: expected an ISO 8601 time "
				    "or \"YYYY-MM-DD HH:MM:SS\" (UTC)");
				goto out;
			}
			have_vod_start = 1;
			break;
		case OPT_SVG:
			svg = optarg;
			break;
		case OPT_PRETTY:
			pretty = 1;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case 'h':
			usage_analyze(stdout);
			rc = EXIT_SUCCESS;
			goto out;
		default:
			usage_analyze(stderr);
			goto out;
		}
	}

	/* Defaults, then the environment, --config files, --set, in order. */
	for (i = 0; i < nconfigs; i++)
		if (ac_hype_config_load(&settings.hype, configs[i], ebuf,
		    sizeof(ebuf)) != AC_OK) {
			warnx_("--config: %s", ebuf);
			goto out;
		}
	for (i = 0; i < nsets; i++)
		if (set_param(&settings.hype, sets[i]) == -1)
			goto out;
	if (ac_hype_config_check(&settings.hype, ebuf, sizeof(ebuf)) != AC_OK) {
		warnx_("%s", ebuf);
		goto out;
	}
	if (list) {
		list_params(&settings.hype);
		rc = EXIT_SUCCESS;
		goto out;
	}
	if (argc - optind != 1) {
		usage_analyze(stderr);
		goto out;
	}

	rc = EXIT_BADINPUT;
	if ((hype = ac_hype_new(&settings.hype)) == NULL) {
		warnx_("out of memory");
		goto out;
	}
	ac_vod_init(&vod);
	memset(&err, 0, sizeof(err));
	e = ac_chat_read_path(argv[optind], ac_hype_add, hype, &vod, &stats,
	    &err);
	if (e != AC_OK) {
		warnx_("%s: %s", strcmp(argv[optind], "-") == 0 ?
		    "standard input" : argv[optind],
		    err.text[0] != '\0' ? err.text : ac_strerror(e));
		goto out;
	}
	report_skips(&stats);
	if (!vod.has_start && have_vod_start) {
		vod.has_start = 1;
		vod.start_time = vod_start;
	}
	if ((e = ac_hype_finish(hype, &vod, (int)top, &result)) != AC_OK) {
		warnx_("analysis failed: %s", ac_strerror(e));
		goto out;
	}
	if (result.message_count == 0)
		warnx_("the chat has no usable messages");

	if (strcmp(format, "json") == 0) {
		if ((json = ac_result_json(&result, pretty)) == NULL) {
			warnx_("out of memory");
			goto out;
		}
		puts(json);
		free(json);
	} else if (strcmp(format, "csv") == 0)
		ac_result_write_csv(&result, stdout);
	else
		ac_result_write_table(&result, stdout);
	if (svg != NULL && write_svg(&result, svg) == -1)
		goto out;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx_("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	ac_result_free(&result);
	ac_hype_free(hype);
	ac_settings_free(&settings);
out_args:
	free(sets);
	free(configs);
	return rc;
}

/* --- storage commands ------------------------------------------------ */

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
	    progname, progname, progname, progname, progname, progname);
}

/* A whole decimal integer in [min, max]; 0, or -1 with a message. */
static int
parse_long(const char *opt, const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || s[0] == ' ' || s[0] == '+' || errno != 0 ||
	    *end != '\0' || v < min || v > max) {
		warnx_("%s: expected an integer from %ld to %ld", opt, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The storage commands' common start: settings, --set/--vod-id/... are
 * parsed by the caller.  Opens the store without migrating: an old
 * schema is reported with the advice to run "autoclip migrate".
 */
static int
store_open(const struct ac_settings *cf, struct ac_store **st)
{
	char		 ebuf[512];
	enum ac_err	 e;

	if ((e = ac_store_open(st, cf->database_url, 0, NULL, ebuf,
	    sizeof(ebuf))) != AC_OK) {
		warnx_("database: %s", ebuf[0] != '\0' ? ebuf :
		    ac_strerror(e));
		return -1;
	}
	return 0;
}

static int
load_settings(struct ac_settings *cf)
{
	char	 ebuf[512];

	if (ac_settings_load(cf, NULL, ebuf, sizeof(ebuf)) != AC_OK) {
		warnx_("configuration: %s", ebuf);
		return -1;
	}
	return 0;
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

static int
cmd_migrate(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st;
	char			 ebuf[512], dbdir[PATH_MAX];
	const char		*path;
	size_t			 len;
	int			 applied = 0, o;
	enum ac_err		 e;

	if ((o = plain_opts(argc, argv)) != 0)
		return o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	if (argc - optind != 0) {
		usage_storage(stderr);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	/* The default SQLite file lives in DATA_DIR: create that if missing. */
	if (strncmp(cf.database_url, "sqlite://", 9) == 0) {
		path = cf.database_url + 9;
		len = strlen(cf.data_dir);
		if (strncmp(path, cf.data_dir, len) == 0 && path[len] == '/' &&
		    strchr(path + len + 1, '/') == NULL &&
		    len < sizeof(dbdir)) {
			memcpy(dbdir, cf.data_dir, len + 1);
			if (mkdir(dbdir, 0700) == -1 && errno != EEXIST) {
				warnx_("%s: %s", dbdir, strerror(errno));
				ac_settings_free(&cf);
				return EXIT_BADINPUT;
			}
		}
	}
	if ((e = ac_store_open(&st, cf.database_url, 1, &applied, ebuf,
	    sizeof(ebuf))) != AC_OK) {
		warnx_("migrate: %s", ebuf[0] != '\0' ? ebuf : ac_strerror(e));
		ac_settings_free(&cf);
		return EXIT_BADINPUT;
	}
	if (applied > 0)
		printf("applied %d migration%s; schema version %d\n", applied,
		    applied == 1 ? "" : "s", ac_store_schema_version());
	else
		printf("schema version %d: up to date\n",
		    ac_store_schema_version());
	ac_store_close(st);
	ac_settings_free(&cf);
	return EXIT_SUCCESS;
}

/* Options of import and reanalyze: --set (both), --vod-id (import). */
static int
analysis_opts(int argc, char *argv[], int import, struct ac_settings *cf,
    const char **vod_id)
{
	enum { OPT_SET = 256, OPT_VODID };
	static const struct option longopts[] = {
		{ "set",	required_argument, NULL, OPT_SET },
		{ "vod-id",	required_argument, NULL, OPT_VODID },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	char	 ebuf[512];
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SET:
			if (set_param(&cf->hype, optarg) == -1)
				return -1;
			break;
		case OPT_VODID:
			if (!import)
				goto bad;
			if (!ac_valid_vod_id(optarg)) {
				warnx_("--vod-id: expected 1-64 of A-Z a-z 0-9 "
				    "_ -, not starting with -");
				return -1;
			}
			*vod_id = optarg;
			break;
		case 'h':
			usage_storage(stdout);
			return 1;
		default:
			goto bad;
		}
	}
	if (ac_hype_config_check(&cf->hype, ebuf, sizeof(ebuf)) != AC_OK) {
		warnx_("%s", ebuf);
		return -1;
	}
	if (argc - optind != 1)
		goto bad;
	return 0;
bad:
	usage_storage(stderr);
	return -1;
}

/* Print a saved result's stream id and clips. */
static int
print_saved(struct ac_store *st, int64_t id, const char *vod_id,
    const struct ac_result *r)
{
	printf("stream %lld (vod %s): %llu messages, %zu clips\n",
	    (long long)id, vod_id, (unsigned long long)r->message_count,
	    r->nclips);
	ac_result_write_table(r, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx_("standard output: write error");
		return -1;
	}
	return 0;
}

static int
cmd_import(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_import	*im = NULL;
	struct ac_import_out	 out;
	struct ac_error		 err;
	const char		*vod_id = NULL, *file, *name;
	char			 ebuf[512];
	int			 rc = EXIT_USAGE, o, fd = -1;
	enum ac_err		 e;

	memset(&out, 0, sizeof(out));
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	if ((o = analysis_opts(argc, argv, 1, &cf, &vod_id)) != 0) {
		rc = o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
		goto out;
	}
	file = argv[optind];
	name = strcmp(file, "-") == 0 ? "standard input" : file;
	rc = EXIT_BADINPUT;
	if (strcmp(file, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		warnx_("%s: %s", file, strerror(errno));
		goto out;
	}
	if (store_open(&cf, &st) == -1)
		goto out;
	if (ac_import_begin(&im, &cf, st, &cf.hype, vod_id, ebuf,
	    sizeof(ebuf)) != AC_OK) {
		warnx_("chat archive: %s", ebuf);
		goto out;
	}
	if ((e = ac_import_read(im, ac_fd_read, &fd, &err)) != AC_OK) {
		warnx_("%s: %s", name, err.text[0] != '\0' ? err.text :
		    ac_strerror(e));
		goto out;
	}
	if (vod_id == NULL && !ac_valid_vod_id(ac_import_chat_vod_id(im))) {
		warnx_("%s: %s: use --vod-id", name,
		    ac_import_chat_vod_id(im)[0] == '\0' ?
		    "the chat does not name its VOD" : "the chat's VOD "
		    "id is not usable (1-64 of A-Z a-z 0-9 _ -)");
		goto out;
	}
	report_skips(ac_import_stats(im));
	if (ac_import_finish(im, NULL, 0, &out, ebuf, sizeof(ebuf)) != AC_OK) {
		warnx_("%s", ebuf);
		goto out;
	}
	printf("stream %lld (vod %s): %llu messages, %zu clips\n",
	    (long long)out.stream_id, out.vod_id,
	    (unsigned long long)out.result.message_count, out.result.nclips);
	ac_result_write_table(&out.result, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx_("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	if (fd > STDIN_FILENO)
		close(fd);
	ac_import_free(im);
	ac_result_free(&out.result);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static int
cmd_reanalyze(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_chat_stats	 stats;
	struct ac_error		 err;
	struct ac_result	 result;
	struct ac_stream	 s;
	const char		*vod_id;
	int			 rc = EXIT_USAGE, o;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	if ((o = analysis_opts(argc, argv, 0, &cf, NULL)) != 0) {
		rc = o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
		goto out;
	}
	vod_id = argv[optind];
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s)) != AC_OK) {
		warnx_("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : ac_store_errmsg(st));
		goto out;
	}
	/* The library's rule: refused while a download runs on the VOD. */
	if ((e = ac_reanalyze(&cf, st, &s, &cf.hype, &result, &stats,
	    &err)) != AC_OK) {
		warnx_("%s: %s", vod_id, e == AC_ERR_DB ? ac_store_errmsg(st) :
		    err.text[0] != '\0' ? err.text : ac_strerror(e));
		goto out;
	}
	report_skips(&stats);
	if (print_saved(st, s.id, s.vod_id, &result) == -1)
		goto out;
	rc = EXIT_SUCCESS;
out:
	ac_result_free(&result);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static int
cmd_list(int argc, char *argv[])
{
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
			if (parse_long("--limit", optarg, 1, AC_STORE_LIST_MAX,
			    &limit) == -1)
				return EXIT_USAGE;
			break;
		case OPT_OFFSET:
			if (parse_long("--offset", optarg, 0, INT_MAX,
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
	if (argc - optind != 0) {
		usage_storage(stderr);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_store_stream_list(st, (int)limit, (int)offset, &v,
	    &n)) != AC_OK) {
		warnx_("list: %s", e == AC_ERR_DB ? ac_store_errmsg(st) :
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
		warnx_("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(v);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static int
cmd_show(int argc, char *argv[])
{
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
				warnx_("--format: expected table or json");
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
	if (argc - optind != 1) {
		usage_storage(stderr);
		return EXIT_USAGE;
	}
	vod_id = argv[optind];
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s)) != AC_OK) {
		warnx_("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : ac_store_errmsg(st));
		goto out;
	}
	if (asjson) {
		if ((e = ac_store_analysis_json(st, s.id, &json)) != AC_OK) {
			warnx_("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
			    "not analysed yet" : ac_store_errmsg(st));
			goto out;
		}
		puts(json);
	} else {
		if ((e = ac_store_clips(st, s.id, &clips, &n)) != AC_OK) {
			warnx_("%s: %s", vod_id, ac_store_errmsg(st));
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
		warnx_("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(json);
	free(clips);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static int
cmd_delete(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_stream	 s;
	const char		*vod_id;
	int			 rc = EXIT_USAGE, o;
	enum ac_err		 e;

	if ((o = plain_opts(argc, argv)) != 0)
		return o > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	if (argc - optind != 1) {
		usage_storage(stderr);
		return EXIT_USAGE;
	}
	vod_id = argv[optind];
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_store_stream_get_vod(st, vod_id, &s)) != AC_OK) {
		warnx_("%s: %s", vod_id, e == AC_ERR_NOTFOUND ?
		    "no such VOD in the database" : ac_store_errmsg(st));
		goto out;
	}
	/* The row first: a stream is never left without its archive. */
	if ((e = ac_store_stream_delete(st, s.id)) != AC_OK &&
	    e != AC_ERR_NOTFOUND) {
		warnx_("%s: %s", vod_id, ac_store_errmsg(st));
		goto out;
	}
	e = ac_archive_delete(&cf, st, vod_id);
	if (e != AC_OK && e != AC_ERR_NOTFOUND) {
		warnx_("%s: deleting the chat archive: %s", vod_id,
		    ac_strerror(e));
		goto out;
	}
	printf("deleted stream %lld (vod %s)\n", (long long)s.id, vod_id);
	rc = EXIT_SUCCESS;
out:
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

/* --- cleanup ---------------------------------------------------------- */

static void
usage_cleanup(FILE *f)
{
	fprintf(f, "usage: %s cleanup [--max-age-minutes N]\n"
	    "Removes the temporaries of interrupted runs (chat archives being\n"
	    "written, uploads, converted MP4s) whose process is gone or older\n"
	    "than N minutes (default 60), and marks streams of killed imports\n"
	    "failed.  See autoclip(1).\n", progname);
}

static int
cmd_cleanup(int argc, char *argv[])
{
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
			if (parse_long("--max-age-minutes", optarg, 0,
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
	if (argc - optind != 0) {
		usage_cleanup(stderr);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_cleanup(&cf, st, (double)age * 60, &c)) != AC_OK) {
		warnx_("cleanup: %s", e == AC_ERR_DB ? ac_store_errmsg(st) :
		    ac_strerror(e));
		goto out;
	}
	printf("removed %lld file%s (%lld bytes), %lld interrupted "
	    "import%s marked failed\n", (long long)c.files,
	    c.files == 1 ? "" : "s", (long long)c.bytes, (long long)c.streams,
	    c.streams == 1 ? "" : "s");
	rc = EXIT_SUCCESS;
out:
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

/* --- Kick: fetch and worker ------------------------------------------ */

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
	    progname, progname);
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
		    "%llu retries, ETA %s\n", progname, p->progress * 100,
		    (unsigned long long)p->messages,
		    (unsigned long long)p->requests,
		    (unsigned long long)p->retries, eta);
	}
	fflush(stderr);
	return 0;
}

static int
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
	struct bar		 b;
	char			 ebuf[512], *json = NULL;
	long			 conc = 0;
	int			 c, bg = 0, rc = EXIT_USAGE;
	enum ac_err		 e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONC:
			if (parse_long("--concurrency", optarg, 1, 64,
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
	if (argc - optind != 1) {
		usage_kick(stderr);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	if (conc > 0)
		cf.kick_concurrency = (int)conc;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if ((e = ac_job_submit(st, argv[optind], &t, ebuf,
	    sizeof(ebuf))) != AC_OK) {
		warnx_("%s", ebuf);
		goto out;
	}
	if (bg) {
		/* What the web flow does: queue, make sure a worker runs, answer. */
		if (!t.analyzed && ac_worker_spawn(&cf, ebuf, sizeof(ebuf)) !=
		    AC_OK) {
			warnx_("starting a worker: %s", ebuf);
			goto out;
		}
		if ((e = ac_job_ticket_json(st, &t, &json)) != AC_OK) {
			warnx_("%s: %s", t.vod_id, e == AC_ERR_DB ?
			    ac_store_errmsg(st) : ac_strerror(e));
			goto out;
		}
		puts(json);
		rc = EXIT_SUCCESS;
		goto out;
	}
	memset(&b, 0, sizeof(b));
	b.tty = isatty(STDERR_FILENO);
	/* Run queued jobs here until ours ends; show another worker's progress. */
	e = t.analyzed ? AC_OK : ac_job_wait(&cf, st, t.job_id, bar_show, &b,
	    ebuf, sizeof(ebuf));
	if (b.tty && !t.analyzed)
		fputc('\n', stderr);
	if (e != AC_OK) {
		warnx_("%s: %s", t.vod_id, ebuf);
		goto out;
	}
	if ((e = ac_store_analysis_json(st, t.stream_id, &json)) == AC_OK) {
		struct ac_stream s;

		struct ac_stored_clip *clips = NULL;
		size_t i, n = 0;
		char a[32], z[32], pk[32];

		if (ac_store_stream_get(st, t.stream_id, &s) == AC_OK)
			printf("stream %lld (vod %s): %lld messages, %s\n",
			    (long long)s.id, s.vod_id,
			    (long long)s.message_count, s.title);
		if (ac_store_clips(st, t.stream_id, &clips, &n) == AC_OK) {
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
		warnx_("%s: no analysis stored", t.vod_id);
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	free(json);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static int
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
			if (parse_long("--idle-exit", optarg, 1, 86400,
			    &idle) == -1)
				return EXIT_USAGE;
			break;
		case OPT_STALE:
			if (parse_long("--stale-after", optarg, 1, 86400,
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
	if (argc - optind != 0) {
		usage_kick(stderr);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if (ac_worker_loop(&cf, st, once, (double)idle, (double)stale,
	    stderr) == 0)
		rc = EXIT_SUCCESS;
out:
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

/* --- export: clips as MP4 cut from the VOD's HLS ----------------------- */

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
	    progname, progname);
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
		    progname, b->what, p->progress * 100, p->segments,
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
		warnx_("%s: name too long", path);
		return -1;
	}
	if (ac_export_open(f, st, &rd) == -1) {
		warnx_("%s: %s", f->path, strerror(errno));
		return -1;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1) {
		warnx_("%s: %s", tmp, strerror(errno));
		ac_export_close(&rd);
		return -1;
	}
	while (off < f->size) {
		if ((n = ac_export_pread(&rd, buf, sizeof(buf), off)) <= 0) {
			warnx_("reading the export failed");
			goto fail;
		}
		for (k = 0; k < (size_t)n; k += (size_t)w)
			if ((w = write(out, buf + k, (size_t)n - k)) == -1) {
				warnx_("%s: %s", path, strerror(errno));
				goto fail;
			}
		off += n;
	}
	ac_export_close(&rd);
	if (close(out) == -1 || rename(tmp, path) == -1) {
		warnx_("%s: %s", path, strerror(errno));
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
	struct ac_export_progress	 p;
	struct ac_job			 j;
	char				 ebuf[512], worker[64];
	int				 nrec;

	if (gethostname(worker, sizeof(worker) - 24) == -1)
		snprintf(worker, sizeof(worker), "host");
	worker[sizeof(worker) - 24] = '\0';
	snprintf(worker + strlen(worker), 24, ":%ld", (long)getpid());
	for (;;) {
		if (ac_store_job_get(st, id, &j) != AC_OK) {
			warnx_("job %lld: %s", (long long)id, ac_store_errmsg(st));
			return -1;
		}
		if (j.state == AC_JOB_DONE)
			return 0;
		if (j.state == AC_JOB_FAILED ||
		    j.state == AC_JOB_CANCELLED) {
			if (b->tty)
				fputc('\n', stderr);
			warnx_("%s: %s", b->what, j.message[0] != '\0' ?
			    j.message : ac_job_state_name(j.state));
			return -1;
		}
		if (j.state == AC_JOB_QUEUED) {
			(void)ac_store_job_reclaim(st, AC_JOB_STALE_S, &nrec);
			if (ac_store_job_claim_capped(st, worker,
			    ac_export_kind(), cf->export_concurrency, &j) ==
			    AC_OK) {
				if (strcmp(j.kind, ac_export_kind()) == 0)
					(void)ac_export_run(cf, st, &j, worker,
					    j.id == id ? xbar_show : NULL, b,
					    ebuf, sizeof(ebuf));
				else
					(void)ac_job_run(cf, st, &j, worker,
					    NULL, NULL, ebuf, sizeof(ebuf));
				if (b->tty && j.id == id)
					fputc('\n', stderr);
				continue;
			}
		} else {
			(void)ac_job_reclaim_dead(st, &j, &nrec);
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
	struct ac_export_ticket	 t;
	struct ac_export_file	 f;
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_job		 j;
	struct xbar		 b;
	char			 ebuf[512], name[200], what[32], full[PATH_MAX];

	if (ac_export_submit(cf, st, clip, o, &t, ebuf, sizeof(ebuf)) !=
	    AC_OK) {
		warnx_("clip %lld: %s", (long long)clip, ebuf);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.tty = isatty(STDERR_FILENO);
	b.last = time(NULL);
	snprintf(what, sizeof(what), "clip %lld", (long long)clip);
	b.what = what;
	if (!t.done && export_wait(cf, st, t.job_id, &b) == -1)
		return -1;
	if (ac_export_job_file(cf, st, t.job_id, &f, &j) != AC_OK) {
		warnx_("clip %lld: the export is not on disk (evicted?); run "
		    "again", (long long)clip);
		return -1;
	}
	if (path == NULL) {
		if (ac_store_clip_get(st, clip, &c) != AC_OK ||
		    ac_store_stream_get(st, c.stream_id, &s) != AC_OK) {
			warnx_("clip %lld: %s", (long long)clip,
			    ac_store_errmsg(st));
			return -1;
		}
		ac_export_filename(&s, &c, name, sizeof(name));
		if (snprintf(full, sizeof(full), "%s/%s", dir != NULL ? dir :
		    ".", name) >= (int)sizeof(full)) {
			warnx_("%s: name too long", dir);
			return -1;
		}
		path = full;
	}
	if (copy_out(st, &f, path) == -1)
		return -1;
	ac_export_touch(st, &f);
	printf("%s\t%lld bytes\t%s\n", path, (long long)f.size,
	    ac_export_message_parse(j.message, &(struct ac_export_progress){ 0 },
	    ebuf, sizeof(ebuf)) == 0 ? ebuf : "");
	return 0;
}

static int
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
				warnx_("--quality: 1-32 letters, digits, '_' "
				    "or '-'");
				return EXIT_USAGE;
			}
			snprintf(o.quality, sizeof(o.quality), "%s", optarg);
			break;
		case OPT_EXACT:
			o.exact = 1;
			break;
		case OPT_PAD:
			if (parse_long("--pad", optarg, 0, AC_EXPORT_PAD_MAX,
			    &pad) == -1)
				return EXIT_USAGE;
			o.pad_s = (double)pad;
			break;
		case OPT_VOD:
			vod = optarg;
			break;
		case OPT_STATUS:
			if (ac_valid_enum(optarg, statuses) < 0) {
				warnx_("--status: pending, approved or "
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
		warnx_("-o %s: not a directory", out);
		return EXIT_USAGE;
	}
	if (load_settings(&cf) == -1)
		return EXIT_USAGE;
	rc = EXIT_BADINPUT;
	if (store_open(&cf, &st) == -1)
		goto out;
	if (vod == NULL) {
		if (export_one(&cf, st, clip, &o, out, NULL) == 0)
			rc = EXIT_SUCCESS;
		goto out;
	}
	if (ac_store_stream_get_vod(st, vod, &s) != AC_OK ||
	    ac_store_clips(st, s.id, &clips, &n) != AC_OK) {
		warnx_("%s: no such VOD", vod);
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
		warnx_("%s: no %s clip", vod, status);
out:
	free(clips);
	ac_store_close(st);
	ac_settings_free(&cf);
	return rc;
}

static const struct command {
	const char	*name;
	int		(*fn)(int, char *[]);
} commands[] = {
	{ "analyze",	cmd_analyze },
	{ "migrate",	cmd_migrate },
	{ "import",	cmd_import },
	{ "reanalyze",	cmd_reanalyze },
	{ "list",	cmd_list },
	{ "show",	cmd_show },
	{ "delete",	cmd_delete },
	{ "fetch",	cmd_fetch },
	{ "worker",	cmd_worker },
	{ "export",	cmd_export },
	{ "cleanup",	cmd_cleanup },
};

int
main(int argc, char *argv[])
{
	size_t	 i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("autoclip %s\n", ac_version());
		return EXIT_SUCCESS;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	warnx_("unknown command \"%s\"", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
