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
 * This file holds the params, submitting and finding an export job, and
 * the job's run (fetch, join, cut, keep).  The segment download and the
 * playlists are in export_fetch.c; where a finished MP4 lives (the
 * exports directory, the disk budget, the sweep, reading it back, the
 * database copy) is in export_files.c.
 *
 * While an export runs, the job's message is
 * "N/M segments, B bytes, E/D s; NOTE" (read back by the status JSON).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* --- finding and queueing ---------------------------------------------- */

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
		    ac__export_file_of(cf, st, &j, clip_id, &t->file)) {
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
	    j->state != AC_JOB_DONE || !ac__export_file_of(cf, st, j, clip, f))
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
		return ac__export_file_of(cf, st, j, clip_id, f) ? AC_OK :
		    AC_ERR_NOTFOUND;
	return AC_OK;	/* queued, running, failed or cancelled: j says */
}

/* --- running an export ------------------------------------------------- */

int
ac__export_report(struct ac__export_run *r, int force)
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

/* Concatenate the segments (MPEG-TS joins byte by byte) into out, removing them. */
static int
join(struct ac__export_run *r, const char *out)
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
	struct ac__export_run	*r = arg;

	r->out_s = out_s;
	return ac__export_report(r, 0) == -1 ? 1 : 0;
}

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
	struct ac__export_run		 r;
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
	ac__export_report(&r, 1);

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
	if ((h = ac__export_media_http(cf, NULL)) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	e = ac__export_playlist_get(h, "media playlist", m.v[vi].uri, &body,
	    err);
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
	if (ac__export_dir(cf, dir, sizeof(dir)) == -1)
		FAIL(AC_ERR_IO, "cannot make DATA_DIR/" AC_EXPORTS_DIR ": %s",
		    strerror(errno));
	n = snprintf(work, sizeof(work), "%s/work-%lld-%ld", dir,
	    (long long)j->id, (long)getpid());
	if (n > 0 && (size_t)n < sizeof(work))
		ac__export_work_adopt(dir, j->id, work);
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
	if ((h = ac__export_media_http(cf, &r)) == NULL)
		FAIL(AC_ERR_NOMEM, "out of memory");
	snprintf(r.note, sizeof(r.note), "%.32s, fetching", m.v[vi].name);
	ac__export_report(&r, 1);
	rc = ac__export_fetch(h, &r);
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
	    ac__export_final_path(cf, clip_id, j->params, final,
	    sizeof(final)) == -1)
		FAIL(AC_ERR_IO, "DATA_DIR is too long");
	if (ac_ffmpeg_clip_argv(&ff, joined, cut, len, part, o.exact, &a) == -1)
		FAIL(AC_ERR_VALUE, "the cut (%.3f s for %.3f s) is not usable",
		    cut, len);
	r.dur_s = len;
	snprintf(r.note, sizeof(r.note), "%.32s, %s", m.v[vi].name,
	    o.exact ? "re-encoding" : "stream copy");
	ac__export_report(&r, 1);
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
		FAIL(AC_ERR_IO, "cannot keep the MP4 in DATA_DIR/"
		    AC_EXPORTS_DIR ": %s", strerror(errno));
	part[0] = '\0';
	if (cf->chat_storage_db && ac__export_db_keep(cf, st, j, final,
	    (int64_t)sb.st_size, &why) == -1) {
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
	ac__export_report(&r, 1);
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
		ac__export_work_rm(work);
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
