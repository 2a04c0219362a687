/* SPDX-License-Identifier: ISC */
/*
 * hls.c: HLS playlists of a VOD, read strictly and within bounds: the
 * master (variants), a media playlist (segments), the variant to cut
 * from, the segments a clip needs, relative URIs and the host policy.
 *
 * Every parser is pure: bytes and a base URL in, a struct out, no I/O.
 * A playlist is remote input: anything unexpected is an error with a
 * message naming the line, never a guess.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoclip.h"
#include "core/core.h"
#include "kick/kick.h"

#define LINE_MAX_BYTES	 8192	/* one playlist line */
#define ATTR_MAX	 32	/* attributes of one tag */
#define ATTR_VAL_MAX	 1024	/* bytes of one attribute value */
#define MEDIA_MAX	 AC_HLS_VARIANTS_MAX	/* EXT-X-MEDIA tags kept */
#define DUR_MAX		 86400.0	/* seconds of one segment */

/* --- URLs ------------------------------------------------------------ */

/* Length of "scheme://authority" of an absolute http(s) URL, or 0. */
static size_t
origin_len(const char *u)
{
	const char	*p;

	if (strncasecmp(u, "https://", 8) == 0)
		p = u + 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		p = u + 7;
	else
		return 0;
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return 0;
	while (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
		p++;
	return (size_t)(p - u);
}

/* Whether every byte is a visible ASCII character (no space, no control). */
static int
visible(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* Remove "." and ".." segments of the path in place (RFC 3986 5.2.4). */
static void
dot_segments(char *path)
{
	char	*in = path, *out = path, *seg;
	size_t	 len;

	while (*in != '\0') {
		if (strncmp(in, "/./", 3) == 0) {
			in += 2;
		} else if (strcmp(in, "/.") == 0) {
			in[1] = '\0';
		} else if (strncmp(in, "/../", 4) == 0 || strcmp(in, "/..") == 0) {
			in += 3;
			if (*in == '\0') {
				in--;
				*in = '/';
			}
			while (out > path && *--out != '/')
				continue;
			*out = '\0';
		} else {
			seg = strchr(in + 1, '/');
			len = seg != NULL ? (size_t)(seg - in) : strlen(in);
			memmove(out, in, len);
			out += len;
			in += len;
		}
	}
	*out = '\0';
}

int
ac_hls_url_resolve(const char *base, const char *ref, char *out, size_t size)
{
	char	*tmp;
	size_t	 ol, rl, dl, need;
	const char *q, *slash;
	int	 rc = -1;

	if (base == NULL || ref == NULL || size == 0 ||
	    (ol = origin_len(base)) == 0 || !visible(base, strlen(base)) ||
	    (rl = strlen(ref)) == 0 || !visible(ref, rl))
		return -1;
	if (strchr(ref, '#') != NULL)
		rl = (size_t)(strchr(ref, '#') - ref);
	/* An absolute reference (any scheme): kept; the policy judges it. */
	for (q = ref; q < ref + rl && (isalnum((unsigned char)*q) ||
	    *q == '+' || *q == '-' || *q == '.'); q++)
		continue;
	if (q > ref && q < ref + rl && *q == ':' && isalpha((unsigned char)*ref)) {
		if (rl >= size)
			return -1;
		memcpy(out, ref, rl);
		out[rl] = '\0';
		return 0;
	}
	need = strlen(base) + rl + 2;
	if ((tmp = malloc(need)) == NULL)
		return -1;
	if (rl >= 2 && ref[0] == '/' && ref[1] == '/') {
		/* Scheme-relative: the base's scheme. */
		dl = (size_t)(strchr(base, ':') - base) + 1;
		snprintf(tmp, need, "%.*s%.*s", (int)dl, base, (int)rl, ref);
		ol = origin_len(tmp);
		if (ol == 0)
			goto out;
	} else if (ref[0] == '/') {
		snprintf(tmp, need, "%.*s%.*s", (int)ol, base, (int)rl, ref);
	} else if (ref[0] == '?') {
		/* Same path, new query. */
		q = base + ol + strcspn(base + ol, "?#");
		snprintf(tmp, need, "%.*s%.*s", (int)(q - base), base, (int)rl,
		    ref);
	} else {
		/* Relative to the base's directory (the query is dropped). */
		q = base + ol + strcspn(base + ol, "?#");
		for (slash = q; slash > base + ol && slash[-1] != '/'; slash--)
			continue;
		if (slash == base + ol)
			snprintf(tmp, need, "%.*s/%.*s", (int)ol, base, (int)rl,
			    ref);
		else
			snprintf(tmp, need, "%.*s%.*s", (int)(slash - base), base,
			    (int)rl, ref);
	}
	/* Dot segments of the path only, not of the query. */
	{
		char	*path = tmp + ol, *qs, save = '\0';
		char	*rest = NULL;

		if ((qs = strchr(path, '?')) != NULL) {
			if ((rest = strdup(qs)) == NULL)
				goto out;
			save = *qs;
			*qs = '\0';
		}
		(void)save;
		if (*path == '/')
			dot_segments(path);
		if (strlen(tmp) + (rest != NULL ? strlen(rest) : 0) + 1 > size) {
			free(rest);
			goto out;
		}
		snprintf(out, size, "%s%s", tmp, rest != NULL ? rest : "");
		free(rest);
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

/* The host of an http(s) URL (lower-case, no port, no brackets) and its port. */
static int
url_host(const char *u, char *host, size_t size, int *port)
{
	const char	*p, *e, *at, *h, *he, *colon;
	size_t		 len;
	int		 https;

	https = strncasecmp(u, "https://", 8) == 0;
	if (!https && strncasecmp(u, "http://", 7) != 0)
		return -1;
	p = u + (https ? 8 : 7);
	e = p + strcspn(p, "/?#");
	/* Userinfo is refused: it only ever serves to confuse. */
	if ((at = memchr(p, '@', (size_t)(e - p))) != NULL)
		return -1;
	h = p;
	if (*h == '[') {
		if ((he = memchr(h, ']', (size_t)(e - h))) == NULL)
			return -1;
		h++;
		colon = he + 1 < e && he[1] == ':' ? he + 1 : NULL;
		if (he + 1 < e && colon == NULL)
			return -1;
	} else {
		colon = memchr(h, ':', (size_t)(e - h));
		he = colon != NULL ? colon : e;
	}
	len = (size_t)(he - h);
	if (len == 0 || len >= size)
		return -1;
	for (size_t i = 0; i < len; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[len] = '\0';
	*port = https ? 443 : 80;
	if (colon != NULL) {
		int64_t	 v;
		char	 num[8];

		if ((size_t)(e - colon - 1) == 0 ||
		    (size_t)(e - colon - 1) >= sizeof(num))
			return -1;
		memcpy(num, colon + 1, (size_t)(e - colon - 1));
		num[e - colon - 1] = '\0';
		if (ac__parse_int64(num, 1, 65535, &v) == -1)
			return -1;
		*port = (int)v;
	}
	return 0;
}

/* Whether a host names a loopback, private, link-local or unspecified address. */
int
ac_hls_host_private(const char *host)
{
	unsigned int	 a, b, c, d;
	char		 tail;

	if (strcmp(host, "localhost") == 0 ||
	    (strlen(host) > 10 && strcmp(host + strlen(host) - 10,
	    ".localhost") == 0))
		return 1;
	if (sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4) {
		if (a > 255 || b > 255 || c > 255 || d > 255)
			return 1;	/* not an address: treat as unsafe */
		return a == 0 || a == 10 || a == 127 ||
		    (a == 169 && b == 254) || (a == 172 && b >= 16 && b <= 31) ||
		    (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127) ||
		    a >= 224;
	}
	/* Digits and dots that are not a dotted quad ("2130706433", "0x7f.1"). */
	if (strspn(host, "0123456789.") == strlen(host) ||
	    strncmp(host, "0x", 2) == 0)
		return 1;
	if (strchr(host, ':') != NULL) {
		/* IPv6 literals: ::, ::1, fc00::/7, fe80::/10, v4-mapped. */
		if (strcmp(host, "::") == 0 || strcmp(host, "::1") == 0 ||
		    strncmp(host, "fc", 2) == 0 || strncmp(host, "fd", 2) == 0 ||
		    strncmp(host, "fe8", 3) == 0 || strncmp(host, "fe9", 3) == 0 ||
		    strncmp(host, "fea", 3) == 0 || strncmp(host, "feb", 3) == 0 ||
		    strncmp(host, "::ffff:", 7) == 0)
			return 1;
	}
	return 0;
}

/* Whether "host:port" is named in a comma/space separated list (entries host or host:port). */
static int
listed(const char *list, const char *host, int port)
{
	const char	*p, *e;
	char		 item[300], hp[300];
	size_t		 len;

	if (list == NULL)
		return 0;
	snprintf(hp, sizeof(hp), "%s:%d", host, port);
	for (p = list; *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		e = p + strcspn(p, ", \t");
		len = (size_t)(e - p);
		if (len == 0 || len >= sizeof(item))
			continue;
		for (size_t i = 0; i < len; i++)
			item[i] = (char)tolower((unsigned char)p[i]);
		item[len] = '\0';
		if (strcmp(item, host) == 0 || strcmp(item, hp) == 0)
			return 1;
	}
	return 0;
}

enum ac_err
ac_hls_url_allowed(const char *url, const char *master, const char *hosts,
    struct ac_error *err)
{
	char	 h[256], mh[256];
	int	 port, mport, same;

	if (url == NULL || url_host(url, h, sizeof(h), &port) == -1 ||
	    !visible(url, strlen(url)))
		return ac_error_set(err, AC_ERR_VALUE,
		    "the playlist names a URL that is "
		    "not http or https (%.80s)", url != NULL ? url : "");
	same = master != NULL && url_host(master, mh, sizeof(mh), &mport) ==
	    0 && strcmp(h, mh) == 0 && port == mport;
	if (listed(hosts, h, port))
		return AC_OK;	/* named by the operator: trusted */
	if (ac_hls_host_private(h))
		return ac_error_set(err, AC_ERR_VALUE,
		    "the playlist points at a private "
		    "address (%.80s); list it in KICK_MEDIA_HOSTS to allow it",
		    h);
	if (master != NULL && !same)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the playlist points at another host "
		    "(%.80s) than the VOD's (%.80s); list it in "
		    "KICK_MEDIA_HOSTS to allow it", h, mh);
	return AC_OK;
}

/* --- lines and attributes ------------------------------------------- */

struct lines {
	const char	*p;
	const char	*e;
	size_t		 no;		/* 1-based number of the line returned */
	char		 buf[LINE_MAX_BYTES + 1];
};

/* Next line (CR LF or LF, trailing spaces kept out): 1, 0 at the end, -1 too long or NUL. */
static int
next_line(struct lines *l, const char **line, size_t *len)
{
	const char	*nl;
	size_t		 n;

	if (l->p >= l->e)
		return 0;
	nl = memchr(l->p, '\n', (size_t)(l->e - l->p));
	n = nl != NULL ? (size_t)(nl - l->p) : (size_t)(l->e - l->p);
	l->no++;
	if (n > LINE_MAX_BYTES || memchr(l->p, '\0', n) != NULL)
		return -1;
	memcpy(l->buf, l->p, n);
	l->p += n + (nl != NULL);
	while (n > 0 && (l->buf[n - 1] == '\r' || l->buf[n - 1] == ' ' ||
	    l->buf[n - 1] == '\t'))
		n--;
	l->buf[n] = '\0';
	*line = l->buf;
	*len = n;
	return 1;
}

struct attr {
	char	 key[32];
	char	 val[ATTR_VAL_MAX];
	int	 quoted;
};

/* Parse "K=V,K=\"V\",..." strictly into a[]; the count or -1. */
static int
attrs_parse(const char *s, struct attr *a, int max)
{
	int	 n = 0;
	size_t	 k;

	while (*s != '\0') {
		if (n == max)
			return -1;
		for (k = 0; isupper((unsigned char)s[k]) ||
		    isdigit((unsigned char)s[k]) || s[k] == '-'; k++)
			continue;
		if (k == 0 || k >= sizeof(a[n].key) || s[k] != '=')
			return -1;
		memcpy(a[n].key, s, k);
		a[n].key[k] = '\0';
		s += k + 1;
		if (*s == '"') {
			const char *q = strchr(s + 1, '"');

			if (q == NULL || (size_t)(q - s - 1) >= ATTR_VAL_MAX)
				return -1;
			memcpy(a[n].val, s + 1, (size_t)(q - s - 1));
			a[n].val[q - s - 1] = '\0';
			a[n].quoted = 1;
			s = q + 1;
		} else {
			k = strcspn(s, ",");
			if (k == 0 || k >= ATTR_VAL_MAX)
				return -1;
			memcpy(a[n].val, s, k);
			a[n].val[k] = '\0';
			a[n].quoted = 0;
			s += k;
		}
		n++;
		if (*s == ',') {
			s++;
			if (*s == '\0')
				return -1;
		} else if (*s != '\0')
			return -1;
	}
	return n;
}

static const char *
attr_get(const struct attr *a, int n, const char *key)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].key, key) == 0)
			return a[i].val;
	return NULL;
}

/* A strict decimal number (digits, optional fraction) in [0, max]. */
static int
decimal(const char *s, double max, double *out)
{
	char	*end;
	double	 v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v) || v < 0 || v > max ||
	    strchr(s, 'e') != NULL || strchr(s, 'E') != NULL ||
	    strchr(s, 'x') != NULL || strchr(s, 'X') != NULL)
		return -1;
	*out = v;
	return 0;
}

static int
is_tag(const char *line, const char *tag, const char **rest)
{
	size_t	 n = strlen(tag);

	if (strncmp(line, tag, n) != 0)
		return 0;
	if (line[n] == ':') {
		*rest = line + n + 1;
		return 1;
	}
	if (line[n] == '\0') {
		*rest = line + n;
		return 1;
	}
	return 0;
}

#define FAIL(code, ...) do {						\
	e = ac_error_set(err, (code), __VA_ARGS__);			\
	goto fail;							\
} while (0)

/* --- master playlist -------------------------------------------------- */

void
ac_hls_master_free(struct ac_hls_master *m)
{
	if (m == NULL)
		return;
	free(m->v);
	memset(m, 0, sizeof(*m));
}

struct media_tag {
	char	 group[64];
	char	 name[64];
};

/* Copy a variant name: visible ASCII without '/', else "" (unusable). */
static void
name_copy(char *out, size_t size, const char *in)
{
	size_t	 len = strlen(in);

	if (len == 0 || len >= size || !visible(in, len) ||
	    strchr(in, '/') != NULL || strchr(in, '"') != NULL) {
		out[0] = '\0';
		return;
	}
	memcpy(out, in, len + 1);
}

/* Whether a variant already has this name, ignoring case. */
static int
name_taken(const struct ac_hls_master *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->v[i].name, name) == 0)
			return 1;
	return 0;
}

enum ac_err
ac_hls_master_parse(const char *text, size_t len, const char *base,
    struct ac_hls_master *m, struct ac_error *err)
{
	struct lines	*l = NULL;
	struct attr	*a = NULL;
	struct media_tag *media = NULL;
	struct ac_hls_variant cur;
	const char	*line, *rest, *v;
	size_t		 ll, nmedia = 0, i, k;
	int		 rc, na, pending = 0, first = 1, media_only = 0;
	char		 last_media_name[64] = "";
	enum ac_err	 e = AC_OK;

	memset(m, 0, sizeof(*m));
	if (len > AC_HLS_PLAYLIST_MAX)
		return ac_error_set(err, AC_ERR_LIMIT,
		    "the master playlist is larger than "
		    "%d bytes", AC_HLS_PLAYLIST_MAX);
	if (base == NULL || origin_len(base) == 0)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the master playlist's URL is not "
		    "http or https");
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (a = calloc(ATTR_MAX, sizeof(*a))) == NULL ||
	    (media = calloc(MEDIA_MAX, sizeof(*media))) == NULL ||
	    (m->v = calloc(AC_HLS_VARIANTS_MAX, sizeof(*m->v))) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	l->p = text;
	l->e = text + len;
	memset(&cur, 0, sizeof(cur));
	while ((rc = next_line(l, &line, &ll)) != 0) {
		if (rc == -1)
			FAIL(AC_ERR_SYNTAX, "master playlist line %zu: too long "
			    "or holds a NUL byte", l->no);
		if (first) {
			if (strcmp(line, "#EXTM3U") != 0)
				FAIL(AC_ERR_SYNTAX, "the master playlist does "
				    "not start with #EXTM3U");
			first = 0;
			continue;
		}
		if (ll == 0)
			continue;
		if (is_tag(line, "#EXT-X-MEDIA", &rest)) {
			if ((na = attrs_parse(rest, a, ATTR_MAX)) < 0)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "bad attribute list", l->no);
			v = attr_get(a, na, "TYPE");
			if (v == NULL || strcmp(v, "VIDEO") != 0)
				continue;
			if (nmedia == MEDIA_MAX)
				FAIL(AC_ERR_LIMIT, "the master playlist has more "
				    "than %d media tags", MEDIA_MAX);
			if ((v = attr_get(a, na, "GROUP-ID")) != NULL)
				snprintf(media[nmedia].group,
				    sizeof(media[nmedia].group), "%.63s", v);
			if ((v = attr_get(a, na, "NAME")) != NULL) {
				name_copy(media[nmedia].name,
				    sizeof(media[nmedia].name), v);
				snprintf(last_media_name,
				    sizeof(last_media_name), "%s",
				    media[nmedia].name);
			}
			nmedia++;
		} else if (is_tag(line, "#EXT-X-STREAM-INF", &rest)) {
			if (pending)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "#EXT-X-STREAM-INF without a URI before "
				    "it", l->no);
			if ((na = attrs_parse(rest, a, ATTR_MAX)) < 0)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "bad attribute list", l->no);
			memset(&cur, 0, sizeof(cur));
			if ((v = attr_get(a, na, "BANDWIDTH")) == NULL ||
			    ac__parse_int64(v, 1, INT64_MAX / 2,
			    &cur.bandwidth) == -1)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "#EXT-X-STREAM-INF needs a BANDWIDTH", l->no);
			if ((v = attr_get(a, na, "RESOLUTION")) != NULL) {
				unsigned int w, h;
				char	 tail;

				if (sscanf(v, "%5ux%5u%c", &w, &h, &tail) != 2 ||
				    w == 0 || h == 0 || w > 16384 || h > 16384)
					FAIL(AC_ERR_SYNTAX, "master playlist "
					    "line %zu: bad RESOLUTION", l->no);
				cur.width = (int)w;
				cur.height = (int)h;
			}
			if ((v = attr_get(a, na, "FRAME-RATE")) != NULL &&
			    decimal(v, 1000, &cur.fps) == -1)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "bad FRAME-RATE", l->no);
			/* Name: the VIDEO group's NAME, else the last EXT-X-MEDIA. */
			if ((v = attr_get(a, na, "VIDEO")) != NULL)
				for (i = 0; i < nmedia; i++)
					if (strcmp(media[i].group, v) == 0 &&
					    media[i].name[0] != '\0') {
						snprintf(cur.name,
						    sizeof(cur.name), "%s",
						    media[i].name);
						break;
					}
			if (cur.name[0] == '\0' && last_media_name[0] != '\0')
				snprintf(cur.name, sizeof(cur.name), "%s",
				    last_media_name);
			last_media_name[0] = '\0';
			pending = 1;
		} else if (line[0] == '#') {
			if (strncmp(line, "#EXTINF", 7) == 0)
				media_only = 1;
			continue;	/* comments and other tags */
		} else {
			if (!pending) {
				if (media_only)
					break;
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "a URI without #EXT-X-STREAM-INF", l->no);
			}
			if (m->n == AC_HLS_VARIANTS_MAX)
				FAIL(AC_ERR_LIMIT, "the master playlist has more "
				    "than %d variants", AC_HLS_VARIANTS_MAX);
			if (ac_hls_url_resolve(base, line, cur.uri,
			    sizeof(cur.uri)) == -1)
				FAIL(AC_ERR_SYNTAX, "master playlist line %zu: "
				    "not a usable URI", l->no);
			if (cur.name[0] == '\0') {
				if (cur.height > 0 && cur.fps > 0)
					snprintf(cur.name, sizeof(cur.name),
					    "%dp%d", cur.height,
					    (int)(cur.fps + 0.5));
				else if (cur.height > 0)
					snprintf(cur.name, sizeof(cur.name),
					    "%dp", cur.height);
				else
					snprintf(cur.name, sizeof(cur.name),
					    "variant%zu", m->n + 1);
			}
			/* Heights from a name like "720p60" when RESOLUTION is absent. */
			if (cur.height == 0 && isdigit((unsigned char)cur.name[0])) {
				k = strspn(cur.name, "0123456789");
				if (cur.name[k] == 'p' && k <= 5)
					cur.height = (int)strtol(cur.name, NULL, 10);
			}
			/*
			 * Names are how users choose (ac_hls_pick ignores
			 * case): keep them unique, "-N" added until they are.
			 */
			if (name_taken(m, cur.name)) {
				char	 stem[sizeof(cur.name)];
				size_t	 sfx = m->n + 1;

				memcpy(stem, cur.name, sizeof(stem));
				k = strlen(stem);
				if (k > sizeof(stem) - 22)
					k = sizeof(stem) - 22;
				do
					snprintf(cur.name, sizeof(cur.name),
					    "%.*s-%zu", (int)k, stem, sfx++);
				while (name_taken(m, cur.name));
			}
			m->v[m->n++] = cur;
			pending = 0;
		}
	}
	if (first)
		FAIL(AC_ERR_SYNTAX, "the master playlist is empty");
	if (pending)
		FAIL(AC_ERR_SYNTAX, "the master playlist ends after "
		    "#EXT-X-STREAM-INF without its URI");
	if (m->n == 0 && media_only) {
		/* Given a media playlist: it is its own only variant. */
		snprintf(m->v[0].name, sizeof(m->v[0].name), "source");
		/* The URL itself: visible ASCII that fits, never cut. */
		if (ac_hls_url_resolve(base, base, m->v[0].uri,
		    sizeof(m->v[0].uri)) == -1)
			FAIL(AC_ERR_VALUE, "the media playlist's URL is not "
			    "usable");
		m->n = 1;
	}
	if (m->n == 0)
		FAIL(AC_ERR_SHAPE, "the master playlist lists no variant");
	free(l);
	free(a);
	free(media);
	return AC_OK;
fail:
	free(l);
	free(a);
	free(media);
	ac_hls_master_free(m);
	return e;
}

enum ac_err
ac_hls_pick(const struct ac_hls_master *m, const char *quality,
    int max_height, size_t *idx, struct ac_error *err)
{
	size_t	 i, best = SIZE_MAX, low = SIZE_MAX, n;
	int	 h;
	char	 names[sizeof(err->text)];

	if (m->n == 0)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "no variant to choose from");
	if (quality != NULL && quality[0] != '\0') {
		for (i = 0; i < m->n; i++)
			if (strcasecmp(m->v[i].name, quality) == 0) {
				*idx = i;
				return AC_OK;
			}
		names[0] = '\0';
		for (i = 0, n = 0; i < m->n && n < sizeof(names); i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n,
			    "%s %s", i == 0 ? "" : ",", m->v[i].name);
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "no quality \"%.32s\"; this VOD has:%s", quality, names);
	}
	if (max_height <= 0)
		max_height = AC_EXPORT_MAX_HEIGHT_DEFAULT;
	/* The highest not above the cap (more bandwidth breaks ties). */
	for (i = 0; i < m->n; i++) {
		h = m->v[i].height;
		if (h > 0 && h <= max_height && (best == SIZE_MAX ||
		    h > m->v[best].height || (h == m->v[best].height &&
		    m->v[i].bandwidth > m->v[best].bandwidth)))
			best = i;
		if (low == SIZE_MAX || (h > 0 && (m->v[low].height == 0 ||
		    h < m->v[low].height)))
			low = i;
	}
	if (best == SIZE_MAX) {
		/* No height known, or all above: the lowest bandwidth. */
		for (i = 0, best = 0; i < m->n; i++)
			if (m->v[i].height == 0 && m->v[i].bandwidth <
			    m->v[best].bandwidth)
				best = i;
		if (m->v[best].height > 0)
			best = low;
	}
	*idx = best;
	return AC_OK;
}

/* --- media playlist --------------------------------------------------- */

void
ac_hls_media_free(struct ac_hls_media *md)
{
	size_t	 i;

	if (md == NULL)
		return;
	for (i = 0; i < md->n; i++)
		free(md->s[i].uri);
	free(md->s);
	memset(md, 0, sizeof(*md));
}

enum ac_err
ac_hls_media_parse(const char *text, size_t len, const char *base,
    struct ac_hls_media *md, struct ac_error *err)
{
	struct lines		*l = NULL;
	struct ac_hls_segment	 cur, *ns;
	const char		*line, *rest, *comma;
	char			*uri = NULL, num[64];
	size_t			 ll, cap = 0;
	int			 rc, first = 1, have_inf = 0, have_range = 0;
	int			 disc = 0, have_pdt = 0;
	double			 t = 0, pdt = 0, d;
	int64_t			 v, off, next_off = 0;
	char			 last_uri[AC_HLS_URI_MAX] = "";
	enum ac_err		 e = AC_OK;

	memset(md, 0, sizeof(*md));
	memset(&cur, 0, sizeof(cur));
	if (len > AC_HLS_PLAYLIST_MAX)
		return ac_error_set(err, AC_ERR_LIMIT,
		    "the media playlist is larger than "
		    "%d bytes", AC_HLS_PLAYLIST_MAX);
	if (base == NULL || origin_len(base) == 0)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the media playlist's URL is not "
		    "http or https");
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (uri = malloc(AC_HLS_URI_MAX)) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	l->p = text;
	l->e = text + len;
	while ((rc = next_line(l, &line, &ll)) != 0) {
		if (rc == -1)
			FAIL(AC_ERR_SYNTAX, "media playlist line %zu: too long "
			    "or holds a NUL byte", l->no);
		if (first) {
			if (strcmp(line, "#EXTM3U") != 0)
				FAIL(AC_ERR_SYNTAX, "the media playlist does not "
				    "start with #EXTM3U");
			first = 0;
			continue;
		}
		if (ll == 0)
			continue;
		if (is_tag(line, "#EXTINF", &rest)) {
			if (have_inf)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "#EXTINF twice for one segment", l->no);
			comma = strchr(rest, ',');
			ll = comma != NULL ? (size_t)(comma - rest) : strlen(rest);
			if (ll == 0 || ll >= sizeof(num))
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXTINF duration", l->no);
			memcpy(num, rest, ll);
			num[ll] = '\0';
			if (decimal(num, DUR_MAX, &d) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXTINF duration", l->no);
			cur.duration = d;
			have_inf = 1;
		} else if (is_tag(line, "#EXT-X-PROGRAM-DATE-TIME", &rest)) {
			if (ac_ts_parse(rest, strlen(rest), &pdt) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-PROGRAM-DATE-TIME", l->no);
			have_pdt = 2;	/* given for the next segment */
		} else if (is_tag(line, "#EXT-X-BYTERANGE", &rest)) {
			const char *at = strchr(rest, '@');

			ll = at != NULL ? (size_t)(at - rest) : strlen(rest);
			if (ll == 0 || ll >= sizeof(num))
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-BYTERANGE", l->no);
			memcpy(num, rest, ll);
			num[ll] = '\0';
			if (ac__parse_int64(num, 1, AC_HLS_SEGMENT_BYTES_MAX,
			    &v) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-BYTERANGE length", l->no);
			off = -1;
			if (at != NULL && ac__parse_int64(at + 1, 0,
			    INT64_MAX / 4, &off) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-BYTERANGE offset", l->no);
			cur.byte_len = v;
			cur.byte_off = off;	/* -1: after the previous range */
			have_range = 1;
		} else if (is_tag(line, "#EXT-X-DISCONTINUITY", &rest)) {
			if (*rest != '\0')
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-DISCONTINUITY", l->no);
			disc = 1;
		} else if (is_tag(line, "#EXT-X-TARGETDURATION", &rest)) {
			if (ac__parse_int64(rest, 0, (int64_t)DUR_MAX, &v) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-TARGETDURATION", l->no);
			md->target_duration = (double)v;
		} else if (is_tag(line, "#EXT-X-MEDIA-SEQUENCE", &rest)) {
			if (ac__parse_int64(rest, 0, INT64_MAX / 2, &v) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "bad #EXT-X-MEDIA-SEQUENCE", l->no);
			md->media_sequence = v;
		} else if (is_tag(line, "#EXT-X-ENDLIST", &rest)) {
			md->endlist = 1;
		} else if (is_tag(line, "#EXT-X-KEY", &rest)) {
			if (strcmp(rest, "METHOD=NONE") != 0)
				FAIL(AC_ERR_SHAPE, "the VOD is encrypted "
				    "(#EXT-X-KEY): it cannot be cut");
		} else if (is_tag(line, "#EXT-X-MAP", &rest)) {
			FAIL(AC_ERR_SHAPE, "the VOD uses fragmented MP4 segments "
			    "(#EXT-X-MAP), which autoclip does not cut");
		} else if (is_tag(line, "#EXT-X-STREAM-INF", &rest)) {
			FAIL(AC_ERR_SHAPE, "a master playlist was given where a "
			    "media playlist was expected");
		} else if (line[0] == '#') {
			continue;
		} else {
			if (!have_inf)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: a "
				    "URI without #EXTINF", l->no);
			if (md->n == AC_HLS_SEGMENTS_MAX)
				FAIL(AC_ERR_LIMIT, "the media playlist has more "
				    "than %d segments", AC_HLS_SEGMENTS_MAX);
			if (ac_hls_url_resolve(base, line, uri,
			    AC_HLS_URI_MAX) == -1)
				FAIL(AC_ERR_SYNTAX, "media playlist line %zu: "
				    "not a usable URI", l->no);
			if (have_range) {
				if (cur.byte_off < 0) {
					if (strcmp(uri, last_uri) != 0)
						FAIL(AC_ERR_SYNTAX, "media "
						    "playlist line %zu: "
						    "#EXT-X-BYTERANGE without "
						    "an offset on a new URI",
						    l->no);
					cur.byte_off = next_off;
				}
				next_off = cur.byte_off + cur.byte_len;
			} else {
				cur.byte_off = -1;
				cur.byte_len = -1;
			}
			snprintf(last_uri, sizeof(last_uri), "%s", uri);
			if (md->n == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				if ((ns = reallocarray(md->s, cap,
				    sizeof(*md->s))) == NULL)
					FAIL(AC_ERR_NOMEM, "out of memory");
				md->s = ns;
			}
			if ((cur.uri = strdup(uri)) == NULL)
				FAIL(AC_ERR_NOMEM, "out of memory");
			cur.start = t;
			cur.discontinuity = disc;
			cur.sequence = md->media_sequence + (int64_t)md->n;
			if (have_pdt == 2) {
				cur.has_pdt = 1;
				cur.pdt = pdt;
			} else if (have_pdt == 1 && !disc) {
				/* Derived from the one before (RFC 8216 4.3.2.6). */
				cur.has_pdt = 1;
				cur.pdt = md->s[md->n - 1].pdt +
				    md->s[md->n - 1].duration;
			} else
				cur.has_pdt = 0;
			have_pdt = cur.has_pdt;
			md->s[md->n++] = cur;
			t += cur.duration;
			memset(&cur, 0, sizeof(cur));
			have_inf = have_range = disc = 0;
		}
	}
	if (first)
		FAIL(AC_ERR_SYNTAX, "the media playlist is empty");
	if (have_inf)
		FAIL(AC_ERR_SYNTAX, "the media playlist ends after #EXTINF "
		    "without its URI");
	if (md->n == 0)
		FAIL(AC_ERR_SHAPE, "the media playlist lists no segment");
	md->total = t;
	free(l);
	free(uri);
	return AC_OK;
fail:
	free(l);
	free(uri);
	ac_hls_media_free(md);
	return e;
}

/* --- choosing segments ------------------------------------------------ */

double
ac_hls_media_offset(const struct ac_hls_media *md, int has_start,
    double start_time)
{
	double	 off;

	if (!has_start || md->n == 0 || !md->s[0].has_pdt)
		return 0;
	off = start_time - md->s[0].pdt;
	/* A gap this large is not the few seconds of §3: another clock. */
	if (!isfinite(off) || fabs(off) > AC_HLS_OFFSET_MAX_S)
		return 0;
	return off;
}

enum ac_err
ac_hls_select(const struct ac_hls_media *md, double start, double end,
    double pad, double offset, struct ac_hls_window *w, struct ac_error *err)
{
	double	 a, b;
	size_t	 i;

	memset(w, 0, sizeof(*w));
	if (!isfinite(start) || !isfinite(end) || !isfinite(pad) ||
	    !isfinite(offset) || end <= start || pad < 0)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the clip's times are not usable");
	if (md->n == 0)
		return ac_error_set(err, AC_ERR_SHAPE,
		    "the media playlist lists no segment");
	a = start + offset - pad;
	b = end + offset + pad;
	if (a >= md->total || b <= 0)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "the clip (%.1f-%.1f s) is outside "
		    "the VOD (0-%.1f s of video)", start, end, md->total);
	if (a < 0)
		a = 0;
	if (b > md->total)
		b = md->total;
	w->first = SIZE_MAX;
	for (i = 0; i < md->n; i++) {
		if (md->s[i].start + md->s[i].duration <= a ||
		    md->s[i].duration <= 0)
			continue;
		if (md->s[i].start >= b)
			break;
		if (w->first == SIZE_MAX)
			w->first = i;
		w->last = i;
		if (md->s[i].discontinuity && i != w->first)
			w->discontinuities++;
	}
	if (w->first == SIZE_MAX)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "no segment covers the clip");
	w->media_start = a;
	w->media_end = b;
	w->cut_start = a - md->s[w->first].start;
	w->cut_len = b - a;
	w->offset = offset;
	return AC_OK;
}
