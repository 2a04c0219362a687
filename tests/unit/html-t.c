/* SPDX-License-Identifier: ISC */
/* html-t.c: the one escaper (lib/core/html.c) with hostile titles and chat. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "web/web.h"
#include "../tools/tap.h"

/* What ac_html_text makes of s (malloc'd). */
static char *
esc(const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ac_html_text(f, s);
	fclose(f);
	return buf;
}

static void
is_esc(const char *in, const char *want, const char *name)
{
	char	*got = esc(in);

	ok(strcmp(got, want) == 0, "%s: got [%s]", name, got);
	free(got);
}

/* Nothing markup-significant survives: no < > " ' and no bare &. */
static int
inert(const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '<' || *p == '>' || *p == '"' || *p == '\'')
			return 0;
		if (*p == '&' && strncmp(p, "&amp;", 5) != 0 &&
		    strncmp(p, "&lt;", 4) != 0 && strncmp(p, "&gt;", 4) != 0 &&
		    strncmp(p, "&quot;", 6) != 0 && strncmp(p, "&#39;", 5) != 0)
			return 0;
	}
	return 1;
}

int
main(void)
{
	static const char *const hostile[] = {
		"<script>alert(1)</script>",
		"\"><img src=x onerror=alert(1)>",
		"' onmouseover='alert(1)",
		"</title><script>x()</script>",
		"&lt;already&gt; &amp; & &#x3c;",
		"javascript:alert(1)",
		"<svg/onload=alert(1)>",
		"]]><!--",
		"KEKW <emote:123:KEKW> \"LUL\" 'OMEGALUL' & Pog",
	};
	char		*buf = NULL, *got;
	size_t		 len = 0, i;
	FILE		*f;

	plan_lazy();
	is_esc("plain text", "plain text", "plain text unchanged");
	is_esc("a<b>c&d\"e'f", "a&lt;b&gt;c&amp;d&quot;e&#39;f",
	    "the five characters");
	is_esc("JAJAJA \xf0\x9f\x98\x82 caf\xc3\xa9", "JAJAJA \xf0\x9f\x98\x82 "
	    "caf\xc3\xa9", "valid UTF-8 kept");
	is_esc("bad \xff\xfe end", "bad \xef\xbf\xbd\xef\xbf\xbd end",
	    "invalid bytes become U+FFFD");
	is_esc("cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd",
	    "a cut sequence becomes U+FFFD");
	is_esc("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "a surrogate is not UTF-8");
	is_esc("a\x01\x1b[31mb\tc\nd", "a[31mb\tc\nd",
	    "control bytes dropped, tab and newline kept");
	is_esc("", "", "empty");
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		got = esc(hostile[i]);
		ok(inert(got), "hostile %zu inert: %s", i, got);
		free(got);
	}

	/* ac_html_fmt: markup literal, arguments escaped or encoded. */
	f = open_memstream(&buf, &len);
	ok(ac_html_fmt(f, "<a href=\"/s?q=%u\" title=\"%s\">%s #%d %I %.1f%%</a>",
	    "a b&c/<x>", "\"x\"", "<b>", 7, (int64_t)1234567890123LL, 2.25) == 0,
	    "fmt succeeds");
	fclose(f);
	ok(strcmp(buf, "<a href=\"/s?q=a%20b%26c%2F%3Cx%3E\" title=\"&quot;x&quot;"
	    "\">&lt;b&gt; #7 1234567890123 2.2%</a>") == 0 ||
	    strcmp(buf, "<a href=\"/s?q=a%20b%26c%2F%3Cx%3E\" title=\"&quot;x&quot;"
	    "\">&lt;b&gt; #7 1234567890123 2.3%</a>") == 0, "fmt output: %s", buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ok(ac_html_fmt(f, "%x", 1) == -1, "an unknown conversion is refused");
	fclose(f);
	free(buf);

	/* The SVG chart: a hostile title and channel stay text. */
	{
		struct ac_result	 r;
		double			 tl[3] = { 1, 5, 2 };

		memset(&r, 0, sizeof(r));
		ac_vod_init(&r.vod);
		snprintf(r.vod.title, sizeof(r.vod.title), "%s",
		    "</title><script>alert(1)</script>");
		snprintf(r.vod.channel, sizeof(r.vod.channel), "%s",
		    "\"><img onerror=x>");
		r.timeline = tl;
		r.ntimeline = 3;
		r.timeline_step = 1;
		buf = NULL;
		f = open_memstream(&buf, &len);
		ok(ac_result_write_svg_inline(&r, f) == 0, "inline svg");
		fclose(f);
		ok(strstr(buf, "<script") == NULL && strstr(buf, "<img") ==
		    NULL, "svg: no markup from the title or channel");
		ok(strstr(buf, "&lt;/title&gt;&lt;script&gt;") != NULL,
		    "svg: the title is escaped text");
		ok(strncmp(buf, "<svg", 4) == 0, "inline svg has no XML "
		    "declaration");
		free(buf);
	}
	return done_testing();
}
