/* SPDX-License-Identifier: ISC */
/*
 * write.c: who may write: the rules of ac_req_may_write (same site, a
 * trusted Host, the web server's user, the API token, loopback), which
 * the dispatcher applies to every route flagged AC_ROUTE_WRITE.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "web/web.h"

/* Whether a REMOTE_ADDR is loopback: 127.0.0.0/8, ::1 or ::ffff:127.x. */
static int
is_loopback(const char *addr)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	static const unsigned char v4mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) == 1) {
		if (memcmp(&a6, &in6addr_loopback, sizeof(a6)) == 0)
			return 1;
		return memcmp(a6.s6_addr, v4mapped, 12) == 0 &&
		    a6.s6_addr[12] == 127;
	}
	return 0;
}

/* Whether name (n bytes) equals the NUL-terminated s, ignoring case. */
static int
name_is(const char *name, size_t n, const char *s)
{
	return strlen(s) == n && strncasecmp(name, s, n) == 0;
}

int
ac__host_trusted(const char *host, const char *allowed)
{
	const char	*port, *p, *e;
	size_t		 n, i;

	/* No Host at all: not a browser, so no rebinding page either. */
	if (host[0] == '\0')
		return 1;
	if (strlen(host) > AC_MAX_HEADER)
		return 0;
	if (host[0] == '[') {
		if ((port = strchr(host, ']')) == NULL)
			return 0;
		port++;
	} else
		port = host + strcspn(host, ":");
	n = (size_t)(port - host);
	if (*port == ':') {
		if (port[1] == '\0' || strlen(port + 1) > 5)
			return 0;
		for (i = 1; port[i] != '\0'; i++)
			if (port[i] < '0' || port[i] > '9')
				return 0;
	} else if (*port != '\0')
		return 0;
	if (n == 0)
		return 0;
	if (name_is(host, n, "localhost") || name_is(host, n, "127.0.0.1") ||
	    name_is(host, n, "[::1]"))
		return 1;
	/* ALLOWED_HOSTS: "name" (any port) or "name:port", comma or space. */
	for (p = allowed != NULL ? allowed : ""; *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		e = p + strcspn(p, ", \t");
		if (e == p)
			break;
		if (((size_t)(e - p) == n && strncasecmp(p, host, n) == 0) ||
		    ((size_t)(e - p) == strlen(host) &&
		    strncasecmp(p, host, strlen(host)) == 0))
			return 1;
	}
	return 0;
}

int
ac_req_may_write(struct ac_req *req, const struct ac_settings *set)
{
	const char	*form_token = req->io->form_token;

	char		 own[AC_MAX_HEADER + 16];
	const char	*auth, *tok;

	/* 1. Not cross-site. */
	if (strcasecmp(req->sec_fetch_site, "cross-site") == 0) {
		ac_reply_fail(req, "cross_site",
		    "cross-site writes are refused");
		return -1;
	}
	if (ac_req_param(req, "HTTP_ORIGIN") != NULL) {
		snprintf(own, sizeof(own), "%s://%s",
		    req->https ? "https" : "http", req->host);
		if (req->host[0] == '\0' || strlen(req->host) > AC_MAX_HEADER ||
		    strcmp(req->origin, own) != 0) {
			ac_reply_fail(req, "cross_site",
			    "writes from another origin are refused");
			return -1;
		}
	}
	/* 2. The web server authenticated the user. */
	if (req->remote_user[0] != '\0')
		return 0;
	/* 3. The API token. */
	if (set != NULL && set->api_token != NULL &&
	    set->api_token[0] != '\0') {
		auth = req->authorization;
		/* A form's token field stands for the header (AC_ROUTE_FORM). */
		if (auth[0] == '\0' && form_token[0] != '\0' &&
		    req->method == AC_METHOD_POST) {
			if (!ac__ct_equal(form_token, set->api_token)) {
				ac_reply_fail(req, "forbidden",
				    "wrong API token");
				return -1;
			}
			return 0;
		}
		/* AC_ROUTE_UPLOAD: ac_req_upload checks the token part. */
		if (auth[0] == '\0' && req->io->upload_defer) {
			req->io->token_due = set->api_token;
			return 0;
		}
		if (auth[0] == '\0') {
			ac_reply_header(req, "WWW-Authenticate",
			    "Bearer realm=\"autoclip\"");
			ac_reply_fail(req, "unauthorized",
			    "writes need authentication");
			return -1;
		}
		if (strncasecmp(auth, "Bearer ", 7) != 0) {
			ac_reply_fail(req, "forbidden",
			    "writes need a bearer token");
			return -1;
		}
		for (tok = auth + 7; *tok == ' '; tok++)
			continue;
		if (!ac__ct_equal(tok, set->api_token)) {
			ac_reply_fail(req, "forbidden",
			    "wrong API token");
			return -1;
		}
		return 0;
	}
	/*
	 * 4. Without a token, loopback clients only, and only when they name
	 * this machine (or an ALLOWED_HOSTS name): a page on a rebinding
	 * domain that resolves to 127.0.0.1 sends its own name as Host.
	 */
	if (is_loopback(req->remote_addr)) {
		if (ac__host_trusted(req->host, set != NULL ?
		    set->allowed_hosts : NULL))
			return 0;
		ac_reply_fail(req, "untrusted_host",
		    "writes from this machine must name it as Host "
		    "(127.0.0.1, localhost or [::1]) or a name listed in "
		    "ALLOWED_HOSTS");
		return -1;
	}
	ac_reply_fail(req, "forbidden",
	    "writes are allowed from this machine only "
	    "(set API_TOKEN or use the web server's authentication)");
	return -1;
}
