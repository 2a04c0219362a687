/* SPDX-License-Identifier: ISC */
/*
 * chatgen: synthetic Kick VOD chats with ground truth, and chat-log conversion.
 *
 * Length: a generator (moments, background, senders, emotes) and the
 * conversions of other chat logs, one program with one option set.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOURS_MAX	 10000.0	/* --hours */
#define RATE_MAX	 100000.0	/* --rate, messages per second */
#define EVENTS_MAX	 100000		/* moments + distractors */
#define MESSAGES_MAX	 2000000000ULL	/* --messages */
#define CONTENT_MAX	 4096		/* bytes of one message's text */
#define LINE_MAX_BYTES	 (64 * 1024)	/* one chat-log line; longer is cut */
#define OUTBUF_SIZE	 (4 * 1024 * 1024)
#define RECENT_MAX	 64		/* messages remembered for replies */
#define RECENT_TEXT	 120		/* longest content remembered */
#define EVENT_GAP_S	 120		/* between any two events */
#define REACTION_MIN	 10.0		/* expected messages of the faintest reaction */
#define BASE_EPOCH	 1756080000LL	/* 2025-08-25 00:00:00 UTC */
#define CHANNEL_ID	 668

/* ------------------------------------------------------------------
 * Random numbers: xoshiro256** seeded through splitmix64.
 */

struct rng {
	uint64_t	 s[4];
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Independent streams of one seed: changing one use leaves the others alone. */
static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x;
	int i;

	x = seed ^ (stream * 0xd1342543de82ef95ULL);
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t res, t;

	res = rotl(r->s[1] * 5, 7) * 9;
	t = r->s[1] << 17;
	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

/* Uniform in [0, 1). */
static double
rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), n > 0. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static double
rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unif(r);
}

static double
rng_normal(struct rng *r)
{
	double u, v;

	do
		u = rng_unif(r);
	while (u <= 0.0);
	v = rng_unif(r);
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* Poisson: exact (Knuth) for small means, normal approximation above 30. */
static uint32_t
rng_poisson(struct rng *r, double lam)
{
	double l, p, x;
	uint32_t k;

	if (lam <= 0.0)
		return 0;
	if (lam > 30.0) {
		x = floor(lam + sqrt(lam) * rng_normal(r) + 0.5);
		return x < 0.0 ? 0 : (uint32_t)x;
	}
	l = exp(-lam);
	k = 0;
	p = rng_unif(r);
	while (p > l) {
		k++;
		p *= rng_unif(r);
	}
	return k;
}

#define PICK(r, a)	((a)[rng_below((r), (uint32_t)(sizeof(a) / sizeof((a)[0])))])

/* ------------------------------------------------------------------
 * Output buffer for one message, escaped as JSON.
 */

struct buf {
	char		 p[3 * CONTENT_MAX + 4096];
	size_t		 n;
};

static void
put(struct buf *b, const char *s, size_t len)
{
	if (len > sizeof(b->p) - b->n)
		len = sizeof(b->p) - b->n;
	memcpy(b->p + b->n, s, len);
	b->n += len;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
putc_(struct buf *b, char c)
{
	if (b->n < sizeof(b->p))
		b->p[b->n++] = c;
}

static void
put_i64(struct buf *b, int64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	uint64_t u;

	if (v < 0) {
		putc_(b, '-');
		u = (uint64_t)0 - (uint64_t)v;
	} else
		u = (uint64_t)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	put(b, tmp + i, sizeof(tmp) - i);
}

/*
 * Length of a valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes are not one (overlong, surrogate, above U+10FFFF, truncated).
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* A JSON string body: quotes, backslash and controls escaped, bad UTF-8 as U+FFFD. */
static void
put_esc(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i, run, k;
	char e[6];

	i = 0;
	while (i < len) {
		run = i;
		while (run < len && u[run] >= 0x20 && u[run] < 0x80 &&
		    u[run] != '"' && u[run] != '\\')
			run++;
		put(b, s + i, run - i);
		if ((i = run) >= len)
			break;
		if (u[i] >= 0x80) {
			if ((k = utf8_len(u + i, len - i)) == 0) {
				put(b, "\xef\xbf\xbd", 3);
				k = 1;
			} else
				put(b, s + i, k);
			i += k;
			continue;
		}
		switch (u[i]) {
		case '"':
			put(b, "\\\"", 2);
			break;
		case '\\':
			put(b, "\\\\", 2);
			break;
		case '\n':
			put(b, "\\n", 2);
			break;
		case '\r':
			put(b, "\\r", 2);
			break;
		case '\t':
			put(b, "\\t", 2);
			break;
		case '\b':
			put(b, "\\b", 2);
			break;
		case '\f':
			put(b, "\\f", 2);
			break;
		default:
			e[0] = '\\';
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[u[i] >> 4];
			e[5] = hex[u[i] & 0xf];
			put(b, e, 6);
			break;
		}
		i++;
	}
}

static void
put_str(struct buf *b, const char *s, size_t len)
{
	putc_(b, '"');
	put_esc(b, s, len);
	putc_(b, '"');
}

/* A random version 4 UUID as 36 characters (no NUL). */
static void
uuid4(struct rng *r, char out[36])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	uint64_t a, c;
	int i, o;

	a = rng_next(r);
	c = rng_next(r);
	for (i = 0; i < 8; i++) {
		b[i] = (unsigned char)(a >> (8 * i));
		b[8 + i] = (unsigned char)(c >> (8 * i));
	}
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	for (i = 0, o = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0xf];
	}
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Format epoch seconds; sep 'T' gives "...THH:MM:SSZ", ' ' gives Kick's form. */
static void
fmt_time(int64_t epoch, char sep, char *out, size_t size)
{
	struct tm tm;
	time_t t = (time_t)epoch;

	gmtime_r(&t, &tm);
	snprintf(out, size, "%04d-%02d-%02d%c%02d:%02d:%02d%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, sep,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, sep == 'T' ? "Z" : "");
}

/* Parse "YYYY-MM-DD HH:MM:SS" (or with 'T', optional 'Z') as UTC. */
static int
parse_time(const char *s, int64_t *epoch)
{
	int y, mo, d, h, mi, se, n = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (sscanf(s, "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d%n",
	    &y, &mo, &d, &h, &mi, &se, &n) != 6 || n == 0)
		return -1;
	if (s[n] == 'Z')
		n++;
	if (s[n] != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59 ||
	    h < 0 || mi < 0 || se < 0)
		return -1;
	*epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* ------------------------------------------------------------------
 * Output stream.
 */

enum fmt { FMT_JSON, FMT_NDJSON, FMT_OBJECT };

struct out {
	FILE		*f;
	enum fmt	 fmt;
	uint64_t	 count;
	uint64_t	 bytes;
};

static void
out_msg(struct out *o, const struct buf *b)
{
	if (o->fmt == FMT_NDJSON) {
		fwrite(b->p, 1, b->n, o->f);
		putc('\n', o->f);
	} else {
		if (o->count > 0)
			fputs(",\n", o->f);
		fwrite(b->p, 1, b->n, o->f);
	}
	o->count++;
	o->bytes += b->n + 1;
}

/* ------------------------------------------------------------------
 * Users.
 */

#define B_SUB		 0x01
#define B_GIFTER	 0x02
#define B_OG		 0x04
#define B_VIP		 0x08
#define B_MOD		 0x10
#define B_VERIFIED	 0x20
#define B_FOUNDER	 0x40
#define B_BOT		 0x80

struct user {
	int64_t		 id;
	char		 name[32];
	uint16_t	 subs;		/* subscriber months */
	uint16_t	 gifts;
	uint8_t		 badges;
	uint8_t		 color;
};

static const char *const colors[] = {
	"#FF2C56", "#FF9D00", "#1475E1", "#B9D6F6", "#BC66FF", "#72ACED",
	"#FBCFD8", "#93EBE0", "#DEB2FF", "#31D6C2", "#E9113C", "#00FF00",
	"#FFD899", "#8549A7", "#F2708A", "#75FD46"
};

static const char *const syl1[] = {
	"Dark", "Pro", "Lil", "Big", "Real", "El", "La", "Mr", "Tito", "Luna",
	"Sol", "Rey", "Chico", "Mega", "Ninja", "Pollo", "Taco", "Vibe",
	"Fuego", "Gato", "Lobo", "Zen", "Kai", "Nico", "Vale", "Juan", "Ana",
	"Pedro", "Lucas", "Bia", "Gabi", "Toxic", "Shadow", "Pixel", "Turbo",
	"Crazy", "Salty", "Lucky", "Happy", "Sleepy", "Sr", "Don", "Capi"
};
static const char *const syl2[] = {
	"gamer", "king", "wolf", "fox", "ninja", "boy", "girl", "master",
	"lord", "_tv", "_gg", "zz", "xd", "man", "chan", "loco", "crack",
	"bala", "duende", "rato", "panda", "tigre", "bear", "cat", "dog",
	"storm", "_mx", "_br", "_ar", "_es", "plays", "fan", "_01", "ito"
};

struct pop {
	struct user	*u;
	double		*cw;		/* cumulative Zipf weights */
	uint32_t	 n;
	struct user	 bot;
};

static void
user_make(struct rng *r, struct user *u, int64_t id)
{
	uint32_t x;
	int n;

	u->id = id;
	n = snprintf(u->name, sizeof(u->name), "%s%s", PICK(r, syl1),
	    PICK(r, syl2));
	if (rng_unif(r) < 0.55 && n > 0 && (size_t)n < sizeof(u->name) - 5)
		snprintf(u->name + n, sizeof(u->name) - (size_t)n, "%u",
		    rng_below(r, rng_unif(r) < 0.5 ? 100 : 10000));
	u->color = (uint8_t)rng_below(r, sizeof(colors) / sizeof(colors[0]));
	u->badges = 0;
	u->subs = u->gifts = 0;
	x = rng_below(r, 1000);
	if (x < 450) {
		u->badges |= B_SUB;
		u->subs = (uint16_t)(1 + rng_below(r, rng_unif(r) < 0.7 ? 6 : 40));
	}
	if (rng_below(r, 1000) < 50) {
		u->badges |= B_GIFTER;
		u->gifts = (uint16_t)(1 + rng_below(r, 200));
	}
	if (rng_below(r, 1000) < 25)
		u->badges |= B_OG;
	if (rng_below(r, 1000) < 8)
		u->badges |= B_VIP;
	if (rng_below(r, 1000) < 6)
		u->badges |= B_MOD;
	if (rng_below(r, 1000) < 3)
		u->badges |= B_FOUNDER;
}

static int
pop_init(struct pop *p, struct rng *r, uint32_t n)
{
	double acc = 0.0;
	int64_t id = 1200000 + rng_below(r, 800000);
	uint32_t i;

	p->n = n;
	if ((p->u = calloc(n, sizeof(*p->u))) == NULL ||
	    (p->cw = calloc(n, sizeof(*p->cw))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		id += 1 + rng_below(r, 40000);
		user_make(r, &p->u[i], id);
		acc += 1.0 / pow((double)i + 2.0, 1.05);
		p->cw[i] = acc;
	}
	memset(&p->bot, 0, sizeof(p->bot));
	p->bot.id = 1904;
	snprintf(p->bot.name, sizeof(p->bot.name), "%s",
	    rng_unif(r) < 0.5 ? "BotRix" : "KickBot");
	p->bot.badges = B_BOT | B_VERIFIED;
	p->bot.color = 0;
	return 0;
}

/* A user by activity: few talk a lot, most rarely. */
static const struct user *
pop_zipf(const struct pop *p, struct rng *r)
{
	double x = rng_unif(r) * p->cw[p->n - 1];
	uint32_t lo = 0, hi = p->n - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->cw[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &p->u[lo];
}

/* Any user, uniformly: a reaction brings out the quiet ones too. */
static const struct user *
pop_any(const struct pop *p, struct rng *r)
{
	return &p->u[rng_below(r, p->n)];
}

/* ------------------------------------------------------------------
 * Message text.
 */

struct text {
	char		 p[CONTENT_MAX];
	size_t		 n;
};

static void
t_add(struct text *t, const char *s)
{
	size_t len = strlen(s);

	if (len > sizeof(t->p) - 1 - t->n)
		len = sizeof(t->p) - 1 - t->n;
	memcpy(t->p + t->n, s, len);
	t->n += len;
	t->p[t->n] = '\0';
}

static void
t_rep(struct text *t, char c, unsigned int n)
{
	while (n-- > 0 && t->n < sizeof(t->p) - 1)
		t->p[t->n++] = c;
	t->p[t->n] = '\0';
}

static void
t_sp(struct text *t)
{
	if (t->n > 0)
		t_add(t, " ");
}

static const char *const bg_en[] = {
	"what game is this", "this is so good", "no way he did that",
	"chat is he serious", "first time here", "that was close", "gg",
	"W stream", "let him cook", "he's cooking", "nah", "true", "real",
	"facts", "when is the next stream", "how long has he been live",
	"what's the song name", "is this live?", "we need more of this",
	"mods?", "ok", "hello chat", "hi everyone", "bro is locked in",
	"turn the music down a bit", "audio is a bit low", "he always does this",
	"ratio", "who is winning", "can you play with viewers?",
	"what's the setup", "this map is insane", "just got here what happened",
	"I have school tomorrow but I'm staying", "good luck on the next one",
	"does anyone know the rank", "he's actually good at this", "lag?",
	"stream is smooth today", "what time is it there", "go left",
	"nice shot", "unlucky", "that's crazy", "sheesh", "fr", "ngl this is fun",
	"where is the other guy", "we are so back", "it's over", "chat behave",
	"someone clip the last game", "how many subs today", "love the new overlay"
};
static const char *const bg_es[] = {
	"que juego es este", "saludos desde méxico", "saludos desde argentina",
	"buenas noches chat", "no mames", "qué onda", "alguien sabe la canción",
	"vamos a ver", "eso estuvo cerca", "que pasó", "hola a todos",
	"mañana hay stream?", "está muy bueno", "ni modo", "literal",
	"claro que sí", "dale dale", "qué buena partida", "se viene",
	"no puede ser tan malo", "llegué tarde qué me perdí", "mucho texto",
	"buenas buenas", "cuántas horas lleva", "sube el volumen",
	"el mejor stream", "a qué hora termina", "qué hermoso", "tremendo",
	"bro está en otra", "confirmo", "primera vez que vengo", "de una",
	"saludos desde españa", "pónganse serios chat", "no se vale"
};
static const char *const bg_pt[] = {
	"salve salve", "boa noite chat", "alguém do brasil?", "que jogo é esse",
	"tá muito bom", "mano que isso", "verdade", "bora", "qual o nome da música",
	"oi gente", "to chegando agora", "que jogada", "demais", "tmj",
	"aumenta o volume", "é hoje", "ele é bom demais", "fala comigo",
	"alguém de portugal?", "partiu", "que fase", "tá de brincadeira",
	"quanto tempo de live?", "eu avisei", "pode isso?", "boa sorte"
};
static const char *const bg_emote[] = {
	"[emote:37228:NODDERS]", "[emote:4147884:vibePls]",
	"[emote:37244:modCheck]", "[emote:37234:Prayge]",
	"[emote:4148081:Sadge]", "[emote:37215:AYAYA]", "[emote:37236:ThisIsFine]",
	"[emote:37239:WeSmart]", "[emote:37240:WeirdChamp]", "[emote:37248:ratJAM]",
	"[emote:39261:kkHuh]", "[emote:305040:KappA]", "[emote:37245:peepoDJ]",
	"[emote:37230:POLICE]", "[emote:3645849:TRUEING]", "[emote:37220:DonoWall]"
};
static const char *const bg_cmd[] = {
	"!uptime", "!socials", "!discord", "!rank", "!song"
};

/* Laughter: spellings in Spanish, Portuguese, English, emotes, emoji. */
static void
laugh_token(struct text *t, struct rng *r)
{
	static const char *const fixed[] = {
		"KEKW", "LMAO", "lmao", "LMAOOOO", "lmfao", "LOL", "lol",
		"LOOOL", "OMEGALUL", "ICANT", "LULW", "PepeLaugh", "😂",
		"😂😂😂", "🤣🤣", "💀", "💀💀", "haha", "hahaha", "HAHAHA",
		"jsjsjs", "rsrsrs", "jeje",
		"[emote:37226:KEKW]", "[emote:37226:KEKW] [emote:37226:KEKW]",
		"[emote:37227:LULW]", "[emote:1730794:emojiLol]",
		"[emote:1579050:emojiLaughing]", "[emote:1730767:emojiDead]",
		"[emote:37225:KEKLEO]", "[emote:39267:HaHaaHaHaa]",
		"[emote:5748031:collectibleswideKEKW]"
	};
	unsigned int i, n;
	int caps;

	switch (rng_below(r, 6)) {
	case 0:		/* jaja family, loose spelling */
		caps = rng_unif(r) < 0.35;
		n = 2 + rng_below(r, 6);
		for (i = 0; i < n; i++) {
			t_add(t, caps ? "JA" : "ja");
			if (rng_unif(r) < 0.08)
				t_add(t, caps ? "J" : "j");
		}
		if (rng_unif(r) < 0.4)
			t_add(t, caps ? "J" : "j");
		break;
	case 1:		/* xd */
		t_add(t, PICK(r, ((const char *const[]){ "x", "X" })));
		t_rep(t, rng_unif(r) < 0.5 ? 'D' : 'd', 1 + rng_below(r, 4));
		break;
	case 2:		/* kkkk */
		t_rep(t, 'k', 3 + rng_below(r, 9));
		break;
	default:
		t_add(t, PICK(r, fixed));
		break;
	}
}

static void
hype_token(struct text *t, struct rng *r)
{
	static const char *const fixed[] = {
		"[emote:37233:PogU]", "[emote:37233:PogU] [emote:37233:PogU]",
		"[emote:37218:Clap]", "[emote:37218:Clap] [emote:37218:Clap]",
		"[emote:37232:PeepoClap]", "[emote:1730772:emojiFire]",
		"[emote:37229:OOOO]", "[emote:37224:GIGACHAD]", "[emote:37221:EZ]",
		"[emote:1730807:emojiShocked]", "[emote:1730834:emojiYay]",
		"W", "WWWW", "LETS GO", "POGGERS", "CLIP IT", "HOLY", "no way",
		"🔥🔥", "🔥", "PogU", "GIGACHAD", "EZ Clap", "INSANE", "GOAT"
	};

	switch (rng_below(r, 5)) {
	case 0:
		t_rep(t, 'O', 3 + rng_below(r, 8));
		break;
	case 1:
		t_add(t, PICK(r, ((const char *const[]){ "LETSGO", "VAMO",
		    "BORA", "GOO" })));
		t_rep(t, PICK(r, ((const char *const[]){ "O", "A", "O" }))[0],
		    2 + rng_below(r, 6));
		break;
	default:
		t_add(t, PICK(r, fixed));
		break;
	}
}

static void
background_text(struct text *t, struct rng *r, const double lang[3],
    const struct pop *p)
{
	double x = rng_unif(r);

	t->n = 0;
	t->p[0] = '\0';
	if (x < 0.04) {			/* a single laugh now and then */
		laugh_token(t, r);
		return;
	}
	if (x < 0.065) {
		hype_token(t, r);
		return;
	}
	if (x < 0.07) {
		t_add(t, PICK(r, bg_cmd));
		return;
	}
	if (x < 0.10) {
		t_add(t, PICK(r, bg_emote));
		return;
	}
	if (rng_unif(r) < 0.08) {
		t_add(t, "@");
		t_add(t, pop_zipf(p, r)->name);
	}
	x = rng_unif(r);
	t_sp(t);
	if (x < lang[0])
		t_add(t, PICK(r, bg_en));
	else if (x < lang[0] + lang[1])
		t_add(t, PICK(r, bg_es));
	else
		t_add(t, PICK(r, bg_pt));
	if (rng_unif(r) < 0.15) {
		t_sp(t);
		x = rng_unif(r);
		if (x < lang[0])
			t_add(t, PICK(r, bg_en));
		else if (x < lang[0] + lang[1])
			t_add(t, PICK(r, bg_es));
		else
			t_add(t, PICK(r, bg_pt));
	}
	if (rng_unif(r) < 0.08) {
		t_sp(t);
		t_add(t, PICK(r, bg_emote));
	}
}

static void
moment_text(struct text *t, struct rng *r, int hype)
{
	static const char *const said_laugh[] = {
		"no puede ser", "bro", "im dead", "NO WAY", "what did he just do",
		"el chat", "mano", "que risa", "I can't breathe", "me muero",
		"não acredito", "HELP", "he's so bad", "clip that", "stop",
		"lo dijo", "que vergüenza", "nooo"
	};
	static const char *const said_hype[] = {
		"no way", "WHAT", "CLIP IT", "insane", "he did it", "lo hizo",
		"que jugada", "ele conseguiu", "first try", "LEGEND", "bro is him",
		"vamos", "HOLY SHIT", "GG", "who is this guy"
	};
	unsigned int i, n;

	t->n = 0;
	t->p[0] = '\0';
	if (rng_unif(r) < 0.12) {	/* plain words, no laugh or emote */
		t_add(t, hype ? PICK(r, said_hype) : PICK(r, said_laugh));
		return;
	}
	if (rng_unif(r) < 0.2) {
		t_add(t, hype ? PICK(r, said_hype) : PICK(r, said_laugh));
		t_add(t, " ");
	}
	n = 1 + rng_below(r, rng_unif(r) < 0.7 ? 1 : 3);
	for (i = 0; i < n; i++) {
		t_sp(t);
		if (hype)
			hype_token(t, r);
		else
			laugh_token(t, r);
	}
	if (rng_unif(r) < 0.12) {
		t_add(t, " ");
		t_add(t, hype ? PICK(r, said_hype) : PICK(r, said_laugh));
	}
}

/* ------------------------------------------------------------------
 * Events: moments and distractors.
 */

enum ekind { E_LAUGH, E_HYPE, E_CMD, E_SPAM, E_BOT, E_RAID, E_PLATEAU,
    E_FAKE };

static const char *const ekind_name[] = {
	"laugh", "hype", "command_flood", "spam", "bot", "raid", "laughing_chat",
	"fake"
};

/*
 * Channel styles (--style, real mode): how a channel's chat marks its real
 * moments, and the false moment that keeps coming back on it (shaped like
 * a moment, as strong, so the engine ranks it high; an editor rejects it).
 */
enum mtext { MT_VOCAB, MT_TALK, MT_OWN };
enum ftext { FT_NONE, FT_SUBTRAIN, FT_EMOTEWALL, FT_JOKES };

struct style {
	const char	*name;
	const char	*fake;		/* truth kind of the false moment (NULL:
					   the usual distractors) */
	double		 hype_share;	/* real moments that are hype (else laugh) */
	enum mtext	 mtext;		/* how real moments react */
	double		 own_share;	/* MT_OWN: reactions with the VOD's tokens */
	enum ftext	 ftext;		/* how the false moment reads */
	double		 lag_lo, lag_hi;	/* the channel's chat delay */
};

static const struct style styles[] = {
	/* laughs at real moments; gifted-sub trains ("W", Pog, Clap) are not moments */
	{ "laughs", "sub_train", 0.1, MT_VOCAB, 0.0, FT_SUBTRAIN, 3, 8 },
	/* real moments get sentences, late; emote walls (music) are not moments */
	{ "talks", "emote_wall", 0.5, MT_TALK, 0.0, FT_EMOTEWALL, 16, 22 },
	/* hype at real moments; laughter at the streamer's jokes is not clipped */
	{ "hypes", "joke_laugh", 0.9, MT_VOCAB, 0.0, FT_JOKES, 6, 10 },
	/* reacts in its own tokens; sub trains are not moments */
	{ "foreign", "sub_train", 0.5, MT_OWN, 0.95, FT_SUBTRAIN, 2, 6 },
	/* laughter or hype in the vocabulary, the usual distractors */
	{ "mixed", NULL, 0.5, MT_VOCAB, 0.0, FT_NONE, 2, 10 },
};
#define NSTYLES	 (sizeof(styles) / sizeof(styles[0]))

struct event {
	enum ekind	 kind;
	double		 t;		/* moment, or distractor start */
	double		 lag, rise, decay, peak;
	double		 end;		/* last second with activity */
	double		 bg;		/* local background rate */
	double		 extra;		/* added rate at the peak */
	double		 strength;	/* (bg + extra) / bg */
	const struct user *who;		/* spam account */
	int		 variant;
	uint64_t	 nmsg;
	double		 dur;		/* real mode: the highlight lasts this long */
	int		 tok;		/* real mode: own reaction token, or -1 */
};

static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/* Added message rate of an event at second s. */
static double
event_rate(const struct event *e, int64_t s)
{
	double x = (double)s + 0.5, y;

	switch (e->kind) {
	case E_LAUGH:
	case E_HYPE:
	case E_FAKE:
		x -= e->t + e->lag;
		if (x < 0.0)
			return 0.0;
		if (x < e->rise)
			return e->extra * x / e->rise;
		y = x - e->rise;
		if (y > e->decay)
			return 0.0;
		return e->extra * exp(-3.0 * y / e->decay);
	case E_BOT:
		/* bursts: 2 s on, 6 s off */
		x -= e->t;
		if (x < 0.0 || x > e->end - e->t + 1.0)
			return 0.0;
		return fmod(x, 8.0) < 2.0 ? e->extra : 0.0;
	default:
		x -= e->t;
		if (x < 0.0 || x > e->end - e->t + 1.0)
			return 0.0;
		if (e->kind == E_SPAM)
			return e->extra;
		y = x < 3.0 ? x / 3.0 : 1.0;
		if (e->end + 1.0 - (double)s < 5.0)
			y *= (e->end + 1.0 - (double)s) / 5.0;
		return e->extra * y;
	}
}

/* ------------------------------------------------------------------
 * The generator.
 */

/* ------------------------------------------------------------------
 * Real mode: text and rate profile from a recording, read at run time.
 */

#define REAL_LINES_MAX	 2000000	/* lines kept of a recording */
#define REAL_SMOOTH_S	 300		/* rate profile: moving average over this */
#define REAL_NOISE_S	 10		/* background rate noise block */
#define REAL_NOISE_SD	 0.35		/* its log-normal spread */

struct lines {
	char		**s;
	size_t		 n, cap;
};

struct real {
	struct lines	 log;		/* texts of the recording */
	struct lines	 extra;		/* texts of a second corpus (no times) */
	double		*prof;		/* smoothed rate per second, mean 1 */
	int64_t		 span;
	double		*noise;		/* per REAL_NOISE_S block */
	int64_t		 nnoise;
};

/*
 * Reaction tokens outside the engine's fixed vocabulary, in several
 * languages and channel-emote styles: a VOD reacts with a few of these.
 */
static const char *const own_tokens[] = {
	"\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b",	/* Korean laughter */
	"\xef\xbd\x97\xef\xbd\x97\xef\xbd\x97",		/* Japanese laughter */
	"\xe8\x8d\x89",					/* Japanese "grass" */
	"\xd0\xb0\xd1\x85\xd0\xb0\xd1\x85\xd0\xb0\xd1\x85",	/* Russian laughter */
	"55555", "mdrrr", "krass", "WAYTOODANK", "monkaS", "Pepega", "D:",
	"NOOOOO", "WHAT", "HUH", "no shot", "fusSHEESH", "Kreygasm", "wtf",
	"BRUHHH", "omg omg", "[emote:4148099:catJAM]", "[emote:37250:monkaW]"
};
#define NOWN	 (sizeof(own_tokens) / sizeof(own_tokens[0]))

struct gen {
	uint64_t	 seed;
	double		 hours;
	double		 rate;
	int		 moments;
	int		 distractors;
	int		 raids;
	uint64_t	 messages;	/* bench mode: exactly this many */
	int		 hours_set, rate_set;
	enum fmt	 fmt;
	const char	*truth;
	const char	*outpath;
	const char	*logpath;
	const char	*start;

	int64_t		 dur;		/* seconds planned */
	int64_t		 nsec;		/* seconds written */
	int64_t		 vod_start;
	double		*bg;		/* expected background rate per second */
	uint32_t	*nbg;		/* background messages per second */
	uint32_t	*nev;		/* event messages per second */
	int32_t		*iev;		/* the event of a second, or -1 */
	struct event	*ev;
	int		 nevents;
	double		 lang[3];
	struct pop	 pop;
	char		 recent_id[RECENT_MAX][37];
	char		 recent_text[RECENT_MAX][RECENT_TEXT + 1];
	const struct user *recent_user[RECENT_MAX];
	unsigned int	 nrecent;
	char		 vod_uuid[37];
	char		 title[96];
	char		 slug[32];

	int		 unique;	/* --unique-senders: a new sender per message */
	double		 strength_lo;	/* --strength LO,HI (real mode) */
	double		 strength_hi;
	double		 lag_lo;	/* --lag LO,HI: the VOD's chat delay (real mode) */
	double		 lag_hi;

	/* real mode (--real-log): background resampled from a recording */
	const char	*reallog;
	const char	*realextra;
	struct real	*real;
	double		 vodlag;	/* this VOD's chat delay */
	int		 vtok[3];	/* this VOD's own reaction tokens */
	const struct style *style;	/* --style: the channel's, or NULL */
};

static int	 parse_offset(const char *, size_t, int64_t *, size_t *);

static int
lines_add(struct lines *l, const char *p, size_t n)
{
	char **ns;
	size_t ncap;

	if (l->n >= REAL_LINES_MAX)
		return 0;
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 4096;
		if ((ns = realloc(l->s, ncap * sizeof(*ns))) == NULL)
			return -1;
		l->s = ns;
		l->cap = ncap;
	}
	if (n > CONTENT_MAX - 1)
		n = CONTENT_MAX - 1;
	if ((l->s[l->n] = malloc(n + 1)) == NULL)
		return -1;
	memcpy(l->s[l->n], p, n);
	l->s[l->n][n] = '\0';
	l->n++;
	return 0;
}

static void
real_free(struct real *rl)
{
	size_t i;

	if (rl == NULL)
		return;
	for (i = 0; i < rl->log.n; i++)
		free(rl->log.s[i]);
	for (i = 0; i < rl->extra.n; i++)
		free(rl->extra.s[i]);
	free(rl->log.s);
	free(rl->extra.s);
	free(rl->prof);
	free(rl->noise);
	free(rl);
}

/*
 * Load the recording ("H:MM:SS text" lines) and, when given, a corpus of
 * texts without times (CSV, text in the first column, header skipped).
 * The recording's rate is smoothed over REAL_SMOOTH_S so that its own
 * (unlabelled) bursts do not become moments of the generated chat.
 */
static int
real_load(struct gen *g)
{
	struct real *rl;
	FILE *in;
	char *line = NULL, *p;
	size_t cap = 0, used, len, k;
	ssize_t n;
	int64_t off, s, a, b;
	double *cnt = NULL, *nc, sum;
	int pass, header;

	if ((rl = calloc(1, sizeof(*rl))) == NULL)
		return -1;
	g->real = rl;
	for (pass = 0; pass < 2; pass++) {
		const char *path = pass == 0 ? g->reallog : g->realextra;

		if (path == NULL)
			continue;
		if ((in = fopen(path, "r")) == NULL) {
			fprintf(stderr, "chatgen: %s: %s\n", path,
			    strerror(errno));
			free(line);
			free(cnt);
			return -2;
		}
		header = 1;
		while ((n = getline(&line, &cap, in)) != -1) {
			len = (size_t)n;
			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r'))
				len--;
			if (pass == 0) {
				if (parse_offset(line, len, &off, &used) == -1 ||
				    used >= len || off > 7 * 86400)
					continue;
				if (off >= rl->span) {
					k = (size_t)(off + 1);
					if ((nc = realloc(cnt, k * sizeof(*nc))) ==
					    NULL)
						goto nomem;
					for (s = rl->span; s < off + 1; s++)
						nc[s] = 0.0;
					cnt = nc;
					rl->span = off + 1;
				}
				cnt[off] += 1.0;
				if (lines_add(&rl->log, line + used, len - used) == -1)
					goto nomem;
				continue;
			}
			if (header) {		/* CSV header */
				header = 0;
				continue;
			}
			/* text,polarity,emotion: the text is all before the last two commas */
			for (k = 0, p = NULL; k < 2; k++) {
				while (len > 0 && line[len - 1] != ',')
					len--;
				if (len == 0)
					break;
				len--;
			}
			if (len == 0)
				continue;
			p = line;
			while (len > 0 && (*p == ' ' || *p == '\t')) {
				p++;
				len--;
			}
			if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
				/* quoted: strip the quotes, "" is one quote */
				for (k = 1, used = 0; k + 1 < len; k++) {
					p[used++] = p[k];
					if (p[k] == '"' && p[k + 1] == '"')
						k++;
				}
				len = used;
			}
			if (len > 0 && lines_add(&rl->extra, p, len) == -1)
				goto nomem;
		}
		fclose(in);
	}
	free(line);
	line = NULL;
	if (rl->log.n < 100 || rl->span < 600) {
		fprintf(stderr, "chatgen: %s: fewer than 100 timed lines or "
		    "shorter than 10 minutes\n", g->reallog);
		free(cnt);
		return -2;
	}
	if ((rl->prof = calloc((size_t)rl->span, sizeof(*rl->prof))) == NULL)
		goto nomem;
	for (s = 0, sum = 0.0; s < rl->span; s++) {
		a = s - REAL_SMOOTH_S / 2 < 0 ? 0 : s - REAL_SMOOTH_S / 2;
		b = s + REAL_SMOOTH_S / 2 > rl->span ? rl->span :
		    s + REAL_SMOOTH_S / 2;
		for (k = (size_t)a, rl->prof[s] = 0.0; k < (size_t)b; k++)
			rl->prof[s] += cnt[k];
		rl->prof[s] = (rl->prof[s] + 0.5) / (double)(b - a);
		sum += rl->prof[s];
	}
	for (s = 0; s < rl->span; s++)
		rl->prof[s] *= (double)rl->span / sum;
	free(cnt);
	return 0;
nomem:
	free(line);
	free(cnt);
	return -1;
}

/* Background rate: the recording's profile stretched over the stream, noisy. */
static int
real_background(struct gen *g, struct rng *r)
{
	struct real *rl = g->real;
	int64_t s, k;
	double sum = 0.0, f;

	rl->nnoise = g->dur / REAL_NOISE_S + 1;
	if ((rl->noise = calloc((size_t)rl->nnoise, sizeof(*rl->noise))) ==
	    NULL)
		return -1;
	for (k = 0; k < rl->nnoise; k++)
		rl->noise[k] = exp(REAL_NOISE_SD * rng_normal(r) -
		    REAL_NOISE_SD * REAL_NOISE_SD / 2.0);
	for (s = 0; s < g->dur; s++) {
		k = (int64_t)((double)s * (double)rl->span / (double)g->dur);
		if (k >= rl->span)
			k = rl->span - 1;
		g->bg[s] = rl->prof[k] * rl->noise[s / REAL_NOISE_S];
		sum += g->bg[s];
	}
	f = g->rate * (double)g->dur / sum;
	for (s = 0; s < g->dur; s++)
		g->bg[s] *= f;
	return 0;
}

/* A real line: the recording's, or (lang[1] of the time) the corpus's. */
static void
real_text(struct text *t, struct rng *r, const struct gen *g)
{
	const struct real *rl = g->real;
	const struct lines *l = &rl->log;

	if (rl->extra.n > 0 && rng_unif(r) < g->lang[1])
		l = &rl->extra;
	t_add(t, l->s[rng_below(r, (uint32_t)l->n)]);
}

/* A "talks" channel reacts in sentences of a few words, no vocabulary. */
static void
talk_text(struct text *t, struct rng *r)
{
	static const char *const said[] = {
		"did he really just do that", "what just happened right there",
		"no way that actually worked out", "bro how did you pull that off",
		"I was not ready for that one", "rewind that please I missed it",
		"this is why I watch this stream", "that was so clean oh my god",
		"he called it before it happened", "chat did you see that play",
		"no se como hizo eso la verdad", "eso fue increible no lo puedo creer"
	};

	t->n = 0;
	t->p[0] = '\0';
	t_add(t, PICK(r, said));
	if (rng_unif(r) < 0.3) {
		t_add(t, " ");
		t_add(t, PICK(r, said));
	}
}

/* The false moment of a styled channel (see struct style). */
static void
fake_text(struct text *t, struct rng *r, const struct gen *g)
{
	static const char *const subs[] = {
		"W", "WWWW", "W W W", "thanks for the subs",
		"[emote:37218:Clap]", "[emote:37218:Clap] [emote:37218:Clap]",
		"PogU", "[emote:37233:PogU]", "GIGACHAD", "W sub train"
	};
	static const char *const wall[] = {
		"[emote:4148099:catJAM]", "[emote:4148099:catJAM] [emote:4148099:catJAM]",
		"[emote:4147884:vibePls]", "catJAM", "[emote:37248:ratJAM]",
		"[emote:4147884:vibePls] [emote:4148099:catJAM]"
	};

	t->n = 0;
	t->p[0] = '\0';
	if (rng_unif(r) < 0.3) {	/* the chat goes on talking */
		real_text(t, r, g);
		return;
	}
	switch (g->style->ftext) {
	case FT_SUBTRAIN:
		if (rng_unif(r) < 0.5)
			hype_token(t, r);
		else
			t_add(t, PICK(r, subs));
		break;
	case FT_EMOTEWALL:
		t_add(t, PICK(r, wall));
		break;
	case FT_JOKES:
		laugh_token(t, r);
		break;
	case FT_NONE:
		break;
	}
}

/* A reaction in real mode: the VOD's own token, or the fixed vocabulary. */
static void
real_moment_text(struct text *t, struct rng *r, const struct gen *g,
    const struct event *e)
{
	unsigned int i, n;

	t->n = 0;
	t->p[0] = '\0';
	if (rng_unif(r) < 0.4) {	/* chat still talks about it */
		real_text(t, r, g);
		return;
	}
	if (rng_unif(r) < 0.15) {
		real_text(t, r, g);
		t_add(t, " ");
	}
	if (g->style != NULL && g->style->mtext == MT_TALK) {
		talk_text(t, r);
		return;
	}
	n = 1 + rng_below(r, rng_unif(r) < 0.7 ? 1 : 3);
	for (i = 0; i < n; i++) {
		t_sp(t);
		if (e->tok >= 0)
			t_add(t, own_tokens[e->tok]);
		else if (e->kind == E_HYPE)
			hype_token(t, r);
		else
			laugh_token(t, r);
	}
}

static void
usage(FILE *f)
{
	fputs(
"usage: chatgen [options]\n"
"       chatgen --from-twitch-log FILE|- [--start TIME] [--format F] [-o FILE]\n"
"\n"
"Writes a synthetic Kick VOD chat with known moments and distractors.\n"
"\n"
"  --seed N           PRNG seed (default 1); same seed, same bytes\n"
"  --hours H          stream length in hours (default 3)\n"
"  --rate R           mean background messages per second (default 1.5);\n"
"                     the rate drifts (quiet start, busy middle, random walk)\n"
"  --moments N        true moments, laughter or hype (default hours*4)\n"
"  --distractors N    floods that are not moments: command floods, one-account\n"
"                     spam, bot bursts, in turn (default hours*2)\n"
"  --raids N          bursts of greetings by many new users (default 0); kept\n"
"                     apart from --distractors, listed as kind \"raid\"\n"
"  --format F         json (array of messages), ndjson (one per line), or\n"
"                     object ({\"video\": Kick v1 video, \"messages\": [...]});\n"
"                     default json\n"
"  --truth FILE       write the ground truth as JSON (times in seconds from\n"
"                     the VOD start)\n"
"  --messages N       benchmark mode: exactly N messages; without --rate the\n"
"                     stream lasts --hours (default 6) and the rate follows\n"
"  -o FILE            output (default standard output)\n"
"  --unique-senders   every background message from a sender never seen\n"
"                     before (the worst case for per-sender state)\n"
"  --real-log FILE    real mode: background text and rate profile resampled\n"
"                     from a recording (\"H:MM:SS text\" lines, read now,\n"
"                     not stored); the rate profile smoothed over 5 minutes,\n"
"                     scaled to --rate, with log-normal noise per 10 s;\n"
"                     senders drawn as usual; moments react with the VOD's\n"
"                     own tokens outside the engine's vocabulary (Korean,\n"
"                     Japanese, Russian, Thai, French laughter, channel\n"
"                     emotes...) 60% of the time, a per-VOD chat delay\n"
"                     of 2-14 s, highlights of 6-41 s (truth \"end\");\n"
"                     distractors add stretches of steady laughter\n"
"                     (\"laughing_chat\") at an unchanged rate\n"
"  --lag LO,HI        real mode: the VOD's chat delay in seconds (default\n"
"                     2-10; each moment adds 0-4)\n"
"  --strength LO,HI   real mode: a moment's peak rate is LO-HI times the\n"
"                     local rate (default 1.8-6)\n"
"  --real-extra CSV   real mode: texts without times (first CSV column,\n"
"                     header skipped) mixed into the background, 10-50%\n"
"  --style S          real mode: a channel with a style of its own: how its\n"
"                     chat marks real moments, its chat delay, and one\n"
"                     recurring false moment shaped and as strong as a real\n"
"                     one, which all --distractors become (truth kind in\n"
"                     brackets): laughs (laughter, 3-8 s; gifted-sub trains\n"
"                     of W/Pog/Clap [sub_train]), talks (sentences, 16-22 s;\n"
"                     emote walls [emote_wall]), hypes (hype words, 6-10 s;\n"
"                     laughter at jokes [joke_laugh]), foreign (the VOD's\n"
"                     own tokens, 2-6 s; sub trains [sub_train]), mixed\n"
"                     (laughter or hype in the vocabulary, 2-10 s; the\n"
"                     usual distractors)\n"
"\n"
"Conversion of a plain chat log (\"H:MM:SS text\" per line, offsets from\n"
"the stream start; \"-\" is standard input):\n"
"  --from-twitch-log FILE  write Kick messages without sender (the log has no\n"
"                     user names); ids are generated, text is JSON-escaped and\n"
"                     invalid UTF-8 replaced; default --format object\n"
"  --start TIME       stream start \"YYYY-MM-DD HH:MM:SS\" UTC\n"
"                     (default 2021-05-25 00:00:00)\n"
"  -h, --help         this text\n", f);
}

static void
gen_free(struct gen *g)
{
	free(g->pop.u);
	free(g->pop.cw);
	free(g->bg);
	free(g->nbg);
	free(g->nev);
	free(g->iev);
	free(g->ev);
	real_free(g->real);
	free(g);
}

static int
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	if (*s == '-' || *s == '\0')
		return -1;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

static int
parse_dbl(const char *s, double lo, double hi, double *v)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(x >= lo && x <= hi))
		return -1;
	*v = x;
	return 0;
}

#define BG_GAIN_MAX	2.0	/* the most the drift's log-amplitude is stretched */

/* Expected background rate: drifting, quiet start, hourly spread 3x..6x. */
static int
make_background(struct gen *g, struct rng *r)
{
	int64_t s, nk, k, nb, blk, b;
	double *x, *L, mean, a, lo, hi, sum, f, e, q, ratio;
	double bm[64];
	int iter;

	nk = g->dur / 300 + 2;
	if ((x = calloc((size_t)nk, sizeof(*x))) == NULL ||
	    (L = calloc((size_t)g->dur, sizeof(*L))) == NULL)
		return -1;
	x[0] = rng_normal(r) * 0.3;
	for (k = 1; k < nk; k++)
		x[k] = 0.85 * x[k - 1] + 0.3 * rng_normal(r);
	for (s = 0; s < g->dur; s++) {
		k = s / 300;
		f = (double)(s % 300) / 300.0;
		q = fmin(1.0, (double)s / (0.3 * (double)g->dur));
		q = q * q * (3.0 - 2.0 * q);
		e = 0.25 + 0.75 * q;
		q = fmax(0.0, ((double)s - 0.8 * (double)g->dur) /
		    (0.2 * (double)g->dur));
		e *= 1.0 - 0.3 * q;
		L[s] = log(e) + x[k] * (1.0 - f) + x[k + 1] * f;
	}
	free(x);
	mean = 0.0;
	for (s = 0; s < g->dur; s++)
		mean += L[s];
	mean /= (double)g->dur;

	/* Blocks of an hour, or thirds of a short stream, at most 64. */
	blk = g->dur >= 3 * 3600 ? 3600 : (g->dur + 2) / 3;
	if (blk < 1)
		blk = 1;
	if ((g->dur + blk - 1) / blk > 64)
		blk = (g->dur + 63) / 64;
	nb = g->dur / blk;
	if (nb < 1)
		nb = 1;
	a = 1.0;
	for (iter = 0; iter < 60; iter++) {
		for (b = 0; b < nb; b++) {
			sum = 0.0;
			for (s = b * blk; s < (b + 1) * blk && s < g->dur; s++)
				sum += exp(mean + a * (L[s] - mean));
			bm[b] = sum;
		}
		lo = hi = bm[0];
		for (b = 1; b < nb; b++) {
			lo = fmin(lo, bm[b]);
			hi = fmax(hi, bm[b]);
		}
		ratio = hi / lo;
		if (nb < 2 || (ratio >= 3.0 && ratio <= 6.0))
			break;
		/*
		 * A walk too flat to reach 3x is not stretched without end:
		 * past a 2x gain the rate would collapse to nothing in places.
		 */
		if (ratio < 3.0 && a >= BG_GAIN_MAX)
			break;
		a *= ratio < 3.0 ? 1.12 : 0.93;
		if (a > BG_GAIN_MAX)
			a = BG_GAIN_MAX;
	}
	sum = 0.0;
	for (s = 0; s < g->dur; s++) {
		g->bg[s] = exp(mean + a * (L[s] - mean));
		sum += g->bg[s];
	}
	f = g->rate * (double)g->dur / sum;
	for (s = 0; s < g->dur; s++)
		g->bg[s] *= f;
	free(L);
	return 0;
}

static double
local_bg(const struct gen *g, double t)
{
	int64_t s, a, b;
	double sum = 0.0;

	a = (int64_t)t - 60;
	b = (int64_t)t + 60;
	if (a < 0)
		a = 0;
	if (b > g->dur)
		b = g->dur;
	for (s = a; s < b; s++)
		sum += g->bg[s];
	return b > a ? sum / (double)(b - a) : g->rate;
}

/* Place events in shuffled slots, EVENT_GAP_S apart; set their shapes. */
static int
make_events(struct gen *g, struct rng *r)
{
	enum ekind *kinds, tmp;
	double L, span, a, lo, hi, minbg;
	int n, i, j, dk, imin, ndk = g->real != NULL ? 4 : 3;
	static const enum ekind dkinds[] = { E_CMD, E_SPAM, E_BOT, E_PLATEAU };

	n = g->moments + g->distractors + g->raids;
	g->nevents = n;
	if (n == 0)
		return 0;
	if ((kinds = calloc((size_t)n, sizeof(*kinds))) == NULL ||
	    (g->ev = calloc((size_t)n, sizeof(*g->ev))) == NULL)
		return -1;
	dk = (int)rng_below(r, 3);
	for (i = 0; i < n; i++) {
		if (i < g->moments)
			kinds[i] = rng_unif(r) < (g->style != NULL ? 1.0 -
			    g->style->hype_share : 0.5) ? E_LAUGH : E_HYPE;
		else if (i < g->moments + g->distractors && g->style != NULL &&
		    g->style->fake != NULL)
			kinds[i] = E_FAKE;
		else if (i < g->moments + g->distractors)
			kinds[i] = dkinds[(dk + i - g->moments) % ndk];
		else
			kinds[i] = E_RAID;
	}
	for (i = n - 1; i > 0; i--) {
		j = (int)rng_below(r, (uint32_t)i + 1);
		tmp = kinds[i];
		kinds[i] = kinds[j];
		kinds[j] = tmp;
	}
	L = ((double)g->dur - 150.0) / n;
	if (L < 90.0 + EVENT_GAP_S) {
		fprintf(stderr, "chatgen: %d events do not fit in %.2f hours "
		    "(each needs %d s)\n", n, g->hours, 90 + EVENT_GAP_S);
		free(kinds);
		return -2;
	}
	for (i = 0; i < n; i++) {
		struct event *e = &g->ev[i];

		e->kind = kinds[i];
		a = 90.0 + i * L;
		e->tok = -1;
		if ((e->kind == E_LAUGH || e->kind == E_HYPE ||
		    e->kind == E_FAKE) && g->real) {
			/* the VOD's delay, a highlight of 6-41 s (median 15) */
			e->lag = g->vodlag + rng_range(r, 0.0, 4.0);
			e->rise = rng_range(r, 2.0, 6.0);
			e->dur = fmin(41.0, fmax(6.0, 15.0 * exp(0.5 *
			    rng_normal(r))));
			e->decay = fmin(60.0, e->dur + rng_range(r, 5.0, 20.0));
			if (rng_unif(r) < (g->style == NULL ? 0.6 :
			    g->style->mtext == MT_OWN && e->kind != E_FAKE ?
			    g->style->own_share : 0.0))
				e->tok = g->vtok[rng_below(r, 3)];
			span = e->lag + e->rise + e->decay;
		} else if (e->kind == E_LAUGH || e->kind == E_HYPE) {
			e->lag = rng_range(r, 5.0, 15.0);
			e->rise = rng_range(r, 2.0, 6.0);
			e->decay = rng_range(r, 20.0, 60.0);
			span = e->lag + e->rise + e->decay;
		} else if (e->kind == E_PLATEAU) {
			span = rng_range(r, 150.0, 240.0);
		} else {
			span = kinds[i] == E_SPAM ? rng_range(r, 20.0, 45.0) :
			    rng_range(r, 30.0, 60.0);
		}
		lo = a + EVENT_GAP_S / 2.0;
		hi = a + L - EVENT_GAP_S / 2.0 - span;
		e->t = floor(rng_range(r, lo, hi > lo ? hi : lo));
		if (e->kind == E_LAUGH || e->kind == E_HYPE ||
		    e->kind == E_FAKE) {
			e->peak = e->t + e->lag + e->rise;
			e->end = ceil(e->peak + e->decay);
		} else
			e->end = floor(e->t + span);
		e->bg = local_bg(g, e->t + (e->kind <= E_HYPE ||
		    e->kind == E_FAKE ? e->lag : 0.0));
		e->variant = (int)rng_below(r, 1000);
	}
	free(kinds);

	/* Moment strengths; the quietest moment is a modest one. */
	minbg = -1.0;
	imin = -1;
	for (i = 0; i < n; i++)
		if (g->ev[i].kind <= E_HYPE &&
		    (imin < 0 || g->ev[i].bg < minbg)) {
			minbg = g->ev[i].bg;
			imin = i;
		}
	for (i = 0; i < n; i++) {
		struct event *e = &g->ev[i];
		double s, x;

		switch (e->kind) {
		case E_LAUGH:
		case E_HYPE:
			if (g->real != NULL && g->strength_hi > 0)
				s = rng_range(r, g->strength_lo, g->strength_hi);
			else if (g->real != NULL)
				s = i == imin ? rng_range(r, 1.8, 2.5) :
				    rng_range(r, 1.8, 6.0);
			else if (i == imin || (e->bg < g->rate &&
			    rng_unif(r) < 0.35))
				s = rng_range(r, 2.2, 3.0);
			else
				s = rng_range(r, 4.0, 10.0);
			e->extra = fmax((s - 1.0) * e->bg, 0.8);
			/* at least REACTION_MIN messages expected: fewer is no moment */
			x = e->extra * (e->rise / 2.0 +
			    e->decay / 3.0 * (1.0 - exp(-3.0)));
			if (x < REACTION_MIN)
				e->extra *= REACTION_MIN / x;
			e->strength = (e->bg + e->extra) / e->bg;
			break;
		case E_CMD:
			e->extra = fmax(rng_range(r, 3.0, 8.0) * e->bg, 2.0);
			break;
		case E_SPAM:
			e->extra = rng_range(r, 1.0, 2.5);
			break;
		case E_BOT:
			e->extra = rng_range(r, 3.0, 6.0);
			break;
		case E_RAID:
			e->extra = fmax(rng_range(r, 3.0, 6.0) * e->bg, 2.0);
			break;
		case E_PLATEAU:		/* as busy as before, but laughing */
			e->extra = 0.15 * e->bg;
			break;
		case E_FAKE:		/* as strong as a strong moment */
			s = rng_range(r, 3.0, 6.0);
			e->extra = fmax((s - 1.0) * e->bg, 0.8);
			x = e->extra * (e->rise / 2.0 +
			    e->decay / 3.0 * (1.0 - exp(-3.0)));
			if (x < REACTION_MIN)
				e->extra *= REACTION_MIN / x;
			e->strength = (e->bg + e->extra) / e->bg;
			break;
		}
		if (e->kind == E_SPAM)
			e->who = pop_zipf(&g->pop, r);
	}
	qsort(g->ev, (size_t)n, sizeof(*g->ev), event_cmp);
	return 0;
}

/* Message counts per second; in bench mode exactly g->messages in all. */
static int
make_counts(struct gen *g, struct rng *r)
{
	int64_t s, cap, i0;
	uint64_t total = 0, want;
	int i;
	double lam;

	cap = g->dur;
	if (g->messages > 0)
		cap = g->dur + g->dur / 2 + 600;
	if ((g->nbg = calloc((size_t)cap, sizeof(*g->nbg))) == NULL ||
	    (g->nev = calloc((size_t)cap, sizeof(*g->nev))) == NULL ||
	    (g->iev = calloc((size_t)cap, sizeof(*g->iev))) == NULL)
		return -1;
	i0 = 0;
	for (s = 0; s < cap; s++) {
		if (s >= g->dur && (g->messages == 0 || total >= g->messages))
			break;
		lam = g->bg[s < g->dur ? s : g->dur - 1];
		g->nbg[s] = rng_poisson(r, lam);
		g->iev[s] = -1;
		while (i0 < g->nevents && g->ev[i0].end + 2.0 < (double)s)
			i0++;
		for (i = (int)i0; i < g->nevents && g->ev[i].t <= (double)s; i++) {
			lam = event_rate(&g->ev[i], s);
			if (lam > 0.0) {
				g->iev[s] = i;
				g->nev[s] = rng_poisson(r, lam);
				g->ev[i].nmsg += g->nev[s];
				break;
			}
		}
		total += g->nbg[s] + g->nev[s];
	}
	g->nsec = s;
	if (g->messages > 0) {
		if (total < g->messages) {
			fprintf(stderr, "chatgen: rate too low for %llu messages\n",
			    (unsigned long long)g->messages);
			return -2;
		}
		/* Trim the excess from the end. */
		want = g->messages;
		for (s = 0, total = 0; s < g->nsec; s++) {
			if (total + g->nbg[s] >= want) {
				g->nbg[s] = (uint32_t)(want - total);
				g->nev[s] = 0;
				total = want;
				break;
			}
			total += g->nbg[s];
			if (total + g->nev[s] >= want) {
				g->nev[s] = (uint32_t)(want - total);
				total = want;
				break;
			}
			total += g->nev[s];
		}
		g->nsec = s < g->nsec ? s + 1 : g->nsec;
		if (g->nsec < g->dur)
			g->dur = g->nsec;
	}
	if (g->nsec > g->dur)
		g->dur = g->nsec;
	return 0;
}

static void
put_badges(struct buf *b, const struct user *u)
{
	int first = 1;

#define SEP()	do { if (!first) putc_(b, ','); first = 0; } while (0)
	puts_(b, "\"badges\":[");
	if (u->badges & B_BOT) {
		SEP();
		puts_(b, "{\"type\":\"bot\",\"text\":\"Bot\",\"active\":true}");
	}
	if (u->badges & B_MOD) {
		SEP();
		puts_(b, "{\"type\":\"moderator\",\"text\":\"Moderator\",\"active\":true}");
	}
	if (u->badges & B_VIP) {
		SEP();
		puts_(b, "{\"type\":\"vip\",\"text\":\"VIP\",\"active\":true}");
	}
	if (u->badges & B_VERIFIED) {
		SEP();
		puts_(b, "{\"type\":\"verified\",\"text\":\"Verified channel\",\"active\":true}");
	}
	if (u->badges & B_FOUNDER) {
		SEP();
		puts_(b, "{\"type\":\"founder\",\"text\":\"Founder\",\"active\":true}");
	}
	if (u->badges & B_OG) {
		SEP();
		puts_(b, "{\"type\":\"og\",\"text\":\"OG\",\"active\":true}");
	}
	if (u->badges & B_SUB) {
		SEP();
		puts_(b, "{\"type\":\"subscriber\",\"text\":\"Subscriber\",\"count\":");
		put_i64(b, u->subs);
		puts_(b, ",\"active\":true}");
	}
	if (u->badges & B_GIFTER) {
		SEP();
		puts_(b, "{\"type\":\"sub_gifter\",\"text\":\"Sub Gifter\",\"count\":");
		put_i64(b, u->gifts);
		puts_(b, ",\"active\":true}");
	}
	putc_(b, ']');
#undef SEP
}

/* Write one message by u at second s (from the VOD start). */
static void
write_msg(struct gen *g, struct out *o, struct rng *r, const struct user *u,
    int64_t s, const char *stamp, const struct text *t)
{
	static struct buf b, meta;
	char id[37];
	unsigned int k;
	double x;
	char lower[32];
	size_t i;
	int reply = 0;

	b.n = 0;
	uuid4(r, id);
	id[36] = '\0';
	puts_(&b, "{\"id\":\"");
	put(&b, id, 36);
	puts_(&b, "\",\"chat_id\":");
	put_i64(&b, CHANNEL_ID);
	puts_(&b, ",\"user_id\":");
	put_i64(&b, u->id);
	puts_(&b, ",\"content\":");
	put_str(&b, t->p, t->n);
	x = rng_unif(r);
	meta.n = 0;
	if (u->badges & B_BOT)
		puts_(&meta, "{\"sender_type\":\"bot\"}");
	else if (x < 0.05 && g->nrecent > 0) {
		k = rng_below(r, g->nrecent < RECENT_MAX ? g->nrecent : RECENT_MAX);
		reply = 1;
		puts_(&meta, "{\"original_message\":{\"id\":\"");
		puts_(&meta, g->recent_id[k]);
		puts_(&meta, "\",\"content\":");
		put_str(&meta, g->recent_text[k], strlen(g->recent_text[k]));
		puts_(&meta, "},\"original_sender\":{\"id\":");
		put_i64(&meta, g->recent_user[k]->id);
		puts_(&meta, ",\"username\":");
		put_str(&meta, g->recent_user[k]->name,
		    strlen(g->recent_user[k]->name));
		puts_(&meta, "}}");
	} else if (x < 0.60) {
		puts_(&meta, "{\"message_ref\":\"");
		put_i64(&meta, (g->vod_start + s) * 1000 + rng_below(r, 1000));
		puts_(&meta, "\"}");
	}
	puts_(&b, reply ? ",\"type\":\"reply\",\"metadata\":" :
	    ",\"type\":\"message\",\"metadata\":");
	if (meta.n > 0)
		put_str(&b, meta.p, meta.n);
	else
		puts_(&b, "null");
	puts_(&b, ",\"created_at\":\"");
	puts_(&b, stamp);
	puts_(&b, "\",\"sender\":{\"id\":");
	put_i64(&b, u->id);
	for (i = 0; u->name[i] != '\0' && i < sizeof(lower) - 1; i++)
		lower[i] = (u->name[i] >= 'A' && u->name[i] <= 'Z') ?
		    (char)(u->name[i] + 32) : (u->name[i] == '_' ? '-' : u->name[i]);
	lower[i] = '\0';
	puts_(&b, ",\"slug\":\"");
	puts_(&b, lower);
	puts_(&b, "\",\"username\":\"");
	puts_(&b, u->name);
	puts_(&b, "\",\"identity\":{\"color\":\"");
	puts_(&b, colors[u->color]);
	puts_(&b, "\",");
	put_badges(&b, u);
	puts_(&b, "}}}");
	out_msg(o, &b);

	if (t->n <= RECENT_TEXT && !(u->badges & B_BOT)) {
		k = g->nrecent++ % RECENT_MAX;
		memcpy(g->recent_id[k], id, 37);
		memcpy(g->recent_text[k], t->p, t->n + 1);
		g->recent_user[k] = u;
	}
}

static void	 real_text(struct text *, struct rng *, const struct gen *);
static void	 real_moment_text(struct text *, struct rng *,
		    const struct gen *, const struct event *);

static void
event_text(struct text *t, struct rng *r, const struct gen *g,
    const struct event *e, const struct user **who)
{
	const struct pop *p = &g->pop;
	static const char *const cmds[] = { "!join", "!giveaway", "!points",
	    "!enter" };
	static const char *const spam[] = {
		"KEKW KEKW KEKW KEKW",
		"[emote:37226:KEKW] [emote:37226:KEKW] [emote:37226:KEKW]",
		"jajajajajajajaja", "[emote:37233:PogU] [emote:37233:PogU]",
		"FOLLOW ME ON MY CHANNEL", "W W W W W W"
	};
	static const char *const bot[] = {
		"[emote:37233:PogU] GIVEAWAY is LIVE! type !join to enter [emote:37233:PogU]",
		"Thanks for the follow! [emote:37218:Clap]",
		"@ you have points",
		"Join the discord: discord.gg/example",
		"@ has been entered into the giveaway [emote:1730772:emojiFire]"
	};
	static const char *const hi[] = { "hi", "o/", "hello", "hola", "HeyGuys",
	    "hi chat", "raid raid", "oi", "hellooo", "sup" };
	char line[256];
	const char *fmt;

	t->n = 0;
	t->p[0] = '\0';
	switch (e->kind) {
	case E_LAUGH:
	case E_HYPE:
		*who = pop_any(p, r);
		if (g->real != NULL)
			real_moment_text(t, r, g, e);
		else
			moment_text(t, r, e->kind == E_HYPE);
		break;
	case E_PLATEAU:
		*who = pop_zipf(p, r);
		laugh_token(t, r);
		break;
	case E_FAKE:
		*who = pop_any(p, r);
		fake_text(t, r, g);
		break;
	case E_CMD:
		*who = pop_any(p, r);
		t_add(t, cmds[e->variant % 4]);
		if (rng_unif(r) < 0.05)
			t_add(t, " ");
		break;
	case E_SPAM:
		*who = e->who;
		t_add(t, spam[e->variant % (sizeof(spam) / sizeof(spam[0]))]);
		break;
	case E_BOT:
		*who = &p->bot;
		fmt = bot[e->variant % (sizeof(bot) / sizeof(bot[0]))];
		if (fmt[0] == '@') {
			t_add(t, "@");
			t_add(t, pop_zipf(p, r)->name);
			if (strstr(fmt, "points") != NULL) {
				snprintf(line, sizeof(line), " you have %u points",
				    rng_below(r, 50000));
				t_add(t, line);
			} else
				t_add(t, fmt + 1);
		} else
			t_add(t, fmt);
		break;
	case E_RAID:
		*who = pop_any(p, r);
		t_add(t, PICK(r, hi));
		break;
	}
}

static void
write_video(struct gen *g, FILE *f)
{
	char st[32], created[40], upd[40];

	fmt_time(g->vod_start, ' ', st, sizeof(st));
	fmt_time(g->vod_start, 'T', created, sizeof(created));
	fmt_time(g->vod_start + g->dur + 120, 'T', upd, sizeof(upd));
	created[19] = upd[19] = '\0';
	fprintf(f, "{\"video\":{\"id\":%llu,\"live_stream_id\":%llu,"
	    "\"slug\":null,\"thumb\":null,\"s3\":null,"
	    "\"trading_platform_id\":null,"
	    "\"created_at\":\"%s.000000Z\",\"updated_at\":\"%s.000000Z\","
	    "\"uuid\":\"%s\",\"views\":%llu,\"deleted_at\":null,"
	    "\"source\":\"https://stream.kick.com/ivs/v1/196233775518/"
	    "ABo1nG5GypZM/2025/8/25/0/0/Bq7iAn01hQIX/media/hls/master.m3u8\","
	    "\"livestream\":{\"id\":%llu,\"slug\":\"%s-%llu\",\"channel_id\":%d,"
	    "\"created_at\":\"%s\",\"session_title\":\"%s\",\"is_live\":false,"
	    "\"risk_level_id\":null,\"start_time\":\"%s\",\"source\":null,"
	    "\"twitch_channel\":null,\"duration\":%lld,\"language\":\"English\","
	    "\"is_mature\":false,\"viewer_count\":%llu,\"thumbnail\":null,"
	    "\"channel\":{\"id\":%d,\"user_id\":%d,\"slug\":\"%s\","
	    "\"is_banned\":false,\"vod_enabled\":true,"
	    "\"subscription_enabled\":true,\"followersCount\":%llu,"
	    "\"can_host\":true,\"verified\":true,"
	    "\"user\":{\"username\":\"%s\",\"bio\":\"\",\"profilepic\":null}},"
	    "\"categories\":[{\"id\":15,\"category_id\":2,"
	    "\"name\":\"Just Chatting\",\"slug\":\"just-chatting\","
	    "\"tags\":[\"IRL\"],\"viewers\":0}]}},\n\"messages\":[\n",
	    (unsigned long long)(41000000 + g->seed % 1000000),
	    (unsigned long long)(53000000 + g->seed % 1000000),
	    created, upd, g->vod_uuid,
	    (unsigned long long)(1000 + g->seed % 90000),
	    (unsigned long long)(53000000 + g->seed % 1000000), g->slug,
	    (unsigned long long)g->seed, CHANNEL_ID, st, g->title, st,
	    (long long)g->dur * 1000,
	    (unsigned long long)(500 + g->seed % 5000),
	    CHANNEL_ID, CHANNEL_ID + 8, g->slug,
	    (unsigned long long)(10000 + g->seed % 100000), g->slug);
}

static int
write_truth(struct gen *g, uint64_t count)
{
	FILE *f;
	int64_t s0;
	char st[32];
	int i, first;

	if ((f = fopen(g->truth, "w")) == NULL) {
		fprintf(stderr, "chatgen: %s: %s\n", g->truth, strerror(errno));
		return -1;
	}
	for (s0 = 0; s0 < g->nsec; s0++)
		if (g->nbg[s0] + g->nev[s0] > 0)
			break;
	fmt_time(g->vod_start, 'T', st, sizeof(st));
	fprintf(f, "{\"seed\":%llu,\"hours\":%.4g,\"duration_s\":%lld,"
	    "\"vod_start\":\"%s\",\"rate\":%.4g,\"messages\":%llu,"
	    "\"first_message\":%lld,\n"
	    "\"moments\":[",
	    (unsigned long long)g->seed, g->hours, (long long)g->dur, st,
	    g->rate, (unsigned long long)count, (long long)s0);
	first = 1;
	for (i = 0; i < g->nevents; i++) {
		const struct event *e = &g->ev[i];

		if (e->kind > E_HYPE || e->t >= (double)g->nsec)
			continue;
		fprintf(f, "%s\n {\"t\":%.0f,\"kind\":\"%s\",\"lag\":%.1f,"
		    "\"peak\":%.1f,\"strength\":%.2f,\"background\":%.3f,"
		    "\"reaction_messages\":%llu", first ? "" : ",",
		    e->t, ekind_name[e->kind], e->lag, e->peak, e->strength,
		    e->bg, (unsigned long long)e->nmsg);
		if (g->real != NULL)
			fprintf(f, ",\"end\":%.0f,\"words\":\"%s\"",
			    e->t + e->dur, e->tok >= 0 ? "own" : "vocabulary");
		fputc('}', f);
		first = 0;
	}
	fputs("],\n\"distractors\":[", f);
	first = 1;
	for (i = 0; i < g->nevents; i++) {
		const struct event *e = &g->ev[i];

		if (e->kind <= E_HYPE || e->t >= (double)g->nsec)
			continue;
		fprintf(f, "%s\n {\"start\":%.0f,\"end\":%.0f,\"kind\":\"%s\","
		    "\"messages\":%llu}", first ? "" : ",", e->t, e->end,
		    e->kind == E_FAKE ? g->style->fake : ekind_name[e->kind],
		    (unsigned long long)e->nmsg);
		first = 0;
	}
	fputs("]}\n", f);
	if (fclose(f) != 0) {
		fprintf(stderr, "chatgen: %s: write error\n", g->truth);
		return -1;
	}
	return 0;
}

static int
generate(struct gen *g, FILE *f)
{
	struct rng rs, rc, rm, ru;
	struct out o;
	struct text t;
	const struct user *who = NULL;
	char stamp[32];
	uint64_t expect;
	int64_t s;
	uint32_t k;
	double lmix;
	int rc_;

	rng_seed(&rs, g->seed, 1);	/* structure: drift, events */
	rng_seed(&rc, g->seed, 2);	/* counts */
	rng_seed(&rm, g->seed, 3);	/* message text */
	rng_seed(&ru, g->seed, 4);	/* users */

	if (g->messages > 0) {
		if (!g->hours_set && !g->rate_set)
			g->hours = 6.0;
		if (g->rate_set && !g->hours_set)
			g->hours = (double)g->messages / g->rate / 3600.0;
		else
			g->rate = (double)g->messages / (g->hours * 3600.0);
		if (g->hours > HOURS_MAX) {
			fprintf(stderr, "chatgen: more than %.0f hours\n",
			    HOURS_MAX);
			return -1;
		}
	}
	if (g->moments < 0)
		g->moments = (int)(g->hours * 4.0 + 0.5);
	if (g->distractors < 0)
		g->distractors = (int)(g->hours * 2.0 + 0.5);
	if (g->moments + g->distractors + g->raids > EVENTS_MAX) {
		fprintf(stderr, "chatgen: too many events\n");
		return -1;
	}
	g->dur = (int64_t)(g->hours * 3600.0 + 0.5);
	if (g->dur < 60) {
		fprintf(stderr, "chatgen: stream shorter than a minute\n");
		return -1;
	}
	g->vod_start = BASE_EPOCH + (int64_t)(splitmix(&(uint64_t){ g->seed })
	    % (180ULL * 86400ULL));
	uuid4(&rs, g->vod_uuid);
	g->vod_uuid[36] = '\0';
	snprintf(g->title, sizeof(g->title), "%s",
	    PICK(&rs, ((const char *const[]){ "CHILL STREAM w/ chat",
	    "RANKED GRIND til top 500", "jugando con subs !discord",
	    "LIVE: reacting to your clips", "IRL en la ciudad",
	    "late night variety" })));
	snprintf(g->slug, sizeof(g->slug), "%s",
	    PICK(&rs, ((const char *const[]){ "elzeein", "nicoplays",
	    "luna_tv", "kaicenat_fan", "streamerx", "gatolocoo" })));
	if (g->style != NULL)	/* one channel over all its VODs */
		snprintf(g->slug, sizeof(g->slug), "style_%s", g->style->name);
	lmix = rng_unif(&rs);
	g->lang[0] = 0.3 + 0.4 * lmix;
	g->lang[1] = (1.0 - g->lang[0]) * 0.6;
	g->lang[2] = 1.0 - g->lang[0] - g->lang[1];

	expect = (uint64_t)(g->rate * (double)g->dur);
	k = (uint32_t)fmin(fmax((double)expect / 12.0, 300.0), 400000.0);
	if (pop_init(&g->pop, &ru, k) == -1)
		goto nomem;
	if ((g->bg = calloc((size_t)g->dur, sizeof(*g->bg))) == NULL)
		goto nomem;
	if (g->reallog != NULL) {
		struct rng rr;
		int i;

		rng_seed(&rr, g->seed, 6);	/* real mode's own draws */
		if ((rc_ = real_load(g)) != 0) {
			if (rc_ == -1)
				goto nomem;
			return -1;
		}
		if (real_background(g, &rr) == -1)
			goto nomem;
		g->vodlag = g->lag_hi > 0 ? rng_range(&rr, g->lag_lo, g->lag_hi) :
		    g->style != NULL ? rng_range(&rr, g->style->lag_lo,
		    g->style->lag_hi) : rng_range(&rr, 2.0, 10.0);
		for (i = 0; i < 3; i++)
			g->vtok[i] = (int)rng_below(&rr, (uint32_t)NOWN);
		g->lang[1] = g->real->extra.n > 0 ? rng_range(&rr, 0.1, 0.5) :
		    0.0;
	} else if (make_background(g, &rs) == -1)
		goto nomem;
	if ((rc_ = make_events(g, &rs)) != 0) {
		if (rc_ == -1)
			goto nomem;
		return -1;
	}
	if ((rc_ = make_counts(g, &rc)) != 0) {
		if (rc_ == -1)
			goto nomem;
		return -1;
	}

	o.f = f;
	o.fmt = g->fmt;
	o.count = o.bytes = 0;
	if (g->fmt == FMT_OBJECT)
		write_video(g, f);
	else if (g->fmt == FMT_JSON)
		fputs("[\n", f);
	for (s = 0; s < g->nsec; s++) {
		fmt_time(g->vod_start + s, 'T', stamp, sizeof(stamp));
		for (k = 0; k < g->nbg[s]; k++) {
			const struct user *bu;

			if (g->real != NULL && g->iev[s] >= 0 &&
			    g->ev[g->iev[s]].kind == E_PLATEAU &&
			    rng_unif(&rm) < 0.6) {
				t.n = 0;
				t.p[0] = '\0';
				laugh_token(&t, &rm);
			} else if (g->real != NULL) {
				t.n = 0;
				t.p[0] = '\0';
				real_text(&t, &rm, g);
			} else
				background_text(&t, &rm, g->lang, &g->pop);
			bu = pop_zipf(&g->pop, &rm);
			if (g->unique) {
				static struct user nu;

				nu = *bu;
				nu.id = 90000000 + (int64_t)o.count;
				snprintf(nu.name, sizeof(nu.name), "viewer%llu",
				    (unsigned long long)o.count);
				bu = &nu;
			}
			write_msg(g, &o, &rm, bu, s, stamp, &t);
		}
		for (k = 0; k < g->nev[s]; k++) {
			event_text(&t, &rm, g, &g->ev[g->iev[s]], &who);
			write_msg(g, &o, &rm, who, s, stamp, &t);
		}
	}
	if (g->fmt == FMT_OBJECT)
		fputs("\n]}\n", f);
	else if (g->fmt == FMT_JSON)
		fputs("\n]\n", f);
	if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "chatgen: write error\n");
		return -1;
	}
	fprintf(stderr, "chatgen: %llu messages, %lld s, %.1f bytes/message\n",
	    (unsigned long long)o.count, (long long)g->nsec,
	    o.count ? (double)o.bytes / (double)o.count : 0.0);
	if (g->truth != NULL && write_truth(g, o.count) == -1)
		return -1;
	return 0;
nomem:
	fprintf(stderr, "chatgen: out of memory\n");
	return -1;
}

/* ------------------------------------------------------------------
 * Chat-log conversion.
 */

static int
parse_offset(const char *s, size_t n, int64_t *off, size_t *used)
{
	size_t i = 0;
	int64_t h = 0, m, sec;

	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 6)
		h = h * 10 + (s[i++] - '0');
	if (i == 0 || i + 6 > n || s[i] != ':' ||
	    s[i + 1] < '0' || s[i + 1] > '5' || s[i + 2] < '0' || s[i + 2] > '9' ||
	    s[i + 3] != ':' ||
	    s[i + 4] < '0' || s[i + 4] > '5' || s[i + 5] < '0' || s[i + 5] > '9')
		return -1;
	m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	sec = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
	i += 6;
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return -1;
	if (i < n)
		i++;
	*off = h * 3600 + m * 60 + sec;
	*used = i;
	return 0;
}

static int
convert_log(struct gen *g, FILE *out)
{
	struct rng r;
	struct buf *b;
	FILE *in, *tmp = NULL, *dst;
	struct out o;
	char *line = NULL, stamp[32], id[37], st[32];
	size_t cap = 0, used, len;
	ssize_t n;
	int64_t start, off, last = 0;
	uint64_t lineno = 0, skipped = 0;
	char tbuf[65536];
	size_t k;

	if (parse_time(g->start, &start) == -1) {
		fprintf(stderr, "chatgen: --start: not \"YYYY-MM-DD HH:MM:SS\"\n");
		return -1;
	}
	if (strcmp(g->logpath, "-") == 0)
		in = stdin;
	else if ((in = fopen(g->logpath, "r")) == NULL) {
		fprintf(stderr, "chatgen: %s: %s\n", g->logpath, strerror(errno));
		return -1;
	}
	if ((b = malloc(sizeof(*b))) == NULL) {
		fprintf(stderr, "chatgen: out of memory\n");
		return -1;
	}
	/* The object form needs the duration first: spool the messages. */
	dst = out;
	if (g->fmt == FMT_OBJECT) {
		if ((tmp = tmpfile()) == NULL) {
			fprintf(stderr, "chatgen: tmpfile: %s\n", strerror(errno));
			free(b);
			return -1;
		}
		dst = tmp;
	}
	rng_seed(&r, g->seed, 5);
	o.f = dst;
	o.fmt = g->fmt == FMT_NDJSON ? FMT_NDJSON : FMT_JSON;
	o.count = o.bytes = 0;
	if (g->fmt == FMT_JSON)
		fputs("[\n", dst);
	while ((n = getline(&line, &cap, in)) != -1) {
		lineno++;
		len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len > LINE_MAX_BYTES)
			len = LINE_MAX_BYTES;
		if (parse_offset(line, len, &off, &used) == -1) {
			if (len > 0)
				skipped++;
			continue;
		}
		if (len - used > CONTENT_MAX)
			len = used + CONTENT_MAX;
		if (off > last)
			last = off;
		fmt_time(start + off, 'T', stamp, sizeof(stamp));
		uuid4(&r, id);
		b->n = 0;
		puts_(b, "{\"id\":\"");
		put(b, id, 36);
		puts_(b, "\",\"chat_id\":0,\"content\":");
		put_str(b, line + used, len - used);
		puts_(b, ",\"type\":\"message\",\"metadata\":null,\"created_at\":\"");
		puts_(b, stamp);
		puts_(b, "\"}");
		out_msg(&o, b);
	}
	free(line);
	free(b);
	if (ferror(in)) {
		fprintf(stderr, "chatgen: %s: read error\n", g->logpath);
		if (tmp != NULL)
			fclose(tmp);
		return -1;
	}
	if (in != stdin)
		fclose(in);
	if (g->fmt == FMT_JSON)
		fputs("\n]\n", dst);
	if (tmp != NULL) {
		fmt_time(start, ' ', st, sizeof(st));
		fprintf(out, "{\"video\":{\"uuid\":\"00000000-0000-4000-8000-%012llx\","
		    "\"livestream\":{\"channel_id\":0,\"session_title\":\"%s\","
		    "\"start_time\":\"%s\",\"duration\":%lld,"
		    "\"channel\":{\"slug\":\"unknown\"}}},\n\"messages\":[\n",
		    (unsigned long long)(g->seed & 0xffffffffffffULL),
		    "converted chat log", st, (long long)(last + 1) * 1000);
		if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0) {
			fprintf(stderr, "chatgen: temporary file: %s\n",
			    strerror(errno));
			fclose(tmp);
			return -1;
		}
		while ((k = fread(tbuf, 1, sizeof(tbuf), tmp)) > 0)
			fwrite(tbuf, 1, k, out);
		fclose(tmp);
		fputs("\n]}\n", out);
	}
	if (fflush(out) != 0 || ferror(out)) {
		fprintf(stderr, "chatgen: write error\n");
		return -1;
	}
	fprintf(stderr, "chatgen: %llu lines, %llu messages, %llu skipped, "
	    "last offset %lld s\n", (unsigned long long)lineno,
	    (unsigned long long)o.count, (unsigned long long)skipped,
	    (long long)last);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "hours", required_argument, NULL, 'H' },
		{ "rate", required_argument, NULL, 'r' },
		{ "moments", required_argument, NULL, 'm' },
		{ "distractors", required_argument, NULL, 'd' },
		{ "raids", required_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'f' },
		{ "truth", required_argument, NULL, 't' },
		{ "messages", required_argument, NULL, 'n' },
		{ "from-twitch-log", required_argument, NULL, 'L' },
		{ "start", required_argument, NULL, 'S' },
		{ "real-log", required_argument, NULL, 'B' },
		{ "real-extra", required_argument, NULL, 'X' },
		{ "unique-senders", no_argument, NULL, 'U' },
		{ "strength", required_argument, NULL, 'T' },
		{ "lag", required_argument, NULL, 'G' },
		{ "style", required_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen *g;
	FILE *f;
	uint64_t v;
	int c, rc, fmt_set = 0;
	static char obuf[OUTBUF_SIZE];

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return 1;
	g->seed = 1;
	g->hours = 3.0;
	g->rate = 1.5;
	g->moments = g->distractors = -1;
	g->fmt = FMT_JSON;
	g->start = "2021-05-25 00:00:00";
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &g->seed) == -1)
				goto bad;
			break;
		case 'H':
			if (parse_dbl(optarg, 0.02, HOURS_MAX, &g->hours) == -1)
				goto bad;
			g->hours_set = 1;
			break;
		case 'r':
			if (parse_dbl(optarg, 0.001, RATE_MAX, &g->rate) == -1)
				goto bad;
			g->rate_set = 1;
			break;
		case 'm':
		case 'd':
		case 'R':
			if (parse_u64(optarg, EVENTS_MAX, &v) == -1)
				goto bad;
			if (c == 'm')
				g->moments = (int)v;
			else if (c == 'd')
				g->distractors = (int)v;
			else
				g->raids = (int)v;
			break;
		case 'f':
			fmt_set = 1;
			if (strcmp(optarg, "json") == 0)
				g->fmt = FMT_JSON;
			else if (strcmp(optarg, "ndjson") == 0)
				g->fmt = FMT_NDJSON;
			else if (strcmp(optarg, "object") == 0)
				g->fmt = FMT_OBJECT;
			else
				goto bad;
			break;
		case 't':
			g->truth = optarg;
			break;
		case 'n':
			if (parse_u64(optarg, MESSAGES_MAX, &g->messages) == -1 ||
			    g->messages == 0)
				goto bad;
			break;
		case 'L':
			g->logpath = optarg;
			break;
		case 'S':
			g->start = optarg;
			break;
		case 'B':
			g->reallog = optarg;
			break;
		case 'X':
			g->realextra = optarg;
			break;
		case 'U':
			g->unique = 1;
			break;
		case 'Y': {
			size_t	 k;

			for (k = 0; k < NSTYLES; k++)
				if (strcmp(optarg, styles[k].name) == 0)
					g->style = &styles[k];
			if (g->style == NULL)
				goto bad;
			break;
		}
		case 'T':
		case 'G': {
			char	*comma, lo[32];
			size_t	 k;
			double	*a = c == 'T' ? &g->strength_lo : &g->lag_lo;
			double	*b = c == 'T' ? &g->strength_hi : &g->lag_hi;

			if ((comma = strchr(optarg, ',')) == NULL ||
			    (k = (size_t)(comma - optarg)) >= sizeof(lo))
				goto bad;
			memcpy(lo, optarg, k);
			lo[k] = '\0';
			if (parse_dbl(lo, c == 'T' ? 1.1 : 0, c == 'T' ? 1000 : 120,
			    a) == -1 || parse_dbl(comma + 1, *a, c == 'T' ? 1000 :
			    120, b) == -1 || *b <= 0)
				goto bad;
			break;
		}
		case 'o':
			g->outpath = optarg;
			break;
		case 'h':
			usage(stdout);
			free(g);
			return 0;
		default:
			usage(stderr);
			free(g);
			return 2;
		}
	}
	if (g->style != NULL && g->reallog == NULL) {
		fprintf(stderr, "chatgen: --style needs --real-log\n");
		free(g);
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		free(g);
		return 2;
	}
	if (g->outpath == NULL || strcmp(g->outpath, "-") == 0)
		f = stdout;
	else if ((f = fopen(g->outpath, "w")) == NULL) {
		fprintf(stderr, "chatgen: %s: %s\n", g->outpath, strerror(errno));
		free(g);
		return 1;
	}
	setvbuf(f, obuf, _IOFBF, sizeof(obuf));
	if (g->logpath != NULL) {
		if (!fmt_set)
			g->fmt = FMT_OBJECT;
		rc = convert_log(g, f);
	} else
		rc = generate(g, f);
	if (f != stdout && fclose(f) != 0) {
		fprintf(stderr, "chatgen: %s: write error\n", g->outpath);
		rc = -1;
	}
	gen_free(g);
	return rc == 0 ? 0 : 1;
bad:
	free(g);
	fprintf(stderr, "chatgen: bad value for --%s: %s\n",
	    c == 'n' ? "messages" : c == 's' ? "seed" : c == 'H' ? "hours" :
	    c == 'r' ? "rate" : c == 'f' ? "format" : c == 'Y' ? "style" :
	    "count", optarg);
	return 2;
}
