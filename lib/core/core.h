/* SPDX-License-Identifier: ISC */
/*
 * core.h: the core layer: the logger, timestamps, settings, validators,
 * error filling, HTML/XML text.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_CORE_H
#define AC_CORE_H

#include <stdarg.h>
#include <stdio.h>

#include "autoclip.h"

/*
 * The one logger (log.c): one line to stderr, "PROG: WHERE: MESSAGE"
 * ("PROG: MESSAGE" when where is NULL).  PROG is "autoclip" until
 * ac_log_prog names the program (kept, not copied).
 */
void		 ac_log_prog(const char *name);
const char	*ac_log_name(void);
void		 ac_log(const char *where, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ac_vlog(const char *where, const char *fmt, va_list)
		    __attribute__((format(printf, 2, 0)));

/* ---------------------------------------------------------------------
 * Timestamps (timestamp.c)
 */

/*
 * Parse an ISO 8601 date-time ("2025-08-25T00:40:43Z",
 * "2025-08-25T00:40:43.123456+02:00", lower-case t/z accepted) or Kick's
 * "2025-08-25 00:40:43" (no zone: UTC) into seconds since the epoch.
 * Returns 0, or -1 when the text is not a valid date-time (calendar
 * checked, leap seconds clamped to :59).
 */
int		 ac_ts_parse(const char *s, size_t len, double *epoch);

/*
 * Format seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ", with up to
 * three fraction digits when the time is not whole.  Returns the length
 * written (excluding the NUL) or -1 when size is too small.
 */
int		 ac_ts_format(double epoch, char *buf, size_t size);

/* Format a duration in seconds as "H:MM:SS" (negative as "-H:MM:SS"). */
int		 ac_ts_hms(double seconds, char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Settings (config.c)
 */

/*
 * Settings shared by every program: the environment, over which the file
 * named by AUTOCLIP_CONF (".env" format) is read for keys the environment
 * does not set.  Analysis parameters may appear in the file as
 * HYPE_<NAME>=value (e.g. HYPE_WINDOW_S=12).
 */
/*
 * Bounds of gzip decoding: at most AC_MAX_INFLATED_DEFAULT decoded bytes (8 x
 * the largest upload), and once past AC_INFLATE_RATIO_FLOOR decoded bytes
 * at most AC_MAX_INFLATION_RATIO_DEFAULT times the compressed bytes read
 * (real chats compress 3-10x; a gzip bomb over 1000x).
 */
#define AC_MAX_INFLATED_DEFAULT		 (4ULL << 30)
#define AC_MAX_INFLATION_RATIO_DEFAULT	 100
#define AC_INFLATE_RATIO_FLOOR		 (16ULL << 20)

/*
 * Set this process's gzip bounds (ac_settings_load does so from
 * MAX_INFLATED_BYTES and MAX_INFLATION_RATIO).  Past them a read fails
 * with AC_ERR_TOOBIG.
 */
void		 ac_inflate_limits(uint64_t max_bytes, unsigned int max_ratio);

#define AC_EXPORT_MAX_HEIGHT_DEFAULT 1080

struct ac_settings {
	char		*database_url;
	char		*data_dir;
	char		*chat_storage_dir;
	int		 chat_storage_db;	/* CHAT_STORAGE=database */
	char		*debug_logs_dir;
	char		*api_token;		/* NULL when unset */
	char		*kick_api_url;
	char		*kick_web_api_url;
	int		 debug;
	int		 db_pool_size;
	struct ac_hype_config hype;
	/* Kick downloads and workers */
	char		*kick_user_agent;	/* KICK_USER_AGENT */
	char		*kick_referer;		/* KICK_REFERER */
	char		*kick_accept;		/* KICK_ACCEPT */
	int		 kick_concurrency;	/* KICK_CONCURRENCY, 1..64, default 8 */
	double		 kick_rate_limit;	/* KICK_RATE_LIMIT requests/s, 0 = none */
	char		*autoclip_bin;		/* AUTOCLIP_BIN: the worker program */
	int		 sendfile;		/* SENDFILE=x-sendfile: the server sends files */
	/* clip export */
	int		 export_max_height;	/* EXPORT_MAX_HEIGHT, default 1080 */
	int		 export_concurrency;	/* EXPORT_CONCURRENCY, default 2 */
	int64_t		 export_max_bytes;	/* EXPORT_MAX_BYTES, default 10 GiB */
	char		*kick_media_hosts;	/* KICK_MEDIA_HOSTS; NULL when unset */
	/* Hardening */
	char		*allowed_hosts;		/* ALLOWED_HOSTS: Host names loopback writes may use; NULL unset */
	uint64_t	 max_inflated_bytes;	/* MAX_INFLATED_BYTES: decoded bytes of a gzip chat */
	unsigned int	 max_inflation_ratio;	/* MAX_INFLATION_RATIO: decoded/compressed bytes */
	/* Learning from review */
	int		 learn_from_review;	/* LEARN_FROM_REVIEW: rank with learned weights (default 1) */
};

/*
 * Load the settings; "conf" overrides AUTOCLIP_CONF when not NULL.
 * Returns AC_OK, or an error naming the key or file line in err.
 */
enum ac_err	 ac_settings_load(struct ac_settings *, const char *conf,
		    struct ac_error *err);

/*
 * Apply a ".env"-format file's HYPE_* and lower-case parameter keys to a
 * hype configuration (used by "autoclip analyze --config").
 */
enum ac_err	 ac_hype_config_load(struct ac_hype_config *, const char *path,
		    struct ac_error *err);
void		 ac_settings_free(struct ac_settings *);

/*
 * Validators (valid.c).  Each returns 1 when valid, 0 otherwise.
 */
/* Whole decimal in [min, max], no sign '+', spaces or leading junk. */
int		 ac_valid_int(const char *s, int64_t min, int64_t max,
		    int64_t *out);
/* A positive int64 id. */
int		 ac_valid_id(const char *s, int64_t *out);
/* 8-4-4-4-12 hexadecimal digits. */
int		 ac_valid_uuid(const char *s);
/* Well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int		 ac_valid_utf8(const char *s, size_t len);
/* The index of s in values[] (NULL-terminated), or -1. */
int		 ac_valid_enum(const char *s, const char *const *values);
/*
 * A safe file name from a user's: the last path component, only
 * [A-Za-z0-9._-] kept (others become '_'), no leading dot, at most
 * size - 1 bytes; "file" when nothing is left.  Returns out.
 */
char		*ac_valid_filename(const char *in, char *out, size_t size);
/* Whether s is a valid VOD id: 1..64 of [A-Za-z0-9_-], not starting with '-'. */
int		 ac_valid_vod_id(const char *s);


/*
 * HTML and XML text (html.c): the one place where text is escaped (the
 * pages of the web layer, the engine's SVG).
 * ac_html_text escapes & < > " ' for character data and attributes,
 * drops control bytes but tab and newlines, and replaces invalid UTF-8
 * with U+FFFD; ac_html_url percent-encodes all but unreserved bytes;
 * ac_html_fmt writes the literal markup of fmt with %s (escaped text),
 * %u (URL component), %d (int), %I (int64_t), %.Nf (double), %%.
 * Each returns 0, or -1 on a write error or a bad format.
 */
int		 ac_html_text(FILE *, const char *);
int		 ac_html_url(FILE *, const char *);
int		 ac_html_fmt(FILE *, const char *fmt, ...);

/* --- internals (formerly lib/extern.h) --- */


/*
 * error.c: the one way the details of a failure travel.  A function that
 * can fail returns an enum ac_err and takes a "struct ac_error *err" last
 * (NULL: the caller wants only the code); it fills it with the code and
 * a text for the user.  The text may be one of the arguments (a prefix
 * added to a callee's message).  Each returns code.
 */
enum ac_err	 ac_error_set(struct ac_error *err, enum ac_err code,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same, with the input's byte offset and message number. */
enum ac_err	 ac__error(struct ac_error *err, enum ac_err code,
		    uint64_t offset, uint64_t message, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
/* The text a callee left in err (may be NULL) after prefix, with code. */
enum ac_err	 ac_error_prefix(struct ac_error *err, enum ac_err code,
		    const char *prefix);
/* Reset *err (may be NULL) to AC_OK with an empty text. */
void		 ac_error_clear(struct ac_error *err);

/*
 * Length of the valid UTF-8 sequence at p (p < e), 0 if invalid or cut:
 * no overlong forms, no surrogates, nothing above U+10FFFF.  Inline: the
 * JSON lexer calls it for every non-ASCII byte.
 */
static inline size_t
ac__utf8_seq(const unsigned char *p, const unsigned char *e)
{
	unsigned int	 c = p[0], lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return (e - p >= 2 && (p[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c < 0xf0) {
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		if (e - p < 3 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (e - p < 4 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* --- storage internals (valid.c) --- */

/*
 * Parse a whole decimal integer (optional '-', digits only) within
 * [min, max]: 0, or -1 when s is anything else.  ac__parse_id: 1..INT64_MAX.
 */
int		 ac__parse_int64(const char *s, int64_t min, int64_t max,
		    int64_t *out);
int		 ac__parse_id(const char *s, int64_t *out);

#endif /* !AC_CORE_H */
