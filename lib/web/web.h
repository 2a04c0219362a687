/* SPDX-License-Identifier: ISC */
/*
 * web.h: the web layer: requests, routes, answers, forms, uploads, pages.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_WEB_H
#define AC_WEB_H

#include "store/store.h"

/* ---------------------------------------------------------------------
 * Web requests (req.c, route.c, reply.c, form.c, multipart.c)
 *
 * One struct ac_req holds all state of one request and is reset after
 * each; it works under FastCGI and as plain CGI with the same handlers.
 * Parameters come from the request (FastCGI params or, as CGI, the
 * environment of that one request), never from getenv per request.
 *
 * The request path routed on is REQUEST_URI's path, strictly percent-
 * decoded (no NUL, valid UTF-8, no empty, "." or ".." segment: else 400),
 * or SCRIPT_NAME + PATH_INFO when there is no REQUEST_URI; Apache (Alias
 * or the .htaccess rewrite) and lighttpd (fastcgi.server prefix) give the
 * same.  Leading segments before the first one that begins some route's
 * pattern are a base path and skipped ("/autoclip/api/streams/1" is
 * "/api/streams/1"), so the site may live under a prefix.  Patterns match
 * exactly: "/api/streams" and
 * "/api/streams/" are different paths; only the first matches the
 * pattern "/api/streams" (a trailing slash is a 404).
 *
 * Errors answered by this layer (all {"detail": "...", "code": "..."}):
 * 400 bad path, bad query (unknown, duplicate or invalid key, named),
 * bad CONTENT_LENGTH, empty or truncated body, bad JSON or multipart;
 * 401/403 writes refused; 404 no route; 405 wrong method (with Allow);
 * 413 body over the route's cap (checked before reading); 415 wrong
 * Content-Type; 500 a handler that did not answer.
 */

#define AC_MAX_PATH		 1024	/* bytes of the request path */
#define AC_MAX_QUERYSTRING	 2048	/* bytes of QUERY_STRING */
#define AC_MAX_QUERY_KEYS	 32	/* key=value pairs in a query or form */
#define AC_MAX_CAPTURES		 4	/* {captures} in one pattern */
#define AC_MAX_HEADER		 1024	/* bytes of one request header we read */
#define AC_MAX_REPLY_HEADERS	 8	/* extra headers of one answer */
#define AC_MAX_JSON_BODY	 (64 * 1024)	/* a JSON body read whole */
#define AC_JSON_BODY_DEPTH	 16	/* nesting of a JSON body */
#define AC_MAX_FORM_BODY	 (64 * 1024)	/* an urlencoded body */
#define AC_MP_BOUNDARY_MAX	 70	/* RFC 2046 */
#define AC_MP_HEADER_MAX	 8192	/* bytes of one part's header block */
#define AC_MP_PARTS_MAX		 16	/* parts of one multipart body */
#define AC_MP_FIELD_MAX		 4096	/* bytes of one non-file field */

enum ac_method {
	AC_METHOD_GET,
	AC_METHOD_HEAD,		/* routed as GET; answers carry no body */
	AC_METHOD_POST,
	AC_METHOD_PUT,
	AC_METHOD_DELETE,
	AC_METHOD_OPTIONS,
	AC_METHOD_PATCH,
	AC_METHOD_OTHER,	/* anything else: 405 on a known path */
	AC_METHOD__MAX
};

/* "GET", "POST", ... ("OTHER" for AC_METHOD_OTHER). */
const char	*ac_method_name(enum ac_method);

/* How a query, form or multipart text value is validated. */
enum ac_kind {
	AC_KIND_INT,		/* strict decimal in [min, max] -> i */
	AC_KIND_ID,		/* 1..INT64_MAX -> i */
	AC_KIND_VOD,		/* ac_valid_vod_id */
	AC_KIND_UUID,		/* 8-4-4-4-12 hex, given back lower-case */
	AC_KIND_ENUM,		/* one of values[] (NULL-terminated) -> i = index */
	AC_KIND_BOOL,		/* "true"/"false"/"1"/"0" -> i = 1/0 */
	AC_KIND_STRING,		/* UTF-8, no control bytes but tab, at most max bytes */
	AC_KIND_FILENAME,	/* a file name, sanitised (ac_valid_filename), at most max bytes */
	AC_KIND__MAX
};

/* One declared key (kcgi keys[] style). */
struct ac_key {
	const char		*name;
	enum ac_kind		 kind;
	int64_t			 min;		/* INT only */
	int64_t			 max;		/* INT range; STRING/FILENAME bytes (0: 256) */
	const char *const	*values;	/* ENUM only */
};

/* The value of one declared key; s is NUL-terminated, owned by its holder. */
struct ac_value {
	int		 present;
	int64_t		 i;
	char		*s;
	size_t		 len;
};

/* A typed capture of the path; s holds the text (id as digits too). */
struct ac_capture {
	int64_t		 i;		/* {id} */
	char		 s[AC_VOD_ID_MAX];	/* {id}, {vod}, {uuid} */
};

struct ac_req;
struct ac_req_io;
struct json_object;

/*
 * The handler of a route.  It must answer with exactly one ac_reply*
 * (a missing answer becomes a 500); "ctx" is what ac_req_main was given.
 */
typedef void	 (*ac_handler_fn)(struct ac_req *, void *ctx);

enum ac_body {
	AC_BODY_NONE,		/* any body is a 400 (unexpected_body) */
	AC_BODY_OPTIONAL,	/* up to body_max bytes, may be empty */
	AC_BODY_REQUIRED	/* 1..body_max bytes: empty is a 400 */
};

/*
 * One route: method + pattern -> handler.  Pattern segments are literal
 * or a capture: "{id}" (positive int64), "{vod}" (a VOD id) or "{uuid}".
 * Literal segments win over captures.  Query keys not in keys[] are a
 * 400; req->query[i] is the value of keys[i].
 */
struct ac_route {
	enum ac_method		 method;
	const char		*pattern;
	ac_handler_fn		 handler;
	const struct ac_key	*keys;
	size_t			 nkeys;
	enum ac_body		 body;
	uint64_t		 body_max;	/* bytes; over it: 413 before reading */
	unsigned int		 flags;		/* AC_ROUTE_* */
};

/*
 * A write: the dispatcher calls the server's may_write before the
 * handler (after the 404/405/400/413 checks); a write route served
 * without a may_write is a 500, never an unchecked write.
 */
#define AC_ROUTE_WRITE		 0x01u
/*
 * A write that also takes an urlencoded form from a page without script
 * (which cannot send an Authorization header): for such a body the
 * dispatcher reads the form first (at most AC_MAX_FORM_BODY bytes; the
 * handler's ac_req_form reads it again), and its field "token" (at most
 * AC_FORM_TOKEN_MAX bytes, once) stands for the bearer token in the
 * write check.  Never from a query string, never for other bodies.
 */
#define AC_ROUTE_FORM		 0x02u
#define AC_FORM_TOKEN_MAX	 256
/*
 * A write that also takes a multipart upload from a page without script:
 * when the only missing credential is the API token (no Authorization,
 * no REMOTE_USER), the write check of a multipart POST is deferred to
 * ac_req_upload, which must meet a text part "token" (compared as the
 * bearer token: a wrong one is a 403) before the file part (else 401),
 * so nothing of the file is read before the token passed.  The handler
 * must read such a body with ac_req_upload only.
 */
#define AC_ROUTE_UPLOAD		 0x04u

/*
 * What ac_serve serves: the routes, the handlers' ctx, and the check of
 * write routes (0 to go on, or -1 after answering, e.g. 401/403).
 */
struct ac_server {
	const struct ac_route	*routes;
	size_t			 nroutes;
	void			*ctx;
	int			(*may_write)(struct ac_req *, void *ctx);
};

/*
 * A request.  Read-only for handlers; every string is NUL-terminated
 * ("" when the parameter is absent) and lives until the request ends.
 */
struct ac_req {
	enum ac_method		 method;
	const char		*method_text;	/* REQUEST_METHOD */
	const char		*path;		/* SCRIPT_NAME + PATH_INFO */
	const char		*query_string;
	const char		*content_type;	/* CONTENT_TYPE */
	uint64_t		 content_length;	/* strictly parsed; 0 when absent */
	const char		*remote_user;
	const char		*remote_addr;
	const char		*authorization;	/* HTTP_AUTHORIZATION */
	const char		*origin;	/* HTTP_ORIGIN */
	const char		*sec_fetch_site;	/* HTTP_SEC_FETCH_SITE */
	const char		*host;		/* HTTP_HOST */
	const char		*accept;	/* HTTP_ACCEPT */
	int			 https;		/* HTTPS is "on" or "1" */
	const struct ac_route	*route;		/* the matched route */
	struct ac_capture	 cap[AC_MAX_CAPTURES];
	size_t			 ncap;
	struct ac_value		*query;		/* route->nkeys values */
	uint64_t		 body_read;	/* body bytes handed out so far */
	int			 body_truncated;	/* the body ended before CONTENT_LENGTH */
	int			 replied;	/* an answer was begun */
	int			 status;	/* its status */
	struct ac_req_io	*io;		/* private */
};

/*
 * The accept loop.  As FastCGI (fd 0 is a listening socket, as mod_fcgid
 * and lighttpd bin-path give it, or "-s PATH" names a socket to create):
 * one request at a time until the server closes or SIGTERM arrives (the
 * current request is finished first).  As plain CGI: one request from
 * the environment, stdin and stdout.  Each request is routed (404, 405
 * with Allow, 400, 413 answered here) and handed to its handler.
 * Returns the process exit status (0, or 1 on a start-up error).
 */
int		 ac_serve(int argc, char *argv[], const struct ac_server *);
/* ac_serve without a write check (routes flagged AC_ROUTE_WRITE: 500). */
int		 ac_req_main(int argc, char *argv[], const struct ac_route *,
		    size_t nroutes, void *ctx);

/*
 * Accept negotiation (accept.c): 1 when the q of an explicit text/html
 * is above that of application/json (or, without it, of the wildcard
 * types), as a browser's Accept says; else 0.  A missing or empty Accept
 * is 0 (JSON).
 */
int		 ac_accept_html(const char *accept);
int		 ac_req_wants_html(const struct ac_req *);

/* Any request parameter by name ("HTTP_X_FOO"); NULL when absent. */
const char	*ac_req_param(const struct ac_req *, const char *name);

/*
 * Read up to size body bytes (an ac_read_fn: pass the request as arg).
 * Returns > 0, 0 once CONTENT_LENGTH bytes were read, -1 on error; a
 * body that ends early is -1 with errno EPROTO and body_truncated set.
 * Never reads past CONTENT_LENGTH.
 */
ssize_t		 ac_req_read(void *req, void *buf, size_t size);

/*
 * Whether the request carries a body of this media type (parameters
 * such as "; charset=utf-8" ignored, case-insensitive): 1 or 0.
 */
int		 ac_req_is_type(const struct ac_req *, const char *type);

/*
 * The whole body, at most max bytes (else 413), into *out (malloc'd,
 * NUL-terminated after its *len bytes).  0, or -1 after answering 413,
 * 400 truncated_body or bad_body, or 500.  The one body reader.
 */
int		 ac_req_body(struct ac_req *, uint64_t max, char **out,
		    size_t *len);

/*
 * The whole JSON body: Content-Type application/json (else 415), at
 * most AC_MAX_JSON_BODY bytes (else 413), strict JSON, valid UTF-8,
 * depth at most AC_JSON_BODY_DEPTH, an object at the top (else 400).
 * An empty body gives *out = NULL when the route's body is optional
 * (400 when required).
 * Returns 0 (*out owned by the caller: json_object_put), or -1 after
 * answering the error itself: the handler then just returns.
 */
int		 ac_req_json(struct ac_req *, struct json_object **out);

/*
 * An application/x-www-form-urlencoded body (at most AC_MAX_FORM_BODY)
 * into vals[nkeys] (cleared with ac_values_clear).  0, or -1 after
 * answering 400/413/415.
 */
int		 ac_req_form(struct ac_req *, const struct ac_key *, size_t nkeys,
		    struct ac_value *vals);

/*
 * Parse urlencoded text (a query string or form body) strictly: keys
 * must be declared, at most once each, at most AC_MAX_QUERY_KEYS pairs;
 * "%XX" needs two hex digits, '+' is a space, decoded text must be UTF-8
 * without NUL; each value passes its key's validator.  vals[nkeys] are
 * filled (free with ac_values_clear, also after an error).  Returns
 * AC_OK, or AC_ERR_SYNTAX/AC_ERR_VALUE/AC_ERR_LIMIT with a message that
 * names the key in err.
 */
enum ac_err	 ac_form_parse(const char *s, size_t len, const struct ac_key *,
		    size_t nkeys, struct ac_value *vals, struct ac_error *err);
/* Validate one decoded value for key into v (v->s is malloc'd). */
enum ac_err	 ac_value_set(const struct ac_key *, const char *s, size_t len,
		    struct ac_value *v, struct ac_error *err);
void		 ac_values_clear(struct ac_value *, size_t n);

/*
 * Writes (POST, PUT, PATCH, DELETE) are allowed when, in this order:
 *  1. the request is not cross-site: a Sec-Fetch-Site of "cross-site",
 *     or an Origin that is not exactly scheme://HTTP_HOST of this site
 *     (https when HTTPS is on; "null" included), is a 403;
 *  2. the web server authenticated the user (REMOTE_USER set), or
 *  3. API_TOKEN is configured and "Authorization: Bearer <API_TOKEN>"
 *     matches (compared in constant time; missing 401, wrong 403), or
 *  4. no API_TOKEN is configured and the client is on loopback
 *     (REMOTE_ADDR 127.0.0.0/8 or ::1) naming this machine as Host
 *     (localhost, 127.0.0.1 or [::1], any port; or a name listed in
 *     ALLOWED_HOSTS; no Host at all is accepted): against DNS rebinding.
 *     Other clients and other Hosts get 403.
 * Returns 0 when allowed; else answers 401/403 and returns -1.
 */
int		 ac_req_may_write(struct ac_req *, const struct ac_settings *);

/*
 * Send this process's stderr to the file named by the environment's
 * AUTOCLIP_ERROR_LOG (absolute; appended), when set: lighttpd's
 * configuration names its error log so.  Done once; ac_req_main does it.
 */
void		 ac_req_stderr(void);

/*
 * Whether a valid JSON text repeats a key within one object: 1 with the
 * first such key (decoded, cut to keysize) in key, 0 when none, -1 out of
 * memory or nested deeper than 64.
 */
int		 ac_json_dup_key(const char *text, size_t len, char *key,
		    size_t keysize);

/*
 * Answers.  Every answer carries Status, Content-Type (when there is a
 * body), X-Content-Type-Options: nosniff, Cache-Control: no-store,
 * Referrer-Policy: same-origin and a Content-Security-Policy that allows
 * nothing (default-src 'none'; frame-ancestors 'none'), plus the extra
 * headers added before.  A 204 or HEAD answer has no body.  Only the
 * first answer of a request is sent (later ones are logged and
 * dropped).  Functions return 0, or -1 when writing failed.
 */
int		 ac_reply(struct ac_req *, int status, const char *ctype,
		    const void *body, size_t len);
/* Serialised with JSON_C_TO_STRING_PLAIN; obj is borrowed. */
int		 ac_reply_json(struct ac_req *, int status, struct json_object *);
/*
 * {"detail": detail, "code": code} with code's status from the one table
 * of error codes (lib/web/codes.c); a code not in it is logged and
 * answered 500 internal_error.
 */
int		 ac_reply_fail(struct ac_req *, const char *code,
		    const char *detail);
/* The status of an error code, or 0 when it is not in the table. */
int		 ac_code_status(const char *code);
/* The i-th code of the table, NULL past its end (for tests and docs). */
const char	*ac_code_at(size_t i);
/* {"detail": detail, "code": code} with any status (use ac_reply_fail). */
int		 ac_reply_error(struct ac_req *, int status, const char *code,
		    const char *detail);
/* 303 (or 301/302/307/308) to a local path starting with '/'. */
int		 ac_reply_redirect(struct ac_req *, int status,
		    const char *location);
/*
 * Add a header to the coming answer (Allow, X-Sendfile, ...): name a
 * token, value without CR, LF or NUL; 0, or -1 when refused.
 */
int		 ac_reply_header(struct ac_req *, const char *name,
		    const char *value);
/*
 * Let the web server send a file (lighttpd "x-sendfile", Apache
 * mod_xsendfile): X-Sendfile with an absolute path built by the program
 * (never from user text; no "." or ".." segments), no body.
 */
int		 ac_reply_sendfile(struct ac_req *, const char *ctype,
		    const char *path);
/*
 * Stored files and blobs (file.c).  ac_range_parse reads one Range
 * header against a size: 1 with [first, last] for one satisfiable
 * "bytes=" range, 0 when it is absent or to be ignored (other unit,
 * several ranges), -1 when unsatisfiable (416), -2 malformed (ignored).
 */
int		 ac_range_parse(const char *header, int64_t size, int64_t *first,
		    int64_t *last);
/* Read up to n bytes at off; > 0, 0 at the end, -1 on error. */
typedef ssize_t	 (*ac_pread_fn)(void *arg, void *buf, size_t n, int64_t off);
/*
 * Answer with size bytes read through rd: ETag and Accept-Ranges,
 * 304 for a matching If-None-Match, 206 with Content-Range for one
 * Range (If-Range honoured), 416 when unsatisfiable, else 200.
 */
int		 ac_reply_ranged(struct ac_req *, const char *ctype,
		    int64_t size, const char *etag, ac_pread_fn rd, void *arg);
/* The same for a file the program named; with sendfile, X-Sendfile. */
int		 ac_reply_file(struct ac_req *, const char *ctype,
		    const char *path, const char *etag, int sendfile);
/* Content-Disposition: attachment with the name sanitised (ac_valid_filename). */
int		 ac_reply_attachment(struct ac_req *, const char *filename);
/*
 * A streamed answer: headers now (length -1 when unknown), then the body
 * in pieces.  ac_reply_write returns 0 or -1 (client gone).
 */
int		 ac_reply_begin(struct ac_req *, int status, const char *ctype,
		    int64_t length);
int		 ac_reply_write(struct ac_req *, const void *, size_t);
/*
 * An HTML page (text/html; charset=utf-8) with the page policy: styles
 * and images from the site only, no script, forms to the site only,
 * no framing (Content-Security-Policy frame-ancestors and
 * X-Frame-Options: DENY).
 */
int		 ac_reply_html(struct ac_req *, int status, const char *html,
		    size_t len);
/*
 * The base path the site lives under ("" or "/autoclip"), from the
 * segments the router skipped; only when it is made of unreserved
 * characters and '/', else "".  For Location headers and links.
 */
const char	*ac_req_base(const struct ac_req *);
/*
 * A 303 to base + path (path starts with '/'), the answer to a form
 * post: the browser then GETs that page.
 */
int		 ac_reply_see_other(struct ac_req *, const char *path);

/*
 * A page rendered by a program (page.c): begin writes the head, the
 * stylesheet and the navigation (links under ac_req_base); write the
 * body to f with ac_html_fmt; reply adds the footer and answers with
 * ac_reply_html (after it, or on an error, ac_page_free).
 */
struct ac_page {
	struct ac_req	*req;
	FILE		*f;
	char		*buf;
	size_t		 len;
};
int		 ac_page_begin(struct ac_page *, struct ac_req *,
		    const char *title);
int		 ac_page_reply(struct ac_page *, int status);
void		 ac_page_free(struct ac_page *);


/* The reason phrase of a status ("Not Found"); "" when unknown. */
const char	*ac_status_text(int status);
/* Log a fault of this request: ac_log(func, "METHOD PATH: ..."). */
void		 ac_req_log(const struct ac_req *, const char *func,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * multipart/form-data, streaming (multipart.c).  The boundary comes from
 * the Content-Type (1..70 characters of RFC 2046, else AC_ERR_SYNTAX).
 * Parts are pulled one by one; a part's bytes are read with ac_mp_read
 * (an ac_read_fn) and never held whole.  Limits: AC_MP_HEADER_MAX bytes
 * of part headers, AC_MP_PARTS_MAX parts.  Every part needs
 * Content-Disposition: form-data with a name.
 */
struct ac_mp;

struct ac_mp_part {
	char		 name[64];
	char		 filename[256];		/* as sent (not sanitised); "" when none */
	int		 has_filename;
	char		 content_type[128];	/* "" when none */
	const struct ac_error *err;	/* the parser's: why reading failed */
};

/*
 * NULL with err filled on a bad Content-Type or no memory.  Else err
 * (cleared; it must outlive the parser) is where a later failure of
 * ac_mp_next or ac_mp_read is told: AC_ERR_IO when the byte source
 * failed, AC_ERR_SYNTAX or AC_ERR_LIMIT for the body, with a text.
 */
struct ac_mp	*ac_mp_new(const char *content_type, ac_read_fn, void *arg,
		    struct ac_error *err);
/*
 * Skip the rest of the current part and go to the next: 1 with *part
 * filled, 0 after the final boundary, -1 on an error (in err).
 */
int		 ac_mp_next(struct ac_mp *, struct ac_mp_part *);
/* The current part's bytes (an ac_read_fn): > 0, 0 at its end, -1. */
ssize_t		 ac_mp_read(void *mp, void *buf, size_t size);
void		 ac_mp_free(struct ac_mp *);

/*
 * Handed a multipart file part to consume: read it with rd(rdarg, ...).
 * Return 0 to go on, non-zero to stop (the answer is then the
 * callback's: it should have replied).
 */
typedef int	 (*ac_upload_fn)(void *arg, struct ac_req *,
		    const struct ac_mp_part *, ac_read_fn rd, void *rdarg);

/*
 * A multipart/form-data upload (415 otherwise): the file field named
 * file (required, exactly once) goes to fn as it streams in; text fields
 * declared in keys[] are validated into vals[nkeys] (AC_MP_FIELD_MAX
 * bytes each; unknown or repeated fields are a 400), also those after
 * the file.  A text part "token" (at most once) is taken here: when the
 * write check left the token due (AC_ROUTE_UPLOAD) it must come before
 * the file and match (401 / 403 before fn is called), else it is
 * dropped.  Returns 0 when fn consumed the file and the body ended
 * well; -1 when an error was answered (or fn stopped).
 */
int		 ac_req_upload(struct ac_req *, const char *file,
		    ac_upload_fn fn, void *arg, const struct ac_key *,
		    size_t nkeys, struct ac_value *vals);

/* --- request internals (req.c, route.c, reply.c, form.c, multipart.c) --- */

struct FCGX_Stream;

/* The I/O side of a request: FastCGI streams or CGI file descriptors. */
struct ac_req_io {
	int			 cgi;		/* plain CGI: fds, environ */
	struct FCGX_Stream	*in;
	struct FCGX_Stream	*out;
	struct FCGX_Stream	*err;		/* FastCGI: the server's error log */
	char			**envp;
	int			 infd;
	int			 outfd;
	int			 head;		/* HEAD: answers without body */
	int			 streaming;	/* ac_reply_begin was called */
	int			 out_failed;
	char			 path[AC_MAX_PATH + 1];
	char			 base[AC_MAX_PATH + 1];	/* skipped prefix, or "" */
	int			 html;		/* the answer is a page */
	char			*form;		/* an AC_ROUTE_FORM body read ahead */
	size_t			 form_len;
	char			 form_token[AC_FORM_TOKEN_MAX + 1];	/* its token field, "" */
	int			 upload_defer;	/* AC_ROUTE_UPLOAD and a multipart POST */
	const char		*token_due;	/* the token the upload must send first */
	char			*hname[AC_MAX_REPLY_HEADERS];
	char			*hvalue[AC_MAX_REPLY_HEADERS];
	size_t			 nhdr;
};

/* route.c: check the path, match a route, parse the query; answer errors. */
void		 ac__dispatch(struct ac_req *, const struct ac_server *);
/* route.c: the request path from SCRIPT_NAME + PATH_INFO into io->path. */
int		 ac__req_path(struct ac_req *, struct ac_error *err);
/* reply.c: write raw bytes of the answer; -1 when the client is gone. */
int		 ac__out(struct ac_req *, const void *, size_t);
void		 ac__reply_clear(struct ac_req *);
/*
 * req.c: read an urlencoded body ahead (AC_ROUTE_FORM) and take its
 * token field; 0, or -1 after answering (400/413).
 */
int		 ac__req_form_ahead(struct ac_req *);
/* page.c: an error as a page, for browsers (ac_reply_error calls it). */
int		 ac__page_error(struct ac_req *, int status, const char *code,
		    const char *detail);
/*
 * form.c: percent-decode s[len] into out (size >= len + 1); plus is
 * whether '+' means a space.  Returns the decoded length, or -1 on a bad
 * escape.
 */
ssize_t		 ac__pct_decode(const char *s, size_t len, int plus, char *out);
/* req.c: equal strings, in time that depends only on their lengths. */
int		 ac__ct_equal(const char *a, const char *b);
/*
 * Whether a Host header names this machine (localhost, 127.0.0.1, [::1],
 * any port) or a name of allowed (ALLOWED_HOSTS: "name" for any port or
 * "name:port", comma or space separated; may be NULL).  An empty Host is
 * trusted (no browser sends none).
 */
int		 ac__host_trusted(const char *host, const char *allowed);

#endif /* !AC_WEB_H */
