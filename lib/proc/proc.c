/* SPDX-License-Identifier: ISC */
/* proc.c: running a child program safely: argv only, no shell, bounded. */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "proc/proc.h"

#define PROC_PATH	 "/usr/local/bin:/usr/bin:/bin"
#define PROC_FD_MAX	 4096	/* close descriptors below this in the child */
#define PROC_KILL_GRACE_MS 2000	/* SIGTERM to SIGKILL after a timeout */
#define PROC_DRAIN_MS	 1000	/* reading the pipes after the exit */

/* The whole environment of every child. */
static char *const proc_envp[] = {
	"PATH=" PROC_PATH,
	"LC_ALL=C",
	NULL
};

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ac_proc_which(const char *name, const char *path, char *out, size_t size)
{
	const char	*p, *e;
	size_t		 len;
	struct stat	 sb;
	int		 n;

	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL)
		return -1;
	if (path == NULL || *path == '\0')
		path = PROC_PATH;
	for (p = path; *p != '\0'; p = *e == ':' ? e + 1 : e) {
		if ((e = strchr(p, ':')) == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		/* Only absolute directories: "" or "." would mean the cwd. */
		if (len == 0 || *p != '/')
			continue;
		n = snprintf(out, size, "%.*s/%s", (int)len, p, name);
		if (n < 0 || (size_t)n >= size)
			continue;
		if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(out, X_OK) == 0)
			return 0;
	}
	if (size > 0)
		out[0] = '\0';
	return -1;
}

/* In the child: never returns. */
static void
child(const struct ac_proc *p, int outfd, int errfd)
{
	struct rlimit	 rl;
	sigset_t	 set;
	int		 fd, sig, nul;

	/* A group of its own, so a timeout kills its children too. */
	setpgid(0, 0);
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	if (p->cpu_s > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)p->cpu_s;
		if (setrlimit(RLIMIT_CPU, &rl) == -1)
			_exit(126);
	}
	if (p->fsize > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)p->fsize;
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(126);
	}
	if ((nul = open("/dev/null", O_RDWR)) == -1)
		_exit(126);
	if (dup2(nul, 0) == -1 ||
	    dup2(outfd >= 0 ? outfd : nul, 1) == -1 ||
	    dup2(errfd >= 0 ? errfd : nul, 2) == -1)
		_exit(126);
	/* Every inherited descriptor goes, the FastCGI socket above all. */
	for (fd = 3; fd < PROC_FD_MAX; fd++)
		close(fd);
	execve(p->argv[0], (char *const *)p->argv, proc_envp);
	_exit(127);
}

/* Append what a pipe has to buf (bounded; the rest is read and dropped). */
static int
drain(int fd, char *buf, size_t size, size_t *len)
{
	char	 tmp[4096];
	ssize_t	 n;
	size_t	 k;

	n = read(fd, tmp, sizeof(tmp));
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	if (n == 0)
		return 0;
	if (buf != NULL && size > 0 && *len < size - 1) {
		k = (size_t)n;
		if (k > size - 1 - *len)
			k = size - 1 - *len;
		memcpy(buf + *len, tmp, k);
		*len += k;
		buf[*len] = '\0';
	}
	return 1;
}

enum ac_err
ac_proc_run(struct ac_proc *p)
{
	struct pollfd	 pfd[2];
	int		 errp[2] = { -1, -1 }, outp[2] = { -1, -1 };
	int		 st = 0, nfds, i, killed = 0, reaped = 0;
	int		 open_err, open_out;
	int64_t		 deadline, left, reaped_at = 0;
	pid_t		 pid, w;

	p->out_len = 0;
	p->err_len = 0;
	p->err[0] = '\0';
	if (p->out_buf != NULL && p->out_size > 0)
		p->out_buf[0] = '\0';
	p->status = -1;
	p->signal = 0;
	p->timed_out = 0;
	p->stopped = 0;
	if (p->argv == NULL || p->argv[0] == NULL || p->argv[0][0] != '/') {
		snprintf(p->err, sizeof(p->err), "program path not absolute");
		return AC_ERR_VALUE;
	}
	if (pipe(errp) == -1 ||
	    (p->out_buf != NULL && pipe(outp) == -1)) {
		snprintf(p->err, sizeof(p->err), "pipe: %s", strerror(errno));
		goto fail;
	}
	if ((pid = fork()) == -1) {
		snprintf(p->err, sizeof(p->err), "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0)
		child(p, p->out_buf != NULL ? outp[1] : p->out_fd, errp[1]);
	close(errp[1]);
	errp[1] = -1;
	if (outp[1] != -1) {
		close(outp[1]);
		outp[1] = -1;
	}
	deadline = p->timeout_s > 0 ? now_ms() + (int64_t)p->timeout_s * 1000 :
	    INT64_MAX;
	open_err = 1;
	open_out = outp[0] != -1;
	for (;;) {
		if (!reaped && !killed && p->tick != NULL &&
		    p->tick(p->tick_arg, p) != 0) {
			p->stopped = 1;
			deadline = now_ms();
		}
		if (!reaped && !killed && now_ms() >= deadline) {
			p->timed_out = !p->stopped;
			kill(-pid, SIGTERM);
			kill(pid, SIGTERM);
			killed = 1;
			deadline = now_ms() + PROC_KILL_GRACE_MS;
		} else if (!reaped && killed == 1 && now_ms() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 2;
		}
		if (!reaped) {
			w = waitpid(pid, &st, WNOHANG);
			if (w == pid) {
				reaped = 1;
				reaped_at = now_ms();
			} else if (w == -1 && errno != EINTR) {
				snprintf(p->err, sizeof(p->err), "waitpid: %s",
				    strerror(errno));
				goto fail;
			}
		}
		if (reaped && ((!open_err && !open_out) ||
		    now_ms() - reaped_at > PROC_DRAIN_MS)) {
			/* A grandchild left holding the pipes goes too. */
			if (open_err || open_out)
				kill(-pid, SIGKILL);
			break;
		}
		nfds = 0;
		if (open_err) {
			pfd[nfds].fd = errp[0];
			pfd[nfds++].events = POLLIN;
		}
		if (open_out) {
			pfd[nfds].fd = outp[0];
			pfd[nfds++].events = POLLIN;
		}
		if (nfds == 0) {
			/* Pipes closed; the child still runs: poll its exit. */
			usleep(10000);
			continue;
		}
		left = deadline - now_ms();
		if (left > 100 || left < 0)
			left = left < 0 ? 0 : 100;
		if (poll(pfd, (nfds_t)nfds, (int)left) <= 0)
			continue;
		for (i = 0; i < nfds; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pfd[i].fd == errp[0]) {
				if (drain(errp[0], p->err, sizeof(p->err),
				    &p->err_len) <= 0)
					open_err = 0;
			} else if (drain(outp[0], p->out_buf, p->out_size,
			    &p->out_len) <= 0)
				open_out = 0;
		}
	}
	close(errp[0]);
	if (outp[0] != -1)
		close(outp[0]);
	if (WIFEXITED(st))
		p->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		p->signal = WTERMSIG(st);
	if (p->timed_out || p->stopped || p->status != 0)
		return AC_ERR_IO;
	return AC_OK;
fail:
	for (i = 0; i < 2; i++) {
		if (errp[i] != -1)
			close(errp[i]);
		if (outp[i] != -1)
			close(outp[i]);
	}
	return AC_ERR_IO;
}

const char *
ac_proc_describe(const struct ac_proc *p, char *buf, size_t size)
{
	if (p->stopped)
		snprintf(buf, size, "stopped");
	else if (p->timed_out)
		snprintf(buf, size, "timed out after %d s", p->timeout_s);
	else if (p->signal != 0)
		snprintf(buf, size, "killed by signal %d", p->signal);
	else if (p->status == 126 || p->status == 127)
		snprintf(buf, size, "could not be started (status %d)",
		    p->status);
	else
		snprintf(buf, size, "exit status %d", p->status);
	return buf;
}
