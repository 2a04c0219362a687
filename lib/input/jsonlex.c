/* SPDX-License-Identifier: ISC */
/* jsonlex.c: a strict streaming JSON pull parser over a refillable buffer. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"

/* A capture that has not outgrown its limit, a whole read, and slack. */
#define LEX_BUF_SIZE	(AC_MSG_MAX_BYTES + AC__READ_CHUNK + 64)

int
ac__buf_add(struct ac__buf *b, const char *s, size_t n)
{
	size_t	 ncap;
	char	*nb;

	if (b->over)
		return 0;
	if (n > b->max - b->len) {
		/* Keep what fits, so a cut text is a prefix. */
		n = b->max - b->len;
		b->over = 1;
	}
	if (n > b->cap - b->len) {
		ncap = b->cap < 256 ? 256 : b->cap;
		while (ncap - b->len < n)
			ncap *= 2;
		if (ncap > b->max)
			ncap = b->max;
		if ((nb = realloc(b->b, ncap)) == NULL)
			return -1;
		b->b = nb;
		b->cap = ncap;
	}
	memcpy(b->b + b->len, s, n);
	b->len += n;
	return 0;
}

void
ac__buf_free(struct ac__buf *b)
{
	free(b->b);
	b->b = NULL;
	b->len = b->cap = 0;
}

int
ac__lex_init(struct ac__lex *L, struct ac__src *src, struct ac_error *err)
{
	memset(L, 0, sizeof(*L));
	if ((L->buf = malloc(LEX_BUF_SIZE)) == NULL)
		return -1;
	L->cap = LEX_BUF_SIZE;
	L->p = L->e = L->buf;
	L->src = src;
	L->err = err;
	return 0;
}

/* Parse bytes in memory; they must outlive the lexer and are not changed. */
void
ac__lex_init_mem(struct ac__lex *L, const char *s, size_t len,
    struct ac_error *err)
{
	memset(L, 0, sizeof(*L));
	L->buf = L->p = (char *)s;
	L->e = L->buf + len;
	L->cap = len;
	L->eof = 1;
	L->err = err;
}

void
ac__lex_free(struct ac__lex *L)
{
	if (L->src != NULL)
		free(L->buf);
	L->buf = L->p = L->e = L->mark = NULL;
}

uint64_t
ac__lex_offset(const struct ac__lex *L)
{
	return L->base + (uint64_t)(L->p - L->buf);
}

int
ac__lex_fail(struct ac__lex *L, enum ac_err code, uint64_t off,
    const char *fmt, ...)
{
	char	 what[192];
	va_list	 ap;

	if (L->code != AC_OK)
		return -1;
	L->code = code;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (L->msgno > 0)
		ac__error(L->err, code, off, L->msgno,
		    "%s at byte %llu (message %llu)", what,
		    (unsigned long long)off, (unsigned long long)L->msgno);
	else
		ac__error(L->err, code, off, 0, "%s at byte %llu", what,
		    (unsigned long long)off);
	return -1;
}

/*
 * Read more, keeping the bytes from the capture mark (else from p) on.
 * Returns 1 when bytes were added, 0 at the end, -1 on error.
 */
static int
refill(struct ac__lex *L)
{
	char		*keep;
	size_t		 held, shift;
	ssize_t		 n;
	const char	*text;
	enum ac_err	 code;

	if (L->eof)
		return 0;
	keep = L->p;
	if (L->mark != NULL) {
		if ((size_t)(L->e - L->mark) > AC_MSG_MAX_BYTES) {
			L->mark = NULL;
			L->dropped = 1;
		} else
			keep = L->mark;
	}
	held = (size_t)(L->e - keep);
	shift = (size_t)(keep - L->buf);
	if (shift > 0) {
		memmove(L->buf, keep, held);
		L->base += shift;
		L->p -= shift;
		if (L->mark != NULL)
			L->mark -= shift;
		L->e = L->buf + held;
	}
	n = ac__src_read(L->src, L->e, L->cap - held);
	if (n < 0) {
		text = ac__src_error(L->src, &code);
		return ac__lex_fail(L, code, L->base + held, "%s", text);
	}
	if (n == 0) {
		L->eof = 1;
		return 0;
	}
	L->e += n;
	return 1;
}

int
ac__lex_ensure(struct ac__lex *L, size_t n)
{
	int	 r;

	while ((size_t)(L->e - L->p) < n)
		if ((r = refill(L)) <= 0)
			return r;
	return 1;
}

int
ac__lex_peek_slow(struct ac__lex *L)
{
	unsigned char	 c;
	int		 r;

	for (;;) {
		while (L->p < L->e) {
			c = (unsigned char)*L->p;
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
				return c;
			L->p++;
		}
		if ((r = refill(L)) < 0)
			return -2;
		if (r == 0)
			return -1;
	}
}

/* Report c (from ac__lex_peek) where a value or token was expected. */
int
ac__lex_unexpected(struct ac__lex *L, int c)
{
	if (c == -2)
		return -1;
	if (c == -1)
		return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "unexpected end of input");
	if (c > 0x20 && c < 0x7f)
		return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "unexpected character '%c'", c);
	return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
	    "unexpected byte 0x%02x", (unsigned int)c);
}

int
ac__lex_begin(struct ac__lex *L)
{
	if (L->depth >= AC_JSON_MAX_DEPTH)
		return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "nesting deeper than %d levels", AC_JSON_MAX_DEPTH);
	L->depth++;
	L->p++;
	return 0;
}

static int
hex4(const char *s, uint32_t *v)
{
	uint32_t	 x = 0;
	int		 i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		x = x << 4 | (uint32_t)c;
	}
	*v = x;
	return 0;
}

static size_t
utf8_put(char *u, uint32_t cp)
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | cp >> 18);
	u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Append n > 0 bytes: in place when they fit, else by ac__buf_add. */
static inline int
put(struct ac__lex *L, struct ac__buf *out, const char *s, size_t n)
{
	if (!out->over && n <= out->cap - out->len) {
		memcpy(out->b + out->len, s, n);
		out->len += n;
		return 0;
	}
	if (ac__buf_add(out, s, n) < 0)
		return ac__lex_fail(L, AC_ERR_NOMEM, ac__lex_offset(L),
		    "out of memory");
	return 0;
}

/*
 * Decode one string.  Controls and bad escapes are fatal; bad UTF-8 and
 * lone surrogates only set badstr (the bad bytes are left out).
 */
int
ac__lex_string(struct ac__lex *L, struct ac__buf *out)
{
	uint64_t	 start = ac__lex_offset(L);
	const char	*p, *q, *e;
	unsigned char	 c;
	uint32_t	 cp, lo;
	char		 u[4];
	size_t		 n;
	int		 r;

	L->p++;
	for (;;) {
		p = L->p;
		e = L->e;
		q = ac__scan_plain(p, e);
		if (out != NULL && q > p && put(L, out, p, (size_t)(q - p)) < 0)
			return -1;
		L->p = (char *)q;
		if (q == e) {
			if ((r = refill(L)) < 0)
				return -1;
			if (r == 0)
				return ac__lex_fail(L, AC_ERR_SYNTAX, start,
				    "unterminated string");
			continue;
		}
		c = (unsigned char)*q;
		if (c == '"') {
			L->p++;
			return 0;
		}
		if (c < 0x20)
			return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
			    "control character 0x%02x in a string",
			    (unsigned int)c);
		if (c == '\\') {
			if (e - q < 12) {
				if (ac__lex_ensure(L, 12) < 0)
					return -1;
				q = L->p;
				e = L->e;
			}
			if (e - q < 2)
				return ac__lex_fail(L, AC_ERR_SYNTAX, start,
				    "unterminated string");
			n = 1;
			switch (q[1]) {
			case '"':
			case '\\':
			case '/':
				u[0] = q[1];
				break;
			case 'b':
				u[0] = '\b';
				break;
			case 'f':
				u[0] = '\f';
				break;
			case 'n':
				u[0] = '\n';
				break;
			case 'r':
				u[0] = '\r';
				break;
			case 't':
				u[0] = '\t';
				break;
			case 'u':
				if (e - q < 6 || hex4(q + 2, &cp) < 0)
					return ac__lex_fail(L, AC_ERR_SYNTAX,
					    ac__lex_offset(L),
					    "invalid \\u escape");
				q += 4;
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (e - q >= 8 && q[2] == '\\' &&
					    q[3] == 'u' &&
					    hex4(q + 4, &lo) == 0 &&
					    lo >= 0xdc00 && lo <= 0xdfff) {
						cp = 0x10000 + ((cp - 0xd800) <<
						    10) + (lo - 0xdc00);
						q += 6;
					} else {
						L->badstr = 1;
						n = 0;
						break;
					}
				} else if (cp >= 0xdc00 && cp <= 0xdfff) {
					L->badstr = 1;
					n = 0;
					break;
				}
				if (cp == 0)
					L->nulstr = 1;
				n = utf8_put(u, cp);
				break;
			default:
				c = (unsigned char)q[1];
				if (c > 0x20 && c < 0x7f)
					return ac__lex_fail(L, AC_ERR_SYNTAX,
					    ac__lex_offset(L),
					    "invalid escape '\\%c'", c);
				return ac__lex_fail(L, AC_ERR_SYNTAX,
				    ac__lex_offset(L), "invalid escape");
			}
			q += 2;
			if (out != NULL && n > 0 && put(L, out, u, n) < 0)
				return -1;
			L->p = (char *)q;
			continue;
		}
		/* Not ASCII: validate one UTF-8 sequence. */
		if (e - q < 4) {
			if (ac__lex_ensure(L, 4) < 0)
				return -1;
			q = L->p;
			e = L->e;
		}
		n = ac__utf8_seq((const unsigned char *)q,
		    (const unsigned char *)e);
		if (n == 0) {
			L->badstr = 1;
			q++;
		} else {
			if (out != NULL && put(L, out, q, n) < 0)
				return -1;
			q += n;
		}
		L->p = (char *)q;
	}
}

int
ac__lex_member_slow(struct ac__lex *L, int *first, const char **key, size_t *klen)
{
	struct ac__buf	 kb;
	const char	*q, *r;
	size_t		 n;
	int		 c;

	c = ac__lex_peek(L);
	if (c == '}') {
		L->p++;
		L->depth--;
		return 0;
	}
	if (!*first) {
		if (c != ',')
			return c < 0 ? ac__lex_unexpected(L, c) :
			    ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
			    "expected ',' or '}'");
		L->p++;
		c = ac__lex_peek(L);
	}
	if (c != '"') {
		if (c < 0)
			return ac__lex_unexpected(L, c);
		return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "expected a string key");
	}
	*first = 0;
	/* Fast path: a plain key and its ':' already in the buffer. */
	q = L->p + 1;
	r = ac__scan_plain(q, L->e);
	if (r < L->e && *r == '"') {
		n = (size_t)(r - q);
		for (r++; r < L->e; r++)
			if (*r != ' ' && *r != '\n' && *r != '\r' && *r != '\t')
				break;
		if (r < L->e && *r == ':') {
			/* And the value's first byte: a peek keeps the key. */
			for (r++; r < L->e; r++)
				if (*r != ' ' && *r != '\n' && *r != '\r' &&
				    *r != '\t')
					break;
			if (r < L->e) {
				*key = q;
				*klen = n;
				L->p = (char *)r;
				return 1;
			}
			r = q + n + 1;
		}
		/* Keep the key before refilling. */
		if (n > sizeof(L->key))
			n = sizeof(L->key);
		memcpy(L->key, q, n);
		L->p = (char *)r;
	} else {
		kb.b = L->key;
		kb.len = 0;
		kb.cap = kb.max = sizeof(L->key);
		kb.over = 0;
		if (ac__lex_string(L, &kb) < 0)
			return -1;
		n = kb.len;
	}
	*key = L->key;
	*klen = n;
	if ((c = ac__lex_peek(L)) != ':')
		return c < 0 ? ac__lex_unexpected(L, c) :
		    ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
		    "expected ':'");
	L->p++;
	return 1;
}

int
ac__lex_element_slow(struct ac__lex *L, int *first)
{
	int	 c;

	c = ac__lex_peek(L);
	if (c == ']') {
		L->p++;
		L->depth--;
		return 0;
	}
	if (!*first) {
		if (c != ',')
			return c < 0 ? ac__lex_unexpected(L, c) :
			    ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
			    "expected ',' or ']'");
		L->p++;
	} else if (c < 0)
		return ac__lex_unexpected(L, c);
	*first = 0;
	return 1;
}

int
ac__lex_number(struct ac__lex *L, char *txt, size_t size, size_t *lenp)
{
	uint64_t	 off;
	const char	*q = L->p, *e = L->e;
	size_t		 n = 0;
	int		 st = 0, r, c;

	/*
	 * The usual case at once: an integer without a leading zero whose
	 * end is already read.  Anything else goes by the states below.
	 */
	if (q < e && *q == '-')
		q++;
	if (q < e && *q >= '1' && *q <= '9') {
		for (q++; q < e && *q >= '0' && *q <= '9'; q++)
			continue;
		if (q < e && *q != '.' && *q != 'e' && *q != 'E') {
			n = (size_t)(q - L->p);
			if (txt != NULL) {
				if (n < size) {
					memcpy(txt, L->p, n);
					txt[n] = '\0';
					*lenp = n;
				} else {
					txt[0] = '\0';
					*lenp = 0;
				}
			}
			L->p = (char *)q;
			return 0;
		}
		n = 0;
	}
	off = ac__lex_offset(L);
	for (;;) {
		if (L->p == L->e) {
			if ((r = refill(L)) < 0)
				return -1;
			if (r == 0)
				break;
		}
		c = (unsigned char)*L->p;
		switch (st) {
		case 0:		/* start */
			if (c == '-')
				st = 1;
			else if (c == '0')
				st = 2;
			else if (c >= '1' && c <= '9')
				st = 3;
			else
				goto end;
			break;
		case 1:		/* after '-' */
			if (c == '0')
				st = 2;
			else if (c >= '1' && c <= '9')
				st = 3;
			else
				goto end;
			break;
		case 2:		/* a leading 0 */
		case 3:		/* integer digits */
			if (st == 3 && c >= '0' && c <= '9')
				st = 3;
			else if (c == '.')
				st = 4;
			else if (c == 'e' || c == 'E')
				st = 6;
			else
				goto end;
			break;
		case 4:		/* after '.' */
		case 5:		/* fraction digits */
			if (c >= '0' && c <= '9')
				st = 5;
			else if (st == 5 && (c == 'e' || c == 'E'))
				st = 6;
			else
				goto end;
			break;
		case 6:		/* after 'e' */
			if (c == '+' || c == '-')
				st = 7;
			else if (c >= '0' && c <= '9')
				st = 8;
			else
				goto end;
			break;
		default:	/* 7 after the sign, 8 exponent digits */
			if (c >= '0' && c <= '9')
				st = 8;
			else
				goto end;
			break;
		}
		if (txt != NULL && n + 1 < size)
			txt[n] = (char)c;
		n++;
		L->p++;
	}
end:
	if (st != 2 && st != 3 && st != 5 && st != 8)
		return ac__lex_fail(L, AC_ERR_SYNTAX, off, "invalid number");
	if (txt != NULL) {
		if (n < size) {
			txt[n] = '\0';
			*lenp = n;
		} else {
			txt[0] = '\0';
			*lenp = 0;
		}
	}
	return 0;
}

int
ac__lex_literal(struct ac__lex *L)
{
	size_t	 avail;

	if (ac__lex_ensure(L, 5) < 0)
		return -1;
	avail = (size_t)(L->e - L->p);
	if (avail >= 4 && memcmp(L->p, "true", 4) == 0) {
		L->p += 4;
		return 't';
	}
	if (avail >= 4 && memcmp(L->p, "null", 4) == 0) {
		L->p += 4;
		return 'n';
	}
	if (avail >= 5 && memcmp(L->p, "false", 5) == 0) {
		L->p += 5;
		return 'f';
	}
	return ac__lex_fail(L, AC_ERR_SYNTAX, ac__lex_offset(L),
	    "invalid literal");
}

int
ac__lex_skip_slow(struct ac__lex *L)
{
	uint64_t	 objs = 0;	/* bit i: container i is an object */
	const char	*k;
	size_t		 kl;
	int		 lvl = 0, first = 0, c, r;

	for (;;) {
		c = ac__lex_peek(L);
		switch (c) {
		case '{':
		case '[':
			if (ac__lex_begin(L) < 0)
				return -1;
			if (c == '{')
				objs |= (uint64_t)1 << lvl;
			else
				objs &= ~((uint64_t)1 << lvl);
			lvl++;
			first = 1;
			break;
		case '"':
			if (ac__lex_string(L, NULL) < 0)
				return -1;
			break;
		case 't':
		case 'f':
		case 'n':
			if (ac__lex_literal(L) < 0)
				return -1;
			break;
		case '-':
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			if (ac__lex_number(L, NULL, 0, NULL) < 0)
				return -1;
			break;
		default:
			return ac__lex_unexpected(L, c);
		}
		if (lvl == 0)
			return 0;
		if (c != '{' && c != '[')
			first = 0;
		/* The next member or element, closing finished containers. */
		for (;;) {
			if (objs & ((uint64_t)1 << (lvl - 1)))
				r = ac__lex_member(L, &first, &k, &kl);
			else
				r = ac__lex_element(L, &first);
			if (r < 0)
				return -1;
			if (r == 1)
				break;
			if (--lvl == 0)
				return 0;
			first = 0;
		}
	}
}
