/* SPDX-License-Identifier: ISC */
/*
 * store_pg.c: the PostgreSQL store backend (libpq, parameterised queries).
 *
 * Length: one parameterised statement wrapper per operation of the store
 * interface (store.h), plus libpq's reconnect and transaction handling
 * they share.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "autoclip.h"
#include "store/store.h"
#include "store/backend.h"

#define PG_APP_NAME	"autoclip"
/* statement_timeout in ms; no JIT (it costs more than these short queries). */
#define PG_OPTIONS	"-c statement_timeout=30000 -c jit=off"
#define PG_CONNECT_TIMEOUT "10"				/* s, unless the URL says */
#define PG_OPTIONS_MAX	1024
#define PG_ARCHIVE_MAX	((size_t)1 << 30)		/* bytea holds at most 1 GiB */
/* Serialises migrations of concurrent "autoclip migrate" runs. */
#define PG_MIGRATE_LOCK	"7020199425104488304"

/* Query flags. */
#define Q_READ		0x01	/* idempotent: re-run once after a reconnect */

struct pg_store {
	struct ac_store	 base;		/* first: the handle store.c sees */
	PGconn		*conn;
	int		 in_tx;		/* between begin and commit/rollback */
	int		 tx_lost;	/* the connection dropped inside it */
};

/* Numbers as text parameters. */
struct num {
	char		 s[32];
};

static const char *
i64txt(struct num *n, int64_t v)
{
	snprintf(n->s, sizeof(n->s), "%" PRId64, v);
	return n->s;
}

static const char *
dbltxt(struct num *n, double v)
{
	snprintf(n->s, sizeof(n->s), "%.17g", v);
	return n->s;
}

static struct pg_store *
pg(struct ac_store *st)
{
	return (struct pg_store *)st;
}

/* Drop notices ("there is no transaction in progress" and the like). */
static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* libpq's message as one line (it runs over several, with tabs). */
static void
oneline(char *dst, size_t size, const char *m)
{
	size_t	 i, n = 0;

	for (i = 0; m[i] != '\0' && n < size - 1; i++) {
		if (m[i] == '\n' || m[i] == '\t' || m[i] == ' ') {
			if (n > 0 && dst[n - 1] != ' ')
				dst[n++] = ' ';
		} else
			dst[n++] = m[i];
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

/* Record the message of a failed result or connection. */
static void
pg_fail(struct pg_store *p, const char *what, const PGresult *res,
    struct ac_error *err)
{
	const char	*m = NULL;
	char		 line[sizeof(err->text)];

	if (res != NULL)
		m = PQresultErrorMessage(res);
	if (m == NULL || *m == '\0')
		m = PQerrorMessage(p->conn);
	if (m == NULL || *m == '\0')
		m = "unknown error";
	oneline(line, sizeof(line), m);
	ac_error_set(err, AC_ERR_DB, "%s: %s", what, line);
}

/*
 * Make sure the connection is up: PQreset once when it is not.  Returns
 * 0 when it is usable.
 */
static int
pg_ensure(struct pg_store *p, const char *what, struct ac_error *err)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	PQreset(p->conn);
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	pg_fail(p, what, NULL, err);
	return -1;
}

/*
 * Run one statement with text parameters (binary where fmts says so) and
 * results in resfmt.  Returns the result (the caller PQclears it) when
 * its status is TUPLES_OK or COMMAND_OK; else NULL with *rc set and the
 * error recorded.  A dropped connection is reset at once, so the next
 * operation finds it up; the statement in flight fails unless flags has
 * Q_READ and no transaction was open, then it is run once more.
 */
static PGresult *
pg_run(struct pg_store *p, const char *what, const char *sql, int nparams,
    const char *const *vals, const int *lens, const int *fmts, int resfmt,
    int flags, enum ac_err *rc, struct ac_error *err)
{
	PGresult	*res;
	ExecStatusType	 s;
	int		 try;

	*rc = AC_ERR_DB;
	if (p->tx_lost) {
		ac_error_set(err, AC_ERR_DB, "%s: the transaction was "
		    "lost with the connection", what);
		return NULL;
	}
	for (try = 0; try < 2; try++) {
		if (pg_ensure(p, what, err) == -1)
			return NULL;
		res = PQexecParams(p->conn, sql, nparams, NULL, vals, lens,
		    fmts, resfmt);
		s = res == NULL ? PGRES_FATAL_ERROR : PQresultStatus(res);
		if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
			*rc = AC_OK;
			return res;
		}
		if (res == NULL && PQstatus(p->conn) == CONNECTION_OK) {
			*rc = ac_error_set(err, AC_ERR_NOMEM,
			    "%s: out of memory", what);
			return NULL;
		}
		pg_fail(p, what, res, err);
		PQclear(res);
		if (PQstatus(p->conn) == CONNECTION_OK)
			return NULL;
		/* The connection dropped: reconnect for what follows. */
		PQreset(p->conn);
		if (p->in_tx) {
			p->tx_lost = 1;
			return NULL;
		}
		if (!(flags & Q_READ) || PQstatus(p->conn) != CONNECTION_OK)
			return NULL;
	}
	return NULL;
}

/* Run a statement with text parameters and text results. */
static PGresult *
pg_q(struct pg_store *p, const char *what, const char *sql, int nparams,
    const char *const *vals, int flags, enum ac_err *rc, struct ac_error *err)
{
	return pg_run(p, what, sql, nparams, vals, NULL, NULL, 0, flags, rc,
	    err);
}

/* Run a statement whose result is not needed; *rows gets the rows it touched. */
static enum ac_err
pg_cmd(struct pg_store *p, const char *what, const char *sql, int nparams,
    const char *const *vals, int64_t *rows, struct ac_error *err)
{
	PGresult	*res;
	enum ac_err	 rc;
	const char	*t;

	if (rows != NULL)
		*rows = 0;
	if ((res = pg_q(p, what, sql, nparams, vals, 0, &rc, err)) == NULL)
		return rc;
	if (rows != NULL) {
		t = PQcmdTuples(res);
		*rows = *t == '\0' ? 0 : strtoll(t, NULL, 10);
	}
	PQclear(res);
	return AC_OK;
}

/* Column accessors: by name (PQfnumber); a missing column reads as empty. */
static const char *
col(const PGresult *res, int row, const char *name, int *isnull)
{
	int	 c;

	c = PQfnumber(res, name);
	if (c < 0 || PQgetisnull(res, row, c)) {
		if (isnull != NULL)
			*isnull = 1;
		return "";
	}
	if (isnull != NULL)
		*isnull = 0;
	return PQgetvalue(res, row, c);
}

static int64_t
col_i64(const PGresult *res, int row, const char *name)
{
	const char	*s, *end;
	long long	 v;
	int		 isnull;

	s = col(res, row, name, &isnull);
	if (isnull)
		return 0;
	errno = 0;
	v = strtoll(s, (char **)&end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return 0;
	return v;
}

static double
col_dbl(const PGresult *res, int row, const char *name, int *isnull)
{
	const char	*s, *end;
	double		 v;
	int		 n;

	s = col(res, row, name, &n);
	if (isnull != NULL)
		*isnull = n;
	if (n)
		return 0;
	errno = 0;
	v = strtod(s, (char **)&end);
	if (errno != 0 || end == s || *end != '\0')
		return 0;
	return v;
}

/* Copy a text column into buf, cut at a UTF-8 character boundary. */
static void
col_str(const PGresult *res, int row, const char *name, char *buf,
    size_t size)
{
	const char	*s;
	size_t		 len;

	s = col(res, row, name, NULL);
	len = strlen(s);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
}

/* ------------------------------------------------------------------ */
/* Streams */

#define STREAM_COLS \
	"s.id, s.vod_id, s.title, s.channel, s.source, " \
	"extract(epoch FROM s.vod_start)::float8 AS vod_start, " \
	"s.duration_s, s.message_count, s.chat_downloaded, s.status, " \
	"s.error, extract(epoch FROM s.created_at)::float8 AS created_at, " \
	"extract(epoch FROM s.updated_at)::float8 AS updated_at"

static void
stream_row(const PGresult *res, int row, struct ac_stream *s)
{
	int	 isnull;

	memset(s, 0, sizeof(*s));
	s->id = col_i64(res, row, "id");
	col_str(res, row, "vod_id", s->vod_id, sizeof(s->vod_id));
	col_str(res, row, "title", s->title, sizeof(s->title));
	col_str(res, row, "channel", s->channel, sizeof(s->channel));
	col_str(res, row, "source", s->source, sizeof(s->source));
	s->vod_start = col_dbl(res, row, "vod_start", &isnull);
	s->has_start = !isnull;
	s->duration_s = col_dbl(res, row, "duration_s", NULL);
	s->message_count = col_i64(res, row, "message_count");
	s->chat_downloaded = strcmp(col(res, row, "chat_downloaded", NULL),
	    "t") == 0;
	s->status = store_stream_status(col(res, row, "status", NULL));
	col_str(res, row, "error", s->error, sizeof(s->error));
	s->created_at = col_dbl(res, row, "created_at", NULL);
	s->updated_at = col_dbl(res, row, "updated_at", NULL);
	s->clips_count = col_i64(res, row, "clips_count");
}

/* All rows of a stream query into a malloc'd array. */
static enum ac_err
stream_rows(struct pg_store *p, PGresult *res, struct ac_stream **out,
    size_t *n, struct ac_error *err)
{
	int	 i, rows;

	*out = NULL;
	*n = 0;
	rows = PQntuples(res);
	if (rows > 0) {
		if ((*out = calloc((size_t)rows, sizeof(**out))) == NULL) {
			PQclear(res);
			return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		}
		for (i = 0; i < rows; i++)
			stream_row(res, i, &(*out)[i]);
		*n = (size_t)rows;
	}
	PQclear(res);
	return AC_OK;
}

/* One stream by a query taking one parameter. */
static enum ac_err
stream_one(struct pg_store *p, const char *what, const char *sql,
    const char *param, struct ac_stream *s, struct ac_error *err)
{
	PGresult	*res;
	enum ac_err	 rc;
	const char	*vals[1];

	vals[0] = param;
	if ((res = pg_q(p, what, sql, 1, vals, Q_READ, &rc, err)) == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	stream_row(res, 0, s);
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_stream_upsert(struct ac_store *st, const struct ac_stream *s,
    int64_t *id, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 n[3];
	const char	*vals[10];

	vals[0] = s->vod_id;
	vals[1] = s->channel;
	vals[2] = s->title;
	vals[3] = s->has_start ? dbltxt(&n[0], s->vod_start) : NULL;
	vals[4] = dbltxt(&n[1], s->duration_s);
	vals[5] = s->source;
	vals[6] = i64txt(&n[2], s->message_count);
	vals[7] = s->chat_downloaded ? "true" : "false";
	vals[8] = ac_stream_status_name(s->status);
	vals[9] = s->error;
	res = pg_q(p, "stream upsert",
	    "INSERT INTO streams (vod_id, channel, title, vod_start, "
	    "duration_s, source, message_count, chat_downloaded, status, "
	    "error) VALUES ($1, $2, $3, to_timestamp($4::float8), $5, $6, "
	    "$7, $8, coalesce($9, 'queued'), $10) "
	    "ON CONFLICT (vod_id) DO UPDATE SET channel = EXCLUDED.channel, "
	    "title = EXCLUDED.title, vod_start = EXCLUDED.vod_start, "
	    "duration_s = EXCLUDED.duration_s, source = EXCLUDED.source, "
	    "message_count = EXCLUDED.message_count, "
	    "chat_downloaded = EXCLUDED.chat_downloaded, "
	    "status = coalesce($9, streams.status), error = EXCLUDED.error, "
	    "updated_at = now() RETURNING id", 10, vals, 0, &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		ac_error_set(err, AC_ERR_DB, "stream upsert returned no id");
		return AC_ERR_DB;
	}
	*id = col_i64(res, 0, "id");
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_stream_get(struct ac_store *st, int64_t id, struct ac_stream *s,
    struct ac_error *err)
{
	struct num	 n;

	return stream_one(pg(st), "stream get",
	    "SELECT " STREAM_COLS ", (SELECT count(*) FROM clips c "
	    "WHERE c.stream_id = s.id) AS clips_count "
	    "FROM streams s WHERE s.id = $1", i64txt(&n, id), s, err);
}

static enum ac_err
pg_stream_get_vod(struct ac_store *st, const char *vod_id,
    struct ac_stream *s, struct ac_error *err)
{
	return stream_one(pg(st), "stream get",
	    "SELECT " STREAM_COLS ", (SELECT count(*) FROM clips c "
	    "WHERE c.stream_id = s.id) AS clips_count "
	    "FROM streams s WHERE s.vod_id = $1", vod_id, s, err);
}

/*
 * The page of streams is chosen first (by the created_at index), then
 * each of its rows counts its clips (by the stream_id index): the cost
 * follows the page, not the tables.
 */
static enum ac_err
pg_stream_list(struct ac_store *st, int limit, int offset,
    struct ac_stream **out, size_t *n, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 a, b;
	const char	*vals[2];

	*out = NULL;
	*n = 0;
	vals[0] = i64txt(&a, limit);
	vals[1] = i64txt(&b, offset);
	res = pg_q(p, "stream list",
	    "SELECT " STREAM_COLS ", cc.clips_count FROM "
	    "(SELECT * FROM streams ORDER BY created_at DESC, id DESC "
	    "LIMIT $1 OFFSET $2) s LEFT JOIN LATERAL "
	    "(SELECT count(*) AS clips_count FROM clips c "
	    "WHERE c.stream_id = s.id) cc ON true "
	    "ORDER BY s.created_at DESC, s.id DESC", 2, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	return stream_rows(p, res, out, n, err);
}

/* ORDER BY of each ac_stream_sort: fixed text, never from a request. */
static const char *const pg_sort_sql[AC_SORT__MAX] = {
	"s.created_at DESC, s.id DESC",			/* AC_SORT_NEWEST */
	"s.created_at ASC, s.id ASC",			/* AC_SORT_OLDEST */
	"clips_count DESC, s.created_at DESC, s.id DESC",	/* AC_SORT_CLIPS */
};

#define PG_MATCH "($1 = '' OR strpos(lower(s.title), lower($1)) > 0 OR " \
	"strpos(lower(s.channel), lower($1)) > 0)"

static enum ac_err
pg_stream_search(struct ac_store *st, const struct ac_stream_query *q,
    struct ac_stream **out, size_t *n, int64_t *total, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 a, b;
	const char	*vals[3];
	char		 sql[1024];
	size_t		 i;

	vals[0] = q->text;
	res = pg_q(p, "stream search", "SELECT count(*) AS total FROM "
	    "streams s WHERE " PG_MATCH, 1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	*total = col_i64(res, 0, "total");
	PQclear(res);
	vals[1] = i64txt(&a, q->limit);
	vals[2] = i64txt(&b, q->offset);
	snprintf(sql, sizeof(sql), "SELECT " STREAM_COLS ", (SELECT count(*) "
	    "FROM clips c WHERE c.stream_id = s.id) AS clips_count, "
	    "(SELECT count(*) FROM clips c WHERE c.stream_id = s.id AND "
	    "c.status = 'approved') AS approved_count FROM streams s WHERE "
	    PG_MATCH " ORDER BY %s LIMIT $2 OFFSET $3", pg_sort_sql[q->sort]);
	if ((res = pg_q(p, "stream search", sql, 3, vals, Q_READ, &rc, err)) ==
	    NULL)
		return rc;
	i = (size_t)PQntuples(res);
	if (i > (size_t)q->limit)
		i = (size_t)q->limit;
	if (i > 0 && (*out = calloc(i, sizeof(**out))) == NULL) {
		PQclear(res);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	for (*n = 0; *n < i; (*n)++) {
		stream_row(res, (int)*n, &(*out)[*n]);
		(*out)[*n].approved_count = col_i64(res, (int)*n,
		    "approved_count");
	}
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_stream_pending(struct ac_store *st, int limit, struct ac_stream **out,
    size_t *n, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 a;
	const char	*vals[1];

	*out = NULL;
	*n = 0;
	vals[0] = i64txt(&a, limit);
	res = pg_q(p, "stream pending",
	    "SELECT " STREAM_COLS ", (SELECT count(*) FROM clips c "
	    "WHERE c.stream_id = s.id) AS clips_count FROM streams s "
	    "WHERE s.status IN ('queued', 'running', 'failed') "
	    "ORDER BY s.created_at DESC, s.id DESC LIMIT $1",
	    1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	return stream_rows(p, res, out, n, err);
}

static enum ac_err
pg_stream_set_status(struct ac_store *st, int64_t id, const char *status,
    const char *error, struct ac_error *err)
{
	struct num	 n;
	const char	*vals[3];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, id);
	vals[1] = status;
	vals[2] = error != NULL ? error : "";
	rc = pg_cmd(pg(st), "stream status",
	    "UPDATE streams SET status = $2, error = $3, updated_at = now() "
	    "WHERE id = $1", 3, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

static enum ac_err
pg_stream_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct num	 n;
	const char	*vals[1];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, id);
	rc = pg_cmd(pg(st), "stream delete",
	    "DELETE FROM streams WHERE id = $1", 1, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Analysis (inside a transaction of store.c) */

static enum ac_err
pg_stream_lock(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 n;
	const char	*vals[1];

	vals[0] = i64txt(&n, id);
	res = pg_q(p, "stream lock",
	    "SELECT id FROM streams WHERE id = $1 FOR UPDATE", 1, vals, 0, &rc,
	    err);
	if (res == NULL)
		return rc;
	rc = PQntuples(res) == 0 ? AC_ERR_NOTFOUND : AC_OK;
	PQclear(res);
	return rc;
}

static enum ac_err
pg_analysis_replace(struct ac_store *st, int64_t stream_id,
    const char *timeline, const char *config, int64_t message_count,
    const struct ac_stored_clip *clips, size_t n, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	struct num	 v[13];
	const char	*vals[15];
	char		 feat[STORE_FEATURES_TEXT_MAX];
	int64_t		 rows;
	enum ac_err	 rc;
	size_t		 i;

	vals[0] = i64txt(&v[0], stream_id);
	vals[1] = timeline;
	vals[2] = config;
	vals[3] = i64txt(&v[1], message_count);
	rc = pg_cmd(p, "analysis save",
	    "UPDATE streams SET timeline = $2, config = $3, "
	    "message_count = $4, status = 'analyzed', error = '', "
	    "updated_at = now() WHERE id = $1", 4, vals, &rows, err);
	if (rc != AC_OK)
		return rc;
	if (rows == 0)
		return AC_ERR_NOTFOUND;
	rc = pg_cmd(p, "analysis save",
	    "DELETE FROM clips WHERE stream_id = $1", 1, vals, NULL, err);
	for (i = 0; rc == AC_OK && i < n; i++) {
		vals[1] = i64txt(&v[1], clips[i].rank);
		vals[2] = dbltxt(&v[2], clips[i].start);
		vals[3] = dbltxt(&v[3], clips[i].end);
		vals[4] = dbltxt(&v[4], clips[i].peak);
		vals[5] = dbltxt(&v[5], clips[i].score);
		vals[6] = i64txt(&v[6], clips[i].virality);
		vals[7] = ac_clip_status_name(clips[i].status);
		vals[8] = clips[i].has_features && store_features_text(
		    clips[i].features, feat, sizeof(feat)) == 0 ? feat : NULL;
		vals[9] = clips[i].has_proposed ?
		    dbltxt(&v[7], clips[i].proposed_start) : NULL;
		vals[10] = clips[i].has_proposed ?
		    dbltxt(&v[8], clips[i].proposed_end) : NULL;
		vals[11] = dbltxt(&v[9], clips[i].start_shift_s);
		vals[12] = dbltxt(&v[10], clips[i].end_shift_s);
		vals[13] = clips[i].has_learned_delta ?
		    dbltxt(&v[11], clips[i].learned_delta) : NULL;
		vals[14] = clips[i].updated_at > 0 ?
		    dbltxt(&v[12], clips[i].updated_at) : NULL;
		rc = pg_cmd(p, "analysis save",
		    "INSERT INTO clips (stream_id, rank, start_s, end_s, "
		    "peak_s, score, virality, status, features, "
		    "proposed_start_s, proposed_end_s, start_shift_s, "
		    "end_shift_s, learned_delta, updated_at) VALUES ($1, $2, "
		    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
		    "coalesce(to_timestamp($15::float8), now()))", 15, vals,
		    NULL, err);
	}
	return rc;
}

static enum ac_err
pg_analysis_load(struct ac_store *st, int64_t stream_id, char **timeline,
    char **config, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 n;
	const char	*vals[1], *t, *c;
	int		 tnull, cnull;

	*timeline = *config = NULL;
	vals[0] = i64txt(&n, stream_id);
	res = pg_q(p, "analysis load",
	    "SELECT timeline, config FROM streams WHERE id = $1",
	    1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	t = col(res, 0, "timeline", &tnull);
	c = col(res, 0, "config", &cnull);
	if ((!tnull && (*timeline = strdup(t)) == NULL) ||
	    (!cnull && (*config = strdup(c)) == NULL)) {
		free(*timeline);
		*timeline = NULL;
		PQclear(res);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	PQclear(res);
	return AC_OK;
}

/* ------------------------------------------------------------------ */
/* Clips */

#define CLIP_COLS \
	"id, stream_id, rank, start_s, end_s, peak_s, score, virality, " \
	"status, extract(epoch FROM created_at)::float8 AS created_at, " \
	"extract(epoch FROM updated_at)::float8 AS updated_at, features, " \
	"proposed_start_s, proposed_end_s, start_shift_s, end_shift_s, " \
	"learned_delta"

static void
clip_row(const PGresult *res, int row, struct ac_stored_clip *c)
{
	const char	*f;
	int		 fnull, snull, enull, dnull;

	memset(c, 0, sizeof(*c));
	c->id = col_i64(res, row, "id");
	c->stream_id = col_i64(res, row, "stream_id");
	c->rank = (int)col_i64(res, row, "rank");
	c->start = col_dbl(res, row, "start_s", NULL);
	c->end = col_dbl(res, row, "end_s", NULL);
	c->peak = col_dbl(res, row, "peak_s", NULL);
	c->score = col_dbl(res, row, "score", NULL);
	c->virality = (int)col_i64(res, row, "virality");
	c->status = store_clip_status(col(res, row, "status", NULL));
	c->created_at = col_dbl(res, row, "created_at", NULL);
	c->updated_at = col_dbl(res, row, "updated_at", NULL);
	f = col(res, row, "features", &fnull);
	c->has_features = !fnull && store_features_parse(f, c->features) == 0;
	c->proposed_start = col_dbl(res, row, "proposed_start_s", &snull);
	c->proposed_end = col_dbl(res, row, "proposed_end_s", &enull);
	c->has_proposed = !snull && !enull;
	c->start_shift_s = col_dbl(res, row, "start_shift_s", NULL);
	c->end_shift_s = col_dbl(res, row, "end_shift_s", NULL);
	c->learned_delta = col_dbl(res, row, "learned_delta", &dnull);
	c->has_learned_delta = !dnull;
}

static enum ac_err
pg_clips(struct ac_store *st, int64_t stream_id, struct ac_stored_clip **out,
    size_t *n, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 a;
	const char	*vals[1];
	int		 i, rows;

	*out = NULL;
	*n = 0;
	vals[0] = i64txt(&a, stream_id);
	res = pg_q(p, "clips", "SELECT " CLIP_COLS " FROM clips "
	    "WHERE stream_id = $1 ORDER BY rank, id", 1, vals, Q_READ, &rc,
	    err);
	if (res == NULL)
		return rc;
	rows = PQntuples(res);
	if (rows > 0) {
		if ((*out = calloc((size_t)rows, sizeof(**out))) == NULL) {
			PQclear(res);
			return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		}
		for (i = 0; i < rows; i++)
			clip_row(res, i, &(*out)[i]);
		*n = (size_t)rows;
	}
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_clip_get(struct ac_store *st, int64_t id, struct ac_stored_clip *c,
    struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 a;
	const char	*vals[1];

	vals[0] = i64txt(&a, id);
	res = pg_q(p, "clip get", "SELECT " CLIP_COLS " FROM clips "
	    "WHERE id = $1", 1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	clip_row(res, 0, c);
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_clip_set_status(struct ac_store *st, int64_t id, const char *status,
    struct ac_error *err)
{
	struct num	 n;
	const char	*vals[2];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, id);
	vals[1] = status;
	rc = pg_cmd(pg(st), "clip status", "UPDATE clips SET status = $2, "
	    "updated_at = now() WHERE id = $1", 2, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

static enum ac_err
pg_clip_set_bounds(struct ac_store *st, int64_t id, double start, double end,
    struct ac_error *err)
{
	struct num	 n, a, b;
	const char	*vals[3];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, id);
	vals[1] = dbltxt(&a, start);
	vals[2] = dbltxt(&b, end);
	rc = pg_cmd(pg(st), "clip bounds", "UPDATE clips SET start_s = $2, "
	    "end_s = $3, updated_at = now() WHERE id = $1", 3, vals, &rows,
	    err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

static enum ac_err
pg_clip_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct num	 n;
	const char	*vals[1];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, id);
	rc = pg_cmd(pg(st), "clip delete", "DELETE FROM clips WHERE id = $1",
	    1, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Jobs */

#define JOB_COLS \
	"id, kind, stream_id, state, progress, message, attempts, worker, " \
	"extract(epoch FROM heartbeat_at)::float8 AS heartbeat_at, " \
	"extract(epoch FROM created_at)::float8 AS created_at, " \
	"extract(epoch FROM updated_at)::float8 AS updated_at, params"

static void
job_row(const PGresult *res, int row, struct ac_job *j)
{
	memset(j, 0, sizeof(*j));
	j->id = col_i64(res, row, "id");
	col_str(res, row, "kind", j->kind, sizeof(j->kind));
	j->stream_id = col_i64(res, row, "stream_id");
	j->state = store_job_state(col(res, row, "state", NULL));
	j->progress = col_dbl(res, row, "progress", NULL);
	col_str(res, row, "message", j->message, sizeof(j->message));
	j->attempts = (int)col_i64(res, row, "attempts");
	col_str(res, row, "worker", j->worker, sizeof(j->worker));
	j->heartbeat_at = col_dbl(res, row, "heartbeat_at", NULL);
	j->created_at = col_dbl(res, row, "created_at", NULL);
	j->updated_at = col_dbl(res, row, "updated_at", NULL);
	col_str(res, row, "params", j->params, sizeof(j->params));
}

/* One job by a query; AC_ERR_NOTFOUND when it returns no row. */
static enum ac_err
job_one(struct pg_store *p, const char *what, const char *sql, int nparams,
    const char *const *vals, int flags, struct ac_job *j, struct ac_error *err)
{
	PGresult	*res;
	enum ac_err	 rc;

	if ((res = pg_q(p, what, sql, nparams, vals, flags, &rc, err)) == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	if (j != NULL)
		job_row(res, 0, j);
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_job_enqueue(struct ac_store *st, const char *kind, int64_t stream_id,
    const char *params, int64_t *id, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	struct num	 n;
	const char	*vals[3];

	vals[0] = kind;
	vals[1] = stream_id > 0 ? i64txt(&n, stream_id) : NULL;
	vals[2] = params;
	res = pg_q(p, "job enqueue", "INSERT INTO jobs (kind, stream_id, "
	    "params) VALUES ($1, $2, $3) RETURNING id", 3, vals, 0, &rc, err);
	if (res == NULL)
		return rc;
	*id = PQntuples(res) == 1 ? col_i64(res, 0, "id") : 0;
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_job_get(struct ac_store *st, int64_t id, struct ac_job *j,
    struct ac_error *err)
{
	struct num	 n;
	const char	*vals[1];

	vals[0] = i64txt(&n, id);
	return job_one(pg(st), "job get", "SELECT " JOB_COLS " FROM jobs "
	    "WHERE id = $1", 1, vals, Q_READ, j, err);
}

static enum ac_err
pg_job_active(struct ac_store *st, const char *kind, int64_t stream_id,
    struct ac_job *j, struct ac_error *err)
{
	struct num	 n;
	const char	*vals[2];

	vals[0] = kind;
	vals[1] = i64txt(&n, stream_id);
	return job_one(pg(st), "job active", "SELECT " JOB_COLS " FROM jobs "
	    "WHERE kind = $1 AND stream_id = $2 "
	    "AND state IN ('queued', 'running') ORDER BY id DESC LIMIT 1",
	    2, vals, Q_READ, j, err);
}

static enum ac_err
pg_job_find(struct ac_store *st, const char *kind, const char *params,
    int prefix, struct ac_job *j, struct ac_error *err)
{
	const char	*vals[2];

	vals[0] = kind;
	vals[1] = params;
	return job_one(pg(st), "job find", prefix ? "SELECT " JOB_COLS
	    " FROM jobs WHERE kind = $1 AND substr(params, 1, length($2)) = $2 "
	    "ORDER BY id DESC LIMIT 1" : "SELECT " JOB_COLS " FROM jobs "
	    "WHERE kind = $1 AND params = $2 ORDER BY id DESC LIMIT 1", 2,
	    vals, Q_READ, j, err);
}

static enum ac_err	 pg_begin(struct ac_store *, struct ac_error *err);
static enum ac_err	 pg_commit(struct ac_store *, struct ac_error *err);
static void		 pg_rollback(struct ac_store *);

#define CLAIM_LOCK_KEY	 "7424242"	/* pg_advisory_xact_lock of capped claims */

/*
 * Several workers claim at once: SKIP LOCKED hands each a different row.
 * A capped claim holds an advisory lock for its transaction, so that the
 * count of running jobs and the claim are one step across workers.
 */
static enum ac_err
pg_job_claim(struct ac_store *st, const char *worker, const char *capped,
    int cap, struct ac_job *j, struct ac_error *err)
{
	struct num	 n;
	const char	*vals[3];
	enum ac_err	 rc;

	vals[0] = worker;
	if (capped == NULL)
		return job_one(pg(st), "job claim", "UPDATE jobs SET "
		    "state = 'running', worker = $1, attempts = attempts + 1, "
		    "heartbeat_at = now(), updated_at = now() WHERE id = "
		    "(SELECT id FROM jobs WHERE state = 'queued' "
		    "ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1) "
		    "RETURNING " JOB_COLS, 1, vals, 0, j, err);
	vals[1] = capped;
	vals[2] = i64txt(&n, cap);
	if ((rc = pg_begin(st, err)) != AC_OK)
		return rc;
	if ((rc = pg_cmd(pg(st), "job claim lock", "SELECT "
	    "pg_advisory_xact_lock(" CLAIM_LOCK_KEY ")", 0, NULL, NULL, err)) !=
	    AC_OK) {
		pg_rollback(st);
		return rc;
	}
	rc = job_one(pg(st), "job claim", "UPDATE jobs SET "
	    "state = 'running', worker = $1, attempts = attempts + 1, "
	    "heartbeat_at = now(), updated_at = now() WHERE id = "
	    "(SELECT id FROM jobs WHERE state = 'queued' AND (kind <> $2 OR "
	    "(SELECT count(*) FROM jobs WHERE kind = $2 AND state = 'running') "
	    "< $3::int) ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1) "
	    "RETURNING " JOB_COLS, 3, vals, 0, j, err);
	if (rc != AC_OK && rc != AC_ERR_NOTFOUND) {
		pg_rollback(st);
		return rc;
	}
	{
		enum ac_err c = pg_commit(st, err);

		if (c != AC_OK) {
			pg_rollback(st);
			return c;
		}
	}
	return rc;
}

static enum ac_err
pg_job_progress(struct ac_store *st, int64_t id, const char *worker,
    double progress, const char *message, struct ac_error *err)
{
	struct num	 a, b;
	const char	*vals[4];

	vals[0] = i64txt(&a, id);
	vals[1] = worker;
	vals[2] = dbltxt(&b, progress);
	vals[3] = message;
	return job_one(pg(st), "job progress", "UPDATE jobs SET "
	    "progress = $3, message = coalesce($4, message), "
	    "heartbeat_at = now(), updated_at = now() "
	    "WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING id",
	    4, vals, 0, NULL, err);
}

static enum ac_err
pg_job_finish(struct ac_store *st, int64_t id, const char *worker,
    struct ac_error *err)
{
	struct num	 a;
	const char	*vals[2];

	vals[0] = i64txt(&a, id);
	vals[1] = worker;
	return job_one(pg(st), "job finish", "UPDATE jobs SET "
	    "state = 'done', progress = 1, updated_at = now() "
	    "WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING id",
	    2, vals, 0, NULL, err);
}

static enum ac_err
pg_job_fail(struct ac_store *st, int64_t id, const char *worker,
    const char *message, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[3];

	vals[0] = i64txt(&a, id);
	vals[1] = worker;
	vals[2] = message != NULL ? message : "";
	return job_one(pg(st), "job fail", "UPDATE jobs SET "
	    "state = 'failed', message = $3, updated_at = now() "
	    "WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING id",
	    3, vals, 0, NULL, err);
}

/* Only a queued or running job is cancelled; else AC_ERR_NOTFOUND. */
static enum ac_err
pg_job_cancel(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];

	vals[0] = i64txt(&a, id);
	return job_one(pg(st), "job cancel", "UPDATE jobs SET "
	    "state = 'cancelled', updated_at = now() "
	    "WHERE id = $1 AND state IN ('queued', 'running') RETURNING id",
	    1, vals, 0, NULL, err);
}

static enum ac_err
pg_job_note(struct ac_store *st, int64_t id, const char *message,
    struct ac_error *err)
{
	struct num	 a;
	const char	*vals[2];

	vals[0] = i64txt(&a, id);
	vals[1] = message;
	return job_one(pg(st), "job note", "UPDATE jobs SET message = $2, "
	    "updated_at = now() WHERE id = $1 AND state = 'queued' "
	    "RETURNING id", 2, vals, 0, NULL, err);
}

/* Only a failed or cancelled job goes back to the queue. */
static enum ac_err
pg_job_retry(struct ac_store *st, int64_t id, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];

	vals[0] = i64txt(&a, id);
	return job_one(pg(st), "job retry", "UPDATE jobs SET "
	    "state = 'queued', worker = '', message = '', "
	    "updated_at = now() "
	    "WHERE id = $1 AND state IN ('failed', 'cancelled') RETURNING id",
	    1, vals, 0, NULL, err);
}

static enum ac_err
pg_job_reclaim(struct ac_store *st, double stale_s, int *n,
    struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];
	int64_t		 rows = 0;
	enum ac_err	 rc;

	vals[0] = dbltxt(&a, stale_s);
	rc = pg_cmd(pg(st), "job reclaim", "UPDATE jobs SET "
	    "state = 'queued', worker = '', updated_at = now() "
	    "WHERE state = 'running' AND (heartbeat_at IS NULL OR "
	    "heartbeat_at < now() - make_interval(secs => $1::float8))",
	    1, vals, &rows, err);
	*n = rc == AC_OK ? (int)rows : 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Chat archives: bytea, sent and received in binary */

static enum ac_err
pg_archive_put(struct ac_store *st, const char *vod_id, const void *data,
    size_t len, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	struct num	 a;
	const char	*vals[3];
	int		 lens[3] = { 0, 0, 0 }, fmts[3] = { 0, 1, 0 };
	PGresult	*res;
	enum ac_err	 rc;

	if (len >= PG_ARCHIVE_MAX) {
		ac_error_set(err, AC_ERR_DB, "archive of %zu bytes is too "
		    "large for the database", len);
		return AC_ERR_DB;
	}
	vals[0] = vod_id;
	vals[1] = len > 0 ? data : "";
	lens[1] = (int)len;
	vals[2] = i64txt(&a, (int64_t)len);
	res = pg_run(p, "archive put", "INSERT INTO chat_archives "
	    "(vod_id, data, bytes) VALUES ($1, $2, $3) ON CONFLICT (vod_id) "
	    "DO UPDATE SET data = EXCLUDED.data, bytes = EXCLUDED.bytes, "
	    "updated_at = now()", 3, vals, lens, fmts, 0, 0, &rc, err);
	if (res == NULL)
		return rc;
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_archive_get(struct ac_store *st, const char *vod_id, void **data,
    size_t *len, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	const char	*vals[1];
	PGresult	*res;
	enum ac_err	 rc;
	int		 c, size;

	*data = NULL;
	*len = 0;
	vals[0] = vod_id;
	res = pg_run(p, "archive get", "SELECT data FROM chat_archives "
	    "WHERE vod_id = $1", 1, vals, NULL, NULL, 1, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) == 0 || (c = PQfnumber(res, "data")) < 0 ||
	    PQgetisnull(res, 0, c)) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	size = PQgetlength(res, 0, c);
	if ((*data = malloc(size > 0 ? (size_t)size : 1)) == NULL) {
		PQclear(res);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	memcpy(*data, PQgetvalue(res, 0, c), (size_t)size);
	*len = (size_t)size;
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_archive_delete(struct ac_store *st, const char *vod_id, struct ac_error *err)
{
	const char	*vals[1];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = vod_id;
	rc = pg_cmd(pg(st), "archive delete",
	    "DELETE FROM chat_archives WHERE vod_id = $1", 1, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = AC_ERR_NOTFOUND;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Transactions and migrations */

static enum ac_err
pg_begin(struct ac_store *st, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	enum ac_err	 rc;

	p->tx_lost = 0;
	if ((rc = pg_cmd(p, "begin", "BEGIN", 0, NULL, NULL, err)) == AC_OK)
		p->in_tx = 1;
	return rc;
}

/* COMMIT of a failed transaction answers ROLLBACK: that is a failure. */
static enum ac_err
pg_commit(struct ac_store *st, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;

	res = pg_q(p, "commit", "COMMIT", 0, NULL, 0, &rc, err);
	p->in_tx = 0;
	p->tx_lost = 0;
	if (res == NULL)
		return rc;
	if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		rc = ac_error_set(err, AC_ERR_DB, "commit: the transaction was "
		    "rolled back");
	}
	PQclear(res);
	return rc;
}

static void
pg_rollback(struct ac_store *st)
{
	struct pg_store	*p = pg(st);

	p->tx_lost = 0;
	if (p->in_tx && PQstatus(p->conn) == CONNECTION_OK &&
	    PQtransactionStatus(p->conn) != PQTRANS_IDLE)
		(void)pg_cmd(p, "rollback", "ROLLBACK", 0, NULL, NULL, NULL);
	p->in_tx = 0;
}

/*
 * The schema version; 0 when there is no schema_version table.  Inside a
 * transaction (a migration) it first lifts the statement timeout for that
 * transaction and takes the migration lock, so of several
 * concurrent migrations one runs and the others then see its version.
 */
static enum ac_err
pg_version(struct ac_store *st, int *version, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	enum ac_err	 rc;
	int		 isnull;

	*version = 0;
	/* A migration may wait for the lock and run long: no timeout. */
	if (p->in_tx && ((rc = pg_cmd(p, "migration lock",
	    "SET LOCAL statement_timeout = 0", 0, NULL, NULL, err)) != AC_OK ||
	    (rc = pg_cmd(p, "migration lock",
	    "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", 0, NULL,
	    NULL, err)) != AC_OK))
		return rc;
	res = pg_q(p, "schema version",
	    "SELECT to_regclass('schema_version') IS NOT NULL AS present",
	    0, NULL, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	isnull = strcmp(col(res, 0, "present", NULL), "t") != 0;
	PQclear(res);
	if (isnull)
		return AC_OK;
	res = pg_q(p, "schema version",
	    "SELECT max(version) AS version FROM schema_version",
	    0, NULL, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	*version = (int)col_i64(res, 0, "version");
	PQclear(res);
	return AC_OK;
}

/*
 * Run a migration script: several statements without parameters, so the
 * simple query protocol (PQsendQuery); every result must succeed.
 */
static enum ac_err
pg_exec(struct ac_store *st, const char *sql, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	ExecStatusType	 s;
	enum ac_err	 rc = AC_OK;

	if (pg_ensure(p, "migration", err) == -1)
		return AC_ERR_DB;
	if (!PQsendQuery(p->conn, sql)) {
		pg_fail(p, "migration", NULL, err);
		return AC_ERR_DB;
	}
	while ((res = PQgetResult(p->conn)) != NULL) {
		s = PQresultStatus(res);
		if (rc == AC_OK && s != PGRES_COMMAND_OK &&
		    s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
			pg_fail(p, "migration", res, err);
			rc = AC_ERR_DB;
		}
		PQclear(res);
	}
	if (rc != AC_OK && PQstatus(p->conn) != CONNECTION_OK) {
		PQreset(p->conn);
		if (p->in_tx)
			p->tx_lost = 1;
	}
	return rc;
}

static enum ac_err
pg_set_version(struct ac_store *st, int version, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	struct num	 n;
	const char	*vals[1];
	int64_t		 rows;
	enum ac_err	 rc;

	vals[0] = i64txt(&n, version);
	rc = pg_cmd(p, "schema version",
	    "UPDATE schema_version SET version = $1", 1, vals, &rows, err);
	if (rc == AC_OK && rows == 0)
		rc = pg_cmd(p, "schema version", "INSERT INTO schema_version "
		    "(version) VALUES ($1)", 1, vals, NULL, err);
	return rc;
}

static enum ac_err
pg_reset(struct ac_store *st, struct ac_error *err)
{
	return pg_cmd(pg(st), "reset", "DROP TABLE IF EXISTS learned_weights, "
	    "export_chunks, "
	    "export_files, chat_archives, "
	    "jobs, clips, streams, schema_version CASCADE", 0, NULL, NULL, err);
}

static void
pg_close(struct ac_store *st)
{
	struct pg_store	*p = pg(st);

	if (p == NULL)
		return;
	PQfinish(p->conn);
	free(p);
}

/* ------------------------------------------------------------------ */
/* Exports kept in the database */

static enum ac_err
pg_blob_put(struct ac_store *st, int64_t job_id, int chunk, const void *data,
    size_t len, struct ac_error *err)
{
	struct num	 a, b;
	const char	*vals[3];
	int		 lens[3] = { 0, 0, 0 }, fmts[3] = { 0, 0, 1 };
	PGresult	*res;
	enum ac_err	 rc;

	vals[0] = i64txt(&a, job_id);
	vals[1] = i64txt(&b, chunk);
	vals[2] = len > 0 ? data : "";
	lens[2] = (int)len;
	res = pg_run(pg(st), "export chunk put", "INSERT INTO export_chunks "
	    "(job_id, chunk, data) VALUES ($1, $2, $3) ON CONFLICT (job_id, "
	    "chunk) DO UPDATE SET data = EXCLUDED.data", 3, vals, lens, fmts,
	    0, 0, &rc, err);
	if (res == NULL)
		return rc;
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_blob_done(struct ac_store *st, int64_t job_id, int64_t bytes,
    int chunk_size, struct ac_error *err)
{
	struct num	 a, b, c;
	const char	*vals[3];

	vals[0] = i64txt(&a, job_id);
	vals[1] = i64txt(&b, bytes);
	vals[2] = i64txt(&c, chunk_size);
	return pg_cmd(pg(st), "export done", "INSERT INTO export_files "
	    "(job_id, bytes, chunk_size) VALUES ($1, $2, $3) ON CONFLICT "
	    "(job_id) DO UPDATE SET bytes = EXCLUDED.bytes, chunk_size = "
	    "EXCLUDED.chunk_size", 3, vals, NULL, err);
}

static enum ac_err
pg_blob_info(struct ac_store *st, int64_t job_id, int64_t *bytes,
    int *chunk_size, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];
	PGresult	*res;
	enum ac_err	 rc;

	vals[0] = i64txt(&a, job_id);
	if ((res = pg_q(pg(st), "export info", "SELECT bytes, chunk_size "
	    "FROM export_files WHERE job_id = $1", 1, vals, Q_READ, &rc,
	    err)) ==
	    NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	*bytes = col_i64(res, 0, "bytes");
	*chunk_size = (int)col_i64(res, 0, "chunk_size");
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_blob_chunk(struct ac_store *st, int64_t job_id, int chunk, void *buf,
    size_t size, size_t *len, struct ac_error *err)
{
	struct num	 a, b;
	const char	*vals[2];
	PGresult	*res;
	enum ac_err	 rc;
	int		 n;

	*len = 0;
	vals[0] = i64txt(&a, job_id);
	vals[1] = i64txt(&b, chunk);
	res = pg_run(pg(st), "export chunk", "SELECT data FROM export_chunks "
	    "WHERE job_id = $1 AND chunk = $2", 2, vals, NULL, NULL, 1, Q_READ,
	    &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	n = PQgetlength(res, 0, 0);
	if (n < 0 || (size_t)n > size) {
		PQclear(res);
		ac_error_set(err, AC_ERR_DB,
		    "export chunk larger than its buffer");
		return AC_ERR_DB;
	}
	memcpy(buf, PQgetvalue(res, 0, 0), (size_t)n);
	*len = (size_t)n;
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_blob_touch(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];

	vals[0] = i64txt(&a, job_id);
	return pg_cmd(pg(st), "export touch", "UPDATE export_files SET "
	    "accessed_at = clock_timestamp() WHERE job_id = $1", 1, vals, NULL,
	    err);
}

static enum ac_err
pg_blob_oldest(struct ac_store *st, int64_t keep, int64_t *job_id,
    int64_t *total, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];
	PGresult	*res;
	enum ac_err	 rc;

	*job_id = 0;
	*total = 0;
	vals[0] = i64txt(&a, keep);
	if ((res = pg_q(pg(st), "export oldest", "SELECT (SELECT "
	    "coalesce(sum(bytes), 0) FROM export_files) AS total, (SELECT "
	    "job_id FROM export_files WHERE job_id <> $1 ORDER BY accessed_at, "
	    "job_id LIMIT 1) AS job_id", 1, vals, Q_READ, &rc, err)) == NULL)
		return rc;
	if (PQntuples(res) == 1) {
		*total = col_i64(res, 0, "total");
		*job_id = col_i64(res, 0, "job_id");
	}
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_blob_delete(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	struct num	 a;
	const char	*vals[1];
	enum ac_err	 rc;

	vals[0] = i64txt(&a, job_id);
	if ((rc = pg_cmd(pg(st), "export delete", "DELETE FROM export_chunks "
	    "WHERE job_id = $1", 1, vals, NULL, err)) != AC_OK)
		return rc;
	return pg_cmd(pg(st), "export delete", "DELETE FROM export_files "
	    "WHERE job_id = $1", 1, vals, NULL, err);
}

/* ------------------------------------------------------------------ */
/* Learning from review */

static enum ac_err
pg_reviews(struct ac_store *st, const char *channel, int limit,
    store_review_fn fn, void *arg, struct ac_error *err)
{
	struct pg_store		*p = pg(st);
	struct store_review	 r;
	PGresult		*res;
	struct num		 a;
	const char		*vals[2];
	enum ac_err		 rc;
	int			 i, rows, snull, enull;

	vals[0] = channel;
	vals[1] = i64txt(&a, limit);
	res = pg_q(p, "reviews", "SELECT c.stream_id, c.status, c.features, "
	    "c.start_s, c.end_s, c.proposed_start_s, c.proposed_end_s, "
	    "c.start_shift_s, c.end_shift_s FROM clips c "
	    "JOIN streams s ON s.id = c.stream_id "
	    "WHERE c.status IN ('approved', 'rejected') "
	    "AND c.features IS NOT NULL "
	    "AND ($1::text IS NULL OR s.channel = $1::text) "
	    "ORDER BY c.updated_at DESC, c.id DESC LIMIT $2", 2, vals, Q_READ,
	    &rc, err);
	if (res == NULL)
		return rc;
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		memset(&r, 0, sizeof(r));
		r.stream_id = col_i64(res, i, "stream_id");
		r.approved = store_clip_status(col(res, i, "status", NULL)) ==
		    AC_CLIP_APPROVED;
		r.features = col(res, i, "features", NULL);
		r.start = col_dbl(res, i, "start_s", NULL);
		r.end = col_dbl(res, i, "end_s", NULL);
		r.proposed_start = col_dbl(res, i, "proposed_start_s", &snull);
		r.proposed_end = col_dbl(res, i, "proposed_end_s", &enull);
		r.has_proposed = !snull && !enull;
		r.start_shift_s = col_dbl(res, i, "start_shift_s", NULL);
		r.end_shift_s = col_dbl(res, i, "end_shift_s", NULL);
		if (fn(arg, &r) != 0) {
			PQclear(res);
			ac_error_set(err, AC_ERR_DB, "reviews: out of memory");
			return AC_ERR_NOMEM;
		}
	}
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_review_channels(struct ac_store *st, int limit, store_name_fn fn,
    void *arg, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	struct num	 a;
	const char	*vals[1];
	enum ac_err	 rc;
	int		 i, rows;

	vals[0] = i64txt(&a, limit);
	res = pg_q(p, "channels", "SELECT s.channel FROM clips c "
	    "JOIN streams s ON s.id = c.stream_id "
	    "WHERE c.status IN ('approved', 'rejected') "
	    "AND c.features IS NOT NULL AND s.channel <> '' "
	    "GROUP BY s.channel ORDER BY s.channel COLLATE \"C\" LIMIT $1",
	    1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	rows = PQntuples(res);
	for (i = 0; i < rows; i++)
		if (fn(arg, col(res, i, "channel", NULL)) != 0) {
			PQclear(res);
			ac_error_set(err, AC_ERR_DB, "channels: out of memory");
			return AC_ERR_NOMEM;
		}
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_learned_get(struct ac_store *st, const char *scope, char **weights,
    int64_t *labels, int64_t *vods, double *updated_at, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	const char	*vals[1];
	enum ac_err	 rc;

	*weights = NULL;
	vals[0] = scope;
	res = pg_q(p, "learned weights", "SELECT weights, labels, vods, "
	    "extract(epoch FROM updated_at)::float8 AS updated_at "
	    "FROM learned_weights WHERE scope = $1", 1, vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return AC_ERR_NOTFOUND;
	}
	if ((*weights = strdup(col(res, 0, "weights", NULL))) == NULL) {
		PQclear(res);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	*labels = col_i64(res, 0, "labels");
	*vods = col_i64(res, 0, "vods");
	*updated_at = col_dbl(res, 0, "updated_at", NULL);
	PQclear(res);
	return AC_OK;
}

static enum ac_err
pg_learned_put(struct ac_store *st, const char *scope, const char *weights,
    int64_t labels, int64_t vods, struct ac_error *err)
{
	struct num	 a, b;
	const char	*vals[4];

	vals[0] = scope;
	vals[1] = weights;
	vals[2] = i64txt(&a, labels);
	vals[3] = i64txt(&b, vods);
	return pg_cmd(pg(st), "learned weights", "INSERT INTO learned_weights "
	    "(scope, weights, labels, vods, updated_at) "
	    "VALUES ($1, $2, $3, $4, now()) ON CONFLICT (scope) DO UPDATE "
	    "SET weights = excluded.weights, labels = excluded.labels, "
	    "vods = excluded.vods, updated_at = excluded.updated_at",
	    4, vals, NULL, err);
}

static enum ac_err
pg_learned_delete(struct ac_store *st, const char *scope, struct ac_error *err)
{
	const char	*vals[1];

	vals[0] = scope;
	return pg_cmd(pg(st), "learned weights", "DELETE FROM learned_weights "
	    "WHERE scope = $1", 1, vals, NULL, err);
}

static enum ac_err
pg_learned_list(struct ac_store *st, int limit, store_learned_fn fn,
    void *arg, struct ac_error *err)
{
	struct pg_store	*p = pg(st);
	PGresult	*res;
	struct num	 a;
	const char	*vals[1];
	enum ac_err	 rc;
	int		 i, rows;

	vals[0] = i64txt(&a, limit);
	res = pg_q(p, "learned weights", "SELECT scope, weights, labels, "
	    "vods, extract(epoch FROM updated_at)::float8 AS updated_at "
	    "FROM learned_weights ORDER BY scope COLLATE \"C\" LIMIT $1", 1,
	    vals, Q_READ, &rc, err);
	if (res == NULL)
		return rc;
	rows = PQntuples(res);
	for (i = 0; i < rows; i++)
		if (fn(arg, col(res, i, "scope", NULL),
		    col(res, i, "weights", NULL), col_i64(res, i, "labels"),
		    col_i64(res, i, "vods"),
		    col_dbl(res, i, "updated_at", NULL)) != 0) {
			PQclear(res);
			ac_error_set(err, AC_ERR_DB, "learned weights: out of memory");
			return AC_ERR_NOMEM;
		}
	PQclear(res);
	return AC_OK;
}

static const struct store_ops pg_ops = {
	.name = "postgresql",
	.migrations = store_migrations_pg,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.version = pg_version,
	.exec = pg_exec,
	.set_version = pg_set_version,
	.reset = pg_reset,
	.stream_upsert = pg_stream_upsert,
	.stream_get = pg_stream_get,
	.stream_get_vod = pg_stream_get_vod,
	.stream_list = pg_stream_list,
	.stream_search = pg_stream_search,
	.stream_pending = pg_stream_pending,
	.stream_set_status = pg_stream_set_status,
	.stream_delete = pg_stream_delete,
	.stream_lock = pg_stream_lock,
	.analysis_replace = pg_analysis_replace,
	.analysis_load = pg_analysis_load,
	.clips = pg_clips,
	.clip_get = pg_clip_get,
	.clip_set_status = pg_clip_set_status,
	.clip_set_bounds = pg_clip_set_bounds,
	.clip_delete = pg_clip_delete,
	.job_enqueue = pg_job_enqueue,
	.job_find = pg_job_find,
	.job_get = pg_job_get,
	.job_active = pg_job_active,
	.job_claim = pg_job_claim,
	.job_progress = pg_job_progress,
	.job_finish = pg_job_finish,
	.job_fail = pg_job_fail,
	.job_cancel = pg_job_cancel,
	.job_note = pg_job_note,
	.job_retry = pg_job_retry,
	.job_reclaim = pg_job_reclaim,
	.blob_put = pg_blob_put,
	.blob_done = pg_blob_done,
	.blob_info = pg_blob_info,
	.blob_chunk = pg_blob_chunk,
	.blob_touch = pg_blob_touch,
	.blob_oldest = pg_blob_oldest,
	.blob_delete = pg_blob_delete,
	.archive_put = pg_archive_put,
	.archive_get = pg_archive_get,
	.archive_delete = pg_archive_delete,
	.reviews = pg_reviews,
	.review_channels = pg_review_channels,
	.learned_get = pg_learned_get,
	.learned_put = pg_learned_put,
	.learned_delete = pg_learned_delete,
	.learned_list = pg_learned_list,
};

/*
 * Connect with url ("postgresql://..." or "postgres://...", every URI
 * parameter honoured).  Unless the URL sets them: application_name
 * "autoclip", a connect timeout, and statement_timeout ahead of the
 * URL's own options (which so win).  The URL (with its password) is
 * never copied into err.
 */
enum ac_err
store_pg_open(struct ac_store **out, const char *url, struct ac_error *err)
{
	struct pg_store		*p;
	PQconninfoOption	*opts, *o;
	const char		*keys[5], *vals[5], *user_opts = NULL;
	const char		*timeout = NULL;
	char			 options[PG_OPTIONS_MAX], *perr = NULL;
	char			 line[512];
	int			 k = 0;

	*out = NULL;
	if ((opts = PQconninfoParse(url, &perr)) == NULL) {
		/* libpq's message quotes the URL, password and all. */
		if (perr == NULL)
			return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		PQfreemem(perr);
		return ac_error_set(err, AC_ERR_DB,
		    "DATABASE_URL is not a valid PostgreSQL URL");
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "options") == 0)
			user_opts = o->val;
		else if (strcmp(o->keyword, "connect_timeout") == 0)
			timeout = o->val;
	}
	if (snprintf(options, sizeof(options), "%s%s%s", PG_OPTIONS,
	    user_opts != NULL ? " " : "", user_opts != NULL ? user_opts : "") >=
	    (int)sizeof(options)) {
		PQconninfoFree(opts);
		return ac_error_set(err, AC_ERR_DB,
		    "PostgreSQL URL: options too long");
	}
	keys[k] = "dbname";
	vals[k++] = url;
	keys[k] = "fallback_application_name";
	vals[k++] = PG_APP_NAME;
	keys[k] = "options";
	vals[k++] = options;
	if (timeout == NULL) {
		keys[k] = "connect_timeout";
		vals[k++] = PG_CONNECT_TIMEOUT;
	}
	keys[k] = NULL;
	vals[k] = NULL;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		PQconninfoFree(opts);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	p->base.ops = &pg_ops;
	p->conn = PQconnectdbParams(keys, vals, 1);
	PQconninfoFree(opts);
	if (p->conn == NULL) {
		free(p);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	if (PQstatus(p->conn) != CONNECTION_OK) {
		oneline(line, sizeof(line), PQerrorMessage(p->conn));
		ac_error_set(err, AC_ERR_DB, "cannot connect to PostgreSQL: %s",
		    line);
		PQfinish(p->conn);
		free(p);
		return AC_ERR_DB;
	}
	PQsetNoticeProcessor(p->conn, pg_notice, NULL);
	*out = &p->base;
	return AC_OK;
}
