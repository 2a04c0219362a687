/* SPDX-License-Identifier: ISC */
/*
 * extern.h: declarations shared inside libautoclip (not installed).
 * Functions here are not exported from the shared library; the unit tests
 * reach them through the convenience library.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <stdarg.h>

#include "autoclip.h"

/* error.c: fill *err (which may be NULL) and return code. */
enum ac_err	 ac__error(struct ac_error *err, enum ac_err code,
		    uint64_t offset, uint64_t message, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

/*
 * Length of the valid UTF-8 sequence at p (p < e), 0 if invalid or cut:
 * no overlong forms, no surrogates, nothing above U+10FFFF.  Inline: the
 * JSON lexer calls it for every non-ASCII byte.
 */
static inline size_t
ac__utf8_seq(const unsigned char *p, const unsigned char *e)
{
	unsigned int	 c = p[0], lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return (e - p >= 2 && (p[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c < 0xf0) {
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		if (e - p < 3 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (e - p < 4 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* report.c: the JSON contract as a json-c object (caller puts it). */
struct json_object;
struct json_object *ac__result_json_object(const struct ac_result *);

/* --- chat reading internals (source.c, jsonlex.c, chat.c) --- */

#define AC__READ_CHUNK	 (1024 * 1024)	/* decoded bytes asked for per refill */
#define AC__KEY_MAX	 64		/* object keys longer than this match nothing */

/* source.c: decoded bytes from an ac_read_fn; gzip is sniffed from the magic. */
struct ac__src;
struct ac__src	*ac__src_new(ac_read_fn, void *);	/* NULL: out of memory */
void		 ac__src_free(struct ac__src *);
/* Bytes read (> 0), 0 at the end, -1 on error (see ac__src_error). */
ssize_t		 ac__src_read(struct ac__src *, char *buf, size_t size);
const char	*ac__src_error(const struct ac__src *, enum ac_err *);

/* jsonlex.c: a growable byte buffer that never grows past max ("over" set). */
struct ac__buf {
	char		*b;
	size_t		 len;
	size_t		 cap;
	size_t		 max;
	int		 over;		/* an append was refused: it would pass max */
};
int		 ac__buf_add(struct ac__buf *, const char *, size_t); /* -1: no memory */
void		 ac__buf_free(struct ac__buf *);

/*
 * jsonlex.c: a strict streaming JSON pull parser.  Bytes from "mark" on
 * (the value being captured) stay in the buffer across refills until
 * they pass AC_MSG_MAX_BYTES ("dropped" is then set and mark cleared).
 * Every function returns -1 on a fatal error, recorded once in code/err
 * with its byte offset and msgno.
 */
struct ac__lex {
	char		*buf;
	size_t		 cap;
	char		*p;		/* next byte */
	char		*e;		/* end of the bytes read */
	char		*mark;		/* start of the captured value, or NULL */
	uint64_t	 base;		/* decoded offset of buf[0] */
	struct ac__src	*src;		/* NULL: a memory buffer */
	int		 eof;
	int		 depth;
	int		 badstr;	/* a string held bad UTF-8 or a lone surrogate */
	int		 nulstr;	/* a string held an escaped NUL (\u0000) */
	int		 dropped;	/* the capture outgrew AC_MSG_MAX_BYTES */
	uint64_t	 msgno;		/* message number for error texts, 0 outside */
	enum ac_err	 code;
	struct ac_error	*err;		/* may be NULL */
	char		 key[AC__KEY_MAX];
};
int		 ac__lex_init(struct ac__lex *, struct ac__src *, struct ac_error *);
void		 ac__lex_init_mem(struct ac__lex *, const char *, size_t,
		    struct ac_error *);
void		 ac__lex_free(struct ac__lex *);
uint64_t	 ac__lex_offset(const struct ac__lex *);
int		 ac__lex_fail(struct ac__lex *, enum ac_err, uint64_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
int		 ac__lex_ensure(struct ac__lex *, size_t); /* 1, 0 if short at end */
/* Skip white space: the next byte, -1 at the end, -2 on error. */
int		 ac__lex_peek(struct ac__lex *);
int		 ac__lex_unexpected(struct ac__lex *, int c); /* c from peek */
int		 ac__lex_begin(struct ac__lex *);	/* at '{' or '[' */
/* Next member: 1 with its key, ':' read (the key stays valid through one
 * ac__lex_peek, not past reading the value); 0 at '}' (read). */
int		 ac__lex_member(struct ac__lex *, int *first, const char **,
		    size_t *);
/* Next element: 1 before it, 0 at ']' (read). */
int		 ac__lex_element(struct ac__lex *, int *first);
/* At '"': decode the string, appending to out unless NULL. */
int		 ac__lex_string(struct ac__lex *, struct ac__buf *out);
/* At a number: its text in txt when it fits (*len = 0 otherwise). */
int		 ac__lex_number(struct ac__lex *, char *txt, size_t size,
		    size_t *len);
int		 ac__lex_literal(struct ac__lex *);	/* 't', 'f' or 'n' */
int		 ac__lex_skip(struct ac__lex *);	/* any value, iteratively */

/* --- analysis internals (score.c, hype_config.c, hype.c) --- */

#define AC__TEXT_LAUGH		 0x01	/* laughter words or emoji */
#define AC__TEXT_HYPE		 0x02	/* plain-word hype (Pog, PogU, GIGACHAD, OOOO, 🔥) */
#define AC__TEXT_COMMAND	 0x04	/* starts with "!word" */

/* What one scan of a message text finds; never keeps the text. */
struct ac__text {
	unsigned int	 flags;		/* AC__TEXT_* */
	struct ac_emotes emotes;
	uint32_t	 hash;		/* normalised text: case, spaces, punctuation, runs folded */
	uint32_t	 first;		/* its first unit (word, emote name, non-ASCII run or
					   punctuation run), case and runs folded; 0: none */
	unsigned int	 units;		/* words, emote tokens and non-ASCII runs */
};

/* Scan a text once: words, emote tokens, emoji, normalised hash. */
void		 ac__text_scan(const char *s, size_t len, struct ac__text *);

/* A 64-bit hash of bytes (not cryptographic). */
uint64_t	 ac__hash64(const void *p, size_t len, uint64_t seed);

/* --- feature files (features.c) --- */

/* CHAT_STORAGE_DIR/<vod_id>.features; -1 when it cannot be named. */
int		 ac__features_path(const struct ac_settings *, const char *vod_id,
		    char *buf, size_t size);

/* --- storage internals (valid.c) --- */

/*
 * Parse a whole decimal integer (optional '-', digits only) within
 * [min, max]: 0, or -1 when s is anything else.  ac__parse_id: 1..INT64_MAX.
 */
int		 ac__parse_int64(const char *s, int64_t min, int64_t max,
		    int64_t *out);
int		 ac__parse_id(const char *s, int64_t *out);

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
	char			*hname[AC_MAX_REPLY_HEADERS];
	char			*hvalue[AC_MAX_REPLY_HEADERS];
	size_t			 nhdr;
};

/* route.c: check the path, match a route, parse the query; answer errors. */
void		 ac__dispatch(struct ac_req *, const struct ac_server *);
/* route.c: the request path from SCRIPT_NAME + PATH_INFO into io->path. */
int		 ac__req_path(struct ac_req *, char *errbuf, size_t errsize);
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

/* --- Kick and jobs (http_client.c, kick.c, kick_chat.c, jobs.c) --- */

#include <time.h>

#define AC__HTTP_BODY_MAX	 (8 * 1024 * 1024)	/* bytes of one answer */

/* How the HTTP engine behaves; strings are borrowed for its lifetime. */
struct ac__http_conf {
	const char	*user_agent;
	const char	*referer;
	const char	*accept;
	int		 concurrency;		/* transfers at once, >= 1 */
	double		 rate;			/* starts per second; <= 0: no cap */
	int		 max_attempts;		/* per request, first included */
	long		 timeout_s;		/* whole transfer */
	long		 connect_timeout_s;
	size_t		 max_body;		/* 0: AC__HTTP_BODY_MAX */
	/*
	 * Optional, for media: the body of a 2xx answer goes to sink
	 * instead of memory, in order from off 0 (off 0 again when a retry
	 * starts over: truncate); non-zero from sink fails the transfer.
	 * range, when set, gives the Range of a request ("" for none).
	 * Requests with a NULL tag (ac__http_get) always use memory.
	 */
	int		(*sink)(void *arg, void *tag, uint64_t off,
			    const char *p, size_t n);
	void		(*range)(void *arg, void *tag, char *buf, size_t size);
	void		*media_arg;		/* for sink and range */
	int		 no_redirects;		/* a 3xx is an answer, not followed */
	int		 deny_private;		/* refuse to connect to private addresses */
};

/* A final answer: status 0 when the transfer failed (error says why). */
struct ac__http_res {
	long		 status;
	const char	*body;		/* NUL-terminated; borrowed */
	size_t		 len;
	int		 attempts;
	int		 curl_failed;
	char		 error[256];
};

struct ac__http;

/* 1 with url filled and *tag set, 0 when there is nothing to ask now, -1 error. */
typedef int	 (*ac__http_next_fn)(void *arg, char *url, size_t size,
		    void **tag);
/* A request's final answer (after retries); non-zero stops the run. */
typedef int	 (*ac__http_done_fn)(void *arg, void *tag,
		    const struct ac__http_res *);
/* Called at least every 100 ms; non-zero stops the run. */
typedef int	 (*ac__http_tick_fn)(void *arg);

struct ac__http	*ac__http_new(const struct ac__http_conf *);	/* NULL: no memory */
void		 ac__http_free(struct ac__http *);
/*
 * Run until next has nothing more and every request is answered (0), a
 * callback stops it (1) or the engine fails (-1).  Transient failures
 * (ac__http_transient) are retried up to max_attempts before done sees them.
 */
int		 ac__http_run(struct ac__http *, ac__http_next_fn,
		    ac__http_done_fn, ac__http_tick_fn, void *arg);
/* One GET with retries; body (freed by the caller) holds the answer. 0 or -1. */
int		 ac__http_get(struct ac__http *, const char *url,
		    struct ac__http_res *, struct ac__buf *body);
/* Requests started and retries scheduled so far. */
void		 ac__http_stats(const struct ac__http *, uint64_t *requests,
		    uint64_t *retries);
/* 429, 408, 5xx or a transport failure: worth retrying. */
int		 ac__http_transient(long status, int curl_failed);
/*
 * Seconds to wait before retry number attempt (1-based): exponential from
 * 0.5 s, capped at 30 s, "equal jitter" from u in [0, 1]; never less than
 * retry_after (when >= 0, clamped to 300 s).
 */
double		 ac__backoff_delay(int attempt, double retry_after, double u);
/* A Retry-After value (delta-seconds or IMF-fixdate) as seconds from now: 0 or -1. */
int		 ac__retry_after_parse(const char *v, time_t now, double *secs);
/* A monotonic clock in seconds. */
double		 ac__now(void);

/* kick.c: the HTTP engine configured from the settings (NULL: no memory). */
struct ac__http	*ac__kick_http(const struct ac_settings *, int concurrency);
/* kick.c: parse metadata documents into vod (fields not given are left). */
enum ac_err	 ac__kick_parse_v1(const char *body, size_t len,
		    struct ac_vod *, char *errbuf, size_t errsize);
enum ac_err	 ac__kick_parse_web(const char *body, size_t len,
		    struct ac_vod *, char *errbuf, size_t errsize);
enum ac_err	 ac__kick_parse_channel(const char *body, size_t len,
		    int64_t *channel_id, char *errbuf, size_t errsize);
/* kick.c: whether a body looks like a Cloudflare challenge page. */
int		 ac__kick_is_challenge(const char *body, size_t len);
/* kick.c: the user-facing text for a blocking status (403, 404, 423); NULL otherwise. */
const char	*ac__kick_status_text(long status);

/*
 * kick_chat.c: one chat page.  messages[] are the raw JSON texts (plain
 * serialisation), times their created_at; cursor is data.cursor in µs,
 * -1 when null or absent.  Freed with ac__kick_page_free.
 */
struct ac__kick_page {
	char		**raw;
	size_t		*rawlen;
	double		*time;
	size_t		 n;
	int64_t		 cursor;
};
enum ac_err	 ac__kick_page_parse(const char *body, size_t len,
		    struct ac__kick_page *, char *errbuf, size_t errsize);
void		 ac__kick_page_free(struct ac__kick_page *);

#endif /* !EXTERN_H */
