/* SPDX-License-Identifier: ISC */
/*
 * input.h: the input layer: byte sources and the JSON lexer behind ac_chat_read.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_INPUT_H
#define AC_INPUT_H

#include "core/core.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* --- chat reading internals (source.c, jsonlex.c, chat.c) --- */

#define AC__READ_CHUNK	 (1024 * 1024)	/* decoded bytes asked for per refill */
#define AC__KEY_MAX	 64		/* object keys longer than this match nothing */

/* source.c: decoded bytes from an ac_read_fn; gzip is sniffed from the magic. */
struct ac__src;
struct ac__src	*ac__src_new(ac_read_fn, void *);	/* NULL: out of memory */
void		 ac__src_free(struct ac__src *);
/* Bytes read (> 0), 0 at the end, -1 on error (see ac__src_error). */
ssize_t		 ac__src_read(struct ac__src *, char *buf, size_t size);
const char	*ac__src_error(const struct ac__src *, enum ac_err *);

/* jsonlex.c: a growable byte buffer that never grows past max ("over" set). */
struct ac__buf {
	char		*b;
	size_t		 len;
	size_t		 cap;
	size_t		 max;
	int		 over;		/* an append was refused: it would pass max */
};
int		 ac__buf_add(struct ac__buf *, const char *, size_t); /* -1: no memory */
void		 ac__buf_free(struct ac__buf *);

/*
 * jsonlex.c: a strict streaming JSON pull parser.  Bytes from "mark" on
 * (the value being captured) stay in the buffer across refills until
 * they pass AC_MSG_MAX_BYTES ("dropped" is then set and mark cleared).
 * Every function returns -1 on a fatal error, recorded once in code/err
 * with its byte offset and msgno.
 */
struct ac__lex {
	char		*buf;
	size_t		 cap;
	char		*p;		/* next byte */
	char		*e;		/* end of the bytes read */
	char		*mark;		/* start of the captured value, or NULL */
	uint64_t	 base;		/* decoded offset of buf[0] */
	struct ac__src	*src;		/* NULL: a memory buffer */
	int		 eof;
	int		 depth;
	int		 badstr;	/* a string held bad UTF-8 or a lone surrogate */
	int		 nulstr;	/* a string held an escaped NUL (\u0000) */
	int		 dropped;	/* the capture outgrew AC_MSG_MAX_BYTES */
	uint64_t	 msgno;		/* message number for error texts, 0 outside */
	enum ac_err	 code;
	struct ac_error	*err;		/* may be NULL */
	char		 key[AC__KEY_MAX];
};
int		 ac__lex_init(struct ac__lex *, struct ac__src *, struct ac_error *);
void		 ac__lex_init_mem(struct ac__lex *, const char *, size_t,
		    struct ac_error *);
void		 ac__lex_free(struct ac__lex *);
uint64_t	 ac__lex_offset(const struct ac__lex *);
int		 ac__lex_fail(struct ac__lex *, enum ac_err, uint64_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
int		 ac__lex_ensure(struct ac__lex *, size_t); /* 1, 0 if short at end */
/* Skip white space: the next byte, -1 at the end, -2 on error. */
int		 ac__lex_peek_slow(struct ac__lex *);
static inline int
ac__lex_peek(struct ac__lex *L)
{
	/* The usual case, a token byte already read, without a call. */
	if (L->p < L->e && (unsigned char)*L->p > ' ')
		return (unsigned char)*L->p;
	return ac__lex_peek_slow(L);
}
int		 ac__lex_unexpected(struct ac__lex *, int c); /* c from peek */
int		 ac__lex_begin(struct ac__lex *);	/* at '{' or '[' */
/* Next member: 1 with its key, ':' read (the key stays valid through one
 * ac__lex_peek, not past reading the value); 0 at '}' (read). */
int		 ac__lex_member_slow(struct ac__lex *, int *first, const char **,
		    size_t *);
/* Next element: 1 before it, 0 at ']' (read). */
int		 ac__lex_element_slow(struct ac__lex *, int *first);

/* The first byte at or after p that is '"', '\\', a control or not ASCII. */
static inline __attribute__((always_inline)) const char *
ac__scan_plain(const char *p, const char *e)
{
	unsigned char	 c;
#ifdef __SSE2__
	const __m128i	 q = _mm_set1_epi8('"');
	const __m128i	 bs = _mm_set1_epi8('\\');
	const __m128i	 sp = _mm_set1_epi8(0x20);
	__m128i		 v, m;
	int		 bits;

	while (e - p >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Signed: bytes >= 0x80 are negative, so below 0x20 too. */
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q),
		    _mm_cmpeq_epi8(v, bs)), _mm_cmplt_epi8(v, sp));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return p + __builtin_ctz((unsigned int)bits);
		p += 16;
	}
#endif
	for (; p < e; p++) {
		c = (unsigned char)*p;
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			break;
	}
	return p;
}

#define AC__LEX_FAST_KEY	 32	/* longer keys go the slow way */

/*
 * The usual cases of the two above inline: no white space, a short plain
 * key and the value's first byte already read.  Anything else, nothing
 * consumed, goes to the functions, which give the same results.
 */
static inline __attribute__((always_inline)) int
ac__lex_member(struct ac__lex *L, int *first, const char **key, size_t *klen)
{
	const char	*p = L->p, *q;

	if (L->e - p < AC__LEX_FAST_KEY + 8)
		return ac__lex_member_slow(L, first, key, klen);
	if (*p == '}') {
		L->p++;
		L->depth--;
		return 0;
	}
	if (!*first) {
		if (*p != ',')
			return ac__lex_member_slow(L, first, key, klen);
		p++;
	}
	if (*p != '"')
		return ac__lex_member_slow(L, first, key, klen);
	p++;
	q = ac__scan_plain(p, p + AC__LEX_FAST_KEY);
	if (*q != '"' || q[1] != ':' ||
	    (unsigned char)q[2] <= ' ')
		return ac__lex_member_slow(L, first, key, klen);
	*first = 0;
	*key = p;
	*klen = (size_t)(q - p);
	L->p = (char *)q + 2;
	return 1;
}

static inline int
ac__lex_element(struct ac__lex *L, int *first)
{
	int	 c;

	if (L->p < L->e) {
		c = (unsigned char)*L->p;
		if (c == ']') {
			L->p++;
			L->depth--;
			return 0;
		}
		if (!*first && c == ',') {
			L->p++;
			return 1;
		}
		if (*first && c > ' ') {
			*first = 0;
			return 1;
		}
	}
	return ac__lex_element_slow(L, first);
}
/* At '"': decode the string, appending to out unless NULL. */
int		 ac__lex_string(struct ac__lex *, struct ac__buf *out);
/* At a number: its text in txt when it fits (*len = 0 otherwise). */
int		 ac__lex_number(struct ac__lex *, char *txt, size_t size,
		    size_t *len);
int		 ac__lex_literal(struct ac__lex *);	/* 't', 'f' or 'n' */
int		 ac__lex_skip_slow(struct ac__lex *);	/* any value, iteratively */

/* Skip any value; scalars (the usual case) without the general walk. */
static inline int
ac__lex_skip(struct ac__lex *L)
{
	const char	*q;
	int		 c;

	if (L->p < L->e) {
		c = (unsigned char)*L->p;
		if (c == '"') {
			q = ac__scan_plain(L->p + 1, L->e);
			if (q < L->e && *q == '"') {
				L->p = (char *)q + 1;
				return 0;
			}
			return ac__lex_string(L, NULL);
		}
		if (c == '-' || (c >= '0' && c <= '9'))
			return ac__lex_number(L, NULL, 0, NULL);
		if (c == 't' || c == 'f' || c == 'n')
			return ac__lex_literal(L) < 0 ? -1 : 0;
	}
	return ac__lex_skip_slow(L);
}

#endif /* !AC_INPUT_H */
