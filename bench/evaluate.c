/* SPDX-License-Identifier: ISC */
/* evaluate: score an analysis result against a chatgen ground truth. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"

#define INPUT_MAX	 (512L * 1024 * 1024)	/* bytes of one JSON file */
#define DEPTH_MAX	 64
#define ITEMS_MAX	 100000			/* clips, moments, distractors */
#define EARLY_S		 20.0	/* a clip may start this long before the moment */
#define NEAR_S		 10.0	/* a clip this close to a distractor is on it */
#define LIGHTOR_EARLY_S	 10.0	/* Lightor rule: start in [t - 10 s, highlight end] */
#define LIGHTOR_TOP	 10	/* start precision of the best 10 clips */
#define BASE_WINDOW_S	 25	/* naive baseline: messages in 25 s windows, */
#define BASE_APART_S	 60	/* ... picks at least 60 s apart, */
#define BASE_LEAD_S	 5	/* ... the clip starting 5 s before the window */
#define BASE_SPAN_MAX	 (7 * 24 * 3600)	/* seconds of chat counted at most */

struct moment {
	double		 t, peak;
	double		 end;		/* the highlight's end ("end", else peak) */
	char		 kind[16];
	int		 matched;	/* rank of the clip, 0 when missed */
};

struct distractor {
	double		 start, end;
	char		 kind[16];
};

struct clip {
	int		 rank;
	double		 start, end, peak, score;
	int		 moment;	/* index of the matched moment, or -1 */
	int		 distractor;	/* index of the distractor it sits on, or -1 */
};

static void
usage(FILE *f)
{
	fputs("usage: evaluate --truth TRUTH.json [--chat CHAT] [--top N] [--json]"
	    " [--verbose] RESULT.json\n"
	    "\n"
	    "Scores the best N clips of an analysis (N = number of true moments\n"
	    "unless --top) against the ground truth written by chatgen.\n"
	    "A clip is right when its start lies in [t - 20 s, reaction peak] of a\n"
	    "true moment not matched yet (clips taken best first).  A clip that\n"
	    "matches nothing and whose peak or middle lies within 10 s of a\n"
	    "distractor counts as a distractor clip.  p10 is the start precision\n"
	    "of the best 10 clips by the Lightor rule (start within\n"
	    "[t - 10 s, highlight end] of any true moment); start_err and end_err\n"
	    "are the median clip start - t and clip end - highlight end of the\n"
	    "matched clips, len the median clip length.\n"
	    "With --chat, the same chat is also scored by a naive baseline\n"
	    "(messages counted in 25 s windows, picks 60 s apart, each clip from\n"
	    "5 s before its window to the window's end), printed on a second line\n"
	    "starting \"baseline\".  RESULT \"-\" is standard input.\n"
	    "Exit 0 after scoring, 1 on unreadable input, 2 on usage.\n",
	    f);
}

/* Read and parse a whole JSON file ("-": stdin); NULL with a message on error. */
static json_object *
load(const char *path)
{
	FILE *f;
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error jerr;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "evaluate: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if (cap > (size_t)INPUT_MAX + 65536 ||
			    (nb = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "evaluate: %s: too large\n", path);
				goto fail;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > (size_t)INPUT_MAX) {
			fprintf(stderr, "evaluate: %s: too large\n", path);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "evaluate: %s: read error\n", path);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	f = NULL;
	if ((tok = json_tokener_new_ex(DEPTH_MAX)) == NULL)
		goto fail;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (o == NULL || jerr != json_tokener_success) {
		fprintf(stderr, "evaluate: %s: not JSON (%s)\n", path,
		    json_tokener_error_desc(jerr == json_tokener_success ?
		    json_tokener_continue : jerr));
		json_object_put(o);
		json_tokener_free(tok);
		free(buf);
		return NULL;
	}
	json_tokener_free(tok);
	free(buf);
	return o;
fail:
	if (f != NULL && f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/* A number member; -1 when missing or not a number. */
static int
num(json_object *o, const char *key, double *v)
{
	json_object *x;

	if (!json_object_object_get_ex(o, key, &x))
		return -1;
	if (!json_object_is_type(x, json_type_double) &&
	    !json_object_is_type(x, json_type_int))
		return -1;
	*v = json_object_get_double(x);
	return isfinite(*v) ? 0 : -1;
}

static void
str(json_object *o, const char *key, char *buf, size_t size)
{
	json_object *x;

	buf[0] = '\0';
	if (json_object_object_get_ex(o, key, &x) &&
	    json_object_is_type(x, json_type_string))
		snprintf(buf, size, "%s", json_object_get_string(x));
}

/* The array member key of o, or NULL with a message. */
static json_object *
array(json_object *o, const char *key, const char *what)
{
	json_object *x;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &x) ||
	    !json_object_is_type(x, json_type_array)) {
		fprintf(stderr, "evaluate: %s: no \"%s\" array\n", what, key);
		return NULL;
	}
	if (json_object_array_length(x) > ITEMS_MAX) {
		fprintf(stderr, "evaluate: %s: too many %s\n", what, key);
		return NULL;
	}
	return x;
}

static int
clip_cmp(const void *a, const void *b)
{
	const struct clip *x = a, *y = b;

	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* What one list of clips scores against the truth. */
struct score {
	size_t		 nc, nm;
	int		 right, ondist, p10right, p10n;
	double		 precision, recall, offmean, offmax, p10;
	double		 start_err, end_err, len;	/* medians; NAN when none */
};

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of a[0..n) (sorted in place); NAN when n == 0. */
static double
median(double *a, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(a, n, sizeof(*a), dbl_cmp);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
}

/*
 * Score clips c[0..nc) (best first) against moments and distractors
 * (all in one time frame).  Marks m[].matched and c[].moment/distractor.
 */
static int
score_clips(struct clip *c, size_t nc, struct moment *m, size_t nm,
    const struct distractor *d, size_t nd, struct score *sc)
{
	double	*se = NULL, *ee = NULL, *le = NULL, off, mid, dist, bestdist, sum = 0.0;
	size_t	 i, j, nse = 0;
	int	 best;

	memset(sc, 0, sizeof(*sc));
	sc->nc = nc;
	sc->nm = nm;
	if ((se = calloc(nc + 1, sizeof(*se))) == NULL ||
	    (ee = calloc(nc + 1, sizeof(*ee))) == NULL ||
	    (le = calloc(nc + 1, sizeof(*le))) == NULL) {
		free(se);
		free(ee);
		return -1;
	}
	for (j = 0; j < nm; j++)
		m[j].matched = 0;
	/* Greedy by rank: each clip takes the closest free moment it fits. */
	for (i = 0; i < nc; i++) {
		c[i].moment = c[i].distractor = -1;
		le[i] = c[i].end - c[i].start;
		best = -1;
		bestdist = 0.0;
		for (j = 0; j < nm; j++) {
			if (m[j].matched || c[i].start < m[j].t - EARLY_S ||
			    c[i].start > m[j].peak)
				continue;
			dist = fabs(c[i].peak - m[j].peak);
			if (best < 0 || dist < bestdist) {
				best = (int)j;
				bestdist = dist;
			}
		}
		if (best >= 0) {
			c[i].moment = best;
			m[best].matched = c[i].rank > 0 ? c[i].rank : 1;
			sc->right++;
			off = c[i].start - m[best].t;
			sum += off;
			if (fabs(off) > fabs(sc->offmax))
				sc->offmax = off;
			se[nse] = off;
			ee[nse++] = c[i].end - m[best].end;
			continue;
		}
		mid = (c[i].start + c[i].end) / 2.0;
		for (j = 0; j < nd; j++) {
			if ((c[i].peak >= d[j].start - NEAR_S &&
			    c[i].peak <= d[j].end + NEAR_S) ||
			    (mid >= d[j].start - NEAR_S &&
			    mid <= d[j].end + NEAR_S)) {
				c[i].distractor = (int)j;
				sc->ondist++;
				break;
			}
		}
	}
	/* Lightor: each of the best 10 starts inside some highlight's range. */
	for (i = 0; i < nc && i < LIGHTOR_TOP; i++) {
		sc->p10n++;
		for (j = 0; j < nm; j++)
			if (c[i].start >= m[j].t - LIGHTOR_EARLY_S &&
			    c[i].start <= m[j].end) {
				sc->p10right++;
				break;
			}
	}
	sc->p10 = sc->p10n > 0 ? (double)sc->p10right / sc->p10n : 0.0;
	sc->precision = nc > 0 ? (double)sc->right / (double)nc :
	    (nm == 0 ? 1.0 : 0.0);
	sc->recall = nm > 0 ? (double)sc->right / (double)nm : 1.0;
	sc->offmean = sc->right ? sum / sc->right : 0.0;
	sc->start_err = median(se, nse);
	sc->end_err = median(ee, nse);
	sc->len = median(le, nc);
	free(se);
	free(ee);
	free(le);
	return 0;
}

static void
print_score(const char *prefix, const struct score *sc)
{
	printf("%sclips=%zu moments=%zu right=%d precision=%.3f "
	    "recall=%.3f p10=%.3f start_err=%+.1f end_err=%+.1f len=%.1f "
	    "offset_mean=%+.1f offset_max=%+.1f distractor_clips=%d\n",
	    prefix, sc->nc, sc->nm, sc->right, sc->precision, sc->recall,
	    sc->p10, isnan(sc->start_err) ? 0.0 : sc->start_err,
	    isnan(sc->end_err) ? 0.0 : sc->end_err,
	    isnan(sc->len) ? 0.0 : sc->len, sc->offmean, sc->offmax,
	    sc->ondist);
}

/* --- the naive baseline ------------------------------------------ */

struct counts {
	unsigned int	*n;		/* messages per second from first */
	size_t		 len;
	double		 first;		/* created_at of the earliest message */
	int		 have;
	double		*t;		/* message times, until counted */
	size_t		 nt, cap;
};

static int
count_msg(void *arg, const struct ac_msg *msg)
{
	struct counts	*k = arg;
	double		*nt;

	if (k->nt == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 65536;
		if (k->cap > 400u * 1000 * 1000 ||
		    (nt = realloc(k->t, k->cap * sizeof(*nt))) == NULL)
			return -1;
		k->t = nt;
	}
	k->t[k->nt++] = msg->created_at;
	if (!k->have || msg->created_at < k->first)
		k->first = msg->created_at;
	k->have = 1;
	return 0;
}

/*
 * Baseline clips of a chat, best first, in the truth's frame (seconds
 * from the VOD start; truth_first is the truth's first_message, used when
 * the chat names no VOD start).  Returns the number of clips, -1 on error.
 */
static long
baseline_clips(const char *path, double truth_first, size_t want,
    struct clip **out)
{
	struct counts	 k;
	struct ac_vod	 vod;
	struct ac_error	 err;
	struct clip	*c = NULL;
	unsigned long	*w = NULL;
	size_t		 i, s, nw, nc = 0, best;
	double		 origin, x;
	long		 rc = -1;

	memset(&k, 0, sizeof(k));
	ac_vod_init(&vod);
	if (ac_chat_read_path(path, count_msg, &k, &vod, NULL, &err) !=
	    AC_OK) {
		fprintf(stderr, "evaluate: %s: %s\n", path, err.text);
		goto out;
	}
	if (vod.has_start && isfinite(vod.start_time))
		origin = vod.start_time + (isfinite(vod.offset_s) ?
		    vod.offset_s : 0.0);
	else
		origin = k.first - truth_first;
	for (i = 0; i < k.nt; i++) {
		x = floor(k.t[i] - origin);
		if (x >= 0 && x < BASE_SPAN_MAX && (size_t)x + 1 > k.len)
			k.len = (size_t)x + 1;
	}
	if ((k.n = calloc(k.len + 1, sizeof(*k.n))) == NULL)
		goto out;
	for (i = 0; i < k.nt; i++) {
		x = floor(k.t[i] - origin);
		if (x >= 0 && x < (double)k.len)
			k.n[(size_t)x]++;
	}
	/* w[s]: messages in [s, s + 25). */
	nw = k.len;
	if ((w = calloc(nw + 1, sizeof(*w))) == NULL ||
	    (c = calloc(want + 1, sizeof(*c))) == NULL)
		goto out;
	for (s = 0; s < nw; s++)
		for (i = s; i < s + BASE_WINDOW_S && i < k.len; i++)
			w[s] += k.n[i];
	while (nc < want) {
		best = nw;
		for (s = 0; s < nw; s++)
			if (w[s] > 0 && (best == nw || w[s] > w[best]))
				best = s;
		if (best == nw)
			break;
		c[nc].rank = (int)nc + 1;
		c[nc].start = (double)best - BASE_LEAD_S;
		c[nc].end = (double)best + BASE_WINDOW_S;
		c[nc].peak = (double)best + BASE_WINDOW_S / 2.0;
		c[nc].score = (double)w[best];
		nc++;
		for (s = best >= BASE_APART_S ? best - BASE_APART_S + 1 : 0;
		    s < nw && s < best + BASE_APART_S; s++)
			w[s] = 0;
	}
	*out = c;
	c = NULL;
	rc = (long)nc;
out:
	free(c);
	free(w);
	free(k.n);
	free(k.t);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "truth", required_argument, NULL, 't' },
		{ "chat", required_argument, NULL, 'c' },
		{ "top", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *truthpath = NULL, *chatpath = NULL;
	json_object *truth = NULL, *res = NULL, *a, *x, *out, *list, *item;
	struct moment *m = NULL;
	struct distractor *d = NULL;
	struct clip *c = NULL, *bc = NULL;
	struct score sc, bs;
	size_t nm, nd, nc, i, j;
	long top = -1, nb;
	char *end;
	int ch, asjson = 0, verbose = 0, rc = 1;
	double rankd, origin = 0.0, shift = 0.0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 't':
			truthpath = optarg;
			break;
		case 'c':
			chatpath = optarg;
			break;
		case 'n':
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    top < 0 || top > ITEMS_MAX) {
				fprintf(stderr, "evaluate: bad --top: %s\n",
				    optarg);
				return 2;
			}
			break;
		case 'j':
			asjson = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (truthpath == NULL || optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if ((truth = load(truthpath)) == NULL ||
	    (res = load(argv[optind])) == NULL)
		goto done;

	/* Ground truth. */
	if ((a = array(truth, "moments", truthpath)) == NULL)
		goto done;
	nm = json_object_array_length(a);
	if ((m = calloc(nm + 1, sizeof(*m))) == NULL)
		goto nomem;
	for (i = 0; i < nm; i++) {
		x = json_object_array_get_idx(a, i);
		if (num(x, "t", &m[i].t) == -1 ||
		    num(x, "peak", &m[i].peak) == -1) {
			fprintf(stderr, "evaluate: %s: moment %zu without t "
			    "or peak\n", truthpath, i + 1);
			goto done;
		}
		if (num(x, "end", &m[i].end) == -1 || m[i].end < m[i].t)
			m[i].end = m[i].peak;
		str(x, "kind", m[i].kind, sizeof(m[i].kind));
	}
	nd = 0;
	if (json_object_object_get_ex(truth, "distractors", &a)) {
		if ((a = array(truth, "distractors", truthpath)) == NULL)
			goto done;
		nd = json_object_array_length(a);
	}
	if ((d = calloc(nd + 1, sizeof(*d))) == NULL)
		goto nomem;
	for (i = 0; i < nd; i++) {
		x = json_object_array_get_idx(a, i);
		if (num(x, "start", &d[i].start) == -1 ||
		    num(x, "end", &d[i].end) == -1) {
			fprintf(stderr, "evaluate: %s: distractor %zu without "
			    "start or end\n", truthpath, i + 1);
			goto done;
		}
		str(x, "kind", d[i].kind, sizeof(d[i].kind));
	}
	if (top < 0)
		top = (long)nm;

	/* The baseline first, in the truth's own frame. */
	if (num(truth, "first_message", &origin) == -1)
		origin = 0.0;
	if (chatpath != NULL) {
		if ((nb = baseline_clips(chatpath, origin, (size_t)top, &bc)) < 0)
			goto done;
		if (score_clips(bc, (size_t)nb, m, nm, d, nd, &bs) == -1)
			goto nomem;
	}

	/*
	 * Without a VOD start the analysis counts from the first message:
	 * move the truth to that origin.
	 */
	if (num(truth, "first_message", &origin) == 0 &&
	    (!json_object_object_get_ex(res, "vod", &x) ||
	    !json_object_object_get_ex(x, "start_time", &x) ||
	    !json_object_is_type(x, json_type_string))) {
		shift = origin;
		for (i = 0; i < nm; i++) {
			m[i].t -= origin;
			m[i].peak -= origin;
			m[i].end -= origin;
		}
		for (i = 0; i < nd; i++) {
			d[i].start -= origin;
			d[i].end -= origin;
		}
	}

	/* The result's clips, best first. */
	if ((a = array(res, "potential_clips", argv[optind])) == NULL)
		goto done;
	nc = json_object_array_length(a);
	if ((c = calloc(nc + 1, sizeof(*c))) == NULL)
		goto nomem;
	for (i = 0; i < nc; i++) {
		x = json_object_array_get_idx(a, i);
		if (num(x, "rank", &rankd) == -1 ||
		    num(x, "start", &c[i].start) == -1 ||
		    num(x, "end", &c[i].end) == -1 ||
		    num(x, "peak", &c[i].peak) == -1) {
			fprintf(stderr, "evaluate: %s: clip %zu lacks rank, "
			    "start, end or peak\n", argv[optind], i + 1);
			goto done;
		}
		if (num(x, "score", &c[i].score) == -1)
			c[i].score = 0.0;
		c[i].rank = (int)fmin(fmax(rankd, -1e9), 1e9);
		c[i].moment = c[i].distractor = -1;
	}
	qsort(c, nc, sizeof(*c), clip_cmp);
	if ((size_t)top < nc)
		nc = (size_t)top;
	if (score_clips(c, nc, m, nm, d, nd, &sc) == -1)
		goto nomem;

	if (asjson) {
		if ((out = json_object_new_object()) == NULL)
			goto nomem;
		json_object_object_add(out, "clips", json_object_new_int((int)nc));
		json_object_object_add(out, "moments", json_object_new_int((int)nm));
		json_object_object_add(out, "right", json_object_new_int(sc.right));
		json_object_object_add(out, "precision",
		    json_object_new_double(sc.precision));
		json_object_object_add(out, "recall",
		    json_object_new_double(sc.recall));
		json_object_object_add(out, "p10", json_object_new_double(sc.p10));
		json_object_object_add(out, "start_err", isnan(sc.start_err) ?
		    NULL : json_object_new_double(sc.start_err));
		json_object_object_add(out, "end_err", isnan(sc.end_err) ?
		    NULL : json_object_new_double(sc.end_err));
		json_object_object_add(out, "len", isnan(sc.len) ?
		    NULL : json_object_new_double(sc.len));
		json_object_object_add(out, "offset_mean",
		    json_object_new_double(sc.offmean));
		json_object_object_add(out, "offset_max",
		    json_object_new_double(sc.offmax));
		json_object_object_add(out, "distractor_clips",
		    json_object_new_int(sc.ondist));
		if (chatpath != NULL) {
			item = json_object_new_object();
			json_object_object_add(item, "right",
			    json_object_new_int(bs.right));
			json_object_object_add(item, "precision",
			    json_object_new_double(bs.precision));
			json_object_object_add(item, "recall",
			    json_object_new_double(bs.recall));
			json_object_object_add(item, "p10",
			    json_object_new_double(bs.p10));
			json_object_object_add(item, "distractor_clips",
			    json_object_new_int(bs.ondist));
			json_object_object_add(out, "baseline", item);
		}
		list = json_object_new_array();
		for (j = 0; j < nm; j++) {
			if (m[j].matched)
				continue;
			item = json_object_new_object();
			json_object_object_add(item, "t",
			    json_object_new_double(m[j].t + shift));
			json_object_object_add(item, "peak",
			    json_object_new_double(m[j].peak + shift));
			json_object_object_add(item, "kind",
			    json_object_new_string(m[j].kind));
			json_object_array_add(list, item);
		}
		json_object_object_add(out, "missed", list);
		list = json_object_new_array();
		for (i = 0; i < nc; i++) {
			if (c[i].moment >= 0)
				continue;
			item = json_object_new_object();
			json_object_object_add(item, "rank",
			    json_object_new_int(c[i].rank));
			json_object_object_add(item, "start",
			    json_object_new_double(c[i].start));
			json_object_object_add(item, "end",
			    json_object_new_double(c[i].end));
			json_object_object_add(item, "peak",
			    json_object_new_double(c[i].peak));
			json_object_object_add(item, "distractor",
			    c[i].distractor >= 0 ? json_object_new_string(
			    d[c[i].distractor].kind) : NULL);
			json_object_array_add(list, item);
		}
		json_object_object_add(out, "wrong", list);
		puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
		json_object_put(out);
	} else {
		print_score("", &sc);
		if (chatpath != NULL)
			print_score("baseline ", &bs);
	}
	if (verbose) {
		if (shift != 0.0)
			printf("# the result counts from the first message: "
			    "clip times are %.0f s earlier than truth times\n",
			    shift);
		for (j = 0; j < nm; j++)
			if (!m[j].matched)
				printf("# missed %s moment t=%.0f peak=%.1f\n",
				    m[j].kind, m[j].t + shift,
				    m[j].peak + shift);
		for (i = 0; i < nc; i++) {
			if (c[i].moment >= 0)
				continue;
			printf("# wrong clip rank=%d start=%.1f end=%.1f "
			    "peak=%.1f score=%.2f%s%s\n", c[i].rank,
			    c[i].start, c[i].end, c[i].peak, c[i].score,
			    c[i].distractor >= 0 ? " on " : "",
			    c[i].distractor >= 0 ? d[c[i].distractor].kind : "");
		}
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
	goto done;
nomem:
	fprintf(stderr, "evaluate: out of memory\n");
done:
	free(m);
	free(d);
	free(c);
	free(bc);
	json_object_put(truth);
	json_object_put(res);
	return rc;
}
