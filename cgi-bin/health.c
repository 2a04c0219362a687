/* SPDX-License-Identifier: ISC */
/* health.c: health.fcgi, GET /health: the database, ffmpeg and the version. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "store/store.h"
#include "web/web.h"
#include "api.h"

/*
 * 200 {"status": "ok"} when the database answers and ffmpeg was found;
 * "degraded" (still 200) when only ffmpeg is missing; 503 with status
 * "error" and "database": "unavailable" (or "schema_outdated") when the
 * database cannot be used.
 */
static void
h_health(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr;
	struct api		*a = ctx;
	struct json_object	*o;
	struct ac_stream	*rows = NULL;
	const char		*db = "ok";
	size_t			 n = 0;
	enum ac_err		 e;
	struct ac_error	 ebuf;

	if (a->bad)
		db = "unavailable";
	else if (a->st == NULL && (e = ac_store_open(&a->st,
	    a->set.database_url, 0, NULL, &ebuf)) != AC_OK) {
		a->st = NULL;
		ac_req_log(req, __func__, "database: %s", ebuf.text[0] != '\0' ?
		    ebuf.text : ac_strerror(e));
		db = e == AC_ERR_SCHEMA ? "schema_outdated" : "unavailable";
	} else if ((e = ac_store_stream_list(a->st, 1, 0, &rows, &n, &dberr)) !=
	    AC_OK) {
		ac_req_log(req, __func__, "database: %s",
		    dberr.text);
		db = e == AC_ERR_SCHEMA ? "schema_outdated" : "unavailable";
	}
	free(rows);
	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string(
	    strcmp(db, "ok") != 0 ? "error" : a->ff.found ? "ok" : "degraded"));
	json_object_object_add(o, "database", json_object_new_string(db));
	json_object_object_add(o, "ffmpeg", json_object_new_string(
	    a->ff.found ? "ok" : "missing"));
	json_object_object_add(o, "version",
	    json_object_new_string(ac_version()));
	ac_reply_json(req, strcmp(db, "ok") == 0 ? 200 : 503, o);
	json_object_put(o);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/health", h_health, NULL, 0, AC_BODY_NONE, 0, 0 },
};

const struct api_program api_program = {
	"health.fcgi", routes, API_NROUTES(routes), API_FFMPEG
};
