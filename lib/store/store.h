/* SPDX-License-Identifier: ISC */
/*
 * store.h: the store layer: the store interface, states, the chat archive, features.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_STORE_H
#define AC_STORE_H

#include "engine/engine.h"

/* ---------------------------------------------------------------------
 * Store (store.c, store_sqlite.c, store_pg.c)
 *
 * One interface over SQLite ("sqlite:///abs/path.db") and PostgreSQL
 * ("postgresql://..." or "postgres://...", every URI parameter such as
 * sslmode honoured).  Every statement is parameterised.  A store handle
 * is used by one thread at a time.  Functions return AC_OK, AC_ERR_NOTFOUND
 * when the row does not exist, AC_ERR_SCHEMA when the database schema is
 * not the one this library knows, AC_ERR_DB for a database failure.
 * Each that can fail takes a struct ac_error *err last (may be NULL),
 * filled with the database's words: for logs, never for web clients.
 */

#define AC_STATUS_MAX		 16
#define AC_STORE_LIST_MAX	 1000	/* most rows one list call returns */

struct ac_store;

/*
 * A stream's status, a clip's review status, a job's state (states.c):
 * the names are what the database and the API hold; *_parse gives the
 * enum of a name, or -1.
 */
enum ac_stream_status {
	AC_STREAM_QUEUED,
	AC_STREAM_RUNNING,
	AC_STREAM_ANALYZED,
	AC_STREAM_FAILED,
	AC_STREAM__MAX
};
enum ac_clip_status {
	AC_CLIP_PENDING,
	AC_CLIP_APPROVED,
	AC_CLIP_REJECTED,
	AC_CLIP__MAX
};
enum ac_job_state {
	AC_JOB_QUEUED,
	AC_JOB_RUNNING,
	AC_JOB_DONE,
	AC_JOB_FAILED,
	AC_JOB_CANCELLED,
	AC_JOB__MAX
};
const char	*ac_stream_status_name(enum ac_stream_status);
int		 ac_stream_status_parse(const char *);
const char	*ac_clip_status_name(enum ac_clip_status);
int		 ac_clip_status_parse(const char *);
const char	*ac_job_state_name(enum ac_job_state);
int		 ac_job_state_parse(const char *);

/* A VOD and the state of its analysis. */
struct ac_stream {
	int64_t		 id;
	char		 vod_id[AC_VOD_ID_MAX];
	char		 title[AC_VOD_TEXT_MAX];
	char		 channel[AC_VOD_TEXT_MAX];
	char		 source[AC_VOD_URL_MAX];
	int		 has_start;
	double		 vod_start;		/* epoch seconds (UTC) */
	double		 duration_s;		/* 0 when unknown */
	int64_t		 message_count;
	int		 chat_downloaded;	/* the archive holds the whole chat */
	enum ac_stream_status status;
	char		 error[256];		/* why it failed; "" otherwise */
	double		 created_at;		/* epoch seconds */
	double		 updated_at;
	int64_t		 clips_count;		/* filled by get and list */
	int64_t		 approved_count;	/* filled by search */
};

/* How the library page lists streams (ac_store_stream_search). */
enum ac_stream_sort {
	AC_SORT_NEWEST,		/* created_at, newest first (the default) */
	AC_SORT_OLDEST,
	AC_SORT_CLIPS,		/* most clips first, then newest */
	AC_SORT__MAX
};

struct ac_stream_query {
	const char		*text;	/* in title or channel, case-insensitive (ASCII); "" or NULL: all */
	enum ac_stream_sort	 sort;
	int			 limit;	/* 1..AC_STORE_LIST_MAX */
	int			 offset;
};

#define AC_SEARCH_TEXT_MAX	 200	/* bytes of a search text */

/* A stored clip with its review status. */
struct ac_stored_clip {
	int64_t		 id;
	int64_t		 stream_id;
	int		 rank;
	double		 start;
	double		 end;
	double		 peak;
	double		 score;
	int		 virality;
	enum ac_clip_status status;
	double		 created_at;
	double		 updated_at;
	/* Learning from review (clips analysed since schema 5). */
	int		 has_features;		/* features were kept */
	double		 features[AC_NFEAT];	/* the window features it was ranked with */
	int		 has_proposed;		/* the analysis' own bounds are known */
	double		 proposed_start;	/* bounds as the analysis proposed them */
	double		 proposed_end;
	double		 start_shift_s;		/* learned shifts the proposal included */
	double		 end_shift_s;
	int		 has_learned_delta;	/* learned weights ranked it */
	double		 learned_delta;		/* the log-rank change they gave */
};

/* A unit of long work (chat download, clip export). */
#define AC_JOB_PARAMS_MAX	 256
struct ac_job {
	int64_t		 id;
	char		 kind[AC_STATUS_MAX];	/* "download", "export" */
	int64_t		 stream_id;
	enum ac_job_state state;
	double		 progress;		/* 0..1 */
	char		 message[256];		/* progress note or error */
	int		 attempts;
	char		 worker[64];		/* who holds it while running */
	char		 params[AC_JOB_PARAMS_MAX];	/* what to do ("" for downloads) */
	double		 heartbeat_at;		/* epoch seconds; 0 when never */
	double		 created_at;
	double		 updated_at;
};

/*
 * Open the store named by url and check its schema version: an older one
 * is AC_ERR_SCHEMA with "run autoclip migrate" in err, a newer one
 * AC_ERR_SCHEMA asking for a newer autoclip.  With migrate != 0, pending
 * migrations are applied instead (what "autoclip migrate" does); *applied
 * (may be NULL) tells how many.  SQLite files are created (mode 0600,
 * WAL, busy timeout); their directory must exist.
 */
enum ac_err	 ac_store_open(struct ac_store **, const char *url, int migrate,
		    int *applied, struct ac_error *err);
void		 ac_store_close(struct ac_store *);
/* The schema version this library knows. */
int		 ac_store_schema_version(void);

/*
 * Insert or update the stream with s->vod_id (one row per vod_id, also
 * when several processes do it at once); *id gets its id.  Updates the
 * descriptive fields and status; message_count and chat_downloaded too.
 */
enum ac_err	 ac_store_stream_upsert(struct ac_store *,
		    const struct ac_stream *s, int64_t *id, struct ac_error *);
enum ac_err	 ac_store_stream_get(struct ac_store *, int64_t id,
		    struct ac_stream *, struct ac_error *);
enum ac_err	 ac_store_stream_get_vod(struct ac_store *, const char *vod_id,
		    struct ac_stream *, struct ac_error *);
/* Newest first, with clips_count, in one query; *out is malloc'd. */
enum ac_err	 ac_store_stream_list(struct ac_store *, int limit, int offset,
		    struct ac_stream **out, size_t *n, struct ac_error *);
/*
 * A page of streams matching q, with clips_count and approved_count;
 * *total (may be NULL) gets how many match in all.  AC_ERR_VALUE for a
 * bad limit, offset, sort or a text over AC_SEARCH_TEXT_MAX.
 */
enum ac_err	 ac_store_stream_search(struct ac_store *,
		    const struct ac_stream_query *q, struct ac_stream **out,
		    size_t *n, int64_t *total, struct ac_error *);
/* Streams not analysed yet: queued, running or failed, newest first. */
enum ac_err	 ac_store_stream_pending(struct ac_store *, int limit,
		    struct ac_stream **out, size_t *n, struct ac_error *);
enum ac_err	 ac_store_stream_set_status(struct ac_store *, int64_t id,
		    enum ac_stream_status, const char *error,
		    struct ac_error *);
/* Delete a stream with its clips and jobs (the archive is the caller's). */
enum ac_err	 ac_store_stream_delete(struct ac_store *, int64_t id,
    struct ac_error *);

/*
 * Replace a stream's analysis in one transaction: its timeline and config
 * (r serialised as the JSON contract), message count, status "analyzed",
 * and its clips.  A new clip takes the review status of an old clip of
 * the same moment (peaks within AC_SAME_MOMENT_S), so approvals and
 * rejections survive re-analysis; and its bounds when the editor had
 * moved them (the new analysis' bounds are kept as the proposed ones).
 */
#define AC_SAME_MOMENT_S	 15.0
enum ac_err	 ac_store_analysis_save(struct ac_store *, int64_t stream_id,
		    const struct ac_result *r, struct ac_error *);
/*
 * The stored analysis as the JSON contract, its potential_clips taken
 * from the clips table (each with "id" and "status" added); malloc'd.
 */
enum ac_err	 ac_store_analysis_json(struct ac_store *, int64_t stream_id,
		    char **json, struct ac_error *);
/* The same as an object (caller puts), with "stream_id" when asked. */
enum ac_err	 ac_store_analysis(struct ac_store *, int64_t stream_id,
		    int with_stream_id, struct json_object **out,
		    struct ac_error *);

/*
 * A stored stream as the engine's VOD (offset 0: the stored start is the
 * timeline's origin), and a VOD's title, channel, source, start (plus
 * its offset) and duration into a stream.  The one copy of each.
 */
void		 ac_stream_vod(const struct ac_stream *, struct ac_vod *);
void		 ac_stream_set_vod(struct ac_stream *, const struct ac_vod *);

/* Clips of a stream by rank; *out is malloc'd. */
enum ac_err	 ac_store_clips(struct ac_store *, int64_t stream_id,
		    struct ac_stored_clip **out, size_t *n, struct ac_error *);
enum ac_err	 ac_store_clip_get(struct ac_store *, int64_t id,
		    struct ac_stored_clip *, struct ac_error *);
/* AC_ERR_VALUE for a status out of range. */
enum ac_err	 ac_store_clip_set_status(struct ac_store *, int64_t id,
		    enum ac_clip_status, struct ac_error *);
enum ac_err	 ac_store_clip_delete(struct ac_store *, int64_t id,
    struct ac_error *);
/*
 * Move a clip's bounds (seconds from the VOD start): 0 <= start < end,
 * end - start at most AC_CLIP_LEN_MAX, both finite (else AC_ERR_VALUE).
 */
#define AC_CLIP_LEN_MAX		 600.0
enum ac_err	 ac_store_clip_set_bounds(struct ac_store *, int64_t id,
		    double start, double end, struct ac_error *);

/*
 * Learning from review: reviewed clips as labels, and what was learned
 * from them, per channel ("" for all channels).
 *
 * ac_store_labels: the approved and rejected clips that kept their
 * features, most recently reviewed first, at most max (1..
 * AC_LEARN_LABELS_MAX), of the streams of channel (NULL: every channel);
 * moved when a bound is more than AC_MOVED_EPS_S from the proposed one;
 * vod is the stream's id.  A clip whose stored features cannot be read is
 * left out.  *out malloc'd (NULL when n == 0).
 */
#define AC_LEARN_LABELS_MAX	 5000
#define AC_MOVED_EPS_S		 0.05
enum ac_err	 ac_store_labels(struct ac_store *, const char *channel,
		    size_t max, struct ac_label **out, size_t *n,
		    struct ac_error *);
/*
 * The channels (never "") having labels, by name, at most max (1..
 * AC_STORE_LIST_MAX); *out is a malloc'd array of malloc'd names, freed
 * with ac_store_names_free.
 */
enum ac_err	 ac_store_label_channels(struct ac_store *, size_t max,
		    char ***out, size_t *n, struct ac_error *);
void		 ac_store_names_free(char **, size_t n);

/* Learned weights as stored, with when they were fitted. */
struct ac_stored_learned {
	struct ac_learned learned;	/* on = 1 */
	double		 updated_at;	/* epoch seconds */
};
/*
 * The weights of scope (a channel, "" for all): AC_ERR_NOTFOUND when none
 * were stored; AC_ERR_DB also when the stored weights cannot be read.
 */
enum ac_err	 ac_store_learned_get(struct ac_store *, const char *scope,
		    struct ac_stored_learned *, struct ac_error *);
/*
 * Store l under l->scope, replacing what was there; l->on == 0 removes
 * the scope's weights instead (nothing left to learn from).  AC_ERR_VALUE
 * for a value not finite or a scope not a C string of its field.
 */
enum ac_err	 ac_store_learned_put(struct ac_store *,
    const struct ac_learned *, struct ac_error *);
/* Every stored scope, by scope ("" first), at most AC_STORE_LIST_MAX; *out malloc'd. */
enum ac_err	 ac_store_learned_list(struct ac_store *,
		    struct ac_stored_learned **out, size_t *n,
		    struct ac_error *);

/* Jobs: a queue that several workers on several machines share safely. */
enum ac_err	 ac_store_job_enqueue(struct ac_store *, const char *kind,
		    int64_t stream_id, int64_t *id, struct ac_error *);
enum ac_err	 ac_store_job_get(struct ac_store *, int64_t id,
    struct ac_job *, struct ac_error *);
/* The active (queued or running) job of a kind for a stream, if any. */
enum ac_err	 ac_store_job_active(struct ac_store *, const char *kind,
		    int64_t stream_id, struct ac_job *, struct ac_error *);
/*
 * Claim the oldest queued job atomically (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, BEGIN IMMEDIATE on SQLite): it becomes running, held by
 * worker, attempts + 1.  AC_ERR_NOTFOUND when there is none.
 */
enum ac_err	 ac_store_job_claim(struct ac_store *, const char *worker,
		    struct ac_job *, struct ac_error *);
/*
 * The same with parameters (printable text, < AC_JOB_PARAMS_MAX bytes).
 * An active export with the same params already queued is AC_ERR_DB
 * (the schema keeps one); look it up with ac_store_job_find.
 */
enum ac_err	 ac_store_job_enqueue_params(struct ac_store *, const char *kind,
		    int64_t stream_id, const char *params, int64_t *id,
		    struct ac_error *);
/*
 * The newest job of a kind whose params equal params (prefix 0) or
 * begin with it (prefix 1).  AC_ERR_NOTFOUND when there is none.
 */
enum ac_err	 ac_store_job_find(struct ac_store *, const char *kind,
		    const char *params, int prefix, struct ac_job *,
		    struct ac_error *);
/*
 * Claim like ac_store_job_claim, but a job of kind capped is taken only
 * while fewer than cap of that kind run (atomically: a transaction on
 * SQLite, an advisory lock on PostgreSQL); others wait in the queue.
 */
enum ac_err	 ac_store_job_claim_capped(struct ac_store *, const char *worker,
		    const char *capped, int cap, struct ac_job *,
		    struct ac_error *);
/* Heartbeat and progress; AC_ERR_NOTFOUND when the job is no longer this worker's. */
enum ac_err	 ac_store_job_progress(struct ac_store *, int64_t id,
		    const char *worker, double progress, const char *message,
		    struct ac_error *);
enum ac_err	 ac_store_job_finish(struct ac_store *, int64_t id,
		    const char *worker, struct ac_error *);
enum ac_err	 ac_store_job_fail(struct ac_store *, int64_t id,
		    const char *worker, const char *message, struct ac_error *);
enum ac_err	 ac_store_job_cancel(struct ac_store *, int64_t id,
    struct ac_error *);
/* Set the message of a queued job (why it waits); AC_ERR_NOTFOUND when not queued. */
enum ac_err	 ac_store_job_note(struct ac_store *, int64_t id,
		    const char *message, struct ac_error *);
/* Queue a failed or cancelled job again. */
enum ac_err	 ac_store_job_retry(struct ac_store *, int64_t id,
    struct ac_error *);
/* Running jobs whose heartbeat is older than stale_s go back to queued; *n of them. */
enum ac_err	 ac_store_job_reclaim(struct ac_store *, double stale_s,
		    int *n, struct ac_error *);

/*
 * Finished exports kept in the database (CHAT_STORAGE=database), so that
 * every web node sharing it can send them: chunks of at most
 * AC_STORE_BLOB_CHUNK bytes numbered from 0, then blob_done records the
 * size (only then is it complete).  oldest gives the total bytes kept and
 * the least recently accessed job other than keep (0 when none).
 */
#define AC_STORE_BLOB_CHUNK	 (1024 * 1024)
enum ac_err	 ac_store_blob_put(struct ac_store *, int64_t job_id, int chunk,
		    const void *data, size_t len, struct ac_error *);
enum ac_err	 ac_store_blob_done(struct ac_store *, int64_t job_id,
		    int64_t bytes, int chunk_size, struct ac_error *);
enum ac_err	 ac_store_blob_info(struct ac_store *, int64_t job_id,
		    int64_t *bytes, int *chunk_size, struct ac_error *);
enum ac_err	 ac_store_blob_chunk(struct ac_store *, int64_t job_id,
		    int chunk, void *buf, size_t size, size_t *len,
		    struct ac_error *);
enum ac_err	 ac_store_blob_touch(struct ac_store *, int64_t job_id,
    struct ac_error *);
enum ac_err	 ac_store_blob_oldest(struct ac_store *, int64_t keep,
		    int64_t *job_id, int64_t *total, struct ac_error *);
enum ac_err	 ac_store_blob_delete(struct ac_store *, int64_t job_id,
    struct ac_error *);

/* ---------------------------------------------------------------------
 * Chat archive (archive.c): the raw messages of a VOD, as received.
 *
 * Files: CHAT_STORAGE_DIR/<vod_id>.ndjson.gz, written to a temporary name
 * in the same directory, flushed (fsync) and renamed, so a crash never
 * leaves a half archive where a good one was.  Database (CHAT_STORAGE=
 * database): the same compressed bytes in the store.  vod_id must pass
 * ac_valid_vod_id.
 */

struct ac_archive_writer;

/* Begin writing; store is used only when settings say CHAT_STORAGE=database. */
enum ac_err	 ac_archive_begin(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, struct ac_archive_writer **,
		    struct ac_error *err);
/* Append one message's raw JSON (a line of the NDJSON). */
enum ac_err	 ac_archive_add(struct ac_archive_writer *, const char *raw,
		    size_t len);
/* Usable as an ac_msg_fn: appends m->raw. */
int		 ac_archive_add_msg(void *writer, const struct ac_msg *m);
/* Make it the archive of the VOD (replacing the old one atomically). */
enum ac_err	 ac_archive_commit(struct ac_archive_writer *,
		    struct ac_error *err);
/* Abandon: the previous archive stays as it was, temporary data removed. */
void		 ac_archive_abort(struct ac_archive_writer *);
/*
 * Make a writer not committed yet write the archive of another VOD (an
 * upload whose VOD id is known only after reading): nothing is copied.
 */
enum ac_err	 ac_archive_retarget(struct ac_archive_writer *,
		    const struct ac_settings *, const char *vod_id,
		    struct ac_error *err);

/* Read a VOD's archive as a chat (NDJSON, gzip) into fn. */
enum ac_err	 ac_archive_read(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, ac_msg_fn fn, void *arg,
		    struct ac_chat_stats *, struct ac_error *);
enum ac_err	 ac_archive_delete(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, struct ac_error *);

/*
 * Analyse a stored VOD (features.c): from its feature file
 * CHAT_STORAGE_DIR/<vod_id>.features when it is of this scorer version
 * and of the archive as it is, else from the chat archive, writing the
 * feature file for next time (best effort).  *cached (may be NULL) says
 * which; stats are zero from the feature file.  Errors as
 * ac_archive_read, or those of ac_hype_finish.
 */
enum ac_err	 ac_archive_analyze(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, const struct ac_hype_config *,
		    const struct ac_vod *, int top, struct ac_result *,
		    struct ac_chat_stats *, struct ac_error *, int *cached);
/* The same, ranked and bounded with learned weights (NULL or off: none). */
enum ac_err	 ac_archive_analyze_learned(const struct ac_settings *,
		    struct ac_store *, const char *vod_id,
		    const struct ac_hype_config *, const struct ac_vod *, int top,
		    const struct ac_learned *, struct ac_result *,
		    struct ac_chat_stats *, struct ac_error *, int *cached);
/* Remove a VOD's feature file (done by archive commit and delete). */
void		 ac_features_delete(const struct ac_settings *, const char *vod_id);
/*
 * An import writes the feature file as it analyses: begin before
 * ac_hype_finish (a temporary file; NULL when it cannot, which is no
 * error), commit after the archive is committed (stamped with it and
 * renamed into place), or abort.  All best effort.
 */
struct ac_features_writer;
struct ac_features_writer *ac_features_begin(const struct ac_settings *,
		    const char *vod_id, struct ac_hype *);
void		 ac_features_commit(struct ac_features_writer *,
		    const struct ac_settings *, const char *vod_id);
void		 ac_features_abort(struct ac_features_writer *);

/* --- feature files (features.c) --- */

/* CHAT_STORAGE_DIR/<vod_id>.features; -1 when it cannot be named. */
int		 ac__features_path(const struct ac_settings *, const char *vod_id,
		    char *buf, size_t size);

#endif /* !AC_STORE_H */
