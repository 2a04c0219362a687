/* SPDX-License-Identifier: ISC */
/*
 * relearn.c: time what a review costs in learning (ac_learn of a channel:
 * the labels of all channels read and fitted, then the channel's, both
 * stored) on a store holding many reviewed clips, and what an analysis
 * costs to load its weights (ac_learn_load).
 *
 * usage: relearn URL [VODS [RUNS]]
 * URL names a throw-away database: it is migrated and filled with VODS
 * streams (default 600) of 10 clips each, over 6 channels, every clip
 * reviewed (approved when a seeded score of its random features says
 * so), one in ten moved.  Prints the labels, then the best, median and
 * slowest time of RUNS (default 20) calls in milliseconds.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "work/work.h"

#include "timing.h"

#define CLIPS		 10
#define CHANNELS	 6
#define RUNS_MAX	 1000

static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: a uniform double in [0, 1). */
static double
uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 0x2545f4914f6cdd1dULL) >> 11) / 9007199254740992.0;
}

static void
report(const char *what, double *ms, long runs)
{
	qsort(ms, (size_t)runs, sizeof(*ms), cmp);
	printf("%-34s best %8.2f ms  median %8.2f ms  slowest %8.2f ms\n",
	    what, ms[0], ms[runs / 2], ms[runs - 1]);
}

/* One stream of CLIPS clips, all reviewed; -1 with the store's words in err. */
static int
fill_one(struct ac_store *st, long i, struct ac_error *err)
{
	struct ac_stream	 s;
	struct ac_result	 r;
	struct ac_clip		 clips[CLIPS];
	struct ac_stored_clip	*c = NULL;
	size_t			 n = 0, k, j;
	int64_t			 id;
	double			 z;
	int			 rc = -1;

	memset(&s, 0, sizeof(s));
	snprintf(s.vod_id, sizeof(s.vod_id), "relearn-%ld", i);
	snprintf(s.channel, sizeof(s.channel), "channel-%ld", i % CHANNELS);
	s.status = AC_STREAM_RUNNING;
	memset(&r, 0, sizeof(r));
	ac_vod_init(&r.vod);
	ac_hype_config_default(&r.config);
	memset(clips, 0, sizeof(clips));
	for (k = 0; k < CLIPS; k++) {
		clips[k].rank = (int)k + 1;
		clips[k].peak = 300.0 * (double)(k + 1);
		clips[k].start = clips[k].peak - 13;
		clips[k].end = clips[k].peak + 12;
		clips[k].score = 10 - (double)k;
		for (j = 0; j < AC_NFEAT; j++)
			clips[k].features[j] = 4 * uniform() - 2;
	}
	r.clips = clips;
	r.nclips = CLIPS;
	if (ac_store_stream_upsert(st, &s, &id, err) != AC_OK ||
	    ac_store_analysis_save(st, id, &r, err) != AC_OK ||
	    ac_store_clips(st, id, &c, &n, err) != AC_OK)
		goto out;
	for (k = 0; k < n; k++) {
		/* The editor likes laughter, dislikes repetition. */
		z = c[k].features[AC_FEAT_LAUGH] -
		    c[k].features[AC_FEAT_REPEAT] + 6 * (uniform() - 0.5);
		if (ac_store_clip_set_status(st, c[k].id, z > 0 ?
		    AC_CLIP_APPROVED : AC_CLIP_REJECTED, err) != AC_OK)
			goto out;
		if (k % 10 == 0 && ac_store_clip_set_bounds(st, c[k].id,
		    c[k].start + 3, c[k].end - 5, err) != AC_OK)
			goto out;
	}
	rc = 0;
out:
	free(c);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct ac_settings	 cf;
	struct ac_store		*st;
	struct ac_learned	 l;
	struct ac_label		*labels;
	struct ac_error		 err;
	static double		 ms[RUNS_MAX];
	long			 vods = 600, runs = 20, i;
	size_t			 n;
	double			 t;

	if (argc < 2 || argc > 4 ||
	    (argc > 2 && !arg(argv[2], 1, 100000, &vods)) ||
	    (argc > 3 && !arg(argv[3], 1, RUNS_MAX, &runs))) {
		fprintf(stderr, "usage: relearn URL [VODS [RUNS]]\n");
		return 2;
	}
	if (ac_store_open(&st, argv[1], 1, NULL, &err) != AC_OK) {
		fprintf(stderr, "relearn: %s\n", err.text);
		return 1;
	}
	t = now_ms();
	for (i = 0; i < vods; i++)
		if (fill_one(st, i, &err) == -1) {
			fprintf(stderr, "relearn: filling: %s\n", err.text);
			return 1;
		}
	printf("%ld VODs of %d reviewed clips over %d channels filled in "
	    "%.1f s\n", vods, CLIPS, CHANNELS, (now_ms() - t) / 1e3);

	if (ac_store_labels(st, NULL, AC_LEARN_LABELS_MAX, &labels, &n,
	    &err) != AC_OK) {
		fprintf(stderr, "relearn: %s\n", err.text);
		return 1;
	}
	free(labels);
	printf("labels read per fit: %zu of all channels (at most %d)\n", n,
	    AC_LEARN_LABELS_MAX);
	for (i = 0; i < runs; i++) {
		t = now_ms();
		if (ac_store_labels(st, NULL, AC_LEARN_LABELS_MAX, &labels,
		    &n, NULL) != AC_OK)
			return 1;
		ms[i] = now_ms() - t;
		free(labels);
	}
	report("reading the labels (all channels)", ms, runs);
	for (i = 0; i < runs; i++) {
		t = now_ms();
		if (ac_learn(st, "channel-0", NULL, NULL, &err) != AC_OK) {
			fprintf(stderr, "relearn: %s\n", err.text);
			return 1;
		}
		ms[i] = now_ms() - t;
	}
	report("a review's refit (ac_learn)", ms, runs);
	memset(&cf, 0, sizeof(cf));
	cf.learn_from_review = 1;
	for (i = 0; i < runs; i++) {
		t = now_ms();
		ac_learn_load(&cf, st, "channel-0", &l);
		ms[i] = now_ms() - t;
	}
	report("loading them (ac_learn_load)", ms, runs);
	printf("channel-0: %u labels of %u VODs, laugh %+.3f, repeat %+.3f\n",
	    l.labels, l.vods, l.w[AC_FEAT_LAUGH], l.w[AC_FEAT_REPEAT]);
	ac_store_close(st);
	return 0;
}
