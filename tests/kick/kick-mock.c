/* SPDX-License-Identifier: ISC */
/*
 * kick-mock: a local stand-in for Kick's VOD, channel and chat replay API,
 * serving a generated chat, and (--hls) its video.
 *
 * Length: one single-threaded HTTP server (poll loop, parser, the
 * endpoints Kick serves, its HLS, injected latency, limits, errors,
 * blocks): a test program kept in one file so it builds with no library.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <zlib.h>

#include "kick-mock-hls.h"

/* Largest chat file accepted (after gunzip). */
#define CHAT_MAX	(1024L * 1024 * 1024)
/* Request line and headers together. */
#define REQ_MAX		(16 * 1024)
/* Messages in one forward window or one cursor page, like Kick. */
#define PAGE_MAX	25
/* Length of a forward window in microseconds. */
#define WINDOW_US	5000000LL
/* A keep-alive connection idle this long is closed. */
#define IDLE_MS		60000
/* Longest accepted option values. */
#define LATENCY_MAX	600000
#define RATE_MAX	1000000
#define CONNS_MAX	60000

struct msg {
	int64_t		 us;	/* created_at second + unique fraction */
	uint64_t	 hash;	/* of the id: the fraction's source */
	const char	*id;	/* points into raw, or is ownid */
	size_t		 idlen;
	char		*ownid;	/* the id when escaped in raw, or NULL */
	const char	*raw;	/* the message's JSON text */
	size_t		 len;
	char		*own;	/* normalised text, freed at exit, or NULL */
};

struct video {
	char		*doc;		/* the v1 document text */
	size_t		 doclen;
	char		*uuid;
	char		*slug;
	char		*username;
	char		*title;
	char		*language;
	char		*source;
	int64_t		 channel_id;
	int64_t		 user_id;
	int64_t		 start;		/* epoch seconds */
	int64_t		 duration_ms;
	int64_t		 viewers;
};

struct buf {
	char	*b;
	size_t	 len;
	size_t	 cap;
};

enum cstate {
	C_READ,		/* waiting for a whole request */
	C_WAIT,		/* answer ready, held back by the latency timer */
	C_WRITE		/* sending the answer */
};

struct conn {
	int		 fd;
	enum cstate	 state;
	char		 in[REQ_MAX];
	size_t		 inlen;
	struct buf	 out;
	size_t		 outoff;
	int64_t		 due;	/* C_WAIT: monotonic ms when to send */
	int64_t		 last;	/* monotonic ms of the last activity */
	int		 close;	/* close after this answer */
	int		 counted; /* counts as in flight */
	int		 served;  /* has answered a request: may idle */
};

struct opts {
	const char	*chat;
	const char	*portfile;
	const char	*statsfile;
	long		 port;
	long		 latency;
	long		 jitter;
	long		 rate;
	double		 errrate;
	uint64_t	 seed;
	int		 uuidv7;
	int		 block;
	int		 browser;
	long		 maxconns;
	const char	*hls;		/* --hls DIR: serve its video */
	double		 hls_hours;
	double		 hls_seg;
	double		 hls_lead;	/* start_time is this late on the first PDT */
	const char	*hls_fault;
};

static struct opts	 opt;
static struct video	 vid;
static struct msg	*msgs;
static size_t		 nmsgs;
static char		*chattext;
static struct conn	**conns;
static size_t		 nconns;
static int64_t		*ratering;	/* admit times (ms) of the last --rate-limit requests */
static size_t		 ratehead;
static size_t		 ratecount;
static uint64_t		 rng;
static int		 sigpipe[2] = { -1, -1 };

static struct {
	uint64_t	 requests;
	uint64_t	 in_flight;
	uint64_t	 max_in_flight;
	uint64_t	 messages;
	uint64_t	 by_status[600];
	int		 dirty;
} st;

static void
die(const char *fmt, ...)
{
	va_list	 ap;

	fputs("kick-mock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
usage(void)
{
	fputs("usage: kick-mock --chat FILE --port-file FILE [--port N] "
	    "[--latency-ms N] [--jitter-ms N]\n"
	    "       [--rate-limit N] [--error-rate P] [--seed N] [--uuidv7] "
	    "[--block 403|423|404]\n"
	    "       [--require-browser-headers] [--max-conns N] "
	    "[--stats-file FILE]\n"
	    "       [--hls DIR [--hls-hours H] [--hls-segment-s S] "
	    "[--hls-pdt-lead-ms N] [--hls-fault-file FILE]]\n", stderr);
	exit(2);
}

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift64*: the seeded source of jitter and injected errors. */
static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

/* A uniform double in [0, 1). */
static double
rnd01(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t	 h = 14695981039346656037ULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* First occurrence of needle (n bytes) in hay (len bytes), or NULL. */
static const char *
find(const char *hay, size_t len, const char *needle, size_t n)
{
	const char	*p, *e;

	if (n == 0 || n > len)
		return NULL;
	e = hay + len - n;
	for (p = hay; p <= e; p++)
		if (*p == *needle && memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* Whether s contains word, ignoring ASCII case. */
static int
contains_ci(const char *s, const char *word)
{
	size_t	 n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* Grows b to hold n more bytes; exits when out of memory. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t	 cap;
	char	*p;

	if (b->len + n <= b->cap)
		return;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + n)
		cap *= 2;
	if ((p = realloc(b->b, cap)) == NULL)
		die("out of memory");
	b->b = p;
	b->cap = cap;
}

static void
buf_put(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->b + b->len, p, n);
	b->len += n;
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf");
	buf_grow(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->b + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Appends s as a JSON string (NULL as null). */
static void
buf_json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_put(b, p, 1);
	}
	buf_puts(b, "\"");
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
digits(const char *s, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/*
 * Parses "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|-HH:MM]" as UTC (no zone
 * means UTC) into epoch microseconds; the fraction is cut to microseconds.
 * Returns -1 on anything else, including out-of-range fields.
 */
static int
parse_time(const char *s, int64_t *us)
{
	int		 y, mo, d, h, mi, sec, oh, om, n;
	int64_t		 frac = 0, scale = 100000, off = 0, t;

	if (strlen(s) < 19 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		for (n = 0; isdigit((unsigned char)*s); s++, n++) {
			frac += (*s - '0') * scale;
			scale /= 10;
		}
		if (n == 0)
			return -1;
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		if (digits(s + 1, 2, &oh) || s[3] != ':' ||
		    digits(s + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		off = (oh * 3600 + om * 60) * (*s == '+' ? 1 : -1);
		s += 6;
	}
	if (*s != '\0')
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	*us = t * 1000000 + frac;
	return 0;
}

/* Formats epoch seconds as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
static void
fmt_time(int64_t t, char *out, size_t sz)
{
	int64_t	 days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t	 rem = t - days * 86400;
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, sz, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *
skip_string(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/*
 * Skips one JSON value at p (after whitespace) without recursion; returns
 * the byte after it, or NULL when the text ends first.  Only the shape is
 * followed: json-c validates each value later.
 */
static const char *
skip_value(const char *p, const char *e)
{
	size_t	 depth = 0;

	p = skip_ws(p, e);
	do {
		if (p >= e)
			return NULL;
		if (*p == '"') {
			if ((p = skip_string(p, e)) == NULL)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return NULL;
			depth--;
		} else if (depth == 0) {
			/* A scalar at the top: up to a delimiter. */
			while (p < e && *p != ',' && *p != '}' && *p != ']' &&
			    *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
				p++;
			return p;
		}
		p++;
	} while (depth > 0);
	return p;
}

static char *
xstrdup_or_null(json_object *o)
{
	char	*s;

	if (o == NULL || !json_object_is_type(o, json_type_string))
		return NULL;
	if ((s = strdup(json_object_get_string(o))) == NULL)
		die("out of memory");
	return s;
}

static json_object *
path(json_object *o, const char *a, const char *b, const char *c)
{
	json_object	*r = o;

	if (a != NULL && !json_object_object_get_ex(r, a, &r))
		return NULL;
	if (b != NULL && !json_object_object_get_ex(r, b, &r))
		return NULL;
	if (c != NULL && !json_object_object_get_ex(r, c, &r))
		return NULL;
	return r;
}

static json_object *
parse_slice(const char *s, size_t n)
{
	json_tokener	*tok;
	json_object	*o;

	if (n > INT_MAX)
		return NULL;
	if ((tok = json_tokener_new()) == NULL)
		die("out of memory");
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (o != NULL && json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Takes the served VOD from the v1 video document text. */
static void
load_video(const char *s, size_t n)
{
	json_object	*o, *v;
	char		*stime;
	int64_t		 us;

	if ((o = parse_slice(s, n)) == NULL ||
	    !json_object_is_type(o, json_type_object))
		die("%s: \"video\" is not a JSON object", opt.chat);
	if ((vid.doc = malloc(n)) == NULL)
		die("out of memory");
	memcpy(vid.doc, s, n);
	vid.doclen = n;
	if ((vid.uuid = xstrdup_or_null(path(o, "uuid", NULL, NULL))) == NULL)
		die("%s: video has no uuid", opt.chat);
	vid.source = xstrdup_or_null(path(o, "source", NULL, NULL));
	if ((v = path(o, "livestream", "channel_id", NULL)) == NULL ||
	    !json_object_is_type(v, json_type_int))
		die("%s: video has no livestream.channel_id", opt.chat);
	vid.channel_id = json_object_get_int64(v);
	if ((vid.slug = xstrdup_or_null(path(o, "livestream", "channel",
	    "slug"))) == NULL)
		die("%s: video has no livestream.channel.slug", opt.chat);
	v = path(o, "livestream", "channel", "user_id");
	vid.user_id = v != NULL ? json_object_get_int64(v) : 0;
	vid.username = xstrdup_or_null(path(path(o, "livestream", "channel",
	    "user"), "username", NULL, NULL));
	vid.title = xstrdup_or_null(path(o, "livestream", "session_title",
	    NULL));
	vid.language = xstrdup_or_null(path(o, "livestream", "language", NULL));
	v = path(o, "livestream", "viewer_count", NULL);
	vid.viewers = v != NULL ? json_object_get_int64(v) : 0;
	if ((stime = xstrdup_or_null(path(o, "livestream", "start_time",
	    NULL))) == NULL || parse_time(stime, &us) == -1)
		die("%s: video has no valid livestream.start_time", opt.chat);
	free(stime);
	vid.start = us / 1000000;
	if ((v = path(o, "livestream", "duration", NULL)) == NULL ||
	    !json_object_is_type(v, json_type_int) ||
	    (vid.duration_ms = json_object_get_int64(v)) < 0)
		die("%s: video has no valid livestream.duration", opt.chat);
	json_object_put(o);
}

/*
 * Takes one message: its id and created_at second; keeps its text, or a
 * copy with created_at cut to the second when the file has more precision.
 */
static void
load_msg(struct msg *m, const char *s, size_t n, size_t idx)
{
	json_object	*o, *id, *ca;
	const char	*ids;
	int64_t		 us;
	char		 canon[32];

	if ((o = parse_slice(s, n)) == NULL ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "id", &id) ||
	    !json_object_is_type(id, json_type_string) ||
	    !json_object_object_get_ex(o, "created_at", &ca) ||
	    !json_object_is_type(ca, json_type_string) ||
	    parse_time(json_object_get_string(ca), &us) == -1)
		die("%s: message %zu: not an object with a string id and a "
		    "valid created_at", opt.chat, idx);
	us -= ((us % 1000000) + 1000000) % 1000000;
	fmt_time(us / 1000000, canon, sizeof(canon));
	m->us = us;
	m->raw = s;
	m->len = n;
	m->own = NULL;
	if (strcmp(json_object_get_string(ca), canon) != 0) {
		json_object_object_add(o, "created_at",
		    json_object_new_string(canon));
		if ((m->own = strdup(json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)))
		    == NULL)
			die("out of memory");
		m->raw = m->own;
		m->len = strlen(m->own);
		json_object_object_get_ex(o, "id", &id);
	}
	ids = json_object_get_string(id);
	m->idlen = strlen(ids);
	m->ownid = NULL;
	if ((m->id = find(m->raw, m->len, ids, m->idlen)) == NULL) {
		/* An escaped id in the text: keep a copy of its value. */
		if ((m->ownid = strdup(ids)) == NULL)
			die("out of memory");
		m->id = m->ownid;
	}
	m->hash = fnv1a(ids, m->idlen);
	json_object_put(o);
}

static int
msg_cmp(const void *a, const void *b)
{
	const struct msg	*x = a, *y = b;
	size_t			 n;
	int			 c;

	if (x->us != y->us)
		return x->us < y->us ? -1 : 1;
	if (x->hash % 1000000 != y->hash % 1000000)
		return x->hash % 1000000 < y->hash % 1000000 ? -1 : 1;
	n = x->idlen < y->idlen ? x->idlen : y->idlen;
	if ((c = memcmp(x->id, y->id, n)) != 0)
		return c;
	return x->idlen < y->idlen ? -1 : x->idlen > y->idlen;
}

/*
 * Gives every message a unique microsecond time inside its second: the
 * hash's fraction, pushed up past the previous one, then down below the
 * next one when a crowded second ran past its end.
 */
static void
assign_us(void)
{
	size_t	 i, j, k;
	int64_t	 sec, f, prev;

	qsort(msgs, nmsgs, sizeof(*msgs), msg_cmp);
	for (i = 0; i < nmsgs; i = j) {
		sec = msgs[i].us;
		for (j = i; j < nmsgs && msgs[j].us == sec; j++)
			continue;
		if (j - i > 1000000)
			die("%s: more than a million messages in one second",
			    opt.chat);
		prev = -1;
		for (k = i; k < j; k++) {
			f = (int64_t)(msgs[k].hash % 1000000);
			if (f <= prev)
				f = prev + 1;
			msgs[k].us = f;
			prev = f;
		}
		prev = 1000000;
		for (k = j; k-- > i;) {
			if (msgs[k].us >= prev)
				msgs[k].us = prev - 1;
			prev = msgs[k].us;
		}
		for (k = i; k < j; k++)
			msgs[k].us += sec;
	}
}

static void
load_chat(void)
{
	gzFile		 gz;
	struct buf	 b = { NULL, 0, 0 };
	const char	*p, *e, *k, *ke, *v, *ve;
	size_t		 cap = 0;
	int		 n, seen_video = 0, seen_msgs = 0;

	if ((gz = gzopen(opt.chat, "rb")) == NULL)
		die("%s: %s", opt.chat, strerror(errno));
	for (;;) {
		buf_grow(&b, 1 << 20);
		n = gzread(gz, b.b + b.len, 1 << 20);
		if (n < 0)
			die("%s: read error", opt.chat);
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > CHAT_MAX)
			die("%s: larger than %ld bytes", opt.chat, CHAT_MAX);
	}
	gzclose(gz);
	chattext = b.b;
	p = b.b;
	e = b.b + b.len;
	p = skip_ws(p, e);
	if (p >= e || *p != '{')
		die("%s: not a JSON object (use chatgen --format object)",
		    opt.chat);
	p++;
	for (;;) {
		p = skip_ws(p, e);
		if (p < e && *p == '}')
			break;
		if (p >= e || *p != '"' || (ke = skip_string(p, e)) == NULL)
			die("%s: bad JSON object", opt.chat);
		k = p + 1;
		p = skip_ws(ke, e);
		if (p >= e || *p != ':')
			die("%s: bad JSON object", opt.chat);
		v = skip_ws(p + 1, e);
		if ((ve = skip_value(v, e)) == NULL)
			die("%s: bad JSON value", opt.chat);
		if (ke - k - 1 == 5 && memcmp(k, "video", 5) == 0) {
			load_video(v, (size_t)(ve - v));
			seen_video = 1;
		} else if (ke - k - 1 == 8 && memcmp(k, "messages", 8) == 0) {
			if (*v != '[')
				die("%s: \"messages\" is not an array",
				    opt.chat);
			p = v + 1;
			for (;;) {
				p = skip_ws(p, e);
				if (p < e && *p == ']')
					break;
				if ((ve = skip_value(p, e)) == NULL)
					die("%s: bad message", opt.chat);
				if (nmsgs == cap) {
					cap = cap ? cap * 2 : 4096;
					if ((msgs = reallocarray(msgs, cap,
					    sizeof(*msgs))) == NULL)
						die("out of memory");
				}
				load_msg(&msgs[nmsgs], p, (size_t)(ve - p),
				    nmsgs);
				nmsgs++;
				p = skip_ws(ve, e);
				if (p < e && *p == ',')
					p++;
				else if (p >= e || *p != ']')
					die("%s: bad messages array",
					    opt.chat);
			}
			ve = p + 1;
			seen_msgs = 1;
		}
		p = skip_ws(ve, e);
		if (p < e && *p == ',')
			p++;
		else if (p >= e || *p != '}')
			die("%s: bad JSON object", opt.chat);
	}
	if (!seen_video || !seen_msgs)
		die("%s: needs \"video\" and \"messages\" "
		    "(chatgen --format object)", opt.chat);
	assign_us();
}

/* First message with a time at or after us. */
static size_t
lower_bound(int64_t us)
{
	size_t	 lo = 0, hi = nmsgs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (msgs[mid].us < us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *
reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 423: return "Locked";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

/* Puts a whole answer into c->out; counts it by status unless quiet. */
static void
answer(struct conn *c, int code, const char *type, const char *extra,
    const struct buf *body, int quiet)
{
	c->out.len = 0;
	c->outoff = 0;
	buf_printf(&c->out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\n%s%s\r\n", code, reason(code), type,
	    body->len, extra != NULL ? extra : "",
	    c->close ? "Connection: close\r\n" : "");
	buf_put(&c->out, body->b, body->len);
	if (!quiet && code >= 0 && code < 600) {
		st.requests++;
		st.by_status[code]++;
		st.dirty = 1;
	}
}

static void
answer_text(struct conn *c, int code, const char *type, const char *extra,
    const char *text)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_puts(&b, text);
	answer(c, code, type, extra, &b, 0);
	free(b.b);
}

static void
answer_json(struct conn *c, int code, const char *msg, int quiet)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_puts(&b, "{\"message\":");
	buf_json_str(&b, msg);
	buf_puts(&b, "}");
	answer(c, code, "application/json", NULL, &b, quiet);
	free(b.b);
}

static void
answer_challenge(struct conn *c)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_puts(&b, "<!DOCTYPE html><html lang=\"en-US\"><head>"
	    "<title>Just a moment...</title></head><body>"
	    "<noscript>Enable JavaScript and cookies to continue</noscript>"
	    "<script>window._cf_chl_opt={cType:'managed'};</script>"
	    "<script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/"
	    "chl_page/v1\"></script></body></html>\n");
	answer(c, 403, "text/html; charset=UTF-8",
	    "cf-mitigated: challenge\r\n", &b, 0);
	free(b.b);
}

static void
stats_json(struct buf *b)
{
	size_t	 i;
	int	 first = 1;

	buf_printf(b, "{\"requests\":%" PRIu64 ",\"in_flight\":%" PRIu64
	    ",\"max_in_flight\":%" PRIu64 ",\"by_status\":{", st.requests,
	    st.in_flight, st.max_in_flight);
	for (i = 0; i < 600; i++) {
		if (st.by_status[i] == 0)
			continue;
		buf_printf(b, "%s\"%zu\":%" PRIu64, first ? "" : ",", i,
		    st.by_status[i]);
		first = 0;
	}
	{
		uint64_t hs = 0, hb = 0, hp = 0;

		buf_printf(b, "},\"messages_served\":%" PRIu64, st.messages);
		/* The video's counters only when it serves video (--hls). */
		if (opt.hls != NULL) {
			hls_stats(&hs, &hb, &hp);
			buf_printf(b, ",\"hls_segments\":%" PRIu64
			    ",\"hls_bytes\":%" PRIu64 ",\"hls_playlists\":%"
			    PRIu64, hs, hb, hp);
		}
		buf_puts(b, "}\n");
	}
}

static void
write_file(const char *file, const char *s, size_t n)
{
	char	 tmp[PATH_MAX];
	FILE	*f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", file) >= (int)sizeof(tmp))
		die("%s: path too long", file);
	if ((f = fopen(tmp, "w")) == NULL)
		die("%s: %s", tmp, strerror(errno));
	if (fwrite(s, 1, n, f) != n || fclose(f) != 0)
		die("%s: write error", tmp);
	if (rename(tmp, file) == -1)
		die("%s: %s", file, strerror(errno));
}

static void
write_stats(void)
{
	struct buf	 b = { NULL, 0, 0 };

	if (opt.statsfile == NULL)
		return;
	stats_json(&b);
	write_file(opt.statsfile, b.b, b.len);
	free(b.b);
	st.dirty = 0;
}

static void
chat_envelope_start(struct buf *b)
{
	buf_puts(b, "{\"status\":{\"error\":false,\"code\":200,"
	    "\"message\":\"SUCCESS\"},\"data\":{\"messages\":[");
}

static void
chat_envelope_end(struct buf *b, int has_cursor, int64_t cursor)
{
	if (has_cursor)
		buf_printf(b, "],\"cursor\":\"%" PRId64 "\"", cursor);
	else
		buf_puts(b, "],\"cursor\":null");
	buf_puts(b, ",\"pinned_message\":null}}");
}

/* Forward window [t, t + 5 s), oldest first, at most PAGE_MAX. */
static void
chat_window(struct buf *b, int64_t t)
{
	size_t	 lo, hi, i, n;

	lo = lower_bound(t);
	hi = t > INT64_MAX - WINDOW_US ? nmsgs : lower_bound(t + WINDOW_US);
	n = hi - lo > PAGE_MAX ? PAGE_MAX : hi - lo;
	chat_envelope_start(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, ",");
		buf_put(b, msgs[lo + i].raw, msgs[lo + i].len);
	}
	st.messages += n;
	chat_envelope_end(b, hi < nmsgs, hi < nmsgs ? msgs[hi].us : 0);
}

/* Reverse page: up to PAGE_MAX messages strictly older than cur, newest first. */
static void
chat_page(struct buf *b, int64_t cur)
{
	size_t	 hi, i, n;

	hi = lower_bound(cur);
	n = hi > PAGE_MAX ? PAGE_MAX : hi;
	chat_envelope_start(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, ",");
		buf_put(b, msgs[hi - 1 - i].raw, msgs[hi - 1 - i].len);
	}
	st.messages += n;
	chat_envelope_end(b, n > 0, n > 0 ? msgs[hi - n].us : 0);
}

static void
web_video(struct buf *b)
{
	char	 t0[32], t1[32];

	fmt_time(vid.start, t0, sizeof(t0));
	fmt_time(vid.start + (vid.duration_ms + 500) / 1000, t1, sizeof(t1));
	buf_puts(b, "{\"data\":{\"id\":");
	buf_json_str(b, vid.uuid);
	buf_printf(b, ",\"channel\":{\"id\":%" PRId64 ",\"slug\":",
	    vid.channel_id);
	buf_json_str(b, vid.slug);
	buf_puts(b, ",\"username\":");
	buf_json_str(b, vid.username != NULL ? vid.username : vid.slug);
	buf_printf(b, "},\"start_time\":\"%s\",\"end_time\":\"%s\","
	    "\"duration\":%" PRId64 ",\"status\":\"public\","
	    "\"is_live\":false,\"title\":", t0, t1,
	    (vid.duration_ms + 500) / 1000);
	buf_json_str(b, vid.title);
	buf_puts(b, ",\"language\":");
	buf_json_str(b, vid.language);
	buf_printf(b, ",\"viewer_count\":%" PRId64 ",\"source\":", vid.viewers);
	buf_json_str(b, vid.source);
	buf_puts(b, ",\"category\":{\"id\":15,\"name\":\"Just Chatting\","
	    "\"slug\":\"just-chatting\"},\"tier\":\"unverified\"},"
	    "\"message\":\"Success\"}");
}

static void
channel_doc(struct buf *b)
{
	buf_printf(b, "{\"id\":%" PRId64 ",\"user_id\":%" PRId64 ",\"slug\":",
	    vid.channel_id, vid.user_id);
	buf_json_str(b, vid.slug);
	buf_printf(b, ",\"is_banned\":false,\"vod_enabled\":true,"
	    "\"chatroom\":{\"id\":%" PRId64 ",\"channel_id\":%" PRId64 "},"
	    "\"user\":{\"id\":%" PRId64 ",\"username\":", vid.channel_id + 1,
	    vid.channel_id, vid.user_id);
	buf_json_str(b, vid.username != NULL ? vid.username : vid.slug);
	buf_puts(b, "}}");
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decodes %XX in place; NUL or a bad escape is -1.  '+' stays '+'. */
static int
pct_decode(char *s)
{
	char	*w = s;
	int	 h, l;

	for (; *s != '\0'; s++) {
		if (*s == '%') {
			if ((h = hexval((unsigned char)s[1])) < 0 ||
			    (l = hexval((unsigned char)s[2])) < 0 ||
			    (h == 0 && l == 0))
				return -1;
			*w++ = (char)(h * 16 + l);
			s += 2;
		} else
			*w++ = *s;
	}
	*w = '\0';
	return 0;
}

/*
 * Copies the percent-decoded value of parameter name in query q into out;
 * *found says whether it was there.  -1 for a bad escape or a value that
 * does not fit.
 */
static int
query_get(const char *q, const char *name, char *out, size_t sz, int *found)
{
	const char	*p, *amp, *eq;
	size_t		 nl = strlen(name), vl;

	*found = 0;
	for (p = q; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		eq = memchr(p, '=', amp ? (size_t)(amp - p) : strlen(p));
		if (eq == NULL || (size_t)(eq - p) != nl ||
		    memcmp(p, name, nl) != 0)
			continue;
		vl = amp ? (size_t)(amp - eq - 1) : strlen(eq + 1);
		if (vl >= sz)
			return -1;
		memcpy(out, eq + 1, vl);
		out[vl] = '\0';
		*found = 1;
		return pct_decode(out);
	}
	return 0;
}

static int
parse_i64(const char *s, int64_t *v)
{
	char		*end;
	long long	 n;

	if (*s == '\0' || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = n;
	return 0;
}

/* Splits path into at most max segments (in place); -1 if more. */
static int
split_path(char *p, char **seg, int max)
{
	int	 n = 0;

	if (*p != '/')
		return -1;
	while (*p == '/') {
		*p++ = '\0';
		if (n == max)
			return -1;
		seg[n++] = p;
		while (*p != '\0' && *p != '/')
			p++;
	}
	return n;
}

/*
 * Answers one API request (GET, path and query already split); the
 * injected behaviours come first, in the order Kick's edge would apply
 * them: challenge, block, rate limit, then server errors on chat requests.
 */
static void
route(struct conn *c, char *path_s, const char *query, int browser)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*seg[8], val[256];
	int		 n, found, is_chat, code;
	int64_t		 t, ch, now;

	if (strcmp(path_s, "/__stats") == 0) {
		stats_json(&b);
		answer(c, 200, "application/json", NULL, &b, 1);
		free(b.b);
		return;
	}
	if (pct_decode(path_s) == -1) {
		answer_json(c, 400, "Bad path", 0);
		return;
	}
	{
		struct hls_answer	 ha;
		size_t			 hdr;

		if (hls_route(path_s, &ha)) {
			b.b = ha.body;
			b.len = ha.len;
			/* Like Kick's CDN: players on other origins may read it. */
			answer(c, ha.code, ha.type,
			    "Access-Control-Allow-Origin: *\r\n", &b, 0);
			if (ha.truncate) {
				/* Promise the whole body, send half, hang up. */
				hdr = c->out.len - ha.len;
				c->out.len = hdr + ha.len / 2;
				c->close = 1;
			}
			free(ha.body);
			return;
		}
	}
	n = split_path(path_s, seg, 8);
	is_chat = n == 5 && strcmp(seg[0], "api") == 0 &&
	    strcmp(seg[1], "v2") == 0 && strcmp(seg[2], "channels") == 0 &&
	    strcmp(seg[4], "messages") == 0;

	if (opt.browser && !browser) {
		answer_challenge(c);
		return;
	}
	if (opt.block == 403) {
		answer_challenge(c);
		return;
	} else if (opt.block == 404) {
		answer_json(c, 404, "Not found", 0);
		return;
	} else if (opt.block == 423) {
		answer_json(c, 423, "This content is not available in your "
		    "country", 0);
		return;
	}
	if (opt.rate > 0) {
		now = now_ms();
		if (ratecount == (size_t)opt.rate &&
		    ratering[ratehead] > now - 1000) {
			answer_text(c, 429, "application/json",
			    "Retry-After: 1\r\n",
			    "{\"message\":\"Too Many Attempts.\"}");
			return;
		}
		ratering[ratehead] = now;
		ratehead = (ratehead + 1) % (size_t)opt.rate;
		if (ratecount < (size_t)opt.rate)
			ratecount++;
	}
	if (is_chat && opt.errrate > 0 && rnd01() < opt.errrate) {
		code = (int[]){ 500, 502, 503 }[rnd() % 3];
		answer_json(c, code, "Server Error", 0);
		return;
	}

	if (n == 4 && strcmp(seg[0], "api") == 0 && strcmp(seg[1], "v1") == 0 &&
	    strcmp(seg[2], "video") == 0) {
		if (opt.uuidv7 || strcasecmp(seg[3], vid.uuid) != 0) {
			answer_json(c, 404, "Not found", 0);
			return;
		}
		b.b = vid.doc;
		b.len = vid.doclen;
		answer(c, 200, "application/json", NULL, &b, 0);
		return;
	}
	if (n == 4 && strcmp(seg[0], "api") == 0 && strcmp(seg[1], "v2") == 0 &&
	    strcmp(seg[2], "channels") == 0) {
		if (strcasecmp(seg[3], vid.slug) != 0) {
			answer_json(c, 404, "Not found", 0);
			return;
		}
		channel_doc(&b);
		answer(c, 200, "application/json", NULL, &b, 0);
		free(b.b);
		return;
	}
	if (n == 6 && strcmp(seg[0], "api") == 0 && strcmp(seg[1], "v1") == 0 &&
	    strcmp(seg[2], "channels") == 0 && strcmp(seg[4], "videos") == 0) {
		if (parse_i64(seg[3], &ch) == -1 || ch != vid.channel_id ||
		    strcasecmp(seg[5], vid.uuid) != 0) {
			answer_json(c, 404, "Not found", 0);
			return;
		}
		web_video(&b);
		answer(c, 200, "application/json", NULL, &b, 0);
		free(b.b);
		return;
	}
	if (is_chat) {
		if (parse_i64(seg[3], &ch) == -1 || ch != vid.channel_id) {
			answer_json(c, 404, "Not found", 0);
			return;
		}
		if (query_get(query, "cursor", val, sizeof(val), &found) == -1) {
			answer_json(c, 400, "Bad cursor", 0);
			return;
		}
		if (found) {
			if (parse_i64(val, &t) == -1) {
				answer_json(c, 400, "Bad cursor", 0);
				return;
			}
			chat_page(&b, t);
		} else {
			if (query_get(query, "start_time", val, sizeof(val),
			    &found) == -1 || !found ||
			    parse_time(val, &t) == -1) {
				answer_json(c, 400, "start_time or cursor "
				    "required", 0);
				return;
			}
			chat_window(&b, t);
		}
		answer(c, 200, "application/json", NULL, &b, 0);
		free(b.b);
		return;
	}
	answer_json(c, 404, "Not found", 0);
}

static int
is_tchar(int ch)
{
	return isalnum(ch) || strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

/*
 * Parses the request in c->in[0..hdrlen) (ends with CRLF CRLF) and puts
 * the answer into c->out.  Strict: CRLF lines, token header names, GET only,
 * no body.
 */
static void
handle(struct conn *c, size_t hdrlen)
{
	char		*p, *e, *line, *next, *colon, *target, *ver, *q, *v;
	int		 browser_ua = 0, accept = 0, http10 = 0, keep = 0;
	int		 conn_close = 0, body = 0;

	p = c->in;
	e = c->in + hdrlen - 2;		/* the last CRLF closes the headers */
	*e = '\0';
	if ((next = strstr(p, "\r\n")) == NULL)
		next = e;
	*next = '\0';
	line = p;
	if ((target = strchr(line, ' ')) == NULL ||
	    (ver = strchr(target + 1, ' ')) == NULL || strchr(ver + 1, ' ')) {
		c->close = 1;
		answer_json(c, 400, "Bad request line", 0);
		return;
	}
	*target++ = '\0';
	*ver++ = '\0';
	if (strcmp(ver, "HTTP/1.1") == 0)
		http10 = 0;
	else if (strcmp(ver, "HTTP/1.0") == 0)
		http10 = 1;
	else {
		c->close = 1;
		answer_json(c, 505, "HTTP/1.x only", 0);
		return;
	}
	for (p = next + 2; p < e; p = next + 2) {
		if ((next = strstr(p, "\r\n")) == NULL)
			next = e;
		*next = '\0';
		if ((colon = strchr(p, ':')) == NULL || colon == p) {
			c->close = 1;
			answer_json(c, 400, "Bad header", 0);
			return;
		}
		for (q = p; q < colon; q++)
			if (!is_tchar((unsigned char)*q)) {
				c->close = 1;
				answer_json(c, 400, "Bad header name", 0);
				return;
			}
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			continue;
		if (strcasecmp(p, "User-Agent") == 0)
			browser_ua = strstr(v, "Mozilla/") != NULL;
		else if (strcasecmp(p, "Accept") == 0)
			accept = *v != '\0';
		else if (strcasecmp(p, "Connection") == 0) {
			if (contains_ci(v, "close"))
				conn_close = 1;
			if (contains_ci(v, "keep-alive"))
				keep = 1;
		} else if (strcasecmp(p, "Transfer-Encoding") == 0)
			body = 1;
		else if (strcasecmp(p, "Content-Length") == 0 &&
		    strcmp(v, "0") != 0)
			body = 1;
	}
	c->close = conn_close || (http10 && !keep);
	if (body) {
		c->close = 1;
		answer_json(c, 400, "No body expected", 0);
		return;
	}
	if (strcmp(line, "GET") != 0) {
		answer_text(c, 405, "application/json", "Allow: GET\r\n",
		    "{\"message\":\"Method not allowed\"}");
		return;
	}
	if (*target != '/' || strlen(target) > 2048) {
		c->close = 1;
		answer_json(c, 400, "Bad target", 0);
		return;
	}
	if ((q = strchr(target, '?')) != NULL)
		*q++ = '\0';
	else
		q = (char *)"";
	if ((v = strchr(q, '#')) != NULL)
		*v = '\0';
	route(c, target, q, browser_ua && accept);
}

static void
conn_free(size_t i)
{
	struct conn	*c = conns[i];

	if (c->counted)
		st.in_flight--;
	close(c->fd);
	free(c->out.b);
	free(c);
	conns[i] = conns[--nconns];
}

/*
 * The keep-alive connection idle the longest (no request under way), to be
 * closed for a new one when at the cap; SIZE_MAX when there is none.
 */
static size_t
idle_conn(void)
{
	size_t	 i, best = SIZE_MAX;

	for (i = 0; i < nconns; i++)
		if (conns[i]->state == C_READ && conns[i]->served &&
		    conns[i]->inlen == 0 &&
		    (best == SIZE_MAX || conns[i]->last < conns[best]->last))
			best = i;
	return best;
}

/* Looks for a whole request in the input; parses it and starts its timer. */
static int
try_request(struct conn *c)
{
	char	*end;
	size_t	 hdrlen;
	long	 delay;

	if (c->inlen == 0)
		return 0;
	if ((end = (char *)find(c->in, c->inlen, "\r\n\r\n", 4)) == NULL) {
		if (c->inlen == sizeof(c->in)) {
			c->close = 1;
			answer_json(c, 431, "Request too large", 0);
			c->inlen = 0;
			goto wait;
		}
		return 0;
	}
	hdrlen = (size_t)(end - c->in) + 4;
	handle(c, hdrlen);
	/* Keep what follows (a pipelined request) for later. */
	memmove(c->in, c->in + hdrlen, c->inlen - hdrlen);
	c->inlen -= hdrlen;
wait:
	delay = opt.latency;
	if (opt.jitter > 0)
		delay += (long)(rnd() % (uint64_t)(opt.jitter + 1));
	c->state = C_WAIT;
	c->due = now_ms() + delay;
	c->counted = 1;
	st.in_flight++;
	if (st.in_flight > st.max_in_flight)
		st.max_in_flight = st.in_flight;
	return 1;
}

/* Reads what is there; 0 to keep the connection, -1 to close it. */
static int
conn_read(struct conn *c)
{
	ssize_t	 n;

	for (;;) {
		if (c->inlen == sizeof(c->in))
			break;
		n = read(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
		if (n > 0) {
			c->inlen += (size_t)n;
			c->last = now_ms();
			continue;
		}
		if (n == 0)
			return -1;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		return -1;
	}
	try_request(c);
	return 0;
}

/* Writes what it can; 0 to keep the connection, -1 to close it. */
static int
conn_write(struct conn *c)
{
	ssize_t	 n;

	while (c->outoff < c->out.len) {
		n = write(c->fd, c->out.b + c->outoff, c->out.len - c->outoff);
		if (n > 0) {
			c->outoff += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return -1;
	}
	if (c->counted) {
		c->counted = 0;
		st.in_flight--;
	}
	if (c->close)
		return -1;
	c->served = 1;
	c->state = C_READ;
	c->last = now_ms();
	c->out.len = 0;
	c->outoff = 0;
	try_request(c);
	return 0;
}

static void
on_signal(int sig)
{
	int	 save = errno;
	char	 ch = (char)sig;

	if (write(sigpipe[1], &ch, 1) == -1) {
		/* The pipe is full: a stop is already pending. */
	}
	errno = save;
}

static int
set_nonblock(int fd)
{
	int	 fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static long
num_opt(const char *name, const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		die("%s: expected an integer in %ld..%ld, got \"%s\"", name,
		    lo, hi, s);
	return v;
}

/* The served VOD's source becomes this mock's master playlist. */
static void
hls_source(unsigned int port)
{
	json_object	*o;
	const char	*t;
	char		 url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%u" HLS_MASTER_PATH, port);
	if ((o = parse_slice(vid.doc, vid.doclen)) == NULL)
		die("the video document does not parse again");
	json_object_object_add(o, "source", json_object_new_string(url));
	t = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	free(vid.doc);
	free(vid.source);
	if ((vid.doc = strdup(t)) == NULL || (vid.source = strdup(url)) == NULL)
		die("out of memory");
	vid.doclen = strlen(vid.doc);
	json_object_put(o);
}

static void
parse_args(int argc, char **argv)
{
	int	 i;
	char	*end;
	const char *a, *v;

	opt.maxconns = 512;
	opt.seed = 1;
	opt.hls_seg = 2;
	opt.hls_lead = 3.5;
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--uuidv7") == 0) {
			opt.uuidv7 = 1;
			continue;
		}
		if (strcmp(a, "--require-browser-headers") == 0) {
			opt.browser = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage();
		if (i + 1 >= argc)
			usage();
		v = argv[++i];
		if (strcmp(a, "--chat") == 0)
			opt.chat = v;
		else if (strcmp(a, "--port-file") == 0)
			opt.portfile = v;
		else if (strcmp(a, "--stats-file") == 0)
			opt.statsfile = v;
		else if (strcmp(a, "--hls") == 0)
			opt.hls = v;
		else if (strcmp(a, "--hls-fault-file") == 0)
			opt.hls_fault = v;
		else if (strcmp(a, "--hls-hours") == 0)
			opt.hls_hours = (double)num_opt(a, v, 0, 48);
		else if (strcmp(a, "--hls-segment-s") == 0)
			opt.hls_seg = (double)num_opt(a, v, 1, 60);
		else if (strcmp(a, "--hls-pdt-lead-ms") == 0)
			opt.hls_lead = (double)num_opt(a, v, 0, 600000) / 1000;
		else if (strcmp(a, "--port") == 0)
			opt.port = num_opt(a, v, 0, 65535);
		else if (strcmp(a, "--latency-ms") == 0)
			opt.latency = num_opt(a, v, 0, LATENCY_MAX);
		else if (strcmp(a, "--jitter-ms") == 0)
			opt.jitter = num_opt(a, v, 0, LATENCY_MAX);
		else if (strcmp(a, "--rate-limit") == 0)
			opt.rate = num_opt(a, v, 0, RATE_MAX);
		else if (strcmp(a, "--max-conns") == 0)
			opt.maxconns = num_opt(a, v, 1, CONNS_MAX);
		else if (strcmp(a, "--seed") == 0)
			opt.seed = (uint64_t)num_opt(a, v, 0, LONG_MAX);
		else if (strcmp(a, "--block") == 0) {
			opt.block = (int)num_opt(a, v, 403, 423);
			if (opt.block != 403 && opt.block != 404 &&
			    opt.block != 423)
				die("--block: 403, 404 or 423");
		} else if (strcmp(a, "--error-rate") == 0) {
			errno = 0;
			opt.errrate = strtod(v, &end);
			if (errno != 0 || *v == '\0' || *end != '\0' ||
			    !(opt.errrate >= 0 && opt.errrate <= 1))
				die("--error-rate: a share in 0..1, got \"%s\"",
				    v);
		} else
			usage();
	}
	if (opt.chat == NULL || opt.portfile == NULL)
		usage();
}

int
main(int argc, char **argv)
{
	struct sockaddr_in	 sa;
	socklen_t		 salen;
	struct sigaction	 act;
	struct pollfd		*pfd;
	struct conn		*c;
	char			 port[16];
	int			 lfd, fd, one = 1, timeout, n, stop = 0;
	size_t			 i, np;
	int64_t			 now, next, last_stats = 0;

	parse_args(argc, argv);
	rng = opt.seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
	if (rng == 0)
		rng = 1;
	load_chat();
	if (opt.rate > 0 && (ratering = calloc((size_t)opt.rate,
	    sizeof(*ratering))) == NULL)
		die("out of memory");
	if ((conns = calloc((size_t)opt.maxconns, sizeof(*conns))) == NULL ||
	    (pfd = calloc((size_t)opt.maxconns + 2, sizeof(*pfd))) == NULL)
		die("out of memory");

	if (pipe(sigpipe) == -1 || set_nonblock(sigpipe[0]) == -1 ||
	    set_nonblock(sigpipe[1]) == -1)
		die("pipe: %s", strerror(errno));
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigemptyset(&act.sa_mask);
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)opt.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		die("bind 127.0.0.1:%ld: %s", opt.port, strerror(errno));
	if (listen(lfd, 1024) == -1 || set_nonblock(lfd) == -1)
		die("listen: %s", strerror(errno));
	salen = sizeof(sa);
	if (getsockname(lfd, (struct sockaddr *)&sa, &salen) == -1)
		die("getsockname: %s", strerror(errno));
	if (opt.hls != NULL) {
		hls_init(opt.hls, opt.hls_hours, opt.hls_seg,
		    (double)vid.start - opt.hls_lead, opt.hls_fault);
		hls_source(ntohs(sa.sin_port));
	}
	n = snprintf(port, sizeof(port), "%u\n", ntohs(sa.sin_port));
	write_file(opt.portfile, port, (size_t)n);
	write_stats();

	while (!stop) {
		now = now_ms();
		next = now + 1000;
		pfd[0].fd = sigpipe[0];
		pfd[0].events = POLLIN;
		/* At the cap, listen only when an idle connection can go. */
		pfd[1].fd = nconns < (size_t)opt.maxconns ||
		    idle_conn() != SIZE_MAX ? lfd : -1;
		pfd[1].events = POLLIN;
		np = 2;
		for (i = 0; i < nconns; i++) {
			c = conns[i];
			pfd[np].fd = c->fd;
			pfd[np].events = c->state == C_READ ? POLLIN :
			    c->state == C_WRITE ? POLLOUT : 0;
			np++;
			if (c->state == C_WAIT && c->due < next)
				next = c->due;
			if (c->state == C_READ && c->last + IDLE_MS < next)
				next = c->last + IDLE_MS;
		}
		timeout = next > now ? (int)(next - now) : 0;
		if (poll(pfd, np, timeout) == -1) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (pfd[0].revents & POLLIN)
			stop = 1;
		now = now_ms();
		/* Walk backwards: conn_free moves the last one into i. */
		for (i = np - 2; i-- > 0;) {
			c = conns[i];
			if (c->state == C_WAIT && c->due <= now) {
				c->state = C_WRITE;
				if (conn_write(c) == -1) {
					conn_free(i);
					continue;
				}
			} else if (pfd[i + 2].revents & (POLLERR | POLLNVAL) ||
			    (c->state == C_WAIT &&
			    pfd[i + 2].revents & POLLHUP)) {
				conn_free(i);
				continue;
			} else if (c->state == C_READ &&
			    pfd[i + 2].revents & (POLLIN | POLLHUP)) {
				if (conn_read(c) == -1) {
					conn_free(i);
					continue;
				}
			} else if (c->state == C_WRITE &&
			    pfd[i + 2].revents & (POLLOUT | POLLHUP)) {
				if (conn_write(c) == -1) {
					conn_free(i);
					continue;
				}
			} else if (c->state == C_READ &&
			    c->last + IDLE_MS <= now) {
				conn_free(i);
				continue;
			}
		}
		if (pfd[1].revents & POLLIN) {
			if (nconns == (size_t)opt.maxconns &&
			    (i = idle_conn()) != SIZE_MAX)
				conn_free(i);
			while (nconns < (size_t)opt.maxconns &&
			    (fd = accept(lfd, NULL, NULL)) != -1) {
				if (set_nonblock(fd) == -1) {
					close(fd);
					continue;
				}
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
				    sizeof(one));
				if ((c = calloc(1, sizeof(*c))) == NULL)
					die("out of memory");
				c->fd = fd;
				c->state = C_READ;
				c->last = now;
				conns[nconns++] = c;
			}
		}
		if (st.dirty && now - last_stats >= 1000) {
			write_stats();
			last_stats = now;
		}
	}
	for (i = nconns; i-- > 0;)
		conn_free(i);
	close(lfd);
	write_stats();
	for (i = 0; i < nmsgs; i++) {
		free(msgs[i].own);
		free(msgs[i].ownid);
	}
	free(msgs);
	free(chattext);
	free(vid.doc);
	free(vid.uuid);
	free(vid.slug);
	free(vid.username);
	free(vid.title);
	free(vid.language);
	free(vid.source);
	hls_free();
	free(conns);
	free(pfd);
	free(ratering);
	return 0;
}
