/* SPDX-License-Identifier: ISC */
/* fcgi-echo: answers a JSON dump of the request variables, for the web server tests. */
#include <fcgiapp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest value echoed back; longer values are cut. */
#define ECHO_VALUE_MAX	1024
/* Room for the whole answer: every variable at its longest, escaped. */
#define ECHO_OUT_MAX	(16 * ECHO_VALUE_MAX * 6 + 1024)

extern char **environ;

static const char *const vars[] = {
	"REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "REQUEST_URI",
	"QUERY_STRING", "CONTENT_LENGTH", "CONTENT_TYPE", "REMOTE_USER",
	"AUTH_TYPE", "HTTP_AUTHORIZATION", "HTTP_ORIGIN", NULL
};

struct buf {
	char	 b[ECHO_OUT_MAX];
	size_t	 len;
};

/* Appends s; the buffer is sized so that it cannot overflow (checked anyway). */
static void
put(struct buf *o, const char *s)
{
	size_t	 n = strlen(s);

	if (n > sizeof(o->b) - o->len)
		n = sizeof(o->b) - o->len;
	memcpy(o->b + o->len, s, n);
	o->len += n;
}

/* Appends s as a JSON string, or null; control and non-ASCII bytes are escaped. */
static void
put_json(struct buf *o, const char *s)
{
	char	 esc[8];
	size_t	 i;

	if (s == NULL) {
		put(o, "null");
		return;
	}
	put(o, "\"");
	for (i = 0; s[i] != '\0' && i < ECHO_VALUE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		else
			snprintf(esc, sizeof(esc), "%c", c);
		put(o, esc);
	}
	put(o, "\"");
}

/* Name of this program (argv[0] without its directory). */
static const char *progname = "";

/* Builds the answer for the request described by envp, whose body had body bytes. */
static void
answer(struct buf *o, char **envp, unsigned long long body)
{
	char	 num[32];
	int	 i;

	o->len = 0;
	put(o, "Status: 200 OK\r\nContent-Type: application/json\r\n"
	    "Cache-Control: no-store\r\n\r\n{");
	for (i = 0; vars[i] != NULL; i++) {
		put(o, "\"");
		put(o, vars[i]);
		put(o, "\":");
		put_json(o, FCGX_GetParam(vars[i], envp));
		put(o, ",");
	}
	/* Start-up environment, as set by the server's per-program options. */
	put(o, "\"env_AUTOCLIP_CONF\":");
	put_json(o, getenv("AUTOCLIP_CONF"));
	snprintf(num, sizeof(num), "%llu", body);
	put(o, ",\"program\":");
	put_json(o, progname);
	put(o, ",\"body_bytes\":");
	put(o, num);
	put(o, "}\n");
}

int
main(int argc, char *argv[])
{
	static struct buf	 out;
	static char		 chunk[65536];
	FCGX_Request		 req;
	unsigned long long	 body;
	size_t			 n;
	int			 got;
	const char		*slash;

	if (argc > 0 && argv[0] != NULL) {
		slash = strrchr(argv[0], '/');
		progname = slash != NULL ? slash + 1 : argv[0];
	}
	if (FCGX_IsCGI()) {
		/* Plain CGI: one request, variables in the environment. */
		body = 0;
		while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
			body += n;
		answer(&out, environ, body);
		fwrite(out.b, 1, out.len, stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		body = 0;
		while ((got = FCGX_GetStr(chunk, sizeof(chunk), req.in)) > 0)
			body += (unsigned long long)got;
		answer(&out, req.envp, body);
		FCGX_PutStr(out.b, (int)out.len, req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
