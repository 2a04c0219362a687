/* SPDX-License-Identifier: ISC */
/* error.c: the library's version and error descriptions. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"

static const char *const errs[AC_ERR__MAX] = {
	"success",				/* AC_OK */
	"out of memory",			/* AC_ERR_NOMEM */
	"input/output error",			/* AC_ERR_IO */
	"malformed input",			/* AC_ERR_SYNTAX */
	"not a chat autoclip understands",	/* AC_ERR_SHAPE */
	"limit exceeded",			/* AC_ERR_LIMIT */
	"invalid value",			/* AC_ERR_VALUE */
	"stopped by the caller",		/* AC_ERR_STOPPED */
	"not found",				/* AC_ERR_NOTFOUND */
	"database schema mismatch",		/* AC_ERR_SCHEMA */
	"database error",			/* AC_ERR_DB */
	"input too large once decompressed",	/* AC_ERR_TOOBIG */
	"busy: a job is working on it",		/* AC_ERR_BUSY */
};

const char *
ac_version(void)
{
	return PACKAGE_VERSION;
}

const char *
ac_strerror(enum ac_err code)
{
	if ((unsigned int)code >= AC_ERR__MAX)
		return "unknown error";
	return errs[code];
}

/* Format into a copy first, so that err->text may be one of the arguments. */
static enum ac_err
error_vset(struct ac_error *err, enum ac_err code, uint64_t offset,
    uint64_t message, const char *fmt, va_list ap)
{
	char	 text[sizeof(err->text)];

	if (err == NULL)
		return code;
	vsnprintf(text, sizeof(text), fmt, ap);
	err->code = code;
	err->offset = offset;
	err->message = message;
	memcpy(err->text, text, sizeof(text));
	return code;
}

enum ac_err
ac__error(struct ac_error *err, enum ac_err code, uint64_t offset,
    uint64_t message, const char *fmt, ...)
{
	va_list		 ap;
	enum ac_err	 rc;

	va_start(ap, fmt);
	rc = error_vset(err, code, offset, message, fmt, ap);
	va_end(ap);
	return rc;
}

enum ac_err
ac_error_set(struct ac_error *err, enum ac_err code, const char *fmt, ...)
{
	va_list		 ap;
	enum ac_err	 rc;

	va_start(ap, fmt);
	rc = error_vset(err, code, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

enum ac_err
ac_error_prefix(struct ac_error *err, enum ac_err code, const char *prefix)
{
	if (err == NULL)
		return code;
	return ac_error_set(err, code, "%s%s", prefix, err->text);
}

void
ac_error_clear(struct ac_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}
