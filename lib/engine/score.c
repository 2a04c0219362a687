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

static inline int
lower(int c)
{
	return (unsigned int)(c - 'A') < 26 ? c + ('a' - 'A') : c;
}

/* Word bytes: ASCII letters, digits and '_', as a bitmap of 256. */
static const uint64_t word_bits[4] = {
	UINT64_C(0x03ff000000000000),	/* '0'..'9' */
	UINT64_C(0x07fffffe87fffffe),	/* 'A'..'Z', '_', 'a'..'z' */
	0, 0
};

static inline int
is_word(int c)
{
	return (int)(word_bits[(unsigned int)c >> 6] >> (c & 63) & 1);
}

/*
 * Word bytes by class: a letter its bit (1 << (lower - 'a')), a digit or
 * '_' WC_OTHER, any other byte 0.
 */
#define WC_OTHER	 (1u << 31)
#define LC(c)		 [c] = 1u << ((c) - 'a'), [(c) - 32] = 1u << ((c) - 'a')
static const uint32_t word_class_of[256] = {
	LC('a'), LC('b'), LC('c'), LC('d'), LC('e'), LC('f'), LC('g'),
	LC('h'), LC('i'), LC('j'), LC('k'), LC('l'), LC('m'), LC('n'),
	LC('o'), LC('p'), LC('q'), LC('r'), LC('s'), LC('t'), LC('u'),
	LC('v'), LC('w'), LC('x'), LC('y'), LC('z'),
	['0'] = WC_OTHER, ['1'] = WC_OTHER, ['2'] = WC_OTHER, ['3'] = WC_OTHER,
	['4'] = WC_OTHER, ['5'] = WC_OTHER, ['6'] = WC_OTHER, ['7'] = WC_OTHER,
	['8'] = WC_OTHER, ['9'] = WC_OTHER, ['_'] = WC_OTHER
};
#undef LC

static int
has_cs(const char *s, size_t n, const char *needle, size_t m)
{
	size_t	 i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return 1;
	return 0;
}

/* Does w[0..m) start at p, with r bytes left there? */
#define AT(p, r, w)	 ((r) >= sizeof(w) - 1 && memcmp((p), (w), sizeof(w) - 1) == 0)

/*
 * Classify an emote by name: KEK|LUL|LOL|LAUGH|HAHA|ICANT|Dead laugh,
 * Pog|HYPE|GIGACHAD|Clap|EZ|Fire|OOOO|Shocked hype (case-insensitive,
 * except "EZ", which must be upper case).  A laugh anywhere in the name
 * wins over a hype word.  n <= EMOTE_NAME_MAX.
 */
static enum eclass
emote_class(const char *s, size_t n)
{
	char		 lb[EMOTE_NAME_MAX];
	const char	*p;
	size_t		 i, r;
	int		 laugh = 0, hype = 0;

	for (i = 0; i < n; i++)
		lb[i] = (char)lower((unsigned char)s[i]);
	for (i = 0; i < n && !laugh; i++) {
		p = lb + i;
		r = n - i;
		switch (*p) {
		case 'k':
			laugh = AT(p, r, "kek");
			break;
		case 'l':
			laugh = AT(p, r, "lul") || AT(p, r, "lol") ||
			    AT(p, r, "laugh");
			break;
		case 'h':
			laugh = AT(p, r, "haha");
			hype |= AT(p, r, "hype");
			break;
		case 'i':
			laugh = AT(p, r, "icant");
			break;
		case 'd':
			laugh = AT(p, r, "dead");
			break;
		case 'p':
			hype |= AT(p, r, "pog");
			break;
		case 'g':
			hype |= AT(p, r, "gigachad");
			break;
		case 'c':
			hype |= AT(p, r, "clap");
			break;
		case 'f':
			hype |= AT(p, r, "fire");
			break;
		case 'o':
			hype |= AT(p, r, "oooo");
			break;
		case 's':
			hype |= AT(p, r, "shocked");
			break;
		}
	}
	if (laugh)
		return EC_LAUGH;
	if (hype || has_cs(s, n, "EZ", 2))
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

struct word {
	const char	*w;
	size_t		 n;
};
#define WD(s)	 { s, sizeof(s) - 1 }
/* The listed laugh and hype words by first letter (no word is in both). */
static const struct word laugh_k[] = {
	WD("kekw"), WD("kek"), WD("kekl"), WD("kekleo"), WD("kekwait"), { NULL, 0 }
}, laugh_l[] = {
	WD("lulw"), WD("lul"), WD("lule"), WD("lolw"), { NULL, 0 }
}, laugh_o[] = {
	WD("omegalul"), { NULL, 0 }
}, laugh_p[] = {
	WD("pepelaugh"), { NULL, 0 }
}, laugh_i[] = {
	WD("icant"), { NULL, 0 }
}, laugh_r[] = {
	WD("rofl"), { NULL, 0 }
}, hype_p[] = {
	WD("pog"), WD("pogu"), WD("pogchamp"), WD("poggers"), WD("pogger"),
	WD("poggies"), WD("pagman"), WD("pagchomp"), { NULL, 0 }
}, hype_g[] = {
	WD("gigachad"), WD("goat"), { NULL, 0 }
}, hype_c[] = {
	WD("clap"), WD("clip"), { NULL, 0 }
}, hype_h[] = {
	WD("hype"), WD("hyped"), WD("holy"), { NULL, 0 }
}, hype_i[] = {
	WD("insane"), { NULL, 0 }
};
#undef WD

static int
listed(const char *lw, size_t n, const struct word *l)
{
	/* The first letter matched already (the caller's switch). */
	for (; l->w != NULL; l++)
		if (l->n == n && l->w[1] == lw[1] && memcmp(l->w, lw, n) == 0)
			return 1;
	return 0;
}

/*
 * Classify one word w[0..n) (ASCII letters, digits, '_'); returns AC__TEXT_*
 * flags.  The caller gives it lower-cased in lw (when n <= WORD_MAX), the
 * mask of its letters in "have" and whether it has other bytes in "other".
 */
static unsigned int
word_class(const char *w, const char *lw, size_t n, uint32_t have, int other)
{
	size_t		 i;

	if (n == 0 || n > WORD_MAX)
		return 0;
	for (i = 0; i < n && w[i] == 'W'; i++)
		continue;
	if (i == n)
		return AC__TEXT_HYPE;		/* W, WWWW: a win */
	if (n < 2)
		return 0;
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
	switch (lw[0]) {
	case 'k':
		if (listed(lw, n, laugh_k))
			return AC__TEXT_LAUGH;
		break;
	case 'l':
		if (listed(lw, n, laugh_l))
			return AC__TEXT_LAUGH;
		break;
	case 'o':
		if (listed(lw, n, laugh_o))
			return AC__TEXT_LAUGH;
		break;
	case 'r':
		if (listed(lw, n, laugh_r))
			return AC__TEXT_LAUGH;
		break;
	case 'p':
		if (listed(lw, n, laugh_p))
			return AC__TEXT_LAUGH;
		if (listed(lw, n, hype_p))
			return AC__TEXT_HYPE;
		break;
	case 'i':
		if (listed(lw, n, laugh_i))
			return AC__TEXT_LAUGH;
		if (listed(lw, n, hype_i))
			return AC__TEXT_HYPE;
		break;
	case 'g':
		if (listed(lw, n, hype_g))
			return AC__TEXT_HYPE;
		break;
	case 'c':
		if (listed(lw, n, hype_c))
			return AC__TEXT_HYPE;
		break;
	case 'h':
		if (listed(lw, n, hype_h))
			return AC__TEXT_HYPE;
		break;
	}
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
	uint32_t		 h = FNV32_OFFSET, uh, have, b;
	size_t			 i = 0, j, n, nl;
	const char		*name;
	char			 lw[WORD_MAX];
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
			/*
			 * One pass: the text hash, the unit's own hash (as
			 * unit_hash: its first byte always counts), and what
			 * word_class needs.
			 */
			t->units++;
			uh = FNV32_OFFSET;
			have = 0;
			for (j = i; j < len && (b = word_class_of[u[j]]) != 0;
			    j++) {
				/* a letter: its lower case; else as it is */
				c = u[j] | (b < WC_OTHER) << 5;
				if (j - i < WORD_MAX)
					lw[j - i] = (char)c;
				have |= b;
				if (c != prev) {
					h = (h ^ (uint32_t)c) * FNV32_PRIME;
					uh = (uh ^ (uint32_t)c) * FNV32_PRIME;
				} else if (j == i)
					uh = (uh ^ (uint32_t)c) * FNV32_PRIME;
				prev = c;
			}
			if (t->first == 0)
				t->first = uh == 0 ? 1 : uh;
			t->flags |= word_class(s + i, lw, j - i,
			    have & ~WC_OTHER, (have & WC_OTHER) != 0);
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
