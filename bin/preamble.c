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
	char		 key[128];
	struct ac_error	 err;
	const char	*eq;
	size_t		 n;

	if ((eq = strchr(arg, '=')) == NULL || (n = eq - arg) == 0 ||
	    n >= sizeof(key)) {
		cli_warn("--set: expected KEY=VALUE, got \"%s\"", arg);
		return -1;
	}
	memcpy(key, arg, n);
	key[n] = '\0';
	if (ac_hype_config_set(cfg, key, eq + 1, &err) != AC_OK) {
		cli_warn("--set: %s", err.text);
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

int
cli_apply_sets(struct ac_hype_config *cfg, char *const *sets, size_t n)
{
	struct ac_error	 ebuf;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (cli_set_param(cfg, sets[i]) == -1)
			return -1;
	if (ac_hype_config_check(cfg, &ebuf) != AC_OK) {
		cli_warn("%s", ebuf.text);
		return -1;
	}
	return 0;
}

int
cli_begin_with(int argc, struct cli_preamble *p, struct ac_settings *cf,
    struct ac_store **st)
{
	struct ac_error	 ebuf;
	enum ac_err	 e;
	int		 rc;

	if (p->nargs >= 0 && argc - optind != p->nargs) {
		p->usage(stderr);
		return EXIT_USAGE;
	}
	if (ac_settings_load(cf, NULL, &ebuf) != AC_OK) {
		cli_warn("configuration: %s", ebuf.text);
		return EXIT_USAGE;
	}
	if (p->step != NULL && (rc = p->step(cf, p->arg)) != 0) {
		ac_settings_free(cf);
		return rc;
	}
	if (st == NULL)
		return 0;
	/* Without migrating, an old schema asks for "autoclip migrate". */
	ac_error_clear(&ebuf);
	if ((e = ac_store_open(st, cf->database_url, p->migrate, &p->applied,
	    &ebuf)) != AC_OK) {
		cli_warn("%s: %s", p->migrate ? "migrate" : "database",
		    ebuf.text[0] != '\0' ? ebuf.text : ac_strerror(e));
		ac_settings_free(cf);
		return EXIT_BADINPUT;
	}
	return 0;
}

int
cli_begin(int argc, int nargs, void (*usage)(FILE *),
    struct ac_settings *cf, struct ac_store **st)
{
	struct cli_preamble	 p;

	memset(&p, 0, sizeof(p));
	p.nargs = nargs;
	p.usage = usage;
	return cli_begin_with(argc, &p, cf, st);
}

void
cli_end(struct ac_settings *cf, struct ac_store *st)
{
	ac_store_close(st);
	ac_settings_free(cf);
}
