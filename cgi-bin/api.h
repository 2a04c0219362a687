/* SPDX-License-Identifier: ISC */
/* api.h: what the API programs share: settings, the store, JSON of rows. */
#ifndef API_H
#define API_H

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "web/web.h"
#include "proc/proc.h"

struct json_object;

/*
 * One per process, made before the accept loop.  "bad" is set when the
 * settings could not be loaded: every request is then answered 500.
 * The store is opened at start, or on the first request that needs it
 * when the database was unreachable then.
 */
struct api {
	const char		*prog;		/* for logs */
	struct ac_settings	 set;
	int			 bad;		/* settings failed to load */
	char			 why[512];	/* why, logged again per request */
	struct ac_store		*st;		/* NULL until opened */
	struct ac_ffmpeg	 ff;		/* probed at start (API_FFMPEG) */
};

/*
 * What a program is: each program defines api_program (its name for the
 * logs, its route table, what it needs at start) and its handlers, and
 * nothing else; the one main() in api.c loads the settings, opens the
 * store, probes ffmpeg when asked, checks every route flagged
 * AC_ROUTE_WRITE (500 on bad settings, then ac_req_may_write) and serves.
 * Handlers get the struct api as ctx.
 */
#define API_FFMPEG		 0x01u	/* probe ffmpeg once at start */

struct api_program {
	const char		*name;
	const struct ac_route	*routes;
	size_t			 nroutes;
	unsigned int		 needs;		/* API_* */
};

extern const struct api_program api_program;

#define API_NROUTES(r)		 (sizeof(r) / sizeof((r)[0]))

/* Load the settings (getenv happens here only) and try the store. */
void		 api_init(struct api *, const char *prog);
void		 api_free(struct api *);

/*
 * The store for this request; NULL after answering 500 (bad settings)
 * or 503 database_unavailable (cannot open it now).
 */
struct ac_store	*api_store(struct ac_req *, struct api *);
/* The store when it can be opened now, else NULL (logged, not answered). */
struct ac_store	*api_store_try(struct api *);

/*
 * Answer a store failure: 404 not_found for AC_ERR_NOTFOUND (with
 * what as its detail), 503 for AC_ERR_DB/AC_ERR_SCHEMA, 500 otherwise.
 * The database's own message (err, from the failed call; may be NULL)
 * goes to the log only.
 */
void		 api_store_error(struct ac_req *, enum ac_err,
		    const struct ac_error *err, const char *func,
		    const char *what);

/* A stream or a clip as the API shows it (caller puts). */
struct json_object *api_stream_json(const struct ac_stream *);
struct json_object *api_clip_json(const struct ac_stored_clip *);

/* An ISO 8601 time, or null when t is 0 and may_null. */
struct json_object *api_time_json(double t, int may_null);

/* Reply with a JSON text the library made (taken: freed here). */
void		 api_reply_text(struct ac_req *, int status, char *json);

#endif /* !API_H */
