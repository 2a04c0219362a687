/* SPDX-License-Identifier: ISC */
/* req.c: the request of FastCGI and plain CGI, the accept loop, its body. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "web/web.h"

#define LISTEN_BACKLOG	 64	/* -s SOCKET: pending connections */

extern char	**environ;

static volatile sig_atomic_t	 terminating;

static const char *const methods[AC_METHOD__MAX] = {
	"GET",		/* AC_METHOD_GET */
	"HEAD",		/* AC_METHOD_HEAD */
	"POST",		/* AC_METHOD_POST */
	"PUT",		/* AC_METHOD_PUT */
	"DELETE",	/* AC_METHOD_DELETE */
	"OPTIONS",	/* AC_METHOD_OPTIONS */
	"PATCH",	/* AC_METHOD_PATCH */
	"OTHER",	/* AC_METHOD_OTHER */
};

const char *
ac_method_name(enum ac_method m)
{
	return (m >= 0 && m < AC_METHOD__MAX) ? methods[m] : "OTHER";
}

const char *
ac_req_param(const struct ac_req *req, const char *name)
{
	if (req == NULL || req->io == NULL || req->io->envp == NULL)
		return NULL;
	return FCGX_GetParam(name, req->io->envp);
}

static const char *
param(const struct ac_req *req, const char *name)
{
	const char	*v;

	v = ac_req_param(req, name);
	return v != NULL ? v : "";
}

int
ac__ct_equal(const char *a, const char *b)
{
	size_t			 la = strlen(a), lb = strlen(b), i;
	volatile unsigned char	 d = 0;

	/* Time depends on the lengths only, never on where bytes differ. */
	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i % (lb ? lb : 1)];
	return d == 0 && la == lb;
}

/*
 * Fill the request from its parameters.  Returns 0, or an HTTP status
 * with err set when the request line itself is unusable.
 */
static int
req_fill(struct ac_req *req, struct ac_error *err)
{
	const char	*cl, *https;
	size_t		 i;
	int		 m;

	req->method_text = param(req, "REQUEST_METHOD");
	req->method = AC_METHOD_OTHER;
	for (m = 0; m < AC_METHOD_OTHER; m++)
		if (strcmp(req->method_text, methods[m]) == 0)
			req->method = (enum ac_method)m;
	req->io->head = req->method == AC_METHOD_HEAD;
	req->query_string = param(req, "QUERY_STRING");
	req->content_type = param(req, "CONTENT_TYPE");
	req->remote_user = param(req, "REMOTE_USER");
	req->remote_addr = param(req, "REMOTE_ADDR");
	req->authorization = param(req, "HTTP_AUTHORIZATION");
	req->origin = param(req, "HTTP_ORIGIN");
	req->sec_fetch_site = param(req, "HTTP_SEC_FETCH_SITE");
	req->host = param(req, "HTTP_HOST");
	req->accept = param(req, "HTTP_ACCEPT");
	https = param(req, "HTTPS");
	req->https = strcasecmp(https, "on") == 0 || strcmp(https, "1") == 0;
	req->path = req->io->path;

	/* CONTENT_LENGTH: absent or empty is 0; else digits only. */
	cl = param(req, "CONTENT_LENGTH");
	req->content_length = 0;
	if (strlen(cl) > 18) {
		ac_error_set(err, AC_ERR_VALUE,
		    "CONTENT_LENGTH is not a length");
		return 400;
	}
	for (i = 0; cl[i] != '\0'; i++) {
		if (cl[i] < '0' || cl[i] > '9') {
			ac_error_set(err, AC_ERR_VALUE,
			    "CONTENT_LENGTH is not a length");
			return 400;
		}
		req->content_length = req->content_length * 10 +
		    (uint64_t)(cl[i] - '0');
	}
	if (strlen(req->query_string) > AC_MAX_QUERYSTRING) {
		ac_error_set(err, AC_ERR_LIMIT, "query string over %d bytes",
		    AC_MAX_QUERYSTRING);
		return 400;
	}
	return ac__req_path(req, err);
}

/* Run one request whose io is set up; frees everything it made. */
static void
req_run(struct ac_req_io *io, const struct ac_server *srv)
{
	struct ac_req	 req;
	struct ac_error	 err;
	int		 st;

	memset(&req, 0, sizeof(req));
	req.io = io;
	io->head = io->streaming = io->out_failed = 0;
	io->path[0] = '\0';
	io->nhdr = 0;
	ac_error_clear(&err);
	if ((st = req_fill(&req, &err)) != 0)
		ac_reply_fail(&req, st == 500 ? "internal_error" :
		    "bad_request", err.text);
	else
		ac__dispatch(&req, srv);
	if (!req.replied) {
		ac_req_log(&req, __func__, "handler gave no answer");
		ac_reply_fail(&req, "internal_error", "internal error");
	}
	if (req.query != NULL && req.route != NULL)
		ac_values_clear(req.query, req.route->nkeys);
	free(req.query);
	free(io->form);
	io->form = NULL;
	io->form_len = 0;
	io->form_token[0] = '\0';
	io->upload_defer = 0;
	io->token_due = NULL;
	ac__reply_clear(&req);
}

static void
on_term(int sig)
{
	(void)sig;
	terminating = 1;
	FCGX_ShutdownPending();
}

static int
serve_fcgi(int sock, const struct ac_server *srv)
{
	FCGX_Request		 r;
	struct ac_req_io	 io;
	struct sigaction	 sa;
	sigset_t		 term;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	/*
	 * No SA_RESTART: a SIGTERM while waiting makes the accept return at
	 * once.  While a request runs, SIGTERM is blocked, so its reads and
	 * writes are not cut short; it is taken after the answer.
	 */
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);

	if (FCGX_InitRequest(&r, sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		ac_log(__func__, "FCGX_InitRequest failed");
		return 1;
	}
	while (!terminating && FCGX_Accept_r(&r) >= 0) {
		sigprocmask(SIG_BLOCK, &term, NULL);
		memset(&io, 0, sizeof(io));
		io.in = r.in;
		io.out = r.out;
		io.err = r.err;
		io.envp = r.envp;
		io.infd = io.outfd = -1;
		req_run(&io, srv);
		FCGX_Finish_r(&r);
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	FCGX_Free(&r, 1);
	return 0;
}

static int
serve_cgi(const struct ac_server *srv)
{
	struct ac_req_io	 io;
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	memset(&io, 0, sizeof(io));
	io.cgi = 1;
	io.envp = environ;
	io.infd = STDIN_FILENO;
	io.outfd = STDOUT_FILENO;
	req_run(&io, srv);
	return io.out_failed ? 1 : 0;
}

void
ac_req_stderr(void)
{
	static int	 done;
	const char	*path;
	int		 fd;

	if (done++ || (path = getenv("AUTOCLIP_ERROR_LOG")) == NULL ||
	    path[0] != '/')
		return;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY, 0640)) == -1) {
		ac_log("AUTOCLIP_ERROR_LOG", "%s: %s", path, strerror(errno));
		return;
	}
	if (fd != STDERR_FILENO) {
		(void)dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

int
ac_req_main(int argc, char *argv[], const struct ac_route *routes,
    size_t nroutes, void *ctx)
{
	struct ac_server	 srv;

	memset(&srv, 0, sizeof(srv));
	srv.routes = routes;
	srv.nroutes = nroutes;
	srv.ctx = ctx;
	return ac_serve(argc, argv, &srv);
}

int
ac_serve(int argc, char *argv[], const struct ac_server *srv)
{
	const char	*sockpath = NULL;
	int		 sock;

	ac_req_stderr();

	if (FCGX_Init() != 0) {
		ac_log(__func__, "FCGX_Init failed");
		return 1;
	}
	/*
	 * Only "-s PATH".  As CGI, other arguments are ignored: Apache
	 * makes argv from a query string without '='.
	 */
	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		sockpath = argv[2];
	else if (argc > 1 && !FCGX_IsCGI()) {
		fprintf(stderr, "usage: %s [-s socket]\n", argv[0]);
		return 1;
	}
	if (sockpath != NULL) {
		if ((sock = FCGX_OpenSocket(sockpath, LISTEN_BACKLOG)) < 0) {
			ac_log(__func__, "%s: cannot listen", sockpath);
			return 1;
		}
		return serve_fcgi(sock, srv);
	}
	if (FCGX_IsCGI())
		return serve_cgi(srv);
	return serve_fcgi(0, srv);
}

ssize_t
ac_req_read(void *arg, void *buf, size_t size)
{
	struct ac_req	*req = arg;
	uint64_t	 left;
	ssize_t		 n;
	int		 got;

	if (req->body_truncated) {
		errno = EPROTO;
		return -1;
	}
	left = req->content_length - req->body_read;
	if (left == 0 || size == 0)
		return 0;
	if (size > left)
		size = (size_t)left;
	if (size > INT32_MAX)
		size = INT32_MAX;
	if (req->io->cgi) {
		do
			n = read(req->io->infd, buf, size);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
	} else {
		got = FCGX_GetStr(buf, (int)size, req->io->in);
		if (got < 0 || (got == 0 && FCGX_GetError(req->io->in) != 0)) {
			errno = EIO;
			return -1;
		}
		n = got;
	}
	if (n == 0) {
		/* The stream ended before CONTENT_LENGTH bytes. */
		req->body_truncated = 1;
		errno = EPROTO;
		return -1;
	}
	req->body_read += (uint64_t)n;
	return n;
}

int
ac_req_is_type(const struct ac_req *req, const char *type)
{
	const char	*ct = req->content_type;
	size_t		 n = strlen(type);

	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, type, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int
ac_req_body(struct ac_req *req, uint64_t max, char **out, size_t *len)
{
	char	*b;
	size_t	 n = 0;
	ssize_t	 r;

	*out = NULL;
	*len = 0;
	/* A token still due (AC_ROUTE_UPLOAD) is checked by ac_req_upload only. */
	if (req->io->token_due != NULL) {
		ac_reply_header(req, "WWW-Authenticate",
		    "Bearer realm=\"autoclip\"");
		ac_reply_fail(req, "unauthorized",
		    "writes need authentication");
		return -1;
	}
	if (req->content_length > max) {
		ac_reply_fail(req, "payload_too_large",
		    "request body too large");
		return -1;
	}
	if ((b = malloc((size_t)req->content_length + 1)) == NULL) {
		ac_req_log(req, __func__, "out of memory");
		ac_reply_fail(req, "internal_error", "internal error");
		return -1;
	}
	while ((r = ac_req_read(req, b + n, (size_t)req->content_length -
	    n)) > 0)
		n += (size_t)r;
	if (r < 0) {
		free(b);
		if (req->body_truncated)
			ac_reply_fail(req, "truncated_body",
			    "request body shorter than its Content-Length");
		else {
			ac_req_log(req, __func__, "reading the body: %s",
			    strerror(errno));
			ac_reply_fail(req, "bad_body",
			    "request body could not be read");
		}
		return -1;
	}
	b[n] = '\0';
	*out = b;
	*len = n;
	return 0;
}

static int
body_needed(struct ac_req *req, int *empty)
{
	*empty = 0;
	if (req->content_length > 0)
		return 0;
	if (req->route != NULL && req->route->body == AC_BODY_OPTIONAL) {
		*empty = 1;
		return 0;
	}
	ac_reply_fail(req, "empty_body", "request body is empty");
	return -1;
}

/*
 * Whether JSON text escapes a NUL ("\u0000"): json-c would cut a key or
 * string there, so "window_s\u0000x" would pass as "window_s".
 */
static int
escaped_nul(const char *b, size_t len)
{
	size_t	 i, k;

	for (i = 0; i + 6 <= len; i++) {
		if (b[i] != '\\' || b[i + 1] != 'u' ||
		    memcmp(b + i + 2, "0000", 4) != 0)
			continue;
		/* The backslash must itself not be escaped. */
		for (k = i; k > 0 && b[k - 1] == '\\'; k--)
			continue;
		if ((i - k) % 2 == 0)
			return 1;
	}
	return 0;
}

/*
 * json-c's strict mode still takes NaN, Infinity, "1.", "1.e5", raw
 * control characters in strings and lone surrogates: read the text again
 * with the library's own strict lexer (RFC 8259).  0, or -1 with the
 * reason in detail.
 */
static int
strict_json(const char *b, size_t len, char *detail, size_t size)
{
	struct ac__lex	 L;
	struct ac_error	 e;

	memset(&e, 0, sizeof(e));
	ac__lex_init_mem(&L, b, len, &e);
	if (ac__lex_skip(&L) < 0 || ac__lex_peek(&L) != -1) {
		snprintf(detail, size, "invalid JSON: %.120s",
		    e.text[0] != '\0' ? e.text : "not RFC 8259 JSON");
		return -1;
	}
	/*
	 * json-c makes every lone surrogate U+FFFD: "\ud800" and "\udbff"
	 * would be one text, and as keys one key, silently.
	 */
	if (L.badstr) {
		snprintf(detail, size, "invalid JSON: a \\u escape is a lone "
		    "surrogate (U+D800 to U+DFFF)");
		return -1;
	}
	return 0;
}

int
ac_req_json(struct ac_req *req, struct json_object **out)
{
	struct json_tokener	*tok;
	enum json_tokener_error	 jerr;
	char			*b, detail[160], key[64];
	size_t			 len;
	int			 empty;

	*out = NULL;
	if (body_needed(req, &empty) < 0)
		return -1;
	if (empty)
		return 0;
	if (!ac_req_is_type(req, "application/json")) {
		ac_reply_fail(req, "unsupported_media_type",
		    "Content-Type must be application/json");
		return -1;
	}
	if (ac_req_body(req, AC_MAX_JSON_BODY, &b, &len) < 0)
		return -1;
	if (!ac_valid_utf8(b, len)) {
		free(b);
		ac_reply_fail(req, "invalid_json",
		    "request body is not valid UTF-8");
		return -1;
	}
	if (escaped_nul(b, len)) {
		free(b);
		ac_reply_fail(req, "invalid_json",
		    "request body contains a NUL character (\\u0000)");
		return -1;
	}
	if ((tok = json_tokener_new_ex(AC_JSON_BODY_DEPTH)) == NULL) {
		free(b);
		ac_reply_fail(req, "internal_error", "internal error");
		return -1;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	*out = json_tokener_parse_ex(tok, b, (int)len);
	jerr = json_tokener_get_error(tok);
	if (*out != NULL && jerr == json_tokener_success &&
	    json_tokener_get_parse_end(tok) != len) {
		/* Only white space may follow the value. */
		size_t	 i;

		for (i = json_tokener_get_parse_end(tok); i < len; i++)
			if (b[i] != ' ' && b[i] != '\t' && b[i] != '\n' &&
			    b[i] != '\r')
				break;
		if (i < len) {
			json_object_put(*out);
			*out = NULL;
			jerr = json_tokener_error_parse_unexpected;
		}
	}
	if (*out != NULL && !json_object_is_type(*out, json_type_object)) {
		json_object_put(*out);
		*out = NULL;
		json_tokener_free(tok);
		free(b);
		ac_reply_fail(req, "invalid_json",
		    "the JSON body must be an object");
		return -1;
	}
	if (*out == NULL) {
		if (jerr == json_tokener_success)
			snprintf(detail, sizeof(detail),
			    "the JSON body must be an object");
		else if (jerr == json_tokener_continue)
			snprintf(detail, sizeof(detail),
			    "invalid JSON: unexpected end of body");
		else if (jerr == json_tokener_error_depth)
			snprintf(detail, sizeof(detail),
			    "invalid JSON: nested deeper than %d",
			    AC_JSON_BODY_DEPTH);
		else
			snprintf(detail, sizeof(detail),
			    "invalid JSON at byte %zu: %s",
			    json_tokener_get_parse_end(tok),
			    json_tokener_error_desc(jerr));
		json_tokener_free(tok);
		free(b);
		ac_reply_fail(req, "invalid_json", detail);
		return -1;
	}
	json_tokener_free(tok);
	if (strict_json(b, len, detail, sizeof(detail)) < 0) {
		json_object_put(*out);
		*out = NULL;
		free(b);
		ac_reply_fail(req, "invalid_json", detail);
		return -1;
	}
	/* json-c keeps the last of a repeated key: refuse it instead. */
	switch (ac_json_dup_key(b, len, key, sizeof(key))) {
	case 0:
		break;
	case 1:
		snprintf(detail, sizeof(detail), "the key \"%s\" is repeated",
		    key);
		json_object_put(*out);
		*out = NULL;
		free(b);
		ac_reply_fail(req, "duplicate_key", detail);
		return -1;
	default:
		json_object_put(*out);
		*out = NULL;
		free(b);
		ac_reply_fail(req, "internal_error", "internal error");
		return -1;
	}
	free(b);
	return 0;
}

int
ac_req_form(struct ac_req *req, const struct ac_key *keys, size_t nkeys,
    struct ac_value *vals)
{
	char	*b;
	struct ac_error	 err;
	size_t	 len;
	int	 empty;

	memset(vals, 0, nkeys * sizeof(*vals));
	if (body_needed(req, &empty) < 0)
		return -1;
	if (empty)
		return 0;
	if (!ac_req_is_type(req, "application/x-www-form-urlencoded")) {
		ac_reply_fail(req, "unsupported_media_type",
		    "Content-Type must be application/x-www-form-urlencoded");
		return -1;
	}
	if (req->io->form != NULL) {
		/* Read ahead by the dispatcher (AC_ROUTE_FORM). */
		b = req->io->form;
		len = req->io->form_len;
	} else if (ac_req_body(req, AC_MAX_FORM_BODY, &b, &len) < 0)
		return -1;
	if (ac_form_parse(b, len, keys, nkeys, vals, &err) !=
	    AC_OK) {
		if (b != req->io->form)
			free(b);
		ac_values_clear(vals, nkeys);
		ac_reply_fail(req, "invalid_form", err.text);
		return -1;
	}
	if (b != req->io->form)
		free(b);
	return 0;
}

int
ac__req_form_ahead(struct ac_req *req)
{
	struct ac_req_io	*io = req->io;
	const char		*p, *e, *amp, *eq;
	char			*dec;
	ssize_t			 n;
	int			 seen = 0;

	io->form_token[0] = '\0';
	if (req->content_length == 0 ||
	    !ac_req_is_type(req, "application/x-www-form-urlencoded"))
		return 0;
	if (ac_req_body(req, AC_MAX_FORM_BODY, &io->form, &io->form_len) < 0)
		return -1;
	/* Only the token field: the handler validates the whole form. */
	for (p = io->form, e = io->form + io->form_len; p < e; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(e - p))) == NULL)
			amp = e;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL || eq - p != 5 || memcmp(p, "token", 5) != 0)
			continue;
		if (seen++ > 0 || amp - eq - 1 > 3 * AC_FORM_TOKEN_MAX) {
			ac_reply_fail(req, "invalid_form", seen > 1 ?
			    "token: given twice" : "token: too long");
			return -1;
		}
		if ((dec = malloc((size_t)(amp - eq))) == NULL) {
			ac_reply_fail(req, "internal_error", "out of memory");
			return -1;
		}
		n = ac__pct_decode(eq + 1, (size_t)(amp - eq - 1), 1, dec);
		if (n < 0 || n > AC_FORM_TOKEN_MAX ||
		    memchr(dec, '\0', (size_t)n) != NULL) {
			free(dec);
			ac_reply_fail(req, "invalid_form", "token: not a token");
			return -1;
		}
		memcpy(io->form_token, dec, (size_t)n);
		io->form_token[n] = '\0';
		free(dec);
	}
	return 0;
}
