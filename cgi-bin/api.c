/* SPDX-License-Identifier: ISC */
/* api.c: the one main() of the API programs; settings, the store, row JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "web/web.h"
#include "proc/proc.h"
#include "api.h"

/* Try the store once; 0 when open, -1 (logged) when not. */
static int
api_open(struct api *a)
{
	struct ac_error	 ebuf;
	enum ac_err	 e;

	if (a->st != NULL)
		return 0;
	ac_error_clear(&ebuf);
	if ((e = ac_store_open(&a->st, a->set.database_url, 0, NULL, &ebuf)) !=
	    AC_OK) {
		a->st = NULL;
		ac_log("database", "%s",
		    ebuf.text[0] != '\0' ? ebuf.text : ac_strerror(e));
		return -1;
	}
	return 0;
}

void
api_init(struct api *a, const char *prog)
{
	struct ac_error	 ebuf;

	memset(a, 0, sizeof(*a));
	a->prog = prog;
	ac_req_stderr();
	if (ac_settings_load(&a->set, NULL, &ebuf) != AC_OK) {
		ac_log("configuration", "%s", ebuf.text);
		snprintf(a->why, sizeof(a->why), "%s", ebuf.text);
		a->bad = 1;
		return;
	}
	/* A failure here is retried on the first request that needs it. */
	(void)api_open(a);
}

void
api_free(struct api *a)
{
	ac_store_close(a->st);
	a->st = NULL;
	if (!a->bad)
		ac_settings_free(&a->set);
}

/* The write check of routes flagged AC_ROUTE_WRITE. */
static int
api_may_write(struct ac_req *req, void *ctx)
{
	struct api	*a = ctx;

	if (a->bad) {
		(void)api_store(req, a);
		return -1;
	}
	return ac_req_may_write(req, &a->set);
}

int
main(int argc, char *argv[])
{
	struct api		 a;
	struct ac_server	 srv;
	struct ac_error	 ebuf;
	int			 rc;

	ac_log_prog(api_program.name);
	api_init(&a, api_program.name);
	/* Start-up only: the server's PATH (the children get a fixed one). */
	if ((api_program.needs & API_FFMPEG) &&
	    ac_ffmpeg_probe(&a.ff, NULL, &ebuf) != AC_OK)
		ac_log("ffmpeg", "%s", ebuf.text);
	memset(&srv, 0, sizeof(srv));
	srv.routes = api_program.routes;
	srv.nroutes = api_program.nroutes;
	srv.ctx = &a;
	srv.may_write = api_may_write;
	rc = ac_serve(argc, argv, &srv);
	api_free(&a);
	return rc;
}

struct ac_store *
api_store(struct ac_req *req, struct api *a)
{
	if (a->bad) {
		ac_req_log(req, a->prog, "configuration: %s", a->why);
		ac_reply_fail(req, "configuration_error",
		    "the server's configuration is invalid (see its log)");
		return NULL;
	}
	if (api_open(a) == -1) {
		ac_req_log(req, a->prog, "the database is unavailable");
		ac_reply_fail(req, "database_unavailable",
		    "the database is unavailable");
		return NULL;
	}
	return a->st;
}

struct ac_store *
api_store_try(struct api *a)
{
	if (a->bad || api_open(a) == -1)
		return NULL;
	return a->st;
}

void
api_store_error(struct ac_req *req, enum ac_err e,
    const struct ac_error *err, const char *func, const char *what)
{
	switch (e) {
	case AC_ERR_NOTFOUND:
		ac_reply_fail(req, "not_found", what);
		break;
	case AC_ERR_DB:
	case AC_ERR_SCHEMA:
		ac_req_log(req, func, "%s", err != NULL &&
		    err->text[0] != '\0' ? err->text : ac_strerror(e));
		ac_reply_fail(req, "database_unavailable",
		    "the database is unavailable");
		break;
	default:
		ac_req_log(req, func, "%s", ac_strerror(e));
		ac_reply_fail(req, "internal_error",
		    "internal error (see the server log)");
		break;
	}
}

struct json_object *
api_time_json(double t, int may_null)
{
	char	 buf[64];

	if ((may_null && t == 0) || ac_ts_format(t, buf, sizeof(buf)) < 0)
		return NULL;
	return json_object_new_string(buf);
}

/* A number rounded to digits decimals, printed that way. */
static struct json_object *
num(double v, int digits)
{
	char	 buf[64];

	snprintf(buf, sizeof(buf), "%.*f", digits, v);
	return json_object_new_double_s(strtod(buf, NULL), buf);
}

static struct json_object *
str_or_null(const char *s)
{
	return s[0] == '\0' ? NULL : json_object_new_string(s);
}

struct json_object *
api_stream_json(const struct ac_stream *s)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(s->id));
	json_object_object_add(o, "vod_id", json_object_new_string(s->vod_id));
	json_object_object_add(o, "title", str_or_null(s->title));
	json_object_object_add(o, "channel", str_or_null(s->channel));
	json_object_object_add(o, "source", str_or_null(s->source));
	json_object_object_add(o, "vod_start", s->has_start ?
	    api_time_json(s->vod_start, 0) : NULL);
	json_object_object_add(o, "duration_s", s->duration_s > 0 ?
	    num(s->duration_s, 3) : NULL);
	json_object_object_add(o, "message_count",
	    json_object_new_int64(s->message_count));
	json_object_object_add(o, "chat_downloaded",
	    json_object_new_boolean(s->chat_downloaded != 0));
	json_object_object_add(o, "status", json_object_new_string(
	    ac_stream_status_name(s->status)));
	json_object_object_add(o, "error", str_or_null(s->error));
	json_object_object_add(o, "created_at", api_time_json(s->created_at, 0));
	json_object_object_add(o, "updated_at", api_time_json(s->updated_at, 0));
	json_object_object_add(o, "clips_count",
	    json_object_new_int64(s->clips_count));
	return o;
}

struct json_object *
api_clip_json(const struct ac_stored_clip *c)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(c->id));
	json_object_object_add(o, "stream_id",
	    json_object_new_int64(c->stream_id));
	json_object_object_add(o, "rank", json_object_new_int(c->rank));
	json_object_object_add(o, "start", num(c->start, 1));
	json_object_object_add(o, "end", num(c->end, 1));
	json_object_object_add(o, "peak", num(c->peak, 1));
	json_object_object_add(o, "score", num(c->score, 2));
	json_object_object_add(o, "virality", json_object_new_int(c->virality));
	json_object_object_add(o, "status", json_object_new_string(
	    ac_clip_status_name(c->status)));
	json_object_object_add(o, "created_at", api_time_json(c->created_at, 0));
	json_object_object_add(o, "updated_at", api_time_json(c->updated_at, 0));
	return o;
}

void
api_reply_text(struct ac_req *req, int status, char *json)
{
	ac_reply(req, status, "application/json; charset=utf-8", json,
	    strlen(json));
	free(json);
}
