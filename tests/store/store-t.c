/* SPDX-License-Identifier: ISC */
/*
 * store-t.c: the store contract, run against any backend.  The database
 * named by AUTOCLIP_TEST_DATABASE_URL is wiped first: never point it at
 * data you want to keep.
 *
 * Length: one suite run in order on one database (store-sqlite.sh and
 * store-pg.sh run it on each backend); each subject builds on the rows
 * the ones before it left (the learning part counts the reviews and
 * channels of the analysis part), so a second program would have to
 * build that state again.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "store/store.h"
#include "store/backend.h"
#include "../tools/tap.h"

#define NPROC		 4	/* concurrent claimers / upserters */
#define NJOBS		 40	/* jobs they share */
#define NUPSERT		 8	/* processes upserting one vod at once */

static const char	*url;
static struct ac_error		 err;

static struct ac_store *
open_store(void)
{
	struct ac_store	*st;
	enum ac_err	 rc;

	if ((rc = ac_store_open(&st, url, 0, NULL, &err)) != AC_OK)
		bail("open %s: %s", url, err.text);
	return st;
}

static void
stream_init(struct ac_stream *s, const char *vod, const char *status)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->vod_id, sizeof(s->vod_id), "%s", vod);
	snprintf(s->title, sizeof(s->title), "title of %s", vod);
	snprintf(s->channel, sizeof(s->channel), "chan");
	s->status = (enum ac_stream_status)ac_stream_status_parse(status);
	s->has_start = 1;
	s->vod_start = 1756082443.5;
	s->duration_s = 3600;
}

static void
result_init(struct ac_result *r, const double *peaks, size_t n)
{
	static struct ac_clip	 clips[8];
	static double		 tl[4] = { 1, 2.5, 3, 0 };
	size_t			 i;

	memset(r, 0, sizeof(*r));
	ac_vod_init(&r->vod);
	ac_hype_config_default(&r->config);
	r->config.window_s = 12.5;
	r->message_count = 1234;
	for (i = 0; i < n; i++) {
		memset(&clips[i], 0, sizeof(clips[i]));
		clips[i].rank = (int)i + 1;
		clips[i].peak = peaks[i];
		clips[i].start = peaks[i] - 20;
		clips[i].end = peaks[i] + 10;
		clips[i].score = 10.0 - (double)i;
		clips[i].virality = 90 - (int)i;
	}
	r->clips = clips;
	r->nclips = n;
	r->timeline_start = 0;
	r->timeline_step = 5;
	r->timeline = tl;
	r->ntimeline = 4;
}

static void
test_schema(void)
{
	struct ac_error	 dberr;
	struct ac_store	*st;
	enum ac_err	 rc;
	int		 applied, latest = ac_store_schema_version();

	/* Start from nothing. */
	if ((rc = ac_store_open(&st, url, 1, NULL, &err)) != AC_OK)
		bail("open: %s", err.text);
	if (store_reset(st, &dberr) != AC_OK)
		bail("reset: %s", dberr.text);
	ac_store_close(st);

	rc = ac_store_open(&st, url, 0, NULL, &err);
	is_int(rc, AC_ERR_SCHEMA, "empty database: schema error");
	ok(strstr(err.text, "version 0") != NULL &&
	    strstr(err.text, "run `autoclip migrate`") != NULL,
	    "empty database: asks for migrate (%s)", err.text);
	rc = ac_store_open(&st, url, 1, &applied, &err);
	is_int(rc, AC_OK, "migrate");
	is_int(applied, latest, "every migration applied");
	ac_store_close(st);
	rc = ac_store_open(&st, url, 1, &applied, &err);
	is_int(applied, 0, "migrate again: nothing to do");

	is_int(store_force_version(st, latest + 1, &dberr), AC_OK,
	    "force newer");
	ac_store_close(st);
	rc = ac_store_open(&st, url, 0, NULL, &err);
	is_int(rc, AC_ERR_SCHEMA, "newer schema: schema error");
	ok(strstr(err.text, "newer") != NULL, "newer schema: says so (%s)", err.text);
	rc = ac_store_open(&st, url, 1, NULL, &err);
	is_int(rc, AC_ERR_SCHEMA, "newer schema: migrate refuses too");

	/* Back to the real version through a raw handle. */
	if (strncmp(url, "sqlite://", 9) == 0)
		rc = store_sqlite_open(&st, url + 9, &err);
	else
		rc = store_pg_open(&st, url, &err);
	if (rc != AC_OK)
		bail("raw open: %s", err.text);
	if (latest > 1) {
		is_int(store_force_version(st, latest - 1, &dberr), AC_OK,
		    "force older");
		ac_store_close(st);
		rc = ac_store_open(&st, url, 0, NULL, &err);
		is_int(rc, AC_ERR_SCHEMA, "older schema: schema error");
		ok(strstr(err.text, "autoclip migrate") != NULL, "older: %s", err.text);
		if (strncmp(url, "sqlite://", 9) == 0)
			store_sqlite_open(&st, url + 9, &err);
		else
			store_pg_open(&st, url, &err);
	}
	is_int(store_force_version(st, latest, &dberr), AC_OK, "force current");
	ac_store_close(st);
	st = open_store();
	ok(st != NULL, "current schema opens");
	ac_store_close(st);

	rc = ac_store_open(&st, "mysql://x", 0, NULL, &err);
	is_int(rc, AC_ERR_VALUE, "unknown scheme refused");
}

static void
test_streams(struct ac_store *st)
{
	struct ac_stream	 s, g, *v;
	int64_t			 id1, id2, id;
	size_t			 n;
	int			 i;
	char			 vod[32];

	stream_init(&s, "vod-a", "queued");
	is_int(ac_store_stream_upsert(st, &s, &id1, NULL), AC_OK, "upsert");
	snprintf(s.title, sizeof(s.title), "new title");
	s.message_count = 77;
	s.chat_downloaded = 1;
	is_int(ac_store_stream_upsert(st, &s, &id2, NULL), AC_OK,
	    "upsert again");
	is_int(id1, id2, "same row");
	is_int(ac_store_stream_get(st, id1, &g, NULL), AC_OK, "get by id");
	is_str(g.vod_id, "vod-a", "vod id");
	is_str(g.title, "new title", "title updated");
	is_int(g.message_count, 77, "message count");
	is_int(g.chat_downloaded, 1, "chat downloaded");
	is_int(g.has_start, 1, "has start");
	is_double(g.vod_start, 1756082443.5, 0.01, "vod start");
	is_double(g.duration_s, 3600, 1e-9, "duration");
	is_str(ac_stream_status_name(g.status), "queued", "status");
	ok(g.created_at > 1.6e9 && g.updated_at >= g.created_at,
	    "timestamps are epoch seconds");
	is_int(ac_store_stream_get_vod(st, "vod-a", &g, NULL), AC_OK,
	    "get by vod");
	is_int(g.id, id1, "same id by vod");
	is_int(ac_store_stream_get_vod(st, "nope", &g, NULL), AC_ERR_NOTFOUND,
	    "missing vod");
	is_int(ac_store_stream_get(st, id1 + 1000, &g, NULL), AC_ERR_NOTFOUND,
	    "missing id");
	stream_init(&s, "../x", "queued");
	is_int(ac_store_stream_upsert(st, &s, &id, NULL), AC_ERR_VALUE,
	    "bad vod id refused");
	stream_init(&s, "vod-b", "bogus");
	is_int(ac_store_stream_upsert(st, &s, &id, NULL), AC_ERR_VALUE,
	    "bad status refused");

	for (i = 0; i < 5; i++) {
		snprintf(vod, sizeof(vod), "list-%d", i);
		stream_init(&s, vod, i % 2 ? "analyzed" : "failed");
		if (ac_store_stream_upsert(st, &s, &id, NULL) != AC_OK)
			bail("upsert %s", vod);
	}
	is_int(ac_store_stream_list(st, 3, 0, &v, &n, NULL), AC_OK, "list");
	is_int(n, 3, "limit 3");
	if (n == 3) {
		is_str(v[0].vod_id, "list-4", "newest first");
		is_str(v[2].vod_id, "list-2", "third newest");
	}
	free(v);
	is_int(ac_store_stream_list(st, 3, 3, &v, &n, NULL), AC_OK,
	    "list offset 3");
	is_int(n, 3, "rest of 6");
	if (n == 3)
		is_str(v[2].vod_id, "vod-a", "oldest last");
	free(v);
	is_int(ac_store_stream_list(st, 10, 100, &v, &n, NULL), AC_OK,
	    "past end");
	is_int(n, 0, "nothing past the end");
	free(v);
	is_int(ac_store_stream_list(st, 0, 0, &v, &n, NULL), AC_ERR_VALUE,
	    "limit 0 refused");
	is_int(ac_store_stream_list(st, AC_STORE_LIST_MAX + 1, 0, &v, &n, NULL),
	    AC_ERR_VALUE, "limit too large refused");
	is_int(ac_store_stream_list(st, 1, -1, &v, &n, NULL), AC_ERR_VALUE,
	    "negative offset refused");

	/* The library's search: text in title or channel, sorts, total. */
	{
		struct ac_stream_query	 q;
		int64_t			 total = -1;

		memset(&q, 0, sizeof(q));
		q.limit = 2;
		q.text = "";
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_OK,
		    "search all");
		is_int(n, 2, "search: a page of 2");
		is_int(total, 6, "search: 6 in all");
		if (n == 2)
			is_str(v[0].vod_id, "list-4", "search: newest first");
		free(v);
		q.sort = AC_SORT_OLDEST;
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_OK,
		    "search oldest");
		if (n == 2)
			is_str(v[0].vod_id, "vod-a", "search: oldest first");
		free(v);
		q.text = "NO SUCH TITLE";
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_OK,
		    "search nothing");
		is_int(n, 0, "search: no row");
		is_int(total, 0, "search: total 0");
		free(v);
		q.text = "'; DROP TABLE streams; --";
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_OK,
		    "search with SQL in the text");
		is_int(total, 0, "search: SQL is only text");
		free(v);
		q.text = "";
		q.sort = (enum ac_stream_sort)AC_SORT__MAX;
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_ERR_VALUE, "search: bad sort refused");
		q.sort = AC_SORT_CLIPS;
		q.limit = 0;
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_ERR_VALUE, "search: limit 0 refused");
	}

	is_int(ac_store_stream_pending(st, 10, &v, &n, NULL), AC_OK, "pending");
	is_int(n, 4, "queued and failed ones");
	if (n == 4) {
		is_str(v[0].vod_id, "list-4", "pending newest first");
		is_str(v[3].vod_id, "vod-a", "pending oldest last");
	}
	free(v);

	is_int(ac_store_stream_set_status(st, id1, AC_STREAM_FAILED, "boom",
	    NULL), AC_OK,
	    "set status");
	ac_store_stream_get(st, id1, &g, NULL);
	is_str(ac_stream_status_name(g.status), "failed", "status set");
	is_str(g.error, "boom", "error set");
	is_int(ac_store_stream_set_status(st, id1,
	    (enum ac_stream_status)AC_STREAM__MAX, NULL, NULL), AC_ERR_VALUE,
	    "bad stream status refused");
	is_int(ac_store_stream_set_status(st, id1 + 1000, AC_STREAM_FAILED,
	    NULL, NULL),
	    AC_ERR_NOTFOUND, "set status of a missing stream");
}

static void
test_analysis(struct ac_store *st)
{
	static const double	 p1[] = { 100, 500, 900 };
	static const double	 p2[] = { 1000, 108, 510, 2000 };
	struct ac_stream	 s;
	struct ac_stored_clip	*c, one;
	struct ac_stream	*v;
	struct ac_result	 r;
	struct json_object	*o, *a, *e, *x;
	char			*json;
	int64_t			 sid, id100, id900;
	size_t			 n;

	stream_init(&s, "ana", "running");
	if (ac_store_stream_upsert(st, &s, &sid, NULL) != AC_OK)
		bail("upsert ana");
	is_int(ac_store_analysis_json(st, sid, &json, NULL), AC_ERR_NOTFOUND,
	    "no analysis yet");
	result_init(&r, p1, 3);
	is_int(ac_store_analysis_save(st, sid, &r, NULL), AC_OK,
	    "save analysis");
	is_int(ac_store_analysis_save(st, sid + 1000, &r, NULL),
	    AC_ERR_NOTFOUND,
	    "save for a missing stream");
	is_int(ac_store_clips(st, sid, &c, &n, NULL), AC_OK, "clips");
	is_int(n, 3, "three clips");
	if (n != 3)
		bail("clips");
	is_int(c[0].rank, 1, "by rank");
	is_double(c[0].peak, 100, 1e-9, "peak");
	is_double(c[0].start, 80, 1e-9, "start");
	is_double(c[0].end, 110, 1e-9, "end");
	is_double(c[0].score, 10, 1e-9, "score");
	is_int(c[0].virality, 90, "virality");
	is_str(ac_clip_status_name(c[0].status), "pending", "pending");
	is_int(c[0].stream_id, sid, "stream id");
	id100 = c[0].id;
	id900 = c[2].id;
	free(c);
	ac_store_stream_get(st, sid, &s, NULL);
	is_str(ac_stream_status_name(s.status), "analyzed", "stream analyzed");
	is_int(s.message_count, 1234, "message count saved");
	is_int(s.clips_count, 3, "clips_count");

	is_int(ac_store_clip_set_status(st, id100, AC_CLIP_APPROVED, NULL),
	    AC_OK,
	    "approve");
	is_int(ac_store_clip_set_status(st, id900, AC_CLIP_REJECTED, NULL),
	    AC_OK,
	    "reject");
	is_int(ac_store_clip_set_status(st, id100,
	    (enum ac_clip_status)AC_CLIP__MAX, NULL), AC_ERR_VALUE,
	    "invalid clip status");
	is_int(ac_store_clip_set_status(st, id100 + 1000, AC_CLIP_APPROVED,
	    NULL),
	    AC_ERR_NOTFOUND, "missing clip");
	is_int(ac_store_clip_get(st, id100, &one, NULL), AC_OK, "clip get");
	is_str(ac_clip_status_name(one.status), "approved", "approved stored");
	/* Bounds moved by a reviewer. */
	is_int(ac_store_clip_set_bounds(st, id100, 75.5, 112, NULL), AC_OK,
	    "move bounds");
	is_int(ac_store_clip_get(st, id100, &one, NULL), AC_OK,
	    "clip get again");
	is_double(one.start, 75.5, 1e-9, "start moved");
	is_double(one.end, 112, 1e-9, "end moved");
	is_str(ac_clip_status_name(one.status), "approved", "status kept");
	is_int(ac_store_clip_set_bounds(st, id100, 50, 40, NULL), AC_ERR_VALUE,
	    "end before start refused");
	is_int(ac_store_clip_set_bounds(st, id100, -1, 40, NULL), AC_ERR_VALUE,
	    "negative start refused");
	is_int(ac_store_clip_set_bounds(st, id100, 0, AC_CLIP_LEN_MAX + 1,
	    NULL),
	    AC_ERR_VALUE, "too long refused");
	is_int(ac_store_clip_set_bounds(st, id100, NAN, 40, NULL),
	    AC_ERR_VALUE, "NaN refused");
	is_int(ac_store_clip_set_bounds(st, id100 + 1000, 1, 2, NULL),
	    AC_ERR_NOTFOUND, "bounds of a missing clip");
	is_int(ac_store_clip_set_bounds(st, id100, 80, 110, NULL), AC_OK,
	    "bounds back");
	{
		struct ac_stream_query	 q;
		int64_t			 total;

		memset(&q, 0, sizeof(q));
		q.limit = 10;
		q.sort = AC_SORT_CLIPS;
		is_int(ac_store_stream_search(st, &q, &v, &n, &total, NULL),
		    AC_OK,
		    "search by clips");
		if (n > 0) {
			is_int(v[0].id, sid, "search: most clips first");
			is_int(v[0].clips_count, 3, "search: clips_count");
			is_int(v[0].approved_count, 1, "search: approved_count");
		}
		free(v);
	}

	/* Re-analysis: 108 is the moment at 100, 510 the one at 500. */
	result_init(&r, p2, 4);
	is_int(ac_store_analysis_save(st, sid, &r, NULL), AC_OK,
	    "replace analysis");
	is_int(ac_store_clips(st, sid, &c, &n, NULL), AC_OK, "clips again");
	is_int(n, 4, "four clips now");
	if (n == 4) {
		is_str(ac_clip_status_name(c[0].status), "pending", "new moment pending");
		is_str(ac_clip_status_name(c[1].status), "approved", "approval carried over");
		is_str(ac_clip_status_name(c[2].status), "pending", "pending stays pending");
		is_str(ac_clip_status_name(c[3].status), "pending", "far moment pending");
	}
	is_int(ac_store_clip_get(st, id900, &one, NULL), AC_ERR_NOTFOUND,
	    "vanished moment gone");

	is_int(ac_store_analysis_json(st, sid, &json, NULL), AC_OK,
	    "analysis json");
	o = json != NULL ? json_tokener_parse(json) : NULL;
	ok(o != NULL, "json parses");
	if (o != NULL && json_object_object_get_ex(o, "potential_clips", &a) &&
	    json_object_array_length(a) == n && n == 4) {
		e = json_object_array_get_idx(a, 1);
		ok(json_object_object_get_ex(e, "status", &x) &&
		    strcmp(json_object_get_string(x), "approved") == 0,
		    "json clip status");
		ok(json_object_object_get_ex(e, "id", &x) &&
		    json_object_get_int64(x) == c[1].id, "json clip id");
		ok(json_object_object_get_ex(e, "peak", &x) &&
		    json_object_get_double(x) == 108, "json clip peak");
	} else
		ok(0, "json potential_clips");
	if (o != NULL && json_object_object_get_ex(o, "config", &a) &&
	    json_object_object_get_ex(a, "window_s", &x))
		is_double(json_object_get_double(x), 12.5, 1e-9,
		    "stored config");
	else
		ok(0, "json config");
	if (o != NULL && json_object_object_get_ex(o, "hype_timeline", &a) &&
	    json_object_object_get_ex(a, "values", &x))
		is_int(json_object_array_length(x), 4, "stored timeline");
	else
		ok(0, "json timeline");
	if (o != NULL && json_object_object_get_ex(o, "vod", &a) &&
	    json_object_object_get_ex(a, "id", &x))
		is_str(json_object_get_string(x), "ana", "json vod id");
	else
		ok(0, "json vod");
	json_object_put(o);
	free(json);

	is_int(ac_store_clip_delete(st, c[0].id, NULL), AC_OK, "clip delete");
	is_int(ac_store_clip_delete(st, c[0].id, NULL), AC_ERR_NOTFOUND,
	    "clip delete twice");
	free(c);
	is_int(ac_store_clips(st, sid, &c, &n, NULL), AC_OK,
	    "clips after delete");
	is_int(n, 3, "one fewer");
	free(c);
}

static void
test_jobs(struct ac_store *st)
{
	struct ac_stream	 s;
	struct ac_job		 j;
	struct ac_stored_clip	*c, one;
	int64_t			 sid, jid, jid2, cid;
	size_t			 n;
	int			 k;

	stream_init(&s, "jobs", "queued");
	if (ac_store_stream_upsert(st, &s, &sid, NULL) != AC_OK)
		bail("upsert jobs");
	is_int(ac_store_job_claim(st, "w1", &j, NULL), AC_ERR_NOTFOUND,
	    "nothing queued");
	is_int(ac_store_job_active(st, "download", sid, &j, NULL),
	    AC_ERR_NOTFOUND,
	    "no active job");
	is_int(ac_store_job_enqueue(st, "download", sid, &jid, NULL), AC_OK,
	    "enqueue");
	is_int(ac_store_job_enqueue(st, "", sid, &jid2, NULL), AC_ERR_VALUE,
	    "empty kind refused");
	is_int(ac_store_job_get(st, jid, &j, NULL), AC_OK, "job get");
	is_str(ac_job_state_name(j.state), "queued", "queued");
	is_str(j.kind, "download", "kind");
	is_int(j.stream_id, sid, "job stream");
	is_int(j.attempts, 0, "no attempts");
	is_int(ac_store_job_active(st, "download", sid, &j, NULL), AC_OK,
	    "active");
	is_int(j.id, jid, "active is it");
	is_int(ac_store_job_claim(st, "w1", &j, NULL), AC_OK, "claim");
	is_int(j.id, jid, "claimed it");
	is_str(ac_job_state_name(j.state), "running", "running");
	is_str(j.worker, "w1", "worker");
	is_int(j.attempts, 1, "one attempt");
	ok(j.heartbeat_at > 1.6e9, "heartbeat set");
	is_int(ac_store_job_claim(st, "w2", &j, NULL), AC_ERR_NOTFOUND,
	    "nothing left to claim");
	is_int(ac_store_job_progress(st, jid, "w1", 0.5, "half", NULL), AC_OK,
	    "progress");
	is_int(ac_store_job_progress(st, jid, "w2", 0.6, "x", NULL),
	    AC_ERR_NOTFOUND, "progress by another worker");
	is_int(ac_store_job_progress(st, jid, "w1", 1.5, "x", NULL),
	    AC_ERR_VALUE,
	    "progress out of range");
	ac_store_job_get(st, jid, &j, NULL);
	is_double(j.progress, 0.5, 1e-9, "progress stored");
	is_str(j.message, "half", "message stored");
	is_int(ac_store_job_fail(st, jid, "w1", "network", NULL), AC_OK,
	    "fail");
	ac_store_job_get(st, jid, &j, NULL);
	is_str(ac_job_state_name(j.state), "failed", "failed");
	is_str(j.message, "network", "failure message");
	is_int(ac_store_job_finish(st, jid, "w1", NULL), AC_ERR_NOTFOUND,
	    "finish a failed job");
	is_int(ac_store_job_retry(st, jid, NULL), AC_OK, "retry");
	ac_store_job_get(st, jid, &j, NULL);
	is_str(ac_job_state_name(j.state), "queued", "queued again");
	is_int(ac_store_job_retry(st, jid, NULL), AC_ERR_NOTFOUND,
	    "retry a queued job");
	is_int(ac_store_job_claim(st, "w2", &j, NULL), AC_OK, "claim again");
	is_int(j.attempts, 2, "two attempts");
	is_int(ac_store_job_finish(st, jid, "w2", NULL), AC_OK, "finish");
	ac_store_job_get(st, jid, &j, NULL);
	is_str(ac_job_state_name(j.state), "done", "done");
	is_double(j.progress, 1, 1e-9, "progress 1");
	is_int(ac_store_job_cancel(st, jid, NULL), AC_ERR_NOTFOUND,
	    "cancel a done job");

	is_int(ac_store_job_enqueue(st, "export", sid, &jid2, NULL), AC_OK,
	    "enqueue another");
	is_int(ac_store_job_cancel(st, jid2, NULL), AC_OK, "cancel");
	ac_store_job_get(st, jid2, &j, NULL);
	is_str(ac_job_state_name(j.state), "cancelled", "cancelled");
	is_int(ac_store_job_claim(st, "w1", &j, NULL), AC_ERR_NOTFOUND,
	    "cancelled is not claimed");
	is_int(ac_store_job_retry(st, jid2, NULL), AC_OK, "retry cancelled");
	is_int(ac_store_job_claim(st, "w1", &j, NULL), AC_OK, "claim it");
	is_int(ac_store_job_reclaim(st, 3600, &k, NULL), AC_OK,
	    "reclaim fresh");
	is_int(k, 0, "a fresh heartbeat is kept");
	usleep(20000);
	is_int(ac_store_job_reclaim(st, 0.001, &k, NULL), AC_OK,
	    "reclaim stale");
	is_int(k, 1, "one stale job");
	ac_store_job_get(st, jid2, &j, NULL);
	is_str(ac_job_state_name(j.state), "queued", "stale job queued again");
	is_int(ac_store_job_progress(st, jid2, "w1", 0.1, "", NULL),
	    AC_ERR_NOTFOUND, "the old holder lost it");

	/* Deleting the stream takes clips and jobs along. */
	{
		static const double	 p[] = { 50 };
		struct ac_result	 r;

		result_init(&r, p, 1);
		if (ac_store_analysis_save(st, sid, &r, NULL) != AC_OK)
			bail("save");
	}
	ac_store_clips(st, sid, &c, &n, NULL);
	cid = n == 1 ? c[0].id : 0;
	free(c);
	is_int(ac_store_stream_delete(st, sid, NULL), AC_OK, "stream delete");
	is_int(ac_store_stream_delete(st, sid, NULL), AC_ERR_NOTFOUND,
	    "stream delete twice");
	is_int(ac_store_clip_get(st, cid, &one, NULL), AC_ERR_NOTFOUND,
	    "clips cascade");
	is_int(ac_store_job_get(st, jid, &j, NULL), AC_ERR_NOTFOUND,
	    "jobs cascade");
	is_int(ac_store_job_get(st, jid2, &j, NULL), AC_ERR_NOTFOUND,
	    "every job cascades");
}

/* Children claim until nothing is left, writing ids to fd; distinct overall. */
static void
test_claim_race(struct ac_store *st)
{
	struct ac_job	 j;
	int64_t		 id, got[NJOBS * 2];
	pid_t		 pid[NPROC];
	int		 fds[2], i, k, status, seen = 0, dup = 0, fails = 0;
	char		 w[16];
	ssize_t		 r;

	for (i = 0; i < NJOBS; i++)
		if (ac_store_job_enqueue(st, "race", 0, &id, NULL) != AC_OK)
			bail("enqueue race");
	if (pipe(fds) == -1)
		bail("pipe");
	for (i = 0; i < NPROC; i++) {
		if ((pid[i] = fork()) == -1)
			bail("fork");
		if (pid[i] == 0) {
			struct ac_store	*cs;
			enum ac_err	 rc;

			close(fds[0]);
			if (ac_store_open(&cs, url, 0, NULL, &err) != AC_OK)
				_exit(2);
			snprintf(w, sizeof(w), "w%d", i);
			while ((rc = ac_store_job_claim(cs, w, &j, NULL)) ==
			    AC_OK) {
				if (write(fds[1], &j.id, sizeof(j.id)) !=
				    sizeof(j.id))
					_exit(3);
				if (ac_store_job_finish(cs, j.id, w, NULL) !=
				    AC_OK)
					_exit(4);
			}
			ac_store_close(cs);
			_exit(rc == AC_ERR_NOTFOUND ? 0 : 5);
		}
	}
	close(fds[1]);
	while ((r = read(fds[0], &id, sizeof(id))) == sizeof(id)) {
		for (k = 0; k < seen; k++)
			if (got[k] == id)
				dup++;
		if (seen < NJOBS * 2)
			got[seen++] = id;
	}
	close(fds[0]);
	for (i = 0; i < NPROC; i++)
		if (waitpid(pid[i], &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			fails++;
	is_int(fails, 0, "%d claimers ended cleanly", NPROC);
	is_int(seen, NJOBS, "every job claimed once");
	is_int(dup, 0, "no job claimed twice");
	is_int(ac_store_job_claim(st, "w", &j, NULL), AC_ERR_NOTFOUND,
	    "queue empty after the race");
}

static void
test_upsert_race(struct ac_store *st)
{
	struct ac_stream	 s, *v;
	int64_t			 id, ids[NUPSERT];
	pid_t			 pid[NUPSERT];
	int			 fds[2], i, status, fails = 0, same = 1, cnt = 0;
	size_t			 n, k;

	if (pipe(fds) == -1)
		bail("pipe");
	for (i = 0; i < NUPSERT; i++) {
		if ((pid[i] = fork()) == -1)
			bail("fork");
		if (pid[i] == 0) {
			struct ac_store	*cs;

			close(fds[0]);
			if (ac_store_open(&cs, url, 0, NULL, &err) != AC_OK)
				_exit(2);
			stream_init(&s, "race-vod", "running");
			if (ac_store_stream_upsert(cs, &s, &id, NULL) != AC_OK)
				_exit(3);
			if (write(fds[1], &id, sizeof(id)) != sizeof(id))
				_exit(4);
			ac_store_close(cs);
			_exit(0);
		}
	}
	close(fds[1]);
	for (i = 0; i < NUPSERT; i++)
		if (read(fds[0], &ids[i], sizeof(ids[i])) != sizeof(ids[i]))
			break;
	close(fds[0]);
	for (i = 0; i < NUPSERT; i++)
		if (waitpid(pid[i], &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			fails++;
	is_int(fails, 0, "%d upserters ended cleanly", NUPSERT);
	for (i = 1; i < NUPSERT; i++)
		if (ids[i] != ids[0])
			same = 0;
	ok(same, "every upserter got the same id");
	if (ac_store_stream_list(st, AC_STORE_LIST_MAX, 0, &v, &n, NULL) !=
	    AC_OK)
		bail("list");
	for (k = 0; k < n; k++)
		if (strcmp(v[k].vod_id, "race-vod") == 0)
			cnt++;
	free(v);
	is_int(cnt, 1, "one row for the vod");
}

static void
test_archive_blob(struct ac_store *st)
{
	void	*d;
	size_t	 len;

	is_int(st->ops->archive_get(st, "blob", &d, &len, NULL),
	    AC_ERR_NOTFOUND,
	    "no archive blob");
	is_int(st->ops->archive_put(st, "blob", "\x1f\x8b\0abc", 6, NULL),
	    AC_OK,
	    "archive put");
	is_int(st->ops->archive_put(st, "blob", "\x1f\x8b\0abcd", 7, NULL),
	    AC_OK,
	    "archive put replaces");
	is_int(st->ops->archive_get(st, "blob", &d, &len, NULL), AC_OK,
	    "archive get");
	ok(len == 7 && memcmp(d, "\x1f\x8b\0abcd", 7) == 0,
	    "archive bytes intact (binary, NUL)");
	free(d);
	is_int(st->ops->archive_delete(st, "blob", NULL), AC_OK,
	    "archive delete");
	is_int(st->ops->archive_delete(st, "blob", NULL), AC_ERR_NOTFOUND,
	    "archive delete twice");
}

/* A label of labels[0..n) by its approval and its VOD; NULL when none. */
static const struct ac_label *
find_label(const struct ac_label *l, size_t n, int approved, uint64_t vod)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (l[i].approved == approved && l[i].vod == vod)
			return &l[i];
	return NULL;
}

/* Learning from review: features and proposed bounds kept, labels, weights. */
static void
test_learning(struct ac_store *st)
{
	static const double	 p[] = { 100, 500, 900 };
	struct ac_stream	 s;
	struct ac_stored_clip	*c, old;
	struct ac_result	 r;
	struct ac_label		*l;
	const struct ac_label	*a;
	struct ac_learned	 w;
	struct ac_clip		 clips_r[1];
	struct ac_stored_learned g, *lv;
	struct json_object	*o, *arr, *e;
	char			**names;
	int64_t			 sid, sid2, sid3;
	size_t			 n, n0, i, j;

	/* Earlier tests reviewed clips of channel "chan". */
	if (ac_store_labels(st, NULL, 100, &l, &n0, &err) != AC_OK)
		bail("labels: %s", err.text);
	free(l);
	stream_init(&s, "learn-1", "running");
	snprintf(s.channel, sizeof(s.channel), "tea'; --");
	if (ac_store_stream_upsert(st, &s, &sid, NULL) != AC_OK)
		bail("upsert learn-1");
	result_init(&r, p, 3);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < AC_NFEAT; j++)
			r.clips[i].features[j] = (double)i - 0.25 * (double)j +
			    0.0004;
		r.clips[i].learned_delta = 0.5 * (double)i;
	}
	ac_learned_init(&r.learned);
	r.learned.on = 1;
	r.learned.start_shift_s = -4;
	r.learned.end_shift_s = 2.5;
	is_int(ac_store_analysis_save(st, sid, &r, NULL), AC_OK,
	    "save an analysis with features");
	is_int(ac_store_clips(st, sid, &c, &n, NULL), AC_OK, "its clips");
	if (n != 3)
		bail("clips of learn-1: %zu", n);
	ok(c[1].has_features && fabs(c[1].features[AC_FEAT_SENDERS] - 1) <
	    1e-9 && fabs(c[1].features[AC_FEAT_REPEAT] - (1 - 1.5)) < 1e-9,
	    "features kept (3 decimals)");
	ok(c[1].has_proposed && c[1].proposed_start == c[1].start &&
	    c[1].proposed_end == c[1].end, "proposed bounds are the clip's");
	ok(c[1].start_shift_s == -4 && c[1].end_shift_s == 2.5,
	    "the learned shifts the proposal had");
	ok(c[1].has_learned_delta && c[1].learned_delta == 0.5,
	    "the learned delta it was ranked with");
	if (ac_store_analysis(st, sid, 0, &o, NULL) == AC_OK &&
	    json_object_object_get_ex(o, "potential_clips", &arr) &&
	    (e = json_object_array_get_idx(arr, 1)) != NULL) {
		struct json_object	*f, *x;

		ok(json_object_object_get_ex(e, "features", &f) &&
		    json_object_object_get_ex(f, "senders", &x) &&
		    json_object_get_double(x) == 1,
		    "the stored analysis shows the features");
		ok(json_object_object_get_ex(e, "learned_delta", &x) &&
		    json_object_get_double(x) == 0.5,
		    "and the learned delta");
	} else
		ok(0, "stored analysis of learn-1");
	json_object_put(o);
	is_int(ac_store_labels(st, "tea'; --", 100, &l, &n, NULL), AC_OK,
	    "labels before review");
	is_int(n, 0, "nothing reviewed: no label");
	free(l);

	/* Review: approve #1 and move it, reject #3, leave #2. */
	is_int(ac_store_clip_set_status(st, c[0].id, AC_CLIP_APPROVED, NULL),
	    AC_OK,
	    "approve");
	is_int(ac_store_clip_set_bounds(st, c[0].id, c[0].start + 3,
	    c[0].end - 6, NULL), AC_OK, "move its bounds");
	is_int(ac_store_clip_set_status(st, c[2].id, AC_CLIP_REJECTED, NULL),
	    AC_OK,
	    "reject");
	is_int(ac_store_clip_get(st, c[0].id, &old, NULL), AC_OK, "moved clip");
	ok(old.proposed_start == c[0].start && old.proposed_end == c[0].end &&
	    old.start == c[0].start + 3, "moving leaves the proposed bounds");
	/* Re-analysed: the moved bounds stay the editor's, the new proposed. */
	clips_r[0] = r.clips[0];
	r.clips[0].start += 1;
	r.clips[0].end += 1;
	is_int(ac_store_analysis_save(st, sid, &r, NULL), AC_OK, "re-analysed");
	free(c);
	is_int(ac_store_clips(st, sid, &c, &n, NULL), AC_OK, "its clips");
	ok(n == 3 && c[0].status == AC_CLIP_APPROVED &&
	    c[0].start == old.start && c[0].end == old.end &&
	    c[0].proposed_start == clips_r[0].start + 1 &&
	    c[0].proposed_end == clips_r[0].end + 1,
	    "re-analysis keeps the editor's bounds, the new ones proposed");
	ok(n == 3 && c[2].status == AC_CLIP_REJECTED &&
	    c[2].start == c[2].proposed_start,
	    "a clip not moved takes the new bounds");
	ok(n == 3 && fabs(c[0].updated_at - old.updated_at) < 0.01,
	    "a review carried over keeps its time (labels are most recent first)");
	r.clips[0] = clips_r[0];
	is_int(ac_store_labels(st, "tea'; --", 100, &l, &n, NULL), AC_OK,
	    "labels");
	is_int(n, 2, "two reviewed clips: two labels");
	a = find_label(l, n, 1, (uint64_t)sid);
	ok(a != NULL && a->moved && fabs(a->start_delta - 2) < 1e-9 &&
	    fabs(a->end_delta + 7) < 1e-9,
	    "approved and moved: the deltas from the latest proposal");
	ok(a != NULL && a->start_shift_s == -4 && a->end_shift_s == 2.5 &&
	    fabs(a->x[AC_FEAT_SENDERS]) < 1e-9 &&
	    fabs(a->x[AC_FEAT_MESSAGES] + 0.25) < 1e-9,
	    "its shifts and features");
	a = find_label(l, n, 0, (uint64_t)sid);
	ok(a != NULL && !a->moved && a->start_delta == 0 &&
	    fabs(a->x[AC_FEAT_SENDERS] - 2) < 1e-9, "rejected, not moved");
	ok(n == 2 && l[0].approved == 0, "most recently reviewed first");
	free(l);
	is_int(ac_store_labels(st, "tea'; --", 1, &l, &n, NULL), AC_OK,
	    "labels, at most 1");
	ok(n == 1 && l[0].approved == 0, "the cap keeps the most recent");
	free(l);
	is_int(ac_store_labels(st, "tea", 100, &l, &n, NULL), AC_OK,
	    "labels of another channel");
	is_int(n, 0, "none: the channel is matched whole, as text");
	free(l);
	is_int(ac_store_labels(st, NULL, 0, &l, &n, NULL), AC_ERR_VALUE,
	    "max 0 refused");
	is_int(ac_store_labels(st, NULL, AC_LEARN_LABELS_MAX + 1, &l, &n, NULL),
	    AC_ERR_VALUE, "max over AC_LEARN_LABELS_MAX refused");

	/* A clip analysed before features were kept is no label. */
	stream_init(&s, "learn-old", "running");
	snprintf(s.channel, sizeof(s.channel), "other");
	if (ac_store_stream_upsert(st, &s, &sid2, NULL) != AC_OK)
		bail("upsert learn-old");
	memset(&old, 0, sizeof(old));
	old.rank = 1;
	old.start = 10;
	old.end = 40;
	old.peak = 20;
	old.score = 3;
	old.status = AC_CLIP_APPROVED;
	if (st->ops->begin(st, &err) != AC_OK ||
	    st->ops->analysis_replace(st, sid2, "{}", "{}", 5, &old, 1,
	    &err) != AC_OK || st->ops->commit(st, &err) != AC_OK)
		bail("old clip: %s", err.text);
	free(c);
	is_int(ac_store_clips(st, sid2, &c, &n, NULL), AC_OK, "old clip");
	ok(n == 1 && !c[0].has_features && !c[0].has_proposed,
	    "no features, no proposed bounds (NULL)");
	free(c);
	if (ac_store_analysis(st, sid2, 0, &o, NULL) == AC_OK &&
	    json_object_object_get_ex(o, "potential_clips", &arr) &&
	    (e = json_object_array_get_idx(arr, 0)) != NULL)
		ok(!json_object_object_get_ex(e, "features", NULL) &&
		    !json_object_object_get_ex(e, "learned_delta", NULL),
		    "its analysis shows no features, no learned delta");
	else
		ok(0, "analysis of the old clip");
	json_object_put(o);
	stream_init(&s, "learn-2", "running");
	snprintf(s.channel, sizeof(s.channel), "other");
	if (ac_store_stream_upsert(st, &s, &sid3, NULL) != AC_OK ||
	    ac_store_analysis_save(st, sid3, &r, NULL) != AC_OK ||
	    ac_store_clips(st, sid3, &c, &n, NULL) != AC_OK || n != 3 ||
	    ac_store_clip_set_status(st, c[1].id, AC_CLIP_APPROVED, NULL) !=
	    AC_OK)
		bail("learn-2");
	free(c);
	is_int(ac_store_labels(st, "other", 100, &l, &n, NULL), AC_OK,
	    "labels of a channel with an old clip");
	ok(n == 1 && l[0].vod == (uint64_t)sid3, "only the clip with features");
	free(l);
	is_int(ac_store_labels(st, NULL, 100, &l, &n, NULL), AC_OK,
	    "labels of every channel");
	is_int(n, n0 + 3, "three more in all");
	free(l);
	is_int(ac_store_label_channels(st, 10, &names, &n, NULL), AC_OK,
	    "channels");
	ok(n == 3 && strcmp(names[0], "chan") == 0 &&
	    strcmp(names[1], "other") == 0 &&
	    strcmp(names[2], "tea'; --") == 0, "the reviewed channels, by name");
	ac_store_names_free(names, n);

	/* Learned weights by scope. */
	is_int(ac_store_learned_get(st, "", &g, NULL), AC_ERR_NOTFOUND,
	    "no global weights yet");
	ac_learned_init(&w);
	w.on = 1;
	for (j = 0; j < AC_NFEAT; j++)
		w.w[j] = 0.5 - 0.125 * (double)j;
	w.start_shift_s = -3.5;
	w.end_shift_s = 7;
	w.labels = 42;
	w.vods = 3;
	is_int(ac_store_learned_put(st, &w, NULL), AC_OK, "put global weights");
	w.w[AC_FEAT_LAUGH] = -1.75;
	w.labels = 7;
	w.vods = 1;
	snprintf(w.scope, sizeof(w.scope), "tea'; --");
	is_int(ac_store_learned_put(st, &w, NULL), AC_OK, "put a channel's");
	w.w[AC_FEAT_LAUGH] = -2;
	w.labels = 8;
	is_int(ac_store_learned_put(st, &w, NULL), AC_OK,
	    "put it again: replaced");
	is_int(ac_store_learned_get(st, "tea'; --", &g, NULL), AC_OK, "get it");
	ok(g.learned.on && strcmp(g.learned.scope, "tea'; --") == 0 &&
	    g.learned.labels == 8 && g.learned.vods == 1 &&
	    g.learned.w[AC_FEAT_LAUGH] == -2 &&
	    g.learned.w[AC_FEAT_SENDERS] == 0.5 &&
	    g.learned.start_shift_s == -3.5 && g.learned.end_shift_s == 7,
	    "what was put, exactly");
	ok(g.updated_at > 1.6e9, "with when (epoch seconds)");
	is_int(ac_store_learned_get(st, "", &g, NULL), AC_OK, "get global");
	ok(g.learned.labels == 42 && g.learned.w[AC_FEAT_LAUGH] == 0.25 &&
	    g.learned.scope[0] == '\0', "global weights");
	is_int(ac_store_learned_list(st, &lv, &n, NULL), AC_OK, "list");
	ok(n == 2 && lv[0].learned.scope[0] == '\0' &&
	    strcmp(lv[1].learned.scope, "tea'; --") == 0 &&
	    lv[1].learned.labels == 8, "every scope, global first");
	free(lv);
	w.w[AC_FEAT_HYPE] = NAN;
	is_int(ac_store_learned_put(st, &w, NULL), AC_ERR_VALUE, "NaN refused");
	w.w[AC_FEAT_HYPE] = 0;
	w.on = 0;
	is_int(ac_store_learned_put(st, &w, NULL), AC_OK,
	    "put of nothing learned removes");
	is_int(ac_store_learned_get(st, "tea'; --", &g, NULL), AC_ERR_NOTFOUND,
	    "the channel's weights are gone");
	is_int(ac_store_learned_put(st, &w, NULL), AC_OK,
	    "removing twice is fine");
	is_int(ac_store_learned_get(st, "", &g, NULL), AC_OK, "global stays");
	if (st->ops->learned_put(st, "broken", "[1, 2]", 1, 1, &err) != AC_OK)
		bail("raw put: %s", err.text);
	is_int(ac_store_learned_get(st, "broken", &g, NULL), AC_ERR_DB,
	    "unreadable stored weights: a database error");
	ok(!g.learned.on, "and nothing on");
	is_int(ac_store_learned_list(st, &lv, &n, NULL), AC_OK, "list with it");
	is_int(n, 1, "the unreadable row is left out of the list");
	free(lv);
	is_int(st->ops->learned_delete(st, "broken", NULL), AC_OK,
	    "raw delete");
}

/* The name tables: every enum has a name that parses back to it. */
static void
test_names(void)
{
	int	 i, bad = 0;

	for (i = 0; i < AC_STREAM__MAX; i++)
		bad += ac_stream_status_parse(ac_stream_status_name(
		    (enum ac_stream_status)i)) != i;
	for (i = 0; i < AC_CLIP__MAX; i++)
		bad += ac_clip_status_parse(ac_clip_status_name(
		    (enum ac_clip_status)i)) != i;
	for (i = 0; i < AC_JOB__MAX; i++)
		bad += ac_job_state_parse(ac_job_state_name(
		    (enum ac_job_state)i)) != i;
	is_int(bad, 0, "every status and state name parses back");
	is_int(ac_job_state_parse("analyzed"), -1, "a name of another table");
	is_str(ac_job_state_name((enum ac_job_state)AC_JOB__MAX), "",
	    "out of range: no name");
}

int
main(void)
{
	struct ac_store	*st;

	plan_lazy();
	test_names();
	if ((url = getenv("AUTOCLIP_TEST_DATABASE_URL")) == NULL || *url == '\0')
		bail("AUTOCLIP_TEST_DATABASE_URL is not set");
	test_schema();
	st = open_store();
	test_streams(st);
	test_analysis(st);
	test_jobs(st);
	test_claim_race(st);
	test_upsert_race(st);
	test_archive_blob(st);
	test_learning(st);
	ac_store_close(st);
	if (strncmp(url, "sqlite://", 9) == 0) {
		struct stat	 sb;

		ok(stat(url + 9, &sb) == 0 && (sb.st_mode & 0777) == 0600,
		    "SQLite file is private (0600)");
	}
	return done_testing();
}
