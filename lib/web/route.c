/* SPDX-License-Identifier: ISC */
/* route.c: the request path, the route table, typed captures and the query. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"

#define MAX_SEGMENTS	 32	/* path segments routed on */

/*
 * Check a decoded path: starts with '/', UTF-8, no control character
 * (NUL, CR, LF...), no empty, "."
 * or ".." segment (a trailing '/' is an empty last segment, allowed: it
 * matches no pattern and gives a 404).
 */
static int
path_ok(const char *p, size_t len, const char *what, struct ac_error *err)
{
	size_t	 i, seg;

	if (len == 0 || p[0] != '/') {
		ac_error_set(err, AC_ERR_VALUE, "%s must start with '/'", what);
		return 0;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f) {
			ac_error_set(err, AC_ERR_VALUE, "%s contains a control "
			    "character", what);
			return 0;
		}
	if (!ac_valid_utf8(p, len)) {
		ac_error_set(err, AC_ERR_VALUE, "%s is not valid UTF-8", what);
		return 0;
	}
	for (i = 1, seg = 1; i <= len; i++) {
		if (i < len && p[i] != '/')
			continue;
		if ((i - seg == 1 && p[seg] == '.') ||
		    (i - seg == 2 && p[seg] == '.' && p[seg + 1] == '.')) {
			ac_error_set(err, AC_ERR_VALUE, "%s has a '.' or '..' "
			    "segment", what);
			return 0;
		}
		if (i - seg == 0 && i < len) {
			ac_error_set(err, AC_ERR_VALUE,
			    "%s has an empty segment",
			    what);
			return 0;
		}
		seg = i + 1;
	}
	return 1;
}

int
ac__req_path(struct ac_req *req, struct ac_error *err)
{
	const char	*sn, *pi, *uri, *q;
	char		*dec;
	size_t		 ls, lp, lu;
	ssize_t		 dl;

	sn = ac_req_param(req, "SCRIPT_NAME");
	pi = ac_req_param(req, "PATH_INFO");
	sn = sn != NULL ? sn : "";
	pi = pi != NULL ? pi : "";
	ls = strlen(sn);
	lp = strlen(pi);
	if (ls + lp > AC_MAX_PATH) {
		ac_error_set(err, AC_ERR_LIMIT, "path over %d bytes",
		    AC_MAX_PATH);
		return 400;
	}
	memcpy(req->io->path, sn, ls);
	memcpy(req->io->path + ls, pi, lp);
	req->io->path[ls + lp] = '\0';
	if (!path_ok(req->io->path, ls + lp, "path", err))
		return 400;

	/* The raw path as the client sent it: strict percent-encoding. */
	if ((uri = ac_req_param(req, "REQUEST_URI")) == NULL || *uri == '\0')
		return 0;
	q = strchr(uri, '?');
	lu = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if (lu > AC_MAX_PATH * 3) {
		ac_error_set(err, AC_ERR_LIMIT, "path over %d bytes",
		    AC_MAX_PATH);
		return 400;
	}
	if ((dec = malloc(lu + 1)) == NULL) {
		ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		return 500;
	}
	if ((dl = ac__pct_decode(uri, lu, 0, dec)) < 0) {
		free(dec);
		ac_error_set(err, AC_ERR_VALUE, "path has a bad %%-escape");
		return 400;
	}
	if (!path_ok(dec, (size_t)dl, "path", err)) {
		free(dec);
		return 400;
	}
	/*
	 * Route on the path the client asked for: under a rewrite (the
	 * shared-hosting .htaccess) SCRIPT_NAME names the program file,
	 * not the API path.  Alias and lighttpd prefixes give the same.
	 */
	if ((size_t)dl <= AC_MAX_PATH) {
		memcpy(req->io->path, dec, (size_t)dl);
		req->io->path[dl] = '\0';
	}
	free(dec);
	return 0;
}

/*
 * How many leading segments of the path are a base to skip: the site
 * may live under a prefix ("/autoclip/api/streams/1").  The base ends
 * before the first segment that starts some route's pattern; 0 when no
 * segment does.
 */
static int
base_segments(const struct ac_route *routes, size_t n, const char **seg,
    const size_t *len, int nseg)
{
	const char	*p, *e;
	size_t		 i, pl;
	int		 k;

	for (k = 0; k < nseg; k++)
		for (i = 0; i < n; i++) {
			p = routes[i].pattern + 1;
			e = strchr(p, '/');
			pl = e != NULL ? (size_t)(e - p) : strlen(p);
			if (pl == len[k] && pl > 0 && *p != '{' &&
			    memcmp(p, seg[k], pl) == 0)
				return k;
		}
	return 0;
}

/*
 * Keep the first len bytes of the path as the base for links, only when
 * they are unreserved characters and '/' (else the base is "").
 */
static void
set_base(struct ac_req *req, size_t len)
{
	const char	*p = req->path;
	size_t		 i;

	req->io->base[0] = '\0';
	if (len == 0 || len > AC_MAX_PATH)
		return;
	for (i = 0; i < len; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' &&
		    p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '-' || p[i] == '_' || p[i] == '.' || p[i] == '~' ||
		    p[i] == '/'))
			return;
	memcpy(req->io->base, p, len);
	req->io->base[len] = '\0';
}

/* Split path (after the leading '/') into segments; -1 when too many. */
static int
split(const char *path, const char **seg, size_t *len, size_t max)
{
	const char	*p = path + 1, *e;
	size_t		 n = 0;

	for (;;) {
		if (n == max)
			return -1;
		e = strchr(p, '/');
		seg[n] = p;
		len[n] = e != NULL ? (size_t)(e - p) : strlen(p);
		n++;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return (int)n;
}

enum cap { CAP_NONE, CAP_ID, CAP_VOD, CAP_UUID, CAP_BAD };

static enum cap
cap_kind(const char *s, size_t n)
{
	if (n == 4 && memcmp(s, "{id}", 4) == 0)
		return CAP_ID;
	if (n == 5 && memcmp(s, "{vod}", 5) == 0)
		return CAP_VOD;
	if (n == 6 && memcmp(s, "{uuid}", 6) == 0)
		return CAP_UUID;
	if (n > 0 && s[0] == '{')
		return CAP_BAD;
	return CAP_NONE;
}

static const char *const capnames[] = {
	NULL,
	"a positive integer",
	"a VOD id (letters, digits, '_' and '-')",
	"a UUID",
	NULL,
};

/*
 * Match a pattern against the path segments.  Returns 2 on a typed
 * match (captures filled), 1 when only the shape matches (a capture is
 * not of its type: *bad is its kind), 0 otherwise.
 */
static int
match(const char *pattern, const char **seg, const size_t *len, int nseg,
    struct ac_capture *cap, size_t *ncap, enum cap *bad)
{
	const char	*pseg[MAX_SEGMENTS];
	size_t		 plen[MAX_SEGMENTS], nc = 0;
	char		 tmp[AC_VOD_ID_MAX];
	int		 np, i, typed = 1;
	enum cap	 k;

	if (pattern[0] != '/' || (np = split(pattern, pseg, plen,
	    MAX_SEGMENTS)) != nseg)
		return 0;
	for (i = 0; i < np; i++) {
		k = cap_kind(pseg[i], plen[i]);
		if (k == CAP_NONE || k == CAP_BAD) {
			if (plen[i] != len[i] ||
			    memcmp(pseg[i], seg[i], len[i]) != 0)
				return 0;
			continue;
		}
		if (len[i] == 0)
			return 0;
		if (!typed || nc == AC_MAX_CAPTURES)
			continue;
		if (len[i] >= sizeof(tmp)) {
			typed = 0;
			*bad = k;
			continue;
		}
		memcpy(tmp, seg[i], len[i]);
		tmp[len[i]] = '\0';
		memset(&cap[nc], 0, sizeof(cap[nc]));
		if ((k == CAP_ID && !ac_valid_id(tmp, &cap[nc].i)) ||
		    (k == CAP_VOD && !ac_valid_vod_id(tmp)) ||
		    (k == CAP_UUID && !ac_valid_uuid(tmp))) {
			typed = 0;
			*bad = k;
			continue;
		}
		memcpy(cap[nc].s, tmp, len[i] + 1);
		if (k == CAP_UUID) {
			size_t	 j;

			for (j = 0; j < len[i]; j++)
				if (cap[nc].s[j] >= 'A' && cap[nc].s[j] <= 'F')
					cap[nc].s[j] += 'a' - 'A';
		}
		nc++;
	}
	if (!typed)
		return 1;
	*ncap = nc;
	return 2;
}

/* Parse the query string against the route's keys; 0 or -1 (answered). */
static int
query(struct ac_req *req)
{
	const struct ac_route	*rt = req->route;
	struct ac_error	 err;
	size_t			 n = rt->nkeys;

	req->query = calloc(n > 0 ? n : 1, sizeof(*req->query));
	if (req->query == NULL) {
		ac_reply_fail(req, "internal_error", "internal error");
		return -1;
	}
	if (ac_form_parse(req->query_string, strlen(req->query_string),
	    rt->keys, n, req->query, &err) != AC_OK) {
		ac_reply_fail(req, "invalid_query", err.text);
		return -1;
	}
	return 0;
}

void
ac__dispatch(struct ac_req *req, const struct ac_server *srv)
{
	const struct ac_route	*routes = srv->routes;
	size_t			 n = srv->nroutes;
	const char		*seg[MAX_SEGMENTS];
	size_t			 len[MAX_SEGMENTS], i, ncap = 0;
	struct ac_capture	 cap[AC_MAX_CAPTURES];
	const struct ac_route	*hit = NULL;
	char			 allow[128], detail[160];
	unsigned int		 allowed = 0;
	int			 nseg, m, skip, shape = 0;
	enum cap		 bad = CAP_NONE;
	enum ac_method		 want;

	if ((nseg = split(req->path, seg, len, MAX_SEGMENTS)) < 0) {
		ac_reply_fail(req, "not_found", "no such path");
		return;
	}
	want = req->method == AC_METHOD_HEAD ? AC_METHOD_GET : req->method;
	skip = base_segments(routes, n, seg, len, nseg);
	set_base(req, skip > 0 ? (size_t)(seg[skip] - 1 - req->path) : 0);

	/*
	 * Literal segments win over captures: a typed match of a pattern
	 * with fewer captures beats one with more, whatever the order.
	 */
	for (i = 0; i < n; i++) {
		struct ac_capture	 c[AC_MAX_CAPTURES];
		size_t			 nc = 0;

		m = match(routes[i].pattern, seg + skip, len + skip,
		    nseg - skip, c, &nc, &bad);
		if (m == 1)
			shape = 1;
		if (m != 2)
			continue;
		if ((int)routes[i].method >= 0 &&
		    routes[i].method < AC_METHOD__MAX)
			allowed |= 1u << routes[i].method;
		if (routes[i].method != want)
			continue;
		if (hit == NULL || nc < ncap) {
			hit = &routes[i];
			memcpy(cap, c, sizeof(cap));
			ncap = nc;
		}
	}
	if (hit == NULL && allowed != 0) {
		allow[0] = '\0';
		if (allowed & (1u << AC_METHOD_GET))
			allowed |= 1u << AC_METHOD_HEAD;
		for (m = 0; m < AC_METHOD_OTHER; m++) {
			if (!(allowed & (1u << m)))
				continue;
			if (allow[0] != '\0')
				strncat(allow, ", ", sizeof(allow) -
				    strlen(allow) - 1);
			strncat(allow, ac_method_name((enum ac_method)m),
			    sizeof(allow) - strlen(allow) - 1);
		}
		ac_reply_header(req, "Allow", allow);
		snprintf(detail, sizeof(detail), "method %s not allowed here",
		    req->method == AC_METHOD_OTHER ? "used" :
		    ac_method_name(req->method));
		ac_reply_fail(req, "method_not_allowed", detail);
		return;
	}
	if (hit == NULL) {
		if (shape && bad != CAP_NONE && capnames[bad] != NULL) {
			snprintf(detail, sizeof(detail),
			    "path segment must be %s", capnames[bad]);
			ac_reply_fail(req, "invalid_path", detail);
		} else
			ac_reply_fail(req, "not_found", "no such path");
		return;
	}
	req->route = hit;
	memcpy(req->cap, cap, sizeof(req->cap));
	req->ncap = ncap;
	if (query(req) < 0)
		return;
	/* A body where none is taken is a bad request, whatever its size. */
	if (hit->body == AC_BODY_NONE && req->content_length > 0) {
		ac_reply_fail(req, "unexpected_body",
		    "this request takes no body");
		return;
	}
	if (req->content_length > hit->body_max) {
		ac_reply_fail(req, "payload_too_large",
		    "request body too large");
		return;
	}
	if (hit->body == AC_BODY_REQUIRED && req->content_length == 0) {
		ac_reply_fail(req, "empty_body",
		    "request body is empty");
		return;
	}
	if (hit->flags & AC_ROUTE_WRITE) {
		if (srv->may_write == NULL) {
			ac_req_log(req, __func__, "a write route without a "
			    "write check");
			ac_reply_fail(req, "internal_error", "internal error");
			return;
		}
		/* A form's token field is read before the check. */
		if ((hit->flags & AC_ROUTE_FORM) &&
		    ac__req_form_ahead(req) == -1)
			return;
		/* An upload's token part is checked as it streams in. */
		req->io->upload_defer = (hit->flags & AC_ROUTE_UPLOAD) &&
		    req->method == AC_METHOD_POST &&
		    ac_req_is_type(req, "multipart/form-data");
		if (srv->may_write(req, srv->ctx) == -1)
			return;
	}
	hit->handler(req, srv->ctx);
}
