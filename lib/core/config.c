/* SPDX-License-Identifier: ISC */
/*
 * config.c: the settings every autoclip program shares, from the
 * environment and a ".env"-format file, validated once at start.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"

#ifndef AC_BIN_PATH
#define AC_BIN_PATH	 "/usr/local/bin/autoclip"	/* set by the build */
#endif

#ifndef AC_DATA_DIR
#define AC_DATA_DIR	"/var/lib/autoclip"
#endif

#define CONF_LINE_MAX	4096	/* longest line of a configuration file */
#define CONF_LINES_MAX	10000	/* a file with more lines is not a config file */
#define HYPE_PREFIX	"HYPE_"

/* Called for each KEY=value of a file; returns 0, or -1 with err set. */
typedef int (*env_fn)(void *arg, const char *key, const char *value,
    struct ac_error *err);

/*
 * Read a ".env" file: "KEY=value" lines, optional "export ", blank lines
 * and "#" comments, values optionally in single or double quotes (no
 * escapes inside single quotes; \" and \\ inside double quotes).
 * Errors name the file and line.
 */
static enum ac_err
env_file_read(const char *path, env_fn fn, void *arg, struct ac_error *err)
{
	FILE		*f;
	char		 line[CONF_LINE_MAX + 2], value[CONF_LINE_MAX + 1];
	char		 key[128];
	struct ac_error	 sub;
	char		*p, *k, *v, *e;
	size_t		 len, n, lineno = 0;
	enum ac_err	 rc = AC_OK;

	if ((f = fopen(path, "r")) == NULL)
		return ac_error_set(err, AC_ERR_IO, "%s: %s", path,
		    strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (++lineno > CONF_LINES_MAX) {
			ac_error_set(err, AC_ERR_LIMIT,
			    "%s: more than %d lines",
			    path, CONF_LINES_MAX);
			rc = AC_ERR_LIMIT;
			break;
		}
		len = strlen(line);
		if (len > CONF_LINE_MAX) {
			ac_error_set(err, AC_ERR_LIMIT,
			    "%s:%zu: line longer than "
			    "%d bytes", path, lineno, CONF_LINE_MAX);
			rc = AC_ERR_LIMIT;
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			continue;
		if (*p == '\0' || *p == '#')
			continue;
		if (strncmp(p, "export ", 7) == 0)
			for (p += 7; *p == ' ' || *p == '\t'; p++)
				continue;
		k = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		n = (size_t)(p - k);
		while (*p == ' ' || *p == '\t')
			p++;
		if (n == 0 || n >= sizeof(key) || *p != '=') {
			ac_error_set(err, AC_ERR_VALUE,
			    "%s:%zu: expected KEY=value",
			    path, lineno);
			rc = AC_ERR_VALUE;
			break;
		}
		memcpy(key, k, n);
		key[n] = '\0';
		for (p++; *p == ' ' || *p == '\t'; p++)
			continue;
		v = value;
		if (*p == '"' || *p == '\'') {
			char q = *p++;

			while (*p != '\0' && *p != q) {
				if (q == '"' && *p == '\\' &&
				    (p[1] == '"' || p[1] == '\\'))
					p++;
				*v++ = *p++;
			}
			if (*p != q) {
				ac_error_set(err, AC_ERR_VALUE,
				    "%s:%zu: unterminated "
				    "quote in %s", path, lineno, key);
				rc = AC_ERR_VALUE;
				break;
			}
			for (p++; *p == ' ' || *p == '\t'; p++)
				continue;
			if (*p != '\0' && *p != '#') {
				ac_error_set(err, AC_ERR_VALUE,
				    "%s:%zu: text after the "
				    "quoted value of %s", path, lineno, key);
				rc = AC_ERR_VALUE;
				break;
			}
			*v = '\0';
		} else {
			/* Unquoted: up to a " #" comment, trailing blanks cut. */
			e = strstr(p, " #");
			n = e != NULL ? (size_t)(e - p) : strlen(p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			memcpy(value, p, n);
			value[n] = '\0';
		}
		if (fn(arg, key, value, &sub) == -1) {
			rc = ac_error_set(err, AC_ERR_VALUE, "%s:%zu: %s", path,
			    lineno, sub.text);
			break;
		}
	}
	if (rc == AC_OK && ferror(f)) {
		rc = ac_error_set(err, AC_ERR_IO, "%s: read error", path);
	}
	fclose(f);
	return rc;
}

/*
 * Map "HYPE_WINDOW_S" or "window_s" to the parameter name "window_s";
 * returns 0, or -1 when the key is neither form.
 */
static int
hype_key(const char *key, char *name, size_t size)
{
	size_t	 i, n;

	if (strncmp(key, HYPE_PREFIX, strlen(HYPE_PREFIX)) == 0) {
		key += strlen(HYPE_PREFIX);
		n = strlen(key);
		if (n == 0 || n >= size)
			return -1;
		for (i = 0; i <= n; i++)
			name[i] = (char)tolower((unsigned char)key[i]);
		return 0;
	}
	n = strlen(key);
	if (n == 0 || n >= size || !islower((unsigned char)key[0]))
		return -1;
	memcpy(name, key, n + 1);
	return 0;
}

static int
hype_file_fn(void *arg, const char *key, const char *value,
    struct ac_error *err)
{
	char	 name[128];

	if (hype_key(key, name, sizeof(name)) == -1)
		return 0;	/* a program setting: not ours here */
	if (ac_hype_config_set(arg, name, value, err) != AC_OK)
		return -1;
	return 0;
}

enum ac_err
ac_hype_config_load(struct ac_hype_config *cfg, const char *path,
    struct ac_error *err)
{
	return env_file_read(path, hype_file_fn, cfg, err);
}

/* The program settings, by name; each is a string until validated. */
enum setting {
	SET_DATABASE_URL,
	SET_DEBUG,
	SET_DATA_DIR,
	SET_CHAT_STORAGE,
	SET_CHAT_STORAGE_DIR,
	SET_DEBUG_LOGS_DIR,
	SET_API_TOKEN,
	SET_KICK_API_URL,
	SET_KICK_WEB_API_URL,
	SET_DB_POOL_SIZE,
	SET_KICK_USER_AGENT,
	SET_KICK_REFERER,
	SET_KICK_ACCEPT,
	SET_KICK_CONCURRENCY,
	SET_KICK_RATE_LIMIT,
	SET_AUTOCLIP_BIN,
	SET_SENDFILE,
	SET_EXPORT_MAX_HEIGHT,
	SET_EXPORT_CONCURRENCY,
	SET_EXPORT_MAX_BYTES,
	SET_KICK_MEDIA_HOSTS,
	SET_ALLOWED_HOSTS,
	SET_MAX_INFLATED_BYTES,
	SET_MAX_INFLATION_RATIO,
	SET_LEARN_FROM_REVIEW,
	SET__MAX
};

static const char *const setting_names[SET__MAX] = {
	"DATABASE_URL",		/* SET_DATABASE_URL */
	"DEBUG",		/* SET_DEBUG */
	"DATA_DIR",		/* SET_DATA_DIR */
	"CHAT_STORAGE",		/* SET_CHAT_STORAGE */
	"CHAT_STORAGE_DIR",	/* SET_CHAT_STORAGE_DIR */
	"DEBUG_LOGS_DIR",	/* SET_DEBUG_LOGS_DIR */
	"API_TOKEN",		/* SET_API_TOKEN */
	"KICK_API_URL",		/* SET_KICK_API_URL */
	"KICK_WEB_API_URL",	/* SET_KICK_WEB_API_URL */
	"DB_POOL_SIZE",		/* SET_DB_POOL_SIZE */
	"KICK_USER_AGENT",	/* SET_KICK_USER_AGENT */
	"KICK_REFERER",		/* SET_KICK_REFERER */
	"KICK_ACCEPT",		/* SET_KICK_ACCEPT */
	"KICK_CONCURRENCY",	/* SET_KICK_CONCURRENCY */
	"KICK_RATE_LIMIT",	/* SET_KICK_RATE_LIMIT */
	"AUTOCLIP_BIN",		/* SET_AUTOCLIP_BIN */
	"SENDFILE",		/* SET_SENDFILE */
	"EXPORT_MAX_HEIGHT",	/* SET_EXPORT_MAX_HEIGHT */
	"EXPORT_CONCURRENCY",	/* SET_EXPORT_CONCURRENCY */
	"EXPORT_MAX_BYTES",	/* SET_EXPORT_MAX_BYTES */
	"KICK_MEDIA_HOSTS",	/* SET_KICK_MEDIA_HOSTS */
	"ALLOWED_HOSTS",	/* SET_ALLOWED_HOSTS */
	"MAX_INFLATED_BYTES",	/* SET_MAX_INFLATED_BYTES */
	"MAX_INFLATION_RATIO",	/* SET_MAX_INFLATION_RATIO */
	"LEARN_FROM_REVIEW",	/* SET_LEARN_FROM_REVIEW */
};

struct raw_settings {
	char			*v[SET__MAX];	/* from the file; NULL when absent */
	struct ac_hype_config	*hype;
};

static int
settings_file_fn(void *arg, const char *key, const char *value,
    struct ac_error *err)
{
	struct raw_settings	*raw = arg;
	char			 name[128];
	size_t			 i;

	for (i = 0; i < SET__MAX; i++)
		if (strcmp(key, setting_names[i]) == 0)
			break;
	if (i < SET__MAX) {
		/* The environment wins over the file. */
		if (getenv(key) != NULL)
			return 0;
		free(raw->v[i]);
		if ((raw->v[i] = strdup(value)) == NULL) {
			ac_error_set(err, AC_ERR_NOMEM, "out of memory");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "AUTOCLIP_CONF") == 0)
		return 0;
	if (strncmp(key, HYPE_PREFIX, strlen(HYPE_PREFIX)) == 0 &&
	    hype_key(key, name, sizeof(name)) == 0) {
		if (getenv(key) != NULL)
			return 0;
		return ac_hype_config_set(raw->hype, name, value, err) ==
		    AC_OK ? 0 : -1;
	}
	ac_error_set(err, AC_ERR_VALUE, "unknown key %s", key);
	return -1;
}

/* Whether s is an absolute path with no NUL tricks or ".." components. */
static int
path_ok(const char *s)
{
	const char	*p;

	if (s[0] != '/' || strlen(s) > 1024)
		return 0;
	for (p = s; (p = strstr(p, "..")) != NULL; p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
			return 0;
	return 1;
}

/*
 * The autoclip a web request starts as a worker: the installed one for
 * installed programs; for programs of a build tree (or copies of them,
 * as test servers make), the build tree's when it is there.
 */
static const char *
default_bin(void)
{
#if defined(AC_BUILD_BIN_PATH) && defined(AC_INSTALL_DIRS)
	char		 exe[PATH_MAX];
	const char	*d, *e;
	size_t		 n;
	ssize_t		 len;

	if ((len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[len] = '\0';
		for (d = AC_INSTALL_DIRS; *d != '\0'; d = *e ? e + 1 : e) {
			e = d + strcspn(d, ":");
			n = (size_t)(e - d);
			if (n > 0 && strncmp(exe, d, n) == 0 && exe[n] == '/' &&
			    strchr(exe + n + 1, '/') == NULL)
				return AC_BIN_PATH;
		}
	}
	if (access(AC_BUILD_BIN_PATH, X_OK) == 0)
		return AC_BUILD_BIN_PATH;
#endif
	return AC_BIN_PATH;
}

static int
http_url_ok(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n > 512)
		return 0;
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return strchr(s, '/') + 2 < s + n;	/* a host follows "//" */
}

static int
bool_parse(const char *s, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off", "" };
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t	 n = strlen(dir) + strlen(name) + 2;
	char	*p;

	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* The environment's HYPE_* variables over the file's. */
static enum ac_err
hype_env(struct ac_hype_config *cfg, struct ac_error *err)
{
	char		 key[160], name[128];
	struct ac_error	 sub;
	const char	*v;
	size_t		 i, j, n;

	n = ac_hype_config_count();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s", ac_hype_config_name(i));
		snprintf(key, sizeof(key), HYPE_PREFIX "%s", name);
		for (j = 0; key[j] != '\0'; j++)
			key[j] = (char)toupper((unsigned char)key[j]);
		if ((v = getenv(key)) == NULL)
			continue;
		if (ac_hype_config_set(cfg, name, v, &sub) != AC_OK)
			return ac_error_set(err, AC_ERR_VALUE,
			    "environment %s: %s", key, sub.text);
	}
	return AC_OK;
}

enum ac_err
ac_settings_load(struct ac_settings *s, const char *conf,
    struct ac_error *err)
{
	struct raw_settings	 raw;
	const char		*v[SET__MAX];
	char			*end;
	long			 n;
	size_t			 i;
	enum ac_err		 rc;

	memset(s, 0, sizeof(*s));
	memset(&raw, 0, sizeof(raw));
	ac_hype_config_default(&s->hype);
	raw.hype = &s->hype;

	if (conf == NULL)
		conf = getenv("AUTOCLIP_CONF");
	if (conf != NULL && *conf != '\0' &&
	    (rc = env_file_read(conf, settings_file_fn, &raw, err)) != AC_OK)
		goto out;
	if ((rc = hype_env(&s->hype, err)) != AC_OK)
		goto out;
	if ((rc = ac_hype_config_check(&s->hype, err)) != AC_OK)
		goto out;
	for (i = 0; i < SET__MAX; i++) {
		v[i] = getenv(setting_names[i]);
		if (v[i] == NULL)
			v[i] = raw.v[i];
		if (v[i] != NULL && *v[i] == '\0' && i != SET_DEBUG)
			v[i] = NULL;	/* KEY= means "the default" */
	}

	rc = AC_ERR_VALUE;
#define BAD(key, why) do { \
	ac_error_set(err, AC_ERR_VALUE, "%s: %s", (key), (why)); goto out; \
} while (0)

	s->debug = 0;
	if (v[SET_DEBUG] != NULL && bool_parse(v[SET_DEBUG], &s->debug) == -1)
		BAD("DEBUG", "expected true or false");

	s->data_dir = strdup(v[SET_DATA_DIR] ? v[SET_DATA_DIR] : AC_DATA_DIR);
	if (s->data_dir == NULL)
		goto nomem;
	if (!path_ok(s->data_dir))
		BAD("DATA_DIR", "expected an absolute path without \"..\"");

	if (v[SET_DATABASE_URL] != NULL) {
		const char *u = v[SET_DATABASE_URL];

		if (strncmp(u, "sqlite://", 9) == 0) {
			if (!path_ok(u + 9))
				BAD("DATABASE_URL", "sqlite:// must be followed "
				    "by an absolute file path, as in "
				    "sqlite:///var/lib/autoclip/autoclip.db");
		} else if (strncmp(u, "postgresql://", 13) != 0 &&
		    strncmp(u, "postgres://", 11) != 0)
			BAD("DATABASE_URL", "expected sqlite:///path or "
			    "postgresql://...");
		s->database_url = strdup(u);
	} else {
		char *db = join_path(s->data_dir, "autoclip.db");

		if (db != NULL) {
			s->database_url = join_path("sqlite://", db + 1);
			free(db);
		}
	}
	if (s->database_url == NULL)
		goto nomem;

	s->chat_storage_db = 0;
	if (v[SET_CHAT_STORAGE] != NULL) {
		if (strcmp(v[SET_CHAT_STORAGE], "database") == 0)
			s->chat_storage_db = 1;
		else if (strcmp(v[SET_CHAT_STORAGE], "files") != 0)
			BAD("CHAT_STORAGE", "expected files or database");
	}
	s->chat_storage_dir = v[SET_CHAT_STORAGE_DIR] ?
	    strdup(v[SET_CHAT_STORAGE_DIR]) : join_path(s->data_dir, "chats");
	if (s->chat_storage_dir == NULL)
		goto nomem;
	if (!path_ok(s->chat_storage_dir))
		BAD("CHAT_STORAGE_DIR", "expected an absolute path without \"..\"");
	s->debug_logs_dir = v[SET_DEBUG_LOGS_DIR] ?
	    strdup(v[SET_DEBUG_LOGS_DIR]) : join_path(s->data_dir, "debug_logs");
	if (s->debug_logs_dir == NULL)
		goto nomem;
	if (!path_ok(s->debug_logs_dir))
		BAD("DEBUG_LOGS_DIR", "expected an absolute path without \"..\"");

	if (v[SET_API_TOKEN] != NULL) {
		if (strlen(v[SET_API_TOKEN]) < 16)
			BAD("API_TOKEN", "must be at least 16 characters");
		for (i = 0; v[SET_API_TOKEN][i] != '\0'; i++)
			if (!isgraph((unsigned char)v[SET_API_TOKEN][i]))
				BAD("API_TOKEN", "must be printable ASCII "
				    "without spaces");
		if ((s->api_token = strdup(v[SET_API_TOKEN])) == NULL)
			goto nomem;
	}

	s->kick_api_url = strdup(v[SET_KICK_API_URL] ?
	    v[SET_KICK_API_URL] : "https://kick.com");
	s->kick_web_api_url = strdup(v[SET_KICK_WEB_API_URL] ?
	    v[SET_KICK_WEB_API_URL] : "https://web.kick.com");
	if (s->kick_api_url == NULL || s->kick_web_api_url == NULL)
		goto nomem;
	if (!http_url_ok(s->kick_api_url))
		BAD("KICK_API_URL", "expected an http:// or https:// URL");
	if (!http_url_ok(s->kick_web_api_url))
		BAD("KICK_WEB_API_URL", "expected an http:// or https:// URL");

	s->db_pool_size = 4;
	if (v[SET_DB_POOL_SIZE] != NULL) {
		errno = 0;
		n = strtol(v[SET_DB_POOL_SIZE], &end, 10);
		if (errno != 0 || end == v[SET_DB_POOL_SIZE] || *end != '\0' ||
		    n < 1 || n > 256)
			BAD("DB_POOL_SIZE", "expected an integer from 1 to 256");
		s->db_pool_size = (int)n;
	}

	/* Kick requests: browser-like headers by default (Kick refuses others). */
	s->kick_user_agent = strdup(v[SET_KICK_USER_AGENT] ?
	    v[SET_KICK_USER_AGENT] : "Mozilla/5.0 (X11; Linux x86_64) "
	    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
	    "Safari/537.36");
	s->kick_referer = strdup(v[SET_KICK_REFERER] ?
	    v[SET_KICK_REFERER] : "https://kick.com/");
	s->kick_accept = strdup(v[SET_KICK_ACCEPT] ?
	    v[SET_KICK_ACCEPT] : "application/json, text/plain, */*");
	s->autoclip_bin = strdup(v[SET_AUTOCLIP_BIN] ?
	    v[SET_AUTOCLIP_BIN] : default_bin());
	if (s->kick_user_agent == NULL || s->kick_referer == NULL ||
	    s->kick_accept == NULL || s->autoclip_bin == NULL)
		goto nomem;
	for (i = SET_KICK_USER_AGENT; i <= SET_KICK_ACCEPT; i++)
		if (v[i] != NULL && (strlen(v[i]) > 512 ||
		    strpbrk(v[i], "\r\n") != NULL))
			BAD(setting_names[i], "expected one line of at most "
			    "512 bytes");
	if (!path_ok(s->autoclip_bin))
		BAD("AUTOCLIP_BIN", "expected an absolute path without \"..\"");
	s->kick_concurrency = 8;
	if (v[SET_KICK_CONCURRENCY] != NULL) {
		errno = 0;
		n = strtol(v[SET_KICK_CONCURRENCY], &end, 10);
		if (errno != 0 || end == v[SET_KICK_CONCURRENCY] ||
		    *end != '\0' || n < 1 || n > 64)
			BAD("KICK_CONCURRENCY", "expected an integer from 1 "
			    "to 64");
		s->kick_concurrency = (int)n;
	}
	s->kick_rate_limit = 20;
	if (v[SET_KICK_RATE_LIMIT] != NULL) {
		errno = 0;
		s->kick_rate_limit = strtod(v[SET_KICK_RATE_LIMIT], &end);
		if (errno != 0 || end == v[SET_KICK_RATE_LIMIT] ||
		    *end != '\0' || !(s->kick_rate_limit >= 0) ||
		    s->kick_rate_limit > 10000)
			BAD("KICK_RATE_LIMIT", "expected requests per second "
			    "from 0 (no cap) to 10000");
	}
	s->sendfile = 0;
	if (v[SET_SENDFILE] != NULL) {
		if (strcmp(v[SET_SENDFILE], "x-sendfile") == 0)
			s->sendfile = 1;
		else if (strcmp(v[SET_SENDFILE], "none") != 0)
			BAD("SENDFILE", "expected x-sendfile or none");
	}
	/* Clip export (README "Clips as MP4"). */
	s->export_max_height = AC_EXPORT_MAX_HEIGHT_DEFAULT;
	if (v[SET_EXPORT_MAX_HEIGHT] != NULL) {
		int64_t	 x;

		if (ac__parse_int64(v[SET_EXPORT_MAX_HEIGHT], 100, 4320, &x) == -1)
			BAD("EXPORT_MAX_HEIGHT", "expected a height in pixels "
			    "from 100 to 4320");
		s->export_max_height = (int)x;
	}
	s->export_concurrency = 2;
	if (v[SET_EXPORT_CONCURRENCY] != NULL) {
		int64_t	 x;

		if (ac__parse_int64(v[SET_EXPORT_CONCURRENCY], 1, 64, &x) == -1)
			BAD("EXPORT_CONCURRENCY", "expected an integer from 1 "
			    "to 64");
		s->export_concurrency = (int)x;
	}
	s->export_max_bytes = 10LL * 1024 * 1024 * 1024;
	if (v[SET_EXPORT_MAX_BYTES] != NULL &&
	    ac__parse_int64(v[SET_EXPORT_MAX_BYTES], 1024 * 1024, INT64_MAX / 2,
	    &s->export_max_bytes) == -1)
		BAD("EXPORT_MAX_BYTES", "expected bytes, at least 1048576");
	if (v[SET_KICK_MEDIA_HOSTS] != NULL) {
		if (strlen(v[SET_KICK_MEDIA_HOSTS]) > 2048 ||
		    strspn(v[SET_KICK_MEDIA_HOSTS], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[], ") !=
		    strlen(v[SET_KICK_MEDIA_HOSTS]))
			BAD("KICK_MEDIA_HOSTS", "expected host or host:port "
			    "names separated by commas");
		if ((s->kick_media_hosts = strdup(v[SET_KICK_MEDIA_HOSTS])) ==
		    NULL)
			goto nomem;
	}
	if (v[SET_ALLOWED_HOSTS] != NULL) {
		const char *h = v[SET_ALLOWED_HOSTS];

		if (strlen(h) > 1024 || strspn(h, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[], ") != strlen(h))
			BAD("ALLOWED_HOSTS", "expected host names (name or "
			    "name:port), comma or space separated");
		if ((s->allowed_hosts = strdup(h)) == NULL)
			goto nomem;
	}
	s->max_inflated_bytes = AC_MAX_INFLATED_DEFAULT;
	if (v[SET_MAX_INFLATED_BYTES] != NULL) {
		unsigned long long u;

		errno = 0;
		u = strtoull(v[SET_MAX_INFLATED_BYTES], &end, 10);
		if (errno != 0 || end == v[SET_MAX_INFLATED_BYTES] ||
		    *end != '\0' || v[SET_MAX_INFLATED_BYTES][0] == '-' ||
		    u < 1048576 || u > (1ULL << 50))
			BAD("MAX_INFLATED_BYTES", "expected bytes from 1048576 "
			    "to 2^50");
		s->max_inflated_bytes = u;
	}
	s->max_inflation_ratio = AC_MAX_INFLATION_RATIO_DEFAULT;
	if (v[SET_MAX_INFLATION_RATIO] != NULL) {
		errno = 0;
		n = strtol(v[SET_MAX_INFLATION_RATIO], &end, 10);
		if (errno != 0 || end == v[SET_MAX_INFLATION_RATIO] ||
		    *end != '\0' || n < 2 || n > 100000)
			BAD("MAX_INFLATION_RATIO", "expected an integer from 2 "
			    "to 100000");
		s->max_inflation_ratio = (unsigned int)n;
	}
	/* Learning from review (README "Learning from review"): on by default. */
	s->learn_from_review = 1;
	if (v[SET_LEARN_FROM_REVIEW] != NULL &&
	    bool_parse(v[SET_LEARN_FROM_REVIEW], &s->learn_from_review) == -1)
		BAD("LEARN_FROM_REVIEW", "expected true or false");
#undef BAD
	ac_inflate_limits(s->max_inflated_bytes, s->max_inflation_ratio);
	rc = AC_OK;
	goto out;
nomem:
	rc = ac_error_set(err, AC_ERR_NOMEM, "out of memory");
out:
	for (i = 0; i < SET__MAX; i++)
		free(raw.v[i]);
	if (rc != AC_OK)
		ac_settings_free(s);
	return rc;
}

void
ac_settings_free(struct ac_settings *s)
{
	free(s->database_url);
	free(s->data_dir);
	free(s->chat_storage_dir);
	free(s->debug_logs_dir);
	free(s->api_token);
	free(s->kick_api_url);
	free(s->kick_web_api_url);
	free(s->kick_user_agent);
	free(s->kick_referer);
	free(s->kick_accept);
	free(s->autoclip_bin);
	free(s->kick_media_hosts);
	free(s->allowed_hosts);
	memset(s, 0, sizeof(*s));
}
