/* SPDX-License-Identifier: ISC */
/* accept.c: Accept-header negotiation: does the client prefer HTML? */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web.h"

int
ac_accept_html(const char *accept)
{
	const char	*p, *e, *semi, *q;
	double		 html = 0, json = -1, any = 0, v;
	size_t		 len;
	char		 type[64];

	for (p = accept; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		semi = memchr(p, ';', (size_t)(e - p));
		len = (size_t)((semi != NULL ? semi : e) - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(type))
			continue;
		memcpy(type, p, len);
		type[len] = '\0';
		v = 1;
		if (semi != NULL && (q = strstr(semi, "q=")) != NULL && q < e)
			v = strtod(q + 2, NULL);
		if (!(v >= 0 && v <= 1))
			v = 0;
		if (strcasecmp(type, "text/html") == 0)
			html = v;
		else if (strcasecmp(type, "application/json") == 0)
			json = v;
		else if (strcasecmp(type, "*/*") == 0 ||
		    strcasecmp(type, "application/*") == 0)
			any = v > any ? v : any;
	}
	return html > (json >= 0 ? json : any);
}

int
ac_req_wants_html(const struct ac_req *req)
{
	return req->accept != NULL && ac_accept_html(req->accept);
}
