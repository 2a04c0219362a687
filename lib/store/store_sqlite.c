/* SPDX-License-Identifier: ISC */
/*
 * store_sqlite.c: the SQLite backend of the store (see store.h).
 *
 * Length: one SQL statement wrapper per operation of the store interface
 * (store.h); they share only the statement helpers at the top.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "autoclip.h"
#include "store/store.h"
#include "store/backend.h"

#define BUSY_TIMEOUT_MS	 10000	/* wait this long for another writer */

struct sq {
	struct ac_store	 base;
	sqlite3		*db;
};

#define DB(st)	 (((struct sq *)(st))->db)

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static enum ac_err
dberr(struct ac_store *st, const char *what, struct ac_error *err)
{
	ac_error_set(err, AC_ERR_DB, "%s: %s", what, sqlite3_errmsg(DB(st)));
	return AC_ERR_DB;
}

/* Prepare a statement; AC_ERR_DB on failure. */
static enum ac_err
prep(struct ac_store *st, const char *sql, sqlite3_stmt **stmt,
    struct ac_error *err)
{
	if (sqlite3_prepare_v2(DB(st), sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return dberr(st, "prepare", err);
	}
	return AC_OK;
}

/* Step a statement that returns no rows (or ignores them); finalises it. */
static enum ac_err
run(struct ac_store *st, sqlite3_stmt *stmt, int *changes, struct ac_error *err)
{
	int	 rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		continue;
	if (rc != SQLITE_DONE) {
		dberr(st, "step", err);
		sqlite3_finalize(stmt);
		return AC_ERR_DB;
	}
	if (changes != NULL)
		*changes = sqlite3_changes(DB(st));
	sqlite3_finalize(stmt);
	return AC_OK;
}

/* A statement that changes exactly the rows it names: NOTFOUND when none. */
static enum ac_err
run_one(struct ac_store *st, sqlite3_stmt *stmt, struct ac_error *err)
{
	enum ac_err	 rc;
	int		 n = 0;

	if ((rc = run(st, stmt, &n, err)) != AC_OK)
		return rc;
	return n > 0 ? AC_OK : AC_ERR_NOTFOUND;
}

static void
col_text(sqlite3_stmt *stmt, int i, char *buf, size_t size)
{
	const unsigned char	*s = sqlite3_column_text(stmt, i);
	size_t			 len;

	if (s == NULL) {
		buf[0] = '\0';
		return;
	}
	len = (size_t)sqlite3_column_bytes(stmt, i);
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

static char *
col_strdup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s = sqlite3_column_text(stmt, i);

	return s == NULL ? NULL : strdup((const char *)s);
}

static enum ac_err
exec_simple(struct ac_store *st, const char *sql, struct ac_error *err)
{
	char	*msg = NULL;

	if (sqlite3_exec(DB(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		ac_error_set(err, AC_ERR_DB, "%s", msg !=
		    NULL ? msg : "exec failed");
		sqlite3_free(msg);
		return AC_ERR_DB;
	}
	return AC_OK;
}

static void
sq_close(struct ac_store *st)
{
	sqlite3_close_v2(DB(st));
	free(st);
}

static enum ac_err
sq_begin(struct ac_store *st, struct ac_error *err)
{
	return exec_simple(st, "BEGIN IMMEDIATE", err);
}

static enum ac_err
sq_commit(struct ac_store *st, struct ac_error *err)
{
	return exec_simple(st, "COMMIT", err);
}

static void
sq_rollback(struct ac_store *st)
{
	if (!sqlite3_get_autocommit(DB(st)))
		sqlite3_exec(DB(st), "ROLLBACK", NULL, NULL, NULL);
}

static enum ac_err
sq_version(struct ac_store *st, int *version, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	*version = 0;
	if ((rc = prep(st, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'schema_version'", &s, err)) !=
	    AC_OK)
		return rc;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return dberr(st, "schema version", err);
	}
	r = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (r == 0)
		return AC_OK;
	if ((rc = prep(st, "SELECT max(version) FROM schema_version",
	    &s, err)) != AC_OK)
		return rc;
	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return r == SQLITE_ROW ? AC_OK : dberr(st, "schema version", err);
}

static enum ac_err
sq_exec(struct ac_store *st, const char *sql, struct ac_error *err)
{
	return exec_simple(st, sql, err);
}

static enum ac_err
sq_set_version(struct ac_store *st, int version, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = exec_simple(st, "DELETE FROM schema_version", err)) != AC_OK)
		return rc;
	if ((rc = prep(st, "INSERT INTO schema_version (version) VALUES (?)",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int(s, 1, version);
	return run(st, s, NULL, err);
}

static enum ac_err
sq_reset(struct ac_store *st, struct ac_error *err)
{
	return exec_simple(st, "DROP TABLE IF EXISTS learned_weights; "
	    "DROP TABLE IF EXISTS export_chunks; "
	    "DROP TABLE IF EXISTS export_files; DROP TABLE IF EXISTS jobs; "
	    "DROP TABLE IF EXISTS clips; DROP TABLE IF EXISTS chat_archives; "
	    "DROP TABLE IF EXISTS streams; "
	    "DROP TABLE IF EXISTS schema_version", err);
}

/* --- streams --- */

#define STREAM_COLS \
	"s.id, s.vod_id, s.channel, s.title, s.vod_start, s.duration_s, " \
	"s.source, s.message_count, s.chat_downloaded, s.status, s.error, " \
	"s.created_at, s.updated_at, " \
	"(SELECT count(*) FROM clips c WHERE c.stream_id = s.id)"

static void
stream_row(sqlite3_stmt *s, struct ac_stream *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, o->vod_id, sizeof(o->vod_id));
	col_text(s, 2, o->channel, sizeof(o->channel));
	col_text(s, 3, o->title, sizeof(o->title));
	o->has_start = sqlite3_column_type(s, 4) != SQLITE_NULL;
	o->vod_start = o->has_start ? sqlite3_column_double(s, 4) : 0.0;
	o->duration_s = sqlite3_column_double(s, 5);
	col_text(s, 6, o->source, sizeof(o->source));
	o->message_count = sqlite3_column_int64(s, 7);
	o->chat_downloaded = sqlite3_column_int(s, 8) != 0;
	o->status = store_stream_status(
	    (const char *)sqlite3_column_text(s, 9));
	col_text(s, 10, o->error, sizeof(o->error));
	o->created_at = sqlite3_column_double(s, 11);
	o->updated_at = sqlite3_column_double(s, 12);
	o->clips_count = sqlite3_column_int64(s, 13);
}

static enum ac_err
sq_stream_upsert(struct ac_store *st, const struct ac_stream *v, int64_t *id,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();
	int		 r;

	if ((rc = prep(st, "INSERT INTO streams (vod_id, channel, title, "
	    "vod_start, duration_s, source, message_count, chat_downloaded, "
	    "status, error, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (vod_id) DO UPDATE SET channel = excluded.channel, "
	    "title = excluded.title, vod_start = excluded.vod_start, "
	    "duration_s = excluded.duration_s, source = excluded.source, "
	    "message_count = excluded.message_count, "
	    "chat_downloaded = excluded.chat_downloaded, "
	    "status = excluded.status, error = excluded.error, "
	    "updated_at = excluded.updated_at RETURNING id", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, v->vod_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, v->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, v->title, -1, SQLITE_STATIC);
	if (v->has_start)
		sqlite3_bind_double(s, 4, v->vod_start);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_double(s, 5, v->duration_s);
	sqlite3_bind_text(s, 6, v->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, v->message_count);
	sqlite3_bind_int(s, 8, v->chat_downloaded != 0);
	sqlite3_bind_text(s, 9, ac_stream_status_name(v->status), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 10, v->error, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 11, t);
	sqlite3_bind_double(s, 12, t);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		dberr(st, "stream upsert", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	*id = sqlite3_column_int64(s, 0);
	return run(st, s, NULL, err);
}

static enum ac_err
stream_one(struct ac_store *st, sqlite3_stmt *s, struct ac_stream *o,
    struct ac_error *err)
{
	int	 r;

	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		stream_row(s, o);
	sqlite3_finalize(s);
	if (r == SQLITE_ROW)
		return AC_OK;
	return r == SQLITE_DONE ? AC_ERR_NOTFOUND : dberr(st, "stream get",
	    err);
}

static enum ac_err
sq_stream_get(struct ac_store *st, int64_t id, struct ac_stream *o,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " STREAM_COLS " FROM streams s "
	    "WHERE s.id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	return stream_one(st, s, o, err);
}

static enum ac_err
sq_stream_get_vod(struct ac_store *st, const char *vod_id,
    struct ac_stream *o, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " STREAM_COLS " FROM streams s "
	    "WHERE s.vod_id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, vod_id, -1, SQLITE_STATIC);
	return stream_one(st, s, o, err);
}

/* Collect up to limit rows of a stream query; finalises the statement. */
static enum ac_err
stream_rows(struct ac_store *st, sqlite3_stmt *s, int limit,
    struct ac_stream **out, size_t *n, struct ac_error *err)
{
	struct ac_stream	*v;
	int			 r;

	if ((v = calloc((size_t)limit, sizeof(*v))) == NULL) {
		sqlite3_finalize(s);
		return AC_ERR_NOMEM;
	}
	*n = 0;
	while (*n < (size_t)limit && (r = sqlite3_step(s)) == SQLITE_ROW)
		stream_row(s, &v[(*n)++]);
	if (*n < (size_t)limit && r != SQLITE_DONE) {
		dberr(st, "stream list", err);
		sqlite3_finalize(s);
		free(v);
		*n = 0;
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	if (*n == 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	return AC_OK;
}

static enum ac_err
sq_stream_list(struct ac_store *st, int limit, int offset,
    struct ac_stream **out, size_t *n, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " STREAM_COLS " FROM streams s "
	    "ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int(s, 1, limit);
	sqlite3_bind_int(s, 2, offset);
	return stream_rows(st, s, limit, out, n, err);
}

/* ORDER BY of each ac_stream_sort: fixed text, never from a request. */
static const char *const sq_sort_sql[AC_SORT__MAX] = {
	"s.created_at DESC, s.id DESC",		/* AC_SORT_NEWEST */
	"s.created_at ASC, s.id ASC",		/* AC_SORT_OLDEST */
	"14 DESC, s.created_at DESC, s.id DESC",	/* AC_SORT_CLIPS */
};

#define SQ_MATCH "(?1 = '' OR instr(lower(s.title), lower(?1)) > 0 OR " \
	"instr(lower(s.channel), lower(?1)) > 0)"

static enum ac_err
sq_stream_search(struct ac_store *st, const struct ac_stream_query *q,
    struct ac_stream **out, size_t *n, int64_t *total, struct ac_error *err)
{
	sqlite3_stmt	*s;
	char		 sql[1024];
	enum ac_err	 rc;
	size_t		 i;
	int		 r;

	if ((rc = prep(st, "SELECT count(*) FROM streams s WHERE " SQ_MATCH,
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, q->text, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		dberr(st, "stream search", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	*total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	snprintf(sql, sizeof(sql), "SELECT " STREAM_COLS ", (SELECT count(*) "
	    "FROM clips c WHERE c.stream_id = s.id AND c.status = 'approved') "
	    "FROM streams s WHERE " SQ_MATCH " ORDER BY %s LIMIT ?2 OFFSET ?3",
	    sq_sort_sql[q->sort]);
	if ((rc = prep(st, sql, &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, q->text, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, q->limit);
	sqlite3_bind_int(s, 3, q->offset);
	/* stream_rows reads the common columns; the approved count after. */
	if ((*out = calloc((size_t)q->limit, sizeof(**out))) == NULL) {
		sqlite3_finalize(s);
		return AC_ERR_NOMEM;
	}
	for (i = 0; i < (size_t)q->limit && (r = sqlite3_step(s)) ==
	    SQLITE_ROW; i++) {
		stream_row(s, &(*out)[i]);
		(*out)[i].approved_count = sqlite3_column_int64(s, 14);
	}
	*n = i;
	if (i < (size_t)q->limit && r != SQLITE_DONE) {
		dberr(st, "stream search", err);
		sqlite3_finalize(s);
		free(*out);
		*out = NULL;
		*n = 0;
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	if (*n == 0) {
		free(*out);
		*out = NULL;
	}
	return AC_OK;
}

static enum ac_err
sq_stream_pending(struct ac_store *st, int limit, struct ac_stream **out,
    size_t *n, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " STREAM_COLS " FROM streams s "
	    "WHERE s.status IN ('queued', 'running', 'failed') "
	    "ORDER BY s.created_at DESC, s.id DESC LIMIT ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int(s, 1, limit);
	return stream_rows(st, s, limit, out, n, err);
}

static enum ac_err
sq_stream_set_status(struct ac_store *st, int64_t id, const char *status,
    const char *error, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE streams SET status = ?, error = ?, "
	    "updated_at = ? WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, error, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 3, now());
	sqlite3_bind_int64(s, 4, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_stream_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	/* foreign_keys=ON: clips and jobs go with it (ON DELETE CASCADE). */
	if ((rc = prep(st, "DELETE FROM streams WHERE id = ?", &s, err)) !=
	    AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	return run_one(st, s, err);
}

/* --- analysis --- */

static enum ac_err
sq_stream_lock(struct ac_store *st, int64_t id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	/* BEGIN IMMEDIATE already holds the write lock: check existence. */
	if ((rc = prep(st, "SELECT 1 FROM streams WHERE id = ?", &s, err)) !=
	    AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	sqlite3_finalize(s);
	if (r == SQLITE_ROW)
		return AC_OK;
	return r == SQLITE_DONE ? AC_ERR_NOTFOUND : dberr(st, "stream lock",
	    err);
}

static enum ac_err
sq_analysis_replace(struct ac_store *st, int64_t id, const char *timeline,
    const char *config, int64_t message_count,
    const struct ac_stored_clip *c, size_t n, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();
	size_t		 i;

	if ((rc = prep(st, "UPDATE streams SET timeline = ?, config = ?, "
	    "message_count = ?, status = 'analyzed', error = '', "
	    "updated_at = ? WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, timeline, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, config, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, message_count);
	sqlite3_bind_double(s, 4, t);
	sqlite3_bind_int64(s, 5, id);
	if ((rc = run_one(st, s, err)) != AC_OK)
		return rc;
	if ((rc = prep(st, "DELETE FROM clips WHERE stream_id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = run(st, s, NULL, err)) != AC_OK)
		return rc;
	if ((rc = prep(st, "INSERT INTO clips (stream_id, rank, start_s, "
	    "end_s, peak_s, score, virality, status, created_at, updated_at, "
	    "features, proposed_start_s, proposed_end_s, start_shift_s, "
	    "end_shift_s, learned_delta) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &s, err)) != AC_OK)
		return rc;
	for (i = 0; i < n; i++) {
		char	 feat[STORE_FEATURES_TEXT_MAX];

		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, c[i].rank);
		sqlite3_bind_double(s, 3, c[i].start);
		sqlite3_bind_double(s, 4, c[i].end);
		sqlite3_bind_double(s, 5, c[i].peak);
		sqlite3_bind_double(s, 6, c[i].score);
		sqlite3_bind_int(s, 7, c[i].virality);
		sqlite3_bind_text(s, 8, ac_clip_status_name(c[i].status), -1,
		    SQLITE_STATIC);
		sqlite3_bind_double(s, 9, t);
		sqlite3_bind_double(s, 10, c[i].updated_at > 0 ?
		    c[i].updated_at : t);
		if (c[i].has_features && store_features_text(c[i].features,
		    feat, sizeof(feat)) == 0)
			sqlite3_bind_text(s, 11, feat, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(s, 11);
		if (c[i].has_proposed) {
			sqlite3_bind_double(s, 12, c[i].proposed_start);
			sqlite3_bind_double(s, 13, c[i].proposed_end);
		} else {
			sqlite3_bind_null(s, 12);
			sqlite3_bind_null(s, 13);
		}
		sqlite3_bind_double(s, 14, c[i].start_shift_s);
		sqlite3_bind_double(s, 15, c[i].end_shift_s);
		if (c[i].has_learned_delta)
			sqlite3_bind_double(s, 16, c[i].learned_delta);
		else
			sqlite3_bind_null(s, 16);
		if (sqlite3_step(s) != SQLITE_DONE) {
			dberr(st, "clip insert", err);
			sqlite3_finalize(s);
			return AC_ERR_DB;
		}
	}
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_analysis_load(struct ac_store *st, int64_t id, char **timeline,
    char **config, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	*timeline = *config = NULL;
	if ((rc = prep(st, "SELECT timeline, config FROM streams "
	    "WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return r == SQLITE_DONE ? AC_ERR_NOTFOUND :
		    dberr(st, "analysis load", err);
	}
	rc = AC_OK;
	if ((sqlite3_column_type(s, 0) != SQLITE_NULL &&
	    (*timeline = col_strdup(s, 0)) == NULL) ||
	    (sqlite3_column_type(s, 1) != SQLITE_NULL &&
	    (*config = col_strdup(s, 1)) == NULL)) {
		free(*timeline);
		free(*config);
		*timeline = *config = NULL;
		rc = AC_ERR_NOMEM;
	}
	sqlite3_finalize(s);
	return rc;
}

/* --- clips --- */

#define CLIP_COLS \
	"id, stream_id, rank, start_s, end_s, peak_s, score, virality, " \
	"status, created_at, updated_at, features, proposed_start_s, " \
	"proposed_end_s, start_shift_s, end_shift_s, learned_delta"

static void
clip_row(sqlite3_stmt *s, struct ac_stored_clip *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, 0);
	c->stream_id = sqlite3_column_int64(s, 1);
	c->rank = sqlite3_column_int(s, 2);
	c->start = sqlite3_column_double(s, 3);
	c->end = sqlite3_column_double(s, 4);
	c->peak = sqlite3_column_double(s, 5);
	c->score = sqlite3_column_double(s, 6);
	c->virality = sqlite3_column_int(s, 7);
	c->status = store_clip_status((const char *)sqlite3_column_text(s, 8));
	c->created_at = sqlite3_column_double(s, 9);
	c->updated_at = sqlite3_column_double(s, 10);
	c->has_features = sqlite3_column_type(s, 11) != SQLITE_NULL &&
	    store_features_parse((const char *)sqlite3_column_text(s, 11),
	    c->features) == 0;
	c->has_proposed = sqlite3_column_type(s, 12) != SQLITE_NULL &&
	    sqlite3_column_type(s, 13) != SQLITE_NULL;
	c->proposed_start = sqlite3_column_double(s, 12);
	c->proposed_end = sqlite3_column_double(s, 13);
	c->start_shift_s = sqlite3_column_double(s, 14);
	c->end_shift_s = sqlite3_column_double(s, 15);
	c->has_learned_delta = sqlite3_column_type(s, 16) != SQLITE_NULL;
	c->learned_delta = sqlite3_column_double(s, 16);
}

static enum ac_err
sq_clips(struct ac_store *st, int64_t stream_id, struct ac_stored_clip **out,
    size_t *n, struct ac_error *err)
{
	sqlite3_stmt		*s;
	struct ac_stored_clip	*v = NULL, *nv;
	size_t			 cap = 0;
	enum ac_err		 rc;
	int			 r;

	*out = NULL;
	*n = 0;
	if ((rc = prep(st, "SELECT " CLIP_COLS " FROM clips "
	    "WHERE stream_id = ? ORDER BY rank, id", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, stream_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				sqlite3_finalize(s);
				free(v);
				*n = 0;
				return AC_ERR_NOMEM;
			}
			v = nv;
		}
		clip_row(s, &v[(*n)++]);
	}
	if (r != SQLITE_DONE) {
		dberr(st, "clips", err);
		sqlite3_finalize(s);
		free(v);
		*n = 0;
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	*out = v;
	return AC_OK;
}

static enum ac_err
sq_clip_get(struct ac_store *st, int64_t id, struct ac_stored_clip *c,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	if ((rc = prep(st, "SELECT " CLIP_COLS " FROM clips WHERE id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		clip_row(s, c);
	sqlite3_finalize(s);
	if (r == SQLITE_ROW)
		return AC_OK;
	return r == SQLITE_DONE ? AC_ERR_NOTFOUND : dberr(st, "clip get", err);
}

static enum ac_err
sq_clip_set_status(struct ac_store *st, int64_t id, const char *status,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE clips SET status = ?, updated_at = ? "
	    "WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, now());
	sqlite3_bind_int64(s, 3, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_clip_set_bounds(struct ac_store *st, int64_t id, double start, double end,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE clips SET start_s = ?, end_s = ?, "
	    "updated_at = ? WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, start);
	sqlite3_bind_double(s, 2, end);
	sqlite3_bind_double(s, 3, now());
	sqlite3_bind_int64(s, 4, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_clip_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "DELETE FROM clips WHERE id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	return run_one(st, s, err);
}

/* --- jobs --- */

#define JOB_COLS \
	"id, kind, stream_id, state, progress, message, attempts, worker, " \
	"heartbeat_at, created_at, updated_at, params"

static void
job_row(sqlite3_stmt *s, struct ac_job *j)
{
	memset(j, 0, sizeof(*j));
	j->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, j->kind, sizeof(j->kind));
	j->stream_id = sqlite3_column_int64(s, 2);
	j->state = store_job_state((const char *)sqlite3_column_text(s, 3));
	j->progress = sqlite3_column_double(s, 4);
	col_text(s, 5, j->message, sizeof(j->message));
	j->attempts = sqlite3_column_int(s, 6);
	col_text(s, 7, j->worker, sizeof(j->worker));
	j->heartbeat_at = sqlite3_column_double(s, 8);
	j->created_at = sqlite3_column_double(s, 9);
	j->updated_at = sqlite3_column_double(s, 10);
	col_text(s, 11, j->params, sizeof(j->params));
}

static enum ac_err
job_one(struct ac_store *st, sqlite3_stmt *s, struct ac_job *j,
    struct ac_error *err)
{
	int	 r;

	if ((r = sqlite3_step(s)) == SQLITE_ROW && j != NULL)
		job_row(s, j);
	if (r == SQLITE_ROW)	/* finish an UPDATE ... RETURNING */
		while ((r = sqlite3_step(s)) == SQLITE_ROW)
			continue;
	else if (r == SQLITE_DONE) {
		sqlite3_finalize(s);
		return AC_ERR_NOTFOUND;
	}
	if (r != SQLITE_DONE) {
		dberr(st, "job", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_job_enqueue(struct ac_store *st, const char *kind, int64_t stream_id,
    const char *params, int64_t *id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();

	if ((rc = prep(st, "INSERT INTO jobs (kind, stream_id, state, "
	    "created_at, updated_at, params) VALUES (?, ?, 'queued', ?, ?, ?)",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 5, params, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	if (stream_id > 0)
		sqlite3_bind_int64(s, 2, stream_id);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_double(s, 3, t);
	sqlite3_bind_double(s, 4, t);
	if ((rc = run(st, s, NULL, err)) != AC_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(DB(st));
	return AC_OK;
}

static enum ac_err
sq_job_get(struct ac_store *st, int64_t id, struct ac_job *j,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " JOB_COLS " FROM jobs WHERE id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	return job_one(st, s, j, err);
}

static enum ac_err
sq_job_active(struct ac_store *st, const char *kind, int64_t stream_id,
    struct ac_job *j, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "SELECT " JOB_COLS " FROM jobs WHERE kind = ? "
	    "AND stream_id = ? AND state IN ('queued', 'running') "
	    "ORDER BY created_at, id LIMIT 1", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, stream_id);
	return job_one(st, s, j, err);
}

static enum ac_err
sq_job_find(struct ac_store *st, const char *kind, const char *params,
    int prefix, struct ac_job *j, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, prefix ? "SELECT " JOB_COLS " FROM jobs "
	    "WHERE kind = ? AND substr(params, 1, length(?2)) = ?2 "
	    "ORDER BY id DESC LIMIT 1" : "SELECT " JOB_COLS " FROM jobs "
	    "WHERE kind = ? AND params = ?2 ORDER BY id DESC LIMIT 1",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, params, -1, SQLITE_STATIC);
	return job_one(st, s, j, err);
}

static enum ac_err
sq_job_claim(struct ac_store *st, const char *worker, const char *capped,
    int cap, struct ac_job *j, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();

	if ((rc = sq_begin(st, err)) != AC_OK)
		return rc;
	/* Inside BEGIN IMMEDIATE: the count and the claim are one step. */
	if ((rc = prep(st, "UPDATE jobs SET state = 'running', worker = ?1, "
	    "attempts = attempts + 1, heartbeat_at = ?2, updated_at = ?3 "
	    "WHERE id = (SELECT id FROM jobs WHERE state = 'queued' "
	    "AND (?4 IS NULL OR kind <> ?4 OR (SELECT count(*) FROM jobs "
	    "WHERE kind = ?4 AND state = 'running') < ?5) "
	    "ORDER BY created_at, id LIMIT 1) RETURNING " JOB_COLS,
	    &s, err)) != AC_OK) {
		sq_rollback(st);
		return rc;
	}
	sqlite3_bind_text(s, 1, worker, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, t);
	sqlite3_bind_double(s, 3, t);
	if (capped != NULL)
		sqlite3_bind_text(s, 4, capped, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int(s, 5, cap);
	if ((rc = job_one(st, s, j, err)) != AC_OK) {
		sq_rollback(st);
		return rc;
	}
	if ((rc = sq_commit(st, err)) != AC_OK)
		sq_rollback(st);
	return rc;
}

static enum ac_err
sq_job_progress(struct ac_store *st, int64_t id, const char *worker,
    double progress, const char *message, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();

	if ((rc = prep(st, "UPDATE jobs SET progress = ?, message = ?, "
	    "heartbeat_at = ?, updated_at = ? WHERE id = ? "
	    "AND state = 'running' AND worker = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, progress);
	sqlite3_bind_text(s, 2, message, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 3, t);
	sqlite3_bind_double(s, 4, t);
	sqlite3_bind_int64(s, 5, id);
	sqlite3_bind_text(s, 6, worker, -1, SQLITE_STATIC);
	return run_one(st, s, err);
}

/* Move a running job of this worker to done or failed. */
static enum ac_err
job_end(struct ac_store *st, int64_t id, const char *worker,
    const char *state, const char *message, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	const char	*sql;

	sql = message == NULL ?
	    "UPDATE jobs SET state = ?, progress = 1, updated_at = ? "
	    "WHERE id = ? AND state = 'running' AND worker = ?" :
	    "UPDATE jobs SET state = ?, updated_at = ?, message = ? "
	    "WHERE id = ? AND state = 'running' AND worker = ?";
	if ((rc = prep(st, sql, &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, now());
	if (message == NULL) {
		sqlite3_bind_int64(s, 3, id);
		sqlite3_bind_text(s, 4, worker, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(s, 3, message, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, id);
		sqlite3_bind_text(s, 5, worker, -1, SQLITE_STATIC);
	}
	return run_one(st, s, err);
}

static enum ac_err
sq_job_finish(struct ac_store *st, int64_t id, const char *worker,
    struct ac_error *err)
{
	return job_end(st, id, worker, "done", NULL, err);
}

static enum ac_err
sq_job_fail(struct ac_store *st, int64_t id, const char *worker,
    const char *message, struct ac_error *err)
{
	return job_end(st, id, worker, "failed", message, err);
}

static enum ac_err
sq_job_cancel(struct ac_store *st, int64_t id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE jobs SET state = 'cancelled', "
	    "updated_at = ? WHERE id = ? AND state IN ('queued', 'running')",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, now());
	sqlite3_bind_int64(s, 2, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_job_note(struct ac_store *st, int64_t id, const char *message,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE jobs SET message = ?, updated_at = ? "
	    "WHERE id = ? AND state = 'queued'", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, message, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, now());
	sqlite3_bind_int64(s, 3, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_job_retry(struct ac_store *st, int64_t id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE jobs SET state = 'queued', worker = '', "
	    "message = '', updated_at = ? WHERE id = ? "
	    "AND state IN ('failed', 'cancelled')", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, now());
	sqlite3_bind_int64(s, 2, id);
	return run_one(st, s, err);
}

static enum ac_err
sq_job_reclaim(struct ac_store *st, double stale_s, int *n,
    struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();

	if ((rc = prep(st, "UPDATE jobs SET state = 'queued', worker = '', "
	    "updated_at = ? WHERE state = 'running' "
	    "AND (heartbeat_at IS NULL OR heartbeat_at < ?)", &s, err)) !=
	    AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, t);
	sqlite3_bind_double(s, 2, t - stale_s);
	return run(st, s, n, err);
}

/* --- chat archives --- */

static enum ac_err
sq_archive_put(struct ac_store *st, const char *vod_id, const void *data,
    size_t len, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "INSERT INTO chat_archives (vod_id, data, bytes, "
	    "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (vod_id) DO UPDATE "
	    "SET data = excluded.data, bytes = excluded.bytes, "
	    "updated_at = excluded.updated_at", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, vod_id, -1, SQLITE_STATIC);
	if (sqlite3_bind_blob64(s, 2, len ? data : "", len,
	    SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(s);
		return dberr(st, "archive too large", err);
	}
	sqlite3_bind_int64(s, 3, (sqlite3_int64)len);
	sqlite3_bind_double(s, 4, now());
	return run(st, s, NULL, err);
}

static enum ac_err
sq_archive_get(struct ac_store *st, const char *vod_id, void **data,
    size_t *len, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	const void	*b;
	int		 r;

	*data = NULL;
	*len = 0;
	if ((rc = prep(st, "SELECT data FROM chat_archives WHERE vod_id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, vod_id, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return r == SQLITE_DONE ? AC_ERR_NOTFOUND :
		    dberr(st, "archive get", err);
	}
	b = sqlite3_column_blob(s, 0);
	*len = (size_t)sqlite3_column_bytes(s, 0);
	if ((*data = malloc(*len ? *len : 1)) == NULL) {
		sqlite3_finalize(s);
		*len = 0;
		return AC_ERR_NOMEM;
	}
	if (*len)
		memcpy(*data, b, *len);
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_archive_delete(struct ac_store *st, const char *vod_id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "DELETE FROM chat_archives WHERE vod_id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, vod_id, -1, SQLITE_STATIC);
	return run_one(st, s, err);
}

/* --- exports kept in the database --- */

static enum ac_err
sq_blob_put(struct ac_store *st, int64_t job_id, int chunk, const void *data,
    size_t len, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "INSERT INTO export_chunks (job_id, chunk, data) "
	    "VALUES (?, ?, ?) ON CONFLICT (job_id, chunk) DO UPDATE SET "
	    "data = excluded.data", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	sqlite3_bind_int(s, 2, chunk);
	sqlite3_bind_blob64(s, 3, len ? data : "", len, SQLITE_STATIC);
	return run(st, s, NULL, err);
}

static enum ac_err
sq_blob_done(struct ac_store *st, int64_t job_id, int64_t bytes,
    int chunk_size, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	double		 t = now();

	if ((rc = prep(st, "INSERT INTO export_files (job_id, bytes, "
	    "chunk_size, accessed_at, created_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (job_id) DO UPDATE SET bytes = excluded.bytes, "
	    "chunk_size = excluded.chunk_size", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	sqlite3_bind_int64(s, 2, bytes);
	sqlite3_bind_int(s, 3, chunk_size);
	sqlite3_bind_double(s, 4, t);
	sqlite3_bind_double(s, 5, t);
	return run(st, s, NULL, err);
}

static enum ac_err
sq_blob_info(struct ac_store *st, int64_t job_id, int64_t *bytes,
    int *chunk_size, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	if ((rc = prep(st, "SELECT bytes, chunk_size FROM export_files "
	    "WHERE job_id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return r == SQLITE_DONE ? AC_ERR_NOTFOUND :
		    dberr(st, "export info", err);
	}
	*bytes = sqlite3_column_int64(s, 0);
	*chunk_size = sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_blob_chunk(struct ac_store *st, int64_t job_id, int chunk, void *buf,
    size_t size, size_t *len, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	size_t		 n;
	int		 r;

	*len = 0;
	if ((rc = prep(st, "SELECT data FROM export_chunks WHERE job_id = ? "
	    "AND chunk = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	sqlite3_bind_int(s, 2, chunk);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return r == SQLITE_DONE ? AC_ERR_NOTFOUND :
		    dberr(st, "export chunk", err);
	}
	n = (size_t)sqlite3_column_bytes(s, 0);
	if (n > size) {
		sqlite3_finalize(s);
		return dberr(st, "export chunk larger than its buffer", err);
	}
	if (n > 0)
		memcpy(buf, sqlite3_column_blob(s, 0), n);
	*len = n;
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_blob_touch(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "UPDATE export_files SET accessed_at = ? "
	    "WHERE job_id = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_double(s, 1, now());
	sqlite3_bind_int64(s, 2, job_id);
	return run(st, s, NULL, err);
}

static enum ac_err
sq_blob_oldest(struct ac_store *st, int64_t keep, int64_t *job_id,
    int64_t *total, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	*job_id = 0;
	*total = 0;
	if ((rc = prep(st, "SELECT (SELECT coalesce(sum(bytes), 0) FROM "
	    "export_files), (SELECT job_id FROM export_files WHERE job_id <> ? "
	    "ORDER BY accessed_at, job_id LIMIT 1)", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, keep);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return dberr(st, "export oldest", err);
	}
	*total = sqlite3_column_int64(s, 0);
	*job_id = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_blob_delete(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "DELETE FROM export_chunks WHERE job_id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	if ((rc = run(st, s, NULL, err)) != AC_OK)
		return rc;
	if ((rc = prep(st, "DELETE FROM export_files WHERE job_id = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, job_id);
	return run(st, s, NULL, err);
}

/* --- learning from review --- */

static enum ac_err
sq_reviews(struct ac_store *st, const char *channel, int limit,
    store_review_fn fn, void *arg, struct ac_error *err)
{
	struct store_review	 r;
	sqlite3_stmt		*s;
	enum ac_err		 rc;
	int			 x;

	if ((rc = prep(st, "SELECT c.stream_id, c.status, c.features, "
	    "c.start_s, c.end_s, c.proposed_start_s, c.proposed_end_s, "
	    "c.start_shift_s, c.end_shift_s FROM clips c "
	    "JOIN streams s ON s.id = c.stream_id "
	    "WHERE c.status IN ('approved', 'rejected') "
	    "AND c.features IS NOT NULL AND (?1 IS NULL OR s.channel = ?1) "
	    "ORDER BY c.updated_at DESC, c.id DESC LIMIT ?2", &s, err)) != AC_OK)
		return rc;
	if (channel != NULL)
		sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	sqlite3_bind_int(s, 2, limit);
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.stream_id = sqlite3_column_int64(s, 0);
		r.approved = store_clip_status((const char *)
		    sqlite3_column_text(s, 1)) == AC_CLIP_APPROVED;
		r.features = (const char *)sqlite3_column_text(s, 2);
		r.start = sqlite3_column_double(s, 3);
		r.end = sqlite3_column_double(s, 4);
		r.has_proposed = sqlite3_column_type(s, 5) != SQLITE_NULL &&
		    sqlite3_column_type(s, 6) != SQLITE_NULL;
		r.proposed_start = sqlite3_column_double(s, 5);
		r.proposed_end = sqlite3_column_double(s, 6);
		r.start_shift_s = sqlite3_column_double(s, 7);
		r.end_shift_s = sqlite3_column_double(s, 8);
		if (fn(arg, &r) != 0) {
			sqlite3_finalize(s);
			ac_error_set(err, AC_ERR_DB, "reviews: out of memory");
			return AC_ERR_NOMEM;
		}
	}
	if (x != SQLITE_DONE) {
		dberr(st, "reviews", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_review_channels(struct ac_store *st, int limit, store_name_fn fn,
    void *arg, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 x;

	if ((rc = prep(st, "SELECT DISTINCT s.channel FROM clips c "
	    "JOIN streams s ON s.id = c.stream_id "
	    "WHERE c.status IN ('approved', 'rejected') "
	    "AND c.features IS NOT NULL AND s.channel <> '' "
	    "ORDER BY s.channel LIMIT ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int(s, 1, limit);
	while ((x = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0)) != 0) {
			sqlite3_finalize(s);
			ac_error_set(err, AC_ERR_DB, "channels: out of memory");
			return AC_ERR_NOMEM;
		}
	if (x != SQLITE_DONE) {
		dberr(st, "channels", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_learned_get(struct ac_store *st, const char *scope, char **weights,
    int64_t *labels, int64_t *vods, double *updated_at, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 r;

	*weights = NULL;
	if ((rc = prep(st, "SELECT weights, labels, vods, updated_at "
	    "FROM learned_weights WHERE scope = ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return r == SQLITE_DONE ? AC_ERR_NOTFOUND :
		    dberr(st, "learned weights", err);
	}
	if ((*weights = col_strdup(s, 0)) == NULL) {
		sqlite3_finalize(s);
		return AC_ERR_NOMEM;
	}
	*labels = sqlite3_column_int64(s, 1);
	*vods = sqlite3_column_int64(s, 2);
	*updated_at = sqlite3_column_double(s, 3);
	sqlite3_finalize(s);
	return AC_OK;
}

static enum ac_err
sq_learned_put(struct ac_store *st, const char *scope, const char *weights,
    int64_t labels, int64_t vods, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "INSERT INTO learned_weights (scope, weights, "
	    "labels, vods, updated_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (scope) DO UPDATE SET weights = excluded.weights, "
	    "labels = excluded.labels, vods = excluded.vods, "
	    "updated_at = excluded.updated_at", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, weights, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, labels);
	sqlite3_bind_int64(s, 4, vods);
	sqlite3_bind_double(s, 5, now());
	return run(st, s, NULL, err);
}

static enum ac_err
sq_learned_delete(struct ac_store *st, const char *scope, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;

	if ((rc = prep(st, "DELETE FROM learned_weights WHERE scope = ?",
	    &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	return run(st, s, NULL, err);
}

static enum ac_err
sq_learned_list(struct ac_store *st, int limit, store_learned_fn fn,
    void *arg, struct ac_error *err)
{
	sqlite3_stmt	*s;
	enum ac_err	 rc;
	int		 x;

	if ((rc = prep(st, "SELECT scope, weights, labels, vods, updated_at "
	    "FROM learned_weights ORDER BY scope LIMIT ?", &s, err)) != AC_OK)
		return rc;
	sqlite3_bind_int(s, 1, limit);
	while ((x = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
		    sqlite3_column_double(s, 4)) != 0) {
			sqlite3_finalize(s);
			ac_error_set(err, AC_ERR_DB, "learned weights: out of memory");
			return AC_ERR_NOMEM;
		}
	if (x != SQLITE_DONE) {
		dberr(st, "learned weights", err);
		sqlite3_finalize(s);
		return AC_ERR_DB;
	}
	sqlite3_finalize(s);
	return AC_OK;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.migrations = store_migrations_sqlite,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.version = sq_version,
	.exec = sq_exec,
	.set_version = sq_set_version,
	.reset = sq_reset,
	.stream_upsert = sq_stream_upsert,
	.stream_get = sq_stream_get,
	.stream_get_vod = sq_stream_get_vod,
	.stream_list = sq_stream_list,
	.stream_search = sq_stream_search,
	.stream_pending = sq_stream_pending,
	.stream_set_status = sq_stream_set_status,
	.stream_delete = sq_stream_delete,
	.stream_lock = sq_stream_lock,
	.analysis_replace = sq_analysis_replace,
	.analysis_load = sq_analysis_load,
	.clips = sq_clips,
	.clip_get = sq_clip_get,
	.clip_set_status = sq_clip_set_status,
	.clip_set_bounds = sq_clip_set_bounds,
	.clip_delete = sq_clip_delete,
	.job_enqueue = sq_job_enqueue,
	.job_find = sq_job_find,
	.job_get = sq_job_get,
	.job_active = sq_job_active,
	.job_claim = sq_job_claim,
	.job_progress = sq_job_progress,
	.job_finish = sq_job_finish,
	.job_fail = sq_job_fail,
	.job_cancel = sq_job_cancel,
	.job_note = sq_job_note,
	.job_retry = sq_job_retry,
	.job_reclaim = sq_job_reclaim,
	.blob_put = sq_blob_put,
	.blob_done = sq_blob_done,
	.blob_info = sq_blob_info,
	.blob_chunk = sq_blob_chunk,
	.blob_touch = sq_blob_touch,
	.blob_oldest = sq_blob_oldest,
	.blob_delete = sq_blob_delete,
	.archive_put = sq_archive_put,
	.archive_get = sq_archive_get,
	.archive_delete = sq_archive_delete,
	.reviews = sq_reviews,
	.review_channels = sq_review_channels,
	.learned_get = sq_learned_get,
	.learned_put = sq_learned_put,
	.learned_delete = sq_learned_delete,
	.learned_list = sq_learned_list,
};

enum ac_err
store_sqlite_open(struct ac_store **out, const char *path, struct ac_error *err)
{
	struct sq	*q;
	struct ac_error	 own;
	int		 fd;

	*out = NULL;
	if (err == NULL)
		err = &own;
	/* Create the file ourselves so it is private (0600) from the start. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return ac_error_set(err, AC_ERR_IO, "%s: %s", path,
		    strerror(errno));
	close(fd);
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return AC_ERR_NOMEM;
	q->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		ac_error_set(err, AC_ERR_DB, "%s: %s", path, q->db != NULL ?
		    sqlite3_errmsg(q->db) : "cannot open");
		sqlite3_close_v2(q->db);
		free(q);
		return AC_ERR_DB;
	}
	sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(q->db, 1);
	if (exec_simple(&q->base, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", err) !=
	    AC_OK) {
		ac_error_set(err, AC_ERR_DB, "%s: %s", path, err->text);
		sq_close(&q->base);
		return AC_ERR_DB;
	}
	*out = &q->base;
	return AC_OK;
}
