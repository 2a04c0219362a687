/* SPDX-License-Identifier: ISC */
/*
 * log.c: the one logger.  Every line the library and the programs write
 * to standard error has one form, "PROG: WHERE: MESSAGE" ("PROG: MESSAGE"
 * without a where), PROG being the program's name (ac_log_prog; by default
 * "autoclip").  A web server puts these lines in its error log.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/core.h"

static const char	*prog = "autoclip";

void
ac_log_prog(const char *name)
{
	if (name != NULL && name[0] != '\0')
		prog = name;
}

const char *
ac_log_name(void)
{
	return prog;
}

void
ac_vlog(const char *where, const char *fmt, va_list ap)
{
	char	 msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (where != NULL && where[0] != '\0')
		fprintf(stderr, "%s: %s: %s\n", prog, where, msg);
	else
		fprintf(stderr, "%s: %s\n", prog, msg);
}

void
ac_log(const char *where, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	ac_vlog(where, fmt, ap);
	va_end(ap);
}
