/* SPDX-License-Identifier: ISC */
/*
 * kick.c: Kick VOD links and metadata (legacy v1 video document, and the
 * web API fallback for newer ids), and the HTTP engine set up for Kick.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "kick/kick.h"

#define LINK_MAX	 2048	/* bytes of a link we look at */

static const char link_help[] = "expected a Kick VOD link such as "
    "https://kick.com/video/UUID or https://kick.com/CHANNEL/videos/UUID "
    "(UUID: 8-4-4-4-12 hexadecimal digits), or the VOD's UUID alone";

/* Whether s[0..36) is a UUID (any version); copy it lower-case to out. */
static int
uuid_take(const char *s, size_t len, char out[AC_KICK_UUID_MAX])
{
	size_t	 i;

	if (len != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[36] = '\0';
	return 1;
}

/* A channel slug: 1..64 of [A-Za-z0-9_-]. */
static int
slug_take(const char *s, size_t len, char out[AC_KICK_SLUG_MAX])
{
	size_t	 i;

	if (len == 0 || len >= AC_KICK_SLUG_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-')
			return 0;
	memcpy(out, s, len);
	out[len] = '\0';
	return 1;
}

enum ac_err
ac_kick_link_parse(const char *in, struct ac_kick_link *l, struct ac_error *err)
{
	const char	*s, *e, *p, *seg[4];
	size_t		 len, seglen[4], nseg = 0;

	memset(l, 0, sizeof(*l));
	if (in == NULL)
		goto bad;
	s = in;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strnlen(s, LINK_MAX + 1);
	if (len > LINK_MAX)
		goto bad;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	e = s + len;
	if (uuid_take(s, len, l->uuid))
		return AC_OK;
	if (len >= 8 && strncasecmp(s, "https://", 8) == 0)
		s += 8;
	else if (len >= 7 && strncasecmp(s, "http://", 7) == 0)
		s += 7;
	if (e - s >= 4 && strncasecmp(s, "www.", 4) == 0)
		s += 4;
	if (e - s < 8 || strncasecmp(s, "kick.com", 8) != 0)
		goto bad;
	s += 8;
	if (s < e && *s == ':') {	/* an explicit default port */
		if (e - s >= 4 && strncmp(s, ":443", 4) == 0)
			s += 4;
		else if (e - s >= 3 && strncmp(s, ":80", 3) == 0)
			s += 3;
		else
			goto bad;
	}
	if (s >= e || *s != '/')
		goto bad;
	/* The path ends at a query or a fragment. */
	for (p = s; p < e && *p != '?' && *p != '#'; p++)
		if ((unsigned char)*p <= ' ')
			goto bad;
	e = p;
	if (e > s + 1 && e[-1] == '/')
		e--;	/* one trailing slash */
	for (p = s + 1; p <= e; ) {
		const char *q = memchr(p, '/', (size_t)(e - p));

		if (q == NULL)
			q = e;
		if (nseg == 4)
			goto bad;
		seg[nseg] = p;
		seglen[nseg++] = (size_t)(q - p);
		p = q + 1;
	}
	if (nseg == 2 && seglen[0] == 5 && strncmp(seg[0], "video", 5) == 0 &&
	    uuid_take(seg[1], seglen[1], l->uuid))
		return AC_OK;
	if (nseg == 3 && seglen[1] == 6 && strncmp(seg[1], "videos", 6) == 0 &&
	    slug_take(seg[0], seglen[0], l->channel) &&
	    uuid_take(seg[2], seglen[2], l->uuid))
		return AC_OK;
bad:
	memset(l, 0, sizeof(*l));
	return ac_error_set(err, AC_ERR_VALUE, "%s", link_help);
}

/* --- JSON helpers --- */

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object	*v = get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* A number (or a numeric string); 0 when found. */
static int
get_num(struct json_object *o, const char *key, double *out)
{
	struct json_object	*v = get(o, key);
	const char		*s;
	char			*end;

	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double)) {
		*out = json_object_get_double(v);
		return 0;
	}
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		*out = strtod(s, &end);
		return end != s && *end == '\0' ? 0 : -1;
	}
	return -1;
}

/* Copy text cut at a UTF-8 boundary. */
static void
text_copy(char *dst, size_t size, const char *s)
{
	size_t	 n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static struct json_object *
parse(const char *body, size_t len, struct ac_error *err)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	if (body == NULL || len == 0) {
		ac_error_set(err, AC_ERR_SYNTAX,
		    "Kick answered with an empty body");
		return NULL;
	}
	if ((tok = json_tokener_new_ex(AC_JSON_MAX_DEPTH)) == NULL) {
		ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		o = NULL;
		ac_error_set(err, AC_ERR_SYNTAX, "Kick answered with something "
		    "that is not JSON");
	}
	json_tokener_free(tok);
	return o;
}

enum ac_err
ac__kick_parse_v1(const char *body, size_t len, struct ac_vod *v,
    struct ac_error *err)
{
	struct json_object	*o, *ls, *ch;
	const char		*s;
	double			 d;
	enum ac_err		 rc = AC_ERR_SHAPE;

	if ((o = parse(body, len, err)) == NULL)
		return AC_ERR_SYNTAX;
	ls = get(o, "livestream");
	if (ls == NULL || !json_object_is_type(ls, json_type_object)) {
		ac_error_set(err, AC_ERR_SHAPE, "Kick's video document has no "
		    "livestream");
		goto out;
	}
	if ((s = get_str(o, "uuid")) != NULL)
		text_copy(v->id, sizeof(v->id), s);
	text_copy(v->source, sizeof(v->source), get_str(o, "source"));
	text_copy(v->title, sizeof(v->title), get_str(ls, "session_title"));
	ch = get(ls, "channel");
	text_copy(v->channel, sizeof(v->channel), get_str(ch, "slug"));
	if (get_num(ls, "channel_id", &d) == 0 && d > 0 && d < 9e15)
		v->channel_id = (int64_t)d;
	else if (get_num(ch, "id", &d) == 0 && d > 0 && d < 9e15)
		v->channel_id = (int64_t)d;
	if ((s = get_str(ls, "start_time")) != NULL &&
	    ac_ts_parse(s, strlen(s), &d) == 0) {
		v->has_start = 1;
		v->start_time = d;
	}
	/* Milliseconds in this document. */
	if (get_num(ls, "duration", &d) == 0 && d >= 0 && d < 1e12)
		v->duration_s = d / 1000.0;
	rc = AC_OK;
out:
	json_object_put(o);
	return rc;
}

enum ac_err
ac__kick_parse_web(const char *body, size_t len, struct ac_vod *v,
    struct ac_error *err)
{
	struct json_object	*o, *data, *ch;
	const char		*s;
	double			 d;
	enum ac_err		 rc = AC_ERR_SHAPE;

	if ((o = parse(body, len, err)) == NULL)
		return AC_ERR_SYNTAX;
	data = get(o, "data");
	if (data == NULL || !json_object_is_type(data, json_type_object)) {
		ac_error_set(err, AC_ERR_SHAPE, "Kick's web API answered "
		    "without the video");
		goto out;
	}
	if ((s = get_str(data, "id")) != NULL)
		text_copy(v->id, sizeof(v->id), s);
	text_copy(v->title, sizeof(v->title), get_str(data, "title"));
	if ((s = get_str(data, "source")) != NULL ||
	    (s = get_str(data, "recording_url")) != NULL)
		text_copy(v->source, sizeof(v->source), s);
	ch = get(data, "channel");
	if ((s = get_str(ch, "slug")) != NULL)
		text_copy(v->channel, sizeof(v->channel), s);
	if (get_num(ch, "id", &d) == 0 && d > 0 && d < 9e15)
		v->channel_id = (int64_t)d;
	if ((s = get_str(data, "start_time")) != NULL &&
	    ac_ts_parse(s, strlen(s), &d) == 0) {
		v->has_start = 1;
		v->start_time = d;
	}
	/* Seconds in this document. */
	if (get_num(data, "duration", &d) == 0 && d >= 0 && d < 1e9)
		v->duration_s = d;
	rc = AC_OK;
out:
	json_object_put(o);
	return rc;
}

enum ac_err
ac__kick_parse_channel(const char *body, size_t len, int64_t *id,
    struct ac_error *err)
{
	struct json_object	*o;
	double			 d;
	enum ac_err		 rc = AC_OK;

	if ((o = parse(body, len, err)) == NULL)
		return AC_ERR_SYNTAX;
	if (get_num(o, "id", &d) == 0 && d > 0 && d < 9e15)
		*id = (int64_t)d;
	else {
		ac_error_set(err, AC_ERR_SHAPE,
		    "Kick's channel document has no id");
		rc = AC_ERR_SHAPE;
	}
	json_object_put(o);
	return rc;
}

int
ac__kick_is_challenge(const char *body, size_t len)
{
	static const char *const marks[] = { "Just a moment",
	    "/cdn-cgi/challenge-platform", "cf_chl_opt", "<!DOCTYPE html",
	    "<html" };
	size_t	 i, j, n, k;

	if (body == NULL)
		return 0;
	n = len < 4096 ? len : 4096;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		k = strlen(marks[i]);
		for (j = 0; k <= n && j <= n - k; j++)
			if (body[j] == marks[i][0] &&
			    memcmp(body + j, marks[i], k) == 0)
				return 1;
	}
	return 0;
}

const char *
ac__kick_status_text(long status)
{
	switch (status) {
	case 403:
		return "Kick refused the request (HTTP 403: blocked by its "
		    "security policy or a Cloudflare challenge). Try again "
		    "later or from another network, or download the chat "
		    "yourself and upload the chat file instead.";
	case 404:
		return "Kick does not have this VOD (HTTP 404): it was "
		    "deleted or has expired. If you saved its chat, upload "
		    "the chat file instead.";
	case 423:
		return "Kick blocks this content in the server's country "
		    "(HTTP 423). Download the chat from elsewhere and upload "
		    "the chat file instead.";
	default:
		return NULL;
	}
}

struct ac__http *
ac__kick_http(const struct ac_settings *cf, int concurrency)
{
	struct ac__http_conf	 c;

	memset(&c, 0, sizeof(c));
	c.user_agent = cf->kick_user_agent;
	c.referer = cf->kick_referer;
	c.accept = cf->kick_accept;
	c.concurrency = concurrency > 0 ? concurrency :
	    cf->kick_concurrency > 0 ? cf->kick_concurrency : 8;
	c.rate = cf->kick_rate_limit;
	c.max_attempts = 10;
	c.timeout_s = 60;
	c.connect_timeout_s = 15;
	c.max_body = AC__HTTP_BODY_MAX;
	return ac__http_new(&c);
}

/* GET url; the answer in res/body.  AC_OK for a 200, else err says why. */
static enum ac_err
meta_get(struct ac__http *h, const char *url, struct ac__http_res *res,
    struct ac__buf *body, struct ac_error *err)
{
	const char	*t;

	if (ac__http_get(h, url, res, body) == -1)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if (res->curl_failed)
		return ac_error_set(err, AC_ERR_IO,
		    "Kick could not be reached: %s",
		    res->error);
	if (res->status == 200 && ac__kick_is_challenge(res->body, res->len))
		return ac_error_set(err, AC_ERR_IO, "%s",
		    ac__kick_status_text(403));
	if (res->status == 200)
		return AC_OK;
	if ((t = ac__kick_status_text(res->status)) != NULL)
		return ac_error_set(err, res->status == 404 ?
		    AC_ERR_NOTFOUND : AC_ERR_IO, "%s", t);
	return ac_error_set(err, AC_ERR_IO, "Kick answered HTTP %ld%s",
	    res->status,
	    res->attempts > 1 ? " after several attempts" : "");
}

enum ac_err
ac_kick_vod_fetch(const struct ac_settings *cf, const struct ac_kick_link *l,
    struct ac_vod *v, struct ac_error *err)
{
	struct ac__http		*h;
	struct ac__http_res	 res;
	struct ac__buf		 body;
	char			 url[4096];
	int64_t			 cid = -1;
	enum ac_err		 rc;

	ac_vod_init(v);
	memset(&body, 0, sizeof(body));
	if ((h = ac__kick_http(cf, 1)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	snprintf(url, sizeof(url), "%s/api/v1/video/%s", cf->kick_api_url,
	    l->uuid);
	rc = meta_get(h, url, &res, &body, err);
	if (rc == AC_OK)
		rc = ac__kick_parse_v1(body.b, body.len, v, err);
	else if (rc == AC_ERR_NOTFOUND && l->channel[0] != '\0') {
		/* Newer (UUIDv7) VODs: the web API, by channel id. */
		ac__buf_free(&body);
		snprintf(url, sizeof(url), "%s/api/v2/channels/%s",
		    cf->kick_api_url, l->channel);
		if ((rc = meta_get(h, url, &res, &body, err)) !=
		    AC_OK)
			goto out;
		if ((rc = ac__kick_parse_channel(body.b, body.len, &cid,
		    err)) != AC_OK)
			goto out;
		ac__buf_free(&body);
		snprintf(url, sizeof(url), "%s/api/v1/channels/%lld/videos/%s",
		    cf->kick_web_api_url, (long long)cid, l->uuid);
		if ((rc = meta_get(h, url, &res, &body, err)) !=
		    AC_OK)
			goto out;
		rc = ac__kick_parse_web(body.b, body.len, v, err);
		if (rc == AC_OK && v->channel_id < 0)
			v->channel_id = cid;
		if (rc == AC_OK && v->channel[0] == '\0')
			text_copy(v->channel, sizeof(v->channel), l->channel);
	}
	if (rc != AC_OK)
		goto out;
	if (v->id[0] == '\0')
		text_copy(v->id, sizeof(v->id), l->uuid);
	if (v->channel_id < 0 || !v->has_start) {
		ac_error_set(err, AC_ERR_SHAPE,
		    "Kick's video document lacks the "
		    "channel or the start time");
		rc = AC_ERR_SHAPE;
	} else if (v->duration_s <= 0) {
		ac_error_set(err, AC_ERR_VALUE,
		    "Kick reports no duration for this "
		    "VOD: the stream may still be live. Try again after it "
		    "ends.");
		rc = AC_ERR_VALUE;
	}
out:
	ac__buf_free(&body);
	ac__http_free(h);
	return rc;
}
