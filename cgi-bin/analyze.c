/* SPDX-License-Identifier: ISC */
/*
 * analyze.c: analyze.fcgi, POST /analyze and POST /api/analyze: a chat
 * upload streamed into the analysis and the archive, then stored.
 *
 * The body is a chat in any accepted shape (JSON, NDJSON, gzip of
 * either) with Content-Type application/json, application/x-ndjson,
 * application/gzip or application/octet-stream, or multipart/form-data
 * with the file field "chat" and an optional text field "vod_id".  It is
 * never held whole: it streams from the request through the chat reader.
 *
 * The VOD id is the vod_id field or query key (both at once: 400), else
 * the chat's own, else "chat-" and a hash of the messages, so the same
 * chat uploaded twice lands on the same stream.
 *
 * Answers: 200 the stored analysis plus "stream_id"; a browser form post
 * (Accept prefers text/html) gets 303 to /#/streams/{id} instead.  400
 * malformed JSON (the reader's message with its byte offset), malformed
 * multipart or a truncated body; 413 over ANALYZE_BODY_MAX; 415 other
 * types; 422 well-formed but not a chat, or a chat without one usable
 * message; 503 the database is unavailable.
 *
 * A Kick VOD link instead of a chat: the JSON object {"url": "..."} (a
 * JSON body of at most AC_MAX_JSON_BODY bytes whose top-level object has
 * "url" and neither "messages" nor "data"; any other JSON body is read
 * as a chat) or the urlencoded form field "url".  An analysed VOD
 * answers 200 with its analysis; else the download is queued (or its
 * active job found) and the answer is 202 {"job_id", "stream_id",
 * "vod_id", "status_url"}, or 303 to /job.html?id={job} for a browser;
 * a link that is not a VOD link is a 422 saying what one looks like.
 *
 * GET /api/jobs/{id}: a job's status; DELETE cancels a queued or running
 * one (200 with the job; 409 when it had ended already).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "web/web.h"
#include "work/work.h"
#include "api.h"
#include "pages.h"

#define ANALYZE_BODY_MAX	 (512ULL * 1024 * 1024)	/* bytes of one upload */
#define DEBUG_RAW_MAX		 4096	/* a message longer is not kept in 02_normalized */
#define STREAM_PAGE		 "/api/streams/"	/* a stream's page (HTML for browsers) */
#define JOB_PAGE		 "/api/jobs/"	/* a job's page (HTML for browsers) */
#define JOB_URL			 "/api/jobs/"	/* a job's status in the API */
#define LINK_MAX		 2048	/* bytes of a VOD link */

enum { KEY_VOD_ID, KEY__MAX };

static const struct ac_key keys[KEY__MAX] = {
	{ "vod_id", AC_KIND_VOD, 0, 0, NULL },	/* KEY_VOD_ID */
};

enum { FKEY_URL, FKEY_CHAT, FKEY_TOKEN, FKEY__MAX };

/* The urlencoded form of a link; a chat cannot come this way (415). */
static const struct ac_key link_keys[FKEY__MAX] = {
	{ "url", AC_KIND_STRING, 0, LINK_MAX, NULL },	/* FKEY_URL */
	{ "chat", AC_KIND_STRING, 0, AC_MAX_FORM_BODY, NULL },	/* FKEY_CHAT */
	/* The pages' token field, checked by the dispatcher (AC_ROUTE_FORM). */
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },	/* FKEY_TOKEN */
};

/* Media types of a chat sent as the whole body. */
static const char *const chat_types[] = {
	"application/json",
	"application/x-ndjson",
	"application/gzip",
	"application/x-gzip",
	"application/octet-stream",
	NULL
};

/* A byte source that keeps the first bytes for the debug record. */
struct tee {
	ac_read_fn	 rd;
	void		*arg;
	uint64_t	 total;
	size_t		 len;
	char		 head[AC_DEBUG_BODY_HEAD];
};

/* The state of one analysis request. */
struct job {
	struct api		*api;
	struct ac_import	*im;
	struct tee		 tee;
	struct json_object	*first;		/* debug: the first messages */
	int			 debug;
	int			 input_written;
};

static ssize_t
tee_read(void *arg, void *buf, size_t size)
{
	struct tee	*t = arg;
	ssize_t		 n;
	size_t		 k;

	if ((n = t->rd(t->arg, buf, size)) > 0) {
		if (t->len < sizeof(t->head)) {
			k = (size_t)n;
			if (k > sizeof(t->head) - t->len)
				k = sizeof(t->head) - t->len;
			memcpy(t->head + t->len, buf, k);
			t->len += k;
		}
		t->total += (uint64_t)n;
	}
	return n;
}

/* Debug: keep the first AC_DEBUG_MESSAGES messages as JSON. */
static int
keep_first(void *arg, const struct ac_msg *m)
{
	struct job		*j = arg;
	struct json_object	*o;

	if (json_object_array_length(j->first) >= AC_DEBUG_MESSAGES ||
	    m->raw_len > DEBUG_RAW_MAX)
		return 0;
	if ((o = json_tokener_parse(m->raw)) == NULL)
		o = json_object_new_string_len(m->raw, (int)m->raw_len);
	json_object_array_add(j->first, o);
	return 0;
}

/* Answer a failed read of the chat (the body's fault unless said). */
static void
read_failed(struct ac_req *req, enum ac_err e, const struct ac_error *err,
    int source_failed)
{
	if (req->body_truncated || source_failed) {
		ac_reply_fail(req, "truncated_body",
		    "request body shorter than its Content-Length");
		return;
	}
	switch (e) {
	case AC_ERR_SYNTAX:
		ac_reply_fail(req, "invalid_json", err->text);
		break;
	case AC_ERR_SHAPE:
	case AC_ERR_VALUE:
		ac_reply_fail(req, "not_a_chat", err->text);
		break;
	case AC_ERR_LIMIT:
		ac_reply_fail(req, "chat_too_complex", err->text);
		break;
	case AC_ERR_TOOBIG:
		ac_reply_fail(req, "inflated_too_large", err->text);
		break;
	default:
		ac_req_log(req, __func__, "%s", err->text[0] != '\0' ?
		    err->text : ac_strerror(e));
		ac_reply_fail(req, "internal_error",
		    "reading the chat failed (see the server log)");
		break;
	}
}

/*
 * Read the chat from rd through the tee; 0, or -1 after answering.
 * mperr: the multipart parser's error when rd is a part, else NULL.
 */
static int
read_chat(struct ac_req *req, struct job *j, ac_read_fn rd, void *arg,
    const struct ac_error *mperr)
{
	struct ac_error	 err;
	enum ac_err	 e;

	j->tee.rd = rd;
	j->tee.arg = arg;
	if ((e = ac_import_read(j->im, tee_read, &j->tee, &err)) == AC_OK)
		return 0;
	if (mperr != NULL && e == AC_ERR_IO && mperr->code != AC_ERR_IO &&
	    mperr->text[0] != '\0') {
		ac_reply_fail(req, "invalid_multipart", mperr->text);
		return -1;
	}
	read_failed(req, e, &err, mperr != NULL && mperr->code == AC_ERR_IO);
	return -1;
}

/* The multipart file field "chat" as it streams in. */
static int
upload_chat(void *arg, struct ac_req *req, const struct ac_mp_part *part,
    ac_read_fn rd, void *rdarg)
{
	return read_chat(req, arg, rd, rdarg, part->err) == 0 ? 0 : -1;
}

/* DEBUG=true: what came in. */
static void
debug_input(struct ac_req *req, struct job *j)
{
	struct json_object	*o, *h;
	static const char *const hdrs[] = {
		"CONTENT_TYPE", "CONTENT_LENGTH", "QUERY_STRING",
		"REMOTE_ADDR", "HTTP_ACCEPT", "HTTP_USER_AGENT",
		"HTTP_CONTENT_ENCODING", "HTTP_ORIGIN", NULL
	};
	const char		*v;
	char			 hex[2 * 256 + 1];
	size_t			 i;

	o = json_object_new_object();
	json_object_object_add(o, "method",
	    json_object_new_string(req->method_text));
	json_object_object_add(o, "path", json_object_new_string(req->path));
	h = json_object_new_object();
	for (i = 0; hdrs[i] != NULL; i++)
		if ((v = ac_req_param(req, hdrs[i])) != NULL &&
		    ac_valid_utf8(v, strlen(v)))
			json_object_object_add(h, hdrs[i],
			    json_object_new_string(v));
	json_object_object_add(o, "headers", h);
	json_object_object_add(o, "body_bytes",
	    json_object_new_int64((int64_t)j->tee.total));
	if (ac_valid_utf8(j->tee.head, j->tee.len))
		json_object_object_add(o, "body_head",
		    json_object_new_string_len(j->tee.head, (int)j->tee.len));
	else {
		/* Binary (gzip): the first bytes in hex. */
		for (i = 0; i < j->tee.len && i < 256; i++)
			snprintf(hex + 2 * i, 3, "%02x",
			    (unsigned char)j->tee.head[i]);
		hex[2 * i] = '\0';
		json_object_object_add(o, "body_head_hex",
		    json_object_new_string(hex));
	}
	ac_debug_write(&j->api->set, AC_DEBUG_INPUT, o);
	json_object_put(o);
}

/*
 * Whether a JSON text is a link request: a whole object with "url" and
 * neither "messages" nor "data".  *url is then its value (borrowed from
 * *obj, which the caller puts), NULL when it is not a string.
 */
static int
is_link_json(const char *b, size_t len, struct json_object **obj,
    const char **url)
{
	struct json_tokener	*tok;
	struct json_object	*o, *u;

	*obj = NULL;
	*url = NULL;
	if (len > INT_MAX || (tok = json_tokener_new_ex(
	    AC_JSON_BODY_DEPTH)) == NULL)
		return 0;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, b, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		/* Trailing bytes (NDJSON) or bad JSON: the chat reader's. */
		json_tokener_free(tok);
		json_object_put(o);
		return 0;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "url", &u) ||
	    json_object_object_get_ex(o, "messages", NULL) ||
	    json_object_object_get_ex(o, "data", NULL)) {
		json_object_put(o);
		return 0;
	}
	*obj = o;
	/* A string without NUL, of at most LINK_MAX bytes. */
	if (json_object_is_type(u, json_type_string) &&
	    json_object_get_string_len(u) <= LINK_MAX &&
	    strlen(json_object_get_string(u)) ==
	    (size_t)json_object_get_string_len(u))
		*url = json_object_get_string(u);
	return 1;
}

/* The stored analysis of a stream plus "stream_id", answered 200. */
static void
reply_analysis(struct ac_req *req, struct api *a, struct ac_store *st,
    int64_t stream_id)
{
	struct ac_error	 dberr = { 0 };
	struct json_object	*an;
	enum ac_err		 e;

	if ((e = ac_store_analysis(st, stream_id, 1, &an, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__,
		    "the VOD was deleted");
		return;
	}
	ac_reply_json(req, 200, an);
	json_object_put(an);
}

/*
 * Submit a VOD link: 200 the analysis of an analysed VOD, else 202 with
 * the (new or active) job; 303 for a browser; 422 a bad link.  A worker
 * is started when none is alive (a failure is logged only: the job
 * waits for the next worker).
 */
static void
submit_link(struct ac_req *req, struct api *a, struct ac_store *st,
    const char *link)
{
	struct ac_error	 dberr = { 0 };
	struct ac_job_ticket	 t;
	struct json_object	*o;
	char			 loc[64];
	struct ac_error	 ebuf;
	enum ac_err		 e;

	memset(&t, 0, sizeof(t));
	if ((e = ac_job_submit(st, link, &t, &ebuf)) != AC_OK) {
		if (e == AC_ERR_VALUE)
			ac_reply_fail(req, "invalid_link", ebuf.text);
		else {
			ac_req_log(req, __func__, "submit: %s", ebuf.text);
			api_store_error(req, e == AC_ERR_NOTFOUND ?
			    AC_ERR_IO : e, &ebuf, __func__, "");
		}
		return;
	}
	if (t.analyzed) {
		if (ac_req_wants_html(req)) {
			snprintf(loc, sizeof(loc), STREAM_PAGE "%lld",
			    (long long)t.stream_id);
			ac_reply_see_other(req, loc);
		} else
			reply_analysis(req, a, st, t.stream_id);
		return;
	}
	if (ac_worker_spawn(&a->set, &ebuf) != AC_OK) {
		char	 note[600];

		/* The job waits: say why in its status. */
		ac_req_log(req, __func__, "starting a worker: %s", ebuf.text);
		snprintf(note, sizeof(note), "queued: no worker could start "
		    "(%s); set AUTOCLIP_BIN or run \"autoclip worker\"",
		    ebuf.text);
		(void)ac_store_job_note(st, t.job_id, note, &dberr);
	}
	if (ac_req_wants_html(req)) {
		snprintf(loc, sizeof(loc), JOB_PAGE "%lld",
		    (long long)t.job_id);
		ac_reply_see_other(req, loc);
		return;
	}
	snprintf(loc, sizeof(loc), JOB_URL "%lld", (long long)t.job_id);
	o = json_object_new_object();
	json_object_object_add(o, "job_id", json_object_new_int64(t.job_id));
	json_object_object_add(o, "stream_id",
	    json_object_new_int64(t.stream_id));
	json_object_object_add(o, "vod_id", json_object_new_string(t.vod_id));
	json_object_object_add(o, "status_url", json_object_new_string(loc));
	ac_reply_json(req, 202, o);
	json_object_put(o);
}

/* POST with a urlencoded form: the field "url". */
static void
submit_form(struct ac_req *req, struct api *a, struct ac_store *st)
{
	struct ac_value	 vals[FKEY__MAX];

	memset(vals, 0, sizeof(vals));
	if (ac_req_form(req, link_keys, FKEY__MAX, vals) == -1)
		goto out;
	if (vals[FKEY_CHAT].present) {
		ac_reply_fail(req, "unsupported_media_type",
		    "a chat cannot be sent as a urlencoded form: send it as "
		    "the body or as the file field \"chat\" of "
		    "multipart/form-data");
		goto out;
	}
	if (!vals[FKEY_URL].present) {
		ac_reply_fail(req, "missing_field",
		    "the form needs the field \"url\": a Kick VOD link");
		goto out;
	}
	submit_link(req, a, st, vals[FKEY_URL].s);
out:
	ac_values_clear(vals, FKEY__MAX);
}

static void
h_analyze(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct ac_store		*st;
	struct job		 j;
	struct ac_import_out	 out;
	struct ac_value		 vals[KEY__MAX];
	struct json_object	*an = NULL, *lo;
	struct ac_memsrc	 mem;
	const char		*vod_id = NULL, *url;
	char			 loc[64], *text = NULL;
	struct ac_error	 ebuf;
	char			*small = NULL;
	size_t			 i, len;
	int			 multipart;
	enum ac_err		 e;

	memset(&j, 0, sizeof(j));
	memset(&mem, 0, sizeof(mem));
	memset(&out, 0, sizeof(out));
	memset(vals, 0, sizeof(vals));
	j.api = a;
	if (ac_req_is_type(req, "application/x-www-form-urlencoded")) {
		if ((st = api_store(req, a)) != NULL)
			submit_form(req, a, st);
		return;
	}
	multipart = ac_req_is_type(req, "multipart/form-data");
	for (i = 0; !multipart && chat_types[i] != NULL; i++)
		if (ac_req_is_type(req, chat_types[i]))
			break;
	if (!multipart && chat_types[i] == NULL) {
		ac_reply_fail(req, "unsupported_media_type",
		    "send the chat as application/json, application/x-ndjson, "
		    "application/gzip or application/octet-stream, or as the "
		    "file field \"chat\" of multipart/form-data; a link as "
		    "{\"url\": ...} or the form field \"url\"");
		return;
	}
	if ((st = api_store(req, a)) == NULL)
		return;
	/* A small JSON body may be a link: read it whole and look. */
	if (ac_req_is_type(req, "application/json") &&
	    req->content_length <= AC_MAX_JSON_BODY) {
		if (ac_req_body(req, AC_MAX_JSON_BODY, &small, &len) == -1)
			return;
		if (is_link_json(small, len, &lo, &url)) {
			char	 key[64], detail[128];

			if (ac_json_dup_key(small, len, key, sizeof(key)) ==
			    1) {
				snprintf(detail, sizeof(detail), "the key "
				    "\"%s\" is repeated", key);
				ac_reply_fail(req, "duplicate_key", detail);
			} else if (url == NULL)
				ac_reply_fail(req, "invalid_link", "\"url\" "
				    "must be a Kick VOD link (a string)");
			else
				submit_link(req, a, st, url);
			json_object_put(lo);
			free(small);
			return;
		}
		mem.s = small;
		mem.len = len;
	}
	if (req->query[KEY_VOD_ID].present)
		vod_id = req->query[KEY_VOD_ID].s;
	if ((e = ac_import_begin(&j.im, &a->set, st, &a->set.hype,
	    multipart ? NULL : vod_id, &ebuf)) != AC_OK) {
		ac_req_log(req, __func__, "import: %s", ebuf.text);
		api_store_error(req, e == AC_ERR_DB ? e : AC_ERR_IO, &ebuf,
		    __func__, "");
		return;
	}
	if ((j.debug = a->set.debug) != 0 &&
	    (j.first = json_object_new_array()) != NULL)
		ac_import_tap(j.im, keep_first, &j);
	if (multipart) {
		if (ac_req_upload(req, "chat", upload_chat, &j, keys, KEY__MAX,
		    vals) == -1)
			goto out;
		if (vals[KEY_VOD_ID].present) {
			if (vod_id != NULL) {
				ac_reply_fail(req, "duplicate_field",
				    "vod_id given both as a field and in the "
				    "query");
				goto out;
			}
			vod_id = vals[KEY_VOD_ID].s;
		}
	} else {
		if (read_chat(req, &j, small != NULL ? ac_mem_read : ac_req_read,
		    small != NULL ? (void *)&mem : (void *)req, NULL) == -1)
			goto out;
		vod_id = NULL;	/* given to ac_import_begin already */
	}
	if (j.debug) {
		debug_input(req, &j);
		j.input_written = 1;
	}
	if (ac_import_stats(j.im)->messages == 0) {
		ac_reply_fail(req, "no_messages",
		    "the chat has no usable message (each needs a valid "
		    "created_at)");
		goto out;
	}
	if ((e = ac_import_finish(j.im, vod_id, 1, &out, &ebuf)) != AC_OK) {
		if (e == AC_ERR_VALUE)
			ac_reply_fail(req, "invalid_vod_id", ebuf.text);
		else {
			ac_req_log(req, __func__, "import: %s", ebuf.text);
			api_store_error(req, e == AC_ERR_NOTFOUND ?
			    AC_ERR_IO : e, &ebuf, __func__, "");
		}
		goto out;
	}
	(void)ac_debug_normalized(&a->set, out.vod_id, &out.vod, &out.stats,
	    out.result.duplicates, j.first);
	(void)ac_debug_results(&a->set, &out.result);
	if (ac_req_wants_html(req)) {
		snprintf(loc, sizeof(loc), STREAM_PAGE "%lld",
		    (long long)out.stream_id);
		ac_reply_see_other(req, loc);
		goto out;
	}
	if ((e = ac_store_analysis(st, out.stream_id, 1, &an, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__,
		    "the VOD was deleted");
		goto out;
	}
	ac_reply_json(req, 200, an);
out:
	/* A refused chat is worth a record too. */
	if (j.debug && !j.input_written && j.tee.total > 0)
		debug_input(req, &j);
	free(text);
	free(small);
	json_object_put(an);
	json_object_put(j.first);
	ac_values_clear(vals, KEY__MAX);
	ac_result_free(&out.result);
	ac_import_free(j.im);
}

/* Answer a job's status; 404 when there is none. */
static void
reply_job(struct ac_req *req, struct api *a, struct ac_store *st, int64_t id)
{
	struct ac_error	 dberr = { 0 };
	char		*json = NULL;
	enum ac_err	 e;

	if ((e = ac_job_status_json(st, id, &json, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such job");
		return;
	}
	api_reply_text(req, 200, json);
}

static void
h_job_get(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api	*a = ctx;
	struct ac_store	*st;

	char			*json = NULL;
	struct json_object	*o;
	enum ac_err		 e;

	if ((st = api_store(req, a)) == NULL)
		return;
	ac_reply_header(req, "Vary", "Accept");
	if (!ac_req_wants_html(req)) {
		reply_job(req, a, st, req->cap[0].i);
		return;
	}
	if ((e = ac_job_status_json(st, req->cap[0].i, &json, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such job");
		return;
	}
	if ((o = json_tokener_parse(json)) == NULL)
		ac_reply_fail(req, "internal_error", "internal error");
	else
		page_job(req, &a->set, o);
	json_object_put(o);
	free(json);
}

/* The cancel form of the job page: its token field only. */
static const struct ac_key cancel_keys[] = {
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },
};

/* Cancel a queued or running job: 200 with it; 409 when it had ended. */
static void
h_job_delete(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api	*a = ctx;
	struct ac_store	*st;
	struct ac_job	 jb;
	char		 msg[128];
	enum ac_err	 e;
	struct ac_value	 tok[1];

	/* The page's form: its token field only (checked before). */
	if (req->method == AC_METHOD_POST) {
		if (ac_req_form(req, cancel_keys, 1, tok) == -1)
			return;
		ac_values_clear(tok, 1);
	}
	if ((st = api_store(req, a)) == NULL)
		return;
	if ((e = ac_store_job_get(st, req->cap[0].i, &jb, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such job");
		return;
	}
	if (jb.state == AC_JOB_DONE || jb.state == AC_JOB_FAILED) {
		snprintf(msg, sizeof(msg), "the job has ended already (%s)",
		    ac_job_state_name(jb.state));
		ac_reply_fail(req, "job_ended", msg);
		return;
	}
	if (jb.state != AC_JOB_CANCELLED &&
	    (e = ac_job_cancel(st, jb.id, &dberr)) != AC_OK) {
		api_store_error(req, e, &dberr, __func__, "no such job");
		return;
	}
	if (req->method == AC_METHOD_POST) {
		snprintf(msg, sizeof(msg), JOB_PAGE "%lld", (long long)jb.id);
		ac_reply_see_other(req, msg);
		return;
	}
	reply_job(req, a, st, jb.id);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_POST, "/analyze", h_analyze, keys, KEY__MAX,
	    AC_BODY_REQUIRED, ANALYZE_BODY_MAX, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/analyze", h_analyze, keys, KEY__MAX,
	    AC_BODY_REQUIRED, ANALYZE_BODY_MAX,
	    AC_ROUTE_WRITE | AC_ROUTE_FORM | AC_ROUTE_UPLOAD },
	{ AC_METHOD_GET, "/api/jobs/{id}", h_job_get, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_DELETE, "/api/jobs/{id}", h_job_delete, NULL, 0,
	    AC_BODY_NONE, 0, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/jobs/{id}/cancel", h_job_delete, NULL, 0,
	    AC_BODY_REQUIRED, AC_MAX_FORM_BODY, AC_ROUTE_WRITE | AC_ROUTE_FORM },
};

const struct api_program api_program = {
	"analyze.fcgi", routes, API_NROUTES(routes), 0
};
