/* SPDX-License-Identifier: ISC */
/* streams.c: streams.fcgi, the stored VODs: list, show, check, re-analyse, delete. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "engine/engine.h"
#include "store/store.h"
#include "web/web.h"
#include "work/work.h"
#include "api.h"
#include "pages.h"

#define LIST_LIMIT_MAX		 100	/* streams on one page */
#define LIST_LIMIT_DEFAULT	 20
#define LIST_OFFSET_MAX		 1000000000
#define PENDING_LIMIT_DEFAULT	 100
#define REANALYZE_BODY_MAX	 16384	/* bytes of a config override body */
#define OVERRIDE_DETAIL_MAX	 1024	/* bytes of a 422's detail */
#define OVERRIDE_KEY_SHOWN	 64	/* bytes of a bad key quoted back */

enum list_key { LIST_LIMIT, LIST_OFFSET, LIST_Q, LIST_SORT, LIST__MAX };

/* Index = enum ac_stream_sort. */
static const char *const sorts[] = { "newest", "oldest", "clips", NULL };

static const struct ac_key list_keys[LIST__MAX] = {
	{ "limit", AC_KIND_INT, 1, LIST_LIMIT_MAX, NULL },	/* LIST_LIMIT */
	{ "offset", AC_KIND_INT, 0, LIST_OFFSET_MAX, NULL },	/* LIST_OFFSET */
	{ "q", AC_KIND_STRING, 0, AC_SEARCH_TEXT_MAX, NULL },	/* LIST_Q */
	{ "sort", AC_KIND_ENUM, 0, 0, sorts },			/* LIST_SORT */
};

static const struct ac_key pending_keys[] = {
	{ "limit", AC_KIND_INT, 1, LIST_LIMIT_MAX, NULL },
};

enum { REANALYZE_DRY_RUN, REANALYZE__MAX };
static const struct ac_key reanalyze_keys[REANALYZE__MAX] = {
	{ "dry_run", AC_KIND_BOOL, 0, 0, NULL },
};

/* The pending streams with their active download (caller puts). */
static struct json_object *
pending_json(struct ac_store *st, const struct ac_stream *v, size_t n)
{
	struct json_object	*arr, *o, *job;
	struct ac_job		 j;
	char			*js;
	size_t			 i;

	/* A few rows: one look-up each. */
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = api_stream_json(&v[i]);
		job = NULL;
		if (ac_store_job_active(st, "download", v[i].id, &j, NULL) ==
		    AC_OK &&
		    ac_job_status_json(st, j.id, &js, NULL) == AC_OK) {
			job = json_tokener_parse(js);
			free(js);
		}
		json_object_object_add(o, "job", job);
		json_object_array_add(arr, o);
	}
	return arr;
}

/*
 * GET /api/streams?limit&offset&q&sort: a page of streams, each with
 * clips_count and approved_count; q searches title and channel; sort is
 * newest (default), oldest or clips.  X-Total-Count: how many match.
 * A browser gets the library page.
 */
static void
h_list(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	*v = NULL, *pv = NULL;
	struct ac_stream_query	 q;
	struct library_view	 lv;
	struct json_object	*arr, *o;
	char			 total[32];
	size_t			 i, n = 0, pn = 0;
	int64_t			 count = 0;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	memset(&q, 0, sizeof(q));
	q.limit = req->query[LIST_LIMIT].present ?
	    (int)req->query[LIST_LIMIT].i : LIST_LIMIT_DEFAULT;
	q.offset = req->query[LIST_OFFSET].present ?
	    (int)req->query[LIST_OFFSET].i : 0;
	q.text = req->query[LIST_Q].present ? req->query[LIST_Q].s : "";
	q.sort = req->query[LIST_SORT].present ?
	    (enum ac_stream_sort)req->query[LIST_SORT].i : AC_SORT_NEWEST;
	if ((e = ac_store_stream_search(st, &q, &v, &n, &count, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no streams");
		return;
	}
	ac_reply_header(req, "Vary", "Accept");
	snprintf(total, sizeof(total), "%lld", (long long)count);
	ac_reply_header(req, "X-Total-Count", total);
	if (ac_req_wants_html(req)) {
		memset(&lv, 0, sizeof(lv));
		lv.v = v;
		lv.n = n;
		lv.total = count;
		lv.text = q.text;
		lv.sort = sorts[q.sort];
		lv.limit = q.limit;
		lv.offset = q.offset;
		if (ac_store_stream_pending(st, PENDING_LIMIT_DEFAULT, &pv,
		    &pn, &dberr) == AC_OK)
			lv.pending = pending_json(st, pv, pn);
		page_library(req, &a->set, &lv);
		json_object_put(lv.pending);
		free(pv);
		free(v);
		return;
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = api_stream_json(&v[i]);
		json_object_object_add(o, "approved_count",
		    json_object_new_int64(v[i].approved_count));
		json_object_array_add(arr, o);
	}
	ac_reply_json(req, 200, arr);
	json_object_put(arr);
	free(v);
}

/*
 * GET /api/streams/pending: streams queued, running or failed, each with
 * "job": its active download's status (progress, messages, ETA), or null.
 */
static void
h_pending(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	*v = NULL;
	struct json_object	*arr;
	size_t			 n = 0;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	e = ac_store_stream_pending(st, req->query[0].present ?
	    (int)req->query[0].i : PENDING_LIMIT_DEFAULT, &v, &n, &dberr);
	if (e != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no streams");
		return;
	}
	arr = pending_json(st, v, n);
	ac_reply_json(req, 200, arr);
	json_object_put(arr);
	free(v);
}

/*
 * The stored analysis of a stream as a json-c object in *out, NULL when
 * it has none yet.  0, or -1 after answering the error.
 */
static int
analysis_object(struct ac_req *req, struct api *a, int64_t id,
    struct json_object **out)
{
	struct ac_error	 dberr = { 0 };
	enum ac_err	 e;

	if ((e = ac_store_analysis(a->st, id, 0, out, &dberr)) ==
	    AC_ERR_NOTFOUND)
		return 0;
	if (e != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such stream");
		return -1;
	}
	return 0;
}

/* {"stream": ..., "analysis": ...} with cached added when asked (>= 0). */
static void
reply_detail(struct ac_req *req, struct api *a, const struct ac_stream *s,
    int cached)
{
	struct json_object	*o, *an;

	if (analysis_object(req, a, s->id, &an) == -1)
		return;
	o = json_object_new_object();
	if (cached >= 0)
		json_object_object_add(o, "cached",
		    json_object_new_boolean(1));
	json_object_object_add(o, "stream", api_stream_json(s));
	json_object_object_add(o, "analysis", an);
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

typedef void (*view_fn)(struct ac_req *, struct api *,
    const struct ac_stream *, const struct ac_stored_clip *, size_t,
    struct json_object *);

static void
page_stream_view(struct ac_req *req, struct api *a, const struct ac_stream *s,
    const struct ac_stored_clip *c, size_t n, struct json_object *an)
{
	page_stream(req, &a->set, s, c, n, an);
}

static void
svg_view(struct ac_req *req, struct api *a, const struct ac_stream *s,
    const struct ac_stored_clip *c, size_t n, struct json_object *an)
{
	(void)a;
	reply_hype_svg(req, s, c, n, an);
}

/* Load a stream's clips and analysis and hand them to a view. */
static void
stream_view(struct ac_req *req, struct api *a, const struct ac_stream *s,
    view_fn fn)
{
	struct ac_error	 dberr = { 0 };
	struct ac_stored_clip	*c = NULL;
	struct json_object	*an = NULL;
	size_t			 n = 0;
	enum ac_err		 e;

	if ((e = ac_store_clips(a->st, s->id, &c, &n, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such stream");
		return;
	}
	if (analysis_object(req, a, s->id, &an) == -1) {
		free(c);
		return;
	}
	fn(req, a, s, c, n, an);
	json_object_put(an);
	free(c);
}

/* GET /api/streams/{id}: the stream and its analysis (null before one). */
static void
h_get(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_stream_get(st, req->cap[0].i, &s, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such stream");
		return;
	}
	ac_reply_header(req, "Vary", "Accept");
	if (ac_req_wants_html(req)) {
		stream_view(req, a, &s, page_stream_view);
		return;
	}
	reply_detail(req, a, &s, -1);
}

/* GET /api/streams/{vod}/hype.svg: the hype chart with the clips. */
static void
h_svg(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_stream_get_vod(st, req->cap[0].s, &s, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such VOD");
		return;
	}
	stream_view(req, a, &s, svg_view);
}

/*
 * GET /api/streams/params: every analysis parameter with its name,
 * default, the server's value and its meaning (for the re-analysis form).
 */
static void
h_params(struct ac_req *req, void *ctx)
{
	struct api		*a = ctx;
	struct ac_hype_config	 dflt;
	struct json_object	*arr, *o;
	size_t			 i, n = ac_hype_config_count();

	if (a->bad) {
		(void)api_store(req, a);
		return;
	}
	ac_hype_config_default(&dflt);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string(ac_hype_config_name(i)));
		json_object_object_add(o, "default",
		    json_object_new_double(ac_hype_config_get(&dflt, i)));
		json_object_object_add(o, "value",
		    json_object_new_double(ac_hype_config_get(&a->set.hype, i)));
		json_object_object_add(o, "help",
		    json_object_new_string(ac_hype_config_help(i)));
		json_object_array_add(arr, o);
	}
	ac_reply_json(req, 200, arr);
	json_object_put(arr);
}


/*
 * GET /api/streams/check/{vod}: {"cached": true, "stream", "analysis"}
 * when the VOD is stored and analysed, else {"cached": false}.
 */
static void
h_check(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	struct json_object	*o;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	e = ac_store_stream_get_vod(st, req->cap[0].s, &s, &dberr);
	if (e == AC_OK && s.status == AC_STREAM_ANALYZED) {
		reply_detail(req, a, &s, 1);
		return;
	}
	if (e != AC_OK && e != AC_ERR_NOTFOUND) {
		api_store_error(req, e, &dberr, __func__, "no such VOD");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "cached", json_object_new_boolean(0));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

/* Append ", key (why)" to a bounded detail text. */
static void
detail_add(char *buf, size_t size, const char *key, const char *why)
{
	size_t	 len = strlen(buf);

	if (len >= size - 1)
		return;
	snprintf(buf + len, size - len, "%s%.*s (%s)", len > 0 ? ", " : "",
	    OVERRIDE_KEY_SHOWN, key, why);
}

/*
 * Apply a JSON object of overrides ({"window_s": 12, ...}) to cfg.
 * Numbers (and booleans as 1/0) only; every bad key is named in detail.
 * Returns 0, or -1 when any key was refused.
 */
static int
apply_overrides(struct json_object *body, struct ac_hype_config *cfg,
    char *detail, size_t size)
{
	char		 val[64];
	struct ac_error	 ebuf;
	int		 bad = 0;

	detail[0] = '\0';
	json_object_object_foreach(body, key, v) {
		switch (json_object_get_type(v)) {
		case json_type_int:
			snprintf(val, sizeof(val), "%" PRId64,
			    json_object_get_int64(v));
			break;
		case json_type_double:
			snprintf(val, sizeof(val), "%.17g",
			    json_object_get_double(v));
			break;
		case json_type_boolean:
			snprintf(val, sizeof(val), "%d",
			    json_object_get_boolean(v) ? 1 : 0);
			break;
		default:
			detail_add(detail, size, key, "not a number");
			bad = 1;
			continue;
		}
		if (ac_hype_config_set(cfg, key, val, &ebuf) !=
		    AC_OK) {
			detail_add(detail, size, key, ebuf.text);
			bad = 1;
		}
	}
	if (!bad && ac_hype_config_check(cfg, &ebuf) != AC_OK) {
		detail_add(detail, size, "config", ebuf.text);
		bad = 1;
	}
	return bad ? -1 : 0;
}
/*
 * Stored learned weights in the form of an analysis' config.learned_weights
 * (ac__learned_json, the report's), with updated_at; NULL when out of memory.
 */
static struct json_object *
learned_json(const struct ac_stored_learned *l)
{
	struct ac_learned	 on = l->learned;
	struct json_object	*o;

	on.on = 1;
	if ((o = ac__learned_json(&on)) != NULL)
		json_object_object_add(o, "updated_at",
		    api_time_json(l->updated_at, 0));
	return o;
}

/*
 * GET /api/streams/learned: what review taught, per scope (the weights of
 * all channels, scope "", first; then each channel's by name), as an
 * analysis' config.learned_weights shows them, with updated_at.
 */
static void
h_learned(struct ac_req *req, void *ctx)
{
	struct api		 *a = ctx;
	struct ac_store		 *st;
	struct ac_stored_learned *v = NULL;
	struct json_object	 *arr, *o;
	struct ac_error		  dberr;
	size_t			  i, n = 0;
	enum ac_err		  e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_learned_list(st, &v, &n, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "");
		return;
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((o = learned_json(&v[i])) == NULL) {
			json_object_put(arr);
			free(v);
			ac_reply_fail(req, "internal_error", "out of memory");
			return;
		}
		json_object_array_add(arr, o);
	}
	ac_reply_json(req, 200, arr);
	json_object_put(arr);
	free(v);
}

/*
 * The re-analysis form of the pages without script: one field per
 * parameter (empty: unchanged) and token.  0 with cfg changed, or -1
 * after answering (400/403/422).
 */
static int
form_overrides(struct ac_req *req, struct ac_hype_config *cfg)
{
	struct ac_key	 keys[AC_MAX_QUERY_KEYS];
	struct ac_value	 v[AC_MAX_QUERY_KEYS];
	char		 detail[OVERRIDE_DETAIL_MAX];
	struct ac_error	 ebuf;
	size_t		 i, n = ac_hype_config_count();
	int		 rc = -1, bad = 0;

	if (n + 1 > AC_MAX_QUERY_KEYS) {
		ac_reply_fail(req, "internal_error", "too many parameters");
		return -1;
	}
	memset(keys, 0, sizeof(keys));
	memset(v, 0, sizeof(v));
	for (i = 0; i < n; i++) {
		keys[i].name = ac_hype_config_name(i);
		keys[i].kind = AC_KIND_STRING;
		keys[i].max = 32;
	}
	/* Checked by the dispatcher (AC_ROUTE_FORM). */
	keys[n].name = "token";
	keys[n].kind = AC_KIND_STRING;
	keys[n].max = AC_FORM_TOKEN_MAX;
	if (ac_req_form(req, keys, n + 1, v) == -1)
		goto out;
	detail[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!v[i].present || v[i].s[0] == '\0')
			continue;
		if (ac_hype_config_set(cfg, keys[i].name, v[i].s, &ebuf) !=
		    AC_OK) {
			detail_add(detail, sizeof(detail), keys[i].name,
			    ebuf.text);
			bad = 1;
		}
	}
	if (!bad && ac_hype_config_check(cfg, &ebuf) != AC_OK) {
		detail_add(detail, sizeof(detail), "config", ebuf.text);
		bad = 1;
	}
	if (bad) {
		ac_reply_fail(req, "invalid_config", detail);
		goto out;
	}
	rc = 0;
out:
	ac_values_clear(v, n + 1);
	return rc;
}

/*
 * POST /api/streams/reanalyze/{vod}: analyse the VOD's chat again (from
 * its feature file when current, else its archive) with the settings'
 * parameters and the body's overrides, save, answer the new analysis
 * with stream_id.  ?dry_run=1 answers the analysis (with "dry_run": true)
 * without storing it.  404 unknown VOD; 409 when its archive is missing
 * or a download job is active on it; 422 for bad overrides.
 */
static void
h_reanalyze(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	struct ac_hype_config	 cfg;
	struct ac_error		 err;
	struct ac_result	 result;
	struct json_object	*body = NULL, *an = NULL;
	char			 detail[OVERRIDE_DETAIL_MAX], loc[64];
	int			 form, dry;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	dry = req->query[REANALYZE_DRY_RUN].present &&
	    req->query[REANALYZE_DRY_RUN].i;
	cfg = a->set.hype;
	form = ac_req_is_type(req, "application/x-www-form-urlencoded");
	if (form) {
		if (form_overrides(req, &cfg) == -1)
			goto out;
	} else {
		if (ac_req_json(req, &body) == -1)
			return;
		if (body != NULL && apply_overrides(body, &cfg, detail,
		    sizeof(detail)) == -1) {
			ac_reply_fail(req, "invalid_config", detail);
			goto out;
		}
	}
	if ((st = api_store(req, a)) == NULL)
		goto out;
	if ((e = ac_store_stream_get_vod(st, req->cap[0].s, &s, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such VOD");
		goto out;
	}
	switch ((e = (dry ? ac_reanalyze_dry : ac_reanalyze)(&a->set, st, &s,
	    &cfg, &result, NULL, &err))) {
	case AC_OK:
		break;
	case AC_ERR_BUSY:
		ac_reply_fail(req, "job_running", err.text);
		goto out;
	case AC_ERR_NOTFOUND:
		/* The archive is missing, or the stream went meanwhile. */
		if (ac_store_stream_get(st, s.id, &s, &dberr) ==
		    AC_ERR_NOTFOUND)
			ac_reply_fail(req, "not_found", "the VOD was deleted");
		else
			ac_reply_fail(req, "archive_missing", err.text);
		goto out;
	case AC_ERR_DB:
	case AC_ERR_SCHEMA:
		api_store_error(req, e, &err, __func__, "");
		goto out;
	case AC_ERR_NOMEM:
		ac_reply_fail(req, "internal_error", "out of memory");
		goto out;
	default:
		ac_req_log(req, __func__, "%s: %s", s.vod_id,
		    err.text[0] != '\0' ? err.text : ac_strerror(e));
		ac_reply_fail(req, "archive_unreadable",
		    "the VOD's chat archive cannot be read");
		goto out;
	}
	if (dry) {
		/* the analysis as it would be, nothing stored */
		char	*text;

		if ((text = ac_result_json(&result, 0)) == NULL ||
		    (an = json_tokener_parse(text)) == NULL) {
			free(text);
			ac_reply_fail(req, "internal_error", "out of memory");
			goto out;
		}
		free(text);
		json_object_object_add(an, "stream_id",
		    json_object_new_int64(s.id));
		json_object_object_add(an, "dry_run",
		    json_object_new_boolean(1));
		ac_reply_json(req, 200, an);
		goto out;
	}
	if (form) {
		snprintf(loc, sizeof(loc), "/api/streams/%lld", (long long)s.id);
		ac_reply_see_other(req, loc);
		goto out;
	}
	if ((e = ac_store_analysis(st, s.id, 1, &an, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__,
		    "the VOD was deleted");
		goto out;
	}
	ac_reply_json(req, 200, an);
out:
	json_object_put(an);
	json_object_put(body);
	ac_result_free(&result);
}

/*
 * Delete stream id: its row with clips and jobs, then (when it had
 * reviewed clips) the learned weights fitted again, then its chat
 * archive.  Returns 0, or -1 once it has answered (404, 5xx).
 */
static int
delete_stream(struct ac_req *req, struct api *a, int64_t id)
{
	struct ac_error	 dberr = { 0 };
	struct ac_store		*st;
	struct ac_stream	 s;
	int			 reviewed = 0;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return -1;
	if ((e = ac_store_stream_get(st, id, &s, &dberr)) == AC_OK)
		reviewed = ac_learn_reviewed(st, s.id);
	if (e != AC_OK || (e = ac_store_stream_delete(st, s.id, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such stream");
		return -1;
	}
	/* Its reviewed clips were labels. */
	if (reviewed)
		ac_learn_again(&a->set, st, s.channel);
	/* The row is gone: a failure here only leaves a file behind. */
	e = ac_archive_delete(&a->set, st, s.vod_id, &dberr);
	if (e != AC_OK && e != AC_ERR_NOTFOUND)
		ac_req_log(req, __func__, "%s: chat archive not deleted: %s",
		    s.vod_id, ac_strerror(e));
	return 0;
}

/*
 * DELETE /api/streams/{id}: the stream, its clips, jobs and chat archive;
 * the learned weights are fitted again when it had reviewed clips.
 */
static void
h_delete(struct ac_req *req, void *ctx)
{
	if (delete_stream(req, ctx, req->cap[0].i) == 0)
		ac_reply(req, 204, NULL, NULL, 0);
}

enum { DEL_CONFIRM, DEL_TOKEN, DEL__MAX };

static const struct ac_key del_keys[DEL__MAX] = {
	{ "confirm", AC_KIND_BOOL, 0, 0, NULL },	/* DEL_CONFIRM */
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },	/* DEL_TOKEN */
};

/*
 * POST /api/streams/{id}/delete, the library's form: confirm=1 (and
 * token) deletes like DELETE, then 303 back to the library.
 */
static void
h_delete_form(struct ac_req *req, void *ctx)
{
	struct ac_value		 v[DEL__MAX];

	memset(v, 0, sizeof(v));
	if (ac_req_form(req, del_keys, DEL__MAX, v) == -1)
		goto out;
	if (!v[DEL_CONFIRM].present || !v[DEL_CONFIRM].i) {
		ac_reply_fail(req, "not_confirmed",
		    "tick the confirmation box to delete a VOD");
		goto out;
	}
	if (delete_stream(req, ctx, req->cap[0].i) == 0)
		ac_reply_see_other(req, "/api/streams");
out:
	ac_values_clear(v, DEL__MAX);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/api/streams", h_list, list_keys, LIST__MAX,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/pending", h_pending, pending_keys, 1,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/check/{vod}", h_check, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/streams/reanalyze/{vod}", h_reanalyze,
	    reanalyze_keys, REANALYZE__MAX, AC_BODY_OPTIONAL, REANALYZE_BODY_MAX,
	    AC_ROUTE_WRITE | AC_ROUTE_FORM },
	{ AC_METHOD_GET, "/api/streams/{id}", h_get, NULL, 0, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_GET, "/api/streams/params", h_params, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/learned", h_learned, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/{vod}/hype.svg", h_svg, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/streams/{id}/delete", h_delete_form, NULL, 0,
	    AC_BODY_REQUIRED, 4096, AC_ROUTE_WRITE | AC_ROUTE_FORM },
	{ AC_METHOD_DELETE, "/api/streams/{id}", h_delete, NULL, 0,
	    AC_BODY_NONE, 0, AC_ROUTE_WRITE },
};

const struct api_program api_program = {
	"streams.fcgi", routes, API_NROUTES(routes), 0
};
