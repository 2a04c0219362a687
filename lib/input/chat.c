/* SPDX-License-Identifier: ISC */
/*
 * chat.c: reading a chat in every accepted shape, message by message.
 *
 * Top-level values follow one another (JSON, NDJSON, pages back to
 * back).  An object is a message or a container by its first known key.
 * Syntax errors are fatal everywhere, NDJSON included.  Skipped, not
 * fatal: a message that is not an object, has a field of the wrong type,
 * bad UTF-8 or a lone surrogate in any string, no valid created_at, or
 * more than AC_MSG_MAX_BYTES.  A numeric created_at or start_time is
 * epoch seconds below 1e11, milliseconds below 1e14, else invalid.
 *
 * Length: one streaming state machine over the lexer's tokens (every accepted
 * shape, the container keys, the message fields and the skip rules): split,
 * its states would have to be shared between files.
 */
#include "config.h"

#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"

#define META_MAX	(64 * 1024)	/* metadata strings, VOD texts */
#define SMALL_MAX	64		/* created_at, type, sender_type */
#define NUM_MAX		64		/* number texts we convert */
#define EPOCH_S_MAX	1e11		/* numeric times below: seconds */
#define EPOCH_MS_MAX	1e14		/* below: milliseconds; else invalid */

/* What an object is, decided by its first key we know. */
enum kind {
	K_UNKNOWN,
	K_MSG,		/* a chat message */
	K_CONT		/* a container: messages, video, page data */
};

struct field {
	uint64_t	 off;		/* in the arena, or the input's offset */
	size_t		 len;
	int		 set;
	int		 in_input;	/* its bytes are the input's (no escapes) */
};

struct chat {
	struct ac__lex		 L;
	ac_msg_fn		 fn;
	void			*fnarg;
	struct ac_chat_stats	*st;
	struct ac__buf		 arena;	/* decoded strings of the message */
	struct ac__buf		 meta;	/* a metadata string or VOD text */
	uint64_t		 msgno;
	int			 saw_chat;
	/* the message being read */
	struct field		 id, content, username, slug;
	int64_t			 sender_id, user_id;
	double			 created;
	int			 ts;	/* 0 absent, 1 valid, -1 invalid */
	/* the last created_at text and what it parsed to (chats repeat it) */
	char			 ts_text[SMALL_MAX];
	size_t			 ts_len;	/* 0: none yet */
	double			 ts_val;
	int			 ts_ok;
	unsigned int		 flags;
	const char		*bad;	/* why it is unusable, or NULL */
	/* the VOD: explicit keys win over the video document */
	struct ac_vod		 top;
	struct ac_vod		 video;
	int			 top_offset;
};

struct name {
	const char	*s;
	size_t		 n;
};
#define NAME(s)	 { s, sizeof(s) - 1 }
static const struct name msg_keys[] = {
	NAME("id"), NAME("chat_id"), NAME("user_id"), NAME("content"),
	NAME("type"), NAME("metadata"), NAME("created_at"), NAME("sender")
};
static const struct name cont_keys[] = {
	NAME("messages"), NAME("video"), NAME("data"), NAME("vod_id"),
	NAME("title"), NAME("channel"), NAME("start_time"),
	NAME("segundoInicialStream"), NAME("duration_s"), NAME("status"),
	NAME("cursor"), NAME("pinned_message")
};
#undef NAME

static int	 object(struct chat *, enum kind, int, int);

void
ac_vod_init(struct ac_vod *v)
{
	memset(v, 0, sizeof(*v));
	v->channel_id = -1;
}

/* Is key k[0..kl) the string literal "name"? */
#define key_is(k, kl, name)	 \
	((kl) == sizeof(name) - 1 && memcmp((k), (name), sizeof(name) - 1) == 0)

static enum kind
key_kind(const char *k, size_t kl)
{
	size_t	 i;

	for (i = 0; i < sizeof(msg_keys) / sizeof(msg_keys[0]); i++)
		if (kl == msg_keys[i].n && memcmp(k, msg_keys[i].s, kl) == 0)
			return K_MSG;
	for (i = 0; i < sizeof(cont_keys) / sizeof(cont_keys[0]); i++)
		if (kl == cont_keys[i].n && memcmp(k, cont_keys[i].s, kl) == 0)
			return K_CONT;
	return K_UNKNOWN;
}

/* A JSON number text as a double, without the locale. */
static int
num_double(const char *t, double *v)
{
	uint64_t	 mant = 0;
	int		 neg = 0, exp10 = 0, e = 0, eneg = 0;

	if (*t == '\0')
		return -1;
	if (*t == '-') {
		neg = 1;
		t++;
	}
	for (; *t >= '0' && *t <= '9'; t++) {
		if (mant < UINT64_C(1000000000000000000))
			mant = mant * 10 + (uint64_t)(*t - '0');
		else
			exp10++;
	}
	if (*t == '.')
		for (t++; *t >= '0' && *t <= '9'; t++)
			if (mant < UINT64_C(1000000000000000000)) {
				mant = mant * 10 + (uint64_t)(*t - '0');
				exp10--;
			}
	if (*t == 'e' || *t == 'E') {
		t++;
		if (*t == '-' || *t == '+')
			eneg = *t++ == '-';
		for (; *t >= '0' && *t <= '9'; t++)
			if (e < 10000)
				e = e * 10 + (*t - '0');
	}
	exp10 += eneg ? -e : e;
	*v = (double)mant * pow(10.0, exp10);
	if (neg)
		*v = -*v;
	return isfinite(*v) ? 0 : -1;
}

/* A JSON number text as an integer; -1 if it has a fraction or exponent. */
static int
num_int(const char *t, int64_t *v)
{
	uint64_t	 x = 0;
	int		 neg = 0;

	if (*t == '-') {
		neg = 1;
		t++;
	}
	if (*t == '\0')
		return -1;
	for (; *t >= '0' && *t <= '9'; t++) {
		if (x > (UINT64_C(9223372036854775807) - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*t - '0');
	}
	if (*t != '\0')
		return -1;
	*v = neg ? -(int64_t)x : (int64_t)x;
	return 0;
}

/* Epoch seconds from a number: seconds, or milliseconds when that large. */
static int
num_epoch(double v, double *epoch)
{
	if (v < 0 || v >= EPOCH_MS_MAX)
		return -1;
	*epoch = v < EPOCH_S_MAX ? v : v / 1000.0;
	return 0;
}

/* At a number: read it as a double (*ok = 0 when unusable). */
static int
get_num(struct chat *C, double *v, int *ok)
{
	char	 t[NUM_MAX];
	size_t	 n;

	if (ac__lex_number(&C->L, t, sizeof(t), &n) < 0)
		return -1;
	*ok = n > 0 && num_double(t, v) == 0;
	return 0;
}

#define ONES	 UINT64_C(0x0101010101010101)

/*
 * How many of the 8 bytes at s are ASCII digits before the first other
 * byte (0-8), and the value of those digits in *v.
 */
static inline unsigned int
digits8(const char *s, uint64_t *v)
{
	uint64_t	 x, nd;
	unsigned int	 n;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&x, s, 8);		/* s[0] in the low byte */
	/* A byte is no digit when its high nibble is not 3 or it is above 9
	 * (a carry out of such a byte reaches only later bytes). */
	nd = ((x & 0xf0 * ONES) ^ 0x30 * ONES) |
	    (((x + 0x06 * ONES) & 0xf0 * ONES) ^ 0x30 * ONES);
	n = nd == 0 ? 8 : (unsigned int)__builtin_ctzll(nd) / 8;
	if (n == 0) {
		*v = 0;
		return 0;
	}
	/* The n digits in the high bytes, leading zeros below them. */
	x = (x & 0x0f * ONES) << (8 * (8 - n));
	x = (x * 2561) >> 8;
	x = ((x & UINT64_C(0x00ff00ff00ff00ff)) * 6553601) >> 16;
	*v = ((x & UINT64_C(0x0000ffff0000ffff)) * UINT64_C(42949672960001)) >> 32;
	return n;
#else
	for (n = 0, x = 0; n < 8 && s[n] >= '0' && s[n] <= '9'; n++)
		x = x * 10 + (uint64_t)(s[n] - '0');
	(void)nd;
	*v = x;
	return n;
#endif
}

static int
get_int(struct chat *C, int64_t *v, int *ok)
{
	static const uint64_t pow10[9] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000
	};
	struct ac__lex	*L = &C->L;
	const char	*p = L->p, *q = p;
	char		 t[NUM_MAX];
	uint64_t	 x, d;
	unsigned int	 k;
	size_t		 n;

	/*
	 * The usual case at once: at most 16 digits (no overflow), no
	 * leading zero, fraction or exponent, the end already read.
	 */
	if (L->e - p > 2 * 8 + 2) {
		if (*q == '-')
			q++;
		if (*q >= '1' && *q <= '9') {
			k = digits8(q, &x);
			q += k;
			if (k == 8) {
				k = digits8(q, &d);
				q += k;
				x = x * pow10[k] + d;
			}
			if (!(*q >= '0' && *q <= '9') && *q != '.' &&
			    *q != 'e' && *q != 'E') {
				*v = *p == '-' ? -(int64_t)x : (int64_t)x;
				*ok = 1;
				L->p = (char *)q;
				return 0;
			}
		}
	}
	if (ac__lex_number(L, t, sizeof(t), &n) < 0)
		return -1;
	*ok = n > 0 && num_int(t, v) == 0;
	return 0;
}

/*
 * At '"': a string without escapes, controls or non-ASCII whose end is
 * already read: its bytes in *s and *n, consumed; 0 for any other (nothing
 * consumed), which ac__lex_string reads.
 */
static inline int
plain_string(struct ac__lex *L, const char **s, size_t *n)
{
	const char	*q = ac__scan_plain(L->p + 1, L->e);

	if (q == L->e || *q != '"')
		return 0;
	*s = L->p + 1;
	*n = (size_t)(q - *s);
	L->p = (char *)q + 1;
	return 1;
}

/* At '"': decode a short string into buf; *ok = 0 if it did not fit. */
static int
get_small(struct ac__lex *L, char *buf, size_t size, size_t *len, int *ok)
{
	struct ac__buf	 b;
	const char	*s;
	size_t		 n;

	if (plain_string(L, &s, &n)) {
		/* As ac__buf_add would: the prefix that fits. */
		*ok = n <= size - 1;
		if (n > size - 1)
			n = size - 1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		*len = n;
		return 0;
	}
	b.b = buf;
	b.len = 0;
	b.cap = b.max = size - 1;
	b.over = 0;
	if (ac__lex_string(L, &b) < 0)
		return -1;
	buf[b.len] = '\0';
	*len = b.len;
	*ok = !b.over;
	return 0;
}

static int
get_field(struct chat *C, struct field *f)
{
	const char	*s;
	size_t		 n;

	/*
	 * A string without escapes is its bytes in the input, which the
	 * capture keeps until the message ends: no copy.  (The arena cannot
	 * overflow without the message outgrowing AC_MSG_MAX_BYTES, which
	 * skips it all the same.)
	 */
	if (plain_string(&C->L, &s, &n)) {
		f->off = C->L.base + (uint64_t)(s - C->L.buf);
		f->len = n;
		f->set = 1;
		f->in_input = 1;
		return 0;
	}
	f->off = C->arena.len;
	if (ac__lex_string(&C->L, &C->arena) < 0)
		return -1;
	f->len = C->arena.len - (size_t)f->off;
	f->set = 1;
	f->in_input = 0;
	return 0;
}

/* Skip a value of the wrong type, marking the message unusable. */
static int
wrong(struct chat *C, const char *why)
{
	if (C->bad == NULL)
		C->bad = why;
	return ac__lex_skip(&C->L);
}

static int
is_num_start(int c)
{
	return c == '-' || (c >= '0' && c <= '9');
}

static int
msg_id(struct chat *C, int c)
{
	char	 t[NUM_MAX];
	size_t	 n;

	if (c == '"')
		return get_field(C, &C->id);
	if (is_num_start(c)) {
		if (ac__lex_number(&C->L, t, sizeof(t), &n) < 0)
			return -1;
		if (n == 0) {
			C->bad = "id is too long a number";
			return 0;
		}
		C->id.off = C->arena.len;
		if (ac__buf_add(&C->arena, t, n) < 0)
			return ac__lex_fail(&C->L, AC_ERR_NOMEM,
			    ac__lex_offset(&C->L), "out of memory");
		C->id.len = n;
		C->id.set = 1;
		C->id.in_input = 0;
		return 0;
	}
	if (c == 'n')
		return ac__lex_literal(&C->L) < 0 ? -1 : 0;
	return wrong(C, "id is not a string or number");
}

static int
msg_created(struct chat *C, int c)
{
	const char	*s;
	char		 t[SMALL_MAX];
	size_t		 n;
	double		 v;
	int		 ok;

	if (c == '"' && plain_string(&C->L, &s, &n)) {
		/* The usual case: the text as it is in the input. */
		if (n > sizeof(t) - 1) {
			C->ts = -1;	/* as get_small: it did not fit */
			return 0;
		}
		if (n == 0 || n != C->ts_len || memcmp(s, C->ts_text, n) != 0) {
			C->ts_ok = ac_ts_parse(s, n, &C->ts_val) == 0;
			memcpy(C->ts_text, s, n);
			C->ts_len = n;
		}
		C->ts = C->ts_ok ? 1 : -1;
		if (C->ts_ok)
			C->created = C->ts_val;
		return 0;
	}
	if (c == '"') {
		if (get_small(&C->L, t, sizeof(t), &n, &ok) < 0)
			return -1;
		if (!ok) {
			C->ts = -1;
			return 0;
		}
		if (n == 0 || n != C->ts_len || memcmp(t, C->ts_text, n) != 0) {
			C->ts_ok = ac_ts_parse(t, n, &C->ts_val) == 0;
			memcpy(C->ts_text, t, n);
			C->ts_len = n;
		}
		C->ts = C->ts_ok ? 1 : -1;
		if (C->ts_ok)
			C->created = C->ts_val;
		return 0;
	}
	if (is_num_start(c)) {
		if (get_num(C, &v, &ok) < 0)
			return -1;
		C->ts = ok && num_epoch(v, &C->created) == 0 ? 1 : -1;
		return 0;
	}
	if (c == 'n')
		return ac__lex_literal(&C->L) < 0 ? -1 : 0;
	C->ts = -1;
	return ac__lex_skip(&C->L);
}

/* Whether the string value at '"' equals word; other values are skipped. */
static int
value_is(struct ac__lex *L, int c, const char *word, int *yes)
{
	const char	*s;
	char		 t[SMALL_MAX];
	size_t		 n;
	int		 ok;

	*yes = 0;
	if (c != '"')
		return ac__lex_skip(L);
	if (plain_string(L, &s, &n)) {
		*yes = n == strlen(word) && memcmp(s, word, n) == 0;
		return 0;
	}
	if (get_small(L, t, sizeof(t), &n, &ok) < 0)
		return -1;
	*yes = ok && n == strlen(word) && memcmp(t, word, n) == 0;
	return 0;
}

/* Whether s[0..n) holds the m >= 2 bytes w. */
static int
has_bytes(const char *s, size_t n, const char *w, size_t m)
{
	size_t		 i = 0;
#ifdef __SSE2__
	const __m128i	 a = _mm_set1_epi8(w[0]), b = _mm_set1_epi8(w[1]);
	unsigned int	 bits, k;

	/* Where the first two bytes match, 16 places at a time. */
	for (; i + 17 <= n; i += 16) {
		bits = (unsigned int)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const void *)(s + i)), a),
		    _mm_cmpeq_epi8(_mm_loadu_si128((const void *)(s + i + 1)),
		    b)));
		for (; bits != 0; bits &= bits - 1) {
			k = (unsigned int)__builtin_ctz(bits);
			if (i + k + m <= n && memcmp(s + i + k, w, m) == 0)
				return 1;
		}
	}
#endif
	for (; i + m <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, m) == 0)
			return 1;
	return 0;
}

/*
 * At '"': the usual metadata string, read at once when its end is already
 * read and it holds only printable ASCII and \\" escapes and no
 * "sender_type": such a string is valid and says nothing.  0: any other,
 * nothing consumed.
 */
static int
meta_plain(struct ac__lex *L)
{
	const char	*q = L->p + 1, *e = L->e;
	unsigned char	 c;

	for (;;) {
		q = ac__scan_plain(q, e);
		if (q >= e)
			return 0;
		c = (unsigned char)*q;
		if (c == '"')
			break;
		/* (Near the end ac__lex_string reads ahead: let it.) */
		if (c != '\\' || e - q < 12 || q[1] != '"')
			return 0;
		q += 2;
	}
	if (has_bytes(L->p, (size_t)(q - L->p), "sender_type",
	    sizeof("sender_type") - 1))
		return 0;
	L->p = (char *)q + 1;
	return 1;
}

/* Whether the JSON string text s[0..n) has an escape other than \\". */
static int
odd_escape(const char *s, size_t n)
{
	const char	*p = s, *e = s + n;

	while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL) {
		if (p + 1 >= e || p[1] != '"')
			return 1;
		p += 2;
	}
	return 0;
}

/* A metadata object: only sender_type matters.  At '{'. */
static int
meta_object(struct chat *C, struct ac__lex *L)
{
	const char	*k;
	size_t		 kl;
	int		 first = 1, r, c, yes;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if (key_is(k, kl, "sender_type")) {
			if ((c = ac__lex_peek(L)) < 0)
				return ac__lex_unexpected(L, c);
			if (value_is(L, c, "bot", &yes) < 0)
				return -1;
			if (yes)
				C->flags |= AC_MSG_BOT;
		} else if (ac__lex_skip(L) < 0)
			return -1;
	}
	return r;
}

/*
 * metadata: null, an object, or a string holding one.  A string is
 * decoded (up to META_MAX) and parsed on its own; if it is not JSON it
 * is ignored.
 */
static int
msg_metadata(struct chat *C, int c)
{
	struct ac__lex	 ML;
	const char	*raw;
	uint64_t	 at;
	size_t		 rawlen;

	if (c == '{')
		return meta_object(C, &C->L);
	if (c == 'n' && C->L.e - C->L.p >= 5 && memcmp(C->L.p, "null", 4) == 0) {
		C->L.p += 4;	/* as ac__lex_skip reads it */
		return 0;
	}
	if (c != '"')
		return ac__lex_skip(&C->L);
	if (meta_plain(&C->L))
		return 0;
	at = ac__lex_offset(&C->L);
	if (ac__lex_string(&C->L, NULL) < 0)
		return -1;
	/* Without the capture the message is skipped: nothing matters. */
	if (C->L.mark == NULL)
		return 0;
	/* The string's bytes are still there: the capture keeps them. */
	raw = C->L.buf + (at - C->L.base);
	rawlen = (size_t)(C->L.p - raw);
	/*
	 * Only a "sender_type" key matters: without those bytes, and with
	 * no escape but \" (which cannot spell them), there is nothing to parse.
	 */
	if (!has_bytes(raw, rawlen, "sender_type", sizeof("sender_type") - 1) &&
	    !odd_escape(raw, rawlen))
		return 0;
	C->meta.len = 0;
	C->meta.over = 0;
	ac__lex_init_mem(&ML, raw, rawlen, NULL);
	if (ac__lex_string(&ML, &C->meta) < 0)
		return 0;	/* cannot be: it was read once already */
	ac__lex_free(&ML);
	if (C->meta.over || C->meta.len == 0)
		return 0;
	ac__lex_init_mem(&ML, C->meta.b, C->meta.len, NULL);
	if (ac__lex_peek(&ML) == '{')
		(void)meta_object(C, &ML);
	ac__lex_free(&ML);
	return 0;
}

static int
badges(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	int		 first = 1, bfirst, r, c, yes;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_element(L, &first)) == 1) {
		if ((c = ac__lex_peek(L)) != '{') {
			if (ac__lex_skip(L) < 0)
				return -1;
			continue;
		}
		if (ac__lex_begin(L) < 0)
			return -1;
		bfirst = 1;
		while ((r = ac__lex_member(L, &bfirst, &k, &kl)) == 1) {
			if (key_is(k, kl, "type")) {
				if ((c = ac__lex_peek(L)) < 0)
					return ac__lex_unexpected(L, c);
				if (value_is(L, c, "bot", &yes) < 0)
					return -1;
				if (yes)
					C->flags |= AC_MSG_BOT;
			} else if (ac__lex_skip(L) < 0)
				return -1;
		}
		if (r < 0)
			return -1;
	}
	return r;
}

static int
identity(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	int		 first = 1, r, c;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if (key_is(k, kl, "badges")) {
			if ((c = ac__lex_peek(L)) == '[')
				r = badges(C);
			else
				r = ac__lex_skip(L);
		} else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	return r;
}

static int
sender(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	int64_t		 v;
	int		 first = 1, r, c, ok;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if ((c = ac__lex_peek(L)) < 0)
			return ac__lex_unexpected(L, c);
		if (key_is(k, kl, "id") && is_num_start(c)) {
			if ((r = get_int(C, &v, &ok)) == 0 && ok)
				C->sender_id = v;
		} else if (key_is(k, kl, "username") && c == '"')
			r = get_field(C, &C->username);
		else if (key_is(k, kl, "slug") && c == '"')
			r = get_field(C, &C->slug);
		else if (key_is(k, kl, "identity") && c == '{')
			r = identity(C);
		else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	return r;
}

/* One member of a message object. */
static int
msg_field(struct chat *C, const char *k, size_t kl)
{
	struct ac__lex	*L = &C->L;
	int64_t		 v;
	int		 c, ok, yes;

	if ((c = ac__lex_peek(L)) < 0)
		return ac__lex_unexpected(L, c);
	switch (kl) {
	case 2:
		if (memcmp(k, "id", 2) == 0)
			return msg_id(C, c);
		break;
	case 4:
		if (memcmp(k, "type", 4) == 0) {
			if (value_is(L, c, "reply", &yes) < 0)
				return -1;
			if (yes)
				C->flags |= AC_MSG_REPLY;
			return 0;
		}
		break;
	case 6:
		if (memcmp(k, "sender", 6) == 0) {
			if (c == '{')
				return sender(C);
			if (c == 'n')
				return ac__lex_literal(L) < 0 ? -1 : 0;
			return wrong(C, "sender is not an object");
		}
		break;
	case 7:
		if (memcmp(k, "content", 7) == 0) {
			if (c == '"')
				return get_field(C, &C->content);
			if (c == 'n')
				return ac__lex_literal(L) < 0 ? -1 : 0;
			return wrong(C, "content is not a string");
		}
		if (memcmp(k, "user_id", 7) == 0 && is_num_start(c)) {
			if (get_int(C, &v, &ok) < 0)
				return -1;
			if (ok)
				C->user_id = v;
			return 0;
		}
		break;
	case 8:
		if (memcmp(k, "metadata", 8) == 0)
			return msg_metadata(C, c);
		break;
	case 10:
		if (memcmp(k, "created_at", 10) == 0)
			return msg_created(C, c);
		break;
	}
	return ac__lex_skip(L);
}

/* Start a message at '{': capture from here, forget the last one. */
static void
msg_begin(struct chat *C)
{
	C->arena.len = 0;
	C->arena.over = 0;
	memset(&C->id, 0, sizeof(C->id));
	memset(&C->content, 0, sizeof(C->content));
	memset(&C->username, 0, sizeof(C->username));
	memset(&C->slug, 0, sizeof(C->slug));
	C->sender_id = C->user_id = -1;
	C->ts = 0;
	C->flags = 0;
	C->bad = NULL;
	C->L.mark = C->L.p;
	C->L.dropped = 0;
	C->L.badstr = 0;
	C->msgno++;
	C->L.msgno = C->msgno;
}

static void
skipped(struct chat *C, uint64_t *counter, const char *why)
{
	struct ac_chat_stats	*st = C->st;

	(*counter)++;
	if (st->first_skipped == 0) {
		st->first_skipped = C->msgno;
		snprintf(st->first_skip_reason, sizeof(st->first_skip_reason),
		    "%s", why);
	}
}

/* A field's bytes at the message's end (the capture holds the input's). */
static const char *
field_bytes(struct chat *C, const struct field *f)
{
	if (f->in_input)
		return C->L.buf + (f->off - C->L.base);
	return C->arena.b + f->off;
}

/* After the message's '}': hand it on, or count why not. */
static int
msg_end(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	struct ac_msg	 m;
	size_t		 rawlen = 0;
	int		 r = 0;

	C->saw_chat = 1;
	if (L->mark != NULL)
		rawlen = (size_t)(L->p - L->mark);
	if (L->dropped || L->mark == NULL || rawlen > AC_MSG_MAX_BYTES ||
	    C->arena.over)
		skipped(C, &C->st->too_large, "message larger than "
		    "AC_MSG_MAX_BYTES");
	else if (C->bad != NULL)
		skipped(C, &C->st->bad_message, C->bad);
	else if (L->badstr)
		skipped(C, &C->st->bad_message,
		    "invalid UTF-8 or lone surrogate in a string");

	else if (C->ts != 1)
		skipped(C, &C->st->no_timestamp, C->ts == 0 ?
		    "no created_at" : "invalid created_at");
	else {
		memset(&m, 0, sizeof(m));
		m.index = C->msgno;
		if (C->id.set) {
			m.id = field_bytes(C, &C->id);
			m.id_len = C->id.len;
		}
		if (C->content.set) {
			m.content = field_bytes(C, &C->content);
			m.content_len = C->content.len;
		}
		if (C->username.set) {
			m.username = field_bytes(C, &C->username);
			m.username_len = C->username.len;
		} else if (C->slug.set) {
			m.username = field_bytes(C, &C->slug);
			m.username_len = C->slug.len;
		}
		/* Empty strings still need a valid pointer. */
		if (m.id == NULL && C->id.set)
			m.id = "";
		if (m.content == NULL && C->content.set)
			m.content = "";
		if (m.username == NULL && (C->username.set || C->slug.set))
			m.username = "";
		m.sender_id = C->sender_id >= 0 ? C->sender_id : C->user_id;
		m.created_at = C->created;
		m.flags = C->flags;
		m.raw = L->mark;
		m.raw_len = rawlen;
		C->st->messages++;
		if (C->fn != NULL && C->fn(C->fnarg, &m) != 0)
			r = ac__lex_fail(L, AC_ERR_STOPPED, ac__lex_offset(L),
			    "stopped by the callback");
	}
	L->mark = NULL;
	L->msgno = 0;
	return r;
}

/* Copy text cut at a UTF-8 boundary to fit size. */
static void
set_text(char *dst, size_t size, const char *s, size_t len)
{
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	if (len > 0)
		memcpy(dst, s, len);
	dst[len] = '\0';
}

/* A VOD text (string, or a number's text); anything else is skipped. */
static int
vod_text(struct chat *C, char *dst, size_t size)
{
	struct ac__lex	*L = &C->L;
	char		 t[NUM_MAX];
	size_t		 n;
	int		 c;

	if ((c = ac__lex_peek(L)) < 0)
		return ac__lex_unexpected(L, c);
	if (is_num_start(c)) {
		if (ac__lex_number(L, t, sizeof(t), &n) < 0)
			return -1;
		set_text(dst, size, t, n);
		return 0;
	}
	if (c != '"')
		return ac__lex_skip(L);
	C->meta.len = 0;
	C->meta.over = 0;
	L->badstr = 0;
	L->nulstr = 0;
	if (ac__lex_string(L, &C->meta) < 0)
		return -1;
	/* A VOD id or text is never cut at a NUL: the chat is refused. */
	if (L->nulstr)
		return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "a NUL character (\\u0000) in a VOD field");
	if (!L->badstr)
		set_text(dst, size, C->meta.len ? C->meta.b : "",
		    C->meta.len);
	L->badstr = 0;
	return 0;
}

/* A VOD time: date-time string or epoch number. */
static int
vod_time(struct chat *C, struct ac_vod *v)
{
	struct ac__lex	*L = &C->L;
	char		 t[SMALL_MAX];
	size_t		 n;
	double		 x;
	int		 c, ok;

	if ((c = ac__lex_peek(L)) < 0)
		return ac__lex_unexpected(L, c);
	if (c == '"') {
		if (get_small(L, t, sizeof(t), &n, &ok) < 0)
			return -1;
		if (ok && ac_ts_parse(t, n, &x) == 0) {
			v->start_time = x;
			v->has_start = 1;
		}
		return 0;
	}
	if (is_num_start(c)) {
		if (get_num(C, &x, &ok) < 0)
			return -1;
		if (ok && num_epoch(x, &v->start_time) == 0)
			v->has_start = 1;
		return 0;
	}
	return ac__lex_skip(L);
}

/* A number (or a numeric string) of seconds; *ok = 0 when not one. */
static int
vod_seconds(struct chat *C, double *out, int *ok)
{
	struct ac__lex	*L = &C->L;
	char		 t[SMALL_MAX];
	size_t		 n;
	int		 c, fits;

	*ok = 0;
	if ((c = ac__lex_peek(L)) < 0)
		return ac__lex_unexpected(L, c);
	if (is_num_start(c))
		return get_num(C, out, ok);
	if (c != '"')
		return ac__lex_skip(L);
	if (get_small(L, t, sizeof(t), &n, &fits) < 0)
		return -1;
	*ok = fits && n > 0 && num_double(t, out) == 0;
	return 0;
}

static int
livestream_channel(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	int		 first = 1, r;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if (key_is(k, kl, "slug"))
			r = vod_text(C, C->video.channel,
			    sizeof(C->video.channel));
		else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	return r;
}

static int
livestream(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	double		 x;
	int64_t		 v;
	int		 first = 1, r, c, ok;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if ((c = ac__lex_peek(L)) < 0)
			return ac__lex_unexpected(L, c);
		if (key_is(k, kl, "start_time"))
			r = vod_time(C, &C->video);
		else if (key_is(k, kl, "session_title"))
			r = vod_text(C, C->video.title, sizeof(C->video.title));
		else if (key_is(k, kl, "channel_id") && is_num_start(c)) {
			if ((r = get_int(C, &v, &ok)) == 0 && ok && v >= 0)
				C->video.channel_id = v;
		} else if (key_is(k, kl, "duration") && is_num_start(c)) {
			/* Kick's v1 document counts milliseconds. */
			if ((r = get_num(C, &x, &ok)) == 0 && ok && x > 0)
				C->video.duration_s = x / 1000.0;
		} else if (key_is(k, kl, "channel") && c == '{')
			r = livestream_channel(C);
		else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	return r;
}

static int
video(struct chat *C)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	int		 first = 1, r, c;

	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if ((c = ac__lex_peek(L)) < 0)
			return ac__lex_unexpected(L, c);
		if (key_is(k, kl, "uuid"))
			r = vod_text(C, C->video.id, sizeof(C->video.id));
		else if (key_is(k, kl, "source"))
			r = vod_text(C, C->video.source,
			    sizeof(C->video.source));
		else if (key_is(k, kl, "livestream") && c == '{')
			r = livestream(C);
		else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	return r;
}

/* At '[': an array of messages (or, at the top, of pages). */
static int
msg_array(struct chat *C, int top)
{
	struct ac__lex	*L = &C->L;
	int		 first = 1, r, c;

	C->saw_chat = 1;
	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_element(L, &first)) == 1) {
		if ((c = ac__lex_peek(L)) == '{')
			r = object(C, top ? K_UNKNOWN : K_MSG, 0, 0);
		else {
			C->msgno++;
			L->msgno = C->msgno;
			r = ac__lex_skip(L);
			if (r == 0)
				skipped(C, &C->st->bad_message,
				    "message is not an object");
			L->msgno = 0;
		}
		if (r < 0)
			return -1;
	}
	return r;
}

/* One member of a container object ("level" 1 inside "data"). */
static int
cont_field(struct chat *C, const char *k, size_t kl, int level)
{
	struct ac__lex	*L = &C->L;
	double		 x;
	int		 c, ok;

	if ((c = ac__lex_peek(L)) < 0)
		return ac__lex_unexpected(L, c);
	if (key_is(k, kl, "messages")) {
		if (c == '[')
			return msg_array(C, 0);
		if (c == 'n')
			return ac__lex_literal(L) < 0 ? -1 : 0;
		return ac__lex_fail(L, AC_ERR_SHAPE, ac__lex_offset(L),
		    "\"messages\" is not an array");
	}
	if (key_is(k, kl, "data") && level == 0) {
		if (c == '{')
			return object(C, K_CONT, 1, 0);
		if (c == '[')
			return msg_array(C, 0);
		return ac__lex_skip(L);
	}
	if (key_is(k, kl, "video") && c == '{')
		return video(C);
	if (key_is(k, kl, "vod_id"))
		return vod_text(C, C->top.id, sizeof(C->top.id));
	if (key_is(k, kl, "title"))
		return vod_text(C, C->top.title, sizeof(C->top.title));
	if (key_is(k, kl, "channel"))
		return vod_text(C, C->top.channel, sizeof(C->top.channel));
	if (key_is(k, kl, "start_time"))
		return vod_time(C, &C->top);
	if (key_is(k, kl, "segundoInicialStream")) {
		if (vod_seconds(C, &x, &ok) < 0)
			return -1;
		if (ok) {
			C->top.offset_s = x;
			C->top_offset = 1;
		}
		return 0;
	}
	if (key_is(k, kl, "duration_s")) {
		if (vod_seconds(C, &x, &ok) < 0)
			return -1;
		if (ok && x >= 0)
			C->top.duration_s = x;
		return 0;
	}
	return ac__lex_skip(L);
}

/*
 * At '{': a message or a container.  "kind" K_UNKNOWN decides by the
 * first known key; an object with none is a message without fields
 * inside an array, and a shape error at the top ("top").
 */
static int
object(struct chat *C, enum kind kind, int level, int top)
{
	struct ac__lex	*L = &C->L;
	const char	*k;
	size_t		 kl;
	uint64_t	 start = ac__lex_offset(L);
	int		 first = 1, r;

	if (kind != K_CONT)
		msg_begin(C);
	if (ac__lex_begin(L) < 0)
		return -1;
	while ((r = ac__lex_member(L, &first, &k, &kl)) == 1) {
		if (kind == K_UNKNOWN) {
			kind = key_kind(k, kl);
			if (kind == K_CONT) {
				/* Not a message after all. */
				L->mark = NULL;
				L->msgno = 0;
				C->msgno--;
			}
		}
		if (kind == K_MSG)
			r = msg_field(C, k, kl);
		else if (kind == K_CONT)
			r = cont_field(C, k, kl, level);
		else
			r = ac__lex_skip(L);
		if (r < 0)
			return -1;
	}
	if (r < 0)
		return -1;
	if (kind == K_CONT)
		return 0;
	if (kind == K_UNKNOWN && top) {
		L->msgno = 0;
		return ac__lex_fail(L, AC_ERR_SHAPE, start, "an object with "
		    "neither \"messages\" nor message fields (created_at, "
		    "content, sender, ...)");
	}
	return msg_end(C);
}

static const char *
value_name(int c)
{
	if (c == '"')
		return "a string";
	if (c == 't' || c == 'f')
		return "a boolean";
	if (c == 'n')
		return "null";
	return "a number";
}

/* Explicit keys win over the video document. */
static void
vod_merge(struct ac_vod *out, const struct ac_vod *t, const struct ac_vod *v,
    int top_offset)
{
	*out = *v;
	if (t->id[0] != '\0')
		memcpy(out->id, t->id, sizeof(out->id));
	if (t->title[0] != '\0')
		memcpy(out->title, t->title, sizeof(out->title));
	if (t->channel[0] != '\0')
		memcpy(out->channel, t->channel, sizeof(out->channel));
	if (t->source[0] != '\0')
		memcpy(out->source, t->source, sizeof(out->source));
	if (t->channel_id >= 0)
		out->channel_id = t->channel_id;
	if (t->has_start) {
		out->has_start = 1;
		out->start_time = t->start_time;
	}
	if (t->duration_s > 0)
		out->duration_s = t->duration_s;
	if (top_offset)
		out->offset_s = t->offset_s;
}

enum ac_err
ac_chat_read(ac_read_fn rd, void *rdarg, ac_msg_fn fn, void *fnarg,
    struct ac_vod *vod, struct ac_chat_stats *stats, struct ac_error *err)
{
	struct ac_chat_stats	 st0;
	struct ac__src		*src;
	struct chat		*C;
	struct ac__lex		*L;
	enum ac_err		 code;
	uint64_t		 ntop = 0;
	int			 c, r = 0;

	if (stats == NULL)
		stats = &st0;
	memset(stats, 0, sizeof(*stats));
	ac__error(err, AC_OK, 0, 0, "%s", "");
	if (vod != NULL)
		ac_vod_init(vod);
	if ((C = calloc(1, sizeof(*C))) == NULL)
		return ac__error(err, AC_ERR_NOMEM, 0, 0, "out of memory");
	if ((src = ac__src_new(rd, rdarg)) == NULL ||
	    ac__lex_init(&C->L, src, err) < 0) {
		ac__src_free(src);
		free(C);
		return ac__error(err, AC_ERR_NOMEM, 0, 0, "out of memory");
	}
	L = &C->L;
	C->fn = fn;
	C->fnarg = fnarg;
	C->st = stats;
	C->arena.max = AC_MSG_MAX_BYTES;
	C->meta.max = META_MAX;
	ac_vod_init(&C->top);
	ac_vod_init(&C->video);

	/* A UTF-8 byte order mark may start the input. */
	if (ac__lex_ensure(L, 3) < 0)
		goto out;
	if (L->e - L->p >= 3 && memcmp(L->p, "\xef\xbb\xbf", 3) == 0)
		L->p += 3;
	for (;;) {
		if ((c = ac__lex_peek(L)) == -1)
			break;
		if (c == -2)
			goto out;
		ntop++;
		if (c == '[')
			r = msg_array(C, 1);
		else if (c == '{')
			r = object(C, K_UNKNOWN, 0, 1);
		else if (c == '"' || c == 't' || c == 'f' || c == 'n' ||
		    is_num_start(c)) {
			ac__lex_fail(L, AC_ERR_SHAPE, ac__lex_offset(L),
			    "the input is %s, not a chat (expected an "
			    "array or object)", value_name(c));
			goto out;
		} else
			r = ac__lex_unexpected(L, c);
		if (r < 0)
			goto out;
	}
	if (ntop == 0) {
		L->code = AC_ERR_SHAPE;
		ac__error(err, AC_ERR_SHAPE, 0, 0, "empty input");
	}
	else if (!C->saw_chat)
		ac__lex_fail(L, AC_ERR_SHAPE, ac__lex_offset(L),
		    "no chat messages found (expected an array of messages, "
		    "an object with \"messages\", a Kick API page or NDJSON)");
out:
	stats->bytes = L->base + (uint64_t)(L->e - L->buf);
	if (vod != NULL)
		vod_merge(vod, &C->top, &C->video, C->top_offset);
	code = L->code;
	ac__lex_free(L);
	ac__src_free(src);
	ac__buf_free(&C->arena);
	ac__buf_free(&C->meta);
	free(C);
	return code;
}

enum ac_err
ac_chat_read_fd(int fd, ac_msg_fn fn, void *fnarg, struct ac_vod *vod,
    struct ac_chat_stats *stats, struct ac_error *err)
{
	return ac_chat_read(ac_fd_read, &fd, fn, fnarg, vod, stats, err);
}

enum ac_err
ac_chat_read_path(const char *path, ac_msg_fn fn, void *fnarg,
    struct ac_vod *vod, struct ac_chat_stats *stats, struct ac_error *err)
{
	enum ac_err	 code;
	int		 fd;

	if (strcmp(path, "-") == 0)
		return ac_chat_read_fd(STDIN_FILENO, fn, fnarg, vod, stats,
		    err);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (stats != NULL)
			memset(stats, 0, sizeof(*stats));
		if (vod != NULL)
			ac_vod_init(vod);
		return ac__error(err, AC_ERR_IO, 0, 0, "%s: %s", path,
		    strerror(errno));
	}
	code = ac_chat_read_fd(fd, fn, fnarg, vod, stats, err);
	close(fd);
	return code;
}
