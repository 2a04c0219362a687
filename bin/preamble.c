/* SPDX-License-Identifier: ISC */
/*
 * preamble.c: what every command starts with: its messages (the
 * library's logger), whole-number options, --set, the settings and the
 * store.
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
#include "cli.h"

/* The command's messages: the library's logger, "autoclip: ...". */
void
cli_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ac_vlog(NULL, fmt, ap);
	va_end(ap);
}

/* Apply "KEY=VALUE" to the configuration; 0 or -1 (message printed). */
int
cli_set_param(struct ac_hype_config *cfg, const char *arg)
{
	char		 key[128], err[256];
	const char	*eq;
	size_t		 n;

	if ((eq = strchr(arg, '=')) == NULL || (n = eq - arg) == 0 ||
	    n >= sizeof(key)) {
		cli_warn("--set: expected KEY=VALUE, got \"%s\"", arg);
		return -1;
	}
	memcpy(key, arg, n);
	key[n] = '\0';
	if (ac_hype_config_set(cfg, key, eq + 1, err, sizeof(err)) != AC_OK) {
		cli_warn("--set: %s", err);
		return -1;
	}
	return 0;
}

void
cli_report_skips(const struct ac_chat_stats *st)
{
	uint64_t	 skipped;

	skipped = st->no_timestamp + st->bad_message + st->too_large;
	if (skipped == 0)
		return;
	cli_warn("skipped %llu of %llu messages (%llu without a usable "
	    "timestamp, %llu malformed, %llu too large); first: message "
	    "%llu, %s", (unsigned long long)skipped,
	    (unsigned long long)(skipped + st->messages),
	    (unsigned long long)st->no_timestamp,
	    (unsigned long long)st->bad_message,
	    (unsigned long long)st->too_large,
	    (unsigned long long)st->first_skipped, st->first_skip_reason);
}

/* A whole decimal integer in [min, max]; 0, or -1 with a message. */
int
cli_parse_long(const char *opt, const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || s[0] == ' ' || s[0] == '+' || errno != 0 ||
	    *end != '\0' || v < min || v > max) {
		cli_warn("%s: expected an integer from %ld to %ld", opt, min, max);
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
int
cli_store_open(const struct ac_settings *cf, struct ac_store **st)
{
	char		 ebuf[512];
	enum ac_err	 e;

	if ((e = ac_store_open(st, cf->database_url, 0, NULL, ebuf,
	    sizeof(ebuf))) != AC_OK) {
		cli_warn("database: %s", ebuf[0] != '\0' ? ebuf :
		    ac_strerror(e));
		return -1;
	}
	return 0;
}

int
cli_settings_load(struct ac_settings *cf)
{
	char	 ebuf[512];

	if (ac_settings_load(cf, NULL, ebuf, sizeof(ebuf)) != AC_OK) {
		cli_warn("configuration: %s", ebuf);
		return -1;
	}
	return 0;
}

int
cli_begin(int argc, int nargs, void (*usage)(FILE *),
    struct ac_settings *cf, struct ac_store **st)
{
	if (argc - optind != nargs) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_settings_load(cf) == -1)
		return EXIT_USAGE;
	if (st != NULL && cli_store_open(cf, st) == -1) {
		ac_settings_free(cf);
		return EXIT_BADINPUT;
	}
	return 0;
}

void
cli_end(struct ac_settings *cf, struct ac_store *st)
{
	ac_store_close(st);
	ac_settings_free(cf);
}
