/* SPDX-License-Identifier: ISC */
/*
 * store.c: the store API over its backends: URLs, migrations, checks, shared
 * logic.  Learning from review (labels, learned weights) is in learned.c.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "engine/engine.h"
#include "store/store.h"
#include "store/backend.h"

#define JOB_KIND_MAX	 (AC_STATUS_MAX - 1)	/* bytes of a job kind */
#define WORKER_MAX	 63			/* bytes of a worker name */

int
store_latest_version(const struct store_migration *m)
{
	int	 v = 0;

	for (; m->sql != NULL; m++)
		v = m->version;
	return v;
}

int
ac_store_schema_version(void)
{
	return store_latest_version(store_migrations_sqlite);
}

/* Apply every migration above the current version, each in its own transaction. */
static enum ac_err
migrate(struct ac_store *st, int *applied, struct ac_error *err)
{
	const struct store_migration	*m;
	struct ac_error			 own;
	enum ac_err			 rc;
	int				 v;

	if (err == NULL)
		err = &own;

	for (m = st->ops->migrations; m->sql != NULL; m++) {
		if ((rc = st->ops->begin(st, err)) != AC_OK)
			goto fail;
		/* Read inside the transaction: another process may have migrated. */
		if ((rc = st->ops->version(st, &v, err)) != AC_OK) {
			st->ops->rollback(st);
			goto fail;
		}
		if (v >= m->version) {
			st->ops->rollback(st);
			continue;
		}
		if (v != m->version - 1) {
			st->ops->rollback(st);
			return ac_error_set(err, AC_ERR_SCHEMA,
			    "database schema is version %d, "
			    "cannot apply migration %s", v, m->name);
		}
		if ((rc = st->ops->exec(st, m->sql, err)) != AC_OK ||
		    (rc = st->ops->set_version(st, m->version, err)) != AC_OK) {
			st->ops->rollback(st);
			return ac_error_set(err, rc, "migration %s failed: %s",
			    m->name, err->text);
		}
		if ((rc = st->ops->commit(st, err)) != AC_OK)
			return rc;
		if (applied != NULL)
			(*applied)++;
	}
	return AC_OK;
fail:
	return rc;
}

enum ac_err
ac_store_open(struct ac_store **out, const char *url, int migrate_now,
    int *applied, struct ac_error *err)
{
	struct ac_store	*st = NULL;
	enum ac_err	 rc;
	int		 v, want;

	*out = NULL;
	if (applied != NULL)
		*applied = 0;
	if (url == NULL || *url == '\0')
		return ac_error_set(err, AC_ERR_VALUE, "DATABASE_URL is empty");
	if (strncmp(url, "sqlite://", 9) == 0) {
		if (url[9] == '\0')
			return ac_error_set(err, AC_ERR_VALUE, "DATABASE_URL: "
			    "sqlite:// needs a file path");
		rc = store_sqlite_open(&st, url + 9, err);
	} else if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0)
		rc = store_pg_open(&st, url, err);
	else {
		return ac_error_set(err, AC_ERR_VALUE,
		    "DATABASE_URL: unknown scheme "
		    "(sqlite://, postgresql:// or postgres://)");
	}
	if (rc != AC_OK)
		return rc;

	want = store_latest_version(st->ops->migrations);
	if (migrate_now) {
		if ((rc = migrate(st, applied, err)) != AC_OK)
			goto fail;
	}
	if ((rc = st->ops->version(st, &v, err)) != AC_OK)
		goto fail;
	if (v < want) {
		ac_error_set(err, AC_ERR_SCHEMA,
		    "database schema is version %d, this "
		    "autoclip needs %d: run `autoclip migrate`", v, want);
		rc = AC_ERR_SCHEMA;
		goto fail;
	}
	if (v > want) {
		ac_error_set(err, AC_ERR_SCHEMA,
		    "database schema is version %d, newer "
		    "than this autoclip knows (%d): upgrade autoclip", v, want);
		rc = AC_ERR_SCHEMA;
		goto fail;
	}
	*out = st;
	return AC_OK;
fail:
	st->ops->close(st);
	return rc;
}

void
ac_store_close(struct ac_store *st)
{
	if (st != NULL)
		st->ops->close(st);
}

enum ac_err
store_reset(struct ac_store *st, struct ac_error *err)
{
	return st->ops->reset(st, err);
}

enum ac_err
store_force_version(struct ac_store *st, int version, struct ac_error *err)
{
	return st->ops->set_version(st, version, err);
}

/* --- streams --- */

/* AC_OK, or AC_ERR_VALUE naming what is wrong. */
static enum ac_err
stream_ok(const struct ac_stream *s, struct ac_error *err)
{
	if (!ac_valid_vod_id(s->vod_id))
		return ac_error_set(err, AC_ERR_VALUE, "invalid vod id");
	if ((int)s->status < 0 || s->status >= AC_STREAM__MAX)
		return ac_error_set(err, AC_ERR_VALUE, "invalid stream status");
	if (memchr(s->title, '\0', sizeof(s->title)) == NULL ||
	    memchr(s->channel, '\0', sizeof(s->channel)) == NULL ||
	    memchr(s->source, '\0', sizeof(s->source)) == NULL ||
	    memchr(s->error, '\0', sizeof(s->error)) == NULL ||
	    !isfinite(s->duration_s) || !isfinite(s->vod_start) ||
	    s->message_count < 0)
		return ac_error_set(err, AC_ERR_VALUE, "invalid stream field");
	return AC_OK;
}

enum ac_err
ac_store_stream_upsert(struct ac_store *st, const struct ac_stream *s,
    int64_t *id, struct ac_error *err)
{
	if (stream_ok(s, err) != AC_OK)
		return AC_ERR_VALUE;
	return st->ops->stream_upsert(st, s, id, err);
}

enum ac_err
ac_store_stream_get(struct ac_store *st, int64_t id, struct ac_stream *s,
    struct ac_error *err)
{
	return st->ops->stream_get(st, id, s, err);
}

enum ac_err
ac_store_stream_get_vod(struct ac_store *st, const char *vod_id,
    struct ac_stream *s, struct ac_error *err)
{
	if (vod_id == NULL || !ac_valid_vod_id(vod_id))
		return AC_ERR_NOTFOUND;
	return st->ops->stream_get_vod(st, vod_id, s, err);
}

enum ac_err
ac_store_stream_list(struct ac_store *st, int limit, int offset,
    struct ac_stream **out, size_t *n, struct ac_error *err)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > AC_STORE_LIST_MAX || offset < 0)
		return AC_ERR_VALUE;
	return st->ops->stream_list(st, limit, offset, out, n, err);
}

enum ac_err
ac_store_stream_search(struct ac_store *st, const struct ac_stream_query *q,
    struct ac_stream **out, size_t *n, int64_t *total, struct ac_error *err)
{
	struct ac_stream_query	 c = *q;
	int64_t			 t = 0;

	*out = NULL;
	*n = 0;
	if (total == NULL)
		total = &t;
	*total = 0;
	if (c.text == NULL)
		c.text = "";
	if (c.limit < 1 || c.limit > AC_STORE_LIST_MAX || c.offset < 0 ||
	    (int)c.sort < 0 || c.sort >= AC_SORT__MAX ||
	    strlen(c.text) > AC_SEARCH_TEXT_MAX)
		return AC_ERR_VALUE;
	return st->ops->stream_search(st, &c, out, n, total, err);
}

enum ac_err
ac_store_stream_pending(struct ac_store *st, int limit,
    struct ac_stream **out, size_t *n, struct ac_error *err)
{
	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > AC_STORE_LIST_MAX)
		return AC_ERR_VALUE;
	return st->ops->stream_pending(st, limit, out, n, err);
}

enum ac_err
ac_store_stream_set_status(struct ac_store *st, int64_t id,
    enum ac_stream_status status, const char *error, struct ac_error *err)
{
	if ((int)status < 0 || status >= AC_STREAM__MAX)
		return AC_ERR_VALUE;
	return st->ops->stream_set_status(st, id,
	    ac_stream_status_name(status), error != NULL ? error : "", err);
}

enum ac_err
ac_store_stream_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	return st->ops->stream_delete(st, id, err);
}

/* --- analysis --- */

/*
 * The review status a new clip inherits: that of the nearest old clip
 * whose peak is within AC_SAME_MOMENT_S, each old clip given once; and
 * the old clip's bounds when the editor had moved them (they stay the
 * editor's, and the clip a moved label), the new ones staying proposed.
 */
static void
carry_over(const struct ac_stored_clip *old, size_t nold, char *used,
    struct ac_stored_clip *c)
{
	size_t	 i, best = nold;
	double	 d, bestd = AC_SAME_MOMENT_S;

	for (i = 0; i < nold; i++) {
		if (used[i])
			continue;
		d = fabs(old[i].peak - c->peak);
		if (d <= bestd) {
			best = i;
			bestd = d;
		}
	}
	if (best < nold) {
		used[best] = 1;
		c->status = old[best].status;
		/* When it was reviewed: labels are read most recent first. */
		if (c->status != AC_CLIP_PENDING)
			c->updated_at = old[best].updated_at;
		if (old[best].has_proposed && (fabs(old[best].start -
		    old[best].proposed_start) > AC_MOVED_EPS_S ||
		    fabs(old[best].end - old[best].proposed_end) >
		    AC_MOVED_EPS_S)) {
			c->start = old[best].start;
			c->end = old[best].end;
		}
	}
}

char *
store_json_dup(struct json_object *o)
{
	const char	*s;

	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	return s != NULL ? strdup(s) : NULL;
}

enum ac_err
ac_store_analysis_save(struct ac_store *st, int64_t stream_id,
    const struct ac_result *r, struct ac_error *err)
{
	struct json_object	*o = NULL, *tl, *cfg;
	struct ac_stored_clip	*old = NULL, *nc = NULL;
	char			*tls = NULL, *cfgs = NULL, *used = NULL;
	size_t			 nold = 0, i;
	enum ac_err		 rc = AC_ERR_NOMEM;

	if (r->nclips > 0 &&
	    (nc = calloc(r->nclips, sizeof(*nc))) == NULL)
		return AC_ERR_NOMEM;
	if ((o = ac__result_json_object(r)) == NULL ||
	    !json_object_object_get_ex(o, "hype_timeline", &tl) ||
	    !json_object_object_get_ex(o, "config", &cfg) ||
	    (tls = store_json_dup(tl)) == NULL ||
	    (cfgs = store_json_dup(cfg)) == NULL)
		goto out;
	for (i = 0; i < r->nclips; i++) {
		nc[i].stream_id = stream_id;
		nc[i].rank = r->clips[i].rank;
		nc[i].start = r->clips[i].start;
		nc[i].end = r->clips[i].end;
		nc[i].peak = r->clips[i].peak;
		nc[i].score = r->clips[i].score;
		nc[i].virality = r->clips[i].virality;
		nc[i].status = AC_CLIP_PENDING;
		/* What learning from review needs of it later. */
		nc[i].has_features = 1;
		memcpy(nc[i].features, r->clips[i].features,
		    sizeof(nc[i].features));
		nc[i].has_proposed = 1;
		nc[i].proposed_start = r->clips[i].start;
		nc[i].proposed_end = r->clips[i].end;
		if (r->learned.on) {
			nc[i].start_shift_s = r->learned.start_shift_s;
			nc[i].end_shift_s = r->learned.end_shift_s;
			nc[i].has_learned_delta = 1;
			nc[i].learned_delta = r->clips[i].learned_delta;
		}
	}

	if ((rc = st->ops->begin(st, err)) != AC_OK)
		goto out;
	if ((rc = st->ops->stream_lock(st, stream_id, err)) != AC_OK ||
	    (rc = st->ops->clips(st, stream_id, &old, &nold, err)) != AC_OK)
		goto rollback;
	if (nold > 0 && (used = calloc(nold, 1)) == NULL) {
		rc = AC_ERR_NOMEM;
		goto rollback;
	}
	for (i = 0; i < r->nclips; i++)
		carry_over(old, nold, used, &nc[i]);
	if ((rc = st->ops->analysis_replace(st, stream_id, tls, cfgs,
	    (int64_t)r->message_count, nc, r->nclips, err)) != AC_OK)
		goto rollback;
	rc = st->ops->commit(st, err);
	goto out;
rollback:
	st->ops->rollback(st);
out:
	json_object_put(o);
	free(tls);
	free(cfgs);
	free(old);
	free(nc);
	free(used);
	return rc;
}

enum ac_err
ac_store_analysis(struct ac_store *st, int64_t stream_id, int with_stream_id,
    struct json_object **out, struct ac_error *err)
{
	struct ac_stream	 s;
	struct ac_result	 r;
	struct ac_stored_clip	*c = NULL;
	struct json_object	*o = NULL, *tl = NULL, *cfg = NULL, *arr, *e;
	char			*tls = NULL, *cfgs = NULL;
	size_t			 n = 0, i;
	enum ac_err		 rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	if ((rc = st->ops->stream_get(st, stream_id, &s, err)) != AC_OK)
		return rc;
	if ((rc = st->ops->analysis_load(st, stream_id, &tls, &cfgs, err)) !=
	    AC_OK)
		return rc;
	if (tls == NULL || cfgs == NULL) {
		rc = AC_ERR_NOTFOUND;
		goto out;
	}
	if ((rc = st->ops->clips(st, stream_id, &c, &n, err)) != AC_OK)
		goto out;
	rc = AC_ERR_DB;
	if ((tl = json_tokener_parse(tls)) == NULL ||
	    (cfg = json_tokener_parse(cfgs)) == NULL) {
		ac_error_set(err, AC_ERR_DB,
		    "stored analysis of stream %lld is not JSON",
		    (long long)stream_id);
		goto out;
	}
	rc = AC_ERR_NOMEM;
	ac_stream_vod(&s, &r.vod);
	ac_hype_config_default(&r.config);
	r.message_count = (uint64_t)s.message_count;
	if (n > 0 && (r.clips = calloc(n, sizeof(*r.clips))) == NULL)
		goto out;
	r.nclips = n;
	for (i = 0; i < n; i++) {
		r.clips[i].rank = c[i].rank;
		r.clips[i].start = c[i].start;
		r.clips[i].end = c[i].end;
		r.clips[i].peak = c[i].peak;
		r.clips[i].score = c[i].score;
		r.clips[i].virality = c[i].virality;
		r.clips[i].above_threshold = 1;
		memcpy(r.clips[i].features, c[i].features,
		    sizeof(r.clips[i].features));
		r.clips[i].learned_delta = c[i].learned_delta;
		/* The report shows learned_delta of clips learned weights ranked. */
		if (c[i].has_learned_delta)
			r.learned.on = 1;
	}
	if ((o = ac__result_json_object(&r)) == NULL)
		goto out;
	/* The stored config and timeline replace the placeholders in place. */
	json_object_object_add(o, "config", cfg);
	cfg = NULL;
	json_object_object_add(o, "hype_timeline", tl);
	tl = NULL;
	if (!json_object_object_get_ex(o, "potential_clips", &arr))
		goto out;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(arr, i);
		json_object_object_add(e, "id", json_object_new_int64(c[i].id));
		json_object_object_add(e, "status",
		    json_object_new_string(ac_clip_status_name(c[i].status)));
		/* Clips analysed before features were kept have none. */
		if (!c[i].has_features)
			json_object_object_del(e, "features");
		if (!c[i].has_learned_delta)
			json_object_object_del(e, "learned_delta");
	}
	if (with_stream_id)
		json_object_object_add(o, "stream_id",
		    json_object_new_int64(stream_id));
	*out = o;
	o = NULL;
	rc = AC_OK;
out:
	json_object_put(o);
	json_object_put(tl);
	json_object_put(cfg);
	free(r.clips);
	free(c);
	free(tls);
	free(cfgs);
	return rc;
}

enum ac_err
ac_store_analysis_json(struct ac_store *st, int64_t stream_id, char **json,
    struct ac_error *err)
{
	struct json_object	*o;
	enum ac_err		 rc;

	*json = NULL;
	if ((rc = ac_store_analysis(st, stream_id, 0, &o, err)) != AC_OK)
		return rc;
	*json = store_json_dup(o);
	json_object_put(o);
	return *json != NULL ? AC_OK : AC_ERR_NOMEM;
}

void
ac_stream_vod(const struct ac_stream *s, struct ac_vod *v)
{
	ac_vod_init(v);
	snprintf(v->id, sizeof(v->id), "%s", s->vod_id);
	snprintf(v->title, sizeof(v->title), "%s", s->title);
	snprintf(v->channel, sizeof(v->channel), "%s", s->channel);
	snprintf(v->source, sizeof(v->source), "%s", s->source);
	v->has_start = s->has_start;
	v->start_time = s->vod_start;
	v->duration_s = s->duration_s;
}

void
ac_stream_set_vod(struct ac_stream *s, const struct ac_vod *v)
{
	snprintf(s->title, sizeof(s->title), "%s", v->title);
	snprintf(s->channel, sizeof(s->channel), "%s", v->channel);
	snprintf(s->source, sizeof(s->source), "%s", v->source);
	/* The timeline origin, so re-analysis lines up without offset_s. */
	s->has_start = v->has_start;
	s->vod_start = v->has_start ? v->start_time + v->offset_s : 0;
	s->duration_s = v->duration_s;
}

/* --- clips --- */

enum ac_err
ac_store_clips(struct ac_store *st, int64_t stream_id,
    struct ac_stored_clip **out, size_t *n, struct ac_error *err)
{
	*out = NULL;
	*n = 0;
	return st->ops->clips(st, stream_id, out, n, err);
}

enum ac_err
ac_store_clip_get(struct ac_store *st, int64_t id, struct ac_stored_clip *c,
    struct ac_error *err)
{
	return st->ops->clip_get(st, id, c, err);
}

enum ac_err
ac_store_clip_set_status(struct ac_store *st, int64_t id,
    enum ac_clip_status status, struct ac_error *err)
{
	if ((int)status < 0 || status >= AC_CLIP__MAX)
		return AC_ERR_VALUE;
	return st->ops->clip_set_status(st, id, ac_clip_status_name(status),
	    err);
}

enum ac_err
ac_store_clip_delete(struct ac_store *st, int64_t id, struct ac_error *err)
{
	return st->ops->clip_delete(st, id, err);
}

enum ac_err
ac_store_clip_set_bounds(struct ac_store *st, int64_t id, double start,
    double end, struct ac_error *err)
{
	/* Comparisons with NaN are false: they are refused here too. */
	if (!(start >= 0 && end > start && end - start <= AC_CLIP_LEN_MAX &&
	    end < 1e9))
		return AC_ERR_VALUE;
	return st->ops->clip_set_bounds(st, id, start, end, err);
}

/* --- jobs --- */

static int
name_ok(const char *s, size_t max)
{
	size_t	 len;

	if (s == NULL || (len = strlen(s)) == 0 || len > max)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static const char *
message_or_empty(const char *m)
{
	return m != NULL ? m : "";
}

enum ac_err
ac_store_job_enqueue(struct ac_store *st, const char *kind,
    int64_t stream_id, int64_t *id, struct ac_error *err)
{
	if (!name_ok(kind, JOB_KIND_MAX))
		return AC_ERR_VALUE;
	return st->ops->job_enqueue(st, kind, stream_id, "", id, err);
}

enum ac_err
ac_store_job_enqueue_params(struct ac_store *st, const char *kind,
    int64_t stream_id, const char *params, int64_t *id, struct ac_error *err)
{
	if (!name_ok(kind, JOB_KIND_MAX) || params == NULL ||
	    (params[0] != '\0' && !name_ok(params, AC_JOB_PARAMS_MAX - 1)))
		return AC_ERR_VALUE;
	return st->ops->job_enqueue(st, kind, stream_id, params, id, err);
}

enum ac_err
ac_store_job_find(struct ac_store *st, const char *kind, const char *params,
    int prefix, struct ac_job *j, struct ac_error *err)
{
	if (!name_ok(kind, JOB_KIND_MAX) ||
	    !name_ok(params, AC_JOB_PARAMS_MAX - 1))
		return AC_ERR_VALUE;
	return st->ops->job_find(st, kind, params, prefix != 0, j, err);
}

enum ac_err
ac_store_job_claim_capped(struct ac_store *st, const char *worker,
    const char *capped, int cap, struct ac_job *j, struct ac_error *err)
{
	if (!name_ok(worker, WORKER_MAX) || !name_ok(capped, JOB_KIND_MAX) ||
	    cap < 1)
		return AC_ERR_VALUE;
	return st->ops->job_claim(st, worker, capped, cap, j, err);
}

enum ac_err
ac_store_job_get(struct ac_store *st, int64_t id, struct ac_job *j,
    struct ac_error *err)
{
	return st->ops->job_get(st, id, j, err);
}

enum ac_err
ac_store_job_active(struct ac_store *st, const char *kind, int64_t stream_id,
    struct ac_job *j, struct ac_error *err)
{
	if (!name_ok(kind, JOB_KIND_MAX))
		return AC_ERR_VALUE;
	return st->ops->job_active(st, kind, stream_id, j, err);
}

enum ac_err
ac_store_job_claim(struct ac_store *st, const char *worker, struct ac_job *j,
    struct ac_error *err)
{
	if (!name_ok(worker, WORKER_MAX))
		return AC_ERR_VALUE;
	return st->ops->job_claim(st, worker, NULL, 0, j, err);
}

enum ac_err
ac_store_job_progress(struct ac_store *st, int64_t id, const char *worker,
    double progress, const char *message, struct ac_error *err)
{
	if (!name_ok(worker, WORKER_MAX) || !(progress >= 0.0 &&
	    progress <= 1.0))
		return AC_ERR_VALUE;
	return st->ops->job_progress(st, id, worker, progress,
	    message_or_empty(message), err);
}

enum ac_err
ac_store_job_finish(struct ac_store *st, int64_t id, const char *worker,
    struct ac_error *err)
{
	if (!name_ok(worker, WORKER_MAX))
		return AC_ERR_VALUE;
	return st->ops->job_finish(st, id, worker, err);
}

enum ac_err
ac_store_job_fail(struct ac_store *st, int64_t id, const char *worker,
    const char *message, struct ac_error *err)
{
	if (!name_ok(worker, WORKER_MAX))
		return AC_ERR_VALUE;
	return st->ops->job_fail(st, id, worker, message_or_empty(message),
	    err);
}

enum ac_err
ac_store_job_cancel(struct ac_store *st, int64_t id, struct ac_error *err)
{
	return st->ops->job_cancel(st, id, err);
}

enum ac_err
ac_store_job_note(struct ac_store *st, int64_t id, const char *message,
    struct ac_error *err)
{
	return st->ops->job_note(st, id, message, err);
}

enum ac_err
ac_store_job_retry(struct ac_store *st, int64_t id, struct ac_error *err)
{
	return st->ops->job_retry(st, id, err);
}

enum ac_err
ac_store_job_reclaim(struct ac_store *st, double stale_s, int *n,
    struct ac_error *err)
{
	*n = 0;
	if (!(stale_s >= 0.0) || !isfinite(stale_s))
		return AC_ERR_VALUE;
	return st->ops->job_reclaim(st, stale_s, n, err);
}

/* --- exports kept in the database --- */

enum ac_err
ac_store_blob_put(struct ac_store *st, int64_t job_id, int chunk,
    const void *data, size_t len, struct ac_error *err)
{
	if (job_id <= 0 || chunk < 0 || len > AC_STORE_BLOB_CHUNK)
		return AC_ERR_VALUE;
	return st->ops->blob_put(st, job_id, chunk, data, len, err);
}

enum ac_err
ac_store_blob_done(struct ac_store *st, int64_t job_id, int64_t bytes,
    int chunk_size, struct ac_error *err)
{
	if (job_id <= 0 || bytes < 0 || chunk_size <= 0 ||
	    chunk_size > AC_STORE_BLOB_CHUNK)
		return AC_ERR_VALUE;
	return st->ops->blob_done(st, job_id, bytes, chunk_size, err);
}

enum ac_err
ac_store_blob_info(struct ac_store *st, int64_t job_id, int64_t *bytes,
    int *chunk_size, struct ac_error *err)
{
	return st->ops->blob_info(st, job_id, bytes, chunk_size, err);
}

enum ac_err
ac_store_blob_chunk(struct ac_store *st, int64_t job_id, int chunk, void *buf,
    size_t size, size_t *len, struct ac_error *err)
{
	if (chunk < 0)
		return AC_ERR_VALUE;
	return st->ops->blob_chunk(st, job_id, chunk, buf, size, len, err);
}

enum ac_err
ac_store_blob_touch(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	return st->ops->blob_touch(st, job_id, err);
}

enum ac_err
ac_store_blob_oldest(struct ac_store *st, int64_t keep, int64_t *job_id,
    int64_t *total, struct ac_error *err)
{
	return st->ops->blob_oldest(st, keep, job_id, total, err);
}

enum ac_err
ac_store_blob_delete(struct ac_store *st, int64_t job_id, struct ac_error *err)
{
	return st->ops->blob_delete(st, job_id, err);
}
