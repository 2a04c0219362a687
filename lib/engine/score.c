/* SPDX-License-Identifier: ISC */
/* score.c: what a chat message says: laughter, hype, emote tokens, commands. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "engine/engine.h"

#define EMOTE_NAME_MAX	 100	/* longer "names" make the token plain text */
#define FNV32_OFFSET	 2166136261u
#define FNV32_PRIME	 16777619u

enum eclass {
	EC_OTHER,
	EC_LAUGH,
	EC_HYPE
};

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int
is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Case-insensitive: does lower-case "needle" occur in s[0..n)? */
static int
has_ci(const char *s, size_t n, const char *needle, size_t m)
{
	size_t	 i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (lower((unsigned char)s[i + j]) != needle[j])
				break;
		if (j == m)
			return 1;
	}
	return 0;
}

static int
has_cs(const char *s, size_t n, const char *needle, size_t m)
{
	size_t	 i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return 1;
	return 0;
}

/*
 * Classify an emote by name: KEK|LUL|LOL|LAUGH|HAHA|ICANT|Dead laugh,
 * Pog|HYPE|GIGACHAD|Clap|EZ|Fire|OOOO|Shocked hype (case-insensitive,
 * except "EZ", which must be upper case).
 */
static enum eclass
emote_class(const char *s, size_t n)
{
#define ND(s)	 { s, sizeof(s) - 1 }
	static const struct { const char *s; size_t n; } laugh[] = {
	    ND("kek"), ND("lul"), ND("lol"), ND("laugh"), ND("haha"),
	    ND("icant"), ND("dead"), { NULL, 0 }
	}, hype[] = {
	    ND("pog"), ND("hype"), ND("gigachad"), ND("clap"), ND("fire"),
	    ND("oooo"), ND("shocked"), { NULL, 0 }
	};
#undef ND
	size_t	 i;

	for (i = 0; laugh[i].s != NULL; i++)
		if (has_ci(s, n, laugh[i].s, laugh[i].n))
			return EC_LAUGH;
	for (i = 0; hype[i].s != NULL; i++)
		if (has_ci(s, n, hype[i].s, hype[i].n))
			return EC_HYPE;
	if (has_cs(s, n, "EZ", 2))
		return EC_HYPE;
	return EC_OTHER;
}

/*
 * A well-formed token "[emote:DIGITS:NAME]" at s: returns its length
 * and sets *name and *namelen, or 0 when s does not start one.  The name may
 * be empty; it holds no '[' or ']' and at most EMOTE_NAME_MAX bytes.
 */
static size_t
emote_token(const char *s, size_t len, const char **name, size_t *namelen)
{
	size_t	 i = 7, d, k;

	if (len < 10 || memcmp(s, "[emote:", 7) != 0)
		return 0;
	for (d = i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		continue;
	if (i == d || i >= len || s[i] != ':')
		return 0;
	i++;
	for (k = i; i < len && i - k <= EMOTE_NAME_MAX; i++) {
		if (s[i] == ']') {
			*name = s + k;
			*namelen = i - k;
			return i + 1;
		}
		if (s[i] == '[')
			return 0;
	}
	return 0;
}

#define L(c)		 (1u << ((c) - 'a'))
/* A word (letter mask "have") made only of the letters in mask "set". */
#define only_of(have, set)	 (((have) & ~(uint32_t)(set)) == 0)

/* How many times c occurs in w[0..n). */
static size_t
count(const char *w, size_t n, char c)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		k += w[i] == c;
	return k;
}

#define CNT(c)	 count(lw, n, (c))
/* Letters the listed laugh and hype words start with (a quick reject). */
#define FIRST_LAUGH	 (L('k') | L('l') | L('o') | L('p') | L('i') | L('r'))
#define FIRST_HYPE	 (L('p') | L('g') | L('c') | L('h') | L('i'))

/* Runs of letters: does w (lower-cased in lw) match pat like "x+d+"? */
static int
runs(const char *lw, size_t n, const char *pat)
{
	size_t	 i = 0;

	/* pat: letters each followed by '+' (one or more) or '?' (optional). */
	while (*pat != '\0') {
		char	 c = pat[0], q = pat[1];

		if (q == '+') {
			if (i >= n || lw[i] != c)
				return 0;
			while (i < n && lw[i] == c)
				i++;
		} else if (q == '?') {
			if (i < n && lw[i] == c)
				i++;
		}
		pat += 2;
	}
	return i == n;
}

#define WORD_MAX	 32	/* longer words are not laughter or emote names */

/* Classify one word (ASCII letters, digits, '_'); returns AC__TEXT_* flags. */
static unsigned int
word_class(const char *w, size_t n)
{
#define WD(s)	 { s, sizeof(s) - 1 }
	static const struct { const char *w; size_t n; } laughs[] = {
	    WD("kekw"), WD("kek"), WD("kekl"), WD("kekleo"), WD("kekwait"),
	    WD("lulw"), WD("lul"), WD("lule"), WD("omegalul"),
	    WD("pepelaugh"), WD("icant"), WD("rofl"), WD("lolw"), { NULL, 0 }
	}, hypes[] = {
	    WD("pog"), WD("pogu"), WD("pogchamp"), WD("poggers"), WD("pogger"),
	    WD("poggies"), WD("pagman"), WD("pagchomp"), WD("gigachad"),
	    WD("clap"), WD("hype"), WD("hyped"), WD("clip"), WD("insane"),
	    WD("goat"), WD("holy"), { NULL, 0 }
	};
#undef WD
	char		 lw[WORD_MAX];
	uint32_t	 have = 0;
	size_t		 i;
	int		 other = 0;

	if (n == 0 || n > WORD_MAX)
		return 0;
	for (i = 0; i < n && w[i] == 'W'; i++)
		continue;
	if (i == n)
		return AC__TEXT_HYPE;		/* W, WWWW: a win */
	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		int c = lower((unsigned char)w[i]);

		lw[i] = (char)c;
		if (c >= 'a' && c <= 'z')
			have |= 1u << (c - 'a');
		else
			other = 1;
	}
	if (other)
		return 0;

	/* jaja, JAAJJAjaJ, jajajjaa: >= 4 of {j,a}, >= 2 j. */
	if (n >= 4 && only_of(have, L('j') | L('a')) && CNT('j') >= 2 && CNT('a') >= 1)
		return AC__TEXT_LAUGH;
	if (n >= 4 && only_of(have, L('j') | L('s')) && CNT('j') >= 2 && CNT('s') >= 2)
		return AC__TEXT_LAUGH;
	if (n >= 4 && only_of(have, L('j') | L('e')) && CNT('j') >= 2 && CNT('e') >= 2)
		return AC__TEXT_LAUGH;
	/* haha, ahaha, HaHaa, hehe */
	if (n >= 4 && only_of(have, L('h') | L('a')) && CNT('h') >= 2 && CNT('a') >= 2)
		return AC__TEXT_LAUGH;
	if (n >= 4 && only_of(have, L('h') | L('e')) && CNT('h') >= 2 && CNT('e') >= 2)
		return AC__TEXT_LAUGH;
	/* rsrs */
	if (n >= 4 && only_of(have, L('r') | L('s')) && CNT('r') >= 2 && CNT('s') >= 2 &&
	    lw[0] == 'r')
		return AC__TEXT_LAUGH;
	/* kkk, lkkkkk */
	if (n >= 3 && only_of(have, L('l') | L('k')) && runs(lw, n, "l?k+") &&
	    CNT('k') >= 3)
		return AC__TEXT_LAUGH;
	/* xd, xDDD, lol, LOOOL, lmao, LMAOOOO, lmfao */
	if ((only_of(have, L('x') | L('d')) && runs(lw, n, "x+d+")) ||
	    (only_of(have, L('l') | L('o')) && runs(lw, n, "l+o+l+")) ||
	    (only_of(have, L('l') | L('m') | L('f') | L('a') | L('o')) &&
	    runs(lw, n, "l+m+f?a+o+")))
		return AC__TEXT_LAUGH;
	for (i = 0; (L(lw[0]) & FIRST_LAUGH) && laughs[i].w != NULL; i++)
		if (laughs[i].n == n && laughs[i].w[0] == lw[0] &&
		    memcmp(laughs[i].w, lw, n) == 0)
			return AC__TEXT_LAUGH;

	for (i = 0; (L(lw[0]) & FIRST_HYPE) && hypes[i].w != NULL; i++)
		if (hypes[i].n == n && hypes[i].w[0] == lw[0] &&
		    memcmp(hypes[i].w, lw, n) == 0)
			return AC__TEXT_HYPE;
	if (only_of(have, L('o')) && (n >= 4 || (n == 3 && w[0] == 'O' &&
	    w[1] == 'O' && w[2] == 'O')))
		return AC__TEXT_HYPE;		/* OOOO */
	/* LETSGOOO, GOOOO, VAMOOO, BORAAA */
	if ((only_of(have, L('l') | L('e') | L('t') | L('s') | L('g') |
	    L('o')) && runs(lw, n, "l+e+t+s+g+o+")) ||
	    (only_of(have, L('g') | L('o')) && runs(lw, n, "g+o+") &&
	    CNT('o') >= 3) ||
	    (only_of(have, L('v') | L('a') | L('m') | L('o') | L('s')) &&
	    runs(lw, n, "v+a+m+o+s?") && CNT('o') >= 2) ||
	    (only_of(have, L('b') | L('o') | L('r') | L('a')) &&
	    runs(lw, n, "b+o+r+a+") && CNT('a') >= 2))
		return AC__TEXT_HYPE;
	if (n == 2 && w[0] == 'E' && w[1] == 'Z')
		return AC__TEXT_HYPE;
	return 0;
}

/* UTF-8 emoji at s: laugh (😂 🤣 💀 😆 😹) or hype (🔥 😱 👏 🐐); returns bytes. */
static size_t
emoji_class(const unsigned char *s, size_t len, unsigned int *flags)
{
	if (len < 4 || s[0] != 0xf0 || s[1] != 0x9f)
		return 0;
	if ((s[2] == 0x98 && (s[3] == 0x82 || s[3] == 0x86 || s[3] == 0xb9)) ||
	    (s[2] == 0xa4 && s[3] == 0xa3) || (s[2] == 0x92 && s[3] == 0x80)) {
		*flags |= AC__TEXT_LAUGH;
		return 4;
	}
	if ((s[2] == 0x94 && s[3] == 0xa5) || (s[2] == 0x98 && s[3] == 0xb1) ||
	    (s[2] == 0x91 && s[3] == 0x8f) || (s[2] == 0x90 && s[3] == 0x90)) {
		*flags |= AC__TEXT_HYPE;
		return 4;
	}
	return 0;
}

/*
 * Hash of one unit u[0..n): ASCII lower-cased, a repeated character
 * (a whole UTF-8 sequence) counted once, so "LMAOOO" is "lmao" and
 * "\xe3\x85\x8b\xe3\x85\x8b" one Korean letter.  Never 0.
 */
static uint32_t
unit_hash(const unsigned char *u, size_t n)
{
	uint32_t	 h = FNV32_OFFSET;
	size_t		 i = 0, k, pk = 0, pi = 0;

	while (i < n) {
		k = 1;
		if (u[i] >= 0xc0)
			while (i + k < n && k < 4 && (u[i + k] & 0xc0) == 0x80)
				k++;
		if (pk == k && (k == 1 ? lower(u[i]) == lower(u[pi]) :
		    memcmp(u + i, u + pi, k) == 0)) {
			i += k;
			continue;
		}
		for (size_t j = 0; j < k; j++)
			h = (h ^ (uint32_t)lower(u[i + j])) * FNV32_PRIME;
		pi = i;
		pk = k;
		i += k;
	}
	return h == 0 ? 1 : h;
}

void
ac__text_scan(const char *s, size_t len, struct ac__text *t)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 h = FNV32_OFFSET;
	size_t			 i = 0, j, n, nl;
	const char		*name;
	int			 prev = -1, c;

	memset(t, 0, sizeof(*t));
	if (s == NULL)
		len = 0;

	/* "!word" after leading spaces is a command. */
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < len && s[i] == '!' && is_word((unsigned char)s[i + 1]))
		t->flags |= AC__TEXT_COMMAND;

	while (i < len) {
		c = u[i];
		if (c == '[' && (n = emote_token(s + i, len - i, &name, &nl))) {
			switch (emote_class(name, nl)) {
			case EC_LAUGH:
				t->emotes.laugh++;
				break;
			case EC_HYPE:
				t->emotes.hype++;
				break;
			default:
				t->emotes.other++;
				break;
			}
			t->units++;
			if (t->first == 0)
				t->first = unit_hash((const unsigned char *)name,
				    nl);
			/* The name stands for the token in the hash. */
			for (j = 0; j < nl; j++) {
				c = lower((unsigned char)name[j]);
				if (c != prev)
					h = (h ^ (uint32_t)c) * FNV32_PRIME;
				prev = c;
			}
			i += n;
			continue;
		}
		if (is_word(c)) {
			t->units++;
			if (t->first == 0) {
				for (j = i; j < len && is_word(u[j]); j++)
					continue;
				t->first = unit_hash(u + i, j - i);
			}
			for (j = i; j < len && is_word(u[j]); j++) {
				c = lower(u[j]);
				if (c != prev)
					h = (h ^ (uint32_t)c) * FNV32_PRIME;
				prev = c;
			}
			t->flags |= word_class(s + i, j - i);
			i = j;
			continue;
		}
		if (c >= 0x80) {
			if (i == 0 || u[i - 1] < 0x80)
				t->units++;
			if (t->first == 0) {
				for (j = i; j < len && u[j] >= 0x80; j++)
					continue;
				t->first = unit_hash(u + i, j - i);
			}
			if ((n = emoji_class(u + i, len - i, &t->flags)) == 0)
				n = 1;
			for (j = i; j < i + n; j++) {
				if (u[j] != prev)
					h = (h ^ u[j]) * FNV32_PRIME;
				prev = u[j];
			}
			i += n;
			continue;
		}
		if (t->first == 0 && c > ' ' && c < 0x7f) {
			/* "???", ":)" as a unit: punctuation up to a space */
			for (j = i; j < len && u[j] > ' ' && u[j] < 0x7f &&
			    !is_word(u[j]); j++)
				continue;
			t->first = unit_hash(u + i, j - i);
		}
		i++;	/* spaces and ASCII punctuation are not hashed */
	}
	t->hash = h;
}

void
ac_text_emotes(const char *s, size_t len, struct ac_emotes *e)
{
	struct ac__text	 t;

	ac__text_scan(s, len, &t);
	*e = t.emotes;
}

int
ac_text_laughs(const char *s, size_t len)
{
	struct ac__text	 t;

	ac__text_scan(s, len, &t);
	return (t.flags & AC__TEXT_LAUGH) != 0;
}

int
ac_text_is_command(const char *s, size_t len)
{
	struct ac__text	 t;

	ac__text_scan(s, len, &t);
	return (t.flags & AC__TEXT_COMMAND) != 0;
}

/* Word-at-a-time multiply-xorshift hash; good spread, not cryptographic. */
uint64_t
ac__hash64(const void *p, size_t len, uint64_t seed)
{
	const unsigned char	*b = p;
	uint64_t		 h = seed ^ (len * 0x9e3779b97f4a7c15ULL), k;

	while (len >= 8) {
		memcpy(&k, b, 8);
		h = (h ^ k) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		b += 8;
		len -= 8;
	}
	if (len > 0) {
		k = 0;
		memcpy(&k, b, len);
		h = (h ^ k) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}
