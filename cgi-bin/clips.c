/* SPDX-License-Identifier: ISC */
/*
 * clips.c: clips.fcgi, a stream's clips and their review status, and
 * clips as MP4 (export jobs and their files).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "store/store.h"
#include "web/web.h"
#include "kick/kick.h"
#include "work/work.h"
#include "api.h"

#define CLIP_BODY_MAX		 4096	/* bytes of a PUT body */
#define BAD_KEY_SHOWN		 64	/* bytes of an unknown key quoted back */
#define EXPORT_BODY_MAX		 4096	/* bytes of an export request */
#define JOB_URL			 "/api/jobs/"

/* GET /api/clips/stream/{id}: the stream's clips by rank; 404 unknown stream. */
static void
h_stream_clips(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	struct ac_stored_clip	*v = NULL;
	struct json_object	*arr;
	size_t			 i, n = 0;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_stream_get(st, req->cap[0].i, &s, &dberr)) != AC_OK ||
	    (e = ac_store_clips(st, s.id, &v, &n, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such stream");
		return;
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, api_clip_json(&v[i]));
	ac_reply_json(req, 200, arr);
	json_object_put(arr);
	free(v);
}

/* A clip bound from JSON or a form: a finite number of seconds. */
static int
bound_value(const char *text, double *out)
{
	char	*e;

	if (text == NULL || *text == '\0')
		return -1;
	*out = strtod(text, &e);
	return *e == '\0' && *out == *out ? 0 : -1;
}

/*
 * A review changed: fit again what the library teaches, for all channels
 * and the clip's channel (bounded: the most recent AC_LEARN_LABELS_MAX
 * reviews each), unless LEARN_FROM_REVIEW is off.  Only clips approved or
 * rejected, before or after the change, are labels.  A failure is logged:
 * the review itself is kept.
 */
static void
relearn(struct ac_req *req, struct api *a, struct ac_store *st,
    const struct ac_stored_clip *before, const struct ac_stored_clip *after)
{
	struct ac_stream	 s;
	struct ac_error		 err;
	enum ac_err		 e;

	if (!a->set.learn_from_review || (before->status == AC_CLIP_PENDING &&
	    (after == NULL || after->status == AC_CLIP_PENDING)))
		return;
	if ((e = ac_store_stream_get(st, before->stream_id, &s, &err)) !=
	    AC_OK) {
		ac_req_log(req, __func__, "stream %lld: %s",
		    (long long)before->stream_id, e == AC_ERR_DB ?
		    err.text : ac_strerror(e));
		return;
	}
	if (ac_learn(st, s.channel, NULL, NULL, &err) != AC_OK)
		ac_req_log(req, __func__, "learning from review: %s", err.text);
}

/*
 * Apply a change to clip id: status (-1: unchanged), and new bounds when
 * has_start/has_end (the other bound stays); then learn from it.  0 with
 * the clip now in *c, or -1 after answering 404/422/503.
 */
static int
change(struct ac_req *req, struct api *a, int64_t id, int status,
    int has_start, double start, int has_end, double end,
    struct ac_stored_clip *c)
{
	struct ac_error		 dberr = { 0 };
	struct ac_stored_clip	 before;
	struct ac_store		*st;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return -1;
	if ((e = ac_store_clip_get(st, id, c, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return -1;
	}
	before = *c;
	if (has_start || has_end) {
		if (!has_start)
			start = c->start;
		if (!has_end)
			end = c->end;
		e = ac_store_clip_set_bounds(st, id, start, end, &dberr);
		if (e == AC_ERR_VALUE) {
			ac_reply_fail(req, "invalid_bounds", "start and "
			    "end must satisfy 0 <= start < end, at most "
			    "600 s apart");
			return -1;
		}
		if (e != AC_OK) {
			api_store_error(req, e, &dberr, __func__,
			    "no such clip");
			return -1;
		}
	}
	if (status >= 0 && (e = ac_store_clip_set_status(st, id,
	    (enum ac_clip_status)status, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return -1;
	}
	if ((e = ac_store_clip_get(st, id, c, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return -1;
	}
	relearn(req, a, st, &before, c);
	return 0;
}

/* A JSON number as a bound; -1 when v is not a number. */
static int
json_bound(struct json_object *v, double *out)
{
	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return -1;
	*out = json_object_get_double(v);
	return *out == *out ? 0 : -1;
}

/*
 * PUT /api/clips/{id} with any of {"status": "pending|approved|rejected",
 * "start": s, "end": s} and nothing else: the clip as it is now.  422
 * for another status, bad bounds (0 <= start < end, at most
 * AC_CLIP_LEN_MAX apart), an empty object or other keys; 404 unknown clip.
 */
static void
h_put(struct ac_req *req, void *ctx)
{
	struct api		*a = ctx;
	struct ac_stored_clip	 c;
	struct json_object	*body = NULL, *v, *o;
	int			 status = -1;
	char			 detail[160];
	double			 start = 0, end = 0;
	int			 has_start = 0, has_end = 0;

	if (ac_req_json(req, &body) == -1)
		return;
	json_object_object_foreach(body, key, val) {
		(void)val;
		if (strcmp(key, "status") != 0 && strcmp(key, "start") != 0 &&
		    strcmp(key, "end") != 0) {
			snprintf(detail, sizeof(detail), "unknown key "
			    "\"%.*s\": only status, start and end may be set",
			    BAD_KEY_SHOWN, key);
			ac_reply_fail(req, "invalid_field", detail);
			goto out;
		}
	}
	/* The length check refuses a status with an embedded NUL. */
	if (json_object_object_get_ex(body, "status", &v)) {
		if (!json_object_is_type(v, json_type_string) ||
		    strlen(json_object_get_string(v)) !=
		    (size_t)json_object_get_string_len(v) ||
		    (status = ac_clip_status_parse(json_object_get_string(v))) <
		    0) {
			ac_reply_fail(req, "invalid_status",
			    "status must be pending, approved or rejected");
			goto out;
		}
	}
	if (json_object_object_get_ex(body, "start", &v)) {
		if (json_bound(v, &start) == -1) {
			ac_reply_fail(req, "invalid_bounds",
			    "start must be a number of seconds");
			goto out;
		}
		has_start = 1;
	}
	if (json_object_object_get_ex(body, "end", &v)) {
		if (json_bound(v, &end) == -1) {
			ac_reply_fail(req, "invalid_bounds",
			    "end must be a number of seconds");
			goto out;
		}
		has_end = 1;
	}
	if (status < 0 && !has_start && !has_end) {
		ac_reply_fail(req, "invalid_status",
		    "set status (pending, approved or rejected), start or end");
		goto out;
	}
	if (change(req, a, req->cap[0].i, status, has_start, start, has_end,
	    end, &c) == -1)
		goto out;
	o = api_clip_json(&c);
	ac_reply_json(req, 200, o);
	json_object_put(o);
out:
	json_object_put(body);
}

enum { F_STATUS, F_START, F_END, F_DELETE, F_TOKEN, F__MAX };


static const struct ac_key form_keys[F__MAX] = {
	{ "status", AC_KIND_STRING, 0, 16, NULL },	/* F_STATUS */
	{ "start", AC_KIND_STRING, 0, 32, NULL },	/* F_START */
	{ "end", AC_KIND_STRING, 0, 32, NULL },		/* F_END */
	{ "delete", AC_KIND_BOOL, 0, 0, NULL },		/* F_DELETE */
	/* Checked by the dispatcher (AC_ROUTE_FORM). */
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },	/* F_TOKEN */
};

/*
 * POST /api/clips/{id}, a form of the pages without script: status,
 * start and/or end (seconds), or delete=1; the token field stands for
 * the bearer token (the dispatcher checks it).  303 back to the stream's
 * page at the clip.
 */
static void
h_form(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stored_clip	 c;
	struct ac_value		 v[F__MAX];
	char			 loc[96];
	double			 start = 0, end = 0;
	int			 status = -1;
	enum ac_err		 e;

	memset(v, 0, sizeof(v));
	if (ac_req_form(req, form_keys, F__MAX, v) == -1)
		goto out;
	if (v[F_STATUS].present &&
	    (status = ac_clip_status_parse(v[F_STATUS].s)) < 0) {
		ac_reply_fail(req, "invalid_status",
		    "status must be pending, approved or rejected");
		goto out;
	}
	if ((v[F_START].present && bound_value(v[F_START].s, &start) == -1) ||
	    (v[F_END].present && bound_value(v[F_END].s, &end) == -1)) {
		ac_reply_fail(req, "invalid_bounds",
		    "start and end must be numbers of seconds");
		goto out;
	}
	if (v[F_DELETE].present && v[F_DELETE].i) {
		if ((st = api_store(req, a)) == NULL)
			goto out;
		if ((e = ac_store_clip_get(st, req->cap[0].i, &c, &dberr)) !=
		    AC_OK ||
		    (e = ac_store_clip_delete(st, c.id, &dberr)) != AC_OK) {
			api_store_error(req, e, &dberr, __func__,
			    "no such clip");
			goto out;
		}
		relearn(req, a, st, &c, NULL);
		snprintf(loc, sizeof(loc), "/api/streams/%lld#clips",
		    (long long)c.stream_id);
		ac_reply_see_other(req, loc);
		goto out;
	}
	if (!v[F_STATUS].present && !v[F_START].present &&
	    !v[F_END].present) {
		ac_reply_fail(req, "invalid_status",
		    "set status (pending, approved or rejected), start, end "
		    "or delete");
		goto out;
	}
	if (change(req, a, req->cap[0].i, v[F_STATUS].present ?
	    status : -1, v[F_START].present, start,
	    v[F_END].present, end, &c) == -1)
		goto out;
	snprintf(loc, sizeof(loc), "/api/streams/%lld#clip-%lld",
	    (long long)c.stream_id, (long long)c.id);
	ac_reply_see_other(req, loc);
out:
	ac_values_clear(v, F__MAX);
}

/* DELETE /api/clips/{id}: 204, or 404 unknown clip. */
static void
h_delete(struct ac_req *req, void *ctx)
{
	struct ac_error		 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stored_clip	 c;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_clip_get(st, req->cap[0].i, &c, &dberr)) != AC_OK ||
	    (e = ac_store_clip_delete(st, c.id, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return;
	}
	relearn(req, a, st, &c, NULL);
	ac_reply(req, 204, NULL, NULL, 0);
}

/* --- clips as MP4 ----------------------------------------------------- */

enum { XKEY_QUALITY, XKEY_EXACT, XKEY_PAD, XKEY_TOKEN, XKEY__MAX };
static const struct ac_key export_keys[XKEY__MAX] = {
	{ "quality", AC_KIND_STRING, 0, AC_EXPORT_QUALITY_MAX - 1, NULL },
	{ "exact", AC_KIND_BOOL, 0, 0, NULL },
	{ "pad_s", AC_KIND_INT, 0, AC_EXPORT_PAD_MAX, NULL },
	/* The pages' token field, checked by the dispatcher (AC_ROUTE_FORM). */
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },
};

/* The export options of a JSON body; 0, or -1 after answering 422. */
static int
export_json_opts(struct ac_req *req, struct json_object *body,
    struct ac_export_opts *o)
{
	char	 detail[160];
	double	 d;

	if (body == NULL)
		return 0;
	json_object_object_foreach(body, key, val) {
		if (strcmp(key, "quality") == 0) {
			if (json_object_is_type(val, json_type_null))
				continue;
			if (!json_object_is_type(val, json_type_string) ||
			    !ac_export_quality_ok(json_object_get_string(val)))
				goto bad;
			snprintf(o->quality, sizeof(o->quality), "%s",
			    json_object_get_string(val));
		} else if (strcmp(key, "exact") == 0) {
			if (!json_object_is_type(val, json_type_boolean))
				goto bad;
			o->exact = json_object_get_boolean(val);
		} else if (strcmp(key, "pad_s") == 0) {
			if (!json_object_is_type(val, json_type_int) &&
			    !json_object_is_type(val, json_type_double))
				goto bad;
			d = json_object_get_double(val);
			if (!(d >= 0 && d <= AC_EXPORT_PAD_MAX))
				goto bad;
			o->pad_s = d;
		} else {
			snprintf(detail, sizeof(detail), "unknown key \"%.*s\": "
			    "only quality, exact and pad_s may be set",
			    BAD_KEY_SHOWN, key);
			ac_reply_fail(req, "invalid_field", detail);
			return -1;
		}
	}
	return 0;
bad:
	snprintf(detail, sizeof(detail), "quality is 1-32 letters, digits, "
	    "'_' or '-' (e.g. 720p60), exact a boolean, pad_s 0 to %d seconds",
	    AC_EXPORT_PAD_MAX);
	ac_reply_fail(req, "invalid_field", detail);
	return -1;
}

/* A named quality must exist in the VOD's master: 0, or -1 after a 422. */
static int
quality_exists(struct ac_req *req, struct api *a, struct ac_store *st,
    int64_t clip_id, const char *quality)
{
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_hls_master	 m;
	struct ac_error	 ebuf;
	size_t			 i;

	if (quality[0] == '\0' || ac_store_clip_get(st, clip_id, &c, NULL) !=
	    AC_OK ||
	    ac_store_stream_get(st, c.stream_id, &s, NULL) != AC_OK ||
	    s.source[0] == '\0')
		return 0;	/* the submit answers these */
	if (ac_export_qualities(&a->set, s.source, &m, &ebuf) !=
	    AC_OK) {
		/* The job will say what the CDN did. */
		ac_req_log(req, __func__, "master playlist: %s", ebuf.text);
		return 0;
	}
	if (ac_hls_pick(&m, quality, 0, &i, &ebuf) != AC_OK) {
		ac_reply_fail(req, "unknown_quality", ebuf.text);
		ac_hls_master_free(&m);
		return -1;
	}
	ac_hls_master_free(&m);
	return 0;
}

/*
 * POST /api/clips/{id}/export with {"quality", "exact", "pad_s"} (JSON,
 * or the same fields urlencoded; all optional): 200 with the file's link
 * when this clip, bounds and options were cut already; else 202 with the
 * job (queued, or the same one running); a browser's form post (Accept:
 * text/html) gets 303 to the file or the job's page.  404 unknown clip, 422 bad
 * options, an unknown quality (the existing ones listed) or a VOD
 * without video source.
 */
static void
h_export(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_export_opts	 o;
	struct ac_export_ticket	 t;
	struct ac_value		 vals[XKEY__MAX];
	struct json_object	*body = NULL, *r;
	char			 url[64], *json = NULL;
	struct ac_error	 ebuf;
	enum ac_err		 e;

	memset(&o, 0, sizeof(o));
	memset(vals, 0, sizeof(vals));
	if (req->content_length > 0 &&
	    ac_req_is_type(req, "application/x-www-form-urlencoded")) {
		if (ac_req_form(req, export_keys, XKEY__MAX, vals) == -1)
			goto out;
		if (vals[XKEY_QUALITY].present &&
		    vals[XKEY_QUALITY].s[0] != '\0') {
			if (!ac_export_quality_ok(vals[XKEY_QUALITY].s)) {
				ac_reply_fail(req, "invalid_field",
				    "quality is 1-32 letters, digits, '_' or "
				    "'-' (e.g. 720p60)");
				goto out;
			}
			snprintf(o.quality, sizeof(o.quality), "%s",
			    vals[XKEY_QUALITY].s);
		}
		o.exact = vals[XKEY_EXACT].present && vals[XKEY_EXACT].i;
		o.pad_s = vals[XKEY_PAD].present ? (double)vals[XKEY_PAD].i : 0;
	} else if (req->content_length > 0) {
		if (ac_req_json(req, &body) == -1 ||
		    export_json_opts(req, body, &o) == -1)
			goto out;
	}
	if ((st = api_store(req, a)) == NULL)
		goto out;
	if (quality_exists(req, a, st, req->cap[0].i, o.quality) == -1)
		goto out;
	if ((e = ac_export_submit(&a->set, st, req->cap[0].i, &o, &t, &ebuf)) !=
	    AC_OK) {
		if (e == AC_ERR_SHAPE)
			ac_reply_fail(req, "no_video_source", ebuf.text);
		else if (e == AC_ERR_VALUE)
			ac_reply_fail(req, "invalid_field", ebuf.text);
		else
			api_store_error(req, e, &ebuf, __func__,
			    "no such clip");
		goto out;
	}
	/* A page's form: 303 to the file when made, else the job's page. */
	if (ac_req_wants_html(req)) {
		if (!t.done && ac_worker_spawn(&a->set, &ebuf) !=
		    AC_OK)
			ac_req_log(req, __func__, "starting a worker: %s",
			    ebuf.text);
		if (t.done)
			snprintf(url, sizeof(url), "/api/clips/%lld/mp4",
			    (long long)t.clip_id);
		else
			snprintf(url, sizeof(url), JOB_URL "%lld",
			    (long long)t.job_id);
		ac_reply_see_other(req, url);
		goto out;
	}
	if (t.done) {
		snprintf(url, sizeof(url), "/api/clips/%lld/mp4",
		    (long long)t.clip_id);
		r = json_object_new_object();
		json_object_object_add(r, "state", json_object_new_string(
		    "done"));
		json_object_object_add(r, "job_id",
		    json_object_new_int64(t.job_id));
		json_object_object_add(r, "clip_id",
		    json_object_new_int64(t.clip_id));
		json_object_object_add(r, "url", json_object_new_string(url));
		json_object_object_add(r, "bytes",
		    json_object_new_int64(t.file.size));
		ac_reply_json(req, 200, r);
		json_object_put(r);
		goto out;
	}
	if (ac_worker_spawn(&a->set, &ebuf) != AC_OK)
		ac_req_log(req, __func__, "starting a worker: %s", ebuf.text);
	if ((e = ac_job_status_json(st, t.job_id, &json, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such job");
		goto out;
	}
	snprintf(url, sizeof(url), JOB_URL "%lld", (long long)t.job_id);
	ac_reply_header(req, "Location", url);
	api_reply_text(req, 202, json);
out:
	ac_values_clear(vals, XKEY__MAX);
	json_object_put(body);
}

/*
 * GET /api/clips/{id}/mp4: the clip's newest export with its current
 * bounds, as an attachment (Range, ETag; X-Sendfile when configured).
 * 409 while it is queued or running, 404 when there is none (or it
 * failed, or was evicted).
 */
static void
h_mp4(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_export_file	 f;
	struct ac_export_reader	 rd;
	struct ac_job		 j;
	char			 name[200], detail[400];
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_clip_get(st, req->cap[0].i, &c, &dberr)) != AC_OK ||
	    (e = ac_store_stream_get(st, c.stream_id, &s, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return;
	}
	memset(&j, 0, sizeof(j));
	e = ac_export_find(&a->set, st, c.id, &f, &j, &dberr);
	if (e == AC_ERR_NOTFOUND) {
		ac_reply_fail(req, "no_export", j.id > 0 ? "the export "
		    "was removed to keep within the disk budget: export the "
		    "clip again" : "this clip (with its current start and end) "
		    "was not exported: POST /api/clips/{id}/export first");
		return;
	}
	if (e != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such clip");
		return;
	}
	if (j.state == AC_JOB_QUEUED || j.state == AC_JOB_RUNNING) {
		snprintf(detail, sizeof(detail), "the export is %s (job %lld): "
		    "poll " JOB_URL "%lld", ac_job_state_name(j.state), (long long)j.id,
		    (long long)j.id);
		ac_reply_fail(req, "export_not_ready", detail);
		return;
	}
	if (j.state != AC_JOB_DONE) {
		snprintf(detail, sizeof(detail), "the last export %s: %.300s",
		    ac_job_state_name(j.state), j.message);
		ac_reply_fail(req, "no_export", detail);
		return;
	}
	ac_export_touch(st, &f);
	ac_reply_attachment(req, ac_export_filename(&s, &c, name, sizeof(name)));
	if (!f.in_db) {
		ac_reply_file(req, "video/mp4", f.path, f.etag, a->set.sendfile);
		return;
	}
	/* Made on another node: from the database, in chunks. */
	if (ac_export_open(&f, st, &rd) == -1) {
		ac_req_log(req, __func__, "export %lld: %s", (long long)f.job_id,
		    strerror(errno));
		ac_reply_fail(req, "internal_error",
		    "internal error (see the server log)");
		return;
	}
	ac_reply_ranged(req, "video/mp4", f.size, f.etag, ac_export_pread, &rd);
	ac_export_close(&rd);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/api/clips/stream/{id}", h_stream_clips, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_PUT, "/api/clips/{id}", h_put, NULL, 0, AC_BODY_REQUIRED,
	    CLIP_BODY_MAX, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/clips/{id}", h_form, NULL, 0,
	    AC_BODY_REQUIRED, CLIP_BODY_MAX, AC_ROUTE_WRITE | AC_ROUTE_FORM },
	{ AC_METHOD_DELETE, "/api/clips/{id}", h_delete, NULL, 0,
	    AC_BODY_NONE, 0, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/clips/{id}/export", h_export, NULL, 0,
	    AC_BODY_OPTIONAL, EXPORT_BODY_MAX, AC_ROUTE_WRITE | AC_ROUTE_FORM },
	{ AC_METHOD_GET, "/api/clips/{id}/mp4", h_mp4, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
};

const struct api_program api_program = {
	"clips.fcgi", routes, API_NROUTES(routes), 0
};
