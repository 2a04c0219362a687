/* SPDX-License-Identifier: ISC */
/* analyze.c: "autoclip analyze": a chat file to clips, without a store. */
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
#include "cli.h"

#define TOP_MAX		1000	/* --top above this is a usage error */

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
	    PROGNAME);
}

static void
list_params(const struct ac_hype_config *cfg)
{
	size_t	 i, n = ac_hype_config_count();

	for (i = 0; i < n; i++)
		printf("%-22s %-10g %s\n", ac_hype_config_name(i),
		    ac_hype_config_get(cfg, i), ac_hype_config_help(i));
}

static int
write_svg(const struct ac_result *r, const char *path)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "w")) == NULL) {
		cli_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	rc = ac_result_write_svg(r, f);
	if (fclose(f) != 0 || rc == -1) {
		cli_warn("%s: write error", path);
		return -1;
	}
	return 0;
}

/* The parameters' sources on the command line, applied by the preamble. */
struct param_args {
	char		**configs;	/* --config files */
	char		**sets;		/* --set values */
	size_t		 nconfigs, nsets;
};

/* Defaults, the environment (the settings), --config files, --set, in order. */
static int
param_step(struct ac_settings *cf, void *arg)
{
	struct param_args	*a = arg;
	struct ac_error		 ebuf;
	size_t			 i;

	for (i = 0; i < a->nconfigs; i++)
		if (ac_hype_config_load(&cf->hype, a->configs[i], &ebuf) !=
		    AC_OK) {
			cli_warn("--config: %s", ebuf.text);
			return EXIT_USAGE;
		}
	return cli_apply_sets(&cf->hype, a->sets, a->nsets) == -1 ?
	    EXIT_USAGE : 0;
}

int
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
	char			*end, *json;
	double			 vod_start = 0;
	long			 top = 0;
	int			 c, pretty = 0, list = 0, have_vod_start = 0;
	int			 rc = EXIT_USAGE;
	struct param_args	 pa;
	struct cli_preamble	 p;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	memset(&pa, 0, sizeof(pa));
	if ((pa.sets = calloc(argc, sizeof(*pa.sets))) == NULL ||
	    (pa.configs = calloc(argc, sizeof(*pa.configs))) == NULL) {
		cli_warn("out of memory");
		free(pa.sets);
		return EXIT_BADINPUT;
	}

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "table") != 0 &&
			    strcmp(optarg, "csv") != 0) {
				cli_warn("--format: expected json, table or csv");
				goto out_args;
			}
			format = optarg;
			break;
		case OPT_TOP:
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    top < 1 || top > TOP_MAX) {
				cli_warn("--top: expected an integer from 1 to %d",
				    TOP_MAX);
				goto out_args;
			}
			break;
		case OPT_CONFIG:
			pa.configs[pa.nconfigs++] = optarg;
			break;
		case OPT_SET:
			pa.sets[pa.nsets++] = optarg;
			break;
		case OPT_VODSTART:
			if (ac_ts_parse(optarg, strlen(optarg), &vod_start) ==
			    -1) {
				cli_warn("--vod-start: expected an ISO 8601 time "
				    "or \"YYYY-MM-DD HH:MM:SS\" (UTC)");
				goto out_args;
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
			goto out_args;
		default:
			usage_analyze(stderr);
			goto out_args;
		}
	}

	/* The operand is checked below: --list-params needs none. */
	memset(&p, 0, sizeof(p));
	p.nargs = -1;
	p.usage = usage_analyze;
	p.step = param_step;
	p.arg = &pa;
	if ((rc = cli_begin_with(argc, &p, &settings, NULL)) != 0)
		goto out_args;
	rc = EXIT_USAGE;
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
		cli_warn("out of memory");
		goto out;
	}
	ac_vod_init(&vod);
	memset(&err, 0, sizeof(err));
	e = ac_chat_read_path(argv[optind], ac_hype_add, hype, &vod, &stats,
	    &err);
	if (e != AC_OK) {
		cli_warn("%s: %s", strcmp(argv[optind], "-") == 0 ?
		    "standard input" : argv[optind],
		    err.text[0] != '\0' ? err.text : ac_strerror(e));
		goto out;
	}
	cli_report_skips(&stats);
	if (!vod.has_start && have_vod_start) {
		vod.has_start = 1;
		vod.start_time = vod_start;
	}
	if ((e = ac_hype_finish(hype, &vod, (int)top, &result)) != AC_OK) {
		cli_warn("analysis failed: %s", ac_strerror(e));
		goto out;
	}
	if (result.message_count == 0)
		cli_warn("the chat has no usable messages");

	if (strcmp(format, "json") == 0) {
		if ((json = ac_result_json(&result, pretty)) == NULL) {
			cli_warn("out of memory");
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
		cli_warn("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	ac_result_free(&result);
	ac_hype_free(hype);
	ac_settings_free(&settings);
out_args:
	free(pa.sets);
	free(pa.configs);
	return rc;
}
