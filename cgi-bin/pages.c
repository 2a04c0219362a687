/* SPDX-License-Identifier: ISC */
/*
 * pages.c: the pages the programs render for browsers without script
 * (content negotiation: a GET whose Accept prefers text/html).  Every
 * action on them is a plain form posting to the programs, which answer
 * 303 back to the page.  Text goes through the library's html.c only.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "web/web.h"
#include "pages.h"

#define NUDGE_S		 5.0	/* seconds one nudge button moves a bound */

/* "1:02:03" for seconds from the VOD start. */
static const char *
hms(double s, char *buf, size_t size)
{
	if (ac_ts_hms(s, buf, size) < 0)
		snprintf(buf, size, "%.0f s", s);
	return buf;
}

/* "2025-08-25 00:40 UTC" for an epoch, "" for 0. */
static const char *
day(double t, char *buf, size_t size)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	buf[0] = '\0';
	if (t > 0 && gmtime_r(&tt, &tm) != NULL)
		strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
	return buf;
}

/* The token field of every form, when writes need the API token. */
static void
token_field(FILE *f, const struct ac_settings *set)
{
	if (set->api_token == NULL || set->api_token[0] == '\0')
		return;
	ac_html_fmt(f, "<label class=\"token\">API token "
	    "<input type=\"password\" name=\"token\" autocomplete="
	    "\"current-password\" required></label>\n");
}

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static double
num(struct json_object *o, const char *key, double dflt)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double)))
		return dflt;
	return json_object_get_double(v);
}

/* --- the library --- */

static void
library_link(FILE *f, const char *base, const struct library_view *lv,
    int offset, const char *label, const char *rel)
{
	ac_html_fmt(f, "<a class=\"button ghost\" rel=\"%s\" href=\"", rel);
	fputs(base, f);
	ac_html_fmt(f, "/api/streams?q=%u&amp;sort=%u&amp;limit=%d&amp;"
	    "offset=%d\">%s</a>\n", lv->text, lv->sort, lv->limit, offset,
	    label);
}

void
page_library(struct ac_req *req, const struct ac_settings *set,
    const struct library_view *lv)
{
	static const char *const sorts[][2] = {
		{ "newest", "Newest first" }, { "oldest", "Oldest first" },
		{ "clips", "Most clips" },
	};
	struct ac_page		 pg;
	const char		*base = ac_req_base(req);
	struct json_object	*o, *job;
	char			 d[64], t[32];
	size_t			 i, k, np;
	FILE			*f;

	if (ac_page_begin(&pg, req, "Library") == -1) {
		ac_reply_fail(req, "internal_error", "out of memory");
		return;
	}
	f = pg.f;
	ac_html_fmt(f, "<h1>Library</h1>\n<form class=\"toolbar\" method=\"get\""
	    " action=\"");
	fputs(base, f);
	ac_html_fmt(f, "/api/streams\" role=\"search\">\n<label>Search title "
	    "or channel <input type=\"search\" name=\"q\" value=\"%s\" "
	    "maxlength=\"200\"></label>\n<label>Sort <select name=\"sort\">",
	    lv->text);
	for (k = 0; k < sizeof(sorts) / sizeof(sorts[0]); k++)
		ac_html_fmt(f, "<option value=\"%s\"%s>%s</option>", sorts[k][0],
		    strcmp(sorts[k][0], lv->sort) == 0 ? " selected" : "",
		    sorts[k][1]);
	ac_html_fmt(f, "</select></label>\n<input type=\"hidden\" name=\"limit\""
	    " value=\"%d\">\n<button type=\"submit\">Search</button>\n</form>\n",
	    lv->limit);

	np = lv->pending != NULL ? json_object_array_length(lv->pending) : 0;
	if (np > 0) {
		ac_html_fmt(f, "<h2>Downloads in progress</h2>\n<ul class="
		    "\"downloads\">\n");
		for (i = 0; i < np; i++) {
			o = json_object_array_get_idx(lv->pending, i);
			json_object_object_get_ex(o, "job", &job);
			ac_html_fmt(f, "<li><span>%s</span> ", str(o, "title") ?
			    str(o, "title") : str(o, "vod_id"));
			if (job != NULL) {
				ac_html_fmt(f, "<progress max=\"1\" value=\"%.3f\">"
				    "%.0f %%</progress> <a href=\"", num(job,
				    "progress", 0), 100 * num(job, "progress", 0));
				fputs(base, f);
				ac_html_fmt(f, "/api/jobs/%I\">job %I</a>",
				    (int64_t)num(job, "id", 0),
				    (int64_t)num(job, "id", 0));
			} else
				ac_html_fmt(f, "<span class=\"badge %s\">%s</span>",
				    str(o, "status"), str(o, "status"));
			ac_html_fmt(f, "</li>\n");
		}
		ac_html_fmt(f, "</ul>\n");
	}

	ac_html_fmt(f, "<p class=\"muted\">%I VODs%s%s%s</p>\n", lv->total,
	    lv->text[0] != '\0' ? " matching \xe2\x80\x9c" : "", lv->text,
	    lv->text[0] != '\0' ? "\xe2\x80\x9d" : "");
	if (lv->n == 0)
		ac_html_fmt(f, "<p class=\"empty\">Nothing here yet. <a href=\"");
	if (lv->n == 0) {
		fputs(base, f);
		ac_html_fmt(f, "/\">Analyse a VOD</a>.</p>\n");
	} else {
		ac_html_fmt(f, "<div class=\"table-wrap\"><table class=\"list\">\n"
		    "<thead><tr><th scope=\"col\">VOD</th><th scope=\"col\">"
		    "Date</th><th scope=\"col\">Length</th><th scope=\"col\">"
		    "Clips</th><th scope=\"col\">Approved</th><th scope="
		    "\"col\">Status</th><th scope=\"col\"><span class="
		    "\"sr-only\">Actions</span></th></tr></thead>\n<tbody>\n");
	}
	for (i = 0; i < lv->n; i++) {
		const struct ac_stream *s = &lv->v[i];

		ac_html_fmt(f, "<tr><td><a href=\"");
		fputs(base, f);
		ac_html_fmt(f, "/api/streams/%I\">%s</a><br><span class=\"muted\">"
		    "%s</span></td><td>%s</td><td>%s</td><td>%I</td><td>%I</td>"
		    "<td><span class=\"badge %s\">%s</span></td><td>", s->id,
		    s->title[0] != '\0' ? s->title : s->vod_id,
		    s->channel[0] != '\0' ? s->channel : "unknown channel",
		    day(s->has_start ? s->vod_start : s->created_at, d,
		    sizeof(d)), s->duration_s > 0 ? hms(s->duration_s, t,
		    sizeof(t)) : "\xe2\x80\x93", s->clips_count,
		    s->approved_count, ac_stream_status_name(s->status),
		    ac_stream_status_name(s->status));
		ac_html_fmt(f, "<form method=\"post\" class=\"inline\" action=\"");
		fputs(base, f);
		ac_html_fmt(f, "/api/streams/%I/delete\">", s->id);
		token_field(f, set);
		ac_html_fmt(f, "<label class=\"confirm\"><input type=\"checkbox\" "
		    "name=\"confirm\" value=\"1\" required> confirm</label> "
		    "<button class=\"danger\" type=\"submit\" aria-label=\""
		    "Delete %s\">Delete</button></form></td></tr>\n",
		    s->title[0] != '\0' ? s->title : s->vod_id);
	}
	if (lv->n > 0)
		ac_html_fmt(f, "</tbody></table></div>\n");
	ac_html_fmt(f, "<nav class=\"pager\" aria-label=\"Pages\">\n");
	if (lv->offset > 0)
		library_link(f, base, lv, lv->offset > lv->limit ?
		    lv->offset - lv->limit : 0, "\xe2\x86\x90 Newer page", "prev");
	if ((int64_t)lv->offset + lv->limit < lv->total)
		library_link(f, base, lv, lv->offset + lv->limit,
		    "Next page \xe2\x86\x92", "next");
	ac_html_fmt(f, "</nav>\n");
	ac_page_reply(&pg, 200);
	ac_page_free(&pg);
}

/* --- one stream --- */

/* The stored analysis as a result the SVG chart can draw; 0 or -1. */
static int
chart_result(const struct ac_stream *s, const struct ac_stored_clip *c,
    size_t n, struct json_object *an, struct ac_result *r)
{
	struct json_object	*tl = NULL, *vals = NULL;
	size_t			 i, nv = 0;

	memset(r, 0, sizeof(*r));
	ac_vod_init(&r->vod);
	snprintf(r->vod.title, sizeof(r->vod.title), "%s", s->title);
	snprintf(r->vod.channel, sizeof(r->vod.channel), "%s", s->channel);
	if (an != NULL && json_object_object_get_ex(an, "hype_timeline", &tl) &&
	    json_object_object_get_ex(tl, "values", &vals) &&
	    json_object_is_type(vals, json_type_array))
		nv = json_object_array_length(vals);
	r->timeline_start = num(tl, "start", 0);
	r->timeline_step = num(tl, "step", 1);
	if (!(r->timeline_step > 0))
		r->timeline_step = 1;
	if (nv > 0 && (r->timeline = calloc(nv, sizeof(double))) == NULL)
		return -1;
	for (i = 0; i < nv; i++)
		r->timeline[i] = json_object_get_double(
		    json_object_array_get_idx(vals, i));
	r->ntimeline = nv;
	if (n > 0 && (r->clips = calloc(n, sizeof(*r->clips))) == NULL) {
		ac_result_free(r);
		return -1;
	}
	for (i = 0; i < n; i++) {
		r->clips[i].rank = c[i].rank;
		r->clips[i].start = c[i].start;
		r->clips[i].end = c[i].end;
		r->clips[i].peak = c[i].peak;
		r->clips[i].score = c[i].score;
		r->clips[i].virality = c[i].virality;
	}
	r->nclips = n;
	return 0;
}

void
reply_hype_svg(struct ac_req *req, const struct ac_stream *s,
    const struct ac_stored_clip *c, size_t n, struct json_object *an)
{
	struct ac_result	 r;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	if (chart_result(s, c, n, an, &r) == -1 ||
	    (f = open_memstream(&buf, &len)) == NULL) {
		ac_result_free(&r);
		ac_reply_fail(req, "internal_error", "out of memory");
		return;
	}
	ac_result_write_svg(&r, f);
	ac_result_free(&r);
	if (fclose(f) != 0) {
		free(buf);
		ac_reply_fail(req, "internal_error", "out of memory");
		return;
	}
	ac_reply(req, 200, "image/svg+xml; charset=utf-8", buf, len);
	free(buf);
}

/* One clip's row with its forms. */
static void
clip_row(FILE *f, const char *base, const struct ac_settings *set,
    const struct ac_stored_clip *c)
{
	char	 a[32], b[32], v[4][32];

	snprintf(v[0], sizeof(v[0]), "%.1f", c->start > NUDGE_S ?
	    c->start - NUDGE_S : 0);
	snprintf(v[1], sizeof(v[1]), "%.1f", c->start + NUDGE_S < c->end ?
	    c->start + NUDGE_S : c->start);
	snprintf(v[2], sizeof(v[2]), "%.1f", c->end - NUDGE_S > c->start ?
	    c->end - NUDGE_S : c->end);
	snprintf(v[3], sizeof(v[3]), "%.1f", c->end + NUDGE_S);
	ac_html_fmt(f, "<tr id=\"clip-%I\" class=\"%s\"><td>#%d</td>"
	    "<td>%s\xe2\x80\x93%s</td><td>%.0f s</td><td>%d</td>"
	    "<td><span class=\"badge %s\">%s</span></td><td>\n", c->id,
	    ac_clip_status_name(c->status), c->rank, hms(c->start, a,
	    sizeof(a)), hms(c->end, b, sizeof(b)), c->end - c->start,
	    c->virality, ac_clip_status_name(c->status),
	    ac_clip_status_name(c->status));
	ac_html_fmt(f, "<form method=\"post\" class=\"actions\" action=\"");
	fputs(base, f);
	ac_html_fmt(f, "/api/clips/%I\">\n", c->id);
	token_field(f, set);
	ac_html_fmt(f, "<button name=\"status\" value=\"approved\">Approve"
	    "</button> <button name=\"status\" value=\"rejected\">Reject"
	    "</button> <button name=\"status\" value=\"pending\">Undo</button>\n"
	    "<span class=\"nudge\" role=\"group\" aria-label=\"Start\">Start "
	    "<button name=\"start\" value=\"%s\" aria-label=\"Start 5 s "
	    "earlier\">\xe2\x88\x92" "5 s</button><button name=\"start\" "
	    "value=\"%s\" aria-label=\"Start 5 s later\">+5 s</button></span>\n"
	    "<span class=\"nudge\" role=\"group\" aria-label=\"End\">End "
	    "<button name=\"end\" value=\"%s\" aria-label=\"End 5 s earlier\">"
	    "\xe2\x88\x92" "5 s</button><button name=\"end\" value=\"%s\" "
	    "aria-label=\"End 5 s later\">+5 s</button></span>\n"
	    "<button class=\"danger\" name=\"delete\" value=\"1\">Delete"
	    "</button>\n</form>\n", v[0], v[1], v[2], v[3]);
	ac_html_fmt(f, "<form method=\"post\" class=\"inline\" action=\"");
	fputs(base, f);
	ac_html_fmt(f, "/api/clips/%I/export\">", c->id);
	token_field(f, set);
	ac_html_fmt(f, "<button type=\"submit\">Export MP4</button></form>\n"
	    "</td></tr>\n");
}

/*
 * When weights learned from review ranked the analysis (its
 * config.learned_weights), say so: how many reviewed clips of how many
 * VODs, of which channel.
 */
static void
learned_note(FILE *f, struct json_object *an)
{
	struct json_object	*cfg, *lw;
	const char		*scope;

	if (an == NULL || !json_object_object_get_ex(an, "config", &cfg) ||
	    !json_object_object_get_ex(cfg, "learned_weights", &lw) ||
	    !json_object_is_type(lw, json_type_object))
		return;
	scope = str(lw, "scope") != NULL ? str(lw, "scope") : "";
	ac_html_fmt(f, "<p class=\"learned\" id=\"learned\">Ranked with what "
	    "you taught: %I reviewed clip%s from %I VOD%s (", (int64_t)num(lw,
	    "labels", 0), num(lw, "labels", 0) == 1 ? "" : "s",
	    (int64_t)num(lw, "vods", 0), num(lw, "vods", 0) == 1 ? "" : "s");
	if (scope[0] != '\0')
		ac_html_fmt(f, "channel %s)</p>\n", scope);
	else
		ac_html_fmt(f, "all channels)</p>\n");
}

void
page_stream(struct ac_req *req, const struct ac_settings *set,
    const struct ac_stream *s, const struct ac_stored_clip *c, size_t n,
    struct json_object *an)
{
	struct ac_page		 pg;
	struct ac_result	 r;
	struct json_object	*cfg = NULL, *v;
	const char		*base = ac_req_base(req);
	char			 d[64], t[32], val[64];
	size_t			 i, np;
	FILE			*f;
	double			 cur;
	struct ac_hype_config	 dflt;

	if (ac_page_begin(&pg, req, s->title[0] != '\0' ? s->title :
	    s->vod_id) == -1) {
		ac_reply_fail(req, "internal_error", "out of memory");
		return;
	}
	f = pg.f;
	ac_html_fmt(f, "<section class=\"card head\">\n<h1>%s</h1>\n<p class="
	    "\"meta\"><span>%s</span><span>%s</span><span>%s</span><span>%I "
	    "messages</span><span class=\"badge %s\">%s</span></p>\n",
	    s->title[0] != '\0' ? s->title : s->vod_id,
	    s->channel[0] != '\0' ? s->channel : "unknown channel",
	    day(s->has_start ? s->vod_start : s->created_at, d, sizeof(d)),
	    s->duration_s > 0 ? hms(s->duration_s, t, sizeof(t)) :
	    "length unknown", s->message_count,
	    ac_stream_status_name(s->status), ac_stream_status_name(s->status));
	if (s->error[0] != '\0')
		ac_html_fmt(f, "<p class=\"error\">%s</p>\n", s->error);
	learned_note(f, an);
	ac_html_fmt(f, "<p><a class=\"button\" href=\"");
	fputs(base, f);
	ac_html_fmt(f, "/stream.html?id=%I\">Interactive view</a> <a class="
	    "\"button ghost\" href=\"", s->id);
	fputs(base, f);
	ac_html_fmt(f, "/api/streams/%u/hype.svg\">Chart as SVG</a></p>\n"
	    "</section>\n", s->vod_id);

	if (an != NULL && chart_result(s, c, n, an, &r) == 0) {
		ac_html_fmt(f, "<figure class=\"card chart\">\n");
		ac_result_write_svg_inline(&r, f);
		ac_html_fmt(f, "<figcaption>Hype over the whole VOD; each band "
		    "is a clip, numbered by rank.</figcaption></figure>\n");
		ac_result_free(&r);
	}

	ac_html_fmt(f, "<section class=\"card\">\n<h2 id=\"clips\">Clips</h2>\n");
	if (n == 0)
		ac_html_fmt(f, "<p class=\"empty\">No clips: the chat has no "
		    "moment above the threshold. Try a lower threshold_k "
		    "below.</p>\n");
	else
		ac_html_fmt(f, "<div class=\"table-wrap\"><table class=\"clips\">"
		    "\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">"
		    "Start\xe2\x80\x93" "end</th><th scope=\"col\">Length</th>"
		    "<th scope=\"col\">Virality</th><th scope=\"col\">Status"
		    "</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++)
		clip_row(f, base, set, &c[i]);
	if (n > 0)
		ac_html_fmt(f, "</tbody></table></div>\n");
	ac_html_fmt(f, "</section>\n");

	/* Re-analysis: every parameter with its default and meaning. */
	if (an != NULL)
		json_object_object_get_ex(an, "config", &cfg);
	ac_hype_config_default(&dflt);
	ac_html_fmt(f, "<section class=\"card\">\n<h2 id=\"reanalyze\">"
	    "Re-analyse</h2>\n<form method=\"post\" action=\"");
	fputs(base, f);
	ac_html_fmt(f, "/api/streams/reanalyze/%u\">\n", s->vod_id);
	token_field(f, set);
	ac_html_fmt(f, "<details><summary>Analysis parameters</summary>\n"
	    "<div class=\"params\">\n");
	np = ac_hype_config_count();
	for (i = 0; i < np; i++) {
		const char *name = ac_hype_config_name(i);

		cur = ac_hype_config_get(&set->hype, i);
		if (cfg != NULL && json_object_object_get_ex(cfg, name, &v))
			cur = json_object_get_double(v);
		snprintf(val, sizeof(val), "%.10g", cur);
		ac_html_fmt(f, "<label><code>%s</code> <input name=\"%s\" "
		    "inputmode=\"decimal\" value=\"%s\" size=\"8\"><small>%s "
		    "(default ", name, name, val, ac_hype_config_help(i));
		snprintf(val, sizeof(val), "%.10g",
		    ac_hype_config_get(&dflt, i));
		ac_html_fmt(f, "%s)</small></label>\n", val);
	}
	ac_html_fmt(f, "</div></details>\n<button type=\"submit\">Re-analyse "
	    "from the stored chat</button>\n</form>\n</section>\n");
	ac_page_reply(&pg, 200);
	ac_page_free(&pg);
}

/* --- a job --- */

void
page_job(struct ac_req *req, const struct ac_settings *set,
    struct json_object *job)
{
	struct ac_page	 pg;
	struct json_object *ex = NULL;
	const char	*base = ac_req_base(req), *state, *err;
	char		 title[64];
	int64_t		 id = (int64_t)num(job, "id", 0);
	double		 p = num(job, "progress", 0), eta;
	int		 active, is_export, js;
	FILE		*f;

	state = str(job, "state") != NULL ? str(job, "state") : "unknown";
	js = ac_job_state_parse(state);
	active = js == AC_JOB_QUEUED || js == AC_JOB_RUNNING;
	is_export = json_object_object_get_ex(job, "export", NULL);
	snprintf(title, sizeof(title), "Job %lld", (long long)id);
	if (ac_page_begin(&pg, req, title) == -1) {
		ac_reply_fail(req, "internal_error", "out of memory");
		return;
	}
	f = pg.f;
	ac_html_fmt(f, "<section class=\"card\">\n<h1>%s</h1>\n<p class=\"meta\">"
	    "<span class=\"badge %s\">%s</span><span>VOD %s</span></p>\n"
	    "<progress max=\"1\" value=\"%.3f\">%.1f %%</progress>\n<dl class="
	    "\"facts\"><dt>Progress</dt><dd>%.1f %%</dd><dt>Messages</dt><dd>"
	    "%I</dd><dt>Requests (retries)</dt><dd>%I (%I)</dd>", title, state,
	    state, str(job, "vod_id") != NULL ? str(job, "vod_id") : "\xe2\x80\x93",
	    p, 100 * p, 100 * p, (int64_t)num(job, "messages", 0),
	    (int64_t)num(job, "requests", 0), (int64_t)num(job, "retries", 0));
	eta = num(job, "eta_s", -1);
	if (active && eta >= 0)
		ac_html_fmt(f, "<dt>Time left</dt><dd>about %.0f s</dd>", eta);
	ac_html_fmt(f, "</dl>\n");
	/* The raw progress line ("N messages, ...") repeats the facts. */
	if (str(job, "message") != NULL && str(job, "message")[0] != '\0' &&
	    !(str(job, "message")[0] >= '0' && str(job, "message")[0] <= '9') &&
	    str(job, "error") == NULL)
		ac_html_fmt(f, "<p class=\"muted\">%s</p>\n", str(job, "message"));
	if ((err = str(job, "error")) != NULL) {
		ac_html_fmt(f, "<p class=\"error\" role=\"alert\">%s</p>\n", err);
		/* A failed download has the chat file as a way out. */
		if (!is_export) {
			ac_html_fmt(f, "<p><a class=\"button\" href=\"");
			fputs(base, f);
			ac_html_fmt(f, "/#upload\">Upload the chat file "
			    "instead</a></p>\n");
		}
	}
	if (active) {
		ac_html_fmt(f, "<p class=\"muted\">This page refreshes itself every "
		    "2 seconds.</p>\n<form method=\"post\" action=\"");
		fputs(base, f);
		ac_html_fmt(f, "/api/jobs/%I/cancel\">", id);
		token_field(f, set);
		ac_html_fmt(f, "<button class=\"danger\" type=\"submit\">Cancel the "
		    "%s</button></form>\n", is_export ? "export" : "download");
	}
	if (js == AC_JOB_DONE && json_object_object_get_ex(job, "export", &ex) &&
	    num(ex, "clip_id", 0) > 0) {
		/* An export: its file. */
		ac_html_fmt(f, "<p><a class=\"button primary\" href=\"");
		fputs(base, f);
		ac_html_fmt(f, "/api/clips/%I/mp4\">Download the MP4</a></p>\n",
		    (int64_t)num(ex, "clip_id", 0));
	} else if (js == AC_JOB_DONE && num(job, "stream_id", 0) > 0) {
		ac_html_fmt(f, "<p><a class=\"button\" href=\"");
		fputs(base, f);
		ac_html_fmt(f, "/api/streams/%I\">See the clips</a></p>\n",
		    (int64_t)num(job, "stream_id", 0));
	}
	ac_html_fmt(f, "</section>\n");
	if (active)
		ac_reply_header(req, "Refresh", "2");
	ac_page_reply(&pg, 200);
	ac_page_free(&pg);
}
