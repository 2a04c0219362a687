/* SPDX-License-Identifier: ISC */
/* pages.h: the HTML pages the programs render for browsers without script. */
#ifndef PAGES_H
#define PAGES_H

struct ac_req;
struct ac_store;
struct ac_stream;
struct ac_stored_clip;
struct ac_settings;
struct json_object;

/* The library: a page of streams, the query that chose them, downloads. */
struct library_view {
	const struct ac_stream	*v;
	size_t			 n;
	int64_t			 total;
	const char		*text;	/* search text, "" for all */
	const char		*sort;	/* newest, oldest, clips */
	int			 limit, offset;
	struct json_object	*pending;	/* array of streams with "job" (may be NULL) */
};

void	 page_library(struct ac_req *, const struct ac_settings *,
	    const struct library_view *);

/*
 * One stream: its row, its clips, its stored analysis (the JSON
 * contract; NULL before one) and the current parameters.
 */
void	 page_stream(struct ac_req *, const struct ac_settings *,
	    const struct ac_stream *, const struct ac_stored_clip *, size_t,
	    struct json_object *analysis);

/* The hype chart of a stream as a standalone SVG document. */
void	 reply_hype_svg(struct ac_req *, const struct ac_stream *,
	    const struct ac_stored_clip *, size_t, struct json_object *analysis);

/* A job (its status JSON object), refreshing itself while it runs. */
void	 page_job(struct ac_req *, const struct ac_settings *,
	    struct json_object *job);

#endif /* !PAGES_H */
