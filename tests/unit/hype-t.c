/* SPDX-License-Identifier: ISC */
/*
 * hype-t.c: the analysis on hand-made chats: signal, peaks, bounds, floods.
 * Its parameters are tested in hype-config-t.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "../tools/tap.h"

#define T0	 1756080000.0	/* the VOD start of every test chat */

static uint64_t	 idseq;
static uint64_t	 rnd = 88172645463325252ULL;

static double
unif(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return (double)(rnd >> 11) * 0x1.0p-53;
}

/* Add one message at t seconds from the VOD start. */
static void
msg(struct ac_hype *h, double t, int64_t sender, const char *text,
    unsigned int flags)
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
	m.flags = flags;
	if (ac_hype_add(h, &m) != 0)
		bail("ac_hype_add failed");
}

/* Plain background chat: Poisson-ish arrivals at rate per second. */
static void
background(struct ac_hype *h, double from, double to, double rate)
{
	static const char *const lines[] = { "hello chat", "what game is this",
	    "nice", "gg", "que onda", "boa noite", "lag?", "true", "ok",
	    "[emote:37228:NODDERS]" };
	double	 t = from;

	if (rate <= 0)
		return;
	for (;;) {
		t += -log(1.0 - unif()) / rate;
		if (t >= to)
			break;
		msg(h, t, 1000 + (int64_t)(unif() * 5000), lines[(int)(unif() *
		    10)], 0);
	}
}

/* A moment at t: n distinct senders react from t + lag over a few seconds. */
static void
moment(struct ac_hype *h, double t, double lag, int n, int hype)
{
	static const char *const laughs[] = { "jajajaja", "KEKW", "xD",
	    "[emote:37226:KEKW]", "lmao", "kkkkk", "JAJAJ", "LUL" };
	static const char *const hypes[] = { "[emote:37233:PogU]", "Pog",
	    "OOOO", "W", "[emote:37218:Clap] [emote:37218:Clap]", "GIGACHAD" };
	int	 i;

	for (i = 0; i < n; i++)
		msg(h, t + lag + 8.0 * unif() * unif() + (i % 3) * 0.5,
		    100000 + (int64_t)(t * 100) + i,
		    hype ? hypes[i % 6] : laughs[i % 8], 0);
}

static struct ac_hype *
new_default(void)
{
	struct ac_hype_config	 c;

	ac_hype_config_default(&c);
	return ac_hype_new(&c);
}

static void
vod_at(struct ac_vod *v, double duration)
{
	ac_vod_init(v);
	v->has_start = 1;
	v->start_time = T0;
	v->duration_s = duration;
}

/* Whether some clip has its peak within [lo, hi]. */
static const struct ac_clip *
clip_near(const struct ac_result *r, double lo, double hi)
{
	size_t	 i;

	for (i = 0; i < r->nclips; i++)
		if (r->clips[i].peak >= lo && r->clips[i].peak <= hi)
			return &r->clips[i];
	return NULL;
}

static void
test_timeline(void)
{
	struct ac_hype_config	 cfg;
	struct ac_hype		*h;
	struct ac_result	 r;
	struct ac_vod		 v;

	/* the arithmetic of the seed's scores, learned units off */
	ac_hype_config_default(&cfg);
	cfg.laugh_bonus = 3;
	cfg.emote_bonus = 4;
	cfg.combo_multiplier = 1.5;
	cfg.max_message_score = 20;
	cfg.learned_bonus = 0;
	h = ac_hype_new(&cfg);

	vod_at(&v, 0);
	msg(h, 100.2, 1, "hello", 0);
	msg(h, 100.4, 2, "hello there", 0);
	msg(h, 100.6, 3, "jajaja", 0);				/* 1 + 3 */
	msg(h, 200.0, 4, "jajaja [emote:37226:KEKW]", 0);	/* (1+3+4)*1.5 */
	msg(h, 300.0, 5, "[emote:1:a] [emote:2:KEKW] [emote:3:PogU] "
	    "[emote:4:KEKW] [emote:5:KEKW] [emote:6:KEKW]", 0);	/* capped */
	msg(h, 400.0, 6, "!join", 0);				/* weight 0 */
	msg(h, 401.0, 7, "hello", AC_MSG_BOT);			/* weight 0 */
	msg(h, -5.0, 8, "before the start", 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	is_int((long long)r.message_count, 7, "message before the start dropped");
	is_double(r.timeline_step, 1.0, 1e-9, "step 1 s");
	is_int((long long)r.ntimeline, 402, "timeline 0..401");
	is_double(r.timeline[100], 6.0, 1e-6, "window sum: 1 + 1 + 4");
	is_double(r.timeline[95], 0.0, 1e-6, "window is [t-5, t+5)");
	is_double(r.timeline[96], 6.0, 1e-6, "all three in the window at 96");
	is_double(r.timeline[106], 0.0, 1e-6, "gone at 106");
	is_double(r.timeline[200], 12.0, 1e-6, "combo: (1 + 3 + 4) * 1.5");
	is_double(r.timeline[300], 20.0, 1e-6, "capped at max_message_score");
	is_double(r.timeline[400], 0.0, 1e-6, "commands and bots weigh 0");
	{
		struct ac_result	 r2;

		is_int(ac_hype_finish(h, &v, 0, &r2), AC_ERR_VALUE,
		    "finish only once");
		ac_result_free(&r2);
	}
	ac_result_free(&r);
	ac_hype_free(h);

	/* a coarser step and the VOD duration */
	{
		struct ac_hype_config	 c;

		ac_hype_config_default(&c);
		c.timeline_step_s = 10;
		h = ac_hype_new(&c);
		vod_at(&v, 1000);
		msg(h, 50, 1, "hi", 0);
		is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
		is_int((long long)r.ntimeline, 101, "0..1000 by 10");
		is_double(r.timeline[5], 1.0, 1e-9, "value at 50 s");
		ac_result_free(&r);
		ac_hype_free(h);
	}

	/* no VOD start: the earliest message is 0, even added last */
	h = new_default();
	msg(h, 500, 1, "b", 0);
	msg(h, 400, 2, "a", 0);
	ac_vod_init(&v);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	is_int((long long)r.ntimeline, 101, "earliest message is 0");
	is_double(r.timeline[0], 1.0, 1e-9, "the earliest at 0");
	ac_result_free(&r);
	ac_hype_free(h);

	/* empty */
	h = new_default();
	is_int(ac_hype_finish(h, NULL, 0, &r), AC_OK, "empty chat");
	ok(r.nclips == 0 && r.ntimeline == 0 && r.message_count == 0,
	    "empty chat: nothing");
	ac_result_free(&r);
	ac_hype_free(h);
}

static void
test_dedupe(void)
{
	struct ac_hype		*h = new_default();
	struct ac_result	 r;
	struct ac_msg		 m;
	int			 i;

	memset(&m, 0, sizeof(m));
	m.sender_id = 5;
	m.content = "jaja";
	m.content_len = 4;
	for (i = 0; i < 10; i++) {
		m.id = "same-id";
		m.id_len = 7;
		m.created_at = T0 + 10;
		ac_hype_add(h, &m);		/* 10 copies of one message */
		m.id = NULL;
		m.id_len = 0;
		m.created_at = T0 + 20;
		ac_hype_add(h, &m);		/* no id: never a duplicate */
	}
	m.id = "other-id";
	m.id_len = 8;
	ac_hype_add(h, &m);
	is_int(ac_hype_finish(h, NULL, 0, &r), AC_OK, "finish");
	is_int((long long)r.duplicates, 9, "nine repeated ids dropped");
	is_int((long long)r.message_count, 12, "1 + 10 without id + 1");
	ac_result_free(&r);
	ac_hype_free(h);
}

/* One moment on a steady background: found, and bounds are right. */
static void
test_moment(void)
{
	struct ac_hype		*h;
	struct ac_result	 r;
	struct ac_vod		 v;
	struct ac_hype_config	 c;
	const struct ac_clip	*cl;

	h = new_default();
	vod_at(&v, 1800);
	background(h, 0, 1800, 1.0);
	moment(h, 900, 10, 40, 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	is_int((long long)r.nclips, 1, "one moment, one clip");
	cl = r.nclips ? &r.clips[0] : NULL;
	if (cl != NULL) {
		ok(cl->peak >= 910 && cl->peak <= 922, "peak %.1f in the reaction",
		    cl->peak);
		ok(cl->start >= 880 && cl->start <= 902,
		    "start %.1f before the reaction (910) by about chat_lag_s",
		    cl->start);
		ok(cl->start < cl->peak && cl->start <= 910 - 5,
		    "never starts at the peak");
		ok(cl->end >= 908 && cl->end <= cl->peak + 5, "end %.1f covers "
		    "the moment, before the reaction fades", cl->end);
		ok(cl->end - cl->start >= 10 && cl->end - cl->start <= 60,
		    "length %.1f within min/max", cl->end - cl->start);
		is_str(cl->kind, "laugh", "laughter moment");
		is_int(cl->rank, 1, "rank 1");
		ok(cl->above_threshold, "above the threshold");
		ok(cl->virality > 50 && cl->virality <= 100, "virality %d",
		    cl->virality);
		ok(cl->score > 0, "score %.1f over the baseline", cl->score);
	}
	ac_result_free(&r);
	ac_hype_free(h);

	/* min and max clamps */
	ac_hype_config_default(&c);
	c.min_clip_s = 75;
	c.max_clip_s = 80;
	h = ac_hype_new(&c);
	background(h, 0, 1800, 1.0);
	moment(h, 900, 10, 40, 1);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	ok(r.nclips == 1 && r.clips[0].end - r.clips[0].start >= 75 - 1e-9,
	    "min_clip_s clamp");
	if (r.nclips == 1)
		is_str(r.clips[0].kind, "hype", "hype moment");
	ac_result_free(&r);
	ac_hype_free(h);

	ac_hype_config_default(&c);
	c.min_clip_s = 5;
	c.max_clip_s = 12;
	c.tail_s = 2;
	h = ac_hype_new(&c);
	background(h, 0, 1800, 1.0);
	moment(h, 900, 10, 60, 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	ok(r.nclips == 1 && r.clips[0].end - r.clips[0].start <= 12 + 1e-9,
	    "max_clip_s clamp");
	ac_result_free(&r);
	ac_hype_free(h);
}

/* Crafted signal: reactions from 515 to 530 (the window's rise at 510). */
static void
test_bounds(void)
{
	struct ac_hype		*h = new_default();
	struct ac_hype_config	 c;
	struct ac_result	 r;
	struct ac_vod		 v;
	double			 on, off;
	int			 i, k;

	ac_hype_config_default(&c);
	on = 515 - c.chat_lag_s;		/* where the clip should start */
	off = 530 - c.chat_lag_s + c.tail_s;	/* and end */
	vod_at(&v, 1200);
	for (i = 0; i < 1200; i += 3)
		msg(h, i, 1 + i, "hello", 0);
	/* ramp 515..520 then decay to 530, 3 messages per second */
	for (i = 515; i < 530; i++)
		for (k = 0; k < 3; k++)
			msg(h, i + k * 0.3, 10000 + i * 10 + k, "KEKW", 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	is_int((long long)r.nclips, 1, "one clip");
	if (r.nclips == 1) {
		/* the first reactions at 515, seen a few seconds late on a ramp */
		ok(r.clips[0].start >= on - 2 && r.clips[0].start <= on + 6,
		    "start %.1f = first reactions (515) - chat_lag_s (%g)",
		    r.clips[0].start, c.chat_lag_s);
		ok(r.clips[0].peak >= 519 && r.clips[0].peak <= 525,
		    "peak %.1f", r.clips[0].peak);
		ok(r.clips[0].end >= off - 4 && r.clips[0].end <= off + 4,
		    "end %.1f = last reactions (530) - chat_lag_s + tail_s",
		    r.clips[0].end);
	}
	ac_result_free(&r);
	ac_hype_free(h);
}

/* Peak selection: best first; suppression of near peaks. */
static void
test_peaks(void)
{
	struct ac_hype		*h = new_default();
	struct ac_result	 r;
	struct ac_vod		 v;

	vod_at(&v, 3600);
	background(h, 0, 3600, 1.0);
	moment(h, 600, 10, 20, 0);
	moment(h, 1500, 10, 60, 0);	/* the strongest */
	moment(h, 1530, 10, 15, 1);	/* too near the strongest */
	moment(h, 2500, 10, 35, 1);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	is_int((long long)r.nclips, 3, "three clips, one suppressed");
	if (r.nclips == 3) {
		ok(r.clips[0].peak > 1505 && r.clips[0].peak < 1530,
		    "the strongest first (peak %.0f)", r.clips[0].peak);
		ok(r.clips[1].peak > 2505 && r.clips[1].peak < 2530,
		    "then the second strongest (peak %.0f)", r.clips[1].peak);
		ok(r.clips[2].peak > 605 && r.clips[2].peak < 630,
		    "then the weakest (peak %.0f)", r.clips[2].peak);
		ok(r.clips[0].rank == 1 && r.clips[1].rank == 2 &&
		    r.clips[2].rank == 3, "ranks 1..3");
		ok(r.clips[0].virality >= r.clips[2].virality,
		    "virality follows the rank");
	}
	ac_result_free(&r);
	ac_hype_free(h);
}

/* Local baseline: a quiet moment next to a busy stretch is found. */
static void
test_local_baseline(void)
{
	struct ac_hype		*h = new_default();
	struct ac_result	 r;
	struct ac_vod		 v;
	int			 i;

	vod_at(&v, 5400);
	background(h, 0, 1800, 0.1);		/* quiet start */
	background(h, 1800, 5400, 10.0);	/* busy middle */
	moment(h, 900, 10, 12, 0);		/* small, but in the quiet */
	/* busy laughter noise: scattered, never together */
	for (i = 0; i < 300; i++)
		msg(h, 1800 + unif() * 3600, 500000 + i, "jajaja", 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	ok(clip_near(&r, 905, 930) != NULL, "the quiet moment is found");
	ok(r.nclips <= 2, "the busy stretch is not over-clipped (%zu clips)",
	    r.nclips);
	ac_result_free(&r);
	ac_hype_free(h);
}

/* Floods that are not moments never become clips. */
static void
test_floods(void)
{
	struct ac_hype		*h;
	struct ac_result	 r;
	struct ac_vod		 v;
	struct ac_hype_config	 c;
	int			 i;

	vod_at(&v, 3600);

	/* !join flood by many users */
	h = new_default();
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 150; i++)
		msg(h, 1000 + unif() * 30, 700000 + i, i % 2 ? "!join" : "!JOIN",
		    0);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	ok(clip_near(&r, 990, 1040) == NULL, "no clip on a command flood");
	ac_result_free(&r);
	ac_hype_free(h);

	/* the same flood counted fully still fails the command share */
	ac_hype_config_default(&c);
	c.command_weight = 1;
	h = ac_hype_new(&c);
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 150; i++)
		msg(h, 1000 + unif() * 30, 700000 + i, "!join", 0);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	ok(clip_near(&r, 990, 1040) == NULL,
	    "command flood vetoed even when commands weigh 1");
	ac_result_free(&r);
	ac_hype_free(h);

	/* one account spamming laughter */
	h = new_default();
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 60; i++)
		msg(h, 1500 + i * 0.5, 42, "[emote:37226:KEKW] [emote:37226:KEKW] "
		    "[emote:37226:KEKW]", 0);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	ok(clip_near(&r, 1490, 1550) == NULL, "no clip on one-account spam");
	ac_result_free(&r);
	ac_hype_free(h);

	/* the same spam, counted fully: the sender share vetoes it */
	ac_hype_config_default(&c);
	c.sender_decay_s = 0;
	h = ac_hype_new(&c);
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 60; i++)
		msg(h, 1500 + i * 0.5, 42, "KEKW KEKW KEKW", 0);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	ok(clip_near(&r, 1490, 1550) == NULL,
	    "one-account spam vetoed without the sender discount");
	ac_result_free(&r);
	ac_hype_free(h);

	/* a bot's bursts */
	h = new_default();
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 80; i++)
		msg(h, 2000 + (i / 10) * 8 + (i % 10) * 0.2, 1904,
		    "[emote:37233:PogU] GIVEAWAY is LIVE! type !join to enter",
		    AC_MSG_BOT);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	ok(clip_near(&r, 1990, 2080) == NULL, "no clip on bot lines");
	ac_result_free(&r);
	ac_hype_free(h);

	/* many accounts pasting one plain line */
	ac_hype_config_default(&c);
	c.min_senders = 1;
	h = ac_hype_new(&c);
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 100; i++)
		msg(h, 2500 + unif() * 20, 800000 + i, "FOLLOW ME ON MY CHANNEL",
		    0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	ok(clip_near(&r, 2490, 2530) == NULL, "no clip on a pasted plain line");
	ac_result_free(&r);
	ac_hype_free(h);

	/* ... while a real moment in the same chat is kept */
	h = new_default();
	background(h, 0, 3600, 0.5);
	for (i = 0; i < 150; i++)
		msg(h, 1000 + unif() * 30, 700000 + i, "!join", 0);
	moment(h, 3000, 10, 30, 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish");
	ok(clip_near(&r, 3005, 3030) != NULL && r.nclips == 1,
	    "the real moment is the only clip");
	ac_result_free(&r);
	ac_hype_free(h);
}

/* top N lists candidates below the threshold too. */
static void
test_top(void)
{
	struct ac_hype		*h;
	struct ac_result	 r;
	struct ac_vod		 v;
	size_t			 i;
	int			 below = 0, ranks = 1;

	vod_at(&v, 3600);
	h = new_default();
	background(h, 0, 3600, 1.0);
	moment(h, 1000, 10, 40, 0);
	is_int(ac_hype_finish(h, &v, 0, &r), AC_OK, "finish top 0");
	is_int((long long)r.nclips, 1, "threshold: one clip");
	ac_result_free(&r);
	ac_hype_free(h);

	rnd = 88172645463325252ULL;
	h = new_default();
	background(h, 0, 3600, 1.0);
	moment(h, 1000, 10, 40, 0);
	for (i = 0; i < 8; i++)	/* small clusters, below the threshold */
		moment(h, 200 + 300 * (double)i + (i >= 3 ? 300 : 0), 10, 3, 1);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish top 5");
	is_int((long long)r.nclips, 5, "five candidates");
	for (i = 0; i < r.nclips; i++) {
		if (!r.clips[i].above_threshold)
			below++;
		if (r.clips[i].rank != (int)i + 1)
			ranks = 0;
	}
	ok(below >= 1, "%d below the threshold, flagged", below);
	ok(ranks, "ranks 1..n");
	ok(r.nclips > 0 && r.clips[0].above_threshold &&
	    r.clips[0].peak > 1005 && r.clips[0].peak < 1030,
	    "the real moment first");
	ac_result_free(&r);
	ac_hype_free(h);

	h = new_default();
	moment(h, 100, 10, 20, 0);
	vod_at(&v, 300);
	is_int(ac_hype_finish(h, &v, 10, &r), AC_OK, "finish top 10");
	is_int((long long)r.nclips, 1, "fewer when there are fewer moments");
	ac_result_free(&r);
	ac_hype_free(h);
}

/* Messages added out of order give the same result. */
static void
test_order(void)
{
	struct ac_hype		*a = new_default(), *b = new_default();
	struct ac_result	 ra, rb;
	struct ac_vod		 v;
	struct ac_msg		 m;
	static char		 ids[2000][16];
	static double		 ts[2000];
	static int64_t		 snd[2000];
	int			 i, same;

	for (i = 0; i < 2000; i++) {
		ts[i] = i < 1900 ? unif() * 3600 : 1800 + 10 + unif() * 8;
		snd[i] = i;
		snprintf(ids[i], sizeof(ids[i]), "m%d", i);
	}
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 2000; i++) {
		m.id = ids[i];
		m.id_len = strlen(ids[i]);
		m.content = i < 1900 ? "hello" : "KEKW";
		m.content_len = strlen(m.content);
		m.sender_id = snd[i];
		m.created_at = T0 + ts[i];
		ac_hype_add(a, &m);
		m.id = ids[1999 - i];
		m.id_len = strlen(ids[1999 - i]);
		m.content = 1999 - i < 1900 ? "hello" : "KEKW";
		m.content_len = strlen(m.content);
		m.sender_id = snd[1999 - i];
		m.created_at = T0 + ts[1999 - i];
		ac_hype_add(b, &m);
	}
	vod_at(&v, 3600);
	ac_hype_finish(a, &v, 3, &ra);
	ac_hype_finish(b, &v, 3, &rb);
	same = ra.nclips == rb.nclips && ra.ntimeline == rb.ntimeline;
	for (i = 0; same && (size_t)i < ra.nclips; i++)
		same = ra.clips[i].start == rb.clips[i].start &&
		    ra.clips[i].peak == rb.clips[i].peak;
	ok(same && ra.nclips >= 1, "reversed input, same clips");
	ac_result_free(&ra);
	ac_result_free(&rb);
	ac_hype_free(a);
	ac_hype_free(b);
}

/*
 * Reactions in words outside the vocabulary are learned per VOD: a burst
 * of one unknown unit outranks a burst of the same size made of unrelated
 * lines, and a steady laughing stretch is no moment.
 */
static void
test_learned(void)
{
	struct ac_hype		*h = new_default();
	struct ac_result	 r;
	struct ac_vod		 v;
	const struct ac_clip	*a, *b;
	char			 line[64];
	int			 i;

	vod_at(&v, 2400);
	background(h, 0, 2400, 1.0);
	for (i = 0; i < 30; i++) {
		/* Korean laughter, unknown to the vocabulary, at 600 */
		msg(h, 610 + 8.0 * unif() * unif(), 200000 + i,
		    "\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b", 0);
		/* as many unrelated lines at 1500 */
		snprintf(line, sizeof(line), "w%dx says something", i);
		msg(h, 1510 + 8.0 * unif() * unif(), 300000 + i, line, 0);
	}
	/* 1900-2100: steady laughter adds a third to the usual rate */
	for (i = 0; i < 70; i++)
		msg(h, 1900 + i * 200.0 / 70, 400000 + i, "KEKW", 0);
	is_int(ac_hype_finish(h, &v, 5, &r), AC_OK, "finish");
	for (i = 0; i < (int)r.nclips; i++)
		diag("clip %d peak %.0f start %.0f score %.1f %s", r.clips[i].rank,
		    r.clips[i].peak, r.clips[i].start, r.clips[i].score,
		    r.clips[i].kind);
	a = clip_near(&r, 605, 625);
	b = clip_near(&r, 1505, 1525);
	ok(a != NULL && a->rank == 1, "the burst of an unknown word ranks "
	    "first (rank %d)", a != NULL ? a->rank : -1);
	ok(b == NULL || b->rank > a->rank, "above the burst of unrelated "
	    "lines");
	if (a != NULL)
		is_str(a->kind, "chat", "kind: no vocabulary");
	b = clip_near(&r, 1890, 2110);
	ok(b == NULL || !b->above_threshold,
	    "steady laughter is no moment");
	ac_result_free(&r);
	ac_hype_free(h);
}

/* The feature file's records: the same clips from them as from the chat. */
static void
test_features(void)
{
	struct ac_hype_config	 c;
	struct ac_hype		*h, *g;
	struct ac_features_head	 head, bad;
	struct ac_result	 r1, r2;
	struct ac_vod		 v;
	const void		*recs;
	void			*copy, *copy2;
	size_t			 len, i;
	int			 same;

	ac_hype_config_default(&c);
	vod_at(&v, 1800);
	h = ac_hype_new(&c);
	background(h, 0, 1800, 2.0);
	moment(h, 600, 8, 40, 0);
	moment(h, 1200, 8, 30, 1);
	msg(h, 100.0, 7, "dup", 0);
	idseq--;
	msg(h, 100.0, 7, "dup", 0);		/* the same id again */
	is_int(ac_hype_features(h, &head, &recs, &len), AC_OK, "features");
	ok(head.version == AC_FEATURES_VERSION && head.duplicates == 1 &&
	    len == head.n * head.recsize && head.recsize == 24,
	    "header: version, 24 bytes a message, the repeated id dropped");
	if ((copy = malloc(len)) == NULL || (copy2 = malloc(len)) == NULL)
		bail("out of memory");
	memcpy(copy, recs, len);
	memcpy(copy2, recs, len);
	bad = head;
	bad.version++;
	ok(ac_hype_from_features(&c, &bad, copy, len) == NULL,
	    "another scorer version is refused");
	ok(ac_hype_from_features(&c, &head, copy, len - 24) == NULL,
	    "a truncated file is refused");
	g = ac_hype_from_features(&c, &head, copy, len);
	ok(g != NULL, "records load");
	is_int(ac_hype_finish(h, &v, 5, &r1), AC_OK, "finish from the chat");
	if (g == NULL)
		bail("no analysis from features");
	is_int(ac_hype_finish(g, &v, 5, &r2), AC_OK, "finish from features");
	same = r1.nclips == r2.nclips && r1.nclips > 0 &&
	    r1.message_count == r2.message_count &&
	    r1.duplicates == r2.duplicates && r1.ntimeline == r2.ntimeline;
	for (i = 0; same && i < r1.nclips; i++)
		same = r1.clips[i].start == r2.clips[i].start &&
		    r1.clips[i].end == r2.clips[i].end &&
		    r1.clips[i].peak == r2.clips[i].peak &&
		    r1.clips[i].score == r2.clips[i].score &&
		    memcmp(r1.clips[i].features, r2.clips[i].features,
		    sizeof(r1.clips[i].features)) == 0;
	for (i = 0; same && i < r1.ntimeline; i++)
		same = r1.timeline[i] == r2.timeline[i];
	ok(same, "the same clips, features and timeline as from the chat "
	    "(%zu clips)", r1.nclips);
	ac_result_free(&r1);
	ac_result_free(&r2);
	ac_hype_free(h);
	ac_hype_free(g);
	c.window_s = 12;		/* other parameters need no chat */
	g = ac_hype_from_features(&c, &head, copy2, len);
	ok(g != NULL && ac_hype_finish(g, &v, 5, &r2) == AC_OK &&
	    r2.config.window_s == 12 && r2.nclips > 0,
	    "other parameters on the same records");
	if (g != NULL)
		ac_result_free(&r2);
	ac_hype_free(g);
}

int
main(void)
{
	plan_lazy();
	test_timeline();
	test_dedupe();
	test_moment();
	test_bounds();
	test_peaks();
	test_local_baseline();
	test_floods();
	test_top();
	test_order();
	test_learned();
	test_features();
	return done_testing();
}
