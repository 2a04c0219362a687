/* SPDX-License-Identifier: ISC */
/*
 * json_keys.c: a key repeated within one object of a JSON text, which
 * json-c would silently resolve to its last value.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "web/web.h"

#define KEYS_DEPTH	 64	/* containers open at once (bodies: 16) */

struct key {
	const char	*s;	/* decoded, in the arena */
	size_t		 len;
	int		 depth;
};

struct scan {
	const char	*p, *e;
	char		*arena;		/* decoded keys (<= the text) */
	size_t		 alen;
	struct key	*keys;		/* keys of the open objects */
	size_t		 nkeys, capkeys;
	size_t		 start[KEYS_DEPTH];	/* an object's first key */
	int		 depth;		/* open objects */
	char		 kind[KEYS_DEPTH];	/* '{' or '[' */
	int		 cdepth;
	const struct key *dup;
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static unsigned long
hex4(const char *p)
{
	unsigned long	 v = 0;
	int		 i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval((unsigned char)p[i])) < 0)
			return 0x110000;
		v = v * 16 + (unsigned long)h;
	}
	return v;
}

/* At '"': decode a string (into the arena when keep) and step past it. */
static int
string(struct scan *S, int keep, const char **out, size_t *outlen)
{
	char		*d = S->arena + S->alen, *d0 = d;
	unsigned long	 cp, lo;

	S->p++;
	while (S->p < S->e && *S->p != '"') {
		if (*S->p != '\\') {
			if (keep)
				*d++ = *S->p;
			S->p++;
			continue;
		}
		if (S->e - S->p < 2)
			return -1;
		switch (S->p[1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (S->e - S->p < 6 || (cp = hex4(S->p + 2)) > 0xffff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff && S->e - S->p >= 12 &&
			    S->p[6] == '\\' && S->p[7] == 'u' &&
			    (lo = hex4(S->p + 8)) >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				S->p += 6;
			}
			S->p += 4;
			break;
		default: cp = (unsigned char)S->p[1]; break;
		}
		S->p += 2;
		if (!keep)
			continue;
		/* UTF-8 is never longer than the escape it came from. */
		if (cp < 0x80)
			*d++ = (char)cp;
		else if (cp < 0x800) {
			*d++ = (char)(0xc0 | (cp >> 6));
			*d++ = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*d++ = (char)(0xe0 | (cp >> 12));
			*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*d++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*d++ = (char)(0xf0 | (cp >> 18));
			*d++ = (char)(0x80 | ((cp >> 12) & 0x3f));
			*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*d++ = (char)(0x80 | (cp & 0x3f));
		}
	}
	if (S->p >= S->e)
		return -1;
	S->p++;
	if (keep) {
		*out = d0;
		*outlen = (size_t)(d - d0);
		S->alen += (size_t)(d - d0);
	}
	return 0;
}

static int
keycmp(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;
	size_t			 n = x->len < y->len ? x->len : y->len;
	int			 c;

	if ((c = memcmp(x->s, y->s, n)) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* At an object's end: sort its keys and look for a pair. */
static void
object_end(struct scan *S)
{
	size_t	 first = S->start[S->depth - 1], i;

	if (S->dup == NULL && S->nkeys - first > 1) {
		qsort(S->keys + first, S->nkeys - first, sizeof(*S->keys),
		    keycmp);
		for (i = first + 1; i < S->nkeys; i++)
			if (keycmp(&S->keys[i - 1], &S->keys[i]) == 0) {
				S->dup = &S->keys[i];
				break;
			}
	}
	if (S->dup == NULL)
		S->nkeys = first;
	S->depth--;
}

int
ac_json_dup_key(const char *text, size_t len, char *key, size_t keysize)
{
	struct scan	 S;
	struct key	*nk;
	int		 expect_key = 0, rc = 0;

	if (keysize > 0)
		key[0] = '\0';
	memset(&S, 0, sizeof(S));
	S.p = text;
	S.e = text + len;
	if ((S.arena = malloc(len + 1)) == NULL)
		return -1;
	while (S.p < S.e && S.dup == NULL) {
		switch (*S.p) {
		case '{':
		case '[':
			if (S.cdepth == KEYS_DEPTH) {
				rc = -1;
				goto out;
			}
			S.kind[S.cdepth++] = *S.p;
			if (*S.p == '{')
				S.start[S.depth++] = S.nkeys;
			expect_key = *S.p == '{';
			S.p++;
			break;
		case '}':
		case ']':
			if (S.cdepth > 0)
				S.cdepth--;
			if (*S.p == '}' && S.depth > 0)
				object_end(&S);
			expect_key = 0;
			S.p++;
			break;
		case ':':
			expect_key = 0;
			S.p++;
			break;
		case ',':
			/* After a comma inside an object, a key follows. */
			expect_key = S.cdepth > 0 &&
			    S.kind[S.cdepth - 1] == '{';
			S.p++;
			break;
		case '"':
			if (expect_key) {
				if (S.nkeys == S.capkeys) {
					S.capkeys = S.capkeys ? 2 * S.capkeys :
					    64;
					if ((nk = reallocarray(S.keys,
					    S.capkeys, sizeof(*nk))) == NULL) {
						rc = -1;
						goto out;
					}
					S.keys = nk;
				}
				if (string(&S, 1, &S.keys[S.nkeys].s,
				    &S.keys[S.nkeys].len) < 0)
					goto out;
				S.keys[S.nkeys++].depth = S.depth;
			} else if (string(&S, 0, NULL, NULL) < 0)
				goto out;
			expect_key = 0;
			break;
		default:
			S.p++;
			break;
		}
	}
	if (S.dup != NULL) {
		rc = 1;
		if (keysize > 0) {
			size_t n = S.dup->len < keysize - 1 ? S.dup->len :
			    keysize - 1;

			/* Cut at a UTF-8 boundary. */
			if (n < S.dup->len)
				while (n > 0 && ((unsigned char)S.dup->s[n] &
				    0xc0) == 0x80)
					n--;
			memcpy(key, S.dup->s, n);
			key[n] = '\0';
		}
	}
out:
	free(S.keys);
	free(S.arena);
	return rc;
}
