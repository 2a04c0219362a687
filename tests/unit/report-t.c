/* SPDX-License-Identifier: ISC */
/* report-t.c: the JSON contract, the table, CSV and the SVG chart. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "autoclip.h"
#include "../tools/tap.h"

/* Render with fn into a string (caller frees). */
static char *
render(int (*fn)(const struct ac_result *, FILE *), const struct ac_result *r)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		bail("open_memstream");
	if (fn(r, f) != 0)
		bail("render failed");
	fclose(f);
	return buf;
}

static int
has_keys(struct json_object *o, const char *const *keys, size_t n)
{
	size_t	 i;

	if (json_object_object_length(o) != (int)n)
		return 0;
	for (i = 0; i < n; i++)
		if (!json_object_object_get_ex(o, keys[i], NULL))
			return 0;
	return 1;
}

int
main(void)
{
	static const char *const top_keys[] = { "vod", "message_count",
	    "config", "potential_clips", "hype_timeline" };
	static const char *const clip_keys[] = { "rank", "start", "end",
	    "peak", "score", "virality", "features" };
	static const char *const clip_keys_learned[] = { "rank", "start",
	    "end", "peak", "score", "virality", "features", "learned_delta" };
	static const char *const feat_keys[] = { "senders", "messages",
	    "laugh", "hype", "learned", "length", "repeat" };
	static const char *const lw_keys[] = { "scope", "labels", "vods",
	    "weights", "start_shift_s", "end_shift_s" };
	static const char *const vod_keys[] = { "id", "title", "channel",
	    "start_time", "duration_s" };
	struct ac_clip		 clips[2];
	double			 tl[5] = { 0, 1, 3.5, 12.25, 0.126 };
	struct ac_result	 r;
	struct json_object	*o, *v, *c, *f;
	char			*s;

	memset(&r, 0, sizeof(r));
	ac_vod_init(&r.vod);
	snprintf(r.vod.id, sizeof(r.vod.id), "5c697a87-afce-4256-b01f-3c8fe71ef5cb");
	snprintf(r.vod.title, sizeof(r.vod.title), "Tom & Jerry <live> \"x\"");
	snprintf(r.vod.channel, sizeof(r.vod.channel), "xqc");
	r.vod.has_start = 1;
	r.vod.start_time = 1756082443;	/* 2025-08-25T00:40:43Z */
	r.vod.duration_s = 22278;
	ac_hype_config_default(&r.config);
	r.message_count = 123456;
	memset(clips, 0, sizeof(clips));
	clips[0] = (struct ac_clip){ .rank = 1, .start = 517, .end = 571,
	    .peak = 533.25, .score = 123.456, .virality = 97,
	    .above_threshold = 1, .kind = "laugh",
	    .features = { 1.23456, -0.5 } };
	clips[1] = (struct ac_clip){ .rank = 2, .start = 3600, .end = 3630.5,
	    .peak = 3610, .score = 10, .virality = 40, .above_threshold = 0,
	    .kind = "hype" };
	r.clips = clips;
	r.nclips = 2;
	r.timeline = tl;
	r.ntimeline = 5;
	r.timeline_start = 0;
	r.timeline_step = 1;

	/* JSON: exactly the keys of the contract. */
	s = ac_result_json(&r, 0);
	ok(s != NULL, "JSON rendered");
	o = json_tokener_parse(s);
	ok(o != NULL, "JSON parses back");
	ok(has_keys(o, top_keys, 5), "top-level keys are the contract's");
	json_object_object_get_ex(o, "vod", &v);
	ok(has_keys(v, vod_keys, 5), "vod keys are the contract's");
	is_str(json_object_get_string(json_object_object_get(v, "start_time")),
	    "2025-08-25T00:40:43Z", "vod start_time in ISO 8601 UTC");
	json_object_object_get_ex(o, "potential_clips", &v);
	is_int(json_object_array_length(v), 2, "two clips");
	c = json_object_array_get_idx(v, 0);
	ok(has_keys(c, clip_keys, 7), "clip keys are the contract's");
	json_object_object_get_ex(c, "features", &f);
	ok(has_keys(f, feat_keys, AC_NFEAT), "features: one key per feature");
	ok(strstr(s, "\"features\":{\"senders\":1.235,\"messages\":-0.5,"
	    "\"laugh\":0,") != NULL, "features with three decimals");
	is_int(json_object_get_int(json_object_object_get(c, "rank")), 1,
	    "best first");
	ok(strstr(s, "\"start\":517,") != NULL && strstr(s, "\"peak\":533.2") != NULL,
	    "times in seconds with at most one decimal");
	ok(strstr(s, "\"score\":123.46") != NULL, "score with two decimals");
	ok(strstr(s, "\"values\":[0,1,3.5,12.25,0.13]") != NULL,
	    "timeline values compact");
	is_int(json_object_get_int64(json_object_object_get(o, "message_count")),
	    123456, "message_count");
	json_object_object_get_ex(o, "config", &v);
	is_int(json_object_object_length(v),
	    (long long)ac_hype_config_count() + 1,
	    "config echoes every parameter and learned_weights");
	ok(json_object_object_get_ex(v, "learned_weights", &f) && f == NULL,
	    "learned_weights null when nothing was learned");
	json_object_put(o);
	free(s);

	/* Ranked with learned weights. */
	r.learned.on = 1;
	snprintf(r.learned.scope, sizeof(r.learned.scope), "xqc");
	r.learned.labels = 24;
	r.learned.vods = 3;
	r.learned.w[AC_FEAT_LAUGH] = -1.25;
	r.learned.start_shift_s = -4.5;
	clips[0].learned_delta = 0.4567;
	s = ac_result_json(&r, 0);
	o = s != NULL ? json_tokener_parse(s) : NULL;
	ok(o != NULL, "JSON with learned weights parses");
	json_object_object_get_ex(o, "potential_clips", &v);
	c = json_object_array_get_idx(v, 0);
	ok(has_keys(c, clip_keys_learned, 8), "clips gain learned_delta");
	ok(strstr(s, "\"learned_delta\":0.457") != NULL,
	    "learned_delta with three decimals");
	json_object_object_get_ex(o, "config", &v);
	json_object_object_get_ex(v, "learned_weights", &f);
	ok(f != NULL && has_keys(f, lw_keys, 6), "learned_weights keys");
	ok(strstr(s, "\"learned_weights\":{\"scope\":\"xqc\",\"labels\":24,"
	    "\"vods\":3,\"weights\":{\"senders\":0,\"messages\":0,"
	    "\"laugh\":-1.25,") != NULL &&
	    strstr(s, "\"start_shift_s\":-4.5,\"end_shift_s\":0}") != NULL,
	    "learned_weights as the contract says");
	json_object_put(o);
	free(s);
	ac_learned_init(&r.learned);

	/* Unknown VOD fields are null. */
	ac_vod_init(&r.vod);
	s = ac_result_json(&r, 1);
	ok(s != NULL && strstr(s, "\"start_time\": null") != NULL &&
	    strstr(s, "\"id\": null") != NULL, "unknown VOD fields are null");
	free(s);
	snprintf(r.vod.title, sizeof(r.vod.title), "Tom & Jerry <live> \"x\"");

	/* Table. */
	s = render(ac_result_write_table, &r);
	ok(strstr(s, "0:08:37") != NULL && strstr(s, "0:09:31") != NULL,
	    "table shows times as h:mm:ss");
	ok(strstr(s, "####################") != NULL, "best clip has the full bar");
	ok(strstr(s, "below threshold") != NULL, "below-threshold clips marked");
	ok(strstr(s, "123456 messages") != NULL, "table header counts messages");
	free(s);

	/* CSV. */
	s = render(ac_result_write_csv, &r);
	ok(strncmp(s, "rank,start,end,peak,score,virality,kind,", 40) == 0,
	    "CSV header");
	ok(strstr(s, "\n1,517.0,571.0,533.2,123.46,97,laugh,1,0:08:37,") != NULL,
	    "CSV row");
	free(s);

	/* SVG: well-formed, title escaped, one rectangle per clip. */
	s = render(ac_result_write_svg, &r);
	ok(strstr(s, "Tom &amp; Jerry &lt;live&gt; &quot;x&quot;") != NULL,
	    "title escaped for XML");
	ok(strstr(s, "<live>") == NULL, "no raw markup from the title");
	ok(strstr(s, "<polyline") != NULL && strstr(s, "</svg>") != NULL,
	    "curve and closing tag");
	ok(strstr(s, "<title>#1 ") != NULL && strstr(s, "<title>#2 ") != NULL,
	    "both clips marked");
	free(s);

	/* No clips and an empty timeline still render. */
	r.nclips = 0;
	r.ntimeline = 0;
	s = render(ac_result_write_svg, &r);
	ok(strstr(s, "</svg>") != NULL, "empty chart renders");
	free(s);
	s = render(ac_result_write_table, &r);
	ok(strstr(s, "0 clips") != NULL, "empty table says 0 clips");
	free(s);
	return done_testing();
}
