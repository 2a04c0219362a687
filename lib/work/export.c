/* SPDX-License-Identifier: ISC */
/*
 * export.c: clips as MP4 cut from the VOD's own HLS.  An export is a job
 * of kind "export" whose params name the clip, its bounds and the
 * options; the worker fetches only the segments the clip needs (the
 * libcurl engine: parallel, rate-capped, retried, Kick's headers) to a
 * private work directory, joins them, and has ffmpeg cut them (local
 * files only).  Results live in DATA_DIR/exports, written under a
 * temporary name and renamed, bounded by EXPORT_MAX_BYTES (the least
 * recently downloaded go first).
 *
 * While an export runs, the job's message is
 * "N/M segments, B bytes, E/D s; NOTE" (read back by the status JSON).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "engine/engine.h"
#include "store/store.h"
#include "kick/kick.h"
#include "proc/proc.h"
#include "work/work.h"

#define EXPORT_KIND		 "export"
#define EXPORTS_DIR		 "exports"
#define EXPORT_ATTEMPTS		 4		/* per segment, first included */
#define EXPORT_TIMEOUT_S	 120		/* one segment */
#define PLAYLIST_ATTEMPTS	 3
#define PLAYLIST_TIMEOUT_S	 20		/* one playlist (also in a web request) */
#define EXPORT_KEYFRAMES_MAX	 4096
#define PROGRESS_EVERY_S	 0.5
#define COPY_CHUNK		 (256 * 1024)
#define PARAMS_FMT		 "clip=%lld;start=%.3f;end=%.3f;q=%s;exact=%d;pad=%.3f"
#define MESSAGE_FMT		 "%zu/%zu segments, %llu bytes, %.1f/%.1f s; %s"

const char *
ac_export_kind(void)
{
	return EXPORT_KIND;
}

int
ac_export_quality_ok(const char *q)
{
	size_t	 i;

	if (q == NULL)
		return 0;
	for (i = 0; q[i] != '\0'; i++)
		if (i >= AC_EXPORT_QUALITY_MAX - 1 ||
		    !((q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' &&
		    q[i] <= 'Z') || (q[i] >= '0' && q[i] <= '9') ||
		    q[i] == '_' || q[i] == '-'))
			return 0;
	return i > 0;
}

/* "clip=ID;start=S;end=E;" : the prefix every export of these bounds shares. */
static int
bounds_prefix(const struct ac_stored_clip *c, char *out, size_t size)
{
	int	 n;

	n = snprintf(out, size, "clip=%lld;start=%.3f;end=%.3f;",
	    (long long)c->id, c->start, c->end);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
ac_export_params(const struct ac_stored_clip *c,
    const struct ac_export_opts *o, char *out, size_t size)
{
	int	 n;

	if (o->quality[0] != '\0' && !ac_export_quality_ok(o->quality))
		return -1;
	if (!isfinite(o->pad_s) || o->pad_s < 0 || o->pad_s > AC_EXPORT_PAD_MAX)
		return -1;
	n = snprintf(out, size, PARAMS_FMT, (long long)c->id, c->start, c->end,
	    o->quality, o->exact ? 1 : 0, o->pad_s);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Parse params back; 0 or -1. */
static int
params_parse(const char *p, int64_t *clip, double *start, double *end,
    struct ac_export_opts *o)
{
	long long	 id;
	char		 q[AC_EXPORT_QUALITY_MAX + 8];
	const char	*qs, *qe;
	int		 exact;
	size_t		 len;

	memset(o, 0, sizeof(*o));
	if (sscanf(p, "clip=%lld;start=%lf;end=%lf;", &id, start, end) != 3 ||
	    (qs = strstr(p, ";q=")) == NULL ||
	    (qe = strstr(qs + 3, ";exact=")) == NULL)
		return -1;
	len = (size_t)(qe - qs - 3);
	if (len >= AC_EXPORT_QUALITY_MAX)
		return -1;
	memcpy(q, qs + 3, len);
	q[len] = '\0';
	if (sscanf(qe, ";exact=%d;pad=%lf", &exact, &o->pad_s) != 2 ||
	    (len > 0 && !ac_export_quality_ok(q)) || id <= 0)
		return -1;
	memcpy(o->quality, q, len + 1);
	o->exact = exact != 0;
	*clip = id;
	return 0;
}

/* DATA_DIR/exports, created (0700) when missing. */
static int
exports_dir(const struct ac_settings *cf, char *out, size_t size)
{
	int	 n;

	n = snprintf(out, size, "%s/" EXPORTS_DIR, cf->data_dir);
	if (n < 0 || (size_t)n >= size)
		return -1;
	if ((mkdir(cf->data_dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(out, 0700) == -1 && errno != EEXIST))
		return -1;
	return 0;
}

/* The final file of an export: exports/clip<ID>-<hash of params>.mp4. */
static int
final_path(const struct ac_settings *cf, int64_t clip, const char *params,
    char *out, size_t size)
{
	char	 dir[PATH_MAX];
	int	 n;

	if (exports_dir(cf, dir, sizeof(dir)) == -1)
		return -1;
	n = snprintf(out, size, "%s/clip%lld-%016llx.mp4", dir, (long long)clip,
	    (unsigned long long)ac__hash64(params, strlen(params), 0xc11b));
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* --- finding and queueing ---------------------------------------------- */

/*
 * Whether the finished export of job j can be sent: on this node's disk,
 * else (CHAT_STORAGE=database) complete in the database; fills f.
 */
static int
file_of(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, int64_t clip, struct ac_export_file *f)
{
	struct stat	 sb;
	int64_t		 bytes;
	int		 cs;

	memset(f, 0, sizeof(*f));
	f->job_id = j->id;
	if (final_path(cf, clip, j->params, f->path, sizeof(f->path)) == -1)
		return 0;
	if (lstat(f->path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		f->size = (int64_t)sb.st_size;
		f->mtime = (double)sb.st_mtime;
	} else if (cf->chat_storage_db && st != NULL &&
	    ac_store_blob_info(st, j->id, &bytes, &cs, NULL) == AC_OK) {
		f->in_db = 1;
		f->chunk_size = cs;
		f->size = bytes;
	} else
		return 0;
	snprintf(f->etag, sizeof(f->etag), "\"j%lld-%lld\"", (long long)j->id,
	    (long long)f->size);
	return 1;
}

enum ac_err
ac_export_submit(const struct ac_settings *cf, struct ac_store *st,
    int64_t clip_id, const struct ac_export_opts *o,
    struct ac_export_ticket *t, struct ac_error *err)
{
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_job		 j;
	char			 params[AC_JOB_PARAMS_MAX];
	enum ac_err		 e;

	memset(t, 0, sizeof(*t));
	if ((e = ac_store_clip_get(st, clip_id, &c, err)) != AC_OK ||
	    (e = ac_store_stream_get(st, c.stream_id, &s, err)) != AC_OK) {
		if (e == AC_ERR_NOTFOUND)
			return ac_error_set(err, e, "no such clip");
		return ac_error_prefix(err, e, "database: ");
	}
	if (s.source[0] == '\0')
		return ac_error_set(err, AC_ERR_SHAPE,
		    "this VOD has no video source (its "
		    "chat came without one): upload the video's TS to POST "
		    "/api/video/convert/ts-to-mp4 instead");
	if (ac_export_params(&c, o, params, sizeof(params)) == -1)
		return ac_error_set(err, AC_ERR_VALUE,
		    "quality must be 1-32 letters, digits, "
		    "'_' or '-', and pad_s from 0 to %d", AC_EXPORT_PAD_MAX);
	t->clip_id = clip_id;
	e = ac_store_job_find(st, EXPORT_KIND, params, 0, &j, err);
	if (e == AC_OK) {
		if (j.state == AC_JOB_DONE &&
		    file_of(cf, st, &j, clip_id, &t->file)) {
			t->job_id = j.id;
			t->done = 1;
			return AC_OK;
		}
		if (j.state == AC_JOB_QUEUED ||
		    j.state == AC_JOB_RUNNING) {
			t->job_id = j.id;
			t->existing = 1;
			return AC_OK;
		}
	} else if (e != AC_ERR_NOTFOUND)
		goto dberr;
	if ((e = ac_store_job_enqueue_params(st, EXPORT_KIND, s.id, params,
	    &t->job_id, err)) != AC_OK) {
		/* Another request queued the same export first. */
		if (ac_store_job_find(st, EXPORT_KIND, params, 0, &j, NULL) ==
		    AC_OK &&
		    (j.state == AC_JOB_QUEUED ||
		    j.state == AC_JOB_RUNNING)) {
			t->job_id = j.id;
			t->existing = 1;
			return AC_OK;
		}
		goto dberr;
	}
	return AC_OK;
dberr:
	return ac_error_prefix(err, e == AC_OK ? AC_ERR_DB : e, "database: ");
}

enum ac_err
ac_export_job_file(const struct ac_settings *cf, struct ac_store *st,
    int64_t job_id, struct ac_export_file *f, struct ac_job *j,
    struct ac_error *err)
{
	long long	 clip;
	enum ac_err	 e;

	memset(f, 0, sizeof(*f));
	if ((e = ac_store_job_get(st, job_id, j, err)) != AC_OK)
		return e;
	if (strcmp(j->kind, EXPORT_KIND) != 0 ||
	    sscanf(j->params, "clip=%lld;", &clip) != 1 ||
	    j->state != AC_JOB_DONE || !file_of(cf, st, j, clip, f))
		return AC_ERR_NOTFOUND;
	return AC_OK;
}

enum ac_err
ac_export_find(const struct ac_settings *cf, struct ac_store *st,
    int64_t clip_id, struct ac_export_file *f, struct ac_job *j,
    struct ac_error *err)
{
	struct ac_stored_clip	 c;
	char			 prefix[AC_JOB_PARAMS_MAX];
	enum ac_err		 e;

	memset(f, 0, sizeof(*f));
	if ((e = ac_store_clip_get(st, clip_id, &c, err)) != AC_OK)
		return e;
	if (bounds_prefix(&c, prefix, sizeof(prefix)) == -1)
		return AC_ERR_VALUE;
	/* Exports of other bounds are stale: only these count. */
	if ((e = ac_store_job_find(st, EXPORT_KIND, prefix, 1, j, err)) !=
	    AC_OK)
		return e;
	if (j->state == AC_JOB_DONE)
		return file_of(cf, st, j, clip_id, f) ? AC_OK : AC_ERR_NOTFOUND;
	return AC_OK;	/* queued, running, failed or cancelled: j says */
}

void
ac_export_touch(struct ac_store *st, const struct ac_export_file *f)
{
	struct timespec	 ts[2];

	if (f->in_db && st != NULL)
		(void)ac_store_blob_touch(st, f->job_id, NULL);
	if (f->in_db)
		return;

	/* Last download = access time; the modification time stays. */
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[1].tv_sec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	(void)utimensat(AT_FDCWD, f->path, ts, 0);
}

/* --- the disk budget --------------------------------------------------- */

/* Whether a name is a finished export of ours: clip<digits>-<16 hex>.mp4. */
static int
is_export_name(const char *n)
{
	size_t	 len = strlen(n), d;

	if (strncmp(n, "clip", 4) != 0 || len < 4 + 1 + 1 + 16 + 4)
		return 0;
	d = strspn(n + 4, "0123456789");
	if (d == 0 || n[4 + d] != '-' ||
	    strspn(n + 5 + d, "0123456789abcdef") != 16)
		return 0;
	return strcmp(n + 5 + d + 16, ".mp4") == 0;
}

int64_t
ac_export_evict(const struct ac_settings *cf, const char *keep,
    int64_t *total_out)
{
	char		 dir[PATH_MAX], path[PATH_MAX], oldest[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	int64_t		 total, freed = 0, osize;
	double		 oat, at;

	if (exports_dir(cf, dir, sizeof(dir)) == -1)
		return -1;
	for (;;) {
		if ((d = opendir(dir)) == NULL)
			return -1;
		total = 0;
		oldest[0] = '\0';
		oat = 0;
		osize = 0;
		while ((de = readdir(d)) != NULL) {
			if (!is_export_name(de->d_name) ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
			    de->d_name) >= (int)sizeof(path) ||
			    lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
				continue;
			total += (int64_t)sb.st_size;
			if (keep != NULL && strcmp(path, keep) == 0)
				continue;
			at = (double)sb.st_atim.tv_sec +
			    (double)sb.st_atim.tv_nsec / 1e9;
			if (oldest[0] == '\0' || at < oat) {
				snprintf(oldest, sizeof(oldest), "%s", path);
				oat = at;
				osize = (int64_t)sb.st_size;
			}
		}
		closedir(d);
		if (total <= cf->export_max_bytes || oldest[0] == '\0')
			break;
		if (unlink(oldest) == 0)
			freed += osize;
		else
			break;
	}
	if (total_out != NULL)
		*total_out = total;
	return freed;
}

/* Whether a "work-J-PID" or ".part-J-PID.mp4" name belongs to a live process. */
static int
owner_alive(const char *n)
{
	const char	*dash;
	long		 pid;

	if ((dash = strrchr(n, '-')) == NULL)
		return 0;
	pid = strtol(dash + 1, NULL, 10);
	if (pid <= 1)
		return 0;
	return pid == (long)getpid() || kill((pid_t)pid, 0) == 0 ||
	    errno != ESRCH;
}

/* Remove a directory of plain files (our work directory). */
static void
rm_work(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    de->d_name) < (int)sizeof(path))
				(void)unlink(path);
		}
		closedir(d);
	}
	(void)rmdir(dir);
}

/* Whether "work-J-PID" belongs to a job still queued or running (to resume). */
static int
work_job_active(struct ac_store *st, const char *name)
{
	struct ac_job	 j;
	long long	 id;

	if (st == NULL || sscanf(name, "work-%lld-", &id) != 1 || id <= 0 ||
	    ac_store_job_get(st, (int64_t)id, &j, NULL) != AC_OK)
		return 0;
	return j.state == AC_JOB_QUEUED || j.state == AC_JOB_RUNNING;
}

int
ac_export_sweep(const struct ac_settings *cf, struct ac_store *st,
    double min_age_s, int all, int64_t *removed, int64_t *bytes)
{
	char		 dir[PATH_MAX], path[PATH_MAX], pidname[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	time_t		 now = time(NULL);
	size_t		 len;

	/* Nothing exported yet: nothing to sweep (and nothing made). */
	if (snprintf(dir, sizeof(dir), "%s/" EXPORTS_DIR, cf->data_dir) >=
	    (int)sizeof(dir))
		return -1;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path) || lstat(path, &sb) == -1)
			continue;
		if (strncmp(de->d_name, "work-", 5) == 0 && S_ISDIR(sb.st_mode)) {
			/* A dead worker's job taken again resumes from it. */
			if (owner_alive(de->d_name) ||
			    work_job_active(st, de->d_name))
				continue;
			rm_work(path);
			(*removed)++;
		} else if (strncmp(de->d_name, ".part-", 6) == 0 &&
		    S_ISREG(sb.st_mode)) {
			len = strlen(de->d_name);
			if (len < 10)
				continue;
			snprintf(pidname, sizeof(pidname), "%.*s",
			    (int)(len - 4), de->d_name);
			if (owner_alive(pidname))
				continue;
			if (unlink(path) == 0) {
				(*removed)++;
				*bytes += (int64_t)sb.st_size;
			}
		} else if (all && is_export_name(de->d_name) &&
		    S_ISREG(sb.st_mode) &&
		    difftime(now, sb.st_atime) >= min_age_s) {
			if (unlink(path) == 0) {
				(*removed)++;
				*bytes += (int64_t)sb.st_size;
			}
		}
	}
	closedir(d);
	return 0;
}

/* --- running an export ------------------------------------------------- */

struct seg {
	const struct ac_hls_segment *s;
	size_t		 no;		/* index in the playlist */
	char		 path[PATH_MAX];	/* complete segment */
	char		 part[PATH_MAX];	/* being fetched */
	int		 fd;
	uint64_t	 bytes;
	int		 done;
};

struct run {
	const struct ac_settings *cf;
	struct ac_store		*st;
	const struct ac_job	*job;
	const char		*worker;
	ac_export_progress_fn	 fn;
	void			*arg;
	struct seg		*segs;
	size_t			 nsegs;
	size_t			 next;		/* next to request */
	size_t			 ndone;
	size_t			 resumed;	/* segments a killed run had saved */
	uint64_t		 bytes;		/* fetched by this run */
	double			 out_s;		/* ffmpeg's progress */
	double			 dur_s;		/* of the clip */
	double			 last_report;
	int			 stopped;	/* cancelled or lost */
	int			 disk_errno;
	char			 err[512];
	char			 note[160];
};

/* Save progress (at most every PROGRESS_EVERY_S unless force); -1 when the job is gone. */
static int
report(struct run *r, int force)
{
	struct ac_export_progress p;
	char		 msg[320];
	double		 frac, now = ac__now();

	if (!force && now - r->last_report < PROGRESS_EVERY_S)
		return 0;
	r->last_report = now;
	snprintf(msg, sizeof(msg), MESSAGE_FMT, r->ndone, r->nsegs,
	    (unsigned long long)r->bytes, r->out_s, r->dur_s, r->note);
	frac = r->nsegs > 0 ? 0.8 * (double)r->ndone / (double)r->nsegs : 0;
	if (r->dur_s > 0)
		frac += 0.19 * fmin(1, r->out_s / r->dur_s);
	if (ac_store_job_progress(r->st, r->job->id, r->worker, frac, msg,
	    NULL) ==
	    AC_ERR_NOTFOUND) {
		r->stopped = 1;
		return -1;
	}
	if (r->fn != NULL) {
		memset(&p, 0, sizeof(p));
		p.segments = r->ndone;
		p.segments_total = r->nsegs;
		p.bytes = r->bytes;
		p.encoded_s = r->out_s;
		p.duration_s = r->dur_s;
		p.progress = frac;
		if (r->fn(r->arg, &p) != 0) {
			r->stopped = 1;
			return -1;
		}
	}
	return 0;
}

static int
seg_next(void *arg, char *url, size_t size, void **tag)
{
	struct run	*r = arg;
	struct seg	*s;

	/* Segments a killed run saved already are not fetched again. */
	while (r->next < r->nsegs && r->segs[r->next].done)
		r->next++;
	if (r->next >= r->nsegs)
		return 0;
	s = &r->segs[r->next++];
	if (snprintf(url, size, "%s", s->s->uri) >= (int)size)
		return -1;
	*tag = s;
	return 1;
}

static void
seg_range(void *arg, void *tag, char *buf, size_t size)
{
	struct seg	*s = tag;

	(void)arg;
	if (s->s->byte_off >= 0)
		snprintf(buf, size, "%lld-%lld", (long long)s->s->byte_off,
		    (long long)(s->s->byte_off + s->s->byte_len - 1));
}

static int
seg_sink(void *arg, void *tag, uint64_t off, const char *p, size_t n)
{
	struct run	*r = arg;
	struct seg	*s = tag;
	ssize_t		 w;
	size_t		 done = 0;

	if (off == 0) {
		/* A new attempt: start the file over. */
		r->bytes -= s->bytes;
		s->bytes = 0;
		if (s->fd == -1 && (s->fd = open(s->part, O_WRONLY | O_CREAT |
		    O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
			r->disk_errno = errno;
			return -1;
		}
		if (ftruncate(s->fd, 0) == -1 || lseek(s->fd, 0, SEEK_SET) ==
		    -1) {
			r->disk_errno = errno;
			return -1;
		}
	}
	while (done < n) {
		if ((w = write(s->fd, p + done, n - done)) == -1) {
			if (errno == EINTR)
				continue;
			r->disk_errno = errno;
			return -1;
		}
		done += (size_t)w;
	}
	s->bytes += n;
	r->bytes += n;
	return 0;
}

static int
seg_done(void *arg, void *tag, const struct ac__http_res *res)
{
	struct run	*r = arg;
	struct seg	*s = tag;

	if (s->fd != -1) {
		if (close(s->fd) == -1 && r->disk_errno == 0)
			r->disk_errno = errno;
		s->fd = -1;
	}
	if (r->disk_errno != 0) {
		snprintf(r->err, sizeof(r->err), "saving segment %zu failed: "
		    "%s%s", s->no, strerror(r->disk_errno),
		    r->disk_errno == ENOSPC || r->disk_errno == EDQUOT ||
		    r->disk_errno == EFBIG ? " (the disk, or the file size "
		    "allowed, is full: free space under DATA_DIR or lower "
		    "EXPORT_MAX_BYTES, then export again)" : "");
		return 1;
	}
	if (res->curl_failed) {
		snprintf(r->err, sizeof(r->err), "segment %zu could not be "
		    "fetched after %d attempts (%s): the CDN may be down or "
		    "cut the transfer short; export again later", s->no,
		    res->attempts, res->error);
		return 1;
	}
	if (res->status == 403 || res->status == 401) {
		snprintf(r->err, sizeof(r->err), "the CDN refused segment %zu "
		    "(HTTP %ld): the VOD may be subscriber-only, or need other "
		    "headers (KICK_USER_AGENT, KICK_REFERER); try again later",
		    s->no, res->status);
		return 1;
	}
	if (res->status == 404 || res->status == 410) {
		snprintf(r->err, sizeof(r->err), "segment %zu is missing on the "
		    "CDN (HTTP %ld): the VOD may have been deleted or "
		    "trimmed; choose a clip inside what remains", s->no,
		    res->status);
		return 1;
	}
	if (res->status != 200 && res->status != 206) {
		snprintf(r->err, sizeof(r->err), "segment %zu: the CDN answered "
		    "HTTP %ld after %d attempts; export again later", s->no,
		    res->status, res->attempts);
		return 1;
	}
	if (s->bytes == 0 || (s->s->byte_len > 0 &&
	    s->bytes != (uint64_t)s->s->byte_len)) {
		snprintf(r->err, sizeof(r->err), "segment %zu arrived truncated "
		    "(%llu bytes); export again later", s->no,
		    (unsigned long long)s->bytes);
		return 1;
	}
	if (rename(s->part, s->path) == -1) {
		snprintf(r->err, sizeof(r->err), "saving segment %zu failed: %s",
		    s->no, strerror(errno));
		return 1;
	}
	s->done = 1;
	r->ndone++;
	return report(r, 0) == -1 ? 1 : 0;
}

static int
seg_tick(void *arg)
{
	struct run	*r = arg;

	return report(r, 0) == -1 ? 1 : 0;
}

/* Whether KICK_MEDIA_HOSTS names a private host (then private peers are allowed). */
static int
hosts_name_private(const char *hosts)
{
	char		 item[300], *colon;
	const char	*p, *e;
	size_t		 len;

	if (hosts == NULL)
		return 0;
	for (p = hosts; *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ')
			p++;
		e = p + strcspn(p, ", ");
		len = (size_t)(e - p);
		if (len == 0 || len >= sizeof(item))
			continue;
		memcpy(item, p, len);
		item[len] = '\0';
		if (item[0] == '[') {
			memmove(item, item + 1, len);
			if ((colon = strchr(item, ']')) != NULL)
				*colon = '\0';
		} else if ((colon = strchr(item, ':')) != NULL &&
		    strchr(colon + 1, ':') == NULL)
			*colon = '\0';
		if (ac_hls_host_private(item))
			return 1;
	}
	return 0;
}

/*
 * The engine for segments (r set: bodies to r's files, Range), or for
 * playlists (r NULL: in memory, at most AC_HLS_PLAYLIST_MAX bytes, short
 * timeouts: a web request may wait on it).
 */
static struct ac__http *
media_http(const struct ac_settings *cf, struct run *r)
{
	struct ac__http_conf	 c;

	memset(&c, 0, sizeof(c));
	c.user_agent = cf->kick_user_agent;
	c.referer = cf->kick_referer;
	c.accept = "*/*";
	c.concurrency = cf->kick_concurrency > 0 ? cf->kick_concurrency : 8;
	c.rate = cf->kick_rate_limit;
	c.max_attempts = EXPORT_ATTEMPTS;
	c.timeout_s = EXPORT_TIMEOUT_S;
	c.connect_timeout_s = 15;
	c.max_body = (size_t)AC_HLS_SEGMENT_BYTES_MAX;
	c.no_redirects = 1;
	c.deny_private = !hosts_name_private(cf->kick_media_hosts);
	if (r != NULL) {
		c.sink = seg_sink;
		c.range = seg_range;
		c.media_arg = r;
	} else {
		c.max_attempts = PLAYLIST_ATTEMPTS;
		c.timeout_s = PLAYLIST_TIMEOUT_S;
		c.max_body = AC_HLS_PLAYLIST_MAX;
	}
	return ac__http_new(&c);
}

/* GET a playlist into body; AC_OK, else err says what happened. */
static enum ac_err
playlist_get(struct ac__http *h, const char *what, const char *url,
    struct ac__buf *body, struct ac_error *err)
{
	struct ac__http_res	 res;

	if (ac__http_get(h, url, &res, body) == -1)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if (res.curl_failed)
		return ac_error_set(err, AC_ERR_IO,
		    "the %s could not be fetched (%s): "
		    "the CDN may be down; export again later", what, res.error);
	if (res.status == 403 || res.status == 401)
		return ac_error_set(err, AC_ERR_IO,
		    "the CDN refused the %s (HTTP %ld): "
		    "the VOD may be subscriber-only, or need other headers "
		    "(KICK_USER_AGENT, KICK_REFERER)", what, res.status);
	if (res.status == 404 || res.status == 410)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "the %s is gone (HTTP %ld): the VOD "
		    "was probably deleted", what, res.status);
	if (res.status != 200)
		return ac_error_set(err, AC_ERR_IO,
		    "the %s: HTTP %ld; export again later",
		    what, res.status);
	return AC_OK;
}

enum ac_err
ac_export_qualities(const struct ac_settings *cf, const char *source,
    struct ac_hls_master *m, struct ac_error *err)
{
	struct ac__http	*h;
	struct ac__buf	 body;
	struct ac_error	 why;
	enum ac_err	 e;

	memset(m, 0, sizeof(*m));
	memset(&body, 0, sizeof(body));
	if ((e = ac_hls_url_allowed(source, NULL, cf->kick_media_hosts,
	    &why)) != AC_OK)
		return ac_error_set(err, e, "the VOD's source: %s", why.text);
	if ((h = media_http(cf, NULL)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if ((e = playlist_get(h, "master playlist", source, &body, err)) ==
	    AC_OK) {
		e = ac_hls_master_parse(body.b != NULL ? body.b : "", body.len,
		    source, m, &why);
		if (e != AC_OK)
			ac_error_set(err, e,
			    "the VOD's master playlist is "
			    "not usable: %s (the CDN sent something else than "
			    "a playlist; try again later)", why.text);
	}
	ac__buf_free(&body);
	ac__http_free(h);
	return e;
}

/* Concatenate the segments (MPEG-TS joins byte by byte) into out, removing them. */
static int
join(struct run *r, const char *out)
{
	char	*buf;
	ssize_t	 n, w;
	size_t	 i, off;
	int	 in, fd;

	if ((buf = malloc(COPY_CHUNK)) == NULL)
		return -1;
	if ((fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		r->disk_errno = errno;
		free(buf);
		return -1;
	}
	for (i = 0; i < r->nsegs; i++) {
		if ((in = open(r->segs[i].path, O_RDONLY | O_CLOEXEC |
		    O_NOFOLLOW)) == -1)
			goto fail;
		while ((n = read(in, buf, COPY_CHUNK)) > 0)
			for (off = 0; off < (size_t)n; off += (size_t)w)
				if ((w = write(fd, buf + off, (size_t)n - off)) ==
				    -1) {
					if (errno == EINTR) {
						w = 0;
						continue;
					}
					close(in);
					goto fail;
				}
		close(in);
		if (n < 0)
			goto fail;
		(void)unlink(r->segs[i].path);
	}
	free(buf);
	if (close(fd) == -1) {
		r->disk_errno = errno;
		return -1;
	}
	return 0;
fail:
	r->disk_errno = errno;
	free(buf);
	close(fd);
	return -1;
}

static int
ff_tick(void *arg, double out_s)
{
	struct run	*r = arg;

	r->out_s = out_s;
	return report(r, 0) == -1 ? 1 : 0;
}

/*
 * A work directory of this job left by a process that is gone becomes
 * ours (to), so that the segments it saved are not fetched again.
 */
static void
adopt_work(const char *dir, int64_t job, const char *to)
{
	DIR		*d;
	struct dirent	*de;
	char		 prefix[64], path[PATH_MAX];
	size_t		 pl;

	snprintf(prefix, sizeof(prefix), "work-%lld-", (long long)job);
	pl = strlen(prefix);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, pl) != 0 ||
		    strspn(de->d_name + pl, "0123456789") !=
		    strlen(de->d_name + pl) || owner_alive(de->d_name))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) <
		    (int)sizeof(path) && rename(path, to) == 0)
			break;
	}
	closedir(d);
}

static int	 db_keep(const struct ac_settings *, struct ac_store *,
		    const struct ac_job *, const char *, int64_t,
		    struct ac_error *);

enum ac_err
ac_export_run(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, const char *worker, ac_export_progress_fn fn,
    void *arg, struct ac_error *err)
{
	struct ac_export_opts	 o;
	struct ac_stored_clip	 c;
	struct ac_stream	 s;
	struct ac_ffmpeg	 ff;
	struct ac_hls_master	 m;
	struct ac_hls_media	 md;
	struct ac_hls_window	 w;
	struct ac_ffmpeg_argv	 a;
	struct ac__http		*h = NULL;
	struct ac__buf		 body;
	struct run		 r;
	struct stat		 sb;
	double			*kf = NULL, start, end, cut, len, snap = 0;
	char			 dir[PATH_MAX], work[PATH_MAX], joined[PATH_MAX];
	char			 part[PATH_MAX], final[PATH_MAX];
	struct ac_error		 why, own;
	int64_t			 clip_id, swept = 0, swept_bytes = 0;
	size_t			 i, nkf = 0, vi;
	int			 n, rc;
	enum ac_err		 e = AC_ERR_VALUE;

	memset(&m, 0, sizeof(m));
	memset(&md, 0, sizeof(md));
	memset(&body, 0, sizeof(body));
	memset(&r, 0, sizeof(r));
	r.cf = cf;
	r.st = st;
	r.job = j;
	r.worker = worker;
	r.fn = fn;
	r.arg = arg;
	work[0] = part[0] = joined[0] = '\0';
	if (err == NULL)
		err = &own;
	ac_error_clear(err);

#define FAIL(code, ...) do {						\
	e = ac_error_set(err, (code), __VA_ARGS__);			\
	goto fail;							\
} while (0)

	if (params_parse(j->params, &clip_id, &start, &end, &o) == -1)
		FAIL(AC_ERR_VALUE, "the export's parameters are not valid");
	if (ac_store_clip_get(st, clip_id, &c, NULL) != AC_OK)
		FAIL(AC_ERR_NOTFOUND, "the clip was deleted");
	if (ac_store_stream_get(st, c.stream_id, &s, NULL) != AC_OK)
		FAIL(AC_ERR_NOTFOUND, "the clip's stream was deleted");
	if (s.source[0] == '\0')
		FAIL(AC_ERR_SHAPE, "this VOD has no video source: upload its TS "
		    "to POST /api/video/convert/ts-to-mp4 instead");
	if (ac_ffmpeg_probe(&ff, NULL, &why) != AC_OK)
		FAIL(AC_ERR_NOTFOUND, "ffmpeg is not installed on the worker's "
		    "machine (%s)", why.text);
	if (o.exact && (!ff.h264 || !ff.aac))
		FAIL(AC_ERR_NOTFOUND, "this ffmpeg has no H.264/AAC encoders "
		    "for an exact cut; export without exact");
	if (!o.exact && ff.ffprobe[0] == '\0')
		FAIL(AC_ERR_NOTFOUND, "ffprobe is not installed beside ffmpeg");
	(void)ac_export_sweep(cf, st, 0, 0, &swept, &swept_bytes);
	snprintf(r.note, sizeof(r.note), "reading the playlists");
	report(&r, 1);

	/* The playlists. */
	if ((e = ac_export_qualities(cf, s.source, &m, err)) !=
	    AC_OK)
		goto fail;
	if ((e = ac_hls_pick(&m, o.quality, cf->export_max_height, &vi, err)) !=
	    AC_OK)
		goto fail;
	if ((e = ac_hls_url_allowed(m.v[vi].uri, s.source,
	    cf->kick_media_hosts, err)) != AC_OK)
		goto fail;
	if ((h = media_http(cf, NULL)) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	e = playlist_get(h, "media playlist", m.v[vi].uri, &body, err);
	ac__http_free(h);
	h = NULL;
	if (e != AC_OK)
		goto fail;
	if ((e = ac_hls_media_parse(body.b != NULL ? body.b : "", body.len,
	    m.v[vi].uri, &md, &why)) != AC_OK)
		FAIL(e, "the VOD's media playlist is not usable: %s (try again "
		    "later, or another quality)", why.text);
	ac__buf_free(&body);
	/* The bounds the export was asked for (params), even if moved since. */
	if ((e = ac_hls_select(&md, start, end, o.pad_s,
	    ac_hls_media_offset(&md, s.has_start, s.vod_start), &w, err)) !=
	    AC_OK)
		goto fail;
	for (i = w.first; i <= w.last; i++)
		if ((e = ac_hls_url_allowed(md.s[i].uri, s.source,
		    cf->kick_media_hosts, err)) != AC_OK)
			goto fail;

	/* The segments, to a private work directory. */
	if (exports_dir(cf, dir, sizeof(dir)) == -1)
		FAIL(AC_ERR_IO, "cannot make DATA_DIR/" EXPORTS_DIR ": %s",
		    strerror(errno));
	n = snprintf(work, sizeof(work), "%s/work-%lld-%ld", dir,
	    (long long)j->id, (long)getpid());
	if (n > 0 && (size_t)n < sizeof(work))
		adopt_work(dir, j->id, work);
	if (n < 0 || (size_t)n >= sizeof(work) || (mkdir(work, 0700) == -1 &&
	    errno != EEXIST)) {
		work[0] = '\0';
		FAIL(AC_ERR_IO, "cannot make a work directory under DATA_DIR: "
		    "%s", strerror(errno));
	}
	r.nsegs = w.last - w.first + 1;
	if ((r.segs = calloc(r.nsegs, sizeof(*r.segs))) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	for (i = 0; i < r.nsegs; i++) {
		r.segs[i].s = &md.s[w.first + i];
		r.segs[i].no = w.first + i;
		r.segs[i].fd = -1;
		snprintf(r.segs[i].path, sizeof(r.segs[i].path), "%s/%06zu.ts",
		    work, i);
		snprintf(r.segs[i].part, sizeof(r.segs[i].part),
		    "%s/%06zu.ts.part", work, i);
		(void)unlink(r.segs[i].part);
		/* Saved whole by a run that was killed (the same playlist entry). */
		if (stat(r.segs[i].path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_size > 0 && (r.segs[i].s->byte_len < 0 ||
		    sb.st_size == r.segs[i].s->byte_len)) {
			r.segs[i].done = 1;
			r.segs[i].bytes = (uint64_t)sb.st_size;
			r.ndone++;
			r.resumed++;
		}
	}
	r.dur_s = w.cut_len;
	if ((h = media_http(cf, &r)) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	snprintf(r.note, sizeof(r.note), "%.32s, fetching", m.v[vi].name);
	report(&r, 1);
	rc = ac__http_run(h, seg_next, seg_done, seg_tick, &r);
	for (i = 0; i < r.nsegs; i++)
		if (r.segs[i].fd != -1) {
			close(r.segs[i].fd);
			r.segs[i].fd = -1;
		}
	if (r.stopped) {
		e = ac_error_set(err, AC_ERR_STOPPED, "the job was cancelled");
		goto out;
	}
	if (r.err[0] != '\0')
		FAIL(AC_ERR_IO, "%s", r.err);
	if (rc != 0 || r.ndone != r.nsegs)
		FAIL(AC_ERR_IO, "fetching the segments failed");

	/* Join, then cut with ffmpeg (local files only). */
	snprintf(joined, sizeof(joined), "%s/joined.ts", work);
	if (join(&r, joined) == -1)
		FAIL(AC_ERR_IO, "joining the segments failed: %s%s",
		    strerror(r.disk_errno), r.disk_errno == ENOSPC ||
		    r.disk_errno == EDQUOT || r.disk_errno == EFBIG ?
		    " (the disk, or the file size allowed, is full: free space "
		    "under DATA_DIR, then export again)" : "");
	cut = w.cut_start;
	len = w.cut_len;
	if (!o.exact) {
		/* Stream copy starts at a keyframe: the last one not after the cut. */
		if ((kf = calloc(EXPORT_KEYFRAMES_MAX, sizeof(*kf))) == NULL)
			FAIL(AC_ERR_NOMEM, "out of memory");
		if ((e = ac_ffmpeg_keyframes(&ff, joined, kf,
		    EXPORT_KEYFRAMES_MAX, &nkf, &why)) != AC_OK) {
			/* ffprobe's own words (with our paths) go to the log. */
			fprintf(stderr, "export job %lld: %s\n",
			    (long long)j->id, why.text);
			FAIL(e, "the segments are not readable video (ffprobe "
			    "failed): the CDN may have sent something else; "
			    "export again later");
		}
		if (nkf == 0)
			FAIL(AC_ERR_SHAPE, "the segments hold no video keyframe");
		{
			double	 k0 = 0;

			for (i = 0; i < nkf; i++)
				if (kf[i] <= cut + 0.001)
					k0 = kf[i] > 0 ? kf[i] : 0;
			/* Down to the millisecond, so the keyframe is kept. */
			k0 = floor(k0 * 1000) / 1000;
			snap = cut - k0;	/* seconds earlier than asked */
			len += snap;
			cut = k0;
		}
	}
	n = snprintf(part, sizeof(part), "%s/.part-%lld-%ld.mp4", dir,
	    (long long)j->id, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(part) ||
	    final_path(cf, clip_id, j->params, final, sizeof(final)) == -1)
		FAIL(AC_ERR_IO, "DATA_DIR is too long");
	if (ac_ffmpeg_clip_argv(&ff, joined, cut, len, part, o.exact, &a) == -1)
		FAIL(AC_ERR_VALUE, "the cut (%.3f s for %.3f s) is not usable",
		    cut, len);
	r.dur_s = len;
	snprintf(r.note, sizeof(r.note), "%.32s, %s", m.v[vi].name,
	    o.exact ? "re-encoding" : "stream copy");
	report(&r, 1);
	if ((e = ac_ffmpeg_run(&a, ff_tick, &r, &why)) != AC_OK) {
		if (e == AC_ERR_STOPPED || r.stopped) {
			e = ac_error_set(err, AC_ERR_STOPPED,
			    "the job was cancelled");
			goto out;
		}
		fprintf(stderr, "export job %lld: %s\n", (long long)j->id,
		    why.text);
		FAIL(AC_ERR_IO, "ffmpeg could not cut the segments: they may be "
		    "damaged, or the disk full; export again later%s",
		    o.exact ? "" : ", or with exact");
	}
	if (stat(part, &sb) == -1 || sb.st_size == 0)
		FAIL(AC_ERR_IO, "ffmpeg made no file");
	if ((int64_t)sb.st_size > cf->export_max_bytes)
		FAIL(AC_ERR_LIMIT, "the MP4 (%lld bytes) is larger than "
		    "EXPORT_MAX_BYTES: raise it, or export a lower quality",
		    (long long)sb.st_size);
	{
		int	 fd;

		if ((fd = open(part, O_RDONLY | O_CLOEXEC)) != -1) {
			(void)fsync(fd);
			close(fd);
		}
	}
	if (rename(part, final) == -1)
		FAIL(AC_ERR_IO, "cannot keep the MP4 in DATA_DIR/" EXPORTS_DIR
		    ": %s", strerror(errno));
	part[0] = '\0';
	if (cf->chat_storage_db && db_keep(cf, st, j, final, (int64_t)sb.st_size,
	    &why) == -1) {
		(void)unlink(final);
		FAIL(AC_ERR_DB, "%s; export again when the database is back",
		    why.text);
	}
	(void)ac_export_evict(cf, final, NULL);
	r.out_s = len;
	if (o.exact)
		snprintf(r.note, sizeof(r.note), "%.32s, re-encoded: frame-exact "
		    "cut%s", m.v[vi].name, w.discontinuities > 0 ?
		    ", crosses a discontinuity" : "");
	else if (snap < 0.0005)
		snprintf(r.note, sizeof(r.note), "%.32s, stream copy: the cut "
		    "is on a keyframe", m.v[vi].name);
	else
		snprintf(r.note, sizeof(r.note), "%.32s, stream copy: starts "
		    "%.2f s early at a keyframe (exact=true cuts to the "
		    "frame)", m.v[vi].name, snap);
	if (r.resumed > 0) {
		size_t	 nl = strlen(r.note);

		snprintf(r.note + nl, sizeof(r.note) - nl, "; %zu segments kept "
		    "from an interrupted run", r.resumed);
	}
	r.ndone = r.nsegs;
	report(&r, 1);
	if ((e = ac_store_job_finish(st, j->id, worker, err)) != AC_OK) {
		ac_error_prefix(err, e, "database: ");
		goto out;
	}
	e = AC_OK;
	goto out;
fail:
	/* One line for the job's message (ffmpeg's stderr has several). */
	for (i = 0; err->text[i] != '\0'; i++)
		if ((unsigned char)err->text[i] < 0x20)
			err->text[i] = ' ';
	if (!r.stopped)
		(void)ac_store_job_fail(st, j->id, worker, err->text, NULL);
out:
	if (part[0] != '\0')
		(void)unlink(part);
	if (work[0] != '\0')
		rm_work(work);
	free(kf);
	free(r.segs);
	ac__buf_free(&body);
	ac__http_free(h);
	ac_hls_media_free(&md);
	ac_hls_master_free(&m);
	return e;
#undef FAIL
}

int
ac_export_message_parse(const char *msg, struct ac_export_progress *p,
    char *note, size_t size)
{
	unsigned long long	 b;
	const char		*semi;

	memset(p, 0, sizeof(*p));
	if (sscanf(msg, "%zu/%zu segments, %llu bytes, %lf/%lf s;",
	    &p->segments, &p->segments_total, &b, &p->encoded_s,
	    &p->duration_s) != 5)
		return -1;
	p->bytes = (uint64_t)b;
	if (note != NULL && size > 0)
		snprintf(note, size, "%s", (semi = strstr(msg, "; ")) != NULL ?
		    semi + 2 : "");
	return 0;
}

char *
ac_export_filename(const struct ac_stream *s, const struct ac_stored_clip *c,
    char *out, size_t size)
{
	char	 raw[256], safe[160], t[32];
	char	*w, *r;
	int	 sec;

	if (size == 0)
		return out;
	sec = c->start > 0 && c->start < 1e7 ? (int)c->start : 0;
	snprintf(t, sizeof(t), "%dh%02dm%02ds", sec / 3600, sec / 60 % 60,
	    sec % 60);
	snprintf(raw, sizeof(raw), "%.60s_%.80s_%s", s->channel[0] != '\0' ?
	    s->channel : "clip", s->title, t);
	ac_valid_filename(raw, safe, sizeof(safe) - 4);
	/* Runs of '_' (spaces, accents, emoji) become one. */
	for (r = w = safe; *r != '\0'; r++)
		if (*r != '_' || w == safe || w[-1] != '_')
			*w++ = *r;
	*w = '\0';
	snprintf(out, size, "%s.mp4", safe);
	return out;
}

int
ac_export_open(const struct ac_export_file *f, struct ac_store *st,
    struct ac_export_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->cur = -1;
	if (!f->in_db) {
		if ((r->fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) ==
		    -1)
			return -1;
		return 0;
	}
	if (f->chunk_size <= 0 || f->chunk_size > AC_STORE_BLOB_CHUNK ||
	    (r->chunk = malloc((size_t)f->chunk_size)) == NULL)
		return -1;
	r->st = st;
	r->job_id = f->job_id;
	r->chunk_size = f->chunk_size;
	r->size = f->size;
	return 0;
}

ssize_t
ac_export_pread(void *arg, void *buf, size_t n, int64_t off)
{
	struct ac_export_reader	*r = arg;
	ssize_t			 got;
	size_t			 in, k;
	int			 c;

	if (r->fd != -1) {
		while ((got = pread(r->fd, buf, n, (off_t)off)) == -1 &&
		    errno == EINTR)
			continue;
		return got;
	}
	if (off < 0 || off >= r->size)
		return 0;
	c = (int)(off / r->chunk_size);
	if (c != r->cur) {
		if (ac_store_blob_chunk(r->st, r->job_id, c, r->chunk,
		    (size_t)r->chunk_size, &r->curlen, NULL) != AC_OK)
			return -1;
		r->cur = c;
	}
	in = (size_t)(off - (int64_t)c * r->chunk_size);
	if (in >= r->curlen)
		return -1;	/* a chunk shorter than the size says */
	k = r->curlen - in < n ? r->curlen - in : n;
	memcpy(buf, r->chunk + in, k);
	return (ssize_t)k;
}

void
ac_export_close(struct ac_export_reader *r)
{
	if (r->fd != -1)
		close(r->fd);
	free(r->chunk);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

/*
 * Keep the MP4 in the database for the other nodes, then the database's
 * exports within EXPORT_MAX_BYTES (least recently downloaded first, their
 * files on this node too).  0, or -1 with err set (nothing kept).
 */
static int
db_keep(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, const char *path, int64_t size,
    struct ac_error *err)
{
	struct ac_job	 old;
	char		*buf, opath[PATH_MAX];
	int64_t		 oldest, total;
	long long	 oclip;
	ssize_t		 n;
	size_t		 got;
	int		 fd, c = 0, guard;

	if ((buf = malloc(AC_STORE_BLOB_CHUNK)) == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		free(buf);
		ac_error_set(err, AC_ERR_IO, "reading the MP4 back: %s",
		    strerror(errno));
		return -1;
	}
	for (;;) {
		got = 0;
		while (got < AC_STORE_BLOB_CHUNK && (n = read(fd, buf + got,
		    AC_STORE_BLOB_CHUNK - got)) > 0)
			got += (size_t)n;
		if (got == 0)
			break;
		if (ac_store_blob_put(st, j->id, c++, buf, got, err) != AC_OK)
			goto dberr;
		if (got < AC_STORE_BLOB_CHUNK)
			break;
	}
	close(fd);
	free(buf);
	if (ac_store_blob_done(st, j->id, size, AC_STORE_BLOB_CHUNK, err) !=
	    AC_OK) {
		(void)ac_store_blob_delete(st, j->id, NULL);
		ac_error_prefix(err, AC_ERR_DB,
		    "storing the MP4 in the database: ");
		return -1;
	}
	for (guard = 0; guard < 10000; guard++) {
		if (ac_store_blob_oldest(st, j->id, &oldest, &total, NULL) !=
		    AC_OK ||
		    total <= cf->export_max_bytes || oldest <= 0)
			break;
		if (ac_store_blob_delete(st, oldest, NULL) != AC_OK)
			break;
		if (ac_store_job_get(st, oldest, &old, NULL) == AC_OK &&
		    sscanf(old.params, "clip=%lld;", &oclip) == 1 &&
		    final_path(cf, oclip, old.params, opath, sizeof(opath)) == 0)
			(void)unlink(opath);
	}
	return 0;
dberr:
	close(fd);
	free(buf);
	ac_error_prefix(err, AC_ERR_DB, "storing the MP4 in the database: ");
	(void)ac_store_blob_delete(st, j->id, NULL);
	return -1;
}
