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

/* --set values over the parameters, then their check: 0, or -1 (message). */
int	 cli_apply_sets(struct ac_hype_config *, char *const *sets, size_t n);

/*
 * The one preamble, after a command's options: exactly nargs operands
 * (else usage on stderr, EXIT_USAGE; nargs -1: the command checked them),
 * the settings (EXIT_USAGE), the command's own step when there is one
 * (--set values, a file to read, a directory to make: 0, or an exit
 * status after a message), then the store when st is not NULL
 * (EXIT_BADINPUT; migrated when migrate is set, "migrate: " then in its
 * messages and the migrations applied in *applied).  0 to go on, or the
 * exit status with nothing left open.
 */
struct cli_preamble {
	int		 nargs;
	void		(*usage)(FILE *);
	int		(*step)(struct ac_settings *, void *arg);
	void		*arg;
	int		 migrate;
	int		 applied;
};
int	 cli_begin_with(int argc, struct cli_preamble *, struct ac_settings *,
	    struct ac_store **st);
/* cli_begin_with without a step or migrations. */
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
