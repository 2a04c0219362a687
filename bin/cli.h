/* SPDX-License-Identifier: ISC */
/* cli.h: what the files of the command share: exit codes, the preamble, the commands. */
#ifndef CLI_H
#define CLI_H

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"

#define PROGNAME	"autoclip"
#define EXIT_BADINPUT	1
#define EXIT_USAGE	2

/* preamble.c */
/* A message on stderr: "autoclip: ...". */
void	 cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A whole decimal integer in [min, max]; 0, or -1 with a message. */
int	 cli_parse_long(const char *opt, const char *s, long min, long max,
	    long *out);
/* --set KEY=VALUE into cfg: 0, or -1 with a message. */
int	 cli_set_param(struct ac_hype_config *cfg, const char *arg);
/* A note of the messages skipped while reading a chat, if any. */
void	 cli_report_skips(const struct ac_chat_stats *);
/* The settings (getenv, .env): 0, or -1 with a message (exit 2). */
int	 cli_settings_load(struct ac_settings *);
/* The store, not migrated (an old schema asks for "autoclip migrate"): 0, or -1 with a message (exit 1). */
int	 cli_store_open(const struct ac_settings *, struct ac_store **);

/*
 * After a command's options: exactly nargs operands (else usage on stderr,
 * EXIT_USAGE), the settings (EXIT_USAGE), the store when st is not NULL
 * (EXIT_BADINPUT).  0 to go on, or the exit status with nothing left open.
 */
int	 cli_begin(int argc, int nargs, void (*usage)(FILE *),
	    struct ac_settings *, struct ac_store **st);
/* The store closed and the settings freed (both may be unset). */
void	 cli_end(struct ac_settings *, struct ac_store *);

/* The commands: argv[0] is the command's name; the exit status. */
int	 cmd_analyze(int, char *[]);
int	 cmd_migrate(int, char *[]);
int	 cmd_import(int, char *[]);
int	 cmd_reanalyze(int, char *[]);
int	 cmd_list(int, char *[]);
int	 cmd_show(int, char *[]);
int	 cmd_delete(int, char *[]);
int	 cmd_cleanup(int, char *[]);
int	 cmd_fetch(int, char *[]);
int	 cmd_worker(int, char *[]);
int	 cmd_export(int, char *[]);
int	 cmd_learn(int, char *[]);

#endif /* !CLI_H */
