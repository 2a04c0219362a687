/* SPDX-License-Identifier: ISC */
/*
 * kick.h: the Kick layer: the HTTP engine, Kick links and metadata, the chat download, HLS.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_KICK_H
#define AC_KICK_H

#include "store/store.h"

/* ---------------------------------------------------------------------
 * HLS playlists (hls.c)
 *
 * Pure parsers: playlist bytes and the URL they came from in, a struct
 * out; no I/O.  URIs are resolved against that URL (RFC 3986) and kept
 * absolute; whether one may be fetched is ac_hls_url_allowed's answer.
 */
#define AC_HLS_PLAYLIST_MAX	 (8 * 1024 * 1024)	/* bytes of one playlist */
#define AC_HLS_VARIANTS_MAX	 32
#define AC_HLS_SEGMENTS_MAX	 200000	/* 8 h of 0.15 s segments */
#define AC_HLS_URI_MAX		 2048
#define AC_HLS_SEGMENT_BYTES_MAX (512LL * 1024 * 1024)	/* one segment */
#define AC_HLS_OFFSET_MAX_S	 600.0	/* larger start_time - PDT gaps are ignored */

struct ac_hls_variant {
	char		 name[64];	/* EXT-X-MEDIA NAME ("720p60"), else "720p60" from RESOLUTION/FRAME-RATE */
	char		 uri[AC_HLS_URI_MAX];	/* absolute */
	int64_t		 bandwidth;
	int		 width;		/* 0 when unknown */
	int		 height;
	double		 fps;		/* 0 when unknown */
};

struct ac_hls_master {
	struct ac_hls_variant	*v;
	size_t			 n;
};

struct ac_hls_segment {
	char		*uri;		/* absolute */
	double		 start;		/* seconds from the first segment (sum of EXTINF) */
	double		 duration;
	int		 has_pdt;	/* pdt given, or derived from the one before */
	double		 pdt;		/* EXT-X-PROGRAM-DATE-TIME, epoch seconds */
	int64_t		 byte_off;	/* EXT-X-BYTERANGE; -1 when the whole URI */
	int64_t		 byte_len;
	int		 discontinuity;	/* EXT-X-DISCONTINUITY before it */
	int64_t		 sequence;
};

struct ac_hls_media {
	struct ac_hls_segment	*s;
	size_t			 n;
	double			 total;		/* seconds */
	double			 target_duration;
	int64_t			 media_sequence;
	int			 endlist;
};

/*
 * Parse a master playlist fetched from base.  A media playlist given
 * instead is its own single variant "source".  AC_ERR_SYNTAX (with the
 * line), AC_ERR_LIMIT, AC_ERR_SHAPE (no variant), AC_ERR_NOMEM; the
 * reason in err.  Free with ac_hls_master_free (also after errors).
 */
enum ac_err	 ac_hls_master_parse(const char *text, size_t len,
		    const char *base, struct ac_hls_master *,
		    struct ac_error *err);
void		 ac_hls_master_free(struct ac_hls_master *);
/*
 * Parse a media playlist: EXTINF, EXT-X-PROGRAM-DATE-TIME (derived for
 * segments without one), EXT-X-BYTERANGE, EXT-X-DISCONTINUITY.
 * Encrypted (EXT-X-KEY) and fMP4 (EXT-X-MAP) playlists are AC_ERR_SHAPE.
 */
enum ac_err	 ac_hls_media_parse(const char *text, size_t len,
		    const char *base, struct ac_hls_media *,
		    struct ac_error *err);
void		 ac_hls_media_free(struct ac_hls_media *);

/*
 * The variant to cut from: the one named quality (case-insensitive;
 * unknown is AC_ERR_NOTFOUND with the names that exist in err), else
 * the highest not above max_height (<= 0: 1080), else the lowest.
 */
enum ac_err	 ac_hls_pick(const struct ac_hls_master *, const char *quality,
		    int max_height, size_t *idx, struct ac_error *err);

/*
 * Seconds to add to a chat time (from the VOD's start_time) to get the
 * media time: start_time - the first segment's PROGRAM-DATE-TIME
 * (reference: start_time is a few seconds late).  0 without either, or
 * when the gap is over AC_HLS_OFFSET_MAX_S.
 */
double		 ac_hls_media_offset(const struct ac_hls_media *, int has_start,
		    double start_time);

/* The segments a clip needs and where to cut them. */
struct ac_hls_window {
	size_t		 first;		/* segment indexes, inclusive */
	size_t		 last;
	double		 media_start;	/* media seconds of the cut, padded */
	double		 media_end;
	double		 cut_start;	/* from the start of segment first */
	double		 cut_len;
	double		 offset;	/* chat to media seconds applied */
	int		 discontinuities;	/* inside the window */
};

/*
 * The segments overlapping [start - pad, end + pad] shifted by offset
 * (chat to media time), clamped to the VOD.  A clip entirely outside
 * the VOD is AC_ERR_NOTFOUND with a message; bad times AC_ERR_VALUE.
 */
enum ac_err	 ac_hls_select(const struct ac_hls_media *, double start,
		    double end, double pad, double offset,
		    struct ac_hls_window *, struct ac_error *err);

/* Resolve ref against the absolute http(s) URL base into out; 0 or -1. */
int		 ac_hls_url_resolve(const char *base, const char *ref, char *out,
		    size_t size);
/*
 * Whether a playlist's URL may be fetched: http(s) only, no userinfo;
 * hosts named in hosts (KICK_MEDIA_HOSTS: "host" or "host:port",
 * separated by commas or spaces) always; otherwise not a private,
 * loopback or link-local address, and (master not NULL) the master's
 * own host and port.  AC_OK, or AC_ERR_VALUE with the reason.
 */
enum ac_err	 ac_hls_url_allowed(const char *url, const char *master,
		    const char *hosts, struct ac_error *err);
/* Whether a host (no port) is a loopback, private or link-local name or literal. */
int		 ac_hls_host_private(const char *host);

/* ---------------------------------------------------------------------
 * Kick and jobs (kick.c, kick_chat.c, jobs.c, http_client.c)
 *
 * A VOD link becomes a "download" job; a worker fetches the VOD's
 * metadata and its whole chat from Kick (KICK_API_URL, KICK_WEB_API_URL),
 * saving what is covered as it goes so that a restart resumes, then
 * commits the chat archive, analyses it and stores the analysis.
 */

#define AC_KICK_UUID_MAX	 37	/* 8-4-4-4-12 hex and the NUL */
#define AC_KICK_SLUG_MAX	 65	/* a channel slug and the NUL */

/* What a VOD link names: its id, and the channel when the link says it. */
struct ac_kick_link {
	char		 uuid[AC_KICK_UUID_MAX];	/* lower-case */
	char		 channel[AC_KICK_SLUG_MAX];	/* "" when not in the link */
};

/*
 * Parse kick.com/video/UUID, kick.com/CHANNEL/videos/UUID (www. or not,
 * http or https or no scheme, query and fragment ignored) or a bare UUID.
 * Anything else is AC_ERR_VALUE with a message in err saying what a
 * valid link looks like.
 */
enum ac_err	 ac_kick_link_parse(const char *s, struct ac_kick_link *,
		    struct ac_error *err);

/*
 * Fetch the VOD's metadata: {KICK_API_URL}/api/v1/video/{uuid}; on a 404
 * with a channel known, {KICK_API_URL}/api/v2/channels/{slug} for its id
 * and {KICK_WEB_API_URL}/api/v1/channels/{id}/videos/{uuid}.  Durations
 * are converted to seconds (ms in v1, s in the web API).  Errors have a
 * message for the user in err: AC_ERR_NOTFOUND (VOD gone), AC_ERR_IO
 * (blocked, network), AC_ERR_SHAPE (an answer we do not understand).
 */
enum ac_err	 ac_kick_vod_fetch(const struct ac_settings *,
		    const struct ac_kick_link *, struct ac_vod *,
		    struct ac_error *err);

/* How far a chat download is. */
struct ac_kick_progress {
	double		 progress;	/* 0..1: share of the VOD covered */
	uint64_t	 messages;	/* distinct messages so far */
	uint64_t	 requests;	/* HTTP requests started (this run) */
	uint64_t	 retries;	/* of those, retries */
	double		 eta_s;		/* seconds left, -1 when unknown */
	double		 elapsed_s;	/* this run */
	int		 resumed;	/* started from a saved checkpoint */
	char		 mode[16];	/* "cursor" or "windows" */
	uint64_t	 full_windows;	/* windows mode: full, so maybe incomplete */
};

/* Called about once a second; non-zero stops the download (it can resume). */
typedef int	 (*ac_kick_progress_fn)(void *arg, const struct ac_kick_progress *);

/*
 * Download the whole chat of vod (id, channel_id, start_time, duration_s
 * set) with vod's settings (KICK_CONCURRENCY, KICK_RATE_LIMIT, headers).
 * What is covered is saved in CHAT_STORAGE_DIR (a checkpoint and a
 * partial archive) and a later call resumes from it.  At the end the
 * messages are deduplicated by id, sorted by time and committed as the
 * VOD's chat archive; partial files are removed.  AC_ERR_STOPPED when fn
 * stopped it; other errors with a message for the user in err.
 */
enum ac_err	 ac_kick_chat_download(const struct ac_settings *,
		    struct ac_store *, const struct ac_vod *,
		    ac_kick_progress_fn fn, void *arg,
		    struct ac_kick_progress *last, struct ac_error *err);

/* --- Kick and jobs (http_client.c, kick.c, kick_chat.c, jobs.c) --- */

#include <time.h>

#define AC__HTTP_BODY_MAX	 (8 * 1024 * 1024)	/* bytes of one answer */

/* How the HTTP engine behaves; strings are borrowed for its lifetime. */
struct ac__http_conf {
	const char	*user_agent;
	const char	*referer;
	const char	*accept;
	int		 concurrency;		/* transfers at once, >= 1 */
	double		 rate;			/* starts per second; <= 0: no cap */
	int		 max_attempts;		/* per request, first included */
	long		 timeout_s;		/* whole transfer */
	long		 connect_timeout_s;
	size_t		 max_body;		/* 0: AC__HTTP_BODY_MAX */
	/*
	 * Optional, for media: the body of a 2xx answer goes to sink
	 * instead of memory, in order from off 0 (off 0 again when a retry
	 * starts over: truncate); non-zero from sink fails the transfer.
	 * range, when set, gives the Range of a request ("" for none).
	 * Requests with a NULL tag (ac__http_get) always use memory.
	 */
	int		(*sink)(void *arg, void *tag, uint64_t off,
			    const char *p, size_t n);
	void		(*range)(void *arg, void *tag, char *buf, size_t size);
	void		*media_arg;		/* for sink and range */
	int		 no_redirects;		/* a 3xx is an answer, not followed */
	int		 deny_private;		/* refuse to connect to private addresses */
};

/* A final answer: status 0 when the transfer failed (error says why). */
struct ac__http_res {
	long		 status;
	const char	*body;		/* NUL-terminated; borrowed */
	size_t		 len;
	int		 attempts;
	int		 curl_failed;
	char		 error[256];
};

struct ac__http;

/* 1 with url filled and *tag set, 0 when there is nothing to ask now, -1 error. */
typedef int	 (*ac__http_next_fn)(void *arg, char *url, size_t size,
		    void **tag);
/* A request's final answer (after retries); non-zero stops the run. */
typedef int	 (*ac__http_done_fn)(void *arg, void *tag,
		    const struct ac__http_res *);
/* Called at least every 100 ms; non-zero stops the run. */
typedef int	 (*ac__http_tick_fn)(void *arg);

struct ac__http	*ac__http_new(const struct ac__http_conf *);	/* NULL: no memory */
void		 ac__http_free(struct ac__http *);
/*
 * Run until next has nothing more and every request is answered (0), a
 * callback stops it (1) or the engine fails (-1).  Transient failures
 * (ac__http_transient) are retried up to max_attempts before done sees them.
 */
int		 ac__http_run(struct ac__http *, ac__http_next_fn,
		    ac__http_done_fn, ac__http_tick_fn, void *arg);
/* One GET with retries; body (freed by the caller) holds the answer. 0 or -1. */
int		 ac__http_get(struct ac__http *, const char *url,
		    struct ac__http_res *, struct ac__buf *body);
/* Requests started and retries scheduled so far. */
void		 ac__http_stats(const struct ac__http *, uint64_t *requests,
		    uint64_t *retries);
/* 429, 408, 5xx or a transport failure: worth retrying. */
int		 ac__http_transient(long status, int curl_failed);
/*
 * Seconds to wait before retry number attempt (1-based): exponential from
 * 0.5 s, capped at 30 s, "equal jitter" from u in [0, 1]; never less than
 * retry_after (when >= 0, clamped to 300 s).
 */
double		 ac__backoff_delay(int attempt, double retry_after, double u);
/* A Retry-After value (delta-seconds or IMF-fixdate) as seconds from now: 0 or -1. */
int		 ac__retry_after_parse(const char *v, time_t now, double *secs);
/* A monotonic clock in seconds. */
double		 ac__now(void);

/* kick.c: the HTTP engine configured from the settings (NULL: no memory). */
struct ac__http	*ac__kick_http(const struct ac_settings *, int concurrency);
/* kick.c: parse metadata documents into vod (fields not given are left). */
enum ac_err	 ac__kick_parse_v1(const char *body, size_t len,
		    struct ac_vod *, struct ac_error *err);
enum ac_err	 ac__kick_parse_web(const char *body, size_t len,
		    struct ac_vod *, struct ac_error *err);
enum ac_err	 ac__kick_parse_channel(const char *body, size_t len,
		    int64_t *channel_id, struct ac_error *err);
/* kick.c: whether a body looks like a Cloudflare challenge page. */
int		 ac__kick_is_challenge(const char *body, size_t len);
/* kick.c: the user-facing text for a blocking status (403, 404, 423); NULL otherwise. */
const char	*ac__kick_status_text(long status);

/*
 * kick_chat.c: one chat page.  messages[] are the raw JSON texts (plain
 * serialisation), times their created_at; cursor is data.cursor in µs,
 * -1 when null or absent.  Freed with ac__kick_page_free.
 */
struct ac__kick_page {
	char		**raw;
	size_t		*rawlen;
	double		*time;
	size_t		 n;
	int64_t		 cursor;
};
enum ac_err	 ac__kick_page_parse(const char *body, size_t len,
		    struct ac__kick_page *, struct ac_error *err);
void		 ac__kick_page_free(struct ac__kick_page *);

#endif /* !AC_KICK_H */
