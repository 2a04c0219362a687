/* SPDX-License-Identifier: ISC */
/*
 * learn.c: learning from review: the library's reviewed clips fitted
 * (ac_learn_fit) into weights per channel and for all channels, stored,
 * and loaded for the next analysis.  The one home of the flow the command
 * ("autoclip learn"), the review endpoints (clips.fcgi) and whatever else
 * changes labels (re-analysis, import, deleting a VOD) run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "work/work.h"

/* A store failure (the database's words in err) after what; returns e. */
static enum ac_err
store_fail(enum ac_err e, const char *what, struct ac_error *err)
{
	if (err == NULL)
		return e;
	return ac_error_set(err, e, "%s: %s", what, e == AC_ERR_DB ?
	    err->text : ac_strerror(e));
}

/* Fit scope (channel, or NULL for all) toward prior, store, tell fn. */
static enum ac_err
learn_scope(struct ac_store *st, const char *channel,
    const struct ac_learned *prior, struct ac_learned *out, ac_learn_fn fn,
    void *arg, struct ac_error *err)
{
	struct ac_label	*l = NULL;
	size_t		 n = 0;
	enum ac_err	 e;

	ac_learned_init(out);
	if ((e = ac_store_labels(st, channel, AC_LEARN_LABELS_MAX, &l, &n,
	    err)) != AC_OK)
		return store_fail(e, "reading the reviewed clips", err);
	e = ac_learn_fit(l, n, prior, out, err);
	free(l);
	if (e != AC_OK)
		return e;
	snprintf(out->scope, sizeof(out->scope), "%s",
	    channel != NULL ? channel : "");
	if ((e = ac_store_learned_put(st, out, err)) != AC_OK)
		return store_fail(e, "storing the learned weights", err);
	if (fn != NULL)
		fn(arg, out);
	return AC_OK;
}

/*
 * Stored weights of channels not among names (no reviewed clip left)
 * are fitted on nothing: removed, and told to fn.
 */
static enum ac_err
forget_others(struct ac_store *st, char **names, size_t n, ac_learn_fn fn,
    void *arg, struct ac_error *err)
{
	struct ac_stored_learned *v = NULL;
	struct ac_learned	  none;
	size_t			  nv = 0, i, j;
	enum ac_err		  e;

	if ((e = ac_store_learned_list(st, &v, &nv, err)) != AC_OK)
		return store_fail(e, "listing the learned weights", err);
	for (i = 0; i < nv && e == AC_OK; i++) {
		if (v[i].learned.scope[0] == '\0')
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(names[j], v[i].learned.scope) == 0)
				break;
		if (j == n)
			e = learn_scope(st, v[i].learned.scope, NULL, &none, fn,
			    arg, err);
	}
	free(v);
	return e;
}

enum ac_err
ac_learn(struct ac_store *st, const char *channel, ac_learn_fn fn,
    void *arg, struct ac_error *err)
{
	struct ac_learned	 global, one;
	char			**names = NULL;
	size_t			 n = 0, i;
	enum ac_err		 e;

	memset(err, 0, sizeof(*err));
	if (channel != NULL && memchr(channel, '\0', AC_VOD_TEXT_MAX) == NULL)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the channel name is too long");
	if ((e = learn_scope(st, NULL, NULL, &global, fn, arg, err)) != AC_OK)
		return e;
	if (channel != NULL) {
		if (channel[0] == '\0')
			return AC_OK;
		return learn_scope(st, channel, &global, &one, fn, arg, err);
	}
	if ((e = ac_store_label_channels(st, AC_STORE_LIST_MAX, &names, &n,
	    err)) != AC_OK)
		return store_fail(e, "listing the reviewed channels", err);
	for (i = 0; i < n && e == AC_OK; i++)
		e = learn_scope(st, names[i], &global, &one, fn, arg, err);
	if (e == AC_OK)
		e = forget_others(st, names, n, fn, arg, err);
	ac_store_names_free(names, n);
	return e;
}

void
ac_learn_load(const struct ac_settings *cf, struct ac_store *st,
    const char *channel, struct ac_learned *out)
{
	struct ac_stored_learned	 s;
	struct ac_error			 dberr;
	enum ac_err			 e = AC_ERR_NOTFOUND;

	ac_learned_init(out);
	if (!cf->learn_from_review || st == NULL)
		return;
	if (channel != NULL && channel[0] != '\0')
		e = ac_store_learned_get(st, channel, &s, &dberr);
	if (e == AC_ERR_NOTFOUND)
		e = ac_store_learned_get(st, "", &s, &dberr);
	if (e == AC_OK) {
		*out = s.learned;
		return;
	}
	if (e != AC_ERR_NOTFOUND)
		ac_log("learned weights", "not used: %s", e == AC_ERR_DB ?
		    dberr.text : ac_strerror(e));
}

int
ac_learn_reviewed(struct ac_store *st, int64_t stream_id)
{
	struct ac_stored_clip	*c = NULL;
	size_t			 n = 0, i;
	int			 reviewed = 0;

	if (ac_store_clips(st, stream_id, &c, &n, NULL) != AC_OK)
		return 0;
	for (i = 0; i < n && !reviewed; i++)
		reviewed = c[i].status != AC_CLIP_PENDING;
	free(c);
	return reviewed;
}

void
ac_learn_again(const struct ac_settings *cf, struct ac_store *st,
    const char *channel)
{
	struct ac_error	 err;

	if (cf->learn_from_review && ac_learn(st, channel, NULL, NULL, &err) !=
	    AC_OK)
		ac_log("learned weights", "not fitted again: %s", err.text);
}

void
ac_learn_saved(const struct ac_settings *cf, struct ac_store *st,
    int64_t stream_id, const char *channel)
{
	if (cf->learn_from_review && ac_learn_reviewed(st, stream_id))
		ac_learn_again(cf, st, channel);
}
