/* SPDX-License-Identifier: ISC */
/* accept-t.c: Accept negotiation, ac_accept_html. */
#include "config.h"

#include "web/web.h"
#include "../tools/tap.h"

int
main(void)
{
	plan_lazy();
	is_int(ac_accept_html(""), 0, "no Accept: JSON");
	is_int(ac_accept_html("application/json"), 0, "JSON asked: JSON");
	is_int(ac_accept_html("*/*"), 0, "anything: JSON");
	is_int(ac_accept_html("text/html"), 1, "HTML asked: HTML");
	is_int(ac_accept_html("text/html,application/xhtml+xml,"
	    "application/xml;q=0.9,*/*;q=0.8"), 1, "a browser's Accept: HTML");
	is_int(ac_accept_html("application/json, text/html;q=0.5"), 0,
	    "JSON above HTML: JSON");
	is_int(ac_accept_html("text/html;q=0.5, application/json;q=0.4"), 1,
	    "HTML above JSON by q: HTML");
	is_int(ac_accept_html("text/html;q=0.5, */*"), 0,
	    "a wildcard above HTML: JSON");
	is_int(ac_accept_html("text/html;q=0.5, application/*;q=0.4"), 1,
	    "HTML above application/*: HTML");
	is_int(ac_accept_html("TEXT/HTML"), 1, "types are case-insensitive");
	is_int(ac_accept_html(" text/html ; q=1 "), 1, "spaces around");
	is_int(ac_accept_html("text/html;q=2"), 0, "q over 1 counts as 0");
	is_int(ac_accept_html("text/html;q=-1"), 0, "q below 0 counts as 0");
	is_int(ac_accept_html("text/html;q=nan"), 0, "q not a number: 0");
	is_int(ac_accept_html("text/html;q=0"), 0, "q=0 refuses HTML");
	is_int(ac_accept_html(",,,"), 0, "empty items");
	is_int(ac_accept_html("text/htmlx"), 0, "not text/html");
	is_int(ac_accept_html("application/json;q=0, text/html;q=0.1"), 1,
	    "JSON refused, HTML a little: HTML");
	return done_testing();
}
