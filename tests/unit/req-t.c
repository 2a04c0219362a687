/* SPDX-License-Identifier: ISC */
/*
 * req-t.c: the request layer run as plain CGI: routes, queries, bodies, writes.
 *
 * Length: the request layer's suite (routing, queries, bodies, JSON,
 * writes, uploads) over one CGI runner.
 */
#include "config.h"

#include <sys/wait.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"
#include "../tools/tap.h"

#define OUT_MAX		 (256 * 1024)

static struct ac_settings	 settings;

static const struct ac_key list_keys[] = {
	{ "limit", AC_KIND_INT, 1, 1000, NULL },
	{ "offset", AC_KIND_INT, 0, 1000000, NULL },
};

static const char *const statuses[] = { "pending", "approved", "rejected",
    NULL };

static const struct ac_key conv_keys[] = {
	{ "filename", AC_KIND_FILENAME, 0, 128, NULL },
};

static const struct ac_key up_keys[] = {
	{ "vod_id", AC_KIND_VOD, 0, 0, NULL },
	{ "url", AC_KIND_STRING, 0, 2048, NULL },
};

static void
h_list(struct ac_req *req, void *ctx)
{
	char	 b[128];
	int	 n;

	n = snprintf(b, sizeof(b), "{\"limit\":%lld,\"offset\":%lld}",
	    req->query[0].present ? (long long)req->query[0].i : 50LL,
	    req->query[1].present ? (long long)req->query[1].i : 0LL);
	ac_reply(req, 200, "application/json", b, (size_t)n);
}

static void
h_get(struct ac_req *req, void *ctx)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(req->cap[0].i));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static void
h_check(struct ac_req *req, void *ctx)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "vod", json_object_new_string(req->cap[0].s));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static void
h_pending(struct ac_req *req, void *ctx)
{
	ac_reply(req, 200, "application/json", "[]", 2);
}

static void
h_delete(struct ac_req *req, void *ctx)
{
	ac_reply(req, 204, NULL, NULL, 0);
}

static void
h_put(struct ac_req *req, void *ctx)
{
	struct json_object	*o, *st;

	if (ac_req_json(req, &o) < 0)
		return;
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "status", &st) ||
	    ac_valid_enum(json_object_get_string(st), statuses) < 0) {
		json_object_put(o);
		ac_reply_error(req, 422, "invalid_status", "bad status");
		return;
	}
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static void
h_reanalyze(struct ac_req *req, void *ctx)
{
	struct json_object	*o;

	if (ac_req_json(req, &o) < 0)
		return;
	ac_reply(req, 200, "text/plain", o == NULL ? "none" : "some", 4);
	json_object_put(o);
}

/* Count body bytes as a stream: never holds the body. */
static void
h_analyze(struct ac_req *req, void *ctx)
{
	char		 buf[1000], b[64];
	uint64_t	 total = 0;
	ssize_t		 n;

	while ((n = ac_req_read(req, buf, sizeof(buf))) > 0)
		total += (uint64_t)n;
	if (n < 0) {
		ac_reply_error(req, 400, "truncated_body", "truncated");
		return;
	}
	n = snprintf(b, sizeof(b), "{\"bytes\":%llu}",
	    (unsigned long long)total);
	ac_reply(req, 200, "application/json", b, (size_t)n);
}

struct upload {
	uint64_t	 bytes;
	uint32_t	 sum;
};

static int
up_file(void *arg, struct ac_req *req, const struct ac_mp_part *part,
    ac_read_fn rd, void *rdarg)
{
	struct upload	*u = arg;
	unsigned char	 buf[777];
	ssize_t		 n, i;

	FILE		*f;

	/* UP_MARK=PATH: the file was begun (created when read). */
	if (getenv("UP_MARK") != NULL &&
	    (f = fopen(getenv("UP_MARK"), "w")) != NULL)
		fclose(f);
	while ((n = rd(rdarg, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			u->sum = u->sum * 31 + buf[i];
		u->bytes += (uint64_t)n;
	}
	return n < 0 ? -1 : 0;
}

static void
h_upload(struct ac_req *req, void *ctx)
{
	struct ac_value	 v[2];
	struct upload	 u = { 0, 0 };
	char		 b[256];
	int		 n;

	if (ac_req_upload(req, "chat", up_file, &u, up_keys, 2, v) < 0)
		return;
	n = snprintf(b, sizeof(b), "{\"bytes\":%llu,\"sum\":%u,"
	    "\"vod\":\"%s\"}", (unsigned long long)u.bytes, u.sum,
	    v[0].present ? v[0].s : "");
	ac_values_clear(v, 2);
	if (strstr(req->accept, "text/html") != NULL) {
		ac_reply_redirect(req, 303, "/streams/1");
		return;
	}
	ac_reply(req, 200, "application/json", b, (size_t)n);
}

static void
h_convert(struct ac_req *req, void *ctx)
{
	ac_reply_attachment(req, req->query[0].present ? req->query[0].s :
	    "out.mp4");
	ac_reply_begin(req, 200, "video/mp4", -1);
	ac_reply_write(req, "abc", 3);
	ac_reply_write(req, "def", 3);
}

static void
h_file(struct ac_req *req, void *ctx)
{
	ac_reply_attachment(req, "clip 1.mp4");
	ac_reply_sendfile(req, "video/mp4", req->cap[0].i == 1 ?
	    "/var/lib/autoclip/media/clip1.mp4" : "/var/lib/../etc/passwd");
}

static void
h_health(struct ac_req *req, void *ctx)
{
	ac_reply(req, 200, "application/json", "{\"status\":\"ok\"}", 15);
}

static void
h_silent(struct ac_req *req, void *ctx)
{
}

static void
h_badcode(struct ac_req *req, void *ctx)
{
	ac_reply_fail(req, "no_such_code", "a code not in the table");
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/health", h_health, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams", h_list, list_keys, 2, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_GET, "/api/streams/{id}", h_get, NULL, 0, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_DELETE, "/api/streams/{id}", h_delete, NULL, 0,
	    AC_BODY_NONE, 0, AC_ROUTE_WRITE },
	{ AC_METHOD_GET, "/api/streams/check/{vod}", h_check, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/pending", h_pending, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/streams/reanalyze/{vod}", h_reanalyze, NULL, 0,
	    AC_BODY_OPTIONAL, 4096, 0 },
	{ AC_METHOD_PUT, "/api/clips/{id}", h_put, NULL, 0, AC_BODY_REQUIRED,
	    1024, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/analyze", h_analyze, NULL, 0, AC_BODY_REQUIRED,
	    1000000, 0 },
	{ AC_METHOD_POST, "/api/upload", h_upload, NULL, 0, AC_BODY_REQUIRED,
	    100000000, AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/api/upload-form", h_upload, NULL, 0,
	    AC_BODY_REQUIRED, 100000000, AC_ROUTE_WRITE | AC_ROUTE_UPLOAD },
	{ AC_METHOD_POST, "/api/video/convert/ts-to-mp4", h_convert, conv_keys,
	    1, AC_BODY_OPTIONAL, 1000, 0 },
	{ AC_METHOD_GET, "/api/jobs/{uuid}", h_check, NULL, 0, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_GET, "/api/files/{id}", h_file, NULL, 0, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_GET, "/silent", h_silent, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/badcode", h_badcode, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/unchecked", h_health, NULL, 0, AC_BODY_NONE, 0,
	    AC_ROUTE_WRITE },
};

/* The servers' write check, as the programs' is: ac_req_may_write. */
static int
may_write(struct ac_req *req, void *ctx)
{
	return ac_req_may_write(req, ctx);
}

static int	 serve_unchecked;	/* run() uses ac_req_main, no check */

struct res {
	int	 status;
	char	*head;		/* header block, NUL-terminated */
	char	*body;		/* after the blank line */
	size_t	 blen;
	char	 out[OUT_MAX];
};

/*
 * Run one CGI request in a child: env holds "K=V" strings (NULL-ended),
 * body is its stdin (blen bytes).  REMOTE_ADDR defaults to 127.0.0.1.
 */
static void
run(struct res *r, const char *body, size_t blen, ...)
{
	va_list		 ap;
	const char	*kv;
	char		 inpath[] = "/tmp/req-t-in.XXXXXX";
	char		 outpath[] = "/tmp/req-t-out.XXXXXX";
	struct ac_server srv;
	char		*argv[] = { (char *)"req-t", NULL }, *e;
	int		 in, out, st;
	ssize_t		 n;
	size_t		 len = 0;
	pid_t		 pid;

	memset(r, 0, sizeof(*r));
	if ((in = mkstemp(inpath)) < 0 || (out = mkstemp(outpath)) < 0)
		bail("mkstemp");
	unlink(inpath);
	unlink(outpath);
	if (blen > 0 && write(in, body, blen) != (ssize_t)blen)
		bail("write");
	lseek(in, 0, SEEK_SET);
	fflush(stdout);
	if ((pid = fork()) < 0)
		bail("fork");
	if (pid == 0) {
		clearenv();
		setenv("REMOTE_ADDR", "127.0.0.1", 1);
		setenv("SERVER_PROTOCOL", "HTTP/1.1", 1);
		va_start(ap, blen);
		while ((kv = va_arg(ap, const char *)) != NULL) {
			char	*c;

			if ((c = strdup(kv)) == NULL ||
			    (e = strchr(c, '=')) == NULL)
				_exit(99);
			*e = '\0';
			setenv(c, e + 1, 1);
			free(c);
		}
		va_end(ap);
		dup2(in, 0);
		dup2(out, 1);
		if (serve_unchecked)
			_exit(ac_req_main(1, argv, routes,
			    sizeof(routes) / sizeof(routes[0]), &settings));
		srv.routes = routes;
		srv.nroutes = sizeof(routes) / sizeof(routes[0]);
		srv.ctx = &settings;
		srv.may_write = may_write;
		_exit(ac_serve(1, argv, &srv));
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		bail("child died");
	lseek(out, 0, SEEK_SET);
	while (len < OUT_MAX - 1 &&
	    (n = read(out, r->out + len, OUT_MAX - 1 - len)) > 0)
		len += (size_t)n;
	r->out[len] = '\0';
	close(in);
	close(out);
	if ((e = strstr(r->out, "\r\n\r\n")) == NULL) {
		r->head = r->out;
		r->body = r->out + len;
		return;
	}
	*e = '\0';
	r->head = r->out;
	r->body = e + 4;
	r->blen = len - (size_t)(r->body - r->out);
	if (strncmp(r->head, "Status: ", 8) == 0)
		r->status = (int)strtol(r->head + 8, NULL, 10);
}

/* The value of a header, copied into a static buffer; NULL when absent. */
static const char *
header(const struct res *r, const char *name)
{
	static char	 v[1024];
	const char	*p = r->head, *e;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			e = strstr(p, "\r\n");
			if (e == NULL)
				e = p + strlen(p);
			snprintf(v, sizeof(v), "%.*s", (int)(e - p), p);
			return v;
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return NULL;
}

static const char *
code(const struct res *r)
{
	static char		 c[64];
	struct json_object	*o, *v;

	c[0] = '\0';
	if ((o = json_tokener_parse(r->body)) == NULL)
		return "(not json)";
	if (json_object_object_get_ex(o, "code", &v))
		snprintf(c, sizeof(c), "%s", json_object_get_string(v));
	json_object_put(o);
	return c;
}

#define GET(r, sn, pi, qs) run(r, NULL, 0, "REQUEST_METHOD=GET", \
	"SCRIPT_NAME=" sn, "PATH_INFO=" pi, "QUERY_STRING=" qs, (char *)NULL)

static struct res	 R;

static void
routing(void)
{
	struct res	*r = &R;

	GET(r, "/health", "", "");
	is_int(r->status, 200, "GET /health 200");
	is_str(r->body, "{\"status\":\"ok\"}", "health body");
	is_str(header(r, "X-Content-Type-Options"), "nosniff", "nosniff");
	is_str(header(r, "Cache-Control"), "no-store", "no-store");
	is_str(header(r, "Referrer-Policy"), "same-origin", "referrer policy");
	ok(header(r, "Content-Security-Policy") != NULL &&
	    strstr(header(r, "Content-Security-Policy"), "default-src 'none'")
	    != NULL, "CSP");
	is_str(header(r, "Content-Length"), "15", "content length");

	run(r, NULL, 0, "REQUEST_METHOD=HEAD", "SCRIPT_NAME=/health",
	    (char *)NULL);
	is_int(r->status, 200, "HEAD /health 200");
	is_int((long long)r->blen, 0, "HEAD has no body");

	GET(r, "/nope", "", "");
	is_int(r->status, 404, "unknown path 404");
	is_str(code(r), "not_found", "404 code");
	GET(r, "/health", "/", "");
	is_int(r->status, 404, "trailing slash is 404");
	GET(r, "/api/streams", "/", "");
	is_int(r->status, 404, "/api/streams/ 404");

	run(r, NULL, 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/7", (char *)NULL);
	is_int(r->status, 405, "POST on GET/DELETE path 405");
	is_str(header(r, "Allow"), "GET, HEAD, DELETE", "Allow lists methods");
	is_str(code(r), "method_not_allowed", "405 code");
	run(r, NULL, 0, "REQUEST_METHOD=BREW", "SCRIPT_NAME=/health",
	    (char *)NULL);
	is_int(r->status, 405, "unknown method 405");
	run(r, NULL, 0, "REQUEST_METHOD=DELETE", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/pending", (char *)NULL);
	is_int(r->status, 405, "DELETE /pending: literal wins, 405");
	is_str(header(r, "Allow"), "GET, HEAD", "Allow of /pending");

	GET(r, "/api/streams", "/42", "");
	is_int(r->status, 200, "GET /api/streams/42");
	is_str(r->body, "{\"id\":42}", "typed id capture");
	GET(r, "/api/streams", "/pending", "");
	is_str(r->body, "[]", "literal segment beats {id}");
	GET(r, "/api/streams", "/check/abc_DEF-1", "");
	is_str(r->body, "{\"vod\":\"abc_DEF-1\"}", "vod capture");
	GET(r, "/api/jobs", "/0F8FAD5B-D9CB-469F-A165-70867728950E", "");
	is_str(r->body, "{\"vod\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}",
	    "uuid capture lower-cased");

	GET(r, "/api/streams", "/1'%20OR%201=1", "");
	is_int(r->status, 400, "SQL metacharacters in id: 400");
	is_str(code(r), "invalid_path", "invalid_path code");
	GET(r, "/api/streams", "/1;DROP TABLE streams", "");
	is_int(r->status, 400, "id with ';' 400");
	GET(r, "/api/streams", "/9223372036854775808", "");
	is_int(r->status, 400, "id overflow 400");
	GET(r, "/api/streams", "/9223372036854775807", "");
	is_str(r->body, "{\"id\":9223372036854775807}", "INT64_MAX id");
	GET(r, "/api/streams", "/0", "");
	is_int(r->status, 400, "id 0 400");
	GET(r, "/api/streams", "/-1", "");
	is_int(r->status, 400, "id -1 400");
	GET(r, "/api/streams", "/007", "");
	is_int(r->status, 400, "id with leading zeros 400");
	GET(r, "/api/streams", "/check/a'b", "");
	is_int(r->status, 400, "vod with quote 400");
	GET(r, "/api/streams", "/../clips/1", "");
	is_int(r->status, 400, "'..' segment 400");
	GET(r, "/api/streams", "/./1", "");
	is_int(r->status, 400, "'.' segment 400");
	GET(r, "/api/streams", "//1", "");
	is_int(r->status, 400, "empty segment 400");
	GET(r, "/api/streams", "/check/a\nb", "");
	is_int(r->status, 400, "LF in the path 400");
	GET(r, "/api/streams", "/check/a\x7f", "");
	is_int(r->status, 400, "DEL in the path 400");
	GET(r, "/api/streams", "/check/\xc3\x28", "");
	is_int(r->status, 400, "bad UTF-8 path 400");
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/1", "REQUEST_URI=/api/streams/%2e%2e/1", (char *)NULL);
	is_int(r->status, 400, "encoded '..' in REQUEST_URI 400");
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/1", "REQUEST_URI=/api/streams/1%00", (char *)NULL);
	is_int(r->status, 400, "%%00 in REQUEST_URI 400");
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/1", "REQUEST_URI=/api/streams/1%zz?x=1", (char *)NULL);
	is_int(r->status, 400, "bad %%-escape in REQUEST_URI 400");
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/1", "REQUEST_URI=/api/streams/%31?x=%zz", (char *)NULL);
	is_int(r->status, 200, "good REQUEST_URI 200 (query not decoded here)");
	run(r, NULL, 0, "REQUEST_METHOD=GET",
	    "SCRIPT_NAME=/cgi-bin/streams.fcgi", "PATH_INFO=/7",
	    "REQUEST_URI=/api/streams/7?x=1", (char *)NULL);
	ok(r->status == 200 && strstr(r->body, "\"id\":7") != NULL,
	    "a rewrite to the program file routes on REQUEST_URI");
	run(r, NULL, 0, "REQUEST_METHOD=GET",
	    "SCRIPT_NAME=/site/cgi-bin/streams.fcgi", "PATH_INFO=/8",
	    "REQUEST_URI=/site/autoclip/api/streams/8", (char *)NULL);
	ok(r->status == 200 && strstr(r->body, "\"id\":8") != NULL,
	    "a base path before the API is skipped");
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/cgi-bin/x.fcgi",
	    "PATH_INFO=", "REQUEST_URI=/elsewhere/nothing", (char *)NULL);
	is_int(r->status, 404, "a path under no route is still 404");

	GET(r, "/silent", "", "");
	is_int(r->status, 500, "handler without answer: 500");
	is_str(code(r), "internal_error", "500 code");
}

static void
queries(void)
{
	struct res	*r = &R;
	char		 qs[AC_MAX_QUERYSTRING + 32], env[AC_MAX_QUERYSTRING + 64];

	GET(r, "/api/streams", "", "limit=10&offset=20");
	is_str(r->body, "{\"limit\":10,\"offset\":20}", "query values typed");
	GET(r, "/api/streams", "", "");
	is_str(r->body, "{\"limit\":50,\"offset\":0}", "defaults when absent");
	GET(r, "/api/streams", "", "limit=10&foo=1");
	is_int(r->status, 400, "unknown key 400");
	ok(strstr(r->body, "unknown parameter 'foo'") != NULL,
	    "unknown key named: %s", r->body);
	is_str(code(r), "invalid_query", "invalid_query code");
	GET(r, "/api/streams", "", "limit=1&limit=2");
	is_int(r->status, 400, "duplicate key 400");
	ok(strstr(r->body, "'limit' given twice") != NULL, "duplicate named");
	GET(r, "/api/streams", "", "limit=1001");
	is_int(r->status, 400, "out of range 400");
	ok(strstr(r->body, "limit: must be an integer from 1 to 1000") != NULL,
	    "range named: %s", r->body);
	GET(r, "/api/streams", "", "limit=1x");
	is_int(r->status, 400, "trailing junk 400");
	GET(r, "/api/streams", "", "limit=+5");
	is_int(r->status, 400, "plus sign 400");
	GET(r, "/api/streams", "", "limit=%31%30");
	is_str(r->body, "{\"limit\":10,\"offset\":0}", "escaped digits");
	GET(r, "/api/streams", "", "limit=1&");
	is_int(r->status, 400, "empty pair 400");
	GET(r, "/api/streams", "", "limit=1%2");
	is_int(r->status, 400, "short escape 400");

	memset(qs, 'a', sizeof(qs));
	memcpy(qs, "limit=1&x=", 10);
	qs[AC_MAX_QUERYSTRING + 1] = '\0';
	snprintf(env, sizeof(env), "QUERY_STRING=%s", qs);
	run(r, NULL, 0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/streams", env,
	    (char *)NULL);
	is_int(r->status, 400, "query over MAX_QUERYSTRING 400");

	run(r, NULL, 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/video",
	    "PATH_INFO=/convert/ts-to-mp4",
	    "QUERY_STRING=filename=..%2F..%2Fetc%2Fpasswd%22%0d%0aX:y",
	    (char *)NULL);
	is_int(r->status, 400, "filename with CR/LF: 400");
	run(r, NULL, 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/video",
	    "PATH_INFO=/convert/ts-to-mp4",
	    "QUERY_STRING=filename=..%2F..%2Fetc%2Fpass%22wd.ts", (char *)NULL);
	is_int(r->status, 200, "streamed answer 200");
	is_str(header(r, "Content-Disposition"),
	    "attachment; filename=\"pass_wd.ts\"", "file name sanitised");
	is_str(r->body, "abcdef", "streamed body in pieces");
	is_str(header(r, "Content-Type"), "video/mp4", "streamed content type");
	ok(header(r, "Content-Length") == NULL, "streamed: no Content-Length");

	GET(r, "/api/files", "/1", "");
	is_int(r->status, 200, "X-Sendfile answer 200");
	is_str(header(r, "X-Sendfile"), "/var/lib/autoclip/media/clip1.mp4",
	    "X-Sendfile path");
	is_str(header(r, "Content-Disposition"),
	    "attachment; filename=\"clip_1.mp4\"", "attachment name");
	ok(header(r, "Content-Length") == NULL && r->blen == 0,
	    "X-Sendfile: no body, no length");
	GET(r, "/api/files", "/2", "");
	is_int(r->status, 500, "X-Sendfile with '..' refused");
	ok(header(r, "X-Sendfile") == NULL, "no X-Sendfile header then");
	ok(header(r, "Content-Disposition") == NULL,
	    "an error drops the success headers");
}

static void
bodies(void)
{
	struct res	*r = &R;
	char		*big;

	run(r, "12345", 5, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=5", "CONTENT_TYPE=application/json", (char *)NULL);
	is_str(r->body, "{\"bytes\":5}", "body read whole");
	run(r, "", 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=0", (char *)NULL);
	is_int(r->status, 400, "empty body 400 (mod_fcgid over the limit)");
	is_str(code(r), "empty_body", "empty_body code");
	run(r, "", 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    (char *)NULL);
	is_int(r->status, 400, "no CONTENT_LENGTH 400");
	run(r, "x", 1, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=1000001", (char *)NULL);
	is_int(r->status, 413, "over the route cap 413 before reading");
	is_str(code(r), "payload_too_large", "413 code");
	run(r, "x", 1, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=99999999999999999999999", (char *)NULL);
	is_int(r->status, 400, "absurd CONTENT_LENGTH 400");
	run(r, "x", 1, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=-1", (char *)NULL);
	is_int(r->status, 400, "negative CONTENT_LENGTH 400");
	run(r, "x", 1, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH= 1", (char *)NULL);
	is_int(r->status, 400, "CONTENT_LENGTH with space 400");
	run(r, "12345", 5, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=10", (char *)NULL);
	is_int(r->status, 400, "truncated body 400");
	run(r, "12345678", 8, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=4", (char *)NULL);
	is_str(r->body, "{\"bytes\":4}", "never reads past CONTENT_LENGTH");
	run(r, "x", 1, "REQUEST_METHOD=GET", "SCRIPT_NAME=/health",
	    "CONTENT_LENGTH=1", (char *)NULL);
	is_int(r->status, 400, "a body where none is taken: 400, not 413");
	is_str(code(r), "unexpected_body", "unexpected_body code");

	big = malloc(300000);
	memset(big, 'z', 300000);
	run(r, big, 300000, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/analyze",
	    "CONTENT_LENGTH=300000", (char *)NULL);
	is_str(r->body, "{\"bytes\":300000}", "300 kB streamed in pieces");
	free(big);
}

#define PUT(r, body, ct) run(r, body, strlen(body), "REQUEST_METHOD=PUT", \
	"SCRIPT_NAME=/api/clips", "PATH_INFO=/3", "CONTENT_TYPE=" ct, clen(body), \
	(char *)NULL)

static const char *
clen(const char *body)
{
	static char	 b[64];

	snprintf(b, sizeof(b), "CONTENT_LENGTH=%zu", strlen(body));
	return b;
}

static void
json_bodies(void)
{
	struct res	*r = &R;
	char		 bomb[200];
	size_t		 i;

	PUT(r, "{\"status\": \"approved\"}", "application/json");
	is_int(r->status, 200, "PUT JSON 200");
	is_str(r->body, "{\"status\":\"approved\"}", "JSON echoed plain");
	PUT(r, "{\"status\": \"approved\"}", "application/json; charset=utf-8");
	is_int(r->status, 200, "charset parameter accepted");
	PUT(r, "{\"status\": \"approved\"}", "text/plain");
	is_int(r->status, 415, "wrong content type 415");
	is_str(code(r), "unsupported_media_type", "415 code");
	PUT(r, "{\"status\": \"approved\"}", "application/jsonx");
	is_int(r->status, 415, "application/jsonx is not JSON");
	PUT(r, "{\"status\": \"maybe\"}", "application/json");
	is_int(r->status, 422, "handler's own 422");
	PUT(r, "{\"status\": \"approved\"", "application/json");
	is_int(r->status, 400, "unterminated JSON 400");
	is_str(code(r), "invalid_json", "invalid_json code");
	PUT(r, "{'status': 'approved'}", "application/json");
	is_int(r->status, 400, "single quotes 400 (strict)");
	PUT(r, "{\"status\": \"approved\",}", "application/json");
	is_int(r->status, 400, "trailing comma 400 (strict)");
	PUT(r, "{\"status\": \"approved\"} x", "application/json");
	is_int(r->status, 400, "junk after value 400");
	PUT(r, "{\"status\": \"appr\xff\"}", "application/json");
	is_int(r->status, 400, "invalid UTF-8 400");
	ok(strstr(r->body, "UTF-8") != NULL, "UTF-8 named: %s", r->body);
	PUT(r, "{\"status\\u0000x\": \"approved\"}", "application/json");
	ok(r->status == 400 && strstr(r->body, "NUL") != NULL,
	    "an escaped NUL in a key is a 400, not a cut key: %s", r->body);
	PUT(r, "{\"status\": \"approved\", \"note\": \"a\\\\u0000\"}",
	    "application/json");
	is_int(r->status, 200, "an escaped backslash before u0000 is text");
	PUT(r, "null", "application/json");
	is_int(r->status, 400, "JSON null is not an object");
	PUT(r, "[{\"status\": \"approved\"}]", "application/json");
	is_int(r->status, 400, "JSON array is not an object");
	ok(strstr(r->body, "must be an object") != NULL, "object named");
	for (i = 0; i < 100; i++)
		bomb[i] = '[';
	bomb[100] = '\0';
	PUT(r, bomb, "application/json");
	is_int(r->status, 400, "depth bomb 400");
	ok(strstr(r->body, "deeper than 16") != NULL, "depth named: %s",
	    r->body);
	run(r, "", 0, "REQUEST_METHOD=PUT", "SCRIPT_NAME=/api/clips",
	    "PATH_INFO=/3", "CONTENT_TYPE=application/json", (char *)NULL);
	is_int(r->status, 400, "required JSON body empty 400");
	PUT(r, "{\"status\":\"approved\",\"window_s\":12,\"window_s\":13}",
	    "application/json");
	is_int(r->status, 400, "a repeated key 400");
	is_str(code(r), "duplicate_key", "duplicate_key code");
	ok(strstr(r->body, "window_s") != NULL, "the key named: %s", r->body);
	PUT(r, "{\"status\":\"approved\",\"a\":{\"k\":1,\"\\u006b\":2}}",
	    "application/json");
	is_int(r->status, 400, "a key repeated through an escape, nested: 400");
	PUT(r, "{\"status\":\"approved\",\"a\":{\"k\":1},\"b\":{\"k\":2},"
	    "\"c\":[\"k\",\"k\",{\"k\":[\"status\"]}]}", "application/json");
	is_int(r->status, 200, "the same key in sibling objects and strings "
	    "in arrays are no repeat");
	PUT(r, "{\"status\":\"approved\",\"x\":\"\\u0000\"}", "application/json");
	is_int(r->status, 400, "an escaped NUL 400");
	/*
	 * Found by tests/fuzz/json-fuzz: json-c's strict mode takes raw
	 * controls in strings, NaN, Infinity and numbers like "1." or "1.e5".
	 */
	PUT(r, "{\"status\":\"approved\",\"note\":\"a\nb\"}", "application/json");
	is_int(r->status, 400, "a raw newline in a string 400");
	ok(strstr(r->body, "control character") != NULL &&
	    strstr(r->body, "byte 30") != NULL, "control character named: %s",
	    r->body);
	PUT(r, "{\"status\":\"approved\",\"w\r\n\":1}", "application/json");
	is_int(r->status, 400, "raw CR LF in a key 400");
	PUT(r, "{\"status\":\"approved\",\"n\":NaN}", "application/json");
	is_int(r->status, 400, "NaN 400");
	is_str(code(r), "invalid_json", "NaN: invalid_json");
	PUT(r, "{\"status\":\"approved\",\"n\":[-Infinity]}", "application/json");
	is_int(r->status, 400, "-Infinity 400");
	PUT(r, "{\"status\":\"approved\",\"n\":1.}", "application/json");
	is_int(r->status, 400, "1. 400");
	PUT(r, "{\"status\":\"approved\",\"n\":52.e-0}", "application/json");
	is_int(r->status, 400, "52.e-0 400");
	ok(strstr(r->body, "invalid number") != NULL, "the number named: %s",
	    r->body);
	PUT(r, "{\"status\":\"approved\",\"k\\ud82d\":1,\"k\\ud83d\":2}",
	    "application/json");
	is_int(r->status, 400, "keys of lone surrogates (one key to json-c) 400");
	ok(strstr(r->body, "surrogate") != NULL, "surrogate named: %s",
	    r->body);
	PUT(r, "{\"status\":\"approved\",\"note\":\"\\udc00x\"}",
	    "application/json");
	is_int(r->status, 400, "a lone low surrogate in a value 400");
	PUT(r, "{\"status\":\"approved\",\"note\":\"\\ud83d\\ude00\"}",
	    "application/json");
	is_int(r->status, 200, "a surrogate pair 200");
	PUT(r, "{\"status\":\"approved\",\"n\":[-0.5e+3,0,1E2,12.25]}",
	    "application/json");
	is_int(r->status, 200, "RFC 8259 numbers 200");
	PUT(r, "{\"status\":\"approved\",\"note\":\"a\\nb\\\"\\t\"}\r\n",
	    "application/json");
	is_int(r->status, 200, "escaped controls and white space between "
	    "tokens are JSON");
	run(r, "x", 1, "REQUEST_METHOD=PUT", "SCRIPT_NAME=/api/clips",
	    "PATH_INFO=/3", "CONTENT_TYPE=application/json",
	    "CONTENT_LENGTH=1025", (char *)NULL);
	is_int(r->status, 413, "JSON body over the cap 413");
	run(r, "", 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/reanalyze/v1", (char *)NULL);
	is_str(r->body, "none", "optional body may be empty");
	run(r, "{}", 2, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/streams",
	    "PATH_INFO=/reanalyze/v1", "CONTENT_LENGTH=2",
	    "CONTENT_TYPE=application/json", (char *)NULL);
	is_str(r->body, "some", "optional body given");
}

#define DEL(r, ...) run(r, NULL, 0, "REQUEST_METHOD=DELETE", \
	"SCRIPT_NAME=/api/streams", "PATH_INFO=/5", __VA_ARGS__, (char *)NULL)

static void
writes(void)
{
	struct res	*r = &R;

	settings.api_token = NULL;
	DEL(r, "REMOTE_ADDR=127.0.0.1");
	is_int(r->status, 204, "loopback may write without a token");
	is_int((long long)r->blen, 0, "204 has no body");
	ok(header(r, "Content-Type") == NULL, "204 has no Content-Type");
	DEL(r, "REMOTE_ADDR=127.8.9.10");
	is_int(r->status, 204, "127.0.0.0/8 is loopback");
	DEL(r, "REMOTE_ADDR=::1");
	is_int(r->status, 204, "::1 is loopback");
	DEL(r, "REMOTE_ADDR=192.0.2.7");
	is_int(r->status, 403, "remote client without a token: 403");
	run(r, NULL, 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/unchecked",
	    "REMOTE_ADDR=192.0.2.7", (char *)NULL);
	is_int(r->status, 403, "a route flagged as a write is checked");
	serve_unchecked = 1;
	run(r, NULL, 0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/unchecked",
	    "REMOTE_ADDR=127.0.0.1", (char *)NULL);
	serve_unchecked = 0;
	is_int(r->status, 500, "a write route served without a check: 500");
	DEL(r, "REMOTE_ADDR=::ffff:192.0.2.7");
	is_int(r->status, 403, "v4-mapped remote: 403");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "REMOTE_USER=alice");
	is_int(r->status, 204, "REMOTE_USER may write");
	DEL(r, "REMOTE_ADDR=127.0.0.1", "HTTP_HOST=autoclip.test",
	    "HTTP_ORIGIN=http://evil.test");
	is_int(r->status, 403, "foreign Origin 403 even on loopback");
	is_str(code(r), "cross_site", "cross_site code");
	DEL(r, "REMOTE_USER=alice", "HTTP_HOST=autoclip.test",
	    "HTTP_ORIGIN=http://autoclip.test.evil.test");
	is_int(r->status, 403, "Origin with our host as prefix 403");
	DEL(r, "REMOTE_USER=alice", "HTTP_HOST=autoclip.test",
	    "HTTP_ORIGIN=null");
	is_int(r->status, 403, "Origin null 403");
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://autoclip.test");
	is_int(r->status, 403, "own Origin, loopback, a Host not of this "
	    "machine: 403 (DNS rebinding)");
	is_str(code(r), "untrusted_host", "untrusted_host code");
	DEL(r, "HTTP_HOST=attacker.example:8080",
	    "HTTP_ORIGIN=http://attacker.example:8080");
	is_int(r->status, 403, "a rebinding name with its port: 403");
	DEL(r, "HTTP_HOST=127.0.0.1:8080", "HTTP_ORIGIN=http://127.0.0.1:8080");
	is_int(r->status, 204, "Host 127.0.0.1 with a port allowed");
	DEL(r, "HTTP_HOST=LocalHost:9", "HTTP_ORIGIN=http://LocalHost:9");
	is_int(r->status, 204, "Host localhost (any case) allowed");
	DEL(r, "HTTP_HOST=[::1]:8080");
	is_int(r->status, 204, "Host [::1] allowed");
	DEL(r, "HTTP_HOST=localhost.attacker.example");
	is_int(r->status, 403, "localhost as a prefix: 403");
	DEL(r, "HTTP_HOST=127.0.0.1:80x");
	is_int(r->status, 403, "a bad port: 403");
	DEL(r, "HTTP_HOST=127.0.0.1.attacker.example");
	is_int(r->status, 403, "127.0.0.1 as a prefix: 403");
	settings.allowed_hosts = (char *)"autoclip.lan, other.lan:8443";
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://autoclip.test");
	is_int(r->status, 403, "a name not in ALLOWED_HOSTS: 403");
	DEL(r, "HTTP_HOST=autoclip.lan:8080", "HTTP_ORIGIN=http://autoclip.lan:8080");
	is_int(r->status, 204, "ALLOWED_HOSTS name, any port");
	DEL(r, "HTTP_HOST=other.lan:8443");
	is_int(r->status, 204, "ALLOWED_HOSTS name:port");
	DEL(r, "HTTP_HOST=other.lan:8444");
	is_int(r->status, 403, "ALLOWED_HOSTS name:port, another port: 403");
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://autoclip.test",
	    "REMOTE_USER=alice");
	is_int(r->status, 204, "REMOTE_USER: any Host");
	settings.allowed_hosts = (char *)"autoclip.test";
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://autoclip.test");
	is_int(r->status, 204, "own Origin allowed");
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://autoclip.test",
	    "HTTPS=on");
	is_int(r->status, 403, "http Origin on an https site 403");
	DEL(r, "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=https://autoclip.test",
	    "HTTPS=on");
	is_int(r->status, 204, "https Origin on an https site");
	settings.allowed_hosts = NULL;
	DEL(r, "HTTP_SEC_FETCH_SITE=cross-site");
	is_int(r->status, 403, "Sec-Fetch-Site: cross-site 403");
	DEL(r, "HTTP_SEC_FETCH_SITE=same-origin");
	is_int(r->status, 204, "Sec-Fetch-Site: same-origin allowed");

	settings.api_token = (char *)"s3cret-token";
	DEL(r, "REMOTE_ADDR=127.0.0.1");
	is_int(r->status, 401, "token configured: loopback alone 401");
	ok(header(r, "WWW-Authenticate") != NULL, "401 has WWW-Authenticate");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "HTTP_AUTHORIZATION=Bearer s3cret-token");
	is_int(r->status, 204, "right token 204");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "HTTP_AUTHORIZATION=Bearer s3cret-tokeX");
	is_int(r->status, 403, "wrong token 403");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "HTTP_AUTHORIZATION=Bearer s3cret-token2");
	is_int(r->status, 403, "longer token 403");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "HTTP_AUTHORIZATION=Bearer ");
	is_int(r->status, 403, "empty token 403");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "HTTP_AUTHORIZATION=Basic czNjcmV0");
	is_int(r->status, 403, "Basic instead of Bearer 403");
	DEL(r, "REMOTE_ADDR=192.0.2.7", "REMOTE_USER=bob");
	is_int(r->status, 204, "REMOTE_USER with a token configured");
	DEL(r, "HTTP_AUTHORIZATION=Bearer s3cret-token",
	    "HTTP_HOST=autoclip.test", "HTTP_ORIGIN=http://evil.test");
	is_int(r->status, 403, "right token, foreign Origin: 403");
	settings.api_token = NULL;

	ok(ac__ct_equal("abc", "abc") && !ac__ct_equal("abc", "abd") &&
	    !ac__ct_equal("abc", "ab") && !ac__ct_equal("", "a") &&
	    ac__ct_equal("", ""), "constant-time compare");
}

/* POST body as multipart with boundary B to /api/upload. */
static void
up(struct res *r, const char *body)
{
	char	 cl[64];

	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", strlen(body));
	run(r, body, strlen(body), "REQUEST_METHOD=POST",
	    "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=B", cl, (char *)NULL);
}

static void
uploads(void)
{
	struct res	*r = &R;
	const char	*mp =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"vod_id\"\r\n\r\n"
	    "v123\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"chat\"; filename=\"c.json\"\r\n"
	    "Content-Type: application/json\r\n\r\n"
	    "[1,2,3]\r\n"
	    "--XyZ--\r\n";
	char		 cl[64];

	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", strlen(mp));
	run(r, mp, strlen(mp), "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", cl, (char *)NULL);
	is_int(r->status, 200, "multipart upload 200");
	ok(strstr(r->body, "\"bytes\":7") != NULL &&
	    strstr(r->body, "\"vod\":\"v123\"") != NULL, "file streamed, "
	    "field collected: %s", r->body);
	run(r, mp, strlen(mp), "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", cl,
	    "HTTP_ACCEPT=text/html,application/xhtml+xml", (char *)NULL);
	is_int(r->status, 303, "browser form post 303");
	is_str(header(r, "Location"), "/streams/1", "Location");
	run(r, mp, strlen(mp), "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=application/json", cl, (char *)NULL);
	is_int(r->status, 415, "upload with JSON content type 415");
	run(r, mp, strlen(mp), "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data", cl, (char *)NULL);
	is_int(r->status, 400, "no boundary 400");
	run(r, mp, strlen(mp), "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=Other", cl,
	    (char *)NULL);
	is_int(r->status, 400, "wrong boundary 400");
	is_str(code(r), "invalid_multipart", "invalid_multipart code");
	run(r, mp, strlen(mp) - 9, "REQUEST_METHOD=POST",
	    "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", cl, (char *)NULL);
	is_int(r->status, 400, "truncated upload 400");
	is_str(code(r), "truncated_body", "truncated_body code");
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", strlen(mp) - 9);
	run(r, mp, strlen(mp) - 9, "REQUEST_METHOD=POST",
	    "SCRIPT_NAME=/api/upload",
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", cl, (char *)NULL);
	is_int(r->status, 400, "missing final boundary 400");
	ok(strstr(r->body, "final boundary") != NULL, "named: %s", r->body);

	up(r, "--B\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--B\r\nContent-Disposition: form-data; name=chat\r\n\r\n[]"
	    "\r\n--B--");
	ok(r->status == 400 && strstr(r->body, "unknown field 'x'") != NULL,
	    "unknown field 400: %s", r->body);
	up(r, "--B\r\nContent-Disposition: form-data; name=vod_id\r\n\r\n"
	    "v1\r\n--B--");
	ok(r->status == 400 && strstr(r->body, "'chat' missing") != NULL,
	    "file field missing 400: %s", r->body);
	up(r, "--B\r\nContent-Disposition: form-data; name=chat\r\n\r\n[]"
	    "\r\n--B\r\nContent-Disposition: form-data; name=chat\r\n\r\n"
	    "[]\r\n--B--");
	ok(r->status == 400 && strstr(r->body, "twice") != NULL,
	    "file field twice 400: %s", r->body);
	up(r, "--B\r\nContent-Disposition: form-data; name=vod_id\r\n\r\n"
	    "../x\r\n--B\r\nContent-Disposition: form-data; name=chat\r\n"
	    "\r\n[]\r\n--B--");
	ok(r->status == 400 && strstr(r->body, "vod_id: must be") != NULL,
	    "bad text field 400: %s", r->body);
	up(r, "--B\r\nContent-Disposition: form-data; name=chat\r\n\r\n[1]"
	    "\r\n--B\r\nContent-Disposition: form-data; name=vod_id\r\n\r\n"
	    "v2\r\n--B--\r\n");
	ok(r->status == 200 && strstr(r->body, "\"vod\":\"v2\"") != NULL &&
	    strstr(r->body, "\"bytes\":3") != NULL,
	    "text field after the file: %s", r->body);
}

/* The one table of error codes: each once, each with an error status. */
static void
codes(void)
{
	struct res	*r = &R;
	const char	*c, *d;
	size_t		 i, j, bad = 0;

	for (i = 0; (c = ac_code_at(i)) != NULL; i++) {
		if (ac_code_status(c) < 400 || ac_code_status(c) > 599)
			bad++;
		for (j = 0; j < i; j++)
			if ((d = ac_code_at(j)) != NULL && strcmp(c, d) == 0)
				bad++;
	}
	ok(i > 30 && bad == 0, "%zu codes, each once with a 4xx/5xx", i);
	is_int(ac_code_status("internal_error"), 500, "internal_error is 500");
	is_int(ac_code_status("internal"), 0, "no second 500 code");
	is_int(ac_code_status("not_found"), 404, "not_found is 404");
	GET(r, "/badcode", "", "");
	is_int(r->status, 500, "a code not in the table: 500");
	is_str(code(r), "internal_error", "answered internal_error");
}

/* up_token: one upload with the token part where says, as its first part
 * ("first"), after the file ("last") or none (NULL). */
static void
up_token(struct res *r, const char *path, const char *where,
    const char *token, const char *mark, const char *extra)
{
	char	 body[1024], cl[64], sn[128], mk[256];
	char	 tp[300];
	int	 n;

	snprintf(tp, sizeof(tp), "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"token\"\r\n\r\n%s\r\n", token);
	n = snprintf(body, sizeof(body), "%s--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"chat\"; filename=\"c.json\"\r\n\r\n"
	    "[1,2,3]\r\n%s--XyZ--\r\n",
	    where != NULL && strcmp(where, "first") == 0 ? tp : "",
	    where != NULL && strcmp(where, "last") == 0 ? tp : "");
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%d", n);
	snprintf(sn, sizeof(sn), "SCRIPT_NAME=%s", path);
	snprintf(mk, sizeof(mk), "UP_MARK=%s", mark);
	unlink(mark);
	run(r, body, (size_t)n, "REQUEST_METHOD=POST", sn,
	    "CONTENT_TYPE=multipart/form-data; boundary=XyZ", cl, mk,
	    extra != NULL ? extra : "X_NONE=1", (char *)NULL);
}

/* AC_ROUTE_UPLOAD: the token part before the file stands for the header. */
static void
upload_tokens(void)
{
	struct res	*r = &R;
	char		 mark[] = "/tmp/req-t-mark.XXXXXX";
	int		 fd;

	if ((fd = mkstemp(mark)) < 0)
		bail("mkstemp");
	close(fd);
	settings.api_token = (char *)"s3cret-token";
	up_token(r, "/api/upload-form", "first", "s3cret-token", mark, NULL);
	ok(r->status == 200 && strstr(r->body, "\"bytes\":7") != NULL,
	    "token part first: the file is read: %d %s", r->status, r->body);
	up_token(r, "/api/upload-form", "first", "s3cret-tokeX", mark, NULL);
	is_int(r->status, 403, "wrong token part: 403");
	ok(strstr(r->body, "wrong API token") != NULL, "said so: %s", r->body);
	ok(access(mark, F_OK) != 0, "wrong token part: the file is not read");
	up_token(r, "/api/upload-form", "first", "s3cret-token2", mark, NULL);
	is_int(r->status, 403, "longer token part: 403");
	up_token(r, "/api/upload-form", "last", "s3cret-token", mark, NULL);
	is_int(r->status, 401, "token part after the file: 401");
	ok(header(r, "WWW-Authenticate") != NULL, "with WWW-Authenticate");
	ok(access(mark, F_OK) != 0, "token after the file: the file is not "
	    "read");
	up_token(r, "/api/upload-form", NULL, "", mark, NULL);
	is_int(r->status, 401, "no token part: 401");
	ok(access(mark, F_OK) != 0, "no token part: the file is not read");
	up_token(r, "/api/upload-form", "first", "", mark, NULL);
	is_int(r->status, 401, "an empty token part: 401");
	up_token(r, "/api/upload", "first", "s3cret-token", mark, NULL);
	is_int(r->status, 401, "a route without AC_ROUTE_UPLOAD: no token "
	    "part, 401");
	ok(access(mark, F_OK) != 0, "and its file is not read");
	up_token(r, "/api/upload-form", "first", "s3cret-token", mark,
	    "HTTP_SEC_FETCH_SITE=cross-site");
	is_int(r->status, 403, "right token part, cross-site: 403");
	ok(access(mark, F_OK) != 0, "cross-site: the file is not read");
	up_token(r, "/api/upload-form", "first", "s3cret-tokeX", mark,
	    "HTTP_AUTHORIZATION=Bearer s3cret-token");
	is_int(r->status, 200, "the header decides; the token part is dropped");
	up_token(r, "/api/upload-form", "first", "s3cret-token", mark,
	    "REMOTE_ADDR=192.0.2.7");
	is_int(r->status, 200, "token part from another host: 200");
	settings.api_token = NULL;
	up_token(r, "/api/upload-form", "first", "anything", mark, NULL);
	is_int(r->status, 200, "no API token: the token part is dropped");
	unlink(mark);
}

int
main(void)
{
	plan_lazy();
	codes();
	routing();
	queries();
	bodies();
	json_bodies();
	writes();
	uploads();
	upload_tokens();
	return done_testing();
}
