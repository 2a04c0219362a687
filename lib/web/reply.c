/* SPDX-License-Identifier: ISC */
/* reply.c: every answer, with its status and security headers, in one place. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "core/core.h"
#include "web/web.h"

#define API_CSP		 "default-src 'none'; frame-ancestors 'none'"
/* Pages the programs render: the site's styles and images, no script. */
#define PAGE_CSP	 "default-src 'none'; style-src 'self'; " \
			 "img-src 'self' data:; form-action 'self'; " \
			 "base-uri 'none'; frame-ancestors 'none'"

static const struct {
	int		 code;
	const char	*text;
} statuses[] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 204, "No Content" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
};

const char *
ac_status_text(int status)
{
	size_t	 i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].code == status)
			return statuses[i].text;
	return "";
}

void
ac_req_log(const struct ac_req *req, const char *func, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/*
	 * Under FastCGI, the request's error stream: every server writes it
	 * to its error log, whatever it did with the program's stderr.  The
	 * line has the logger's form.
	 */
	if (req != NULL && req->io != NULL && !req->io->cgi &&
	    req->io->err != NULL) {
		FCGX_FPrintF(req->io->err, "%s: %s: %s %s: %s\n", ac_log_name(),
		    func, req->method_text != NULL ? req->method_text : "-",
		    req->path != NULL ? req->path : "-", msg);
		FCGX_FFlush(req->io->err);
		return;
	}
	ac_log(func, "%s %s: %s",
	    req != NULL && req->method_text != NULL ? req->method_text : "-",
	    req != NULL && req->path != NULL ? req->path : "-", msg);
}

int
ac__out(struct ac_req *req, const void *buf, size_t len)
{
	struct ac_req_io	*io = req->io;
	const char		*p = buf;
	ssize_t			 n;
	int			 w;

	if (io->out_failed)
		return -1;
	while (len > 0) {
		if (io->cgi) {
			n = write(io->outfd, p, len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				goto fail;
		} else {
			w = FCGX_PutStr(p, len > INT32_MAX ? INT32_MAX :
			    (int)len, io->out);
			if (w <= 0)
				goto fail;
			n = w;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
fail:
	io->out_failed = 1;
	return -1;
}

void
ac__reply_clear(struct ac_req *req)
{
	size_t	 i;

	for (i = 0; i < req->io->nhdr; i++) {
		free(req->io->hname[i]);
		free(req->io->hvalue[i]);
	}
	req->io->nhdr = 0;
}

static int
is_token(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int
ac_reply_header(struct ac_req *req, const char *name, const char *value)
{
	struct ac_req_io	*io = req->io;
	size_t			 i;

	if (req->replied || io->nhdr == AC_MAX_REPLY_HEADERS ||
	    !is_token(name) || strlen(value) > AC_MAX_HEADER * 4)
		goto refuse;
	for (i = 0; value[i] != '\0'; i++)
		if (value[i] == '\r' || value[i] == '\n')
			goto refuse;
	if ((io->hname[io->nhdr] = strdup(name)) == NULL)
		goto refuse;
	if ((io->hvalue[io->nhdr] = strdup(value)) == NULL) {
		free(io->hname[io->nhdr]);
		goto refuse;
	}
	io->nhdr++;
	return 0;
refuse:
	ac_req_log(req, __func__, "header %s refused", name);
	return -1;
}

int
ac_reply_attachment(struct ac_req *req, const char *filename)
{
	char	 safe[256], v[300];

	ac_valid_filename(filename, safe, sizeof(safe));
	snprintf(v, sizeof(v), "attachment; filename=\"%s\"", safe);
	return ac_reply_header(req, "Content-Disposition", v);
}

/* Write the header block; body_len < 0 when unknown. */
static int
headers(struct ac_req *req, int status, const char *ctype, int64_t body_len)
{
	struct ac_req_io	*io = req->io;
	char			 h[1024];
	size_t			 i;
	int			 n;

	if (req->replied) {
		ac_req_log(req, __func__, "second answer (%d) dropped", status);
		return -1;
	}
	req->replied = 1;
	req->status = status;
	if (status < 100 || status > 599)
		status = 500;
	n = snprintf(h, sizeof(h), "Status: %d %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Cache-Control: no-store\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: %s\r\n%s",
	    status, ac_status_text(status), io->html ? PAGE_CSP : API_CSP,
	    io->html ? "X-Frame-Options: DENY\r\n" : "");
	if (ac__out(req, h, (size_t)n) < 0)
		return -1;
	if (ctype != NULL && strpbrk(ctype, "\r\n") != NULL) {
		ac_req_log(req, __func__, "bad content type dropped");
		ctype = "application/octet-stream";
	}
	if (ctype != NULL && status != 204 && status != 304) {
		n = snprintf(h, sizeof(h), "Content-Type: %s\r\n", ctype);
		if (n < 0 || (size_t)n >= sizeof(h) ||
		    ac__out(req, h, (size_t)n) < 0)
			return -1;
	}
	if (body_len >= 0 && status != 204 && status != 304) {
		n = snprintf(h, sizeof(h), "Content-Length: %" PRId64 "\r\n",
		    body_len);
		if (ac__out(req, h, (size_t)n) < 0)
			return -1;
	}
	for (i = 0; i < io->nhdr; i++) {
		if (ac__out(req, io->hname[i], strlen(io->hname[i])) < 0 ||
		    ac__out(req, ": ", 2) < 0 ||
		    ac__out(req, io->hvalue[i], strlen(io->hvalue[i])) < 0 ||
		    ac__out(req, "\r\n", 2) < 0)
			return -1;
	}
	return ac__out(req, "\r\n", 2);
}

int
ac_reply(struct ac_req *req, int status, const char *ctype, const void *body,
    size_t len)
{
	if (status == 204 || status == 304)
		len = 0;
	if (headers(req, status, len > 0 || ctype != NULL ? ctype : NULL,
	    (int64_t)len) < 0)
		return -1;
	if (req->io->head || len == 0)
		return 0;
	return ac__out(req, body, len);
}

int
ac_reply_json(struct ac_req *req, int status, struct json_object *obj)
{
	const char	*s;
	size_t		 len;

	s = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE,
	    &len);
	if (s == NULL) {
		ac_req_log(req, __func__, "cannot serialise");
		return ac_reply_fail(req, "internal_error", "internal error");
	}
	return ac_reply(req, status, "application/json; charset=utf-8", s,
	    len);
}

int
ac_reply_error(struct ac_req *req, int status, const char *code,
    const char *detail)
{
	struct json_object	*o;
	struct ac_req_io	*io = req->io;
	size_t			 i, k = 0;
	int			 rc;

	/* Headers meant for a success (Content-Disposition, ...) go; a 416 keeps Content-Range. */
	for (i = 0; !req->replied && i < io->nhdr; i++) {
		if (strcasecmp(io->hname[i], "Allow") == 0 ||
		    strcasecmp(io->hname[i], "WWW-Authenticate") == 0 ||
		    strcasecmp(io->hname[i], "Content-Range") == 0) {
			io->hname[k] = io->hname[i];
			io->hvalue[k++] = io->hvalue[i];
		} else {
			free(io->hname[i]);
			free(io->hvalue[i]);
		}
	}
	if (!req->replied)
		io->nhdr = k;
	/* A browser navigating or posting a form gets a page it can read. */
	if (!req->replied && !io->html && !io->head &&
	    ac_req_wants_html(req)) {
		io->html = 1;
		return ac__page_error(req, status, code, detail);
	}
	if ((o = json_object_new_object()) == NULL ||
	    json_object_object_add(o, "detail",
	    json_object_new_string(detail != NULL ? detail : "")) != 0 ||
	    json_object_object_add(o, "code",
	    json_object_new_string(code != NULL ? code : "error")) != 0) {
		json_object_put(o);
		return ac_reply(req, 500, "text/plain; charset=utf-8",
		    "internal error\n", 15);
	}
	rc = ac_reply_json(req, status, o);
	json_object_put(o);
	return rc;
}

int
ac_reply_redirect(struct ac_req *req, int status, const char *location)
{
	if ((status != 301 && status != 302 && status != 303 &&
	    status != 307 && status != 308) || location == NULL ||
	    location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
	    ac_reply_header(req, "Location", location) < 0) {
		ac_req_log(req, __func__, "bad redirect");
		return ac_reply_fail(req, "internal_error", "internal error");
	}
	return ac_reply(req, status, NULL, NULL, 0);
}

int
ac_reply_html(struct ac_req *req, int status, const char *html, size_t len)
{
	req->io->html = 1;
	return ac_reply(req, status, "text/html; charset=utf-8", html, len);
}

const char *
ac_req_base(const struct ac_req *req)
{
	return req->io->base;
}

int
ac_reply_see_other(struct ac_req *req, const char *path)
{
	char	*loc;
	size_t	 bl = strlen(req->io->base), pl = strlen(path);
	int	 rc;

	if (path[0] != '/' || pl > AC_MAX_PATH ||
	    (loc = malloc(bl + pl + 1)) == NULL) {
		ac_req_log(req, __func__, "bad redirect");
		return ac_reply_fail(req, "internal_error", "internal error");
	}
	memcpy(loc, req->io->base, bl);
	memcpy(loc + bl, path, pl + 1);
	rc = ac_reply_redirect(req, 303, loc);
	free(loc);
	return rc;
}

int
ac_reply_begin(struct ac_req *req, int status, const char *ctype,
    int64_t length)
{
	if (headers(req, status, ctype, length) < 0)
		return -1;
	req->io->streaming = 1;
	return 0;
}

int
ac_reply_write(struct ac_req *req, const void *buf, size_t len)
{
	if (!req->io->streaming || req->io->out_failed)
		return -1;
	if (req->io->head || len == 0)
		return 0;
	return ac__out(req, buf, len);
}

int
ac_reply_sendfile(struct ac_req *req, const char *ctype, const char *path)
{
	const char	*p;

	/* An absolute path without "." or ".." segments. */
	if (path == NULL || path[0] != '/')
		goto bad;
	for (p = path; (p = strstr(p, "/.")) != NULL; p++)
		if (p[2] == '/' || p[2] == '\0' ||
		    (p[2] == '.' && (p[3] == '/' || p[3] == '\0')))
			goto bad;
	if (ac_reply_header(req, "X-Sendfile", path) < 0)
		goto bad;
	/* The web server sends the file and its length. */
	return headers(req, 200, ctype, -1);
bad:
	ac_req_log(req, __func__, "bad file path");
	return ac_reply_fail(req, "internal_error", "internal error");
}
