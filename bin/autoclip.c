/* SPDX-License-Identifier: ISC */
/*
 * autoclip.c: the command-line tool: the list of commands and main().
 * Each command group is one file (analyze.c, storage.c, kick.c); what
 * they share, the preamble (options, settings, store), is preamble.c.
 * The tool parses arguments, calls libautoclip and prints; the work is
 * in the library.
 *
 * Exit status: 0 success, 1 bad input or a failure to read or write,
 * 2 bad usage or configuration.
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
#include "cli.h"

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
	    "  learn     learn from the reviewed clips how to rank analyses\n"
	    "  cleanup   remove what interrupted runs left behind\n"
	    "\n"
	    "Run \"%s COMMAND --help\" for a command's options; see autoclip(1).\n",
	    PROGNAME, PROGNAME, PROGNAME);
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
	{ "learn",	cmd_learn },
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
	cli_warn("unknown command \"%s\"", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
