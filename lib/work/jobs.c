/* SPDX-License-Identifier: ISC */
/*
 * jobs.c: download jobs for VOD links: submit (one active download per
 * VOD), run (metadata, chat, archive, analysis), status as JSON, cancel,
 * the worker loop and a detached worker for hosts without daemons.
 *
 * While a download runs, the job's message holds its counters in a fixed
 * form, "N messages, N requests, N retries, ETA N s", which
 * ac_job_status_json reads back; a failed job's message is the error.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "kick/kick.h"
#include "work/work.h"

#define JOB_KIND	 "download"
#define ALIVE_FILE	 "worker.alive"
#define IDLE_SLEEP_S	 1
#define SPAWN_IDLE_S	 "60"		/* a spawned worker exits when idle this long */
#define FD_CLOSE_MAX	 4096

static const char progress_fmt[] =
    "%llu messages, %llu requests, %llu retries, ETA %lld s";

enum ac_err
ac_job_submit(struct ac_store *st, const char *link, struct ac_job_ticket *t,
    struct ac_error *err)
{
	struct ac_kick_link	 l;
	struct ac_stream	 s;
	struct ac_job		 j;
	enum ac_err		 e;

	memset(t, 0, sizeof(*t));
	if ((e = ac_kick_link_parse(link, &l, err)) != AC_OK)
		return e;
	snprintf(t->vod_id, sizeof(t->vod_id), "%s", l.uuid);
	e = ac_store_stream_get_vod(st, l.uuid, &s, err);
	if (e == AC_OK) {
		t->stream_id = s.id;
		if (s.status == AC_STREAM_ANALYZED) {
			t->analyzed = 1;
			return AC_OK;
		}
	} else if (e == AC_ERR_NOTFOUND) {
		memset(&s, 0, sizeof(s));
		snprintf(s.vod_id, sizeof(s.vod_id), "%s", l.uuid);
		snprintf(s.channel, sizeof(s.channel), "%s", l.channel);
		s.status = AC_STREAM_QUEUED;
		if ((e = ac_store_stream_upsert(st, &s, &t->stream_id, err)) !=
		    AC_OK)
			goto dberr;
	} else
		goto dberr;
	if ((e = ac_store_job_active(st, JOB_KIND, t->stream_id, &j, err)) ==
	    AC_OK) {
		t->job_id = j.id;
		t->existing = 1;
		return AC_OK;
	}
	if (e != AC_ERR_NOTFOUND)
		goto dberr;
	if ((e = ac_store_job_enqueue(st, JOB_KIND, t->stream_id,
	    &t->job_id, err)) != AC_OK) {
		/* Another submit won the race: the schema allows one. */
		if (ac_store_job_active(st, JOB_KIND, t->stream_id, &j, NULL) ==
		    AC_OK) {
			t->job_id = j.id;
			t->existing = 1;
			return AC_OK;
		}
		goto dberr;
	}
	(void)ac_store_stream_set_status(st, t->stream_id,
	    AC_STREAM_QUEUED, "", NULL);
	return AC_OK;
dberr:
	return ac_error_prefix(err, e == AC_OK ? AC_ERR_DB : e, "database: ");
}

enum ac_err
ac_job_cancel(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct ac_job	 j;
	enum ac_err	 e;

	if ((e = ac_store_job_get(st, id, &j, err)) != AC_OK)
		return e;
	if ((e = ac_store_job_cancel(st, id, err)) != AC_OK)
		return e;
	if (j.stream_id > 0 && strcmp(j.kind, JOB_KIND) == 0)
		(void)ac_store_stream_set_status(st, j.stream_id,
		    AC_STREAM_FAILED, "cancelled", err);
	return AC_OK;
}

static struct json_object *
num_or_null(double v, int ok)
{
	return ok ? json_object_new_double(v) : NULL;
}

static struct json_object *
time_or_null(double t)
{
	char	 buf[64];

	if (t <= 0 || ac_ts_format(t, buf, sizeof(buf)) < 0)
		return NULL;
	return json_object_new_string(buf);
}

/* An export job's own fields: what it fetched, ffmpeg's progress, the file. */
static void
export_json(struct json_object *o, const struct ac_job *j)
{
	struct ac_export_progress	 p;
	struct json_object		*e;
	char				 note[256], url[64];
	long long			 clip = 0;
	int				 have;

	have = ac_export_message_parse(j->message, &p, note, sizeof(note)) ==
	    0;
	if (!have)
		memset(&p, 0, sizeof(p));
	(void)sscanf(j->params, "clip=%lld;", &clip);
	e = json_object_new_object();
	json_object_object_add(e, "clip_id", json_object_new_int64(clip));
	json_object_object_add(e, "segments", json_object_new_int64(
	    (int64_t)p.segments));
	json_object_object_add(e, "segments_total", json_object_new_int64(
	    (int64_t)p.segments_total));
	json_object_object_add(e, "bytes", json_object_new_int64(
	    (int64_t)p.bytes));
	json_object_object_add(e, "encoded_s", json_object_new_double(
	    p.encoded_s));
	json_object_object_add(e, "duration_s", json_object_new_double(
	    p.duration_s));
	json_object_object_add(e, "note", have ? json_object_new_string(note) :
	    NULL);
	snprintf(url, sizeof(url), "/api/clips/%lld/mp4", clip);
	json_object_object_add(e, "url", j->state == AC_JOB_DONE ?
	    json_object_new_string(url) : NULL);
	json_object_object_add(o, "export", e);
}

enum ac_err
ac_job_status_json(struct ac_store *st, int64_t id, char **json,
    struct ac_error *err)
{
	struct json_object	*o;
	struct ac_job		 j;
	struct ac_stream	 s;
	unsigned long long	 msgs = 0, req = 0, ret = 0;
	long long		 eta = -1;
	int			 have;
	const char		*txt;
	enum ac_err		 e;

	*json = NULL;
	if ((e = ac_store_job_get(st, id, &j, err)) != AC_OK)
		return e;
	have = sscanf(j.message, progress_fmt, &msgs, &req, &ret, &eta) >= 3;
	if ((o = json_object_new_object()) == NULL)
		return AC_ERR_NOMEM;
	json_object_object_add(o, "id", json_object_new_int64(j.id));
	json_object_object_add(o, "kind", json_object_new_string(j.kind));
	json_object_object_add(o, "state", json_object_new_string(
	    ac_job_state_name(j.state)));
	json_object_object_add(o, "stream_id", j.stream_id > 0 ?
	    json_object_new_int64(j.stream_id) : NULL);
	if (j.stream_id > 0 && ac_store_stream_get(st, j.stream_id, &s, err) ==
	    AC_OK)
		json_object_object_add(o, "vod_id",
		    json_object_new_string(s.vod_id));
	else
		json_object_object_add(o, "vod_id", NULL);
	json_object_object_add(o, "progress",
	    json_object_new_double(j.state == AC_JOB_DONE ? 1 :
	    j.progress));
	json_object_object_add(o, "messages", json_object_new_int64(
	    (int64_t)msgs));
	json_object_object_add(o, "requests", json_object_new_int64(
	    (int64_t)req));
	json_object_object_add(o, "retries", json_object_new_int64(
	    (int64_t)ret));
	json_object_object_add(o, "eta_s", num_or_null((double)eta,
	    have && eta >= 0 && j.state == AC_JOB_RUNNING));
	json_object_object_add(o, "attempts", json_object_new_int(j.attempts));
	json_object_object_add(o, "message", json_object_new_string(j.message));
	json_object_object_add(o, "error", j.state == AC_JOB_FAILED ?
	    json_object_new_string(j.message) : NULL);
	json_object_object_add(o, "created_at", time_or_null(j.created_at));
	json_object_object_add(o, "updated_at", time_or_null(j.updated_at));
	json_object_object_add(o, "heartbeat_at",
	    time_or_null(j.heartbeat_at));
	if (strcmp(j.kind, ac_export_kind()) == 0)
		export_json(o, &j);
	txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	*json = txt != NULL ? strdup(txt) : NULL;
	json_object_put(o);
	return *json != NULL ? AC_OK : AC_ERR_NOMEM;
}

/* --- running a job --- */

static void
alive_mark(const struct ac_settings *cf)
{
	char	 path[PATH_MAX];
	int	 fd;

	if (snprintf(path, sizeof(path), "%s/" ALIVE_FILE, cf->data_dir) >=
	    (int)sizeof(path))
		return;
	(void)mkdir(cf->data_dir, 0700);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return;
	(void)futimens(fd, NULL);
	close(fd);
}

/* A worker could not start: the next request may try again. */
static void
worker_unmark(const struct ac_settings *cf)
{
	char	 path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/" ALIVE_FILE, cf->data_dir) <
	    (int)sizeof(path))
		(void)unlink(path);
}

static void
alive_clear(const struct ac_settings *cf)
{
	char	 path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/" ALIVE_FILE, cf->data_dir) <
	    (int)sizeof(path))
		(void)unlink(path);
}

int
ac_worker_alive(const struct ac_settings *cf)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/" ALIVE_FILE, cf->data_dir) >=
	    (int)sizeof(path) || stat(path, &sb) == -1)
		return 0;
	return difftime(time(NULL), sb.st_mtime) < AC_JOB_STALE_S;
}

struct runctx {
	const struct ac_settings *cf;
	struct ac_store		*st;
	const struct ac_job	*job;
	const char		*worker;
	ac_kick_progress_fn	 fn;
	void			*arg;
	int			 lost;	/* the job is no longer ours */
};

static int
run_progress(void *arg, const struct ac_kick_progress *p)
{
	struct runctx	*r = arg;
	char		 msg[256];
	enum ac_err	 e;

	snprintf(msg, sizeof(msg), progress_fmt,
	    (unsigned long long)p->messages, (unsigned long long)p->requests,
	    (unsigned long long)p->retries,
	    (long long)(p->eta_s >= 0 ? p->eta_s + 0.5 : -1));
	e = ac_store_job_progress(r->st, r->job->id, r->worker,
	    p->progress > 0.999 ? 0.999 : p->progress, msg, NULL);
	if (e == AC_ERR_NOTFOUND) {
		r->lost = 1;	/* cancelled, or taken by another worker */
		return 1;
	}
	alive_mark(r->cf);
	if (r->fn != NULL && r->fn(r->arg, p) != 0)
		return 1;
	return 0;
}

static void
job_failed(struct ac_store *st, const struct ac_job *j, const char *worker,
    const char *why)
{
	(void)ac_store_job_fail(st, j->id, worker, why, NULL);
	(void)ac_store_stream_set_status(st, j->stream_id, AC_STREAM_FAILED,
	    why, NULL);
}

enum ac_err
ac_job_run(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, const char *worker, ac_kick_progress_fn fn,
    void *arg, struct ac_error *err)
{
	struct ac_kick_link	 l;
	struct ac_stream	 s;
	struct ac_vod		 vod;
	struct ac_kick_progress	 last;
	struct ac_result	 result;
	struct ac_error		 aerr, own;
	struct ac_chat_stats	 stats;
	struct ac_learned	 learned;
	struct runctx		 r;
	int64_t			 sid;
	enum ac_err		 e;

	memset(&result, 0, sizeof(result));
	if (err == NULL)
		err = &own;
	if (strcmp(j->kind, JOB_KIND) != 0) {
		ac_error_set(err, AC_ERR_VALUE, "this worker runs only %s jobs",
		    JOB_KIND);
		(void)ac_store_job_fail(st, j->id, worker, err->text, NULL);
		return AC_ERR_VALUE;
	}
	if ((e = ac_store_stream_get(st, j->stream_id, &s, NULL)) != AC_OK) {
		ac_error_set(err, e, "the job's stream is gone");
		(void)ac_store_job_fail(st, j->id, worker, err->text, NULL);
		return e;
	}
	memset(&l, 0, sizeof(l));
	if (strlen(s.vod_id) >= sizeof(l.uuid)) {
		ac_error_set(err, AC_ERR_VALUE,
		    "the stream's VOD id is not a Kick id");
		(void)ac_store_job_fail(st, j->id, worker, err->text, NULL);
		return AC_ERR_VALUE;
	}
	memcpy(l.uuid, s.vod_id, strlen(s.vod_id) + 1);
	if (strlen(s.channel) < sizeof(l.channel))
		memcpy(l.channel, s.channel, strlen(s.channel) + 1);
	(void)ac_store_stream_set_status(st, s.id, AC_STREAM_RUNNING, "", NULL);
	(void)ac_store_job_progress(st, j->id, worker, 0,
	    "fetching the VOD's metadata", NULL);
	if ((e = ac_kick_vod_fetch(cf, &l, &vod, err)) != AC_OK)
		goto fail;
	ac_stream_set_vod(&s, &vod);
	s.status = AC_STREAM_RUNNING;
	s.error[0] = '\0';
	if ((e = ac_store_stream_upsert(st, &s, &sid, err)) != AC_OK) {
		ac_error_prefix(err, e, "database: ");
		goto fail;
	}
	memset(&r, 0, sizeof(r));
	r.cf = cf;
	r.st = st;
	r.job = j;
	r.worker = worker;
	r.fn = fn;
	r.arg = arg;
	e = ac_kick_chat_download(cf, st, &vod, run_progress, &r, &last,
	    err);
	if (e == AC_ERR_STOPPED) {
		if (r.lost)
			ac_error_set(err, e, "the job was cancelled or "
			    "taken by another worker");
		return e;	/* saved: a retry resumes */
	}
	if (e != AC_OK)
		goto fail;
	(void)ac_store_job_progress(st, j->id, worker, 0.999,
	    "analysing the chat", NULL);
	/* From the archive, writing the feature file for re-analyses. */
	memset(&aerr, 0, sizeof(aerr));
	vod.offset_s = 0;
	ac_learn_load(cf, st, s.channel, &learned);
	if ((e = ac_archive_analyze_learned(cf, st, vod.id, &cf->hype, &vod, 0,
	    &learned, &result, &stats, &aerr, NULL)) != AC_OK) {
		ac_error_set(err, e, "analysing the chat archive: %s",
		    aerr.text[0] != '\0' ? aerr.text : ac_strerror(e));
		goto fail;
	}
	(void)ac_debug_normalized(cf, vod.id, &vod, &stats,
	    result.duplicates, NULL);
	(void)ac_debug_results(cf, &result);
	s.message_count = (int64_t)result.message_count;
	s.chat_downloaded = 1;
	if ((e = ac_store_stream_upsert(st, &s, &sid, err)) != AC_OK ||
	    (e = ac_store_analysis_save(st, s.id, &result, err)) != AC_OK) {
		ac_error_prefix(err, e, "database: ");
		goto fail;
	}
	ac_learn_saved(cf, st, s.id, s.channel);
	(void)ac_store_job_progress(st, j->id, worker, 1, "", NULL);
	{
		char msg[256];

		int n = snprintf(msg, sizeof(msg), progress_fmt,
		    (unsigned long long)result.message_count,
		    (unsigned long long)last.requests,
		    (unsigned long long)last.retries, 0LL);

		/* Kick's cursor mode failed: say what may be missing. */
		if (last.full_windows > 0 && n > 0 && (size_t)n < sizeof(msg))
			snprintf(msg + n, sizeof(msg) - n, "; %llu full 5-second "
			    "windows may miss messages (Kick's cursor paging "
			    "failed)", (unsigned long long)last.full_windows);
		(void)ac_store_job_progress(st, j->id, worker, 1, msg, NULL);
	}
	if ((e = ac_store_job_finish(st, j->id, worker, err)) != AC_OK) {
		ac_error_prefix(err, e, "database: ");
		goto out;
	}
	e = AC_OK;
	goto out;
fail:
	job_failed(st, j, worker, err->text);
out:
	ac_result_free(&result);
	return e;
}

/* --- workers --- */

/* "HOST:PID" of this process. */
static void
worker_name(char *buf, size_t size)
{
	char	 host[48];

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "host");
	host[sizeof(host) - 1] = '\0';
	snprintf(buf, size, "%s:%ld", host, (long)getpid());
}

enum ac_err
ac_job_reclaim_dead(struct ac_store *st, const struct ac_job *j,
    int *requeued, struct ac_error *err)
{
	char		 me[64], *end;
	const char	*colon;
	size_t		 hl;
	long		 pid;
	double		 age;
	int		 n = 0;

	*requeued = 0;
	if (j->state != AC_JOB_RUNNING ||
	    (colon = strrchr(j->worker, ':')) == NULL)
		return AC_OK;
	worker_name(me, sizeof(me));
	hl = (size_t)(colon - j->worker);
	if (strncmp(me, j->worker, hl) != 0 || me[hl] != ':')
		return AC_OK;	/* another host: only its heartbeat tells */
	errno = 0;
	pid = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || pid <= 1 || pid == (long)getpid() ||
	    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return AC_OK;
	age = (double)time(NULL) - j->heartbeat_at;
	if (j->heartbeat_at <= 0 || age < 0)
		age = 0;
	if (ac_store_job_reclaim(st, age > 0.5 ? age - 0.5 : 0, &n, err) !=
	    AC_OK)
		return AC_ERR_DB;
	*requeued = n > 0;
	return AC_OK;
}

int
ac_worker_loop(const struct ac_settings *cf, struct ac_store *st, int once,
    double idle_exit_s, double stale_s, FILE *log)
{
	struct ac_job	 j;
	char		 worker[64];
	struct ac_error	 ebuf;
	time_t		 idle_since = time(NULL);
	int		 n;
	enum ac_err	 e;

	worker_name(worker, sizeof(worker));
	{
		int64_t	 nrm = 0, nb = 0;

		/* What exports of dead processes left behind. */
		(void)ac_export_sweep(cf, st, 0, 0, &nrm, &nb);
	}
	for (;;) {
		alive_mark(cf);
		n = 0;
		if (ac_store_job_reclaim(st, stale_s > 0 ? stale_s :
		    AC_JOB_STALE_S, &n, NULL) == AC_OK &&
		    n > 0 && log != NULL)
			fprintf(log, "worker %s: %d stale job%s queued again\n",
			    worker, n, n == 1 ? "" : "s");
		/* At most EXPORT_CONCURRENCY exports at once, over all workers. */
		e = ac_store_job_claim_capped(st, worker, ac_export_kind(),
		    cf->export_concurrency > 0 ? cf->export_concurrency : 2,
		    &j, &ebuf);
		if (e == AC_ERR_NOTFOUND) {
			if (once)
				return 0;
			if (idle_exit_s > 0 &&
			    difftime(time(NULL), idle_since) >= idle_exit_s) {
				/*
				 * Gone now: a request in the next seconds must
				 * start a worker, not count on this one (a
				 * worker still running marks it again).
				 */
				alive_clear(cf);
				return 0;
			}
			sleep(IDLE_SLEEP_S);
			continue;
		}
		if (e != AC_OK) {
			if (log != NULL)
				fprintf(log, "worker %s: database: %s\n",
				    worker, ebuf.text);
			return -1;
		}
		if (log != NULL) {
			fprintf(log, "worker %s: job %lld (%s, stream %lld, "
			    "attempt %d)\n", worker, (long long)j.id, j.kind,
			    (long long)j.stream_id, j.attempts);
			fflush(log);
		}
		ac_error_clear(&ebuf);
		if (strcmp(j.kind, ac_export_kind()) == 0)
			e = ac_export_run(cf, st, &j, worker, NULL, NULL,
			    &ebuf);
		else
			e = ac_job_run(cf, st, &j, worker, NULL, NULL, &ebuf);
		if (log != NULL) {
			fprintf(log, "worker %s: job %lld %s%s%s\n", worker,
			    (long long)j.id, e == AC_OK ? "done" :
			    e == AC_ERR_STOPPED ? "stopped" : "failed",
			    ebuf.text[0] != '\0' ? ": " : "", ebuf.text);
			fflush(log);
		}
		idle_since = time(NULL);
	}
}

enum ac_err
ac_worker_spawn(const struct ac_settings *cf, struct ac_error *err)
{
	struct stat sb;
	char	*argv[5];
	pid_t	 pid, w;
	int	 status, fd, i, p[2], eno;
	ssize_t	 n;
	sigset_t mask;	/* emptied in the worker */

	if (ac_worker_alive(cf))
		return AC_OK;
	if (access(cf->autoclip_bin, X_OK) == -1)
		return ac_error_set(err, AC_ERR_IO, "%s: %s", cf->autoclip_bin,
		    strerror(errno));
	/* The worker reports a failed exec through this pipe. */
	if (pipe(p) == -1)
		return ac_error_set(err, AC_ERR_IO, "pipe: %s",
		    strerror(errno));
	if (fcntl(p[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(p[1], F_SETFD, FD_CLOEXEC) == -1) {
		close(p[0]);
		close(p[1]);
		return ac_error_set(err, AC_ERR_IO, "pipe: %s",
		    strerror(errno));
	}
	/* Mark first, so that requests arriving meanwhile do not spawn more. */
	alive_mark(cf);
	argv[0] = cf->autoclip_bin;
	argv[1] = (char *)"worker";
	argv[2] = (char *)"--idle-exit";
	argv[3] = (char *)SPAWN_IDLE_S;
	argv[4] = NULL;
	if ((pid = fork()) == -1) {
		ac_error_set(err, AC_ERR_IO, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		worker_unmark(cf);
		return AC_ERR_IO;
	}
	if (pid == 0) {
		/* First child: a new session, then the worker as its child. */
		if (setsid() == -1)
			_exit(1);
		if ((pid = fork()) == -1)
			_exit(1);
		if (pid > 0)
			_exit(0);
		(void)chdir("/");
		umask(077);
		/*
		 * Its messages go where ours go when that is a file (the
		 * server's error log); never to a pipe a CGI server waits on.
		 */
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			(void)dup2(fd, 0);
			(void)dup2(fd, 1);
			if (fstat(2, &sb) == -1 || !S_ISREG(sb.st_mode))
				(void)dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		for (i = 3; i < FD_CLOSE_MAX; i++)
			if (i != p[1])
				(void)close(i);
		/*
		 * The caller may hold signals blocked (a FastCGI program
		 * blocks SIGTERM during a request): the worker starts clean.
		 */
		for (i = 1; i < NSIG; i++)
			if (i != SIGKILL && i != SIGSTOP)
				signal(i, SIG_DFL);
		signal(SIGHUP, SIG_IGN);
		sigemptyset(&mask);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		execv(argv[0], argv);
		eno = errno;
		if (write(p[1], &eno, sizeof(eno)) == -1)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	while ((w = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
		;
	if (w == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		close(p[0]);
		ac_error_set(err, AC_ERR_IO, "starting a worker failed");
		worker_unmark(cf);
		return AC_ERR_IO;
	}
	/* End of file: the worker runs (exec closed the pipe). */
	while ((n = read(p[0], &eno, sizeof(eno))) == -1 && errno == EINTR)
		;
	close(p[0]);
	if (n == (ssize_t)sizeof(eno)) {
		ac_error_set(err, AC_ERR_IO, "%s: %s", cf->autoclip_bin,
		    strerror(eno));
		worker_unmark(cf);
		return AC_ERR_IO;
	}
	return AC_OK;
}

/* --- waiting for one job in the foreground --- */

enum ac_err
ac_job_wait(const struct ac_settings *cf, struct ac_store *st, int64_t id,
    ac_kick_progress_fn fn, void *arg, struct ac_error *err)
{
	struct ac_job		 j;
	struct ac_kick_progress	 p;
	char			 worker[64];
	struct ac_error	 ebuf;
	int			 nrec;
	enum ac_err		 e;

	worker_name(worker, sizeof(worker));
	for (;;) {
		if ((e = ac_store_job_get(st, id, &j, &ebuf)) != AC_OK)
			return ac_error_set(err, e, "job %lld: %s",
			    (long long)id, e == AC_ERR_NOTFOUND ? "gone" :
			    ebuf.text);
		if (j.state == AC_JOB_DONE)
			return AC_OK;
		if (j.state == AC_JOB_FAILED || j.state == AC_JOB_CANCELLED)
			return ac_error_set(err, AC_ERR_STOPPED, "%s",
			    j.message[0] != '\0' ? j.message :
			    ac_job_state_name(j.state));
		if (j.state == AC_JOB_QUEUED) {
			(void)ac_store_job_reclaim(st, AC_JOB_STALE_S, &nrec,
			    NULL);
			if (ac_store_job_claim(st, worker, &j, NULL) == AC_OK) {
				/* Any queued job: ours is among them. */
				(void)ac_job_run(cf, st, &j, worker,
				    j.id == id ? fn : NULL, arg, &ebuf);
				continue;
			}
		} else {
			/* Running elsewhere; a dead process here is taken over now. */
			(void)ac_job_reclaim_dead(st, &j, &nrec, NULL);
			if (nrec)
				continue;
			if (fn != NULL) {
				memset(&p, 0, sizeof(p));
				p.progress = j.progress;
				p.eta_s = -1;
				(void)fn(arg, &p);
			}
			(void)ac_store_job_reclaim(st, AC_JOB_STALE_S, &nrec,
			    NULL);
		}
		sleep(1);
	}
}

enum ac_err
ac_job_ticket_json(struct ac_store *st, const struct ac_job_ticket *t,
    char **json, struct ac_error *err)
{
	struct json_object	*o;
	const char		*s;

	*json = NULL;
	if (!t->analyzed)
		return ac_job_status_json(st, t->job_id, json, err);
	if ((o = json_object_new_object()) == NULL)
		return AC_ERR_NOMEM;
	json_object_object_add(o, "state",
	    json_object_new_string(ac_stream_status_name(AC_STREAM_ANALYZED)));
	json_object_object_add(o, "stream_id",
	    json_object_new_int64(t->stream_id));
	json_object_object_add(o, "vod_id", json_object_new_string(t->vod_id));
	if ((s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE)) != NULL)
		*json = strdup(s);
	json_object_put(o);
	return *json != NULL ? AC_OK : AC_ERR_NOMEM;
}
