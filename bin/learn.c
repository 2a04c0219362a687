/* SPDX-License-Identifier: ISC */
/*
 * learn.c: autoclip learn: fit the weights of the window features on the
 * library's reviewed clips (for all channels, then per channel), store
 * them, and print what was learned.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "work/work.h"
#include "cli.h"

static void
usage_learn(FILE *f)
{
	fprintf(f,
	    "usage: %s learn [--channel CHANNEL]\n"
	    "\n"
	    "Fit what the library's reviews teach (approved and rejected clips,\n"
	    "moved bounds): the weights of all channels, then those of CHANNEL\n"
	    "(without --channel: of every reviewed channel); store them for the\n"
	    "next analyses and print them.  See autoclip(1).\n",
	    PROGNAME);
}

/* One scope's weights, as "autoclip learn" prints them. */
static void
print_learned(void *arg, const struct ac_learned *l)
{
	size_t	 i;

	(void)arg;
	if (l->scope[0] == '\0')
		printf("all channels: ");
	else
		printf("channel %s: ", l->scope);
	if (!l->on) {
		printf("nothing reviewed (approve or reject clips first)\n");
		return;
	}
	printf("%u reviewed clip%s from %u VOD%s\n", l->labels,
	    l->labels == 1 ? "" : "s", l->vods, l->vods == 1 ? "" : "s");
	for (i = 0; i < AC_NFEAT; i++)
		printf("  %-9s %+.3f\n", ac_feat_name(i), l->w[i]);
	printf("  start shift %+.1f s, end shift %+.1f s\n", l->start_shift_s,
	    l->end_shift_s);
}

int
cmd_learn(int argc, char *argv[])
{
	enum { OPT_CHANNEL = 256 };
	static const struct option longopts[] = {
		{ "channel",	required_argument, NULL, OPT_CHANNEL },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct ac_settings	 cf;
	struct ac_store		*st = NULL;
	struct ac_error		 err;
	const char		*channel = NULL;
	int			 c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CHANNEL:
			if (optarg[0] == '\0' ||
			    strlen(optarg) >= AC_VOD_TEXT_MAX) {
				cli_warn("--channel: expected a channel name "
				    "(1 to %d bytes)", AC_VOD_TEXT_MAX - 1);
				return EXIT_USAGE;
			}
			channel = optarg;
			break;
		case 'h':
			usage_learn(stdout);
			return EXIT_SUCCESS;
		default:
			usage_learn(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_begin(argc, 0, usage_learn, &cf, &st)) != 0)
		return rc;
	rc = EXIT_BADINPUT;
	if (!cf.learn_from_review)
		cli_warn("LEARN_FROM_REVIEW is off: analyses do not use what "
		    "is learned");
	if (ac_learn(st, channel, print_learned, NULL, &err) != AC_OK) {
		cli_warn("learn: %s", err.text);
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("standard output: write error");
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	cli_end(&cf, st);
	return rc;
}
