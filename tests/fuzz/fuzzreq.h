/* SPDX-License-Identifier: ISC */
/*
 * fuzzreq.h: a request of the web layer built in memory for the fuzz
 * harnesses: plain-CGI I/O on two memory files (the body in, the answer
 * out), parameters from a "K=V" array.
 */
#ifndef FUZZREQ_H
#define FUZZREQ_H

#include <stddef.h>

#include "web/web.h"

#define FUZZREQ_OUT_MAX	 (256 * 1024)	/* bytes of an answer looked at */

struct fuzzreq {
	struct ac_req		 req;
	struct ac_req_io	 io;
	char			 out[FUZZREQ_OUT_MAX + 1];
	size_t			 outlen;
	int			 status;	/* from the answer's Status line, 0 if none */
	const char		*body;		/* the answer's body, in out */
};

/* Start a request: envp ("K=V", NULL-ended) outlives it; body is its stdin. */
void	 fuzzreq_begin(struct fuzzreq *, char **envp, const void *body,
	    size_t len);
/* Read the answer back into out, status and body; free what the request made. */
void	 fuzzreq_end(struct fuzzreq *);
/* Abort unless the answer is a well-formed {"detail","code"} error (HEAD: no body). */
void	 fuzzreq_check_error(const struct fuzzreq *);

#endif /* !FUZZREQ_H */
