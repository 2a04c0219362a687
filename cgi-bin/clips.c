/* SPDX-License-Identifier: ISC */
/* clips.c: clips.fcgi, a stream's clips and their review status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "api.h"

#define CLIP_BODY_MAX		 4096	/* bytes of a PUT body */
#define BAD_KEY_SHOWN		 64	/* bytes of an unknown key quoted back */

/* GET /api/clips/stream/{id}: the stream's clips by rank; 404 unknown stream. */
static void
h_stream_clips(struct ac_req *req, void *ctx)
{
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stream	 s;
	struct ac_stored_clip	*v = NULL;
	struct json_object	*arr;
	size_t			 i, n = 0;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_stream_get(st, req->cap[0].i, &s)) != AC_OK ||
	    (e = ac_store_clips(st, s.id, &v, &n)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such stream");
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
 * Apply a change to clip id: status (-1: unchanged), and new bounds when
 * has_start/has_end (the other bound stays).  0 with the clip now in
 * *c, or -1 after answering 404/422/503.
 */
static int
change(struct ac_req *req, struct api *a, int64_t id, int status,
    int has_start, double start, int has_end, double end,
    struct ac_stored_clip *c)
{
	struct ac_store	*st;
	enum ac_err	 e;

	if ((st = api_store(req, a)) == NULL)
		return -1;
	if ((e = ac_store_clip_get(st, id, c)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such clip");
		return -1;
	}
	if (has_start || has_end) {
		if (!has_start)
			start = c->start;
		if (!has_end)
			end = c->end;
		e = ac_store_clip_set_bounds(st, id, start, end);
		if (e == AC_ERR_VALUE) {
			ac_reply_fail(req, "invalid_bounds", "start and "
			    "end must satisfy 0 <= start < end, at most "
			    "600 s apart");
			return -1;
		}
		if (e != AC_OK) {
			api_store_error(req, a, e, __func__, "no such clip");
			return -1;
		}
	}
	if (status >= 0 && (e = ac_store_clip_set_status(st, id,
	    (enum ac_clip_status)status)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such clip");
		return -1;
	}
	if ((e = ac_store_clip_get(st, id, c)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such clip");
		return -1;
	}
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
		if ((e = ac_store_clip_get(st, req->cap[0].i, &c)) != AC_OK ||
		    (e = ac_store_clip_delete(st, c.id)) != AC_OK) {
			api_store_error(req, a, e, __func__, "no such clip");
			goto out;
		}
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
	struct api	*a = ctx;
	struct ac_store	*st;
	enum ac_err	 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_clip_delete(st, req->cap[0].i)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such clip");
		return;
	}
	ac_reply(req, 204, NULL, NULL, 0);
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
};

const struct api_program api_program = {
	"clips.fcgi", routes, API_NROUTES(routes), 0
};
