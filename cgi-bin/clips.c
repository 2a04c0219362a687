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

/*
 * PUT /api/clips/{id} with {"status": "pending|approved|rejected"} and
 * nothing else: the clip as it is now.  422 for another status, a
 * missing one or other keys; 404 unknown clip.
 */
static void
h_put(struct ac_req *req, void *ctx)
{
	struct api		*a = ctx;
	struct ac_store		*st;
	struct ac_stored_clip	 c;
	struct json_object	*body = NULL, *v, *o;
	int			 status;
	char			 detail[160];
	enum ac_err		 e;

	if (ac_req_json(req, &body) == -1)
		return;
	json_object_object_foreach(body, key, val) {
		(void)val;
		if (strcmp(key, "status") != 0) {
			snprintf(detail, sizeof(detail), "unknown key "
			    "\"%.*s\": only status may be set", BAD_KEY_SHOWN,
			    key);
			ac_reply_fail(req, "invalid_field", detail);
			goto out;
		}
	}
	/* The length check refuses a status with an embedded NUL. */
	if (!json_object_object_get_ex(body, "status", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    strlen(json_object_get_string(v)) !=
	    (size_t)json_object_get_string_len(v) ||
	    (status = ac_clip_status_parse(json_object_get_string(v))) < 0) {
		ac_reply_fail(req, "invalid_status",
		    "status must be pending, approved or rejected");
		goto out;
	}
	if ((st = api_store(req, a)) == NULL)
		goto out;
	if ((e = ac_store_clip_set_status(st, req->cap[0].i,
	    (enum ac_clip_status)status)) !=
	    AC_OK || (e = ac_store_clip_get(st, req->cap[0].i, &c)) != AC_OK) {
		api_store_error(req, a, e, __func__, "no such clip");
		goto out;
	}
	o = api_clip_json(&c);
	ac_reply_json(req, 200, o);
	json_object_put(o);
out:
	json_object_put(body);
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
	{ AC_METHOD_DELETE, "/api/clips/{id}", h_delete, NULL, 0,
	    AC_BODY_NONE, 0, AC_ROUTE_WRITE },
};

const struct api_program api_program = {
	"clips.fcgi", routes, API_NROUTES(routes), 0
};
