/* SPDX-License-Identifier: ISC */
/*
 * chat-t.c: reading chats in every shape, and refusing broken ones.
 *
 * Length: every input shape and malformed input of the chat reader.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "autoclip.h"
#include "core/core.h"
#include "../tools/tap.h"

#define MAXMSG		64
#define ALL		((size_t)-1)	/* expect_err: strlen */
#define T0		1756082443.0	/* 2025-08-25T00:40:43Z */

/* A message as the callback saw it, copied. */
struct got {
	uint64_t	 index;
	char		*id;
	char		*content;
	char		*user;
	int64_t		 sender_id;
	double		 created_at;
	unsigned int	 flags;
	char		*raw;
	size_t		 raw_len;
};

struct run {
	enum ac_err		 code;
	struct ac_error		 err;
	struct ac_vod		 vod;
	struct ac_chat_stats	 st;
	struct got		 m[MAXMSG];
	size_t			 n;
	size_t			 stop_after;	/* 0: never */
};

static char *
dupn(const char *s, size_t n)
{
	char	*d;

	if (s == NULL)
		return NULL;
	if ((d = malloc(n + 1)) == NULL)
		bail("out of memory");
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int
collect(void *arg, const struct ac_msg *msg)
{
	struct run	*r = arg;
	struct got	*g;

	if (r->n < MAXMSG) {
		g = &r->m[r->n];
		g->index = msg->index;
		g->id = dupn(msg->id, msg->id_len);
		g->content = dupn(msg->content, msg->content_len);
		g->user = dupn(msg->username, msg->username_len);
		g->sender_id = msg->sender_id;
		g->created_at = msg->created_at;
		g->flags = msg->flags;
		g->raw = dupn(msg->raw, msg->raw_len);
		g->raw_len = msg->raw_len;
	}
	r->n++;
	return r->stop_after > 0 && r->n >= r->stop_after;
}

static void
run_clear(struct run *r)
{
	size_t	 i;

	for (i = 0; i < r->n && i < MAXMSG; i++) {
		free(r->m[i].id);
		free(r->m[i].content);
		free(r->m[i].user);
		free(r->m[i].raw);
	}
	memset(r, 0, sizeof(*r));
}

static void
run_mem(struct run *r, const char *s, size_t len, size_t chunk)
{
	struct ac_memsrc	 m = { s, len, 0, chunk };
	size_t		 stop = r->stop_after;

	run_clear(r);
	r->stop_after = stop;
	r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod, &r->st,
	    &r->err);
}

/* Two runs agree on everything the callback and the caller see. */
static int
same(const struct run *a, const struct run *b)
{
	size_t	 i;

	if (a->code != b->code || a->n != b->n ||
	    strcmp(a->err.text, b->err.text) != 0 ||
	    memcmp(&a->st, &b->st, sizeof(a->st)) != 0 ||
	    memcmp(&a->vod, &b->vod, sizeof(a->vod)) != 0)
		return 0;
	for (i = 0; i < a->n && i < MAXMSG; i++)
		if (a->m[i].raw_len != b->m[i].raw_len ||
		    memcmp(a->m[i].raw, b->m[i].raw, a->m[i].raw_len) != 0 ||
		    a->m[i].created_at != b->m[i].created_at ||
		    a->m[i].flags != b->m[i].flags)
			return 0;
	return 1;
}

/*
 * Read s whole, then again one byte and seven bytes at a time (every
 * refill boundary); the three must agree.  r holds the whole read.
 */
static void
run_str(struct run *r, const char *s, const char *name)
{
	struct run	*o;
	size_t		 chunks[] = { 1, 7 }, i;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		bail("out of memory");
	run_mem(r, s, strlen(s), 0);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		o->stop_after = r->stop_after;
		run_mem(o, s, strlen(s), chunks[i]);
		ok(same(r, o), "%s: reading %zu bytes at a time agrees", name,
		    chunks[i]);
		run_clear(o);
	}
	free(o);
}

static void
expect_ok(struct run *r, const char *s, size_t nmsg, const char *name)
{
	run_str(r, s, name);
	if (!is_int(r->code, AC_OK, "%s: reads", name))
		diag("error: %s", r->err.text);
	is_int((long long)r->n, (long long)nmsg, "%s: %zu messages", name,
	    nmsg);
}

/* A fatal error of code whose text contains want; len -1: strlen(s). */
static void
expect_err(const char *s, size_t len, enum ac_err code, const char *want,
    const char *name)
{
	struct run	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		bail("out of memory");
	if (len == ALL)
		len = strlen(s);
	run_mem(r, s, len, 0);
	is_int(r->code, code, "%s: error code %d", name, (int)code);
	if (!ok(strstr(r->err.text, want) != NULL, "%s: text has \"%s\"",
	    name, want))
		diag("text: %s", r->err.text);
	is_int(r->err.code, code, "%s: err.code", name);
	run_clear(r);
	free(r);
}

static const char *
data_path(char *buf, size_t size, const char *name)
{
	const char	*top = getenv("top_srcdir");

	snprintf(buf, size, "%s/tests/data/%s", top != NULL ? top : ".", name);
	return buf;
}

/* gzip of s, one member per part (parts split at the given lengths). */
static unsigned char *
gzip_parts(const char *s, size_t len, size_t nparts, size_t *outlen)
{
	z_stream	 z;
	unsigned char	*out;
	size_t		 cap = len + 256 * (nparts + 1), used = 0, i, a, b;

	if ((out = malloc(cap)) == NULL)
		bail("out of memory");
	for (i = 0; i < nparts; i++) {
		a = len * i / nparts;
		b = len * (i + 1) / nparts;
		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			bail("deflateInit2");
		z.next_in = (unsigned char *)(uintptr_t)(s + a);
		z.avail_in = (uInt)(b - a);
		z.next_out = out + used;
		z.avail_out = (uInt)(cap - used);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			bail("deflate");
		used = cap - z.avail_out;
		deflateEnd(&z);
	}
	*outlen = used;
	return out;
}

#define KICK1 \
	"{\"id\":\"9f66bb74-7d3b-455a-9ec0-81ded5a2a2ab\"," \
	"\"chat_id\":2515504," \
	"\"user_id\":22815045,\"content\":\"I just took a dab\",\"type\":" \
	"\"message\",\"metadata\":null," \
	"\"created_at\":\"2023-12-27T09:56:57Z\"," \
	"\"sender\":{\"id\":22815045,\"slug\":\"wickenchingz\",\"username\":" \
	"\"WickenChingz\",\"identity\":{\"color\":\"#1475E1\",\"badges\":[" \
	"{\"type\":\"subscriber\",\"text\":\"Subscriber\",\"count\":1," \
	"\"active\":true},{\"type\":\"sub_gifter\",\"text\":\"Sub Gifter\"," \
	"\"count\":2,\"active\":true}]}}}"
#define KICK2 \
	"{\"id\":\"f3d41b40\",\"chat_id\":328683,\"user_id\":1,\"content\":" \
	"\"[emote:37226:KEKW] jajaja\",\"type\":\"message\",\"metadata\":" \
	"\"{\\\"message_ref\\\":\\\"1790789886858\\\"}\",\"created_at\":" \
	"\"2026-09-30T17:38:06Z\",\"sender\":{\"id\":1," \
	"\"slug\":\"replayuser1\"," \
	"\"username\":\"ReplayUser1\",\"identity\":{\"color\":\"#FF2C56\"," \
	"\"badges\":[{\"type\":\"subscriber\",\"text\":\"Subscriber\"," \
	"\"count\":17}]}}}"
#define M(id, t) \
	"{\"id\":\"" id "\",\"content\":\"x\",\"created_at\":\"" t "\"}"
#define VIDEO \
	"\"video\":{\"id\":41250371,\"uuid\":\"5c697a87-afce-4256-b01f-" \
	"3c8fe71ef5cb\",\"views\":1,\"deleted_at\":null,\"source\":" \
	"\"https://stream.kick.com/ivs/v1/x/master.m3u8\",\"livestream\":{" \
	"\"id\":53788842,\"channel_id\":668,\"created_at\":" \
	"\"2025-08-25 00:40:43\",\"session_title\":\"LIVE CLICK DRAMA NEWS\"," \
	"\"start_time\":\"2025-08-25 00:40:43\",\"duration\":22278000," \
	"\"channel\":{\"id\":668,\"user_id\":676,\"slug\":\"xqc\",\"user\":{" \
	"\"username\":\"xQc\"}},\"categories\":[{\"id\":15," \
	"\"tags\":[\"IRL\"]}]}}"

static void
test_shapes(struct run *r)
{
	const char	*s;

	/* An array of Kick messages, every field. */
	s = "[" KICK1 ",\n " KICK2 "]";
	expect_ok(r, s, 2, "array of Kick messages");
	is_str(r->m[0].id, "9f66bb74-7d3b-455a-9ec0-81ded5a2a2ab", "id");
	is_str(r->m[0].content, "I just took a dab", "content");
	is_str(r->m[0].user, "WickenChingz", "sender.username");
	is_int(r->m[0].sender_id, 22815045, "sender.id");
	is_double(r->m[0].created_at, 1703671017.0, 1e-6, "created_at");
	is_int(r->m[0].flags, 0, "no flags");
	is_int((long long)r->m[0].index, 1, "index 1");
	is_int((long long)r->m[1].index, 2, "index 2");
	ok(r->m[0].raw != NULL && strcmp(r->m[0].raw, KICK1) == 0,
	    "raw is the message's bytes");
	ok(r->m[1].raw != NULL && strcmp(r->m[1].raw, KICK2) == 0,
	    "raw of a message after a newline");
	is_str(r->m[1].content, "[emote:37226:KEKW] jajaja",
	    "metadata string without sender_type");
	is_int((long long)r->st.messages, 2, "stats.messages");
	is_int((long long)r->st.bytes, (long long)strlen(s), "stats.bytes");
	is_str(r->vod.id, "", "no VOD id");
	is_int(r->vod.channel_id, -1, "no channel id");
	is_int(r->vod.has_start, 0, "no start");

	/* An object with messages and the video document after them. */
	s = "{\"messages\":[" M("a", "2025-08-25T00:41:00Z") "," M("b",
	    "2025-08-25 00:41:01") "],\"segundoInicialStream\":12.5," VIDEO "}";
	expect_ok(r, s, 2, "video after messages");
	is_str(r->vod.id, "5c697a87-afce-4256-b01f-3c8fe71ef5cb", "video.uuid");
	is_str(r->vod.title, "LIVE CLICK DRAMA NEWS", "session_title");
	is_str(r->vod.channel, "xqc", "channel.slug");
	is_str(r->vod.source, "https://stream.kick.com/ivs/v1/x/master.m3u8",
	    "source");
	is_int(r->vod.channel_id, 668, "channel_id");
	is_int(r->vod.has_start, 1, "has_start");
	is_double(r->vod.start_time, T0, 1e-6, "start_time (UTC)");
	is_double(r->vod.duration_s, 22278, 1e-9, "duration ms -> s");
	is_double(r->vod.offset_s, 12.5, 1e-9, "segundoInicialStream");
	is_double(r->m[1].created_at, T0 + 18, 1e-6, "Kick-style created_at");

	/* Explicit keys (before the video) win over the video document. */
	s = "{\"vod_id\":\"v1\",\"title\":\"T\",\"channel\":\"c\","
	    "\"start_time\":\"2025-08-25T00:00:00Z\",\"duration_s\":60,"
	    "\"segundoInicialStream\":\"3\"," VIDEO ",\"messages\":[]}";
	expect_ok(r, s, 0, "explicit VOD keys");
	is_str(r->vod.id, "v1", "vod_id wins");
	is_str(r->vod.title, "T", "title wins");
	is_str(r->vod.channel, "c", "channel wins");
	is_double(r->vod.start_time, T0 - 2443, 1e-6, "start_time wins");
	is_double(r->vod.duration_s, 60, 1e-9, "duration_s wins");
	is_double(r->vod.offset_s, 3, 1e-9, "offset from a numeric string");
	is_int(r->vod.channel_id, 668, "channel_id from the video");

	/* Kick API pages, status before or after data. */
	s = "{\"data\":{\"messages\":[" KICK1 "],"
	    "\"cursor\":\"1703671158445374\","
	    "\"pinned_message\":null},\"status\":{\"error\":false,\"code\":200,"
	    "\"message\":\"SUCCESS\"}}";
	expect_ok(r, s, 1, "Kick API page");
	is_str(r->m[0].user, "WickenChingz", "page message user");
	s = "{\"status\":{\"error\":false},\"data\":{\"cursor\":\"1\","
	    "\"messages\":[" KICK2 "," KICK1 "]}}";
	expect_ok(r, s, 2, "Kick API page, status first");

	/* NDJSON; pages one after another; an array of pages. */
	s = KICK1 "\n" KICK2 "\n" M("c", "2025-08-25T00:41:00Z") "\n";
	expect_ok(r, s, 3, "NDJSON");
	is_int((long long)r->m[2].index, 3, "NDJSON index");
	ok(r->m[1].raw != NULL && strcmp(r->m[1].raw, KICK2) == 0,
	    "NDJSON raw");
	s = "{\"data\":{\"messages\":[" KICK1 "]}}\n{\"data\":{\"messages\":["
	    KICK2 "]}}{\"data\":{\"messages\":[]}}";
	expect_ok(r, s, 2, "pages one after another");
	is_int((long long)r->m[1].index, 2, "index across pages");
	s = "[{\"data\":{\"messages\":[" KICK1 "]}},{\"data\":{\"messages\":["
	    KICK2 "]}}]";
	expect_ok(r, s, 2, "an array of pages");
	is_int((long long)r->m[1].index, 2, "index in an array of pages");
	s = "{\"messages\":[" KICK1 "]}[" KICK2 "]";
	expect_ok(r, s, 2, "an object then an array");

	/* Keys in any order; unknown keys skipped; a BOM. */
	s = "\xef\xbb\xbf[{\"sender\":{\"identity\":{\"badges\":[]},\"slug\":"
	    "\"sl\",\"id\":7},\"extra\":{\"deep\":[[[{\"x\":[1,2.5e3,-0.1,true,"
	    "false,null,\"s\"]}]]]},\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"content\":\"hi\",\"id\":42}]";
	expect_ok(r, s, 1, "keys in any order, BOM");
	is_str(r->m[0].id, "42", "numeric id as text");
	is_str(r->m[0].user, "sl", "slug when no username");
	is_int(r->m[0].sender_id, 7, "sender.id");
	is_str(r->m[0].content, "hi", "content after unknown keys");

	/* Empty chats are chats. */
	expect_ok(r, "[]", 0, "empty array");
	expect_ok(r, "{\"messages\":[]}", 0, "empty messages");
	expect_ok(r, "{\"messages\":null,\"data\":{\"messages\":[]}}", 0,
	    "null messages");
}

static void
test_fields(struct run *r)
{
	const char	*s;

	s = "[{\"id\":\"1\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":"
	    "\"{\\\"sender_type\\\":\\\"bot\\\"}\",\"user_id\":5},"
	    "{\"id\":\"2\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":"
	    "{\"sender_type\":\"bot\",\"x\":[1]}},"
	    "{\"id\":\"3\",\"created_at\":\"2025-08-25T00:40:43Z\",\"sender\":"
	    "{\"identity\":{\"badges\":[{\"text\":\"Bot\","
	    "\"type\":\"bot\"}]}}},"
	    "{\"id\":\"4\",\"created_at\":\"2025-08-25T00:40:43Z\",\"type\":"
	    "\"reply\",\"metadata\":\"{\\\"original_message\\\":{\\\"id\\\":"
	    "\\\"a\\\",\\\"content\\\":\\\"...\\\"},\\\"original_sender\\\":"
	    "{\\\"id\\\":2,\\\"username\\\":\\\"U2\\\"}}\"},"
	    "{\"id\":\"5\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":"
	    "\"not json {\"},"
	    "{\"id\":\"6\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":"
	    "\"{\\\"sender_type\\\":\\\"user\\\"}\",\"sender\":null},"
	    "{\"id\":\"7\",\"created_at\":1756082443},"
	    "{\"id\":\"8\",\"created_at\":1756082443500},"
	    "{\"id\":\"9\",\"created_at\":\"2025-08-25T00:40:43Z\",\"content\":"
	    "\"\\u00e1\\ud83d\\ude02\\n\\\"\\\\\\/\\t\\u0000z\",\"sender\":{"
	    "\"username\":\"\\u00d1\",\"slug\":\"n\"}},"
	    "{\"id\":\"10\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":\"{\\\"sender\\\\u005ftype\\\":\\\"bot\\\"}\"},"
	    "{\"id\":\"11\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"metadata\":\"{\\\"x\\\":\\\"sender_type\\\"}\"}]";
	expect_ok(r, s, 11, "fields");
	is_int(r->m[0].flags, AC_MSG_BOT, "bot from a metadata string");
	is_int(r->m[0].sender_id, 5, "user_id when no sender.id");
	is_int(r->m[1].flags, AC_MSG_BOT, "bot from a metadata object");
	is_int(r->m[2].flags, AC_MSG_BOT, "bot badge");
	is_int(r->m[3].flags, AC_MSG_REPLY, "reply");
	is_int(r->m[4].flags, 0, "metadata string that is not JSON");
	is_int(r->m[5].flags, 0, "sender_type user");
	is_int(r->m[5].sender_id, -1, "no sender id");
	ok(r->m[5].user == NULL && r->m[5].content == NULL,
	    "absent strings are NULL");
	is_double(r->m[6].created_at, T0, 1e-6, "epoch seconds");
	is_double(r->m[7].created_at, T0 + 0.5, 1e-6, "epoch milliseconds");
	ok(r->m[8].content != NULL &&
	    memcmp(r->m[8].content, "\xc3\xa1\xf0\x9f\x98\x82\n\"\\/\t\0z",
	    13) == 0, "escapes and a surrogate pair decoded");
	is_str(r->m[8].user, "\xc3\x91", "escaped username");
	is_int(r->m[9].flags, AC_MSG_BOT,
	    "bot from a metadata string whose key is spelled by escapes");
	is_int(r->m[10].flags, 0, "sender_type as a value is no key");

	/* The same created_at text again, after a bad one, then another. */
	s = "[" M("a", "2025-08-25T00:40:43Z") "," M("b", "2025-08-25T00:40:43Z")
	    ",{\"id\":\"c\",\"created_at\":\"2025-08-25T00:40:4Z\"},"
	    M("d", "2025-08-25T00:40:43Z") ","
	    "{\"id\":\"e\",\"created_at\":\"2025-08-25T00:40:4Z\"},"
	    "{\"id\":\"f\",\"created_at\":\"\"},"
	    M("g", "2025-08-25T00:40:44.5Z") "," M("h", "2025-08-25T00:40:43Z")
	    "]";
	expect_ok(r, s, 5, "repeated times");
	is_int((long long)r->st.no_timestamp, 3, "repeated bad times skipped");
	ok(r->m[0].created_at == T0 && r->m[1].created_at == T0 &&
	    r->m[2].created_at == T0 && r->m[3].created_at == T0 + 1.5 &&
	    r->m[4].created_at == T0, "repeated times parsed alike");
}

/* sender.id of every length, and numbers that are no usable id. */
static void
test_ids(struct run *r)
{
	static const char *const odd[] = {
		"-42", "1.5", "1e3", "0", "12345678901234567890", "-0",
		"99999999999999999999999", "7E1", "8.0", "-123456789012345678"
	};
	static const int64_t odd_want[] = {
		5, 5, 5, 0, 5, 0, 5, 5, 5, 5
	};
	const char	*digits = "9876543210123456789";
	char		 s[8192], *p = s;
	size_t		 d, i;
	int64_t		 want;

	p += snprintf(p, sizeof(s), "[");
	for (d = 1; d <= 19; d++)
		p += snprintf(p, sizeof(s) - (size_t)(p - s), "%s{\"id\":\"%zu\","
		    "\"created_at\":\"2025-08-25T00:40:43Z\",\"sender\":"
		    "{\"id\":%.*s,\"slug\":\"x\"}}", d > 1 ? "," : "", d,
		    (int)d, digits);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		p += snprintf(p, sizeof(s) - (size_t)(p - s), ",{\"id\":\"o%zu\","
		    "\"created_at\":\"2025-08-25T00:40:43Z\",\"user_id\":5,"
		    "\"sender\":{\"id\":%s}}", i, odd[i]);
	snprintf(p, sizeof(s) - (size_t)(p - s), "]");
	expect_ok(r, s, 19 + sizeof(odd) / sizeof(odd[0]), "ids");
	for (d = 1, want = 0; d <= 18 && r->n >= d; d++) {
		want = want * 10 + (digits[d - 1] - '0');
		is_int(r->m[d - 1].sender_id, want, "a %zu-digit sender.id", d);
	}
	if (r->n >= 19)
		is_int(r->m[18].sender_id, -1, "a sender.id over INT64_MAX is none");
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]) && r->n >= 20 + i; i++)
		is_int(r->m[19 + i].sender_id, odd_want[i], "sender.id %s",
		    odd[i]);
}

/* dst = head, n copies of c, tail (NUL-terminated). */
static void
build(char *dst, const char *head, int c, size_t n, const char *tail)
{
	size_t	 hl = strlen(head);

	memcpy(dst, head, hl);
	memset(dst + hl, c, n);
	memcpy(dst + hl + n, tail, strlen(tail) + 1);
}

static void
test_skips(struct run *r)
{
	const char	*s;
	char		*big;
	size_t		 n;

	s = "[" M("ok1", "2025-08-25T00:40:43Z") ","
	    "{\"id\":\"nots\",\"content\":\"x\"},"
	    "{\"id\":\"badts\",\"created_at\":\"2025-02-30T00:00:00Z\"},"
	    "{\"id\":\"numc\",\"content\":5,"
	    "\"created_at\":\"2025-08-25T00:40:43Z\"},"
	    "42,"
	    "{\"id\":\"utf\",\"content\":\"\xff\xfe\",\"created_at\":"
	    "\"2025-08-25T00:40:43Z\"},"
	    "{\"id\":\"sur\",\"content\":\"\\ud800x\",\"created_at\":"
	    "\"2025-08-25T00:40:43Z\"},"
	    "{\"id\":\"over\",\"content\":\"\xed\xa0\x80\",\"created_at\":"
	    "\"2025-08-25T00:40:43Z\"},"
	    "{\"id\":[1],\"created_at\":\"2025-08-25T00:40:43Z\"},"
	    "{\"id\":\"snd\",\"sender\":\"x\","
	    "\"created_at\":\"2025-08-25T00:40:43Z\"},"
	    "{\"created_at\":true},"
	    "{}," M("ok2", "2025-08-25T00:40:44Z") "]";
	expect_ok(r, s, 2, "skipped messages");
	is_str(r->m[1].id, "ok2", "reading goes on after skips");
	is_int((long long)r->m[1].index, 13, "skipped ones keep their index");
	is_int((long long)r->st.no_timestamp, 4, "no_timestamp");
	is_int((long long)r->st.bad_message, 7, "bad_message");
	is_int((long long)r->st.too_large, 0, "too_large");
	is_int((long long)r->st.first_skipped, 2, "first_skipped");
	is_str(r->st.first_skip_reason, "no created_at", "first_skip_reason");

	/* A message over AC_MSG_MAX_BYTES is skipped, not kept. */
	n = 3 * AC_MSG_MAX_BYTES;
	if ((big = malloc(n + 256)) == NULL)
		bail("out of memory");
	build(big, "[" M("a", "2025-08-25T00:40:43Z") ",{\"id\":\"big\","
	    "\"created_at\":\"2025-08-25T00:40:43Z\",\"content\":\"", 'x', n,
	    "\\u00e1\\n\\\"\"}," M("b", "2025-08-25T00:40:43Z") "]");
	expect_ok(r, big, 2, "a 3 MB message");
	is_int((long long)r->st.too_large, 1, "counted too_large");
	is_int((long long)r->m[1].index, 3, "index after the large one");
	is_str(r->m[1].id, "b", "the next message is read");
	build(big, "{\"id\":\"z\",\"created_at\":\"2025-08-25T00:40:43Z\","
	    "\"content\":\"", 'y', n, "\"}\n" M("b", "2025-08-25T00:40:43Z"));
	expect_ok(r, big, 1, "a 3 MB NDJSON line");
	is_int((long long)r->st.too_large, 1, "NDJSON too_large");
	build(big, "{\"messages\":[],\"title\":\"\xc3\xa1", 'y', n, "\"}");
	expect_ok(r, big, 0, "a 3 MB title");
	is_int((long long)strlen(r->vod.title), AC_VOD_TEXT_MAX - 1,
	    "the title is cut");
	build(big, "[{\"", 'k', n, "\":1}]");
	expect_ok(r, big, 0, "a 3 MB key");
	is_int((long long)r->st.too_large, 1, "a 3 MB key is too large");
	free(big);
}

static void
test_errors(void)
{
	char		*deep;
	size_t		 i, n;

	expect_err("", 0, AC_ERR_SHAPE, "empty input", "empty");
	expect_err(" \n\t\r\n", ALL, AC_ERR_SHAPE, "empty input", "blank");
	expect_err("\xef\xbb\xbf", 3, AC_ERR_SHAPE, "empty input", "only BOM");
	expect_err("42", ALL, AC_ERR_SHAPE, "number", "a number");
	expect_err("\"chat\"", ALL, AC_ERR_SHAPE, "string", "a string");
	expect_err("null", ALL, AC_ERR_SHAPE, "null", "null");
	expect_err("{\"foo\":1}", ALL, AC_ERR_SHAPE, "neither \"messages\"",
	    "object without messages");
	expect_err("{\"title\":\"x\"}", ALL, AC_ERR_SHAPE, "no chat messages",
	    "container without messages");
	expect_err("{\"messages\":{}}", ALL, AC_ERR_SHAPE,
	    "\"messages\" is not an array", "messages object");
	expect_err("[" M("a", "2025-08-25T00:40:43Z") ",", ALL, AC_ERR_SYNTAX,
	    "unexpected end of input at byte 62", "truncated array");
	expect_err("[" M("a", "2025-08-25T00:40:43Z") ",{\"id\":\"b", ALL,
	    AC_ERR_SYNTAX, "unterminated string at byte 68 (message 2)",
	    "truncated string names the byte and message");
	expect_err("[" M("a", "2025-08-25T00:40:43Z") ",{\"id\":\"m3\" "
	    "\"content\":\"x\"}]", ALL, AC_ERR_SYNTAX,
	    "expected ',' or '}' at byte 73 (message 2)", "missing comma");
	expect_err("[{\"id\" \"a\"}]", ALL, AC_ERR_SYNTAX,
	    "expected ':' at byte 7 (message 1)", "missing colon");
	expect_err("[" M("a", "2025-08-25T00:40:43Z") ",]", ALL, AC_ERR_SYNTAX,
	    "unexpected character ']' at byte 62", "trailing comma in array");
	expect_err("[{\"id\":\"a\",}]", ALL, AC_ERR_SYNTAX,
	    "expected a string key at byte 11 (message 1)",
	    "trailing comma in object");
	expect_err("[{\"id\":NaN}]", ALL, AC_ERR_SYNTAX,
	    "unexpected character 'N' at byte 7", "NaN");
	expect_err("[{\"id\":01}]", ALL, AC_ERR_SYNTAX, "expected ',' or '}'",
	    "leading zero");
	expect_err("[{\"id\":1.}]", ALL, AC_ERR_SYNTAX,
	    "invalid number at byte 7",
	    "bad fraction");
	expect_err("[{\"id\":-}]", ALL, AC_ERR_SYNTAX, "invalid number",
	    "minus");
	expect_err("[{\"id\":tru}]", ALL, AC_ERR_SYNTAX, "invalid literal",
	    "bad literal");
	expect_err("[{\"id\":\"a\tb\"}]", ALL, AC_ERR_SYNTAX,
	    "control character 0x09 in a string at byte 9", "raw tab");
	expect_err("[{\"id\":\"a\\xb\"}]", ALL, AC_ERR_SYNTAX,
	    "invalid escape '\\x'", "bad escape");
	expect_err("[{\"id\":\"\\u12\"}]", ALL, AC_ERR_SYNTAX,
	    "invalid \\u escape", "short \\u");
	expect_err("[{\"id\":\"a\"}}", ALL, AC_ERR_SYNTAX,
	    "expected ',' or ']' at byte 11", "extra brace");
	expect_err("[{\"id\":\"a\"]", ALL, AC_ERR_SYNTAX,
	    "expected ',' or '}' at byte 10 (message 1)", "mismatched");
	expect_err("[1] x", ALL, AC_ERR_SYNTAX,
	    "unexpected character 'x' at byte 4",
	    "garbage after a value");
	expect_err("\x01\x02garbage\xff", 10, AC_ERR_SYNTAX,
	    "unexpected byte 0x01 at byte 0", "binary garbage");
	expect_err("[\"\xff\"", ALL, AC_ERR_SYNTAX,
	    "unexpected end of input at byte 4",
	    "bad UTF-8, then the end");

	/* Nesting: refused past AC_JSON_MAX_DEPTH, wherever it is. */
	n = 100000;
	if ((deep = malloc(n + 64)) == NULL)
		bail("out of memory");
	memset(deep, '[', n);
	expect_err(deep, n, AC_ERR_SYNTAX,
	    "nesting deeper than 64 levels at byte 64",
	    "deep arrays");
	memcpy(deep, "[{\"id\":\"a\",\"x\":", 15);
	for (i = 15; i + 5 < n; i += 5)
		memcpy(deep + i, "{\"a\":", 5);
	expect_err(deep, i, AC_ERR_SYNTAX,
	    "nesting deeper than 64 levels at byte",
	    "deep objects in a message");
	memset(deep, '[', AC_JSON_MAX_DEPTH);
	memset(deep + AC_JSON_MAX_DEPTH, ']', AC_JSON_MAX_DEPTH);
	expect_err(deep, 2 * AC_JSON_MAX_DEPTH, AC_OK, "",
	    "nesting at the limit is fine");
	free(deep);
}

static int
stop_now(void *arg, const struct ac_msg *m)
{
	(void)m;
	return ++*(int *)arg >= 2;
}

/* An escaped NUL never cuts a string; a gzip bomb stops early. */
static void
test_nul_and_bombs(struct run *r)
{
	unsigned char	*plain, *gz;
	size_t		 n = 64u << 20, gzlen, i;

	expect_err("{\"vod_id\":\"abc\\u0000../x\",\"messages\":["
	    M("a", "2025-08-25T00:40:43Z") "]}", ALL, AC_ERR_SYNTAX,
	    "NUL character", "a NUL in vod_id is refused");
	expect_err("{\"title\":\"abc\\u0000def\",\"messages\":["
	    M("a", "2025-08-25T00:40:43Z") "]}", ALL, AC_ERR_SYNTAX,
	    "NUL character", "a NUL in the title is refused");
	expect_err("{\"video\":{\"uuid\":\"5c697a87\\u0000x\"},"
	    "\"messages\":[" M("a", "2025-08-25T00:40:43Z") "]}", ALL,
	    AC_ERR_SYNTAX, "NUL character", "a NUL in video.uuid is refused");
	/* Message texts carry their length: a NUL is kept, never a cut. */
	expect_ok(r, "[{\"id\":\"a\\u0000b\",\"content\":\"abc\\u0000def\","
	    "\"created_at\":\"2025-08-25T00:40:43Z\"},"
	    "{\"id\":\"a\\u0000c\",\"content\":\"x\","
	    "\"created_at\":\"2025-08-25T00:40:43Z\"}]", 2,
	    "messages with a NUL are kept whole");
	ok(r->m[0].content != NULL && memcmp(r->m[0].content,
	    "abc\0def", 8) == 0, "the content keeps its NUL and what follows");
	ok(r->m[0].id != NULL && memcmp(r->m[0].id, "a\0b", 4) == 0 &&
	    r->m[1].id != NULL && memcmp(r->m[1].id, "a\0c", 4) == 0,
	    "ids differing after a NUL stay distinct");

	/* 64 MiB of blanks in a JSON array: over 1000x compressed. */
	if ((plain = malloc(n)) == NULL)
		bail("out of memory");
	plain[0] = '[';
	for (i = 1; i < n - 1; i++)
		plain[i] = ' ';
	plain[n - 1] = ']';
	gz = gzip_parts((const char *)plain, n, 1, &gzlen);
	free(plain);
	ok(gzlen < n / 500, "the bomb is %zu bytes", gzlen);
	ac_inflate_limits(AC_MAX_INFLATED_DEFAULT, 100);
	run_mem(r, (const char *)gz, gzlen, 0);
	is_int(r->code, AC_ERR_TOOBIG, "a gzip bomb: AC_ERR_TOOBIG");
	ok(strstr(r->err.text, "MAX_INFLATION_RATIO") != NULL,
	    "the ratio is named: %s", r->err.text);
	ac_inflate_limits(32u << 20, 100000);
	run_mem(r, (const char *)gz, gzlen, 0);
	is_int(r->code, AC_ERR_TOOBIG, "over MAX_INFLATED_BYTES: AC_ERR_TOOBIG");
	ok(strstr(r->err.text, "MAX_INFLATED_BYTES") != NULL,
	    "the bound is named: %s", r->err.text);
	ac_inflate_limits(AC_MAX_INFLATED_DEFAULT, 100000);
	run_mem(r, (const char *)gz, gzlen, 0);
	is_int(r->code, AC_OK, "within both bounds it is read whole");
	is_int((long long)r->st.bytes, (long long)n, "every decoded byte");
	ac_inflate_limits(AC_MAX_INFLATED_DEFAULT,
	    AC_MAX_INFLATION_RATIO_DEFAULT);
	free(gz);
	run_clear(r);
}

static void
test_gzip_stop(struct run *r)
{
	const char	*s = "{\"messages\":[" KICK1 "," KICK2 "]," VIDEO "}\n"
	    KICK1 "\n";
	struct ac_error	 err;
	struct ac_memsrc	 m;
	unsigned char	*gz;
	size_t		 gzlen, chunk;
	int		 calls = 0;

	gz = gzip_parts(s, strlen(s), 1, &gzlen);
	for (chunk = 0; chunk < 10; chunk += 9) {
		m.s = (const char *)gz;
		m.len = gzlen;
		m.pos = 0;
		m.chunk = chunk;
		run_clear(r);
		r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod,
		    &r->st, &r->err);
		is_int(r->code, AC_OK, "gzip (chunk %zu)", chunk);
		is_int((long long)r->n, 3, "gzip: 3 messages");
		is_int((long long)r->st.bytes, (long long)strlen(s),
		    "gzip: decoded bytes");
		is_str(r->vod.channel, "xqc", "gzip: video read");
	}
	ok(r->m[0].raw != NULL && strcmp(r->m[0].raw, KICK1) == 0,
	    "gzip: raw is decoded bytes");
	free(gz);

	gz = gzip_parts(s, strlen(s), 3, &gzlen);
	m.s = (const char *)gz;
	m.len = gzlen;
	m.pos = 0;
	m.chunk = 0;
	run_clear(r);
	r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod, &r->st,
	    &r->err);
	is_int(r->code, AC_OK, "concatenated gzip members");
	is_int((long long)r->n, 3, "concatenated gzip: 3 messages");

	m.len = gzlen / 2;
	m.pos = 0;
	run_clear(r);
	r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod, &r->st,
	    &r->err);
	is_int(r->code, AC_ERR_SYNTAX, "truncated gzip");
	ok(strstr(r->err.text, "truncated gzip stream at byte") != NULL,
	    "truncated gzip: %s", r->err.text);

	m.len = gzlen;
	m.pos = 0;
	memset(gz + 12, 0xa5, 16);
	run_clear(r);
	r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod, &r->st,
	    &r->err);
	is_int(r->code, AC_ERR_SYNTAX, "corrupt gzip");
	ok(strstr(r->err.text, "corrupt gzip data") != NULL,
	    "corrupt gzip: %s", r->err.text);
	free(gz);

	/* A gzip member followed by garbage. */
	gz = gzip_parts(s, strlen(s), 1, &gzlen);
	if ((gz = realloc(gz, gzlen + 8)) == NULL)
		bail("out of memory");
	memcpy(gz + gzlen, "garbage", 8);
	m.s = (const char *)gz;
	m.len = gzlen + 8;
	m.pos = 0;
	run_clear(r);
	r->code = ac_chat_read(ac_mem_read, &m, collect, r, &r->vod, &r->st,
	    &r->err);
	is_int(r->code, AC_ERR_SYNTAX, "garbage after a gzip member");
	ok(strstr(r->err.text, "corrupt gzip data") != NULL,
	    "garbage after gzip: %s", r->err.text);
	free(gz);

	/* The callback stops reading. */
	m.s = "[" KICK1 "," KICK2 "," KICK1 "]";
	m.len = strlen(m.s);
	m.pos = 0;
	is_int(ac_chat_read(ac_mem_read, &m, stop_now, &calls, NULL, NULL, &err),
	    AC_ERR_STOPPED, "a callback stops reading");
	is_int(calls, 2, "no call after the stop");
	ok(strstr(err.text, "(message 2)") != NULL,
	    "stop names the message: %s", err.text);
	m.pos = 0;
	is_int(ac_chat_read(ac_mem_read, &m, NULL, NULL, NULL, NULL, NULL), AC_OK,
	    "everything optional may be NULL");
}

static void
test_files(struct run *r)
{
	char		 path[1024];
	struct ac_error	 err;
	enum ac_err	 code;

	run_clear(r);
	code = ac_chat_read_path(data_path(path, sizeof(path),
	    "chat-kick-page.json"), collect, r, &r->vod, &r->st, &r->err);
	if (!is_int(code, AC_OK, "read %s", path))
		diag("%s", r->err.text);
	is_int((long long)r->n, 2, "two messages in the page fixture");
	is_int(r->m[0].flags, 0, "page fixture flags");
	is_int(r->m[1].flags, AC_MSG_REPLY, "page fixture reply");

	run_clear(r);
	code = ac_chat_read_path(data_path(path, sizeof(path),
	    "chat-video-after.json.gz"), collect, r, &r->vod, &r->st, &r->err);
	if (!is_int(code, AC_OK, "read %s", path))
		diag("%s", r->err.text);
	is_int((long long)r->n, 3, "three messages in the gzip fixture");
	is_str(r->vod.channel, "xqc", "gzip fixture video");
	is_int((long long)r->st.bad_message, 1, "gzip fixture bad message");

	run_clear(r);
	code = ac_chat_read_path(data_path(path, sizeof(path),
	    "bad-truncated.json"), collect, r, &r->vod, &r->st, &r->err);
	is_int(code, AC_ERR_SYNTAX, "truncated fixture");
	ok(strstr(r->err.text, "at byte") != NULL, "truncated fixture: %s",
	    r->err.text);

	code = ac_chat_read_path(data_path(path, sizeof(path),
	    "no-such-file.json"), NULL, NULL, NULL, NULL, &err);
	is_int(code, AC_ERR_IO, "a missing file");
	ok(strstr(err.text, "no-such-file.json") != NULL, "names the file");
	run_clear(r);
}

/* Where each generated message is, to check raw bytes against. */
struct large {
	const char	*s;
	size_t		*off;
	size_t		*len;
	size_t		 n;
	size_t		 seen;
	size_t		 wrong;
};

static int
check_raw(void *arg, const struct ac_msg *m)
{
	struct large	*lg = arg;
	size_t		 i = (size_t)m->index - 1;

	if (i != lg->seen || i >= lg->n || m->raw_len != lg->len[i] ||
	    memcmp(m->raw, lg->s + lg->off[i], m->raw_len) != 0 ||
	    m->content_len != i % 97 + 2)
		lg->wrong++;
	lg->seen++;
	return 0;
}

/* Many messages: refills of the large buffer land inside messages. */
static void
test_large(void)
{
	struct ac_chat_stats	 st;
	struct ac_error		 err;
	struct large		 lg;
	struct ac_memsrc		 m;
	char			*s, one[512];
	size_t			 cap = 6 * 1024 * 1024, len = 0, k, max;
	enum ac_err		 code;
	int			 w;

	max = cap / 64;
	if ((s = malloc(cap)) == NULL ||
	    (lg.off = calloc(max, sizeof(size_t))) == NULL ||
	    (lg.len = calloc(max, sizeof(size_t))) == NULL)
		bail("out of memory");
	lg.n = 0;
	s[len++] = '[';
	while (len + sizeof(one) + 2 < cap && lg.n < max) {
		if (lg.n > 0)
			s[len++] = ',';
		if (lg.n % 5 == 0)
			s[len++] = '\n';
		w = snprintf(one, sizeof(one), "{\"id\":\"%zu\",\"content\":"
		    "\"%.*s\xc3\xa1\","
		    "\"created_at\":\"2025-08-25T00:%02zu:%02zuZ\"}",
		    lg.n, (int)(lg.n % 97), "abcdefghijklmnopqrstuvwxyz"
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
		    "abcdefghijklmnopqrstuvwxyz0123456789", lg.n / 60 % 60,
		    lg.n % 60);
		lg.off[lg.n] = len;
		lg.len[lg.n] = (size_t)w;
		memcpy(s + len, one, (size_t)w);
		len += (size_t)w;
		lg.n++;
	}
	s[len++] = ']';
	lg.s = s;
	m.s = s;
	m.len = len;
	for (k = 0; k < 2; k++) {
		m.pos = 0;
		m.chunk = k ? 65521 : 0;
		lg.seen = lg.wrong = 0;
		code = ac_chat_read(ac_mem_read, &m, check_raw, &lg, NULL, &st,
		    &err);
		is_int(code, AC_OK, "%zu bytes (chunk %zu)", len, m.chunk);
		is_int((long long)lg.seen, (long long)lg.n, "all %zu messages",
		    lg.n);
		is_int((long long)lg.wrong, 0, "raw bytes and content right");
	}
	free(lg.off);
	free(lg.len);
	free(s);
}

int
main(void)
{
	struct run	*r;

	plan_lazy();
	if ((r = calloc(1, sizeof(*r))) == NULL)
		bail("out of memory");
	test_shapes(r);
	test_fields(r);
	run_clear(r);
	test_ids(r);
	test_skips(r);
	test_errors();
	test_nul_and_bombs(r);
	test_gzip_stop(r);
	test_files(r);
	test_large();
	run_clear(r);
	free(r);
	return done_testing();
}
