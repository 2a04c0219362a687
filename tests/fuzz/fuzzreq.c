/* SPDX-License-Identifier: ISC */
/* fuzzreq.c: an in-memory web request for the fuzz harnesses (fuzzreq.h). */
#define _GNU_SOURCE
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "fuzzreq.h"

static int	 infd = -1, outfd = -1;

static int
memfile(const char *name)
{
	int	 fd;

	if ((fd = memfd_create(name, MFD_CLOEXEC)) < 0) {
		perror("memfd_create");
		abort();
	}
	return fd;
}

void
fuzzreq_begin(struct fuzzreq *f, char **envp, const void *body, size_t len)
{
	if (infd < 0) {
		infd = memfile("fuzz-in");
		outfd = memfile("fuzz-out");
	}
	if (ftruncate(infd, 0) < 0 || ftruncate(outfd, 0) < 0 ||
	    (len > 0 && pwrite(infd, body, len, 0) != (ssize_t)len) ||
	    lseek(infd, 0, SEEK_SET) < 0 || lseek(outfd, 0, SEEK_SET) < 0)
		abort();
	memset(&f->req, 0, sizeof(f->req));
	memset(&f->io, 0, sizeof(f->io));
	f->io.cgi = 1;
	f->io.envp = envp;
	f->io.infd = infd;
	f->io.outfd = outfd;
	f->req.io = &f->io;
	f->req.path = f->io.path;
	f->outlen = 0;
	f->status = 0;
	f->body = NULL;
}

void
fuzzreq_end(struct fuzzreq *f)
{
	ssize_t	 n;
	char	*e;

	if (f->req.query != NULL && f->req.route != NULL)
		ac_values_clear(f->req.query, f->req.route->nkeys);
	free(f->req.query);
	f->req.query = NULL;
	free(f->io.form);
	f->io.form = NULL;
	ac__reply_clear(&f->req);
	if ((n = pread(outfd, f->out, FUZZREQ_OUT_MAX, 0)) < 0)
		abort();
	f->outlen = (size_t)n;
	f->out[n] = '\0';
	if (strncmp(f->out, "Status: ", 8) == 0)
		f->status = (int)strtol(f->out + 8, NULL, 10);
	if ((e = strstr(f->out, "\r\n\r\n")) != NULL)
		f->body = e + 4;
}

void
fuzzreq_check_error(const struct fuzzreq *f)
{
	struct json_object	*o, *d, *c;
	size_t			 blen;

	if (!f->req.replied || f->status < 400 || f->status > 599 ||
	    f->status != f->req.status || f->body == NULL)
		abort();
	blen = f->outlen - (size_t)(f->body - f->out);
	if (f->io.head) {	/* HEAD: the headers alone */
		if (blen != 0)
			abort();
		return;
	}
	if ((o = json_tokener_parse(f->body)) == NULL ||
	    strlen(f->body) != blen ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "detail", &d) ||
	    !json_object_is_type(d, json_type_string) ||
	    !json_object_object_get_ex(o, "code", &c) ||
	    !json_object_is_type(c, json_type_string) ||
	    json_object_get_string_len(c) == 0)
		abort();
	json_object_put(o);
}
