/* SPDX-License-Identifier: ISC */
/*
 * learned.c: learning from review over the backends: a clip's features as
 * stored text, reviewed clips as labels (per channel), the channels with
 * reviews, and the learned weights of a scope (get, put, list).  The rest
 * of the store API is in store.c.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "engine/engine.h"
#include "store/store.h"
#include "store/backend.h"

int
store_features_text(const double *x, char *buf, size_t size)
{
	struct json_object	*o;
	const char		*s;
	size_t			 i, len;
	int			 rc = -1;

	if ((o = json_object_new_object()) == NULL)
		return -1;
	for (i = 0; i < AC_NFEAT; i++) {
		if (!isfinite(x[i]))
			goto out;
		/* Three decimals: what the report shows, and stable text. */
		json_object_object_add(o, ac_feat_name(i),
		    json_object_new_double(round(x[i] * 1000) / 1000));
	}
	if ((s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) ==
	    NULL || (len = strlen(s)) >= size)
		goto out;
	memcpy(buf, s, len + 1);
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

int
store_features_parse(const char *json, double *x)
{
	struct json_object	*o, *v;
	size_t			 i;
	int			 rc = -1;

	for (i = 0; i < AC_NFEAT; i++)
		x[i] = 0;
	if (json == NULL || (o = json_tokener_parse(json)) == NULL)
		return -1;
	if (!json_object_is_type(o, json_type_object))
		goto out;
	for (i = 0; i < AC_NFEAT; i++) {
		if (!json_object_object_get_ex(o, ac_feat_name(i), &v))
			continue;
		if (!json_object_is_type(v, json_type_double) &&
		    !json_object_is_type(v, json_type_int))
			goto out;
		x[i] = json_object_get_double(v);
		if (!isfinite(x[i]))
			goto out;
	}
	rc = 0;
out:
	json_object_put(o);
	if (rc == -1)
		for (i = 0; i < AC_NFEAT; i++)
			x[i] = 0;
	return rc;
}

struct labels_acc {
	struct ac_label	*v;
	size_t		 n, cap;
};

static int
label_add(void *arg, const struct store_review *r)
{
	struct labels_acc	*a = arg;
	struct ac_label		*l, *nv;
	size_t			 cap;

	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 64;
		if ((nv = realloc(a->v, cap * sizeof(*nv))) == NULL)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	l = &a->v[a->n];
	memset(l, 0, sizeof(*l));
	if (store_features_parse(r->features, l->x) == -1)
		return 0;	/* unreadable: left out */
	l->approved = r->approved != 0;
	l->vod = (uint64_t)r->stream_id;
	if (r->has_proposed && isfinite(r->proposed_start) &&
	    isfinite(r->proposed_end) &&
	    (fabs(r->start - r->proposed_start) > AC_MOVED_EPS_S ||
	    fabs(r->end - r->proposed_end) > AC_MOVED_EPS_S)) {
		l->moved = 1;
		l->start_delta = r->start - r->proposed_start;
		l->end_delta = r->end - r->proposed_end;
	}
	l->start_shift_s = isfinite(r->start_shift_s) ? r->start_shift_s : 0;
	l->end_shift_s = isfinite(r->end_shift_s) ? r->end_shift_s : 0;
	a->n++;
	return 0;
}

/* A scope or channel name: a C string of a VOD text field. */
static int
scope_ok(const char *s)
{
	return s != NULL && memchr(s, '\0', AC_VOD_TEXT_MAX) != NULL;
}

enum ac_err
ac_store_labels(struct ac_store *st, const char *channel, size_t max,
    struct ac_label **out, size_t *n, struct ac_error *err)
{
	struct labels_acc	 a;
	enum ac_err		 rc;

	*out = NULL;
	*n = 0;
	if (max < 1 || max > AC_LEARN_LABELS_MAX ||
	    (channel != NULL && !scope_ok(channel)))
		return AC_ERR_VALUE;
	memset(&a, 0, sizeof(a));
	if ((rc = st->ops->reviews(st, channel, (int)max, label_add, &a,
	    err)) !=
	    AC_OK) {
		free(a.v);
		return rc;
	}
	if (a.n == 0) {
		free(a.v);
		a.v = NULL;
	}
	*out = a.v;
	*n = a.n;
	return AC_OK;
}

struct names_acc {
	char		**v;
	size_t		 n, cap;
};

static int
name_add(void *arg, const char *name)
{
	struct names_acc	*a = arg;
	char			**nv;
	size_t			 cap;

	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 16;
		if ((nv = realloc(a->v, cap * sizeof(*nv))) == NULL)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	if ((a->v[a->n] = strdup(name)) == NULL)
		return -1;
	a->n++;
	return 0;
}

void
ac_store_names_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

enum ac_err
ac_store_label_channels(struct ac_store *st, size_t max, char ***out,
    size_t *n, struct ac_error *err)
{
	struct names_acc	 a;
	enum ac_err		 rc;

	*out = NULL;
	*n = 0;
	if (max < 1 || max > AC_STORE_LIST_MAX)
		return AC_ERR_VALUE;
	memset(&a, 0, sizeof(a));
	if ((rc = st->ops->review_channels(st, (int)max, name_add, &a, err)) !=
	    AC_OK) {
		ac_store_names_free(a.v, a.n);
		return rc;
	}
	*out = a.v;
	*n = a.n;
	return AC_OK;
}

/* The weights column: {"weights": {name: w}, "start_shift_s", "end_shift_s"}. */
static char *
learned_text(const struct ac_learned *l)
{
	struct json_object	*o, *w;
	char			*s;
	size_t			 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	w = json_object_new_object();
	for (i = 0; i < AC_NFEAT; i++)
		json_object_object_add(w, ac_feat_name(i),
		    json_object_new_double(l->w[i]));
	json_object_object_add(o, "weights", w);
	json_object_object_add(o, "start_shift_s",
	    json_object_new_double(l->start_shift_s));
	json_object_object_add(o, "end_shift_s",
	    json_object_new_double(l->end_shift_s));
	s = store_json_dup(o);
	json_object_put(o);
	return s;
}

static int
json_finite(struct json_object *o, const char *key, double *out)
{
	struct json_object	*v;

	*out = 0;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;	/* missing: 0 (a feature added since) */
	if (!json_object_is_type(v, json_type_double) &&
	    !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_double(v);
	return isfinite(*out) ? 0 : -1;
}

/* A stored row as learned weights; -1 when its text is not what we write. */
static int
learned_parse(const char *scope, const char *text, int64_t labels,
    int64_t vods, double updated_at, struct ac_stored_learned *out)
{
	struct json_object	*o, *w;
	size_t			 i;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	ac_learned_init(&out->learned);
	if ((o = json_tokener_parse(text)) == NULL)
		return -1;
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "weights", &w) ||
	    !json_object_is_type(w, json_type_object))
		goto out;
	for (i = 0; i < AC_NFEAT; i++)
		if (json_finite(w, ac_feat_name(i), &out->learned.w[i]) == -1)
			goto out;
	if (json_finite(o, "start_shift_s", &out->learned.start_shift_s) ==
	    -1 || json_finite(o, "end_shift_s",
	    &out->learned.end_shift_s) == -1)
		goto out;
	snprintf(out->learned.scope, sizeof(out->learned.scope), "%s", scope);
	out->learned.labels = labels < 0 ? 0 : labels > UINT32_MAX ?
	    UINT32_MAX : (uint32_t)labels;
	out->learned.vods = vods < 0 ? 0 : vods > UINT32_MAX ?
	    UINT32_MAX : (uint32_t)vods;
	out->learned.on = 1;
	out->updated_at = updated_at;
	rc = 0;
out:
	json_object_put(o);
	if (rc == -1)
		ac_learned_init(&out->learned);
	return rc;
}

enum ac_err
ac_store_learned_get(struct ac_store *st, const char *scope,
    struct ac_stored_learned *out, struct ac_error *err)
{
	char		*text = NULL;
	int64_t		 labels = 0, vods = 0;
	double		 at = 0;
	enum ac_err	 rc;

	memset(out, 0, sizeof(*out));
	ac_learned_init(&out->learned);
	if (!scope_ok(scope))
		return AC_ERR_VALUE;
	if ((rc = st->ops->learned_get(st, scope, &text, &labels, &vods,
	    &at, err)) != AC_OK)
		return rc;
	if (learned_parse(scope, text, labels, vods, at, out) == -1) {
		ac_error_set(err, AC_ERR_DB,
		    "the learned weights of scope \"%.64s\" are "
		    "not readable", scope);
		rc = AC_ERR_DB;
	}
	free(text);
	return rc;
}

enum ac_err
ac_store_learned_put(struct ac_store *st, const struct ac_learned *l,
    struct ac_error *err)
{
	char		*text;
	size_t		 i;
	enum ac_err	 rc;

	if (!scope_ok(l->scope))
		return AC_ERR_VALUE;
	if (!l->on)
		return st->ops->learned_delete(st, l->scope, err);
	for (i = 0; i < AC_NFEAT; i++)
		if (!isfinite(l->w[i]))
			return AC_ERR_VALUE;
	if (!isfinite(l->start_shift_s) || !isfinite(l->end_shift_s))
		return AC_ERR_VALUE;
	if ((text = learned_text(l)) == NULL)
		return AC_ERR_NOMEM;
	rc = st->ops->learned_put(st, l->scope, text, (int64_t)l->labels,
	    (int64_t)l->vods, err);
	free(text);
	return rc;
}

struct learned_acc {
	struct ac_stored_learned *v;
	size_t		 n, cap;
};

static int
learned_add(void *arg, const char *scope, const char *weights,
    int64_t labels, int64_t vods, double updated_at)
{
	struct learned_acc	*a = arg;
	struct ac_stored_learned *nv;
	size_t			 cap;

	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 16;
		if ((nv = realloc(a->v, cap * sizeof(*nv))) == NULL)
			return -1;
		a->v = nv;
		a->cap = cap;
	}
	if (learned_parse(scope, weights, labels, vods, updated_at,
	    &a->v[a->n]) == 0)
		a->n++;		/* an unreadable row is left out */
	return 0;
}

enum ac_err
ac_store_learned_list(struct ac_store *st, struct ac_stored_learned **out,
    size_t *n, struct ac_error *err)
{
	struct learned_acc	 a;
	enum ac_err		 rc;

	*out = NULL;
	*n = 0;
	memset(&a, 0, sizeof(a));
	if ((rc = st->ops->learned_list(st, AC_STORE_LIST_MAX, learned_add,
	    &a, err)) != AC_OK) {
		free(a.v);
		return rc;
	}
	if (a.n == 0) {
		free(a.v);
		a.v = NULL;
	}
	*out = a.v;
	*n = a.n;
	return AC_OK;
}
