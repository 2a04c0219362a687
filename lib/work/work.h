/* SPDX-License-Identifier: ISC */
/*
 * work.h: the work layer: import, re-analysis, jobs, export, debug records, media, cleanup.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_WORK_H
#define AC_WORK_H

#include <limits.h>

#include "web/web.h"
#include "kick/kick.h"
#include "proc/proc.h"

/* ---------------------------------------------------------------------
 * Cleanup (cleanup.c): temporaries an interrupted run leaves behind
 */

#define AC_CLEAN_CHAT	 0x1	/* chat archives being written, old upload spools */
#define AC_CLEAN_VIDEO	 0x2	/* video uploads, converted MP4s */
#define AC_CONVERT_KEEP_S (15 * 60)	/* a converted MP4 waits this long for the server */

struct ac_cleanup {
	int64_t		 files;		/* files removed */
	int64_t		 bytes;		/* their size */
	int64_t		 streams;	/* streams of interrupted imports marked failed */
};

/*
 * What the next run of a path does first: remove the temporaries of the
 * groups whose writing process is gone (this host's), and converted MP4s
 * older than AC_CONVERT_KEEP_S.  Errors are ignored.
 */
void		 ac_cleanup_next_run(const struct ac_settings *,
		    unsigned int groups);
/*
 * Everything: every temporary whose process is gone or that is older
 * than max_age_s (0: converted MP4s at once, files of live processes
 * kept), and streams left "running" by a killed import (no active job,
 * untouched for max_age_s) marked failed when st is not NULL.
 */
enum ac_err	 ac_cleanup(const struct ac_settings *, struct ac_store *,
		    double max_age_s, struct ac_cleanup *, struct ac_error *);

/* ---------------------------------------------------------------------
 * Import (importer.c): one read of a chat fanned out to the analysis and
 * the chat archive, then the stream, its archive and its analysis stored.
 *
 * The VOD id is the one given to ac_import_begin or ac_import_finish,
 * else the chat's own,
 * else (with derive) "chat-" and 16 hex digits of a hash of the
 * messages' raw JSON in order: the same chat uploaded again (in any
 * shape or compression that keeps the messages' text) gets the same id.
 */
struct ac_import;

struct ac_import_out {
	int64_t			 stream_id;
	char			 vod_id[AC_VOD_ID_MAX];
	struct ac_vod		 vod;		/* what the chat said */
	struct ac_chat_stats	 stats;
	struct ac_result	 result;	/* ac_result_free */
};

/*
 * Begin.  With a vod_id (valid, else AC_ERR_VALUE) the archive is
 * written under it and finish uses it; with NULL it is written under a
 * temporary name and copied to the VOD's at finish.
 */
enum ac_err	 ac_import_begin(struct ac_import **, const struct ac_settings *,
		    struct ac_store *, const struct ac_hype_config *,
		    const char *vod_id, struct ac_error *err);
/*
 * Read the chat (once).  Errors of the chat are those of ac_chat_read
 * (AC_ERR_SYNTAX, AC_ERR_SHAPE, AC_ERR_LIMIT, AC_ERR_IO from the source)
 * in *err; a failure of the analysis or the archive is AC_ERR_NOMEM or
 * AC_ERR_IO with err->code AC_ERR_STOPPED and the reason in err->text.
 */
enum ac_err	 ac_import_read(struct ac_import *, ac_read_fn, void *,
		    struct ac_error *);
/* The VOD id the chat named while read ("" when none). */
const char	*ac_import_chat_vod_id(const struct ac_import *);
/* The counts of the read so far. */
const struct ac_chat_stats *ac_import_stats(const struct ac_import *);
/* Also hand each message to fn (after the analysis and the archive). */
void		 ac_import_tap(struct ac_import *, ac_msg_fn fn, void *arg);
/*
 * Finish: pick the VOD id (see above; AC_ERR_VALUE when there is none
 * or it is not valid), analyse, upsert the stream, commit the archive,
 * save the analysis.  AC_ERR_DB/AC_ERR_SCHEMA from the store.
 */
enum ac_err	 ac_import_finish(struct ac_import *, const char *vod_id,
		    int derive, struct ac_import_out *, struct ac_error *err);
/* Free; an unfinished import's temporary archive is removed. */
void		 ac_import_free(struct ac_import *);

/* ---------------------------------------------------------------------
 * Debug records (debuglog.c): with DEBUG=true, each analysis leaves
 * DEBUG_LOGS_DIR/01_input_<time>_<pid>_<n>.json (what came in),
 * 02_normalized_... (the VOD, counts, first messages) and
 * 03_results_... (the result).  Names come from the clock, the process
 * id and a counter only.  A record larger than AC_DEBUG_FILE_MAX is
 * replaced by a note of its size; the directory keeps the newest
 * AC_DEBUG_KEEP records.
 */
#define AC_DEBUG_FILE_MAX	 (1024 * 1024)
#define AC_DEBUG_KEEP		 300
#define AC_DEBUG_BODY_HEAD	 (16 * 1024)	/* body bytes kept in 01_input */
#define AC_DEBUG_MESSAGES	 20		/* messages kept in 02_normalized */

enum ac_debug_stage {
	AC_DEBUG_INPUT,		/* 01_input */
	AC_DEBUG_NORMALIZED,	/* 02_normalized */
	AC_DEBUG_RESULTS,	/* 03_results */
	AC_DEBUG__MAX
};

/*
 * Write one record (obj borrowed) when settings->debug; creates the
 * directory (0700) when missing.  0, or -1 (logged to stderr) on failure.
 * Errors never affect the request.
 */
int		 ac_debug_write(const struct ac_settings *, enum ac_debug_stage,
		    struct json_object *obj);
/*
 * The records of the analysis path, written by whoever analyses a chat
 * (an upload, a Kick download, a re-analysis): 02_normalized (first may
 * be NULL: no messages kept) and 03_results.
 */
int		 ac_debug_normalized(const struct ac_settings *,
		    const char *vod_id, const struct ac_vod *,
		    const struct ac_chat_stats *, uint64_t duplicates,
		    struct json_object *first);
int		 ac_debug_results(const struct ac_settings *,
		    const struct ac_result *);

/*
 * Analyse a stored VOD again (from its feature file or chat archive) with cfg, save the
 * result (approvals carried over, as ac_store_analysis_save does) and
 * write the debug records.  The rule, for every caller: AC_ERR_BUSY
 * while a download job is active on the VOD or it is queued or running
 * (the download saves its own analysis and its archive may be partial).
 * AC_ERR_NOTFOUND when the archive is missing or the stream was deleted
 * meanwhile; the archive's errors otherwise, described in err.  *out
 * (cleared with ac_result_free) and stats (may be NULL) are filled.
 */
enum ac_err	 ac_reanalyze(const struct ac_settings *, struct ac_store *,
		    const struct ac_stream *, const struct ac_hype_config *,
		    struct ac_result *out, struct ac_chat_stats *stats,
		    struct ac_error *err);
/*
 * The same, storing nothing and writing no debug record (a dry run: the
 * analysis as it would be).  Both read the VOD's feature file when it is
 * current (ac_archive_analyze), else its archive.
 */
enum ac_err	 ac_reanalyze_dry(const struct ac_settings *, struct ac_store *,
		    const struct ac_stream *, const struct ac_hype_config *,
		    struct ac_result *out, struct ac_chat_stats *stats,
		    struct ac_error *err);

/* ---------------------------------------------------------------------
 * Learning from review (learn.c): approvals, rejections and moved bounds
 * in the library are labels; the weights of the window features fitted on
 * them (ac_learn_fit) are kept per channel and for all channels (scope
 * ""), and rank the next analyses (README "Learning from review").
 */

/* Told each fit as it is stored (may be NULL). */
typedef void	 (*ac_learn_fn)(void *arg, const struct ac_learned *);

/*
 * Fit and store: the weights of all channels on the most recent
 * AC_LEARN_LABELS_MAX labels (toward none), then, toward those, the
 * weights of channel on its own most recent ones; channel NULL: of every
 * channel with labels (at most AC_STORE_LIST_MAX), and the stored weights
 * of channels without any are removed; "": all channels only.
 * A scope left without labels loses its weights.  fn sees each fit.
 * Store errors (AC_ERR_DB ...) and ac_learn_fit's, described in err.
 */
enum ac_err	 ac_learn(struct ac_store *, const char *channel,
		    ac_learn_fn fn, void *arg, struct ac_error *err);
/*
 * The weights an analysis of a VOD of channel ranks with: the channel's
 * when it has some, else those of all channels, else none (off); none
 * too when LEARN_FROM_REVIEW is off.  Never fails the analysis: a store
 * error is logged and gives none.
 */
void		 ac_learn_load(const struct ac_settings *, struct ac_store *,
		    const char *channel, struct ac_learned *out);
/*
 * When labels changed other than by a review, fit again as a review does
 * (ac_learn of channel), unless LEARN_FROM_REVIEW is off; failures are
 * logged, never returned.  ac_learn_saved: after an analysis of stream_id
 * was saved, when it holds reviewed clips (their statuses carried over
 * to the new clips, with new features and bounds).  ac_learn_again: after
 * a stream with reviewed clips (ac_learn_reviewed, asked before) was
 * deleted.
 */
void		 ac_learn_saved(const struct ac_settings *, struct ac_store *,
		    int64_t stream_id, const char *channel);
int		 ac_learn_reviewed(struct ac_store *, int64_t stream_id);
void		 ac_learn_again(const struct ac_settings *, struct ac_store *,
		    const char *channel);

/* ---------------------------------------------------------------------
 * Jobs (jobs.c): moved from "Kick and jobs"
 */

/* What ac_job_submit did. */
struct ac_job_ticket {
	int64_t		 job_id;	/* 0 when analyzed */
	int64_t		 stream_id;
	char		 vod_id[AC_VOD_ID_MAX];
	int		 analyzed;	/* the VOD is analysed already: no job */
	int		 existing;	/* the job was already queued or running */
};

/*
 * Queue the download of a VOD link, or find it: an analysed VOD gives
 * analyzed = 1; a VOD being downloaded gives its job (existing = 1), also
 * when several callers submit it at once (one active download per
 * stream is guaranteed by the schema).  A bad link is AC_ERR_VALUE with
 * the message of ac_kick_link_parse.
 */
enum ac_err	 ac_job_submit(struct ac_store *, const char *link,
		    struct ac_job_ticket *, struct ac_error *err);

/*
 * A job's status as JSON (malloc'd): {"id", "kind", "state", "stream_id",
 * "vod_id", "progress", "messages", "requests", "retries", "eta_s",
 * "attempts", "message", "error", "created_at", "updated_at",
 * "heartbeat_at"}; error is null unless failed, eta_s null when unknown.
 */
enum ac_err	 ac_job_status_json(struct ac_store *, int64_t job_id,
		    char **json, struct ac_error *);

/*
 * What a submission is, as JSON (malloc'd): the job's status, or
 * {"state": "analyzed", "stream_id", "vod_id"} when the VOD was analysed
 * already.
 */
enum ac_err	 ac_job_ticket_json(struct ac_store *, const struct ac_job_ticket *,
		    char **json, struct ac_error *);

/*
 * Wait in the foreground for job id to end, working meanwhile: queued
 * jobs (any: ours is among them) are claimed and run in this process,
 * stale and dead workers' jobs taken over.  fn (may be NULL) sees the
 * progress of job id, run here or elsewhere (eta_s -1 then).  AC_OK
 * when it is done; AC_ERR_STOPPED when it failed or was cancelled, with
 * its message in err; a store error otherwise.  ("autoclip fetch")
 */
enum ac_err	 ac_job_wait(const struct ac_settings *, struct ac_store *,
		    int64_t id, ac_kick_progress_fn fn, void *arg,
		    struct ac_error *);

/* Cancel a queued or running job (its worker stops at its next heartbeat). */
enum ac_err	 ac_job_cancel(struct ac_store *, int64_t job_id,
    struct ac_error *);

/*
 * Run one claimed download job to its end: metadata, chat, archive,
 * analysis; the job is finished or failed (with a message for the user)
 * and the stream's status follows.  fn (may be NULL) sees the progress.
 * Returns AC_OK when the job is done.
 */
enum ac_err	 ac_job_run(const struct ac_settings *, struct ac_store *,
		    const struct ac_job *, const char *worker,
		    ac_kick_progress_fn fn, void *arg, struct ac_error *err);

/*
 * The worker loop: reclaim jobs of dead workers (heartbeat older than
 * stale_s; <= 0 means AC_JOB_STALE_S), claim, run, repeat.  once: return when no job is
 * queued.  idle_exit_s > 0: return after that long without work.  The
 * loop marks DATA_DIR/worker.alive while it runs; log (may be NULL) gets
 * a line per job.  Returns 0, or -1 when the store failed.
 */
#define AC_JOB_STALE_S		 30.0
int		 ac_worker_loop(const struct ac_settings *, struct ac_store *,
		    int once, double idle_exit_s, double stale_s, FILE *log);

/*
 * A running job whose worker was a process of this host that no longer
 * exists is queued again at once (with any job whose heartbeat is as
 * old); *requeued tells whether it was.  Worker names are "HOST:PID".
 */
enum ac_err	 ac_job_reclaim_dead(struct ac_store *, const struct ac_job *,
		    int *requeued, struct ac_error *);

/* Whether a worker on this host marked itself alive in the last AC_JOB_STALE_S. */
int		 ac_worker_alive(const struct ac_settings *);

/*
 * Start a detached worker ("AUTOCLIP_BIN worker --idle-exit 60": double
 * fork, setsid, no shell, standard fds on /dev/null) unless one is alive.
 * Returns AC_OK (started or already alive) or AC_ERR_IO with err.
 */
enum ac_err	 ac_worker_spawn(const struct ac_settings *,
    struct ac_error *err);

/* ---------------------------------------------------------------------
 * Clip export (export.c, export_fetch.c, export_files.c): a clip as MP4,
 * cut from the VOD's own HLS by a job of kind "export" (see README "Clips
 * as MP4").
 */
#define AC_EXPORT_QUALITY_MAX	 33	/* a variant name and the NUL */
#define AC_EXPORT_PAD_MAX	 60	/* seconds of padding at most */

struct ac_export_opts {
	char		 quality[AC_EXPORT_QUALITY_MAX];	/* "" = best <= EXPORT_MAX_HEIGHT */
	int		 exact;		/* re-encode for a frame-exact cut */
	double		 pad_s;		/* seconds added before and after */
};

/* A finished export: on this node's disk, or in the database. */
struct ac_export_file {
	int64_t		 job_id;
	char		 path[1024];	/* where it is (or would be) on this node */
	int		 in_db;		/* not on this disk: read it from the database */
	int		 chunk_size;	/* in_db: bytes of its chunks */
	int64_t		 size;
	double		 mtime;
	char		 etag[64];	/* quoted, from the job and the size */
};

/* Reading a finished export wherever it is (ac_export_pread is an ac_pread_fn). */
struct ac_export_reader {
	int		 fd;
	struct ac_store	*st;
	int64_t		 job_id;
	int		 chunk_size;
	int64_t		 size;
	char		*chunk;
	int		 cur;
	size_t		 curlen;
};

struct ac_export_ticket {
	int64_t			 job_id;
	int64_t			 clip_id;
	int			 done;		/* already cut: file is set */
	int			 existing;	/* the same export was queued or running */
	struct ac_export_file	 file;
};

struct ac_export_progress {
	size_t		 segments;	/* fetched */
	size_t		 segments_total;
	uint64_t	 bytes;		/* fetched */
	double		 encoded_s;	/* ffmpeg's -progress */
	double		 duration_s;	/* of the cut */
	double		 progress;	/* 0..1 */
};

typedef int	 (*ac_export_progress_fn)(void *arg,
		    const struct ac_export_progress *);

/* "export". */
const char	*ac_export_kind(void);
/* Whether q is a quality name we accept (1-32 of [A-Za-z0-9_-]). */
int		 ac_export_quality_ok(const char *q);
/* The job params of a clip's export with options o; 0, or -1 when o is not valid. */
int		 ac_export_params(const struct ac_stored_clip *,
		    const struct ac_export_opts *o, char *out, size_t size);
/*
 * Find the finished export of the same clip, bounds and options (done),
 * the same one queued or running (existing), or queue it.  Errors:
 * AC_ERR_NOTFOUND no such clip, AC_ERR_SHAPE the VOD has no source,
 * AC_ERR_VALUE bad options, AC_ERR_DB.
 */
enum ac_err	 ac_export_submit(const struct ac_settings *, struct ac_store *,
		    int64_t clip_id, const struct ac_export_opts *,
		    struct ac_export_ticket *, struct ac_error *err);
/*
 * The newest export of a clip with its current bounds (older bounds are
 * stale): AC_OK with *j (and *f filled when j is done and the file is on
 * disk); AC_ERR_NOTFOUND when there is none, or it was done and evicted.
 */
enum ac_err	 ac_export_find(const struct ac_settings *, struct ac_store *,
		    int64_t clip_id, struct ac_export_file *f, struct ac_job *j,
		    struct ac_error *);
/* The file of a done export job; AC_ERR_NOTFOUND when not done or evicted. */
enum ac_err	 ac_export_job_file(const struct ac_settings *, struct ac_store *,
		    int64_t job_id, struct ac_export_file *, struct ac_job *,
		    struct ac_error *);
/* Mark a download (the access time orders eviction). */
void		 ac_export_touch(struct ac_store *, const struct ac_export_file *);
/* Open, read at an offset, close; 0 or -1 (errno). */
int		 ac_export_open(const struct ac_export_file *, struct ac_store *,
		    struct ac_export_reader *);
ssize_t		 ac_export_pread(void *reader, void *buf, size_t n,
		    int64_t off);
void		 ac_export_close(struct ac_export_reader *);
/*
 * Fetch and parse the VOD's master playlist (the qualities that exist);
 * free with ac_hls_master_free.  Errors with a message in err.
 */
enum ac_err	 ac_export_qualities(const struct ac_settings *,
		    const char *source, struct ac_hls_master *,
		    struct ac_error *err);
/*
 * Run one claimed export job to its end (done, failed with a message
 * saying what to do, or AC_ERR_STOPPED when cancelled); partial files
 * are removed on every path.
 */
enum ac_err	 ac_export_run(const struct ac_settings *, struct ac_store *,
		    const struct ac_job *, const char *worker,
		    ac_export_progress_fn, void *arg, struct ac_error *err);
/*
 * Keep DATA_DIR/exports within EXPORT_MAX_BYTES: remove the least
 * recently downloaded exports but keep.  Returns the bytes freed (-1 on
 * error); *total (may be NULL) the bytes that remain.
 */
int64_t		 ac_export_evict(const struct ac_settings *, const char *keep,
		    int64_t *total);
/*
 * Remove what dead exports left (work directories, partial files of
 * processes that are gone; with a store, not the work directory of a
 * job queued or running again, which resumes from it) and, with all,
 * finished exports not downloaded for min_age_s.  Counts added to
 * *removed and *bytes.
 */
int		 ac_export_sweep(const struct ac_settings *, struct ac_store *,
		    double min_age_s, int all, int64_t *removed, int64_t *bytes);
/*
 * A safe download name: "CHANNEL_TITLE_1h02m03s.mp4" with only
 * [A-Za-z0-9._-] (others become '_', runs folded).  Returns out.
 */
char		*ac_export_filename(const struct ac_stream *,
		    const struct ac_stored_clip *, char *out, size_t size);
/* Read a running or done export job's message back; 0 or -1. */
int		 ac_export_message_parse(const char *msg,
		    struct ac_export_progress *, char *note, size_t size);

/*
 * Internal to export.c, export_fetch.c and export_files.c: a run's
 * state, shared by the job and the segment callbacks.
 */
#define AC_EXPORTS_DIR		 "exports"	/* under DATA_DIR */

struct ac__export_seg {
	const struct ac_hls_segment *s;
	size_t		 no;		/* index in the playlist */
	char		 path[PATH_MAX];	/* complete segment */
	char		 part[PATH_MAX];	/* being fetched */
	int		 fd;
	uint64_t	 bytes;
	int		 done;
};

struct ac__export_run {
	const struct ac_settings *cf;
	struct ac_store		*st;
	const struct ac_job	*job;
	const char		*worker;
	ac_export_progress_fn	 fn;
	void			*arg;
	struct ac__export_seg	*segs;
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

/* export.c: save progress (every 0.5 s at most unless force); -1: job gone. */
int		 ac__export_report(struct ac__export_run *, int force);
/*
 * export_fetch.c: the engine for segments (r set: bodies to r's files,
 * Range) or for playlists (r NULL); GET a playlist into body (AC_OK, else
 * err says what happened); fetch r's segments (ac__http_run's result).
 */
struct ac__http	*ac__export_media_http(const struct ac_settings *,
		    struct ac__export_run *r);
enum ac_err	 ac__export_playlist_get(struct ac__http *, const char *what,
		    const char *url, struct ac__buf *body, struct ac_error *err);
int		 ac__export_fetch(struct ac__http *, struct ac__export_run *r);
/*
 * export_files.c: DATA_DIR/exports made (0700) into out; the final file
 * of an export; whether job j's finished export can be sent (fills f);
 * a dead run's work directory of job taken over as to; a work directory
 * removed; the MP4 kept in the database (0, or -1 with err set).
 */
int		 ac__export_dir(const struct ac_settings *, char *out,
		    size_t size);
int		 ac__export_final_path(const struct ac_settings *, int64_t clip,
		    const char *params, char *out, size_t size);
int		 ac__export_file_of(const struct ac_settings *,
		    struct ac_store *, const struct ac_job *j, int64_t clip,
		    struct ac_export_file *f);
void		 ac__export_work_adopt(const char *dir, int64_t job,
		    const char *to);
void		 ac__export_work_rm(const char *dir);
int		 ac__export_db_keep(const struct ac_settings *,
		    struct ac_store *, const struct ac_job *, const char *path,
		    int64_t size, struct ac_error *err);
/*
 * Media files (media.c): DATA_DIR/tmp (uploads being received) or
 * DATA_DIR/media (results), created 0700 when missing; a fresh name
 * "<dir>/<prefix>-<pid>-<time>-<n>-<hex>.<ext>" in one, which cleanup.c
 * recognises.  AC_ERR_LIMIT when the path does not fit.
 */
enum ac_media_where {
	AC_MEDIA_TMP,
	AC_MEDIA_OUT
};
enum ac_err	 ac_media_dir(const struct ac_settings *, enum ac_media_where,
		    char *out, size_t size, struct ac_error *);
enum ac_err	 ac_media_name(const char *dir, const char *prefix,
		    const char *ext, char *out, size_t size);

#endif /* !AC_WORK_H */
