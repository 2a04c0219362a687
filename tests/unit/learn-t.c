/* SPDX-License-Identifier: ISC */
/*
 * learn-t.c: learning from review: the window features of clips, the fit
 * (ac_learn_fit) and ranking with learned weights (ac_hype_learned).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "../tools/tap.h"

#define T0	 1756080000.0	/* the VOD start of every test chat */
#define SPAN	 3600.0

static uint64_t	 idseq;
static uint64_t	 rnd;

static double
unif(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return (double)(rnd >> 11) * 0x1.0p-53;
}

static void
msg(struct ac_hype *h, double t, int64_t sender, const char *text)
{
	struct ac_msg	 m;
	char		 id[32];

	memset(&m, 0, sizeof(m));
	snprintf(id, sizeof(id), "id-%llu", (unsigned long long)++idseq);
	m.id = id;
	m.id_len = strlen(id);
	m.content = text;
	m.content_len = strlen(text);
	m.sender_id = sender;
	m.created_at = T0 + t;
	if (ac_hype_add(h, &m) != 0)
		bail("ac_hype_add failed");
}

/*
 * One hour at 2 messages a second; laughing moments at 600 and 1800 s,
 * hype moments (fewer senders) at 1200 and 2400 s.  The same chat on
 * every call.
 */
static struct ac_hype *
chat(const struct ac_learned *l)
{
	static const char *const lines[] = { "hello chat", "what game is this",
	    "nice", "gg", "que onda", "boa noite", "lag?", "true", "ok",
	    "[emote:37228:NODDERS]" };
	static const char *const laughs[] = { "jajajaja", "KEKW", "xD",
	    "lmao", "kkkkk", "JAJAJ", "LUL" };
	static const char *const hypes[] = { "Pog", "OOOO", "W",
	    "GIGACHAD", "[emote:37233:PogU]" };
	static const struct { double t; int n, hype; } mo[] = {
		{ 600, 70, 0 }, { 1200, 45, 1 }, { 1800, 60, 0 }, { 2400, 40, 1 }
	};
	struct ac_hype	*h;
	double		 t = 0;
	size_t		 i;
	int		 k;

	rnd = 88172645463325252ULL;
	idseq = 0;
	if ((h = ac_hype_new(NULL)) == NULL)
		bail("ac_hype_new");
	if (l != NULL)
		ac_hype_learned(h, l);
	for (;;) {
		t += -log(1.0 - unif()) / 2.0;
		if (t >= SPAN)
			break;
		msg(h, t, 1000 + (int64_t)(unif() * 3000),
		    lines[(int)(unif() * 10)]);
	}
	for (i = 0; i < sizeof(mo) / sizeof(mo[0]); i++)
		for (k = 0; k < mo[i].n; k++)
			msg(h, mo[i].t + 6 + 8.0 * unif() * unif() + (k % 3) * 0.5,
			    100000 + (int64_t)(mo[i].t * 100) + k,
			    mo[i].hype ? hypes[k % 5] : laughs[k % 7]);
	return h;
}

static void
analyse(const struct ac_learned *l, int top, struct ac_result *r)
{
	struct ac_hype	*h = chat(l);
	struct ac_vod	 v;

	ac_vod_init(&v);
	v.has_start = 1;
	v.start_time = T0;
	v.duration_s = SPAN;
	if (ac_hype_finish(h, &v, top, r) != AC_OK)
		bail("ac_hype_finish");
	ac_hype_free(h);
}

/* The clip whose peak is near t, or NULL. */
static const struct ac_clip *
near(const struct ac_result *r, double t)
{
	size_t	 i;

	for (i = 0; i < r->nclips; i++)
		if (fabs(r->clips[i].peak - t) < 30)
			return &r->clips[i];
	return NULL;
}

static int
rank_at(const struct ac_result *r, double t)
{
	const struct ac_clip *c = near(r, t);

	return c != NULL ? c->rank : 99;
}

static void
test_names(void)
{
	static const char *const want[] = { "senders", "messages", "laugh",
	    "hype", "learned", "length", "repeat" };
	size_t	 i;
	int	 same = 1;

	for (i = 0; i < AC_NFEAT; i++)
		if (ac_feat_name(i) == NULL || strcmp(ac_feat_name(i),
		    want[i]) != 0)
			same = 0;
	ok(same, "feature names in enum order");
	ok(ac_feat_name(AC_NFEAT) == NULL && ac_feat_name((size_t)-1) == NULL,
	    "NULL past the end");
}

/* n labels: approved ones with feature f high, rejected ones low. */
static void
separable(struct ac_label *lab, size_t n, int f, double sign)
{
	size_t	 i;
	int	 j;

	memset(lab, 0, n * sizeof(*lab));
	for (i = 0; i < n; i++) {
		lab[i].approved = (int)(i % 2);
		for (j = 0; j < AC_NFEAT; j++)
			lab[i].x[j] = 0.3 * sin((double)(i * 7 + (size_t)j));
		lab[i].x[f] = sign * (lab[i].approved ? 1.5 : -0.5) +
		    0.2 * cos((double)i);
		lab[i].vod = i / 10;
	}
}

static void
test_fit(void)
{
	struct ac_label		 lab[30], one;
	struct ac_learned	 out, out2, prior;
	struct ac_error		 err;
	double			 maxw;
	int			 j;

	/* nothing to learn from */
	memset(&out, 0x55, sizeof(out));
	is_int(ac_learn_fit(NULL, 0, NULL, &out, NULL), AC_OK, "no labels: AC_OK");
	ok(out.on == 0 && out.labels == 0 && out.w[0] == 0 &&
	    out.start_shift_s == 0, "no labels: on 0, all zero");

	/* approved clips laugh, rejected ones do not */
	separable(lab, 20, 2, 1);
	is_int(ac_learn_fit(lab, 20, NULL, &out, &err), AC_OK, "fit 20 labels");
	ok(out.on == 1 && out.labels == 20 && out.vods == 2,
	    "on, 20 labels from 2 VODs (%u, %u)", out.labels, out.vods);
	ok(out.w[AC_FEAT_LAUGH] > 0.5, "laughing approved: laugh weight > 0 "
	    "(%.3f)", out.w[AC_FEAT_LAUGH]);
	for (j = 0, maxw = 0; j < AC_NFEAT; j++)
		if (j != AC_FEAT_LAUGH && fabs(out.w[j]) > maxw)
			maxw = fabs(out.w[j]);
	ok(maxw < out.w[AC_FEAT_LAUGH] / 2, "the other weights stay small "
	    "(%.3f)", maxw);
	ac_learn_fit(lab, 20, NULL, &out2, NULL);
	ok(memcmp(&out, &out2, sizeof(out)) == 0, "deterministic");

	separable(lab, 20, 3, -1);
	ac_learn_fit(lab, 20, NULL, &out, NULL);
	ok(out.w[AC_FEAT_HYPE] < -0.5, "hype rejected: hype weight < 0 (%.3f)",
	    out.w[AC_FEAT_HYPE]);

	/* one label moves little; labels all approved move nothing much */
	memset(&one, 0, sizeof(one));
	one.x[AC_FEAT_LAUGH] = 3;
	one.x[AC_FEAT_SENDERS] = 2;
	one.approved = 0;
	ac_learn_fit(&one, 1, NULL, &out, NULL);
	for (j = 0, maxw = 0; j < AC_NFEAT; j++)
		maxw += out.w[j] * one.x[j];
	ok(out.on == 1 && out.w[AC_FEAT_LAUGH] < 0 && maxw < 0 && maxw > -1,
	    "one rejection: clips like it rank lower, by less than a factor e "
	    "(w.x %.3f)", maxw);
	ok(fabs(out.w[AC_FEAT_LAUGH]) < 0.3 && fabs(out.w[AC_FEAT_SENDERS]) < 0.3,
	    "one rejection: every weight small (laugh %.3f, senders %.3f)",
	    out.w[AC_FEAT_LAUGH], out.w[AC_FEAT_SENDERS]);
	separable(lab, 20, 2, 1);
	ac_learn_fit(lab, 20, NULL, &out, NULL);
	for (j = 0, maxw = 0; j < AC_NFEAT; j++)
		maxw += out.w[j] * lab[1].x[j];
	ok(maxw > 1, "20 labels: a clip like the approved ones gains more "
	    "than a factor e (w.x %.3f)", maxw);

	/* the prior pulls */
	ac_learned_init(&prior);
	prior.on = 1;
	prior.w[AC_FEAT_LAUGH] = -2;
	prior.w[AC_FEAT_REPEAT] = 1.5;
	prior.start_shift_s = -6;
	ac_learn_fit(NULL, 0, &prior, &out, NULL);
	is_int(out.on, 0, "a prior alone is not a fit (on 0)");
	separable(lab, 10, 2, 1);
	ac_learn_fit(lab, 10, &prior, &out, NULL);
	ac_learn_fit(lab, 10, NULL, &out2, NULL);
	ok(out.w[AC_FEAT_LAUGH] < out2.w[AC_FEAT_LAUGH] &&
	    out.w[AC_FEAT_LAUGH] > -2, "the prior pulls laugh toward -2 "
	    "(%.3f with, %.3f without)", out.w[AC_FEAT_LAUGH],
	    out2.w[AC_FEAT_LAUGH]);
	ok(fabs(out.w[AC_FEAT_REPEAT] - 1.5) < 0.6, "an unlabelled direction "
	    "keeps the prior's weight (%.3f)", out.w[AC_FEAT_REPEAT]);
	is_double(out.start_shift_s, -6, 1e-9, "no moved clip: the prior's shift");

	/* bound shifts: shrunk median of moved approved clips */
	separable(lab, 10, 2, 1);
	for (j = 0; j < 10; j++) {
		lab[j].moved = 1;
		lab[j].start_delta = lab[j].approved ? -8 : 20;
		lab[j].end_delta = lab[j].approved ? 4 : -20;
	}
	lab[1].start_shift_s = -2;	/* proposed with a shift of -2 already */
	lab[1].start_delta = -6;
	ac_learn_fit(lab, 10, NULL, &out, NULL);
	is_double(out.start_shift_s, -8.0 * 5 / 8, 1e-9,
	    "start shift: median -8 of 5 moved approved, shrunk 5/8");
	is_double(out.end_shift_s, 4.0 * 5 / 8, 1e-9, "end shift likewise");
	for (j = 0; j < 10; j++)
		lab[j].start_delta = lab[j].approved ? -500 : 0;
	ac_learn_fit(lab, 10, NULL, &out, NULL);
	is_double(out.start_shift_s, -30, 1e-9, "shifts bounded to 30 s");

	/* non-finite */
	separable(lab, 10, 2, 1);
	lab[3].x[AC_FEAT_REPEAT] = NAN;
	memset(&err, 0, sizeof(err));
	is_int(ac_learn_fit(lab, 10, NULL, &out, &err), AC_ERR_VALUE,
	    "a NaN feature: AC_ERR_VALUE");
	ok(strstr(err.text, "repeat") != NULL && err.code == AC_ERR_VALUE,
	    "the error names the feature (%s)", err.text);
	lab[3].x[AC_FEAT_REPEAT] = INFINITY;
	is_int(ac_learn_fit(lab, 10, NULL, &out, NULL), AC_ERR_VALUE,
	    "an infinite feature: AC_ERR_VALUE");
	lab[3].x[AC_FEAT_REPEAT] = 0;
	lab[3].moved = 1;
	lab[3].end_delta = NAN;
	is_int(ac_learn_fit(lab, 10, NULL, &out, NULL), AC_ERR_VALUE,
	    "a NaN bound delta: AC_ERR_VALUE");
	lab[3].end_delta = 0;
	prior.w[0] = INFINITY;
	is_int(ac_learn_fit(lab, 10, &prior, &out, NULL), AC_ERR_VALUE,
	    "an infinite prior weight: AC_ERR_VALUE");
}

static void
test_features(void)
{
	struct ac_result	 r;
	const struct ac_clip	*lc, *hc;
	size_t			 i;
	int			 j, bounded = 1;

	analyse(NULL, 10, &r);
	lc = near(&r, 606);
	hc = near(&r, 1206);
	ok(lc != NULL && hc != NULL, "both kinds of moment found");
	if (lc == NULL || hc == NULL)
		bail("moments not found");
	ok(lc->features[AC_FEAT_LAUGH] > 1 && hc->features[AC_FEAT_LAUGH] < 0.5,
	    "laugh feature: laughing moment %.3f, hype moment %.3f",
	    lc->features[AC_FEAT_LAUGH], hc->features[AC_FEAT_LAUGH]);
	ok(hc->features[AC_FEAT_HYPE] > 1 && lc->features[AC_FEAT_HYPE] < 0.5,
	    "hype feature: hype moment %.3f, laughing moment %.3f",
	    hc->features[AC_FEAT_HYPE], lc->features[AC_FEAT_HYPE]);
	ok(lc->features[AC_FEAT_MESSAGES] > 1 &&
	    lc->features[AC_FEAT_SENDERS] > lc->features[AC_FEAT_MESSAGES] - 0.5,
	    "a burst of new senders: messages %.3f, senders %.3f",
	    lc->features[AC_FEAT_MESSAGES], lc->features[AC_FEAT_SENDERS]);
	for (i = 0; i < r.nclips; i++)
		for (j = 0; j < AC_NFEAT; j++)
			if (!isfinite(r.clips[i].features[j]) ||
			    fabs(r.clips[i].features[j]) > 5 ||
			    r.clips[i].learned_delta != 0)
				bounded = 0;
	ok(bounded, "every feature finite and within -5..5; no learned_delta");
	is_int(r.learned.on, 0, "the result says nothing learned");
	ac_result_free(&r);
}

static int
same_clips(const struct ac_result *a, const struct ac_result *b)
{
	return a->nclips == b->nclips && (a->nclips == 0 ||
	    memcmp(a->clips, b->clips, a->nclips * sizeof(*a->clips)) == 0);
}

static void
test_ranking(void)
{
	struct ac_result	 r0, r1, r2;
	struct ac_learned	 l, fit;
	struct ac_label		 lab[10];
	size_t			 i, n;
	int			 lr0, lr1;

	analyse(NULL, 10, &r0);
	ok(rank_at(&r0, 606) < rank_at(&r0, 1206) &&
	    rank_at(&r0, 1806) < rank_at(&r0, 2406),
	    "without weights the laughing moments rank first (%d %d %d %d)",
	    rank_at(&r0, 606), rank_at(&r0, 1206), rank_at(&r0, 1806),
	    rank_at(&r0, 2406));

	/* off: exactly as without, whatever the rest says */
	ac_learned_init(&l);
	l.w[AC_FEAT_LAUGH] = -4;
	l.start_shift_s = 9;
	analyse(&l, 10, &r1);
	ok(same_clips(&r0, &r1) && r1.learned.on == 0,
	    "on == 0: the same clips, bytes and all");
	ac_result_free(&r1);
	analyse(&l, 0, &r1);
	analyse(NULL, 0, &r2);
	ok(same_clips(&r1, &r2), "on == 0 without --top: the same clips");
	ac_result_free(&r1);
	ac_result_free(&r2);

	/* weights against laughter */
	l.on = 1;
	l.w[AC_FEAT_LAUGH] = -0.75;
	l.start_shift_s = 0;
	analyse(&l, 10, &r1);
	ok(r1.learned.on == 1 && r1.learned.w[AC_FEAT_LAUGH] == -0.75,
	    "the result reports the weights");
	ok(rank_at(&r1, 1206) < rank_at(&r1, 606) &&
	    rank_at(&r1, 2406) < rank_at(&r1, 1806),
	    "laugh weight -0.75: hype moments rank first (%d %d %d %d)",
	    rank_at(&r1, 606), rank_at(&r1, 1206), rank_at(&r1, 1806),
	    rank_at(&r1, 2406));
	ok(near(&r1, 606) != NULL && fabs(near(&r1, 606)->learned_delta -
	    -0.75 * near(&r1, 606)->features[AC_FEAT_LAUGH]) < 0.002,
	    "learned_delta = w.x (%.3f)", near(&r1, 606) ?
	    near(&r1, 606)->learned_delta : 0);
	ok(near(&r1, 606) != NULL && near(&r0, 606) != NULL &&
	    near(&r1, 606)->start == near(&r0, 606)->start,
	    "no shift: the same bounds");
	ac_result_free(&r1);

	/* bound shifts */
	ac_learned_init(&l);
	l.on = 1;
	l.start_shift_s = -5;
	l.end_shift_s = 3;
	analyse(&l, 10, &r1);
	ok(near(&r1, 606) != NULL && near(&r0, 606) != NULL &&
	    fabs(near(&r1, 606)->start - (near(&r0, 606)->start - 5)) < 0.05 &&
	    near(&r1, 606)->end - near(&r1, 606)->start >=
	    near(&r0, 606)->end - near(&r0, 606)->start + 3 - 0.05,
	    "shifts move the bounds (%.1f-%.1f from %.1f-%.1f)",
	    near(&r1, 606) ? near(&r1, 606)->start : 0,
	    near(&r1, 606) ? near(&r1, 606)->end : 0,
	    near(&r0, 606) ? near(&r0, 606)->start : 0,
	    near(&r0, 606) ? near(&r0, 606)->end : 0);
	ac_result_free(&r1);
	l.start_shift_s = -30;
	l.end_shift_s = -30;
	analyse(&l, 10, &r1);
	for (i = 0, n = 0; i < r1.nclips; i++)
		if (r1.clips[i].start >= 0 && r1.clips[i].end - r1.clips[i].start
		    >= r1.config.min_clip_s - 0.05 && r1.clips[i].end -
		    r1.clips[i].start <= r1.config.max_clip_s + 0.05 &&
		    r1.clips[i].end <= SPAN)
			n++;
	is_int((long long)n, (long long)r1.nclips,
	    "shifted clips keep 10-60 s within the VOD");
	ac_result_free(&r1);

	/* review: reject the laughing clips, approve the others, fit, rank */
	for (i = 0, n = 0; i < r0.nclips && n < 10; i++, n++) {
		memset(&lab[n], 0, sizeof(lab[n]));
		memcpy(lab[n].x, r0.clips[i].features, sizeof(lab[n].x));
		lab[n].approved = strcmp(r0.clips[i].kind, "laugh") != 0;
		lab[n].vod = 1;
	}
	is_int(ac_learn_fit(lab, n, NULL, &fit, NULL), AC_OK,
	    "fit the review of %zu clips", n);
	ok(fit.w[AC_FEAT_LAUGH] < 0, "laughter rejected: negative weight "
	    "(%.3f)", fit.w[AC_FEAT_LAUGH]);
	analyse(&fit, 10, &r1);
	lr0 = rank_at(&r0, 606) + rank_at(&r0, 1806);
	lr1 = rank_at(&r1, 606) + rank_at(&r1, 1806);
	ok(lr1 > lr0, "the laughing moments rank lower after (%d+%d from "
	    "%d+%d)", rank_at(&r1, 606), rank_at(&r1, 1806),
	    rank_at(&r0, 606), rank_at(&r0, 1806));
	ac_result_free(&r1);
	ac_result_free(&r0);

	/* non-finite weights turn learning off */
	ac_learned_init(&l);
	l.on = 1;
	l.w[2] = NAN;
	analyse(&l, 10, &r1);
	analyse(NULL, 10, &r2);
	ok(r1.learned.on == 0 && same_clips(&r1, &r2),
	    "a NaN weight: nothing learned is used");
	ac_result_free(&r1);
	ac_result_free(&r2);
}

int
main(void)
{
	plan_lazy();
	test_names();
	test_fit();
	test_features();
	test_ranking();
	return done_testing();
}
