/* SPDX-License-Identifier: ISC */
/*
 * report.c: an analysis result as the JSON contract, a table for people,
 * CSV for spreadsheets and an SVG hype chart.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "autoclip.h"
#include "core/core.h"
#include "engine/engine.h"
#include "web/web.h"

#define SVG_WIDTH	1200	/* chart size in SVG user units */
#define SVG_HEIGHT	320
#define SVG_MARGIN	48
#define SVG_POINTS	1200	/* the timeline is reduced to at most this many points */
#define TABLE_BAR	20	/* characters of the longest score bar */

/*
 * A number as JSON with a fixed number of decimals and no trailing
 * zeros ("517", "517.5"), so the output is stable and compact.
 */
static struct json_object *
json_num(double v, int decimals)
{
	char	 buf[64];
	char	*p;

	if (!isfinite(v))
		v = 0.0;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (strchr(buf, '.') != NULL) {
		p = buf + strlen(buf) - 1;
		while (*p == '0')
			*p-- = '\0';
		if (*p == '.')
			*p = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		buf[1] = '\0', buf[0] = '0';
	return json_object_new_double_s(v, buf);
}

static struct json_object *
json_str_or_null(const char *s)
{
	return s[0] == '\0' ? NULL : json_object_new_string(s);
}

/* {"senders": x, ...}: the window features (README "Window features"). */
static struct json_object *
features_json(const double *f)
{
	struct json_object	*o = json_object_new_object();
	size_t			 i;

	for (i = 0; i < AC_NFEAT; i++)
		json_object_object_add(o, ac_feat_name(i), json_num(f[i], 3));
	return o;
}

/* config.learned_weights: NULL (JSON null) when nothing learned ranked the result. */
struct json_object *
ac__learned_json(const struct ac_learned *l)
{
	struct json_object	*o;

	if (l == NULL || !l->on)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "scope", json_object_new_string(l->scope));
	json_object_object_add(o, "labels", json_object_new_int64(l->labels));
	json_object_object_add(o, "vods", json_object_new_int64(l->vods));
	json_object_object_add(o, "weights", features_json(l->w));
	json_object_object_add(o, "start_shift_s", json_num(l->start_shift_s, 3));
	json_object_object_add(o, "end_shift_s", json_num(l->end_shift_s, 3));
	return o;
}

struct json_object *
ac__result_json_object(const struct ac_result *r)
{
	struct json_object	*o, *vod, *cfg, *clips, *c, *tl, *vals;
	char			 ts[64];
	size_t			 i, n;

	o = json_object_new_object();
	vod = json_object_new_object();
	json_object_object_add(vod, "id", json_str_or_null(r->vod.id));
	json_object_object_add(vod, "title", json_str_or_null(r->vod.title));
	json_object_object_add(vod, "channel",
	    json_str_or_null(r->vod.channel));
	if (r->vod.has_start &&
	    ac_ts_format(r->vod.start_time, ts, sizeof(ts)) > 0)
		json_object_object_add(vod, "start_time",
		    json_object_new_string(ts));
	else
		json_object_object_add(vod, "start_time", NULL);
	json_object_object_add(vod, "duration_s", r->vod.duration_s > 0 ?
	    json_num(r->vod.duration_s, 3) : NULL);
	json_object_object_add(o, "vod", vod);
	json_object_object_add(o, "message_count",
	    json_object_new_int64((int64_t)r->message_count));

	cfg = json_object_new_object();
	n = ac_hype_config_count();
	for (i = 0; i < n; i++)
		json_object_object_add(cfg, ac_hype_config_name(i),
		    json_num(ac_hype_config_get(&r->config, i), 6));
	json_object_object_add(cfg, "learned_weights", ac__learned_json(&r->learned));
	json_object_object_add(o, "config", cfg);

	clips = json_object_new_array_ext((int)r->nclips);
	for (i = 0; i < r->nclips; i++) {
		const struct ac_clip *k = &r->clips[i];

		c = json_object_new_object();
		json_object_object_add(c, "rank", json_object_new_int(k->rank));
		json_object_object_add(c, "start", json_num(k->start, 1));
		json_object_object_add(c, "end", json_num(k->end, 1));
		json_object_object_add(c, "peak", json_num(k->peak, 1));
		json_object_object_add(c, "score", json_num(k->score, 2));
		json_object_object_add(c, "virality",
		    json_object_new_int(k->virality));
		json_object_object_add(c, "features", features_json(k->features));
		if (r->learned.on)
			json_object_object_add(c, "learned_delta",
			    json_num(k->learned_delta, 3));
		json_object_array_add(clips, c);
	}
	json_object_object_add(o, "potential_clips", clips);

	tl = json_object_new_object();
	json_object_object_add(tl, "start", json_num(r->timeline_start, 3));
	json_object_object_add(tl, "step", json_num(r->timeline_step, 3));
	vals = json_object_new_array_ext((int)r->ntimeline);
	for (i = 0; i < r->ntimeline; i++)
		json_object_array_add(vals, json_num(r->timeline[i], 2));
	json_object_object_add(tl, "values", vals);
	json_object_object_add(o, "hype_timeline", tl);
	return o;
}

char *
ac_result_json(const struct ac_result *r, int pretty)
{
	struct json_object	*o;
	const char		*s;
	char			*copy;

	if ((o = ac__result_json_object(r)) == NULL)
		return NULL;
	s = json_object_to_json_string_ext(o, pretty ?
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
	    JSON_C_TO_STRING_PLAIN);
	copy = s != NULL ? strdup(s) : NULL;
	json_object_put(o);
	return copy;
}

static double
max_score(const struct ac_result *r)
{
	double	 m = 0.0;
	size_t	 i;

	for (i = 0; i < r->nclips; i++)
		if (r->clips[i].score > m)
			m = r->clips[i].score;
	return m;
}

int
ac_result_write_table(const struct ac_result *r, FILE *f)
{
	char	 a[32], b[32], p[32], ts[64];
	double	 top = max_score(r);
	size_t	 i;
	int	 j, bar;

	if (r->vod.title[0] != '\0' || r->vod.channel[0] != '\0')
		fprintf(f, "%s%s%s%s\n", r->vod.title,
		    r->vod.channel[0] != '\0' ? " (" : "", r->vod.channel,
		    r->vod.channel[0] != '\0' ? ")" : "");
	if (r->vod.has_start && ac_ts_format(r->vod.start_time, ts,
	    sizeof(ts)) > 0)
		fprintf(f, "VOD start %s, ", ts);
	ac_ts_hms(r->ntimeline * r->timeline_step, a, sizeof(a));
	fprintf(f, "%llu messages over %s, %zu clip%s\n",
	    (unsigned long long)r->message_count, a, r->nclips,
	    r->nclips == 1 ? "" : "s");
	if (r->nclips == 0)
		return ferror(f) ? -1 : 0;
	fprintf(f, "\n%4s  %9s  %9s  %6s  %9s  %8s  %4s  %-5s  %s\n",
	    "rank", "start", "end", "length", "peak", "score", "vir",
	    "kind", "");
	for (i = 0; i < r->nclips; i++) {
		const struct ac_clip *k = &r->clips[i];

		ac_ts_hms(k->start, a, sizeof(a));
		ac_ts_hms(k->end, b, sizeof(b));
		ac_ts_hms(k->peak, p, sizeof(p));
		bar = top > 0 ? (int)lround(TABLE_BAR * k->score / top) : 0;
		if (bar < 1)
			bar = 1;
		fprintf(f, "%4d  %9s  %9s  %5.0fs  %9s  %8.1f  %4d  %-5s  ",
		    k->rank, a, b, k->end - k->start, p, k->score, k->virality,
		    k->kind);
		for (j = 0; j < bar; j++)
			fputc('#', f);
		if (!k->above_threshold)
			fputs(" (below threshold)", f);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int
ac_result_write_csv(const struct ac_result *r, FILE *f)
{
	char	 a[32], b[32], p[32];
	size_t	 i;

	fputs("rank,start,end,peak,score,virality,kind,above_threshold,"
	    "start_hms,end_hms,peak_hms\n", f);
	for (i = 0; i < r->nclips; i++) {
		const struct ac_clip *k = &r->clips[i];

		ac_ts_hms(k->start, a, sizeof(a));
		ac_ts_hms(k->end, b, sizeof(b));
		ac_ts_hms(k->peak, p, sizeof(p));
		fprintf(f, "%d,%.1f,%.1f,%.1f,%.2f,%d,%s,%d,%s,%s,%s\n",
		    k->rank, k->start, k->end, k->peak, k->score, k->virality,
		    k->kind, k->above_threshold, a, b, p);
	}
	return ferror(f) ? -1 : 0;
}

static int
write_svg(const struct ac_result *r, FILE *f, int standalone)
{
	const double	 w = SVG_WIDTH - 2 * SVG_MARGIN;
	const double	 h = SVG_HEIGHT - 2 * SVG_MARGIN;
	double		 span, vmax = 0.0, x, y, x2, v, tick;
	size_t		 i, j, b, nb, from, to;
	char		 t[32];

	span = r->ntimeline * r->timeline_step;
	if (span <= 0)
		span = 1;
	for (i = 0; i < r->ntimeline; i++)
		if (r->timeline[i] > vmax)
			vmax = r->timeline[i];
	if (vmax <= 0)
		vmax = 1;

	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	/* Inline in a page it scales with the page and is named for readers. */
	if (standalone)
		fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "width=\"%d\" height=\"%d\" ", SVG_WIDTH, SVG_HEIGHT);
	else
		fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "class=\"hype-svg\" role=\"img\" "
		    "aria-labelledby=\"hype-svg-title\" ", f);
	fprintf(f, "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n", SVG_WIDTH, SVG_HEIGHT);
	fputs(standalone ? "<title>" : "<title id=\"hype-svg-title\">", f);
	ac_html_text(f, r->vod.title[0] != '\0' ? r->vod.title : "Hype over time");
	fputs("</title>\n<rect width=\"100%\" height=\"100%\" "
	    "fill=\"#ffffff\"/>\n", f);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"15\">", SVG_MARGIN,
	    SVG_MARGIN - 20);
	ac_html_text(f, r->vod.title[0] != '\0' ? r->vod.title : "Hype over time");
	if (r->vod.channel[0] != '\0') {
		fputs(" (", f);
		ac_html_text(f, r->vod.channel);
		fputs(")", f);
	}
	fprintf(f, " \xe2\x80\x94 %zu clips</text>\n", r->nclips);

	/* Clips under the curve, labelled by rank. */
	for (i = 0; i < r->nclips; i++) {
		const struct ac_clip *k = &r->clips[i];

		x = SVG_MARGIN + w * (k->start - r->timeline_start) / span;
		x2 = SVG_MARGIN + w * (k->end - r->timeline_start) / span;
		if (x2 - x < 2)
			x2 = x + 2;
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%.0f\" fill=\"#f59e0b\" fill-opacity=\"0.35\">"
		    "<title>#%d %.0f-%.0f s</title></rect>\n", x, SVG_MARGIN,
		    x2 - x, h, k->rank, k->start, k->end);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
		    "fill=\"#b45309\">%d</text>\n", (x + x2) / 2,
		    SVG_MARGIN - 4, k->rank);
	}

	/* Axes and hour (or minute) ticks. */
	fprintf(f, "<g stroke=\"#9ca3af\" fill=\"none\"><path d=\"M%d %d "
	    "V%d H%d\"/></g>\n", SVG_MARGIN, SVG_MARGIN,
	    SVG_HEIGHT - SVG_MARGIN, SVG_WIDTH - SVG_MARGIN);
	tick = span > 4 * 3600 ? 3600 : span > 3600 ? 1800 : span > 600 ?
	    300 : 60;
	for (v = 0; v <= span; v += tick) {
		x = SVG_MARGIN + w * v / span;
		ac_ts_hms(r->timeline_start + v, t, sizeof(t));
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
		    "fill=\"#4b5563\">%s</text>\n", x,
		    SVG_HEIGHT - SVG_MARGIN + 16, t);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	    "fill=\"#4b5563\">%.0f</text>\n", SVG_MARGIN - 4, SVG_MARGIN + 4,
	    vmax);

	/* The curve: each point is the maximum of its bucket, so peaks show. */
	nb = r->ntimeline < SVG_POINTS ? r->ntimeline : SVG_POINTS;
	if (nb > 0) {
		fputs("<polyline fill=\"none\" stroke=\"#2563eb\" "
		    "stroke-width=\"1.2\" points=\"", f);
		for (b = 0; b < nb; b++) {
			from = b * r->ntimeline / nb;
			to = (b + 1) * r->ntimeline / nb;
			v = 0;
			for (j = from; j < to; j++)
				if (r->timeline[j] > v)
					v = r->timeline[j];
			x = SVG_MARGIN + w * (double)from / r->ntimeline;
			y = SVG_HEIGHT - SVG_MARGIN - h * v / vmax;
			fprintf(f, "%s%.1f,%.1f", b ? " " : "", x, y);
		}
		fputs("\"/>\n", f);
	}
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}

int
ac_result_write_svg(const struct ac_result *r, FILE *f)
{
	return write_svg(r, f, 1);
}

int
ac_result_write_svg_inline(const struct ac_result *r, FILE *f)
{
	return write_svg(r, f, 0);
}
