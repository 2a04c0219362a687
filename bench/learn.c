/* SPDX-License-Identifier: ISC */
/*
 * learn: the library's learning from review on generated channels
 * (bench/learn.sh drives it).
 *
 *   learn analyze [--weights W.json] [--top N] CHAT
 *	analyse a chat (ac_hype_learned with the weights, if any) and
 *	print the result JSON
 *   learn fit [--prior W.json] [--reject-kind K] TRUTH RESULT ...
 *	play the editor on each analysed VOD (chatgen truth beside the
 *	result): approve a clip of a true moment (what bench/evaluate
 *	counts right: its start in [t - 20 s, the reaction's peak]; best
 *	clip first, the free moment whose peak is closest) and move its
 *	bounds to the moment's [t, highlight end], reject every other clip,
 *	and with --reject-kind reject the clips of moments of kind K too;
 *	fit (ac_learn_fit) and print the weights as config.learned_weights
 *   learn ranks --kind K [--top N] TRUTH RESULT
 *	the ranks of the clips that show the moments of kind K (a moment
 *	without one counts top + 1): "kind=K moments=N shown=M mean_rank=X"
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"

#define INPUT_MAX	 (256L * 1024 * 1024)	/* bytes of one JSON file */
#define ITEMS_MAX	 100000
#define EARLY_S		 20.0	/* a clip of a moment starts from t - 20 s ... */
#define MOVE_EPS	 1.0	/* bounds this close are not moved */

struct moment {
	double	 t, peak, end;
	char	 kind[32];
	int	 taken;
};

struct clip {
	int	 rank;
	double	 start, end, peak;
	double	 x[AC_NFEAT];
	int	 moment;	/* index, -1: none */
};

static void
usage(void)
{
	fputs("usage: learn analyze [--weights W.json] [--top N] CHAT\n"
	    "       learn fit [--prior W.json] [--reject-kind K] TRUTH RESULT ...\n"
	    "       learn ranks --kind K [--top N] TRUTH RESULT\n", stderr);
	exit(2);
}

static json_object *
load(const char *path)
{
	FILE		*f;
	char		*buf = NULL, *nb;
	size_t		 len = 0, cap = 0, n;
	json_object	*o;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "learn: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > (size_t)INPUT_MAX ||
			    (nb = realloc(buf, cap + 1)) == NULL) {
				fprintf(stderr, "learn: %s: too large\n", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	fclose(f);
	buf[len] = '\0';
	o = json_tokener_parse(buf);
	free(buf);
	if (o == NULL)
		fprintf(stderr, "learn: %s: not JSON\n", path);
	return o;
}

static double
num(json_object *o, const char *key, double dflt)
{
	json_object	*x;

	if (o == NULL || !json_object_object_get_ex(o, key, &x) ||
	    (!json_object_is_type(x, json_type_double) &&
	    !json_object_is_type(x, json_type_int)))
		return dflt;
	return json_object_get_double(x);
}

/* Weights from a learned_weights object (as the report writes it). */
static int
weights_from(json_object *o, struct ac_learned *l)
{
	json_object	*w, *x;
	size_t		 i;

	ac_learned_init(l);
	if (o == NULL || json_object_is_type(o, json_type_null))
		return 0;
	if (!json_object_object_get_ex(o, "weights", &w))
		return -1;
	for (i = 0; i < AC_NFEAT; i++)
		l->w[i] = num(w, ac_feat_name(i), 0);
	l->start_shift_s = num(o, "start_shift_s", 0);
	l->end_shift_s = num(o, "end_shift_s", 0);
	l->labels = (uint32_t)num(o, "labels", 0);
	l->vods = (uint32_t)num(o, "vods", 0);
	if (json_object_object_get_ex(o, "scope", &x))
		snprintf(l->scope, sizeof(l->scope), "%s",
		    json_object_get_string(x));
	l->on = 1;
	return 0;
}

static int
weights_load(const char *path, struct ac_learned *l)
{
	json_object	*o;
	int		 rc;

	if ((o = load(path)) == NULL)
		return -1;
	rc = weights_from(o, l);
	json_object_put(o);
	if (rc == -1)
		fprintf(stderr, "learn: %s: no weights\n", path);
	return rc;
}

static json_object *
weights_json(const struct ac_learned *l)
{
	json_object	*o = json_object_new_object(), *w;
	size_t		 i;

	json_object_object_add(o, "scope", json_object_new_string(l->scope));
	json_object_object_add(o, "labels", json_object_new_int64(l->labels));
	json_object_object_add(o, "vods", json_object_new_int64(l->vods));
	w = json_object_new_object();
	for (i = 0; i < AC_NFEAT; i++)
		json_object_object_add(w, ac_feat_name(i),
		    json_object_new_double(l->w[i]));
	json_object_object_add(o, "weights", w);
	json_object_object_add(o, "start_shift_s",
	    json_object_new_double(l->start_shift_s));
	json_object_object_add(o, "end_shift_s",
	    json_object_new_double(l->end_shift_s));
	return o;
}

static int
cmd_analyze(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "weights", required_argument, NULL, 'w' },
		{ "top", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct ac_learned	 l;
	struct ac_hype		*h;
	struct ac_vod		 vod;
	struct ac_result	 res;
	struct ac_error		 err;
	char			*s, *end;
	long			 top = 10;
	int			 c;

	ac_learned_init(&l);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (c) {
		case 'w':
			if (weights_load(optarg, &l) == -1)
				return 1;
			break;
		case 't':
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (errno || *end != '\0' || top < 1 || top > 1000)
				usage();
			break;
		default:
			usage();
		}
	if (optind + 1 != argc)
		usage();
	if ((h = ac_hype_new(NULL)) == NULL)
		return 1;
	ac_hype_learned(h, &l);
	ac_vod_init(&vod);
	if (ac_chat_read_path(argv[optind], ac_hype_add, h, &vod, NULL,
	    &err) != AC_OK) {
		fprintf(stderr, "learn: %s: %s\n", argv[optind], err.text);
		ac_hype_free(h);
		return 1;
	}
	if (ac_hype_finish(h, &vod, (int)top, &res) != AC_OK) {
		fprintf(stderr, "learn: %s: analysis failed\n", argv[optind]);
		ac_hype_free(h);
		return 1;
	}
	ac_hype_free(h);
	if ((s = ac_result_json(&res, 0)) == NULL)
		return 1;
	puts(s);
	free(s);
	ac_result_free(&res);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
moments_load(const char *path, struct moment **out, size_t *n)
{
	json_object	*o, *a, *x, *k;
	size_t		 i;

	*out = NULL;
	*n = 0;
	if ((o = load(path)) == NULL)
		return -1;
	if (!json_object_object_get_ex(o, "moments", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    json_object_array_length(a) > ITEMS_MAX) {
		fprintf(stderr, "learn: %s: no moments\n", path);
		json_object_put(o);
		return -1;
	}
	*n = json_object_array_length(a);
	if ((*out = calloc(*n + 1, sizeof(**out))) == NULL) {
		json_object_put(o);
		return -1;
	}
	for (i = 0; i < *n; i++) {
		x = json_object_array_get_idx(a, i);
		(*out)[i].t = num(x, "t", 0);
		(*out)[i].peak = num(x, "peak", 0);
		(*out)[i].end = num(x, "end", num(x, "peak", 0));
		if (json_object_object_get_ex(x, "kind", &k))
			snprintf((*out)[i].kind, sizeof((*out)[i].kind), "%s",
			    json_object_get_string(k));
	}
	json_object_put(o);
	return 0;
}

static int
clip_cmp(const void *a, const void *b)
{
	const struct clip *x = a, *y = b;

	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Clips of a result, best first, and its learned_weights (or off). */
static int
clips_load(const char *path, struct clip **out, size_t *n,
    struct ac_learned *used)
{
	json_object	*o, *a, *x, *f, *cfg, *lw;
	size_t		 i, j;

	*out = NULL;
	*n = 0;
	if ((o = load(path)) == NULL)
		return -1;
	if (!json_object_object_get_ex(o, "potential_clips", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    json_object_array_length(a) > ITEMS_MAX) {
		fprintf(stderr, "learn: %s: no potential_clips\n", path);
		json_object_put(o);
		return -1;
	}
	ac_learned_init(used);
	if (json_object_object_get_ex(o, "config", &cfg) &&
	    json_object_object_get_ex(cfg, "learned_weights", &lw))
		weights_from(lw, used);
	*n = json_object_array_length(a);
	if ((*out = calloc(*n + 1, sizeof(**out))) == NULL) {
		json_object_put(o);
		return -1;
	}
	for (i = 0; i < *n; i++) {
		x = json_object_array_get_idx(a, i);
		(*out)[i].rank = (int)num(x, "rank", 0);
		(*out)[i].start = num(x, "start", 0);
		(*out)[i].end = num(x, "end", 0);
		(*out)[i].peak = num(x, "peak", 0);
		(*out)[i].moment = -1;
		if (!json_object_object_get_ex(x, "features", &f)) {
			fprintf(stderr, "learn: %s: clip %zu has no features\n",
			    path, i + 1);
			json_object_put(o);
			free(*out);
			return -1;
		}
		for (j = 0; j < AC_NFEAT; j++)
			(*out)[i].x[j] = num(f, ac_feat_name(j), 0);
	}
	json_object_put(o);
	qsort(*out, *n, sizeof(**out), clip_cmp);
	return 0;
}

/*
 * bench/evaluate's rule: best clip first, each takes the free moment it
 * fits (start in [t - EARLY_S, reaction peak]) whose peak is closest.
 */
static void
match(struct clip *c, size_t nc, struct moment *m, size_t nm)
{
	size_t	 i, j;
	int	 best;

	for (j = 0; j < nm; j++)
		m[j].taken = 0;
	for (i = 0; i < nc; i++) {
		best = -1;
		for (j = 0; j < nm; j++) {
			if (m[j].taken || c[i].start < m[j].t - EARLY_S ||
			    c[i].start > m[j].peak)
				continue;
			if (best < 0 || fabs(c[i].peak - m[j].peak) <
			    fabs(c[i].peak - m[best].peak))
				best = (int)j;
		}
		c[i].moment = best;
		if (best >= 0)
			m[best].taken = 1;
	}
}

static int
cmd_fit(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "prior", required_argument, NULL, 'p' },
		{ "reject-kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct ac_learned	 prior, out, used;
	struct ac_label		*lab = NULL, *nl;
	struct ac_error		 err;
	struct moment		*m;
	struct clip		*c;
	const char		*reject = NULL;
	size_t			 nm, nc, i, n = 0, napp = 0, nmoved = 0;
	json_object		*o;
	int			 ch, k, haveprior = 0;

	ac_learned_init(&prior);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'p':
			if (weights_load(optarg, &prior) == -1)
				return 1;
			haveprior = 1;
			break;
		case 'k':
			reject = optarg;
			break;
		default:
			usage();
		}
	if (optind >= argc || (argc - optind) % 2 != 0)
		usage();
	for (k = optind; k < argc; k += 2) {
		if (moments_load(argv[k], &m, &nm) == -1 ||
		    clips_load(argv[k + 1], &c, &nc, &used) == -1)
			return 1;
		match(c, nc, m, nm);
		if ((nl = realloc(lab, (n + nc + 1) * sizeof(*lab))) == NULL)
			return 1;
		lab = nl;
		for (i = 0; i < nc; i++) {
			struct ac_label *l = &lab[n++];
			const struct moment *mm = c[i].moment >= 0 ?
			    &m[c[i].moment] : NULL;

			memset(l, 0, sizeof(*l));
			memcpy(l->x, c[i].x, sizeof(l->x));
			l->vod = (uint64_t)k;
			l->start_shift_s = used.on ? used.start_shift_s : 0;
			l->end_shift_s = used.on ? used.end_shift_s : 0;
			l->approved = mm != NULL && (reject == NULL ||
			    strcmp(mm->kind, reject) != 0);
			if (!l->approved)
				continue;
			napp++;
			l->start_delta = mm->t - c[i].start;
			l->end_delta = mm->end - c[i].end;
			l->moved = fabs(l->start_delta) > MOVE_EPS ||
			    fabs(l->end_delta) > MOVE_EPS;
			if (l->moved)
				nmoved++;
		}
		free(m);
		free(c);
	}
	if (ac_learn_fit(lab, n, haveprior ? &prior : NULL, &out, &err) !=
	    AC_OK) {
		fprintf(stderr, "learn: fit: %s\n", err.text);
		return 1;
	}
	fprintf(stderr, "learn: %zu labels (%zu approved, %zu moved) from %d "
	    "VODs\n", n, napp, nmoved, (argc - optind) / 2);
	o = weights_json(&out);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	free(lab);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
cmd_ranks(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "top", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct ac_learned	 used;
	struct moment		*m;
	struct clip		*c;
	const char		*kind = NULL;
	char			*end;
	size_t			 nm, nc, i, j, nk = 0, shown = 0;
	double			 sum = 0;
	long			 top = 20;
	int			 ch, r;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'k':
			kind = optarg;
			break;
		case 't':
			errno = 0;
			top = strtol(optarg, &end, 10);
			if (errno || *end != '\0' || top < 1 || top > 1000)
				usage();
			break;
		default:
			usage();
		}
	if (kind == NULL || optind + 2 != argc)
		usage();
	if (moments_load(argv[optind], &m, &nm) == -1 ||
	    clips_load(argv[optind + 1], &c, &nc, &used) == -1)
		return 1;
	if (nc > (size_t)top)
		nc = (size_t)top;
	match(c, nc, m, nm);
	for (j = 0; j < nm; j++) {
		if (strcmp(m[j].kind, kind) != 0)
			continue;
		nk++;
		r = (int)top + 1;
		for (i = 0; i < nc; i++)
			if (c[i].moment == (int)j) {
				r = c[i].rank;
				shown++;
				break;
			}
		sum += r;
	}
	printf("kind=%s moments=%zu shown=%zu mean_rank=%.2f\n", kind, nk,
	    shown, nk > 0 ? sum / (double)nk : 0.0);
	free(m);
	free(c);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "analyze") == 0)
		return cmd_analyze(argc - 1, argv + 1);
	if (strcmp(argv[1], "fit") == 0)
		return cmd_fit(argc - 1, argv + 1);
	if (strcmp(argv[1], "ranks") == 0)
		return cmd_ranks(argc - 1, argv + 1);
	usage();
	return 2;
}
