/* SPDX-License-Identifier: ISC */
/*
 * autoclip.h: the public API of libautoclip.
 *
 * Every exported symbol starts with ac_.  Strings handed to callbacks are
 * borrowed: they live until the callback returns.  Everything returned in an
 * out-parameter is owned by the caller and released with the matching
 * ac_*_free or ac_*_clear function.
 */
#ifndef AUTOCLIP_H
#define AUTOCLIP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
const char	*ac_version(void);

/* One error type for the whole library. */
enum ac_err {
	AC_OK = 0,
	AC_ERR_NOMEM,		/* out of memory */
	AC_ERR_IO,		/* reading or writing failed */
	AC_ERR_SYNTAX,		/* input is not well-formed (JSON, gzip, UTF-8) */
	AC_ERR_SHAPE,		/* well-formed, but not a chat we understand */
	AC_ERR_LIMIT,		/* a size or nesting limit was exceeded */
	AC_ERR_VALUE,		/* a value is out of range or of the wrong kind */
	AC_ERR_STOPPED,		/* a callback asked to stop */
	AC_ERR_NOTFOUND,	/* no such row or file */
	AC_ERR_SCHEMA,		/* the database schema is not the one this program knows */
	AC_ERR_DB,		/* the database failed (details logged) */
	AC_ERR__MAX
};

/* A fixed English description of an error code; never NULL. */
const char	*ac_strerror(enum ac_err);

/*
 * Where and why reading failed.  "offset" counts bytes of the decoded
 * (decompressed) input from 0; "message" is the 1-based number of the
 * message being read, 0 when the failure is outside any message.
 */
struct ac_error {
	enum ac_err	 code;
	uint64_t	 offset;
	uint64_t	 message;
	char		 text[256];
};

/* ---------------------------------------------------------------------
 * Timestamps (timestamp.c)
 */

/*
 * Parse an ISO 8601 date-time ("2025-08-25T00:40:43Z",
 * "2025-08-25T00:40:43.123456+02:00", lower-case t/z accepted) or Kick's
 * "2025-08-25 00:40:43" (no zone: UTC) into seconds since the epoch.
 * Returns 0, or -1 when the text is not a valid date-time (calendar
 * checked, leap seconds clamped to :59).
 */
int		 ac_ts_parse(const char *s, size_t len, double *epoch);

/*
 * Format seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ", with up to
 * three fraction digits when the time is not whole.  Returns the length
 * written (excluding the NUL) or -1 when size is too small.
 */
int		 ac_ts_format(double epoch, char *buf, size_t size);

/* Format a duration in seconds as "H:MM:SS" (negative as "-H:MM:SS"). */
int		 ac_ts_hms(double seconds, char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Chat input (chat.c)
 */

#define AC_VOD_ID_MAX		 128	/* bytes, including the NUL */
#define AC_VOD_TEXT_MAX		 512	/* title, channel; longer is cut at a UTF-8 boundary */
#define AC_VOD_URL_MAX		 2048	/* HLS source URL */
#define AC_MSG_MAX_BYTES	 (1024 * 1024)	/* one message's JSON; larger ones are skipped */
#define AC_JSON_MAX_DEPTH	 64	/* nesting deeper than this is a syntax error */

/* What the input says about the VOD.  Unknown text fields are "". */
struct ac_vod {
	char		 id[AC_VOD_ID_MAX];		/* vod_id, video.uuid */
	char		 title[AC_VOD_TEXT_MAX];	/* title, livestream.session_title */
	char		 channel[AC_VOD_TEXT_MAX];	/* channel, livestream.channel.slug */
	char		 source[AC_VOD_URL_MAX];	/* video.source (HLS master) */
	int64_t		 channel_id;			/* livestream.channel_id, or -1 */
	int		 has_start;			/* start_time is set */
	double		 start_time;			/* epoch seconds (UTC) */
	double		 duration_s;			/* 0 when unknown */
	double		 offset_s;			/* segundoInicialStream */
};

/* Initialise to "nothing known". */
void		 ac_vod_init(struct ac_vod *);

#define AC_MSG_BOT	 0x01	/* sender has a bot badge or metadata sender_type "bot" */
#define AC_MSG_REPLY	 0x02	/* type "reply" */

/*
 * One chat message as read.  Text is UTF-8 with JSON escapes decoded; it
 * may contain NUL bytes only if the input escaped them (\u0000).  Absent
 * strings are NULL with length 0.  "raw" is the message's JSON exactly as
 * it appeared in the (decompressed) input.
 */
struct ac_msg {
	uint64_t	 index;		/* 1-based position in the input */
	const char	*id;
	size_t		 id_len;
	const char	*content;
	size_t		 content_len;
	const char	*username;	/* sender.username, else sender.slug */
	size_t		 username_len;
	int64_t		 sender_id;	/* sender.id, else user_id, else -1 */
	double		 created_at;	/* epoch seconds (UTC) */
	unsigned int	 flags;		/* AC_MSG_* */
	const char	*raw;
	size_t		 raw_len;
};

/* Counts kept while reading.  Skipped messages are not handed on. */
struct ac_chat_stats {
	uint64_t	 bytes;			/* decoded bytes read */
	uint64_t	 messages;		/* handed to the callback */
	uint64_t	 no_timestamp;		/* skipped: created_at missing or invalid */
	uint64_t	 bad_message;		/* skipped: not an object, wrong field types, bad UTF-8 */
	uint64_t	 too_large;		/* skipped: over AC_MSG_MAX_BYTES */
	uint64_t	 first_skipped;		/* message number of the first skip, or 0 */
	char		 first_skip_reason[128];
};

/*
 * A byte source: returns bytes read (> 0), 0 at the end, -1 on error
 * (errno set).  gzip is detected from the first bytes and decoded.
 */
typedef ssize_t	 (*ac_read_fn)(void *arg, void *buf, size_t size);

/* Called once per usable message; a non-zero return stops reading with AC_ERR_STOPPED. */
typedef int	 (*ac_msg_fn)(void *arg, const struct ac_msg *);

/*
 * Read a chat in any accepted shape (see README "Chat input") from a
 * byte source, message by message, in bounded memory.  "vod" is filled
 * from whatever the input says about the VOD (fields found later in the
 * input than some messages are still filled by the time this returns).
 * Returns AC_OK, or an error described in *err.  stats and err may be NULL.
 */
enum ac_err	 ac_chat_read(ac_read_fn rd, void *rdarg, ac_msg_fn fn,
		    void *fnarg, struct ac_vod *vod, struct ac_chat_stats *stats,
		    struct ac_error *err);

/* The same from a file descriptor (not closed) or a path ("-" is stdin). */
enum ac_err	 ac_chat_read_fd(int fd, ac_msg_fn, void *, struct ac_vod *,
		    struct ac_chat_stats *, struct ac_error *);
enum ac_err	 ac_chat_read_path(const char *path, ac_msg_fn, void *,
		    struct ac_vod *, struct ac_chat_stats *, struct ac_error *);

/* ---------------------------------------------------------------------
 * Message scoring (score.c)
 */

/* Emote tokens "[emote:ID:NAME]" of a message, classified by name. */
struct ac_emotes {
	unsigned int	 laugh;		/* KEKW, LULW, emojiLol, ... */
	unsigned int	 hype;		/* PogU, Clap, emojiFire, ... */
	unsigned int	 other;		/* well-formed tokens of other names (also empty names) */
};

/* Count the well-formed emote tokens of a text; malformed ones are plain text. */
void		 ac_text_emotes(const char *s, size_t len, struct ac_emotes *);

/*
 * Whether a text laughs: jaja/JAJAJ/jsjs/jeje, xd/XD, lol/lmao/lmfao,
 * haha, kkkk, rsrs, KEKW/LULW/OMEGALUL/LUL/PepeLaugh/ICANT as words, and
 * the emoji 😂 🤣 💀.  Emote tokens are not looked at (see ac_text_emotes).
 */
int		 ac_text_laughs(const char *s, size_t len);

/* Whether a text is a bot-style command ("!join", "!giveaway"). */
int		 ac_text_is_command(const char *s, size_t len);

/* ---------------------------------------------------------------------
 * Analysis (hype.c)
 */

/*
 * Every parameter of the analysis.  ac_hype_config_default gives the
 * documented defaults; ac_hype_config_set changes one by name.  The names
 * are the struct member names.
 */
struct ac_hype_config {
	/* scoring (seed) */
	double		 base_score;		/* every message */
	double		 laugh_bonus;		/* a laughing message */
	double		 emote_bonus;		/* per whitelisted (laugh or hype) emote */
	double		 combo_multiplier;	/* laughter and emotes together */
	double		 max_message_score;	/* one message never weighs more */
	double		 hype_bonus;		/* plain-word hype (Pog, GIGACHAD, OOOO) */
	/* signal */
	double		 window_s;		/* sliding window of the hype signal */
	double		 baseline_window_s;	/* local baseline: median/MAD over this span */
	double		 threshold_k;		/* peak when signal > baseline + k * spread */
	double		 min_peak_ratio;	/* and signal >= ratio * local baseline */
	double		 suppress_s;		/* no second peak within this of a chosen one */
	double		 baseline_exclude_s;	/* the baseline ignores this much around a point */
	double		 min_spread;		/* floor of the local spread (score units) */
	/* clip bounds */
	double		 chat_lag_s;		/* the moment happened this long before the rise */
	double		 min_clip_s;
	double		 max_clip_s;
	double		 tail_s;		/* kept after the reaction peak at least */
	double		 rise_frac;		/* rise begins below baseline + frac * height */
	double		 end_frac;		/* decay ends below baseline + frac * height */
	/* floods that are not moments */
	double		 flood_user_share;	/* one sender above this share of a peak: flood */
	double		 flood_text_share;	/* one normalised text above this share: flood */
	double		 flood_command_share;	/* "!commands" above this share: flood */
	double		 bot_weight;		/* score factor for bot messages */
	double		 command_weight;	/* score factor for "!command" messages */
	double		 repeat_weight;		/* factor for a sender repeating its last line */
	double		 sender_decay_s;	/* a sender's n-th message within this weighs ~1/n */
	int		 min_senders;		/* distinct reacting senders a moment needs */
	/* output */
	int		 max_clips;		/* listed when no --top is asked */
	double		 timeline_step_s;	/* resolution of hype_timeline */
};

void		 ac_hype_config_default(struct ac_hype_config *);

/*
 * Set one parameter from text ("window_s", "12.5").  Returns AC_OK, or
 * AC_ERR_VALUE with a message naming the key in errbuf (unknown key, not
 * a number, out of its documented range).
 */
enum ac_err	 ac_hype_config_set(struct ac_hype_config *, const char *key,
		    const char *value, char *errbuf, size_t errsize);

/* Check cross-field rules (min_clip_s <= max_clip_s, ...). */
enum ac_err	 ac_hype_config_check(const struct ac_hype_config *,
		    char *errbuf, size_t errsize);

/* Iterate the parameters: name, value as printed, and a one-line description. */
size_t		 ac_hype_config_count(void);
const char	*ac_hype_config_name(size_t i);
const char	*ac_hype_config_help(size_t i);
double		 ac_hype_config_get(const struct ac_hype_config *, size_t i);

/* One proposed clip.  Times are seconds from the VOD start. */
struct ac_clip {
	int		 rank;		/* 1 = best */
	double		 start;
	double		 end;
	double		 peak;		/* the reaction peak */
	double		 score;		/* peak height over the local baseline */
	int		 virality;	/* 0..100 */
	int		 above_threshold;	/* 0 for --top candidates below it */
	char		 kind[8];	/* "laugh", "hype" or "mixed" */
};

/* The result of one analysis. */
struct ac_result {
	struct ac_vod		 vod;
	struct ac_hype_config	 config;
	uint64_t		 message_count;	/* distinct messages analysed */
	uint64_t		 duplicates;	/* dropped as repeated ids */
	struct ac_clip		*clips;
	size_t			 nclips;
	double			 timeline_start;	/* seconds from the VOD start */
	double			 timeline_step;
	double			*timeline;
	size_t			 ntimeline;
};

struct ac_hype;

/* A new analysis accumulating messages; NULL when out of memory. */
struct ac_hype	*ac_hype_new(const struct ac_hype_config *);

/*
 * Add one message (usable directly as an ac_msg_fn).  Keeps a few bytes
 * per message, never the text.  Returns 0, or -1 when out of memory.
 */
int		 ac_hype_add(void *hype, const struct ac_msg *);

/*
 * Finish: dedupe, build the timeline relative to the VOD start (vod's
 * start_time + offset_s, else the first message), find the clips.
 * top == 0 lists the moments above the threshold (at most max_clips);
 * top > 0 lists the top best candidates even below it.
 */
enum ac_err	 ac_hype_finish(struct ac_hype *, const struct ac_vod *,
		    int top, struct ac_result *);
void		 ac_hype_free(struct ac_hype *);
void		 ac_result_free(struct ac_result *);

/* ---------------------------------------------------------------------
 * Reports (report.c)
 */

/* The JSON output contract (README "Output"); malloc'd, NUL-terminated. */
char		*ac_result_json(const struct ac_result *, int pretty);
int		 ac_result_write_table(const struct ac_result *, FILE *);
int		 ac_result_write_csv(const struct ac_result *, FILE *);
int		 ac_result_write_svg(const struct ac_result *, FILE *);

/* ---------------------------------------------------------------------
 * Settings (config.c)
 */

/*
 * Settings shared by every program: the environment, over which the file
 * named by AUTOCLIP_CONF (".env" format) is read for keys the environment
 * does not set.  Analysis parameters may appear in the file as
 * HYPE_<NAME>=value (e.g. HYPE_WINDOW_S=12).
 */
struct ac_settings {
	char		*database_url;
	char		*data_dir;
	char		*chat_storage_dir;
	int		 chat_storage_db;	/* CHAT_STORAGE=database */
	char		*debug_logs_dir;
	char		*api_token;		/* NULL when unset */
	char		*kick_api_url;
	char		*kick_web_api_url;
	int		 debug;
	int		 db_pool_size;
	struct ac_hype_config hype;
};

/*
 * Load the settings; "conf" overrides AUTOCLIP_CONF when not NULL.
 * Returns AC_OK, or an error naming the key or file line in errbuf.
 */
enum ac_err	 ac_settings_load(struct ac_settings *, const char *conf,
		    char *errbuf, size_t errsize);

/*
 * Apply a ".env"-format file's HYPE_* and lower-case parameter keys to a
 * hype configuration (used by "autoclip analyze --config").
 */
enum ac_err	 ac_hype_config_load(struct ac_hype_config *, const char *path,
		    char *errbuf, size_t errsize);
void		 ac_settings_free(struct ac_settings *);

/* ---------------------------------------------------------------------
 * Store (store.c, store_sqlite.c, store_pg.c)
 *
 * One interface over SQLite ("sqlite:///abs/path.db") and PostgreSQL
 * ("postgresql://..." or "postgres://...", every URI parameter such as
 * sslmode honoured).  Every statement is parameterised.  A store handle
 * is used by one thread at a time.  Functions return AC_OK, AC_ERR_NOTFOUND
 * when the row does not exist, AC_ERR_SCHEMA when the database schema is
 * not the one this library knows, AC_ERR_DB for a database failure
 * (details on stderr and in ac_store_errmsg, never meant for web clients).
 */

#define AC_STATUS_MAX		 16
#define AC_STORE_LIST_MAX	 1000	/* most rows one list call returns */

struct ac_store;

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
	char		 status[AC_STATUS_MAX];	/* queued, running, analyzed, failed */
	char		 error[256];		/* why it failed; "" otherwise */
	double		 created_at;		/* epoch seconds */
	double		 updated_at;
	int64_t		 clips_count;		/* filled by get and list */
};

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
	char		 status[AC_STATUS_MAX];	/* pending, approved, rejected */
	double		 created_at;
	double		 updated_at;
};

/* A unit of long work (chat download, clip export). */
struct ac_job {
	int64_t		 id;
	char		 kind[AC_STATUS_MAX];	/* "download", "export" */
	int64_t		 stream_id;
	char		 state[AC_STATUS_MAX];	/* queued, running, done, failed, cancelled */
	double		 progress;		/* 0..1 */
	char		 message[256];		/* progress note or error */
	int		 attempts;
	char		 worker[64];		/* who holds it while running */
	double		 heartbeat_at;		/* epoch seconds; 0 when never */
	double		 created_at;
	double		 updated_at;
};

/*
 * Open the store named by url and check its schema version: an older one
 * is AC_ERR_SCHEMA with "run autoclip migrate" in errbuf, a newer one
 * AC_ERR_SCHEMA asking for a newer autoclip.  With migrate != 0, pending
 * migrations are applied instead (what "autoclip migrate" does); *applied
 * (may be NULL) tells how many.  SQLite files are created (mode 0600,
 * WAL, busy timeout); their directory must exist.
 */
enum ac_err	 ac_store_open(struct ac_store **, const char *url, int migrate,
		    int *applied, char *errbuf, size_t errsize);
void		 ac_store_close(struct ac_store *);
/* The schema version this library knows. */
int		 ac_store_schema_version(void);
/* The last database error of this handle, for logs; never NULL. */
const char	*ac_store_errmsg(const struct ac_store *);

/*
 * Insert or update the stream with s->vod_id (one row per vod_id, also
 * when several processes do it at once); *id gets its id.  Updates the
 * descriptive fields and status; message_count and chat_downloaded too.
 */
enum ac_err	 ac_store_stream_upsert(struct ac_store *,
		    const struct ac_stream *s, int64_t *id);
enum ac_err	 ac_store_stream_get(struct ac_store *, int64_t id,
		    struct ac_stream *);
enum ac_err	 ac_store_stream_get_vod(struct ac_store *, const char *vod_id,
		    struct ac_stream *);
/* Newest first, with clips_count, in one query; *out is malloc'd. */
enum ac_err	 ac_store_stream_list(struct ac_store *, int limit, int offset,
		    struct ac_stream **out, size_t *n);
/* Streams not analysed yet: queued, running or failed, newest first. */
enum ac_err	 ac_store_stream_pending(struct ac_store *, int limit,
		    struct ac_stream **out, size_t *n);
enum ac_err	 ac_store_stream_set_status(struct ac_store *, int64_t id,
		    const char *status, const char *error);
/* Delete a stream with its clips and jobs (the archive is the caller's). */
enum ac_err	 ac_store_stream_delete(struct ac_store *, int64_t id);

/*
 * Replace a stream's analysis in one transaction: its timeline and config
 * (r serialised as the JSON contract), message count, status "analyzed",
 * and its clips.  A new clip takes the review status of an old clip of
 * the same moment (peaks within AC_SAME_MOMENT_S), so approvals and
 * rejections survive re-analysis.
 */
#define AC_SAME_MOMENT_S	 15.0
enum ac_err	 ac_store_analysis_save(struct ac_store *, int64_t stream_id,
		    const struct ac_result *r);
/*
 * The stored analysis as the JSON contract, its potential_clips taken
 * from the clips table (each with "id" and "status" added); malloc'd.
 */
enum ac_err	 ac_store_analysis_json(struct ac_store *, int64_t stream_id,
		    char **json);

/* Clips of a stream by rank; *out is malloc'd. */
enum ac_err	 ac_store_clips(struct ac_store *, int64_t stream_id,
		    struct ac_stored_clip **out, size_t *n);
enum ac_err	 ac_store_clip_get(struct ac_store *, int64_t id,
		    struct ac_stored_clip *);
/* status: pending, approved or rejected (else AC_ERR_VALUE). */
enum ac_err	 ac_store_clip_set_status(struct ac_store *, int64_t id,
		    const char *status);
enum ac_err	 ac_store_clip_delete(struct ac_store *, int64_t id);

/* Jobs: a queue that several workers on several machines share safely. */
enum ac_err	 ac_store_job_enqueue(struct ac_store *, const char *kind,
		    int64_t stream_id, int64_t *id);
enum ac_err	 ac_store_job_get(struct ac_store *, int64_t id, struct ac_job *);
/* The active (queued or running) job of a kind for a stream, if any. */
enum ac_err	 ac_store_job_active(struct ac_store *, const char *kind,
		    int64_t stream_id, struct ac_job *);
/*
 * Claim the oldest queued job atomically (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, BEGIN IMMEDIATE on SQLite): it becomes running, held by
 * worker, attempts + 1.  AC_ERR_NOTFOUND when there is none.
 */
enum ac_err	 ac_store_job_claim(struct ac_store *, const char *worker,
		    struct ac_job *);
/* Heartbeat and progress; AC_ERR_NOTFOUND when the job is no longer this worker's. */
enum ac_err	 ac_store_job_progress(struct ac_store *, int64_t id,
		    const char *worker, double progress, const char *message);
enum ac_err	 ac_store_job_finish(struct ac_store *, int64_t id,
		    const char *worker);
enum ac_err	 ac_store_job_fail(struct ac_store *, int64_t id,
		    const char *worker, const char *message);
enum ac_err	 ac_store_job_cancel(struct ac_store *, int64_t id);
/* Queue a failed or cancelled job again. */
enum ac_err	 ac_store_job_retry(struct ac_store *, int64_t id);
/* Running jobs whose heartbeat is older than stale_s go back to queued; *n of them. */
enum ac_err	 ac_store_job_reclaim(struct ac_store *, double stale_s,
		    int *n);

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

/* Whether s is a valid VOD id: 1..64 of [A-Za-z0-9_-], not starting with '-'. */
int		 ac_valid_vod_id(const char *s);

/* Begin writing; store is used only when settings say CHAT_STORAGE=database. */
enum ac_err	 ac_archive_begin(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, struct ac_archive_writer **,
		    char *errbuf, size_t errsize);
/* Append one message's raw JSON (a line of the NDJSON). */
enum ac_err	 ac_archive_add(struct ac_archive_writer *, const char *raw,
		    size_t len);
/* Usable as an ac_msg_fn: appends m->raw. */
int		 ac_archive_add_msg(void *writer, const struct ac_msg *m);
/* Make it the archive of the VOD (replacing the old one atomically). */
enum ac_err	 ac_archive_commit(struct ac_archive_writer *,
		    char *errbuf, size_t errsize);
/* Abandon: the previous archive stays as it was, temporary data removed. */
void		 ac_archive_abort(struct ac_archive_writer *);

/* Read a VOD's archive as a chat (NDJSON, gzip) into fn. */
enum ac_err	 ac_archive_read(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, ac_msg_fn fn, void *arg,
		    struct ac_chat_stats *, struct ac_error *);
enum ac_err	 ac_archive_delete(const struct ac_settings *, struct ac_store *,
		    const char *vod_id);

#ifdef __cplusplus
}
#endif

#endif /* !AUTOCLIP_H */
