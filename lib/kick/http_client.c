/* SPDX-License-Identifier: ISC */
/*
 * http_client.c: a polite parallel HTTP GET engine over libcurl multi.
 *
 * At most "concurrency" transfers run at once and at most "rate" start
 * per second (a token bucket).  A 429, a 5xx or a transport failure is
 * retried with exponential backoff and jitter, honouring Retry-After
 * (which also pauses every new request until it has passed).  Every
 * handle is locked to http/https, has timeouts and a body size cap,
 * ignores signals and never takes a proxy from the environment.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "input/input.h"
#include "kick/kick.h"

#define BACKOFF_BASE_S	 0.5	/* first retry waits about this */
#define BACKOFF_CAP_S	 30.0	/* no computed wait is longer */
#define RETRY_AFTER_MAX	 300.0	/* longer Retry-After values are clamped */
#define POLL_MAX_MS	 100	/* the loop wakes up at least this often */
#define URL_MAX		 4096
#define SINK_ERROR_KEEP	 (64 * 1024)	/* bytes of an error body kept with a sink */

struct xfer {
	CURL		*h;
	char		 url[URL_MAX];
	void		*tag;
	int		 attempts;	/* transfers started for this request */
	double		 due;		/* when a retry may start */
	double		 retry_after;	/* of the last answer, -1 when none */
	struct ac__buf	 body;
	uint64_t	 sunk;		/* bytes handed to the sink, this attempt */
	int		 sink_failed;
	void		*sink_arg;
	int		(*sink)(void *, void *, uint64_t, const char *, size_t);
	char		 curl_msg[CURL_ERROR_SIZE];
	struct xfer	*next;		/* in the retry list */
	struct xfer	*anext;		/* in the list of transfers in flight */
};

struct ac__http {
	struct ac__http_conf	 conf;
	CURLM			*multi;
	struct curl_slist	*headers;
	int			 running;	/* transfers in flight */
	struct xfer		*active;	/* those transfers */
	struct xfer		*retries;	/* waiting for their due time */
	double			 tokens;
	double			 last_fill;
	double			 pause_until;	/* Retry-After applies to all */
	uint64_t		 requests;
	uint64_t		 retried;
	unsigned int		 seed;
};

static int	 global_done;

static double	 burst_of(const struct ac__http_conf *);

double
ac__now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double
ac__backoff_delay(int attempt, double retry_after, double u)
{
	double	 d;

	if (attempt < 1)
		attempt = 1;
	if (u < 0)
		u = 0;
	if (u > 1)
		u = 1;
	/* Exponential with "equal jitter": half fixed, half random. */
	d = BACKOFF_BASE_S * pow(2.0, attempt > 30 ? 30 : attempt - 1);
	if (d > BACKOFF_CAP_S)
		d = BACKOFF_CAP_S;
	d = d / 2 + d / 2 * u;
	if (retry_after >= 0) {
		if (retry_after > RETRY_AFTER_MAX)
			retry_after = RETRY_AFTER_MAX;
		/* Never earlier than asked; a little spread so retries do not align. */
		if (d < retry_after + retry_after * 0.25 * u)
			d = retry_after + retry_after * 0.25 * u;
	}
	return d;
}

static int
month_of(const char *s)
{
	static const char *const m[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int	 i;

	for (i = 0; i < 12; i++)
		if (strncmp(s, m[i], 3) == 0)
			return i;
	return -1;
}

int
ac__retry_after_parse(const char *v, time_t now, double *secs)
{
	struct tm	 tm;
	char		*end;
	char		 mon[4], gmt[4];
	long		 n;
	int		 d, y, hh, mm, ss, mi;
	time_t		 t;

	if (v == NULL)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		n = strtol(v, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' ||
		    *end == '\n')
			end++;
		if (errno != 0 || *end != '\0' || n < 0)
			return -1;
		*secs = n > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (double)n;
		return 0;
	}
	/* IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT". */
	if (strlen(v) < 29 || v[3] != ',' ||
	    sscanf(v + 4, " %2d %3s %4d %2d:%2d:%2d %3s", &d, mon, &y, &hh,
	    &mm, &ss, gmt) != 7 || strcmp(gmt, "GMT") != 0 ||
	    (mi = month_of(mon)) < 0 || d < 1 || d > 31 || y < 1970 ||
	    hh > 23 || mm > 59 || ss > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = d;
	tm.tm_mon = mi;
	tm.tm_year = y - 1900;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*secs = t <= now ? 0 : (double)(t - now);
	if (*secs > RETRY_AFTER_MAX)
		*secs = RETRY_AFTER_MAX;
	return 0;
}

int
ac__http_transient(long status, int curl_failed)
{
	if (curl_failed)
		return 1;
	return status == 429 || status == 408 || (status >= 500 &&
	    status <= 599);
}

static size_t
write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	long		 status = 0;

	if (x->sink != NULL && curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE,
	    &status) == CURLE_OK && status >= 200 && status <= 299) {
		if (x->sink(x->sink_arg, x->tag, x->sunk, p, size * n) != 0) {
			x->sink_failed = 1;
			return 0;
		}
		x->sunk += size * n;
		return size * n;
	}
	if (x->sink != NULL) {
		/* An error page with a sink: a little of it, the rest dropped. */
		if (x->body.len < SINK_ERROR_KEEP)
			(void)ac__buf_add(&x->body, p, size * n <
			    SINK_ERROR_KEEP - x->body.len ? size * n :
			    SINK_ERROR_KEEP - x->body.len);
		return size * n;
	}
	if (ac__buf_add(&x->body, p, size * n) == -1 || x->body.over)
		return 0;	/* over the cap or no memory: fail the transfer */
	return size * n;
}

static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	char		 v[128];
	size_t		 len = size * n, k;

	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		k = len - 12;
		if (k >= sizeof(v))
			k = sizeof(v) - 1;
		memcpy(v, p + 12, k);
		v[k] = '\0';
		if (ac__retry_after_parse(v, time(NULL), &x->retry_after) == -1)
			x->retry_after = -1;
	} else if (len > 5 && strncasecmp(p, "HTTP/", 5) == 0)
		x->retry_after = -1;	/* a new answer (after a redirect) */
	return len;
}

#if LIBCURL_VERSION_NUM >= 0x075000
/* Before a request is sent: refuse a private peer (a name that resolved there). */
static int
prereq_cb(void *arg, char *ip, char *local, int port, int lport)
{
	char	 host[64];
	size_t	 len = strlen(ip);

	(void)arg;
	(void)local;
	(void)port;
	(void)lport;
	if (len >= sizeof(host))
		return CURL_PREREQFUNC_ABORT;
	memcpy(host, ip, len + 1);
	for (size_t i = 0; i < len; i++)
		if (host[i] >= 'A' && host[i] <= 'Z')
			host[i] = (char)(host[i] - 'A' + 'a');
	return ac_hls_host_private(host) ? CURL_PREREQFUNC_ABORT :
	    CURL_PREREQFUNC_OK;
}
#endif

struct ac__http *
ac__http_new(const struct ac__http_conf *conf)
{
	struct ac__http	*h;
	char		 line[1024];

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		global_done = 1;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->conf = *conf;
	if (h->conf.concurrency < 1)
		h->conf.concurrency = 1;
	if (h->conf.max_attempts < 1)
		h->conf.max_attempts = 1;
	if (h->conf.max_body == 0)
		h->conf.max_body = AC__HTTP_BODY_MAX;
	if (h->conf.timeout_s <= 0)
		h->conf.timeout_s = 60;
	if (h->conf.connect_timeout_s <= 0)
		h->conf.connect_timeout_s = 15;
	h->seed = (unsigned int)time(NULL) ^ (unsigned int)(uintptr_t)h;
	if ((h->multi = curl_multi_init()) == NULL)
		goto fail;
	if (conf->accept != NULL && conf->accept[0] != '\0') {
		snprintf(line, sizeof(line), "Accept: %s", conf->accept);
		if ((h->headers = curl_slist_append(h->headers, line)) == NULL)
			goto fail;
	}
	if ((h->headers = curl_slist_append(h->headers,
	    "Accept-Language: en-US,en;q=0.9")) == NULL)
		goto fail;
	h->tokens = burst_of(&h->conf);
	h->last_fill = ac__now();
	return h;
fail:
	ac__http_free(h);
	return NULL;
}

static void
xfer_free(struct ac__http *h, struct xfer *x)
{
	if (x == NULL)
		return;
	if (x->h != NULL) {
		curl_multi_remove_handle(h->multi, x->h);
		curl_easy_cleanup(x->h);
	}
	ac__buf_free(&x->body);
	free(x);
}

void
ac__http_free(struct ac__http *h)
{
	struct xfer	*x;

	if (h == NULL)
		return;
	while ((x = h->retries) != NULL) {
		h->retries = x->next;
		xfer_free(h, x);
	}
	/* Transfers still in flight (after a stop) are released too. */
	while ((x = h->active) != NULL) {
		h->active = x->anext;
		xfer_free(h, x);
	}
	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	curl_slist_free_all(h->headers);
	free(h);
}

void
ac__http_stats(const struct ac__http *h, uint64_t *requests,
    uint64_t *retries)
{
	*requests = h->requests;
	*retries = h->retried;
}

/* Start a transfer for x; 0 or -1. */
static int
xfer_start(struct ac__http *h, struct xfer *x)
{
	CURL	*c;

	ac__buf_free(&x->body);
	memset(&x->body, 0, sizeof(x->body));
	x->body.max = h->conf.max_body + 1;	/* room for the NUL */
	x->retry_after = -1;
	x->curl_msg[0] = '\0';
	x->sunk = 0;
	x->sink_failed = 0;
	x->sink = x->tag != NULL ? h->conf.sink : NULL;
	x->sink_arg = h->conf.media_arg;
	if (x->h == NULL && (x->h = curl_easy_init()) == NULL)
		return -1;
	c = x->h;
	curl_easy_reset(c);
	if (curl_easy_setopt(c, CURLOPT_URL, x->url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK)
		return -1;
	if (!h->conf.no_redirects) {
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	}
	if (h->conf.range != NULL && x->tag != NULL) {
		char	 r[64];

		r[0] = '\0';
		h->conf.range(h->conf.media_arg, x->tag, r, sizeof(r));
		if (r[0] != '\0')
			curl_easy_setopt(c, CURLOPT_RANGE, r);
	}
	if (h->conf.deny_private) {
#if LIBCURL_VERSION_NUM >= 0x075000
		curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, prereq_cb);
#else
		return -1;	/* cannot enforce it: refuse to fetch */
#endif
	}
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->conf.connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->conf.timeout_s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)h->conf.max_body);
	/* Never a proxy from the (request-influenced) environment. */
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (h->conf.user_agent != NULL && h->conf.user_agent[0] != '\0')
		curl_easy_setopt(c, CURLOPT_USERAGENT, h->conf.user_agent);
	if (h->conf.referer != NULL && h->conf.referer[0] != '\0')
		curl_easy_setopt(c, CURLOPT_REFERER, h->conf.referer);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->curl_msg);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (char *)x);
	if (curl_multi_add_handle(h->multi, c) != CURLM_OK)
		return -1;
	x->attempts++;
	x->anext = h->active;
	h->active = x;
	h->running++;
	h->requests++;
	return 0;
}

/*
 * The token bucket's size: a quarter second of the rate, at most the
 * concurrency, at least one; so no second ever sees more than 1.25 times
 * the rate.
 */
static double
burst_of(const struct ac__http_conf *c)
{
	double	 b = c->rate / 4;

	if (b > c->concurrency)
		b = c->concurrency;
	return b < 1 ? 1 : b;
}

/* Whether the rate cap and any Retry-After pause let a request start now. */
static int
may_start(struct ac__http *h, double now)
{
	double	 cap;

	if (now < h->pause_until)
		return 0;
	if (h->conf.rate <= 0)
		return 1;
	cap = burst_of(&h->conf);
	h->tokens += (now - h->last_fill) * h->conf.rate;
	h->last_fill = now;
	if (h->tokens > cap)
		h->tokens = cap;
	return h->tokens >= 1;
}

static void
take_token(struct ac__http *h)
{
	if (h->conf.rate > 0)
		h->tokens -= 1;
}

/* A finished transfer: retry it, or hand it to done.  -1 stops. */
static int
finished(struct ac__http *h, struct xfer *x, CURLcode cc,
    ac__http_done_fn done, void *arg, int *stop)
{
	struct ac__http_res	 res;
	long			 status = 0;
	double			 d, u;
	struct xfer		**pp;
	int			 rc;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(h->multi, x->h);
	for (pp = &h->active; *pp != NULL; pp = &(*pp)->anext)
		if (*pp == x) {
			*pp = x->anext;
			break;
		}
	x->anext = NULL;
	h->running--;
	if (ac__http_transient(status, cc != CURLE_OK) &&
	    cc != CURLE_FILESIZE_EXCEEDED && cc != CURLE_WRITE_ERROR &&
	    cc != CURLE_ABORTED_BY_CALLBACK && !x->sink_failed &&
	    x->attempts < h->conf.max_attempts) {
		u = (double)rand_r(&h->seed) / ((double)RAND_MAX + 1);
		d = ac__backoff_delay(x->attempts, x->retry_after, u);
		x->due = ac__now() + d;
		if (x->retry_after >= 0 &&
		    h->pause_until < ac__now() + x->retry_after)
			h->pause_until = ac__now() + x->retry_after;
		h->retried++;
		x->next = h->retries;
		h->retries = x;
		return 0;
	}
	memset(&res, 0, sizeof(res));
	res.status = cc == CURLE_OK ? status : 0;
	res.body = x->body.b;
	res.len = x->body.len;
	res.attempts = x->attempts;
	res.curl_failed = cc != CURLE_OK;
	if (cc != CURLE_OK)
		snprintf(res.error, sizeof(res.error), "%s",
		    x->curl_msg[0] != '\0' ? x->curl_msg :
		    curl_easy_strerror(cc));
	/* The body buffer needs a NUL for parsers that want one. */
	if (x->body.b != NULL && ac__buf_add(&x->body, "", 1) == 0) {
		x->body.len--;
		res.body = x->body.b;
	}
	rc = done(arg, x->tag, &res);
	xfer_free(h, x);
	if (rc != 0)
		*stop = 1;
	return rc;
}

int
ac__http_run(struct ac__http *h, ac__http_next_fn next,
    ac__http_done_fn done, ac__http_tick_fn tick, void *arg)
{
	struct xfer	*x, **pp;
	CURLMsg		*m;
	double		 now, wait;
	int		 stop = 0, more = 1, left, got, timeout_ms;
	CURLMcode	 mc;

	while (!stop) {
		now = ac__now();
		/* Start what may start: due retries first, then new requests. */
		while (h->running < h->conf.concurrency && may_start(h, now)) {
			for (pp = &h->retries; (x = *pp) != NULL; pp = &x->next)
				if (x->due <= now)
					break;
			if (x != NULL) {
				*pp = x->next;
				x->next = NULL;
			} else {
				if (!more)
					break;
				if ((x = calloc(1, sizeof(*x))) == NULL)
					return -1;
				got = next(arg, x->url, sizeof(x->url), &x->tag);
				if (got <= 0) {
					free(x);
					if (got < 0)
						return -1;
					/* Nothing now; ask again after a completion. */
					more = 0;
					break;
				}
			}
			if (xfer_start(h, x) == -1) {
				xfer_free(h, x);
				return -1;
			}
			take_token(h);
		}
		if (h->running == 0 && h->retries == NULL) {
			if (!more) {
				/* Ask once more: a completion may have made work. */
				more = 1;
				if ((x = calloc(1, sizeof(*x))) == NULL)
					return -1;
				got = next(arg, x->url, sizeof(x->url), &x->tag);
				if (got <= 0) {
					free(x);
					return got < 0 ? -1 : 0;
				}
				x->due = 0;
				x->next = h->retries;
				h->retries = x;
				continue;
			}
		}
		/* Sleep until a transfer moves, a retry is due or the cap refills. */
		wait = POLL_MAX_MS / 1000.0;
		for (x = h->retries; x != NULL; x = x->next)
			if (x->due - now < wait)
				wait = x->due - now;
		if (h->pause_until > now && h->pause_until - now < wait)
			wait = h->pause_until - now;
		if (h->conf.rate > 0 && h->tokens < 1 && 1 / h->conf.rate < wait)
			wait = 1 / h->conf.rate;
		timeout_ms = wait <= 0 ? 0 : (int)(wait * 1000) + 1;
		if ((mc = curl_multi_poll(h->multi, NULL, 0, timeout_ms, NULL)) !=
		    CURLM_OK)
			return -1;
		if ((mc = curl_multi_perform(h->multi, &left)) != CURLM_OK)
			return -1;
		while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			x = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			if (x == NULL)
				continue;
			more = 1;
			if (finished(h, x, m->data.result, done, arg, &stop) != 0)
				break;
		}
		if (!stop && tick != NULL && tick(arg) != 0)
			stop = 1;
	}
	return 1;	/* stopped by a callback */
}

struct one {
	const char		*url;
	int			 sent;
	struct ac__http_res	*res;
	struct ac__buf		*keep;
};

static int
one_next(void *arg, char *url, size_t size, void **tag)
{
	struct one	*o = arg;

	if (o->sent)
		return 0;
	o->sent = 1;
	if (snprintf(url, size, "%s", o->url) >= (int)size)
		return -1;
	*tag = NULL;
	return 1;
}

static int
one_done(void *arg, void *tag, const struct ac__http_res *res)
{
	struct one	*o = arg;

	*o->res = *res;
	o->res->body = NULL;
	o->res->len = 0;
	if (res->body != NULL &&
	    ac__buf_add(o->keep, res->body, res->len + 1) == 0) {
		o->keep->len--;
		o->res->body = o->keep->b;
		o->res->len = res->len;
	}
	return 0;
}

int
ac__http_get(struct ac__http *h, const char *url, struct ac__http_res *res,
    struct ac__buf *body)
{
	struct one	 o;

	memset(res, 0, sizeof(*res));
	memset(body, 0, sizeof(*body));
	body->max = h->conf.max_body + 1;
	o.url = url;
	o.sent = 0;
	o.res = res;
	o.keep = body;
	return ac__http_run(h, one_next, one_done, NULL, &o) == 0 ? 0 : -1;
}
