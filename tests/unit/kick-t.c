/* SPDX-License-Identifier: ISC */
/* kick-t.c: Kick links, metadata documents (ms and s), chat pages, backoff and Retry-After. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "autoclip.h"
#include "store/store.h"
#include "kick/kick.h"
#include "work/work.h"
#include "../tools/tap.h"

#define U4	"5c697a87-afce-4256-b01f-3c8fe71ef5cb"
#define U7	"01a0f35a-2798-777a-a660-d237ee729c31"

static void
link_ok(const char *s, const char *uuid, const char *channel)
{
	struct ac_kick_link	 l;
	struct ac_error	 eb;
	enum ac_err		 e;

	e = ac_kick_link_parse(s, &l, &eb);
	ok(e == AC_OK && strcmp(l.uuid, uuid) == 0 &&
	    strcmp(l.channel, channel) == 0, "link \"%s\" -> %s \"%s\" "
	    "(got %d %s \"%s\")", s, uuid, channel, e, l.uuid, l.channel);
}

static void
link_bad(const char *s)
{
	struct ac_kick_link	 l;
	struct ac_error			 eb = { 0 };
	enum ac_err		 e;

	e = ac_kick_link_parse(s, &l, &eb);
	ok(e == AC_ERR_VALUE && strstr(eb.text, "kick.com/video/UUID") != NULL &&
	    l.uuid[0] == '\0', "reject link \"%s\" with a helpful message",
	    s == NULL ? "(null)" : s);
}

static const char v1doc[] =
    "{\"id\":41250371,\"uuid\":\"" U4 "\",\"source\":\"https://stream.kick."
    "com/ivs/v1/x/master.m3u8\",\"livestream\":{\"id\":53788842,"
    "\"channel_id\":668,\"session_title\":\"LIVE CLICK DRAMA NEWS\","
    "\"start_time\":\"2025-08-25 00:40:43\",\"duration\":22278000,"
    "\"channel\":{\"id\":668,\"slug\":\"xqc\"}}}";

static const char webdoc[] =
    "{\"data\":{\"id\":\"" U7 "\",\"channel\":{\"id\":328683,\"slug\":\"sam\","
    "\"username\":\"Sam\"},\"start_time\":\"2026-09-30T17:26:07Z\","
    "\"end_time\":\"2026-09-30T21:35:05Z\",\"duration\":14842,\"title\":"
    "\"Just chatting\"},\"message\":\"Success\"}";

static const char page[] =
    "{\"data\":{\"messages\":[{\"id\":\"b\",\"content\":\"x/y\",\"created_at\":"
    "\"2026-09-30T17:38:06Z\"},{\"id\":\"a\",\"content\":\"hi\",\"created_at\":"
    "\"2026-09-30T17:37:50Z\"}],\"cursor\":\"1790789870412000\","
    "\"pinned_message\":null},\"status\":{\"error\":false,\"code\":200}}";

/* Jobs on a throw-away SQLite store: submit, dedupe, status, cancel. */
static void
jobs(void)
{
	struct ac_store		*st;
	struct ac_job_ticket	 t1, t2, t3;
	struct json_object	*o, *v;
	char			 dir[] = "/tmp/kick-t.XXXXXX", url[256];
	struct ac_error	 eb;
	char			*json = NULL;
	enum ac_err		 e;

	if (mkdtemp(dir) == NULL) {
		ok(0, "temporary directory");
		return;
	}
	snprintf(url, sizeof(url), "sqlite://%s/t.db", dir);
	e = ac_store_open(&st, url, 1, NULL, &eb);
	is_int(e, AC_OK, "store opens and migrates (%s)", eb.text);
	if (e != AC_OK)
		return;
	is_int(ac_job_submit(st, "https://kick.com/sam/videos/" U7, &t1, &eb), AC_OK, "submit a link");
	ok(t1.job_id > 0 && t1.stream_id > 0 && !t1.existing && !t1.analyzed,
	    "a new job and stream");
	is_str(t1.vod_id, U7, "the VOD id is the UUID");
	is_int(ac_job_submit(st, U7, &t2, &eb), AC_OK,
	    "submit the same VOD again");
	ok(t2.job_id == t1.job_id && t2.existing, "the same job");
	is_int(ac_job_submit(st, "https://kick.com/nope", &t3, &eb), AC_ERR_VALUE, "a bad link is a value error");
	is_int(ac_job_status_json(st, t1.job_id, &json, NULL), AC_OK, "status");
	o = json != NULL ? json_tokener_parse(json) : NULL;
	ok(o != NULL && json_object_object_get_ex(o, "state", &v) &&
	    strcmp(json_object_get_string(v), "queued") == 0, "queued: %s",
	    json != NULL ? json : "");
	ok(o != NULL && json_object_object_get_ex(o, "vod_id", &v) &&
	    strcmp(json_object_get_string(v), U7) == 0, "status names the VOD");
	ok(o != NULL && json_object_object_get_ex(o, "eta_s", &v) &&
	    v == NULL && json_object_object_get_ex(o, "error", &v) &&
	    v == NULL && json_object_object_get_ex(o, "progress", &v) &&
	    json_object_get_double(v) == 0, "no ETA, no error, progress 0");
	json_object_put(o);
	free(json);
	json = NULL;
	is_int(ac_job_cancel(st, t1.job_id, NULL), AC_OK, "cancel");
	is_int(ac_job_status_json(st, t1.job_id, &json, NULL), AC_OK, "status");
	ok(json != NULL && strstr(json, "\"state\":\"cancelled\"") != NULL,
	    "cancelled");
	free(json);
	is_int(ac_job_submit(st, U7, &t3, &eb), AC_OK,
	    "submit after a cancel");
	ok(t3.job_id != t1.job_id && !t3.existing, "queues a new job");
	is_int(ac_job_status_json(st, 999, &json, NULL), AC_ERR_NOTFOUND,
	    "status of no job");

	/* A running job of a dead process of this host is queued at once. */
	{
		struct ac_job	 j;
		char		 host[48], w[64];
		int		 rq = -1;

		if (gethostname(host, sizeof(host)) == -1)
			snprintf(host, sizeof(host), "host");
		host[sizeof(host) - 1] = '\0';
		snprintf(w, sizeof(w), "elsewhere-%s:1234", host);
		ok(ac_store_job_claim(st, w, &j, NULL) == AC_OK && j.id ==
		    t3.job_id,
		    "claimed by another host");
		is_int(ac_job_reclaim_dead(st, &j, &rq, NULL), AC_OK,
		    "reclaim_dead");
		is_int(rq, 0, "another host's job is left to its heartbeat");
		ac_store_job_cancel(st, j.id, NULL);
		ok(ac_job_submit(st, U7, &t3, &eb) == AC_OK, "again");
		snprintf(w, sizeof(w), "%s:%ld", host, (long)getpid());
		ok(ac_store_job_claim(st, w, &j, NULL) == AC_OK,
		    "claimed by us");
		ac_job_reclaim_dead(st, &j, &rq, NULL);
		is_int(rq, 0, "a live process keeps its job");
		ac_store_job_cancel(st, j.id, NULL);
		ok(ac_job_submit(st, U7, &t3, &eb) == AC_OK, "again");
		/* Pids above the kernel's maximum never exist. */
		snprintf(w, sizeof(w), "%s:%ld", host, 99999999L);
		ok(ac_store_job_claim(st, w, &j, NULL) == AC_OK,
		    "claimed by a dead pid");
		ac_job_reclaim_dead(st, &j, &rq, NULL);
		is_int(rq, 1, "a dead process's job is queued again");
		ok(ac_store_job_get(st, j.id, &j, NULL) == AC_OK &&
		    j.state == AC_JOB_QUEUED, "and is queued");
	}
	ac_store_close(st);
	snprintf(url, sizeof(url), "%s/t.db", dir);
	unlink(url);
	snprintf(url, sizeof(url), "%s/t.db-wal", dir);
	unlink(url);
	snprintf(url, sizeof(url), "%s/t.db-shm", dir);
	unlink(url);
	rmdir(dir);
}

static const char empty[] = "{\"data\":{\"messages\":[],\"cursor\":null}}";

int
main(void)
{
	struct ac_vod		 v;
	struct ac__kick_page	 p;
	struct ac_error	 eb;
	int64_t			 cid = 0;
	double			 d, t, prev;
	int			 i, mono;

	plan_lazy();

	/* Links. */
	link_ok(U4, U4, "");
	link_ok("  5C697A87-AFCE-4256-B01F-3C8FE71EF5CB\t", U4, "");
	link_ok("https://kick.com/video/" U4, U4, "");
	link_ok("http://kick.com/video/" U4, U4, "");
	link_ok("https://www.kick.com/video/" U4 "?t=120#chat", U4, "");
	link_ok("kick.com/video/" U4 "/", U4, "");
	link_ok("www.kick.com/video/" U4, U4, "");
	link_ok("https://kick.com/sam/videos/" U7, U7, "sam");
	link_ok("https://KICK.com/Some_User-1/videos/" U7 "?x=1", U7,
	    "Some_User-1");
	link_ok("https://kick.com:443/xqc/videos/" U4 "#frag", U4, "xqc");
	link_bad(NULL);
	link_bad("");
	link_bad("hello");
	link_bad("https://kick.com/");
	link_bad("https://kick.com/video/");
	link_bad("https://kick.com/video/not-a-uuid");
	link_bad("https://evil.com/video/" U4);
	link_bad("https://kick.com.evil.com/video/" U4);
	link_bad("https://kick.com/video/" U4 "/extra");
	link_bad("https://kick.com/a/b/videos/" U4);
	link_bad("https://kick.com/x y/videos/" U4);
	link_bad("ftp://kick.com/video/" U4);
	link_bad("https://kick.com:8080/video/" U4);
	link_bad(U4 "0");
	link_bad("https://kick.com/xqc/clips/" U4);

	/* Metadata: v1 duration in milliseconds, web in seconds. */
	ac_vod_init(&v);
	is_int(ac__kick_parse_v1(v1doc, strlen(v1doc), &v, &eb),
	    AC_OK, "v1 document parses");
	is_str(v.id, U4, "v1 uuid");
	is_str(v.title, "LIVE CLICK DRAMA NEWS", "v1 title");
	is_str(v.channel, "xqc", "v1 channel slug");
	is_int(v.channel_id, 668, "v1 channel id");
	is_double(v.duration_s, 22278, 1e-9, "v1 duration ms -> 22278 s");
	ok(v.has_start && fabs(v.start_time - 1756082443.0) < 1e-6,
	    "v1 start (no zone: UTC)");
	ok(strstr(v.source, "master.m3u8") != NULL, "v1 HLS source");
	ac_vod_init(&v);
	is_int(ac__kick_parse_web(webdoc, strlen(webdoc), &v, &eb),
	    AC_OK, "web document parses");
	is_double(v.duration_s, 14842, 1e-9, "web duration stays seconds");
	is_int(v.channel_id, 328683, "web channel id");
	is_str(v.channel, "sam", "web channel slug");
	is_str(v.title, "Just chatting", "web title");
	ok(v.has_start && fabs(v.start_time - 1790789167.0) < 1e-6,
	    "web start");
	ac_vod_init(&v);
	ok(ac__kick_parse_v1("{\"id\":1}", 8, &v, &eb) ==
	    AC_ERR_SHAPE, "v1 without livestream is a shape error");
	ok(ac__kick_parse_v1("<html>", 6, &v, &eb) == AC_ERR_SYNTAX,
	    "v1 HTML is a syntax error");
	ok(ac__kick_parse_web("{\"data\":null}", 13, &v, &eb) ==
	    AC_ERR_SHAPE, "web data null is a shape error");
	ok(ac__kick_parse_channel("{\"id\":668,\"slug\":\"xqc\"}", 23, &cid,
	    &eb) == AC_OK && cid == 668, "channel id");
	ok(ac__kick_parse_channel("{\"slug\":\"xqc\"}", 14, &cid, &eb) == AC_ERR_SHAPE, "channel without id");
	ok(ac__kick_is_challenge("<!DOCTYPE html><title>Just a moment...",
	    38), "a Cloudflare challenge is recognised");
	ok(!ac__kick_is_challenge("{\"data\":{}}", 11), "JSON is no challenge");
	ok(ac__kick_status_text(403) != NULL &&
	    strstr(ac__kick_status_text(403), "upload") != NULL,
	    "403 says what to do");
	ok(strstr(ac__kick_status_text(423), "country") != NULL, "423 text");
	ok(strstr(ac__kick_status_text(404), "expired") != NULL, "404 text");
	ok(ac__kick_status_text(500) == NULL, "500 is not a blocking status");

	/* Chat pages. */
	is_int(ac__kick_page_parse(page, strlen(page), &p, &eb),
	    AC_OK, "page parses");
	is_int((long long)p.n, 2, "two messages");
	is_int(p.cursor, 1790789870412000LL, "cursor in µs from a string");
	ok(p.n == 2 && strstr(p.raw[0], "\"x/y\"") != NULL,
	    "raw JSON keeps slashes unescaped");
	ok(p.n == 2 && fabs(p.time[1] - 1790789870.0) < 1e-6, "times parsed");
	ac__kick_page_free(&p);
	is_int(ac__kick_page_parse(empty, strlen(empty), &p, &eb),
	    AC_OK, "empty page");
	ok(p.n == 0 && p.cursor == -1, "null cursor is -1");
	ac__kick_page_free(&p);
	ok(ac__kick_page_parse("{\"data\":{}}", 11, &p, &eb) ==
	    AC_ERR_SHAPE, "page without messages");
	ok(ac__kick_page_parse("nope", 4, &p, &eb) ==
	    AC_ERR_SYNTAX, "page that is not JSON");

	/* Backoff: exponential, capped, jittered, never before Retry-After. */
	is_double(ac__backoff_delay(1, -1, 0), 0.25, 1e-9, "first retry, no jitter");
	is_double(ac__backoff_delay(1, -1, 1), 0.5, 1e-9, "first retry, full jitter");
	is_double(ac__backoff_delay(3, -1, 1), 2.0, 1e-9, "third retry doubles twice");
	is_double(ac__backoff_delay(30, -1, 1), 30.0, 1e-9, "capped at 30 s");
	is_double(ac__backoff_delay(1, 5, 0), 5.0, 1e-9, "Retry-After 5 is honoured");
	ok(ac__backoff_delay(1, 5, 1) >= 5 && ac__backoff_delay(1, 5, 1) <= 6.25,
	    "Retry-After plus a bounded spread");
	is_double(ac__backoff_delay(1, 10000, 0), 300.0, 1e-9,
	    "huge Retry-After clamped to 300 s");
	mono = 1;
	prev = 0;
	for (i = 1; i <= 10; i++) {
		d = ac__backoff_delay(i, -1, 1);
		if (d < prev)
			mono = 0;
		prev = d;
	}
	ok(mono, "backoff never shrinks with attempts");
	ok(ac__http_transient(429, 0) && ac__http_transient(503, 0) &&
	    ac__http_transient(0, 1) && !ac__http_transient(403, 0) &&
	    !ac__http_transient(404, 0) && !ac__http_transient(200, 0),
	    "transient: 429, 5xx, transport; not 403/404/200");

	/* Retry-After: delta-seconds and HTTP dates. */
	ok(ac__retry_after_parse("1", 0, &t) == 0 && t == 1, "Retry-After: 1");
	ok(ac__retry_after_parse(" 120\r\n", 0, &t) == 0 && t == 120,
	    "Retry-After: 120 with CRLF");
	ok(ac__retry_after_parse("Wed, 21 Oct 2015 07:28:00 GMT",
	    1445412470, &t) == 0 && t == 10, "Retry-After as an HTTP date");
	ok(ac__retry_after_parse("Wed, 21 Oct 2015 07:28:00 GMT",
	    1445412490, &t) == 0 && t == 0, "a past date means now");
	ok(ac__retry_after_parse("-1", 0, &t) == -1, "negative rejected");
	ok(ac__retry_after_parse("soon", 0, &t) == -1, "text rejected");
	ok(ac__retry_after_parse("5s", 0, &t) == -1, "junk after digits rejected");
	ok(ac__retry_after_parse("Wed, 21 Foo 2015 07:28:00 GMT", 0, &t) == -1,
	    "bad month rejected");
	jobs();
	return done_testing();
}
