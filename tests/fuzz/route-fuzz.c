/* SPDX-License-Identifier: ISC */
/*
 * route-fuzz.c: a fuzz harness for the request path and the routes: the
 * check of SCRIPT_NAME + PATH_INFO, the strict percent-decoding of
 * REQUEST_URI, the skipping of a site prefix, route matching with typed
 * captures, and the query string parsed against the route's keys.
 *
 * The input is lines: REQUEST_METHOD, SCRIPT_NAME, PATH_INFO,
 * REQUEST_URI, QUERY_STRING, CONTENT_TYPE (a missing line is an absent
 * parameter), then the body.  A request either reaches a handler, which
 * checks that the path is clean, ends with the route's pattern after a
 * base of safe characters, its captures are of their types, the write
 * check was asked exactly for writes and a form read ahead (its token
 * field) parses again, or gets a well-formed error answer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzzreq.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const sorts[] = { "new", "old", "hype", NULL };

static const struct ac_key list_keys[] = {
	{ "limit", AC_KIND_INT, 1, 1000, NULL },
	{ "offset", AC_KIND_INT, 0, 1000000, NULL },
	{ "sort", AC_KIND_ENUM, 0, 0, sorts },
	{ "q", AC_KIND_STRING, 0, 64, NULL },
};
static const struct ac_key an_keys[] = {
	{ "vod_id", AC_KIND_VOD, 0, 0, NULL },
	{ "url", AC_KIND_STRING, 0, 2048, NULL },
	{ "force", AC_KIND_BOOL, 0, 0, NULL },
	{ "job", AC_KIND_UUID, 0, 0, NULL },
	{ "id", AC_KIND_ID, 0, 0, NULL },
	{ "token", AC_KIND_STRING, 0, AC_FORM_TOKEN_MAX, NULL },
};
static const struct ac_key conv_keys[] = {
	{ "filename", AC_KIND_FILENAME, 0, 128, NULL },
};

static void	 h(struct ac_req *, void *);

/* The shapes of the programs' route tables. */
static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/health", h, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams", h, list_keys, 4, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/pending", h, list_keys, 1,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/streams/check/{vod}", h, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/streams/reanalyze/{vod}", h, NULL, 0,
	    AC_BODY_OPTIONAL, 16384, AC_ROUTE_WRITE },
	{ AC_METHOD_GET, "/api/streams/{id}", h, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_DELETE, "/api/streams/{id}", h, NULL, 0, AC_BODY_NONE, 0,
	    AC_ROUTE_WRITE },
	{ AC_METHOD_GET, "/api/clips/stream/{id}", h, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_PUT, "/api/clips/{id}", h, NULL, 0, AC_BODY_OPTIONAL,
	    4096, AC_ROUTE_WRITE },
	{ AC_METHOD_DELETE, "/api/clips/{id}", h, NULL, 0, AC_BODY_NONE, 0,
	    AC_ROUTE_WRITE },
	{ AC_METHOD_POST, "/analyze", h, an_keys, 6, AC_BODY_OPTIONAL, 1000,
	    AC_ROUTE_WRITE | AC_ROUTE_FORM },
	{ AC_METHOD_POST, "/api/analyze", h, an_keys, 5, AC_BODY_OPTIONAL,
	    1000, AC_ROUTE_WRITE },
	{ AC_METHOD_GET, "/api/jobs/{uuid}", h, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_GET, "/api/jobs/{id}/{vod}/x/{uuid}", h, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_DELETE, "/api/jobs/{id}", h, NULL, 0, AC_BODY_NONE, 0,
	    AC_ROUTE_WRITE },
	{ AC_METHOD_GET, "/api/video/health", h, NULL, 0, AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/video/convert/ts-to-mp4", h, conv_keys, 1,
	    AC_BODY_OPTIONAL, 1000, AC_ROUTE_WRITE },
	{ AC_METHOD_DELETE, "/api/video/cleanup", h, NULL, 0, AC_BODY_NONE,
	    0, AC_ROUTE_WRITE },
};
#define NROUTES	 (sizeof(routes) / sizeof(routes[0]))

static const char *const names[] = { "REQUEST_METHOD", "SCRIPT_NAME",
    "PATH_INFO", "REQUEST_URI", "QUERY_STRING", "CONTENT_TYPE" };
#define NPARAMS	 (sizeof(names) / sizeof(names[0]))

static struct fuzzreq	 F;
static int		 checked;	/* may_write was asked */

static int
may_write(struct ac_req *req, void *ctx)
{
	checked = 1;
	return 0;
}

static const struct ac_server	 server = { routes, NROUTES, NULL, may_write };

/* Whether the path is clean: '/', UTF-8, no control byte, no ./.. or empty segment. */
static int
clean(const char *p)
{
	const char	*s;
	size_t		 n = strlen(p), i;

	if (n == 0 || p[0] != '/' || !ac_valid_utf8(p, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	for (s = p + 1;; s += n + 1) {
		n = strcspn(s, "/");
		if ((n == 0 && s[n] != '\0') || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (s[n] == '\0')
			return 1;
	}
}

static void
h(struct ac_req *req, void *ctx)
{
	const char	*pat = req->route->pattern, *ps, *segs[64];
	size_t		 nseg = 0, npat = 0, i, k, pl, nc = 0;
	const char	*p;
	char		 seg[AC_MAX_PATH + 1];
	int64_t		 id;

	if (!clean(req->path) ||
	    ((req->route->flags & AC_ROUTE_WRITE) != 0) != checked)
		abort();
	/* The base: a prefix of the path, of unreserved characters and '/'. */
	i = strlen(req->io->base);
	if (strncmp(req->io->base, req->path, i) != 0 ||
	    strspn(req->io->base, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.~/") != i ||
	    (i > 0 && req->path[i] != '/'))
		abort();
	for (p = req->path; *p != '\0'; p++)
		if (*p == '/') {
			if (nseg == 64)
				abort();
			segs[nseg++] = p + 1;
		}
	for (ps = pat; *ps != '\0'; ps++)
		if (*ps == '/')
			npat++;
	if (npat > nseg)
		abort();
	/* The path ends with the pattern's segments. */
	for (ps = pat + 1, k = nseg - npat; k < nseg; k++) {
		pl = strcspn(ps, "/");
		i = strcspn(segs[k], "/");
		memcpy(seg, segs[k], i);
		seg[i] = '\0';
		if (ps[0] == '{') {
			if (nc >= req->ncap)
				abort();
			if (strncmp(ps, "{id}", 4) == 0) {
				if (!ac_valid_id(seg, &id) ||
				    id != req->cap[nc].i ||
				    strcmp(seg, req->cap[nc].s) != 0)
					abort();
			} else if (strncmp(ps, "{vod}", 5) == 0) {
				if (!ac_valid_vod_id(seg) ||
				    strcmp(seg, req->cap[nc].s) != 0)
					abort();
			} else if (!ac_valid_uuid(seg) ||
			    strcasecmp(seg, req->cap[nc].s) != 0 ||
			    strpbrk(req->cap[nc].s, "ABCDEF") != NULL)
				abort();
			nc++;
		} else if (pl != i || memcmp(ps, seg, i) != 0)
			abort();
		ps += pl + (ps[pl] == '/');
	}
	if (nc != req->ncap)
		abort();
	for (i = 0; i < req->route->nkeys; i++)
		if (req->query[i].present && (req->query[i].s == NULL ||
		    strlen(req->query[i].s) != req->query[i].len ||
		    !ac_valid_utf8(req->query[i].s, req->query[i].len)))
			abort();
	if (req->route->flags & AC_ROUTE_FORM) {
		struct ac_value	 v[6];

		if (strlen(req->io->form_token) > AC_FORM_TOKEN_MAX ||
		    (req->io->form == NULL && req->io->form_token[0] != '\0'))
			abort();
		if (ac_req_form(req, an_keys, 6, v) < 0) {
			if (req->io->form == NULL && req->content_length > 0 &&
			    ac_req_is_type(req,
			    "application/x-www-form-urlencoded"))
				abort();
			return;
		}
		/* The token read ahead is the form's token field. */
		if (req->io->form != NULL && (v[5].present ?
		    strcmp(v[5].s, req->io->form_token) != 0 :
		    req->io->form_token[0] != '\0'))
			abort();
		ac_values_clear(v, 6);
	}
	ac_reply(req, 204, NULL, NULL, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*env[NPARAMS + 1], *e;
	const char	*s = (const char *)data, *end = s + size, *nl;
	size_t		 n = 0, i, l, blen;
	struct ac_error	 err;
	int		 st, m;

	for (i = 0; i < NPARAMS && s < end; i++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		l = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		if ((e = malloc(strlen(names[i]) + l + 2)) == NULL)
			abort();
		/* NAME=VALUE: the value is the line, not a C string. */
		snprintf(e, strlen(names[i]) + 2, "%s=", names[i]);
		memcpy(e + strlen(names[i]) + 1, s, l);
		e[strlen(names[i]) + 1 + l] = '\0';
		env[n++] = e;
		s += l + 1;
	}
	env[n] = NULL;

	/* What req.c does before routing; the rest of the input is the body. */
	blen = s < end ? (size_t)(end - s) : 0;
	fuzzreq_begin(&F, env, blen > 0 ? s : NULL, blen);
	F.req.content_length = blen;
	F.req.method_text = ac_req_param(&F.req, "REQUEST_METHOD");
	if (F.req.method_text == NULL)
		F.req.method_text = "";
	F.req.method = AC_METHOD_OTHER;
	for (m = 0; m < AC_METHOD_OTHER; m++)
		if (strcmp(F.req.method_text, ac_method_name(m)) == 0)
			F.req.method = (enum ac_method)m;
	F.io.head = F.req.method == AC_METHOD_HEAD;
	F.req.query_string = ac_req_param(&F.req, "QUERY_STRING");
	if (F.req.query_string == NULL)
		F.req.query_string = "";
	F.req.content_type = ac_req_param(&F.req, "CONTENT_TYPE");
	if (F.req.content_type == NULL)
		F.req.content_type = "";
	F.req.remote_user = F.req.remote_addr = "";
	F.req.authorization = F.req.origin = F.req.sec_fetch_site = "";
	F.req.host = F.req.accept = "";
	ac_error_clear(&err);
	checked = 0;
	if (strlen(F.req.query_string) > AC_MAX_QUERYSTRING)
		ac_reply_fail(&F.req, "bad_request", "query too long");
	else if ((st = ac__req_path(&F.req, &err)) != 0) {
		if (err.text[0] == '\0' || (st != 400 && st != 500))
			abort();
		ac_reply_fail(&F.req, st == 500 ? "internal_error" :
		    "bad_request", err.text);
	} else
		ac__dispatch(&F.req, &server);
	if (!F.req.replied)
		abort();
	st = F.req.status;
	fuzzreq_end(&F);
	if (st != 204)
		fuzzreq_check_error(&F);
	for (i = 0; i < n; i++)
		free(env[i]);
	return 0;
}
