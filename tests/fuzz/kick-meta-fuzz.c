/* SPDX-License-Identifier: ISC */
/*
 * kick-meta-fuzz.c: a fuzz harness for what the Kick client reads from
 * Kick's answers: the v1 video document, the web API video document,
 * the channel document, the chat replay page and the challenge-page
 * test.  The input is an answer body, given to each reader in turn.
 *
 * Metadata fields stay NUL-terminated within their arrays, cut at UTF-8
 * boundaries when the body is UTF-8; numbers stay in their ranges.  A
 * chat page's messages are one line each of JSON that reads back as an
 * object, and its cursor is -1 or positive.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "kick/kick.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const char *s, size_t size, int utf8)
{
	size_t	 n = strnlen(s, size);

	if (n == size || (utf8 && !ac_valid_utf8(s, n)))
		abort();
}

static void
check_vod(const struct ac_vod *v, int utf8)
{
	check_text(v->id, sizeof(v->id), utf8);
	check_text(v->title, sizeof(v->title), utf8);
	check_text(v->channel, sizeof(v->channel), utf8);
	check_text(v->source, sizeof(v->source), utf8);
	if (v->channel_id < 0 || v->channel_id >= (int64_t)9e15 ||
	    !isfinite(v->duration_s) || v->duration_s < 0 ||
	    (v->has_start && !isfinite(v->start_time)))
		abort();
}

static void
check_page(const struct ac__kick_page *p)
{
	struct json_object	*o;
	size_t			 i;

	if (p->cursor < -1 || p->n > 10000)
		abort();
	for (i = 0; i < p->n; i++) {
		if (strlen(p->raw[i]) != p->rawlen[i] ||
		    memchr(p->raw[i], '\n', p->rawlen[i]) != NULL ||
		    (p->time[i] != -1 && !isfinite(p->time[i])))
			abort();
		if ((o = json_tokener_parse(p->raw[i])) == NULL ||
		    !json_object_is_type(o, json_type_object))
			abort();
		json_object_put(o);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*b = (const char *)data;
	struct ac_vod		 v;
	struct ac__kick_page	 p;
	struct ac_error	 err;
	int64_t			 id = 0;
	int			 utf8;

	utf8 = ac_valid_utf8(b, size);
	memset(&v, 0, sizeof(v));
	ac_error_clear(&err);
	if (ac__kick_parse_v1(b, size, &v, &err) != AC_OK &&
	    err.text[0] == '\0')
		abort();
	check_vod(&v, utf8);
	memset(&v, 0, sizeof(v));
	ac_error_clear(&err);
	if (ac__kick_parse_web(b, size, &v, &err) != AC_OK &&
	    err.text[0] == '\0')
		abort();
	check_vod(&v, utf8);
	ac_error_clear(&err);
	if (ac__kick_parse_channel(b, size, &id, &err) == AC_OK) {
		if (id <= 0 || id >= (int64_t)9e15)
			abort();
	} else if (id != 0 || err.text[0] == '\0')
		abort();
	ac_error_clear(&err);
	if (ac__kick_page_parse(b, size, &p, &err) == AC_OK) {
		check_page(&p);
		ac__kick_page_free(&p);
	} else if (p.n != 0 || p.raw != NULL || err.text[0] == '\0')
		abort();
	(void)ac__kick_is_challenge(b, size);
	return 0;
}
