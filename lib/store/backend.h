/* SPDX-License-Identifier: ISC */
/*
 * backend.h: the backend interface behind store.c (not installed).
 *
 * store.c parses the URL, calls a backend's open function, checks and
 * applies migrations, validates arguments (status names, limits, ids)
 * and holds the logic shared by every backend (clip status carry-over,
 * the analysis JSON).  A backend only runs SQL.  Every backend function
 * returns AC_OK, AC_ERR_NOTFOUND (no such row), AC_ERR_NOMEM or AC_ERR_DB
 * (with the database's message in its err, the last argument of every
 * function that can fail); arguments reach it already validated.
 *
 * Timestamps cross this interface as epoch seconds (double).  Backends
 * take "now" from the database clock or the system clock, as they like.
 */
#ifndef AC_STORE_BACKEND_H
#define AC_STORE_BACKEND_H

#include "store/store.h"

struct ac_store;
struct json_object;

/* One numbered migration, embedded at build time (migrations.c). */
struct store_migration {
	int		 version;
	const char	*name;		/* file name, e.g. "0001_init.sql" */
	const char	*sql;		/* the whole script */
};

/* Arrays ending with a { 0, NULL, NULL } entry (generated migrations.c). */
extern const struct store_migration store_migrations_sqlite[];
extern const struct store_migration store_migrations_pg[];

/* One reviewed clip as a backend reads it (store.c makes it a label). */
struct store_review {
	int64_t		 stream_id;
	int		 approved;		/* else rejected */
	const char	*features;		/* JSON text */
	double		 start, end;
	int		 has_proposed;
	double		 proposed_start, proposed_end;
	double		 start_shift_s, end_shift_s;
};
typedef int	 (*store_review_fn)(void *arg, const struct store_review *);
typedef int	 (*store_name_fn)(void *arg, const char *name);
typedef int	 (*store_learned_fn)(void *arg, const char *scope,
		    const char *weights, int64_t labels, int64_t vods,
		    double updated_at);

struct store_ops {
	const char	*name;				/* "sqlite", "postgresql" */
	const struct store_migration *migrations;	/* store_migrations_* */

	/* Release everything, including the handle itself. */
	void		 (*close)(struct ac_store *);

	/*
	 * Transactions.  begin takes the write lock at once (SQLite:
	 * BEGIN IMMEDIATE) so a read-then-write sequence never deadlocks.
	 * Not nested: store.c never begins twice.
	 */
	enum ac_err	 (*begin)(struct ac_store *, struct ac_error *);
	enum ac_err	 (*commit)(struct ac_store *, struct ac_error *);
	void		 (*rollback)(struct ac_store *);

	/*
	 * Migrations.  version: the schema_version row, 0 when the table
	 * does not exist (an empty database).  exec runs a whole script
	 * (several statements, no parameters).  set_version replaces the
	 * schema_version row (the table exists after migration 1).
	 * store.c calls: begin, version, exec, set_version, commit.
	 */
	enum ac_err	 (*version)(struct ac_store *, int *version,
	    struct ac_error *);
	enum ac_err	 (*exec)(struct ac_store *, const char *sql,
	    struct ac_error *);
	enum ac_err	 (*set_version)(struct ac_store *, int version,
	    struct ac_error *);
	/* Tests only: drop every table of autoclip (schema version 0 after). */
	enum ac_err	 (*reset)(struct ac_store *, struct ac_error *);

	/* Streams: the same contracts as the ac_store_stream_* functions. */
	enum ac_err	 (*stream_upsert)(struct ac_store *,
			    const struct ac_stream *, int64_t *id,
			    struct ac_error *);
	enum ac_err	 (*stream_get)(struct ac_store *, int64_t id,
			    struct ac_stream *, struct ac_error *);
	enum ac_err	 (*stream_get_vod)(struct ac_store *, const char *vod_id,
			    struct ac_stream *, struct ac_error *);
	/* limit is 1..AC_STORE_LIST_MAX, offset >= 0; *out malloc'd (NULL when n == 0). */
	enum ac_err	 (*stream_list)(struct ac_store *, int limit, int offset,
			    struct ac_stream **out, size_t *n,
			    struct ac_error *);
	/* q is checked (limit, offset, sort, text length; text never NULL). */
	enum ac_err	 (*stream_search)(struct ac_store *,
			    const struct ac_stream_query *q,
			    struct ac_stream **out, size_t *n, int64_t *total,
			    struct ac_error *);
	enum ac_err	 (*stream_pending)(struct ac_store *, int limit,
			    struct ac_stream **out, size_t *n,
			    struct ac_error *);
	/* status is valid; error may be NULL (stored as ""). */
	enum ac_err	 (*stream_set_status)(struct ac_store *, int64_t id,
			    const char *status, const char *error,
			    struct ac_error *);
	enum ac_err	 (*stream_delete)(struct ac_store *, int64_t id,
	    struct ac_error *);

	/*
	 * Analysis, called inside a transaction store.c began.
	 * stream_lock: AC_ERR_NOTFOUND when the stream does not exist; on
	 * PostgreSQL it locks the row (SELECT ... FOR UPDATE).
	 * analysis_replace: set timeline, config (JSON text), message_count,
	 * status "analyzed", error "", and replace every clip of the stream
	 * by clips[0..n) (their id, stream_id and created_at are ignored;
	 * updated_at, when > 0, is kept: a review carried over keeps its
	 * time; else now; status is valid).
	 * analysis_load: the stored timeline and config JSON (malloc'd, NULL
	 * when the stream was never analysed).
	 */
	enum ac_err	 (*stream_lock)(struct ac_store *, int64_t id,
	    struct ac_error *);
	enum ac_err	 (*analysis_replace)(struct ac_store *, int64_t stream_id,
			    const char *timeline, const char *config,
			    int64_t message_count,
			    const struct ac_stored_clip *clips, size_t n,
			    struct ac_error *);
	enum ac_err	 (*analysis_load)(struct ac_store *, int64_t stream_id,
			    char **timeline, char **config, struct ac_error *);

	/* Clips: the contracts of the ac_store_clip* functions. */
	enum ac_err	 (*clips)(struct ac_store *, int64_t stream_id,
			    struct ac_stored_clip **out, size_t *n,
			    struct ac_error *);
	enum ac_err	 (*clip_get)(struct ac_store *, int64_t id,
			    struct ac_stored_clip *, struct ac_error *);
	enum ac_err	 (*clip_set_status)(struct ac_store *, int64_t id,
			    const char *status, struct ac_error *);
	enum ac_err	 (*clip_delete)(struct ac_store *, int64_t id,
	    struct ac_error *);
	/* start and end are checked. */
	enum ac_err	 (*clip_set_bounds)(struct ac_store *, int64_t id,
			    double start, double end, struct ac_error *);

	/* Jobs: the contracts of the ac_store_job_* functions. */
	enum ac_err	 (*job_enqueue)(struct ac_store *, const char *kind,
			    int64_t stream_id, const char *params, int64_t *id,
			    struct ac_error *);
	enum ac_err	 (*job_find)(struct ac_store *, const char *kind,
			    const char *params, int prefix, struct ac_job *,
			    struct ac_error *);
	enum ac_err	 (*job_get)(struct ac_store *, int64_t id,
	    struct ac_job *, struct ac_error *);
	enum ac_err	 (*job_active)(struct ac_store *, const char *kind,
			    int64_t stream_id, struct ac_job *,
			    struct ac_error *);
	/* capped NULL: any job; else kind capped only while < cap run. */
	enum ac_err	 (*job_claim)(struct ac_store *, const char *worker,
			    const char *capped, int cap, struct ac_job *,
			    struct ac_error *);
	enum ac_err	 (*job_progress)(struct ac_store *, int64_t id,
			    const char *worker, double progress,
			    const char *message, struct ac_error *);
	enum ac_err	 (*job_finish)(struct ac_store *, int64_t id,
			    const char *worker, struct ac_error *);
	enum ac_err	 (*job_fail)(struct ac_store *, int64_t id,
			    const char *worker, const char *message,
			    struct ac_error *);
	enum ac_err	 (*job_cancel)(struct ac_store *, int64_t id,
	    struct ac_error *);
	/* The message of a queued job (why it waits). */
	enum ac_err	 (*job_note)(struct ac_store *, int64_t id,
			    const char *message, struct ac_error *);
	enum ac_err	 (*job_retry)(struct ac_store *, int64_t id,
	    struct ac_error *);
	enum ac_err	 (*job_reclaim)(struct ac_store *, double stale_s,
	    int *n, struct ac_error *);

	/*
	 * Finished exports kept in the database (CHAT_STORAGE=database), in
	 * chunks of one job: the contracts of the ac_store_blob_* functions.
	 */
	enum ac_err	 (*blob_put)(struct ac_store *, int64_t job_id, int chunk,
			    const void *data, size_t len, struct ac_error *);
	enum ac_err	 (*blob_done)(struct ac_store *, int64_t job_id,
			    int64_t bytes, int chunk_size, struct ac_error *);
	enum ac_err	 (*blob_info)(struct ac_store *, int64_t job_id,
			    int64_t *bytes, int *chunk_size, struct ac_error *);
	enum ac_err	 (*blob_chunk)(struct ac_store *, int64_t job_id,
			    int chunk, void *buf, size_t size, size_t *len,
			    struct ac_error *);
	enum ac_err	 (*blob_touch)(struct ac_store *, int64_t job_id,
	    struct ac_error *);
	enum ac_err	 (*blob_oldest)(struct ac_store *, int64_t keep,
			    int64_t *job_id, int64_t *total, struct ac_error *);
	enum ac_err	 (*blob_delete)(struct ac_store *, int64_t job_id,
	    struct ac_error *);

	/*
	 * Chat archives kept in the database (CHAT_STORAGE=database): the
	 * compressed bytes of one VOD, replaced whole.  archive_get: *data
	 * malloc'd; AC_ERR_NOTFOUND when there is none.  archive_delete:
	 * AC_ERR_NOTFOUND when there was none.
	 */
	enum ac_err	 (*archive_put)(struct ac_store *, const char *vod_id,
			    const void *data, size_t len, struct ac_error *);
	enum ac_err	 (*archive_get)(struct ac_store *, const char *vod_id,
			    void **data, size_t *len, struct ac_error *);
	enum ac_err	 (*archive_delete)(struct ac_store *,
	    const char *vod_id, struct ac_error *);

	/*
	 * Learning from review.  reviews: the approved and rejected clips
	 * with features, of streams of channel (NULL: all), most recently
	 * reviewed first, at most limit, each handed to fn (a non-zero
	 * return stops with AC_ERR_NOMEM).  review_channels: the distinct
	 * channels ("" left out) of such clips, by name, at most limit.
	 * learned_*: the learned_weights rows (weights is their JSON text;
	 * get's *weights malloc'd, AC_ERR_NOTFOUND when none; delete of a
	 * missing scope is AC_OK); list by scope, at most limit.
	 */
	enum ac_err	 (*reviews)(struct ac_store *, const char *channel,
			    int limit, store_review_fn fn, void *arg, struct ac_error *);
	enum ac_err	 (*review_channels)(struct ac_store *, int limit,
			    store_name_fn fn, void *arg, struct ac_error *);
	enum ac_err	 (*learned_get)(struct ac_store *, const char *scope,
			    char **weights, int64_t *labels, int64_t *vods,
			    double *updated_at, struct ac_error *);
	enum ac_err	 (*learned_put)(struct ac_store *, const char *scope,
			    const char *weights, int64_t labels, int64_t vods, struct ac_error *);
	enum ac_err	 (*learned_delete)(struct ac_store *, const char *scope, struct ac_error *);
	enum ac_err	 (*learned_list)(struct ac_store *, int limit,
			    store_learned_fn fn, void *arg, struct ac_error *);
};

/*
 * The handle.  A backend allocates its own structure with this as its
 * first member and fills ops; store.c owns nothing else in it.
 */
struct ac_store {
	const struct store_ops *ops;
};

/* A status or state name read from the database to its enum (states.c). */
enum ac_stream_status store_stream_status(const char *);
enum ac_clip_status store_clip_status(const char *);
enum ac_job_state store_job_state(const char *);

/*
 * Backend constructors: connect or create, nothing about the schema.
 * Errors (with AC_ERR_DB or AC_ERR_IO) are described in err.
 */
enum ac_err	 store_sqlite_open(struct ac_store **, const char *path,
		    struct ac_error *err);
enum ac_err	 store_pg_open(struct ac_store **, const char *url,
		    struct ac_error *err);

/*
 * A clip's features as stored (learned.c): JSON text of an object by
 * feature name into buf (json-c; -1 when it does not fit), and back (a
 * missing name is 0; -1 when it is not such an object or a value is not a
 * finite number).
 */
int		 store_features_text(const double *x, char *buf, size_t size);
int		 store_features_parse(const char *json, double *x);
#define STORE_FEATURES_TEXT_MAX	 1024


/* Tests only: drop everything, or force the schema_version row. */
enum ac_err	 store_reset(struct ac_store *, struct ac_error *);
enum ac_err	 store_force_version(struct ac_store *, int version,
    struct ac_error *);

/* The last migration's version of a backend. */
int		 store_latest_version(const struct store_migration *);

/* The plain JSON text of o, allocated; NULL when out of memory (store.c). */
char		*store_json_dup(struct json_object *);

#endif /* !AC_STORE_BACKEND_H */
