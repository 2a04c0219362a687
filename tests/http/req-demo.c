/* SPDX-License-Identifier: ISC */
/*
 * req-demo.c: a tiny program on the request layer, run by fcgi-smoke.sh as
 * FastCGI (-s SOCKET) and as plain CGI with the same handlers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/core.h"
#include "web/web.h"

static const struct ac_key echo_keys[] = {
	{ "limit", AC_KIND_INT, 1, 100, NULL },
};

static void
h_echo(struct ac_req *req, void *ctx)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "method",
	    json_object_new_string(ac_method_name(req->method)));
	json_object_object_add(o, "path", json_object_new_string(req->path));
	json_object_object_add(o, "id", json_object_new_int64(req->cap[0].i));
	json_object_object_add(o, "limit", json_object_new_int64(
	    req->query[0].present ? req->query[0].i : -1));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

/* Count the body as it streams; answer its size and a checksum. */
static void
h_body(struct ac_req *req, void *ctx)
{
	struct json_object	*o;
	unsigned char		 buf[4096];
	uint32_t		 sum = 0;
	uint64_t		 n = 0;
	ssize_t			 r, i;

	if (ac_req_may_write(req, ctx) == -1)
		return;
	while ((r = ac_req_read(req, buf, sizeof(buf))) > 0) {
		for (i = 0; i < r; i++)
			sum = sum * 31 + buf[i];
		n += (uint64_t)r;
	}
	if (r < 0) {
		ac_reply_error(req, 400, "truncated_body",
		    "request body shorter than its Content-Length");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)n));
	json_object_object_add(o, "sum", json_object_new_int64(sum));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static void
h_json(struct ac_req *req, void *ctx)
{
	struct json_object	*o;

	if (ac_req_json(req, &o) < 0)
		return;
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/t/echo/{id}", h_echo, echo_keys, 1, AC_BODY_NONE, 0,
	    0 },
	{ AC_METHOD_POST, "/t/body", h_body, NULL, 0, AC_BODY_REQUIRED,
	    64 * 1024 * 1024, 0 },
	{ AC_METHOD_PUT, "/t/json", h_json, NULL, 0, AC_BODY_REQUIRED, 4096, 0 },
};

int
main(int argc, char *argv[])
{
	struct ac_settings	 set;

	/* Start-up configuration only: API_TOKEN from the environment. */
	memset(&set, 0, sizeof(set));
	set.api_token = getenv("API_TOKEN");
	return ac_req_main(argc, argv, routes,
	    sizeof(routes) / sizeof(routes[0]), &set);
}
