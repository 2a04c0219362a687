/* SPDX-License-Identifier: ISC */
/*
 * fcgi-crash.c: a FastCGI (or CGI) program that dies on every request
 * without answering, as a crashed program would: the server's own
 * answer to that is what the tests look at.
 */
#include <signal.h>
#include <stdlib.h>

#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request	 r;

	if (FCGX_IsCGI())
		abort();
	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0)
		return 1;
	if (FCGX_Accept_r(&r) >= 0)
		raise(SIGKILL);
	return 1;
}
