/* SPDX-License-Identifier: ISC */
/* proc-t.c: child processes: argv only, environment, descriptors, limits, timeout. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "proc/proc.h"
#include "../tools/tap.h"

static enum ac_err
sh(const char *script, char *out, size_t size, int timeout_s,
    struct ac_proc *p)
{
	const char	*argv[4];

	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	memset(p, 0, sizeof(*p));
	p->argv = argv;
	p->out_fd = -1;
	p->out_buf = out;
	p->out_size = size;
	p->timeout_s = timeout_s;
	return ac_proc_run(p);
}

int
main(void)
{
	struct ac_proc	 p;
	char		 out[4096], path[1024], why[128];
	const char	*argv[3];
	int		 fd;

	plan_lazy();

	is_int(sh("echo hello; echo oops >&2", out, sizeof(out), 10, &p),
	    AC_OK, "a child runs");
	is_str(out, "hello\n", "its stdout is captured");
	is_str(p.err, "oops\n", "its stderr is kept");
	is_int(p.status, 0, "exit status 0");

	is_int(sh("exit 3", out, sizeof(out), 10, &p), AC_ERR_IO,
	    "a failing child is an error");
	is_int(p.status, 3, "its exit status is told");
	ac_proc_describe(&p, why, sizeof(why));
	is_str(why, "exit status 3", "described");

	/* The environment is PATH and LC_ALL only: HTTP_* never passes. */
	setenv("HTTP_PROXY", "http://evil.example", 1);
	sh("env | sort", out, sizeof(out), 10, &p);
	ok(strstr(out, "HTTP_PROXY") == NULL, "no inherited environment");
	ok(strstr(out, "LC_ALL=C\n") != NULL, "LC_ALL=C");
	ok(strstr(out, "PATH=/usr/local/bin:/usr/bin:/bin\n") != NULL,
	    "a fixed PATH");

	/* An open descriptor (like the FastCGI socket) is not inherited. */
	fd = open("/dev/null", O_RDONLY);
	ok(fd >= 3, "a descriptor is open here (%d)", fd);
	snprintf(path, sizeof(path), "[ -e /proc/self/fd/%d ] && echo open "
	    "|| echo closed", fd);
	sh(path, out, sizeof(out), 10, &p);
	is_str(out, "closed\n", "inherited descriptors are closed");
	close(fd);
	sh("read x; echo \"[$x]\"", out, sizeof(out), 10, &p);
	is_str(out, "[]\n", "stdin is /dev/null");

	/* Signals ignored here are default again in the child. */
	signal(SIGTERM, SIG_IGN);
	sh("kill -TERM $$; echo survived", out, sizeof(out), 10, &p);
	is_int(p.signal, SIGTERM, "SIGTERM's disposition is reset");
	signal(SIGTERM, SIG_DFL);

	/* The wall clock limit kills the child and what it started. */
	is_int(sh("sleep 30 & sleep 30", out, sizeof(out), 1, &p), AC_ERR_IO,
	    "a child over its time is an error");
	ok(p.timed_out, "timed_out is set");

	/* RLIMIT_FSIZE: a file cannot grow past it. */
	snprintf(path, sizeof(path), "head -c 100000 /dev/zero > "
	    "/tmp/proc-t.%ld", (long)getpid());
	argv[0] = "/bin/sh";
	memset(&p, 0, sizeof(p));
	{
		const char	*av[] = { "/bin/sh", "-c", path, NULL };

		p.argv = av;
		p.out_fd = -1;
		p.fsize = 4096;
		p.timeout_s = 10;
		is_int(ac_proc_run(&p), AC_ERR_IO,
		    "writing past RLIMIT_FSIZE fails");
	}
	snprintf(path, sizeof(path), "/tmp/proc-t.%ld", (long)getpid());
	unlink(path);

	/* argv[0] must be absolute; a missing program is status 127. */
	memset(&p, 0, sizeof(p));
	argv[0] = "sh";
	argv[1] = NULL;
	p.argv = argv;
	is_int(ac_proc_run(&p), AC_ERR_VALUE, "a relative program is refused");
	argv[0] = "/nonexistent/program";
	is_int(ac_proc_run(&p), AC_ERR_IO, "a missing program fails");
	is_int(p.status, 127, "with status 127");

	/* Arguments pass as they are: no shell sees them. */
	{
		const char	*av[] = { "/bin/echo", "$(id)", ";", "`x`", NULL };

		memset(&p, 0, sizeof(p));
		p.argv = av;
		p.out_buf = out;
		p.out_size = sizeof(out);
		p.timeout_s = 10;
		ac_proc_run(&p);
		is_str(out, "$(id) ; `x`\n", "metacharacters are plain text");
	}

	/* Captured output is bounded. */
	sh("head -c 100000 /dev/zero | tr '\\0' a", out, 100, 10, &p);
	is_int((long long)p.out_len, 99, "stdout capture is bounded");

	ok(ac_proc_which("sh", NULL, path, sizeof(path)) == 0 &&
	    path[0] == '/', "which finds sh (%s)", path);
	ok(ac_proc_which("sh", ".:relative", path, sizeof(path)) == -1,
	    "which ignores relative PATH entries");
	ok(ac_proc_which("../sh", NULL, path, sizeof(path)) == -1,
	    "which refuses a name with a slash");
	return done_testing();
}
