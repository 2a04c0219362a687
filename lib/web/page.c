/* SPDX-License-Identifier: ISC */
/*
 * page.c: the frame of the HTML pages the programs render for browsers
 * without script (head, navigation, stylesheet, footer), and the HTML
 * form of an error answer.  Text goes through html.c only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int
ac_page_begin(struct ac_page *pg, struct ac_req *req, const char *title)
{
	memset(pg, 0, sizeof(*pg));
	pg->req = req;
	if ((pg->f = open_memstream(&pg->buf, &pg->len)) == NULL)
		return -1;
	ac_html_fmt(pg->f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>%s \xc2\xb7 autoclip</title>\n", title);
	/* The base is made of unreserved characters only (ac_req_base). */
	fprintf(pg->f, "<link rel=\"stylesheet\" href=\"%s/css/app.css\">\n"
	    "<link rel=\"icon\" href=\"%s/img/icon.svg\">\n"
	    "</head>\n<body class=\"server\">\n"
	    "<header class=\"topbar\"><a class=\"brand\" href=\"%s/\">"
	    "<img src=\"%s/img/icon.svg\" alt=\"\" width=\"24\" height=\"24\">"
	    "autoclip</a>\n<nav aria-label=\"Main\">"
	    "<a href=\"%s/\">New analysis</a>"
	    "<a href=\"%s/api/streams\">Library</a>"
	    "<a href=\"%s/docs\">API</a></nav></header>\n<main id=\"main\">\n",
	    ac_req_base(req), ac_req_base(req), ac_req_base(req),
	    ac_req_base(req), ac_req_base(req), ac_req_base(req),
	    ac_req_base(req));
	return 0;
}

int
ac_page_reply(struct ac_page *pg, int status)
{
	int	 rc;

	fputs("</main>\n<footer class=\"foot\">autoclip \xe2\x80\x94 this page "
	    "works without script; the interactive pages need it.</footer>\n"
	    "</body>\n</html>\n", pg->f);
	if (fclose(pg->f) != 0) {
		pg->f = NULL;
		free(pg->buf);
		pg->buf = NULL;
		return ac_reply_fail(pg->req, "internal_error",
		    "internal error (out of memory)");
	}
	pg->f = NULL;
	rc = ac_reply_html(pg->req, status, pg->buf, pg->len);
	free(pg->buf);
	pg->buf = NULL;
	return rc;
}

void
ac_page_free(struct ac_page *pg)
{
	if (pg->f != NULL)
		fclose(pg->f);
	pg->f = NULL;
	free(pg->buf);
	pg->buf = NULL;
}

int
ac__page_error(struct ac_req *req, int status, const char *code,
    const char *detail)
{
	struct ac_page	 pg;
	char		 title[64];

	snprintf(title, sizeof(title), "%d %s", status,
	    ac_status_text(status));
	if (ac_page_begin(&pg, req, title) == -1)
		return -1;
	ac_html_fmt(pg.f, "<section class=\"card error-page\">\n"
	    "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<p class=\"muted\">"
	    "Code: <code>%s</code></p>\n", title, detail, code);
	if (status == 401 || status == 403)
		ac_html_fmt(pg.f, "<p>Writes need the site's password, or the "
		    "API token in the form's token field.</p>\n");
	ac_html_fmt(pg.f, "<p>Use your browser's Back button to return to "
	    "the form.</p>\n</section>\n");
	return ac_page_reply(&pg, status);
}
