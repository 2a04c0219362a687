/* SPDX-License-Identifier: ISC */
/*
 * learn.c: learning from review.  Pure computation (no I/O): the names of
 * the window features, and the fit of their weights from reviewed clips.
 *
 * The model is a logistic regression without intercept,
 * P(approved | x) = sigmoid(w.x), fitted by Newton's method on the
 * penalised log-likelihood
 *
 *   sum_i log-loss_i + LAMBDA/2 |w - w0|^2
 *
 * w0 being the prior's weights (the weights of all channels when a
 * channel is fitted), or 0.  Without intercept, ordinary chat (every
 * feature 0: the window like its baseline) sits at even odds: what looks
 * like approved clips rises above it (w.x > 0), what looks like rejected
 * ones sinks below.  With a free intercept the fit explains "approved
 * and rejected clips are both bursts" by the intercept and may sink
 * approved-looking bursts below ordinary chat, which the labels never
 * showed (measured: bench/learn.sh).  LAMBDA is chosen so that 10-30
 * labels (1-3 reviewed VODs) move the ranking a lot and one label moves
 * the rank key of clips like it by less than a factor e (README
 * "Learning from review, measured").
 *
 * Bound shifts: the median of the moved approved clips' deltas (start and
 * end apart; each plus the shift its proposal already had, so measured
 * from the unshifted bounds), shrunk toward the prior's shift by m / (m + SHIFT_SHRINK)
 * for m moved clips, bounded to +-SHIFT_MAX.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "engine/engine.h"

#define LAMBDA		 5.0	/* pull of w toward the prior's */
#define NEWTON_MAX	 200	/* Newton steps at most */
#define NEWTON_TOL	 1e-10	/* stop when a step is this small */
#define W_MAX		 AC_LEARN_W_MAX
#define SHIFT_SHRINK	 3.0	/* moved clips worth as much as the prior */
#define SHIFT_MAX	 AC_LEARN_SHIFT_MAX
#define NP		 AC_NFEAT

static const char *const feat_names[AC_NFEAT] = {
	"senders", "messages", "laugh", "hype", "learned", "length", "repeat"
};

const char *
ac_feat_name(size_t i)
{
	return i < AC_NFEAT ? feat_names[i] : NULL;
}

void
ac_learned_init(struct ac_learned *l)
{
	if (l != NULL)
		memset(l, 0, sizeof(*l));
}

/* Solve A x = b for symmetric positive definite A (Cholesky); -1 if not. */
static int
solve_spd(double A[NP][NP], const double *b, double *x)
{
	double	 L[NP][NP], y[NP], s;
	int	 i, j, k;

	memset(L, 0, sizeof(L));
	for (i = 0; i < NP; i++)
		for (j = 0; j <= i; j++) {
			s = A[i][j];
			for (k = 0; k < j; k++)
				s -= L[i][k] * L[j][k];
			if (i == j) {
				if (!(s > 0))
					return -1;
				L[i][i] = sqrt(s);
			} else
				L[i][j] = s / L[j][j];
		}
	for (i = 0; i < NP; i++) {
		s = b[i];
		for (k = 0; k < i; k++)
			s -= L[i][k] * y[k];
		y[i] = s / L[i][i];
	}
	for (i = NP - 1; i >= 0; i--) {
		s = y[i];
		for (k = i + 1; k < NP; k++)
			s -= L[k][i] * x[k];
		x[i] = s / L[i][i];
	}
	return 0;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
clampd(double x, double lim)
{
	return x > lim ? lim : x < -lim ? -lim : x;
}

/* Shrunk median of v[0..m) (sorted in place) toward prior. */
static double
shrunk_median(double *v, size_t m, double prior)
{
	double	 med;

	if (m == 0)
		return prior;
	qsort(v, m, sizeof(*v), dbl_cmp);
	med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
	return clampd(prior + (med - prior) * (double)m /
	    ((double)m + SHIFT_SHRINK), SHIFT_MAX);
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The logistic regression: w[0..AC_NFEAT). */
static void
newton(const struct ac_label *lab, size_t n, const double *w0, double *w)
{
	double	 H[NP][NP], g[NP], step[NP], x[NP], z, p, v, norm;
	size_t	 i;
	int	 it, j, k;

	for (j = 0; j < NP; j++)
		w[j] = w0[j];
	for (it = 0; it < NEWTON_MAX; it++) {
		memset(H, 0, sizeof(H));
		for (j = 0; j < NP; j++) {
			g[j] = LAMBDA * (w[j] - w0[j]);
			H[j][j] = LAMBDA;
		}
		for (i = 0; i < n; i++) {
			for (j = 0; j < NP; j++)
				x[j] = lab[i].x[j];
			for (j = 0, z = 0; j < NP; j++)
				z += w[j] * x[j];
			p = 1 / (1 + exp(-z));
			v = p * (1 - p);
			for (j = 0; j < NP; j++) {
				g[j] += (p - (lab[i].approved ? 1 : 0)) * x[j];
				for (k = 0; k <= j; k++)
					H[j][k] += v * x[j] * x[k];
			}
		}
		for (j = 0; j < NP; j++)
			for (k = j + 1; k < NP; k++)
				H[j][k] = H[k][j];
		if (solve_spd(H, g, step) == -1)
			break;
		for (j = 0, norm = 0; j < NP; j++) {
			w[j] -= step[j];
			norm += step[j] * step[j];
		}
		if (norm < NEWTON_TOL)
			break;
	}
	for (j = 0; j < AC_NFEAT; j++)
		w[j] = clampd(w[j], W_MAX);
}

enum ac_err
ac_learn_fit(const struct ac_label *lab, size_t n,
    const struct ac_learned *prior, struct ac_learned *out,
    struct ac_error *err)
{
	double		 w0[AC_NFEAT], w[NP], ps = 0, pe = 0, *sd = NULL, *ed;
	uint64_t	*vods = NULL;
	size_t		 i, m;
	int		 j;

	if (out == NULL || (n > 0 && lab == NULL))
		return ac__error(err, AC_ERR_VALUE, 0, 0, "no labels or output");
	ac_learned_init(out);
	for (i = 0; i < n; i++) {
		for (j = 0; j < AC_NFEAT; j++)
			if (!isfinite(lab[i].x[j]))
				return ac__error(err, AC_ERR_VALUE, 0, i + 1,
				    "label %zu: feature %s is not finite",
				    i + 1, feat_names[j]);
		if (lab[i].moved && (!isfinite(lab[i].start_delta) ||
		    !isfinite(lab[i].end_delta) ||
		    !isfinite(lab[i].start_shift_s) ||
		    !isfinite(lab[i].end_shift_s)))
			return ac__error(err, AC_ERR_VALUE, 0, i + 1,
			    "label %zu: bound delta is not finite", i + 1);
	}
	if (prior != NULL && prior->on) {
		for (j = 0; j < AC_NFEAT; j++) {
			if (!isfinite(prior->w[j]))
				return ac__error(err, AC_ERR_VALUE, 0, 0,
				    "prior weight %s is not finite",
				    feat_names[j]);
			w0[j] = prior->w[j];
		}
		if (!isfinite(prior->start_shift_s) ||
		    !isfinite(prior->end_shift_s))
			return ac__error(err, AC_ERR_VALUE, 0, 0,
			    "prior shift is not finite");
		ps = prior->start_shift_s;
		pe = prior->end_shift_s;
	} else
		for (j = 0; j < AC_NFEAT; j++)
			w0[j] = 0;
	if (n == 0)
		return AC_OK;

	newton(lab, n, w0, w);
	for (j = 0; j < AC_NFEAT; j++)
		out->w[j] = w[j];

	if ((sd = calloc(2 * n, sizeof(*sd))) == NULL ||
	    (vods = calloc(n, sizeof(*vods))) == NULL) {
		free(sd);
		return ac__error(err, AC_ERR_NOMEM, 0, 0, "out of memory");
	}
	ed = sd + n;
	for (i = 0, m = 0; i < n; i++)
		if (lab[i].approved && lab[i].moved) {
			sd[m] = clampd(lab[i].start_delta +
			    lab[i].start_shift_s, 1e6);
			ed[m++] = clampd(lab[i].end_delta +
			    lab[i].end_shift_s, 1e6);
		}
	out->start_shift_s = shrunk_median(sd, m, ps);
	out->end_shift_s = shrunk_median(ed, m, pe);
	for (i = 0; i < n; i++)
		vods[i] = lab[i].vod;
	qsort(vods, n, sizeof(*vods), u64_cmp);
	for (i = 0, m = 0; i < n; i++)
		if (i == 0 || vods[i] != vods[i - 1])
			m++;
	out->labels = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	out->vods = m > UINT32_MAX ? UINT32_MAX : (uint32_t)m;
	out->on = 1;
	free(sd);
	free(vods);
	return AC_OK;
}
