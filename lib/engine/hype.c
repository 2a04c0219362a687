/* SPDX-License-Identifier: ISC */
/*
 * hype.c: the analysis: messages in, hype timeline and ranked clips out.
 *
 * Each message is kept as 24 bytes (time, id hash, sender hash,
 * normalised-text hash, emote count, flags), never its text.  At the end
 * the messages are sorted by time and deduplicated; each gets a score
 * (base, laughter, hype words, emotes, combo) times a weight that
 * discounts commands, bots and senders repeating themselves.  The hype
 * signal is the weighted score summed over a centred sliding window on a
 * one-second grid.  Its local baseline is the median of the signal over
 * baseline_window_s around each point (ignoring baseline_exclude_s either
 * side of the point, so a peak does not raise its own baseline) and the
 * spread is the larger of the scaled median absolute deviation there, the
 * Poisson spread (root of the mean window sum of squared scores) and
 * min_spread.  Candidate peaks are the local maxima above the baseline,
 * ranked by z = (signal - baseline) / spread; the best is taken first and
 * its suppress_s neighbourhood removed.  A candidate whose window is
 * dominated by one sender, one plain repeated text, or commands and bots
 * is a flood and never becomes a clip.  A clip starts where the rise
 * begins minus chat_lag_s (chat reacts late) and ends where the decay
 * flattens, clamped to min_clip_s..max_clip_s.  Every clip carries its
 * window features (relative to its local baseline, from per-second
 * running counts); weights learned from review (ac_hype_learned) rank
 * the best candidates again by key * exp(w.x) and shift the bounds.
 *
 * Length: one pipeline (keep, sort, deduplicate, score, signal, baseline,
 * peaks, floods, clip bounds) over one private state; each step is a
 * function here, and splitting would only export that state.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "engine/engine.h"

#define HYPE_MAX_MSGS	 (200u * 1000 * 1000)	/* messages kept at most */
#define REL_MAX_MS	 2000000000.0	/* |created_at - first| kept, ms (~23 days) */
#define SPAN_MAX_S	 (7 * 24 * 3600)	/* timeline span; later messages dropped */
#define TIMELINE_MAX	 (1u << 21)	/* timeline values; a finer step is coarsened */
#define BASE_STEP	 10		/* seconds between baseline estimates */
#define BASE_SAMPLES	 300		/* signal samples per estimate, about */
#define QUIET_K		 3.0		/* ordinary signal: below baseline + this * MAD spread */
#define MAD_SCALE	 1.4826		/* MAD to standard deviation (normal) */
#define VIRALITY_Z	 12.0		/* virality = 100 * (1 - exp(-z / this)) */
#define TOP_MAX		 1000		/* clips listed at most */
#define FLOOD_MIN_COUNT	 3		/* a sender or text needs this many to flood */
#define SHORT_UNITS	 2		/* a text of at most this many units is a reaction */

/* Per-message flags. */
#define R_ID		 0x01	/* has an id (else never a duplicate) */
#define R_LAUGH		 0x02	/* laughter words or emoji */
#define R_HYPEW		 0x04	/* plain-word hype */
#define R_ELAUGH	 0x08	/* laugh emote token */
#define R_EHYPE		 0x10	/* hype emote token */
#define R_CMD		 0x20	/* !command */
#define R_BOT		 0x40	/* bot sender */
#define R_LEARN		 0x80	/* its first unit bursts in this VOD (learned) */

#define R_REACT		 (R_LAUGH | R_HYPEW | R_ELAUGH | R_EHYPE)

#define TOK_LAUGH	 0x1a0917a1u	/* the learned unit of any laughter */
#define TOK_HYPE	 0x0e7b4e11u	/* the learned unit of any hype */

/* One message: 24 bytes. */
struct rec {
	union {
		uint32_t idh;	/* id hash, until deduplicated */
		float	 w;	/* weighted score, after */
	}		 u;
	int32_t		 tms;	/* ms from the first added message, later from 0 */
	uint32_t	 sender;	/* hash; 0 unknown */
	uint32_t	 text;	/* normalised-text hash */
	uint32_t	 tok;	/* its first unit's hash (0: none) */
	uint8_t		 nemote;	/* whitelisted emote tokens, capped */
	uint8_t		 flags;	/* R_* */
	uint8_t		 units;	/* words, emotes, non-ASCII runs; capped */
	uint8_t		 pad;
};

struct ac_hype {
	struct ac_hype_config	 cfg;
	struct rec		*r;
	size_t			 n;
	size_t			 cap;
	double			 ref;		/* created_at of the first message */
	int			 have_ref;
	int			 finished;
	int			 prepared;	/* sorted, repeated ids dropped */
	uint64_t		 duplicates;
	struct ac_learned	 learned;	/* ranking and bounds from review */
};

struct ac_hype *
ac_hype_new(const struct ac_hype_config *cfg)
{
	struct ac_hype	*h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	if (cfg != NULL)
		h->cfg = *cfg;
	else
		ac_hype_config_default(&h->cfg);
	return h;
}

void
ac_hype_free(struct ac_hype *h)
{
	if (h == NULL)
		return;
	free(h->r);
	free(h);
}

static uint32_t
hash32(uint64_t x)
{
	uint32_t	 v;

	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ULL;
	x ^= x >> 27;
	v = (uint32_t)(x ^ (x >> 32));
	return v == 0 ? 1 : v;
}

/*
 * Learned weights to rank and bound with.  Out-of-range values are
 * bounded; anything not finite turns learning off.
 */
void
ac_hype_learned(struct ac_hype *h, const struct ac_learned *l)
{
	size_t	 i;

	if (h == NULL)
		return;
	ac_learned_init(&h->learned);
	if (l == NULL || !l->on)
		return;
	for (i = 0; i < AC_NFEAT; i++)
		if (!isfinite(l->w[i]))
			return;
	if (!isfinite(l->start_shift_s) || !isfinite(l->end_shift_s))
		return;
	h->learned = *l;
	h->learned.on = 1;
	h->learned.scope[sizeof(h->learned.scope) - 1] = '\0';
	for (i = 0; i < AC_NFEAT; i++)
		h->learned.w[i] = fmax(-AC_LEARN_W_MAX,
		    fmin(AC_LEARN_W_MAX, l->w[i]));
	h->learned.start_shift_s = fmax(-AC_LEARN_SHIFT_MAX,
	    fmin(AC_LEARN_SHIFT_MAX, l->start_shift_s));
	h->learned.end_shift_s = fmax(-AC_LEARN_SHIFT_MAX,
	    fmin(AC_LEARN_SHIFT_MAX, l->end_shift_s));
}

int
ac_hype_add(void *arg, const struct ac_msg *m)
{
	struct ac_hype	*h = arg;
	struct rec	*r, *nr;
	struct ac__text	 t;
	size_t		 ncap;
	double		 d;
	unsigned int	 ne;

	if (h == NULL || m == NULL || h->finished || h->prepared)
		return -1;
	if (!isfinite(m->created_at))
		return 0;
	if (!h->have_ref) {
		h->ref = floor(m->created_at);
		h->have_ref = 1;
	}
	d = (m->created_at - h->ref) * 1000.0;
	if (d < -REL_MAX_MS || d > REL_MAX_MS)
		return 0;		/* weeks away from the rest: not this VOD */
	if (h->n == h->cap) {
		ncap = h->cap ? h->cap * 2 : 4096;
		if (ncap > HYPE_MAX_MSGS)
			ncap = HYPE_MAX_MSGS;
		if (ncap <= h->n) {
			errno = ENOMEM;
			return -1;
		}
		if ((nr = realloc(h->r, ncap * sizeof(*nr))) == NULL)
			return -1;
		h->r = nr;
		h->cap = ncap;
	}
	r = &h->r[h->n];
	ac__text_scan(m->content, m->content_len, &t);
	r->tms = (int32_t)lrint(d);
	r->flags = 0;
	r->pad = 0;
	r->units = t.units > 255 ? 255 : (uint8_t)t.units;
	if (m->id != NULL && m->id_len > 0) {
		r->u.idh = hash32(ac__hash64(m->id, m->id_len, 0x5eed));
		r->flags |= R_ID;
	} else
		r->u.idh = 0;
	if (m->sender_id >= 0)
		r->sender = hash32((uint64_t)m->sender_id);
	else if (m->username != NULL && m->username_len > 0)
		r->sender = hash32(ac__hash64(m->username, m->username_len,
		    0x05e4));
	else
		r->sender = 0;
	r->text = t.hash;
	/*
	 * The learned unit: the message's first unit, or its vocabulary
	 * class, so that all spellings of laughter burst together.
	 */
	if (t.flags & AC__TEXT_LAUGH || t.emotes.laugh)
		r->tok = TOK_LAUGH;
	else if (t.flags & AC__TEXT_HYPE || t.emotes.hype)
		r->tok = TOK_HYPE;
	else
		r->tok = t.first;
	ne = t.emotes.laugh + t.emotes.hype;
	r->nemote = ne > 255 ? 255 : (uint8_t)ne;
	if (t.flags & AC__TEXT_LAUGH)
		r->flags |= R_LAUGH;
	if (t.flags & AC__TEXT_HYPE)
		r->flags |= R_HYPEW;
	if (t.flags & AC__TEXT_COMMAND)
		r->flags |= R_CMD;
	if (t.emotes.laugh)
		r->flags |= R_ELAUGH;
	if (t.emotes.hype)
		r->flags |= R_EHYPE;
	if (m->flags & AC_MSG_BOT)
		r->flags |= R_BOT;
	h->n++;
	return 0;
}

/* --- sorting by (time, id hash), in place --------------------------- */

static int
rec_less(const struct rec *a, const struct rec *b)
{
	if (a->tms != b->tms)
		return a->tms < b->tms;
	return a->u.idh < b->u.idh;
}

static void
rec_swap(struct rec *a, struct rec *b)
{
	struct rec	 t = *a;

	*a = *b;
	*b = t;
}

static void
heap_sift(struct rec *r, size_t i, size_t n)
{
	size_t	 c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && rec_less(&r[c], &r[c + 1]))
			c++;
		if (!rec_less(&r[i], &r[c]))
			return;
		rec_swap(&r[i], &r[c]);
		i = c;
	}
}

static void
heap_sort(struct rec *r, size_t n)
{
	size_t	 i;

	for (i = n / 2; i-- > 0; )
		heap_sift(r, i, n);
	for (i = n; i-- > 1; ) {
		rec_swap(&r[0], &r[i]);
		heap_sift(r, 0, i);
	}
}

/* Introsort: quicksort on the larger part by loop, heapsort past depth. */
static void
rec_sort(struct rec *r, size_t n, int depth)
{
	size_t		 i, j, k;
	struct rec	 p, t;

	while (n > 16) {
		if (depth-- == 0) {
			heap_sort(r, n);
			return;
		}
		/* median of three to r[0] */
		k = n / 2;
		if (rec_less(&r[k], &r[0]))
			rec_swap(&r[k], &r[0]);
		if (rec_less(&r[n - 1], &r[k]))
			rec_swap(&r[n - 1], &r[k]);
		if (rec_less(&r[k], &r[0]))
			rec_swap(&r[k], &r[0]);
		p = r[k];
		i = 0;
		j = n - 1;
		for (;;) {
			while (rec_less(&r[i], &p))
				i++;
			while (rec_less(&p, &r[j]))
				j--;
			if (i >= j)
				break;
			rec_swap(&r[i], &r[j]);
			i++;
			j--;
		}
		/* r[0..j] <= p <= r[j+1..n) */
		if (j + 1 < n - j - 1) {
			rec_sort(r, j + 1, depth);
			r += j + 1;
			n -= j + 1;
		} else {
			rec_sort(r + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++) {
		t = r[i];
		for (j = i; j > 0 && rec_less(&t, &r[j - 1]); j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/*
 * Sort by (time, id hash).  Chats come in time order (or reversed) with
 * many messages in one second: then only each run of one time is sorted.
 */
static void
sort_recs(struct rec *r, size_t n)
{
	size_t	 i, j, asc = 1, desc = 1;
	int	 depth;

	for (i = 1; i < n && (asc || desc); i++) {
		if (r[i].tms < r[i - 1].tms)
			asc = 0;
		if (r[i].tms > r[i - 1].tms)
			desc = 0;
	}
	if (!asc && !desc) {
		for (i = n, depth = 0; i > 0; i >>= 1)
			depth += 2;
		rec_sort(r, n, depth);
		return;
	}
	if (!asc)
		for (i = 0; i < n / 2; i++)
			rec_swap(&r[i], &r[n - 1 - i]);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && r[j].tms == r[i].tms; j++)
			continue;
		if (j - i > 1) {
			size_t	 k;

			for (k = j - i, depth = 0; k > 0; k >>= 1)
				depth += 2;
			rec_sort(r + i, j - i, depth);
		}
	}
}

/* --- senders: a fixed direct-mapped table ------------------------- */

/*
 * The state of a sender lives only while it is recent: a sender whose slot
 * is taken by another starts afresh.  The table never grows, whatever the
 * number of distinct senders (SENDER_SLOTS * 16 bytes).
 */
#define SENDER_SLOTS	 (1u << 16)

struct sender {
	uint32_t	 key;		/* 0: empty */
	uint32_t	 text;		/* last line's hash */
	int32_t		 last;		/* ms */
	float		 act;		/* decayed message count */
};

static struct sender *
senders_get(struct sender *t, uint32_t key)
{
	struct sender	*e = &t[(key ^ (key >> 16)) & (SENDER_SLOTS - 1)];

	if (e->key != key) {
		e->key = key;
		e->act = 0;
		e->last = INT32_MIN;
	}
	return e;
}

/* --- learned reaction tokens -------------------------------------- */

/*
 * Per VOD, a message's first unit (word, emote, emoji run, "???") is a
 * reaction when it bursts against its own share of the chat: within the
 * window_s before it (itself included) the unit occurs c >= 2 times and
 * c > 1 + lambda + sqrt(lambda), lambda being what its share of all
 * messages predicts for the messages of that window.  Any language, any
 * emote: nothing is listed.  Units share LEARN_SLOTS counters by hash.
 */
#define LEARN_SLOTS	 (1u << 18)

static int
learn_tokens(struct rec *r, size_t n, double window_s)
{
	struct slot {
		uint32_t	 total;
		uint32_t	 now;
	}		*t;
	size_t		 i, lo = 0, inwin = 0, nall = 0;
	int64_t		 w = (int64_t)(window_s * 1000.0);
	double		 lam, c;
	uint32_t	 k;

	if ((t = calloc(LEARN_SLOTS, sizeof(*t))) == NULL)
		return -1;
#define SLOT(x)	 (((x) ^ ((x) >> 18)) & (LEARN_SLOTS - 1))
#define COUNTS(x) ((x)->tok != 0 && ((x)->flags & (R_CMD | R_BOT)) == 0)
	for (i = 0; i < n; i++)
		if (COUNTS(&r[i])) {
			t[SLOT(r[i].tok)].total++;
			nall++;
		}
	for (i = 0; i < n; i++) {
		r[i].flags &= (uint8_t)~R_LEARN;
		if (!COUNTS(&r[i]))
			continue;
		for (; lo < i && r[lo].tms <= r[i].tms - w; lo++)
			if (COUNTS(&r[lo])) {
				t[SLOT(r[lo].tok)].now--;
				inwin--;
			}
		k = SLOT(r[i].tok);
		t[k].now++;
		inwin++;
		c = t[k].now;
		lam = (double)t[k].total / (double)nall * (double)inwin;
		if (c >= 2 && c > 1 + lam + sqrt(lam))
			r[i].flags |= R_LEARN;
	}
#undef COUNTS
#undef SLOT
	free(t);
	return 0;
}

/* --- small helpers -------------------------------------------------- */

static float
select_k(float *a, size_t n, size_t k)
{
	size_t	 lo = 0, hi = n - 1, i, j;
	float	 p, t;

	while (lo < hi) {
		p = a[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i <= j) {
				t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

static float
median(float *a, size_t n)
{
	float	 m1, m2;

	if (n == 0)
		return 0;
	m1 = select_k(a, n, n / 2);
	if (n % 2)
		return m1;
	m2 = select_k(a, n / 2, n / 2 - 1);	/* the lower half holds it */
	return (m1 + m2) / 2;
}

static double
round1(double x)
{
	return floor(x * 10 + 0.5) / 10;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Most frequent value of a[0..n) (sorted in place); its count. */
static size_t
top_count(uint32_t *a, size_t n)
{
	size_t	 i, run = 0, best = 0;

	qsort(a, n, sizeof(*a), u32_cmp);
	for (i = 0; i < n; i++) {
		run = (i > 0 && a[i] == a[i - 1]) ? run + 1 : 1;
		if (run > best)
			best = run;
	}
	return best;
}

/* First index with tms >= t. */
static size_t
lower_bound(const struct rec *r, size_t n, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r[mid].tms < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* --- the analysis state of one finish ------------------------------ */

struct cand {
	size_t		 g;
	double		 z;		/* (signal - baseline) / spread */
	double		 key;		/* rank: (signal - baseline) / spread^rank_power */
	double		 delta;		/* w.x of the learned weights, or 0 */
	long		 f;		/* its row of an.feat, -1: not computed */
};

/* Cumulative per-second counts of the window features (an.cum). */
enum {
	CUM_MSG,	/* messages (no commands, no bots) */
	CUM_FRESH,	/* of them, a sender's first within window_s */
	CUM_LAUGH,	/* laughing (words, emoji or emotes) */
	CUM_HYPE,	/* hype words or emotes */
	CUM_LEARN,	/* a learned (bursting) unit */
	CUM_UNITS,	/* units (words, emotes, non-ASCII runs) summed */
	CUM_REPEAT,	/* the same text as a message of the last window_s */
	NCUM
};

struct an {
	const struct ac_hype_config *cfg;
	struct rec	*r;
	size_t		 n;
	size_t		 G;		/* grid points, one per second */
	float		*S;		/* signal */
	float		*B;		/* local baseline */
	float		*D;		/* local spread (>= min_spread) */
	float		*Q;		/* window sums of squared scores */
	uint32_t	*scratch;
	size_t		 nscratch;
	double		 span;		/* seconds */
	uint32_t	*cum[NCUM];	/* G + 1 each, built on first use */
	double		(*feat)[AC_NFEAT];	/* features of re-ranked candidates */
};

static double
message_score(const struct ac_hype_config *c, const struct rec *r)
{
	double	 s = c->base_score;

	if (r->flags & R_LAUGH)
		s += c->laugh_bonus;
	if (r->flags & R_HYPEW)
		s += c->hype_bonus;
	s += c->emote_bonus * r->nemote;
	if ((r->flags & (R_LAUGH | R_HYPEW)) && r->nemote > 0)
		s *= c->combo_multiplier;
	if (r->flags & R_LEARN)
		s += c->learned_bonus;
	return s > c->max_message_score ? c->max_message_score : s;
}

/* Weighted scores into r[].u.w, in time order.  Returns -1 on ENOMEM. */
static int
weigh(struct an *a)
{
	const struct ac_hype_config *c = a->cfg;
	struct sender	*st;
	struct sender	*e;
	size_t		 i;
	double		 w, dt, decay = c->sender_decay_s;
	struct rec	*r;

	if ((st = calloc(SENDER_SLOTS, sizeof(*st))) == NULL)
		return -1;
	for (i = 0; i < a->n; i++) {
		r = &a->r[i];
		w = 1.0;
		if (r->flags & R_CMD)
			w *= c->command_weight;
		if (r->flags & R_BOT)
			w *= c->bot_weight;
		if (r->sender != 0 && decay > 0) {
			e = senders_get(st, r->sender);
			if (e->last != INT32_MIN) {
				dt = (r->tms - (double)e->last) / 1000.0;
				e->act = e->act * expf((float)(-dt / decay)) + 1;
				if (e->text == r->text && dt < decay)
					w *= c->repeat_weight;
			} else
				e->act = 1;
			w /= e->act;
			e->last = r->tms;
			e->text = r->text;
		}
		r->u.w = (float)(message_score(c, r) * w);
	}
	free(st);
	return 0;
}

/*
 * Window sums of u.w over [x - hw, x + hw) at x = i * step_ms, and of
 * its square into outq when not NULL.  Returns the most messages seen in
 * one window.
 */
static size_t
window_sums(const struct rec *r, size_t n, double step_ms, double hw,
    size_t npts, float *outf, double *outd, float *outq)
{
	size_t	 i, lo = 0, hi = 0, widest = 0;
	double	 sum = 0, sq = 0, x, w;

	for (i = 0; i < npts; i++) {
		x = i * step_ms;
		while (hi < n && r[hi].tms < x + hw) {
			w = r[hi++].u.w;
			sum += w;
			sq += w * w;
		}
		while (lo < hi && r[lo].tms < x - hw) {
			w = r[lo++].u.w;
			sum -= w;
			sq -= w * w;
		}
		if (lo == hi)
			sum = sq = 0;	/* no drift across empty stretches */
		if (hi - lo > widest)
			widest = hi - lo;
		if (outf != NULL)
			outf[i] = sum > 0 ? (float)sum : 0;
		if (outq != NULL)
			outq[i] = sq > 0 ? (float)sq : 0;
		if (outd != NULL)
			outd[i] = sum > 0 ? round(sum * 1000) / 1000 : 0;
	}
	return widest;
}

/* Local baseline (median) and spread (MAD, Poisson, floor) on the grid. */
static int
baseline(struct an *a)
{
	const struct ac_hype_config *c = a->cfg;
	long	 half = lround(c->baseline_window_s / 2);
	long	 ex = lround(c->baseline_exclude_s);
	long	 G = (long)a->G, g, j, prev = -1, k;
	long	 stride = 1 + 2 * half / BASE_SAMPLES;
	float	*buf, b, d, q, lim, pb = 0, pd = 0;
	double	 qs;
	size_t	 m, i;

	if ((buf = malloc((size_t)(2 * half + 2) * sizeof(*buf))) == NULL)
		return -1;
	for (g = 0; ; g += BASE_STEP) {
		if (g > G - 1)
			g = G - 1;
		m = 0;
		for (j = g - half; j <= g + half; j += stride) {
			if (j < 0 || j >= G || (j > g - ex && j < g + ex &&
			    ex > 0))
				continue;
			buf[m++] = a->S[j];
		}
		b = median(buf, m);
		for (i = 0; i < m; i++)
			buf[i] = fabsf(buf[i] - b);
		d = (float)(median(buf, m) * MAD_SCALE);
		/*
		 * Poisson arrivals: var(S) = E[sum of squared scores], taken
		 * over the ordinary points (signal below b + QUIET_K spreads)
		 * so that bursts nearby do not count as noise.
		 */
		lim = b + QUIET_K * (d > c->min_spread ? d : (float)c->min_spread);
		for (j = g - half, m = 0, qs = 0; j <= g + half; j += stride) {
			if (j < 0 || j >= G || (j > g - ex && j < g + ex &&
			    ex > 0) || a->S[j] > lim)
				continue;
			qs += a->Q[j];
			m++;
		}
		q = m > 0 ? (float)sqrt(qs / m) : 0;
		if (d < q)
			d = q;
		if (d < c->min_spread)
			d = (float)c->min_spread;
		/* fill (prev, g] by linear interpolation */
		if (prev < 0) {
			a->B[g] = b;
			a->D[g] = d;
		} else
			for (k = prev + 1; k <= g; k++) {
				float f = (float)(k - prev) / (float)(g - prev);

				a->B[k] = pb + f * (b - pb);
				a->D[k] = pd + f * (d - pd);
			}
		prev = g;
		pb = b;
		pd = d;
		if (g == G - 1)
			break;
	}
	free(buf);
	return 0;
}

static int
cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return a->g < b->g ? -1 : a->g > b->g;
}

/*
 * Look at the messages of the window around peak g: is it a flood, and
 * what kind of moment is it?  Returns 1 for a flood.
 */
static int
judge(struct an *a, size_t g, char *kind, size_t kindsz)
{
	const struct ac_hype_config *c = a->cfg;
	double		 hw = c->window_s * 500.0;
	size_t		 lo, hi, i, n, nu = 0, nt = 0, ncmd = 0, nl = 0, nh = 0;
	size_t		 top;
	const struct rec *r;

	lo = lower_bound(a->r, a->n, (int64_t)ceil(g * 1000.0 - hw));
	hi = lower_bound(a->r, a->n, (int64_t)ceil(g * 1000.0 + hw));
	n = hi - lo;
	if (n == 0 || n > a->nscratch)
		return 1;
	for (i = lo; i < hi; i++) {
		r = &a->r[i];
		if (r->flags & (R_CMD | R_BOT))
			ncmd++;
		if (r->flags & (R_LAUGH | R_ELAUGH))
			nl++;
		if (r->flags & (R_HYPEW | R_EHYPE))
			nh++;
	}
	if (ncmd > c->flood_command_share * n)
		return 1;
	for (i = lo; i < hi; i++)
		if (a->r[i].sender != 0)
			a->scratch[nu++] = a->r[i].sender;
	top = top_count(a->scratch, nu);
	if (top >= FLOOD_MIN_COUNT && top > c->flood_user_share * n)
		return 1;
	/*
	 * One pasted line: a sentence, not a short reaction ("NOOO", "???",
	 * two words), which many senders typing the same is what a moment is.
	 */
	for (i = lo; i < hi; i++) {
		r = &a->r[i];
		if ((r->flags & (R_REACT | R_CMD | R_BOT)) == 0 &&
		    r->nemote == 0 && r->units > SHORT_UNITS)
			a->scratch[nt++] = r->text;
	}
	top = top_count(a->scratch, nt);
	if (top >= FLOOD_MIN_COUNT && top > c->flood_text_share * n)
		return 1;
	/*
	 * Distinct senders that react (vocabulary or a learned unit); unknown
	 * senders count one each.
	 */
	for (i = lo, nt = 0, nu = 0; i < hi; i++) {
		r = &a->r[i];
		if ((r->flags & (R_REACT | R_LEARN)) == 0 ||
		    (r->flags & (R_CMD | R_BOT)))
			continue;
		if (r->sender == 0)
			nu++;
		else
			a->scratch[nt++] = r->sender;
	}
	if (nt > 0) {
		qsort(a->scratch, nt, sizeof(uint32_t), u32_cmp);
		for (i = 0; i < nt; i++)
			if (i == 0 || a->scratch[i] != a->scratch[i - 1])
				nu++;
	}
	if (nu < (size_t)c->min_senders)
		return 1;
	if (nl > 0 && nl >= 2 * nh)
		snprintf(kind, kindsz, "laugh");
	else if (nh > 0 && nh >= 2 * nl)
		snprintf(kind, kindsz, "hype");
	else if (nl > 0)
		snprintf(kind, kindsz, "mixed");
	else
		snprintf(kind, kindsz, "chat");
	return 0;
}

/*
 * Clip bounds around peak p (grid seconds).  The signal at x sums the
 * messages of [x - window_s/2, x + window_s/2), so the first reacting
 * messages come about half a window after the point where the rise
 * begins, and the last ones half a window before the decay ends.  The
 * moment starts chat_lag_s before the first and ends chat_lag_s before
 * the last (plus tail_s); no look-back to an earlier rise.  Learned
 * shifts move both before the length limits and the VOD's end apply.
 */
static void
bounds(struct an *a, size_t p, double vodend, const struct ac_learned *l,
    double *start, double *end)
{
	const struct ac_hype_config *c = a->cfg;
	double	 H = a->S[p] - a->B[p], hw = c->window_s / 2, s, e, on, off;
	size_t	 i, j, lim, jlim;

	lim = p > (size_t)c->max_clip_s ? p - (size_t)c->max_clip_s : 0;
	for (i = p; i > lim && a->S[i - 1] > a->B[i - 1] + c->rise_frac * H;
	    i--)
		continue;
	jlim = p + (size_t)c->max_clip_s;
	if (jlim > a->G - 1)
		jlim = a->G - 1;
	for (j = p; j < jlim && a->S[j + 1] > a->B[j + 1] + c->end_frac * H;
	    j++)
		continue;
	on = (double)i + hw;
	if (on > (double)p)
		on = (double)p;
	off = (double)j - hw;
	if (off < (double)p)
		off = (double)p;
	s = on - c->chat_lag_s;
	e = off - c->chat_lag_s + c->tail_s;
	if (l->on) {
		/* what moved clips taught; then the same limits */
		s += l->start_shift_s;
		e += l->end_shift_s;
	}
	if (s < 0)
		s = 0;
	if (e - s > c->max_clip_s)
		e = s + c->max_clip_s;
	if (e - s < c->min_clip_s)
		e = s + c->min_clip_s;
	if (vodend > 0 && e > vodend) {
		e = vodend;
		s = e - c->min_clip_s > s ? s : e - c->min_clip_s;
		if (s < 0)
			s = 0;
	}
	*start = round1(s);
	*end = round1(e);
}

/* --- window features (README "Window features") ------------------ */

#define FEAT_SHARE	 4.0	/* a share difference counts this much */
#define RERANK_MIN	 200	/* candidates re-ranked by learned weights, at least */
#define RERANK_PER_CLIP	 20	/* and this many per clip wanted */

/*
 * One pass over the messages: per-second cumulative counts of what the
 * features measure.  A sender is "fresh" at its first message within
 * window_s, so fresh counts over a window approximate its distinct
 * senders; a text repeats when a message of the last window_s had it.
 * Senders and texts share direct-mapped tables (collisions only blur).
 */
static int
cum_build(struct an *a)
{
	struct last {
		uint32_t	 key;
		int32_t		 t;
	}		*snd, *txt, *e;
	const struct rec *r;
	int64_t		 w = (int64_t)(a->cfg->window_s * 1000.0);
	uint32_t	*c[NCUM];
	size_t		 i, k, g;

	memset(c, 0, sizeof(c));
	snd = calloc(SENDER_SLOTS, sizeof(*snd));
	txt = calloc(SENDER_SLOTS, sizeof(*txt));
	for (k = 0; k < NCUM; k++)
		if ((c[k] = calloc(a->G + 1, sizeof(uint32_t))) == NULL)
			break;
	if (snd == NULL || txt == NULL || k < NCUM) {
		for (k = 0; k < NCUM; k++)
			free(c[k]);
		free(snd);
		free(txt);
		return -1;
	}
	for (i = 0; i < a->n; i++) {
		r = &a->r[i];
		if (r->flags & (R_CMD | R_BOT))
			continue;
		g = (size_t)r->tms / 1000 + 1;
		if (g > a->G)
			g = a->G;
		c[CUM_MSG][g]++;
		if (r->sender == 0)
			c[CUM_FRESH][g]++;
		else {
			e = &snd[(r->sender ^ (r->sender >> 16)) &
			    (SENDER_SLOTS - 1)];
			if (e->key != r->sender || r->tms - (int64_t)e->t > w)
				c[CUM_FRESH][g]++;
			e->key = r->sender;
			e->t = r->tms;
		}
		e = &txt[(r->text ^ (r->text >> 16)) & (SENDER_SLOTS - 1)];
		if (e->key == r->text && r->tms - (int64_t)e->t <= w)
			c[CUM_REPEAT][g]++;
		e->key = r->text;
		e->t = r->tms;
		if (r->flags & (R_LAUGH | R_ELAUGH))
			c[CUM_LAUGH][g]++;
		if (r->flags & (R_HYPEW | R_EHYPE))
			c[CUM_HYPE][g]++;
		if (r->flags & R_LEARN)
			c[CUM_LEARN][g]++;
		c[CUM_UNITS][g] += r->units;
	}
	for (k = 0; k < NCUM; k++) {
		for (g = 1; g <= a->G; g++)
			c[k][g] += c[k][g - 1];
		a->cum[k] = c[k];
	}
	free(snd);
	free(txt);
	return 0;
}

/* Counts of seconds [lo, hi) (clipped to the grid) into v; the seconds. */
static double
cum_range(const struct an *a, long lo, long hi, double *v)
{
	size_t	 k;

	if (lo < 0)
		lo = 0;
	if (hi > (long)a->G)
		hi = (long)a->G;
	if (hi < lo)
		hi = lo;
	for (k = 0; k < NCUM; k++)
		v[k] = (double)a->cum[k][hi] - (double)a->cum[k][lo];
	return (double)(hi - lo);
}

static double
feat_clamp(double x)
{
	if (!isfinite(x))
		return 0;
	if (x > AC_FEAT_MAX)
		x = AC_FEAT_MAX;
	if (x < -AC_FEAT_MAX)
		x = -AC_FEAT_MAX;
	return floor(x * 1000 + 0.5) / 1000;
}

/*
 * The features of the window around grid point g against its local
 * baseline: the seconds of baseline_window_s around g, without the
 * window and baseline_exclude_s either side.
 */
static int
features(struct an *a, size_t g, double *f)
{
	const struct ac_hype_config *c = a->cfg;
	double	 W[NCUM], B[NCUM], T[NCUM], lw, lb, scale, mw, mb;
	long	 hw = lround(c->window_s / 2), half, ex, G = (long)g;
	size_t	 k;

	if (a->cum[0] == NULL && cum_build(a) == -1)
		return -1;
	if (hw < 1)
		hw = 1;
	half = lround(c->baseline_window_s / 2);
	ex = lround(c->baseline_exclude_s);
	if (ex < hw)
		ex = hw;
	lw = cum_range(a, G - hw, G + hw, W);
	lb = cum_range(a, G - half, G + half, T);
	lb -= cum_range(a, G - ex, G + ex, B);
	for (k = 0; k < NCUM; k++)
		B[k] = T[k] - B[k];
	if (lb <= 0 || B[CUM_MSG] <= 0) {
		/* nothing around: the whole VOD but the window is the baseline */
		lb = cum_range(a, 0, (long)a->G, T) - lw;
		for (k = 0; k < NCUM; k++)
			B[k] = T[k] - W[k];
	}
	scale = lb > 0 ? lw / lb : 0;
	mw = W[CUM_MSG] > 0 ? W[CUM_MSG] : 1;
	mb = B[CUM_MSG] > 0 ? B[CUM_MSG] : 1;
	f[AC_FEAT_SENDERS] = log((W[CUM_FRESH] + 1) /
	    (B[CUM_FRESH] * scale + 1));
	f[AC_FEAT_MESSAGES] = log((W[CUM_MSG] + 1) / (B[CUM_MSG] * scale + 1));
	f[AC_FEAT_LAUGH] = FEAT_SHARE * (W[CUM_LAUGH] / mw - B[CUM_LAUGH] / mb);
	f[AC_FEAT_HYPE] = FEAT_SHARE * (W[CUM_HYPE] / mw - B[CUM_HYPE] / mb);
	f[AC_FEAT_LEARNED] = FEAT_SHARE * (W[CUM_LEARN] / mw -
	    B[CUM_LEARN] / mb);
	f[AC_FEAT_LENGTH] = log((W[CUM_UNITS] / mw + 1) /
	    (B[CUM_UNITS] / mb + 1));
	f[AC_FEAT_REPEAT] = FEAT_SHARE * (W[CUM_REPEAT] / mw -
	    B[CUM_REPEAT] / mb);
	for (k = 0; k < AC_NFEAT; k++)
		f[k] = feat_clamp(f[k]);
	return 0;
}

static double
learned_dot(const struct ac_learned *l, const double *f)
{
	double	 d = 0;
	size_t	 k;

	for (k = 0; k < AC_NFEAT; k++)
		d += l->w[k] * f[k];
	return d;
}

/*
 * With learned weights, the best candidates by key are ranked again by
 * key * exp(w.x): the first max(RERANK_MIN, RERANK_PER_CLIP * want) of
 * them, which keep their features; the rest follow unchanged.
 */
static int
rerank(struct an *a, const struct ac_learned *l, struct cand *cands,
    size_t ncand, size_t want)
{
	size_t	 m = want * RERANK_PER_CLIP, i;

	if (m < RERANK_MIN)
		m = RERANK_MIN;
	if (m > ncand)
		m = ncand;
	if (m == 0)
		return 0;
	if ((a->feat = calloc(m, sizeof(*a->feat))) == NULL)
		return -1;
	for (i = 0; i < m; i++) {
		if (features(a, cands[i].g, a->feat[i]) == -1)
			return -1;
		cands[i].f = (long)i;
		cands[i].delta = learned_dot(l, a->feat[i]);
		cands[i].key *= exp(cands[i].delta);
	}
	qsort(cands, m, sizeof(*cands), cand_cmp);
	return 0;
}

static void
an_free(struct an *a)
{
	size_t	 k;

	for (k = 0; k < NCUM; k++)
		free(a->cum[k]);
	free(a->feat);
	free(a->S);
	free(a->B);
	free(a->D);
	free(a->Q);
	free(a->scratch);
}

/* Sort, then drop repeated ids (same id, same time); once. */
static void
prepare(struct ac_hype *h)
{
	struct rec	*r = h->r;
	size_t		 i, k, n = h->n;

	if (h->prepared)
		return;
	h->prepared = 1;
	sort_recs(r, n);
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && (r[i].flags & R_ID) && (r[k - 1].flags & R_ID) &&
		    r[i].tms == r[k - 1].tms && r[i].u.idh == r[k - 1].u.idh) {
			h->duplicates++;
			continue;
		}
		r[k++] = r[i];
	}
	h->n = k;
}

/* --- the per-message feature file ------------------------------- */

static const char features_magic[8] = { 'A', 'C', 'F', 'E', 'A', 'T', '\n', 0 };

enum ac_err
ac_hype_features(struct ac_hype *h, struct ac_features_head *head,
    const void **recs, size_t *len)
{
	if (h == NULL || h->finished)
		return AC_ERR_VALUE;
	prepare(h);
	memset(head, 0, sizeof(*head));
	memcpy(head->magic, features_magic, sizeof(head->magic));
	head->version = AC_FEATURES_VERSION;
	head->recsize = sizeof(struct rec);
	head->n = h->n;
	head->duplicates = h->duplicates;
	head->ref = h->ref;
	head->have_ref = (uint32_t)h->have_ref;
	*recs = h->r;
	*len = h->n * sizeof(struct rec);
	return AC_OK;
}

struct ac_hype *
ac_hype_from_features(const struct ac_hype_config *cfg,
    const struct ac_features_head *head, void *recs, size_t len)
{
	struct ac_hype	*h;
	const struct rec *r = recs;
	size_t		 i;

	if (head == NULL || memcmp(head->magic, features_magic,
	    sizeof(features_magic)) != 0 ||
	    head->version != AC_FEATURES_VERSION ||
	    head->recsize != sizeof(struct rec) ||
	    head->n > HYPE_MAX_MSGS || head->n * sizeof(struct rec) != len ||
	    !isfinite(head->ref) || head->have_ref > 1)
		return NULL;
	/* sorted by time, as written */
	for (i = 1; i < head->n; i++)
		if (r[i].tms < r[i - 1].tms)
			return NULL;
	if ((h = ac_hype_new(cfg)) == NULL)
		return NULL;
	h->r = recs;
	h->n = h->cap = (size_t)head->n;
	h->ref = head->ref;
	h->have_ref = (int)head->have_ref;
	h->duplicates = head->duplicates;
	h->prepared = 1;
	return h;
}

enum ac_err
ac_hype_finish(struct ac_hype *h, const struct ac_vod *vod, int top,
    struct ac_result *res)
{
	const struct ac_hype_config *c = &h->cfg;
	struct an	 a;
	struct cand	*cands = NULL;
	struct rec	*r;
	size_t		 i, k, n, ncand = 0, want, npts;
	double		 origin, off, t, lastt = 0, step, hw, z, vodend;
	int64_t		 rel;
	enum ac_err	 rc = AC_ERR_NOMEM;

	memset(res, 0, sizeof(*res));
	memset(&a, 0, sizeof(a));
	if (vod != NULL)
		res->vod = *vod;
	else
		ac_vod_init(&res->vod);
	res->config = *c;
	res->learned = h->learned;
	if (h->finished || top < 0)
		return AC_ERR_VALUE;
	if (ac_hype_config_check(c, NULL, 0) != AC_OK)
		return AC_ERR_VALUE;
	h->finished = 1;
	prepare(h);
	r = h->r;
	n = h->n;
	res->duplicates = h->duplicates;

	/* Times from the VOD start; drop what is before it or too late. */
	if (vod != NULL && vod->has_start && isfinite(vod->start_time) &&
	    isfinite(vod->offset_s))
		origin = vod->start_time + vod->offset_s;
	else
		origin = n > 0 ? h->ref + r[0].tms / 1000.0 : h->ref;
	off = (origin - h->ref) * 1000.0;
	for (i = 0, k = 0; i < n; i++) {
		t = r[i].tms - off;
		if (t < 0 || t > SPAN_MAX_S * 1000.0)
			continue;
		rel = (int64_t)(t + 0.5);	/* t >= 0 */
		r[k] = r[i];
		r[k++].tms = (int32_t)rel;
	}
	n = k;
	res->message_count = n;
	if (n > 0)
		lastt = r[n - 1].tms / 1000.0;
	vodend = vod != NULL && vod->duration_s > 0 && isfinite(vod->duration_s)
	    ? vod->duration_s : 0;
	a.span = lastt;
	if (vodend > a.span)
		a.span = vodend > SPAN_MAX_S ? SPAN_MAX_S : vodend;
	if (vodend > 0 && vodend < lastt)
		vodend = 0;	/* chat outlasts the stated duration: trust chat */

	a.cfg = c;
	a.r = r;
	a.n = n;
	if (learn_tokens(r, n, c->window_s) == -1 || weigh(&a) == -1)
		goto out;

	/* The published timeline. */
	step = c->timeline_step_s;
	if (a.span / step + 1 > TIMELINE_MAX)
		step = ceil(a.span / (TIMELINE_MAX - 1) * 10) / 10;
	hw = c->window_s * 500.0;
	res->timeline_start = 0;
	res->timeline_step = step;
	if (n > 0 || a.span > 0) {
		npts = (size_t)floor(a.span / step) + 1;
		if ((res->timeline = calloc(npts, sizeof(double))) == NULL)
			goto out;
		res->ntimeline = npts;
		window_sums(r, n, step * 1000.0, hw, npts, NULL,
		    res->timeline, NULL);
	}
	if (n == 0) {
		rc = AC_OK;
		goto out;
	}

	/* The analysis grid: one point per second. */
	a.G = (size_t)floor(a.span) + 1;
	if ((a.S = calloc(a.G, sizeof(float))) == NULL ||
	    (a.B = calloc(a.G, sizeof(float))) == NULL ||
	    (a.D = calloc(a.G, sizeof(float))) == NULL ||
	    (a.Q = calloc(a.G, sizeof(float))) == NULL)
		goto out;
	a.nscratch = window_sums(r, n, 1000.0, hw, a.G, a.S, NULL, a.Q) + 1;
	if ((a.scratch = calloc(a.nscratch, sizeof(uint32_t))) == NULL)
		goto out;
	if (baseline(&a) == -1)
		goto out;

	/* Candidates: local maxima above the baseline, best z first. */
	if ((cands = calloc(a.G, sizeof(*cands))) == NULL)
		goto out;
	for (i = 0; i < a.G; i++) {
		if (a.S[i] <= a.B[i] || (i > 0 && a.S[i] < a.S[i - 1]) ||
		    (i + 1 < a.G && a.S[i] <= a.S[i + 1]))
			continue;
		cands[ncand].g = i;
		cands[ncand].f = -1;
		cands[ncand].z = (a.S[i] - a.B[i]) / a.D[i];
		cands[ncand++].key = (a.S[i] - a.B[i]) /
		    pow(a.D[i], c->rank_power);
	}
	qsort(cands, ncand, sizeof(*cands), cand_cmp);

	want = top > 0 ? (size_t)top : (size_t)c->max_clips;
	if (want > TOP_MAX)
		want = TOP_MAX;
	if (h->learned.on && rerank(&a, &h->learned, cands, ncand, want) == -1)
		goto out;
	if (want > ncand)
		want = ncand;
	if (want > 0 && (res->clips = calloc(want, sizeof(*res->clips))) ==
	    NULL)
		goto out;
	for (i = 0; i < ncand && res->nclips < want; i++) {
		size_t		 g = cands[i].g, j;
		struct ac_clip	*cl;
		int		 above, near = 0;
		char		 kind[8] = "";	/* the tail zero too: clips compare whole */

		for (j = 0; j < res->nclips; j++)
			if (fabs(res->clips[j].peak - (double)g) < c->suppress_s)
				near = 1;
		if (near)
			continue;
		above = a.S[g] > a.B[g] + c->threshold_k * a.D[g] &&
		    a.S[g] >= c->min_peak_ratio * a.B[g];
		if (top == 0 && !above)
			continue;
		if (judge(&a, g, kind, sizeof(kind)))
			continue;
		cl = &res->clips[res->nclips++];
		cl->rank = (int)res->nclips;
		cl->peak = (double)g;
		bounds(&a, g, vodend, &h->learned, &cl->start, &cl->end);
		if (cands[i].f >= 0)
			memcpy(cl->features, a.feat[cands[i].f],
			    sizeof(cl->features));
		else if (features(&a, g, cl->features) == -1)
			goto out;
		if (h->learned.on)
			cl->learned_delta = floor(cands[i].delta * 1000 + 0.5) /
			    1000;
		cl->score = round1(a.S[g] - a.B[g]);
		z = cands[i].z;
		cl->virality = (int)lround(100.0 * (1.0 - exp(-z / VIRALITY_Z)));
		cl->above_threshold = above;
		memcpy(cl->kind, kind, sizeof(cl->kind));
	}
	rc = AC_OK;
out:
	free(cands);
	an_free(&a);
	if (rc != AC_OK)
		ac_result_free(res);
	return rc;
}

void
ac_result_free(struct ac_result *res)
{
	if (res == NULL)
		return;
	free(res->clips);
	free(res->timeline);
	res->clips = NULL;
	res->timeline = NULL;
	res->nclips = 0;
	res->ntimeline = 0;
}
