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

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct json_object;

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
	AC_ERR_TOOBIG,		/* decompressed input over MAX_INFLATED_BYTES or its ratio */
	AC_ERR_BUSY,		/* a job is working on it: try again later */
	AC_ERR__MAX
};

/* A fixed English description of an error code; never NULL. */
const char	*ac_strerror(enum ac_err);

/*
 * The one logger (log.c): one line to stderr, "PROG: WHERE: MESSAGE"
 * ("PROG: MESSAGE" when where is NULL).  PROG is "autoclip" until
 * ac_log_prog names the program (kept, not copied).
 */
void		 ac_log_prog(const char *name);
const char	*ac_log_name(void);
void		 ac_log(const char *where, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ac_vlog(const char *where, const char *fmt, va_list)
		    __attribute__((format(printf, 2, 0)));

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

/*
 * The two plain byte sources (source.c), the one copy of each:
 * ac_fd_read reads the file descriptor *(int *)arg (retrying EINTR);
 * ac_mem_read hands out the bytes of a struct ac_memsrc, at most chunk
 * a call when chunk > 0 (tests split input that way).
 */
struct ac_memsrc {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 chunk;
};
ssize_t		 ac_fd_read(void *arg, void *buf, size_t size);
ssize_t		 ac_mem_read(void *arg, void *buf, size_t size);

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
	double		 learned_bonus;		/* a unit bursting against its own share (per VOD) */
	/* signal */
	double		 window_s;		/* sliding window of the hype signal */
	double		 baseline_window_s;	/* local baseline: median/MAD over this span */
	double		 threshold_k;		/* peak when signal > baseline + k * spread */
	double		 min_peak_ratio;	/* and signal >= ratio * local baseline */
	double		 suppress_s;		/* no second peak within this of a chosen one */
	double		 rank_power;		/* rank by excess / spread^power */
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

/*
 * The per-message features of an analysis (24 bytes a message: time,
 * sender, text and first-unit hashes, vocabulary classes), sorted and
 * without repeated ids, so that a stored VOD is analysed again with other
 * parameters without reading its chat.  AC_FEATURES_VERSION changes
 * whenever what is kept per message changes (the scorer's version): a
 * file of another version is refused and rebuilt from the chat.
 */
#define AC_FEATURES_VERSION	 1

struct ac_features_head {
	char		 magic[8];	/* "ACFEAT\n\0" */
	uint32_t	 version;	/* AC_FEATURES_VERSION */
	uint32_t	 recsize;	/* bytes per message */
	uint64_t	 n;		/* messages */
	uint64_t	 duplicates;	/* repeated ids dropped */
	double		 ref;		/* epoch seconds of time 0 */
	uint32_t	 have_ref;
	uint32_t	 pad;
	uint64_t	 stamp[2];	/* the caller's: what it was built from */
};

/*
 * Before ac_hype_finish: the header (stamp zero) and the records, which
 * stay owned by the analysis (valid until it is finished or freed).
 */
enum ac_err	 ac_hype_features(struct ac_hype *, struct ac_features_head *,
		    const void **recs, size_t *len);
/*
 * An analysis ready to finish from features; it takes recs (malloc'd)
 * on success.  NULL when they do not match head (magic, version, size,
 * order) or out of memory.
 */
struct ac_hype	*ac_hype_from_features(const struct ac_hype_config *,
		    const struct ac_features_head *, void *recs, size_t len);
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
/* The same chart as an <svg> element for a page (no XML declaration). */
int		 ac_result_write_svg_inline(const struct ac_result *, FILE *);

/* ---------------------------------------------------------------------
 * Settings (config.c)
 */

/*
 * Settings shared by every program: the environment, over which the file
 * named by AUTOCLIP_CONF (".env" format) is read for keys the environment
 * does not set.  Analysis parameters may appear in the file as
 * HYPE_<NAME>=value (e.g. HYPE_WINDOW_S=12).
 */
/*
 * Bounds of gzip decoding: at most AC_MAX_INFLATED_DEFAULT decoded bytes (8 x
 * the largest upload), and once past AC_INFLATE_RATIO_FLOOR decoded bytes
 * at most AC_MAX_INFLATION_RATIO_DEFAULT times the compressed bytes read
 * (real chats compress 3-10x; a gzip bomb over 1000x).
 */
#define AC_MAX_INFLATED_DEFAULT		 (4ULL << 30)
#define AC_MAX_INFLATION_RATIO_DEFAULT	 100
#define AC_INFLATE_RATIO_FLOOR		 (16ULL << 20)

/*
 * Set this process's gzip bounds (ac_settings_load does so from
 * MAX_INFLATED_BYTES and MAX_INFLATION_RATIO).  Past them a read fails
 * with AC_ERR_TOOBIG.
 */
void		 ac_inflate_limits(uint64_t max_bytes, unsigned int max_ratio);

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
	/* Kick downloads and workers */
	char		*kick_user_agent;	/* KICK_USER_AGENT */
	char		*kick_referer;		/* KICK_REFERER */
	char		*kick_accept;		/* KICK_ACCEPT */
	int		 kick_concurrency;	/* KICK_CONCURRENCY, 1..64, default 8 */
	double		 kick_rate_limit;	/* KICK_RATE_LIMIT requests/s, 0 = none */
	char		*autoclip_bin;		/* AUTOCLIP_BIN: the worker program */
	int		 sendfile;		/* SENDFILE=x-sendfile: the server sends files */
	/* clip export */
	int		 export_max_height;	/* EXPORT_MAX_HEIGHT, default 1080 */
	int		 export_concurrency;	/* EXPORT_CONCURRENCY, default 2 */
	int64_t		 export_max_bytes;	/* EXPORT_MAX_BYTES, default 10 GiB */
	char		*kick_media_hosts;	/* KICK_MEDIA_HOSTS; NULL when unset */
	/* Hardening */
	char		*allowed_hosts;		/* ALLOWED_HOSTS: Host names loopback writes may use; NULL unset */
	uint64_t	 max_inflated_bytes;	/* MAX_INFLATED_BYTES: decoded bytes of a gzip chat */
	unsigned int	 max_inflation_ratio;	/* MAX_INFLATION_RATIO: decoded/compressed bytes */
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
/*
 * A page of streams matching q, with clips_count and approved_count;
 * *total (may be NULL) gets how many match in all.  AC_ERR_VALUE for a
 * bad limit, offset, sort or a text over AC_SEARCH_TEXT_MAX.
 */
enum ac_err	 ac_store_stream_search(struct ac_store *,
		    const struct ac_stream_query *q, struct ac_stream **out,
		    size_t *n, int64_t *total);
/* Streams not analysed yet: queued, running or failed, newest first. */
enum ac_err	 ac_store_stream_pending(struct ac_store *, int limit,
		    struct ac_stream **out, size_t *n);
enum ac_err	 ac_store_stream_set_status(struct ac_store *, int64_t id,
		    enum ac_stream_status, const char *error);
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
/* The same as an object (caller puts), with "stream_id" when asked. */
enum ac_err	 ac_store_analysis(struct ac_store *, int64_t stream_id,
		    int with_stream_id, struct json_object **out);

/*
 * A stored stream as the engine's VOD (offset 0: the stored start is the
 * timeline's origin), and a VOD's title, channel, source, start (plus
 * its offset) and duration into a stream.  The one copy of each.
 */
void		 ac_stream_vod(const struct ac_stream *, struct ac_vod *);
void		 ac_stream_set_vod(struct ac_stream *, const struct ac_vod *);

/* Clips of a stream by rank; *out is malloc'd. */
enum ac_err	 ac_store_clips(struct ac_store *, int64_t stream_id,
		    struct ac_stored_clip **out, size_t *n);
enum ac_err	 ac_store_clip_get(struct ac_store *, int64_t id,
		    struct ac_stored_clip *);
/* AC_ERR_VALUE for a status out of range. */
enum ac_err	 ac_store_clip_set_status(struct ac_store *, int64_t id,
		    enum ac_clip_status);
enum ac_err	 ac_store_clip_delete(struct ac_store *, int64_t id);
/*
 * Move a clip's bounds (seconds from the VOD start): 0 <= start < end,
 * end - start at most AC_CLIP_LEN_MAX, both finite (else AC_ERR_VALUE).
 */
#define AC_CLIP_LEN_MAX		 600.0
enum ac_err	 ac_store_clip_set_bounds(struct ac_store *, int64_t id,
		    double start, double end);

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
/*
 * The same with parameters (printable text, < AC_JOB_PARAMS_MAX bytes).
 * An active export with the same params already queued is AC_ERR_DB
 * (the schema keeps one); look it up with ac_store_job_find.
 */
enum ac_err	 ac_store_job_enqueue_params(struct ac_store *, const char *kind,
		    int64_t stream_id, const char *params, int64_t *id);
/*
 * The newest job of a kind whose params equal params (prefix 0) or
 * begin with it (prefix 1).  AC_ERR_NOTFOUND when there is none.
 */
enum ac_err	 ac_store_job_find(struct ac_store *, const char *kind,
		    const char *params, int prefix, struct ac_job *);
/*
 * Claim like ac_store_job_claim, but a job of kind capped is taken only
 * while fewer than cap of that kind run (atomically: a transaction on
 * SQLite, an advisory lock on PostgreSQL); others wait in the queue.
 */
enum ac_err	 ac_store_job_claim_capped(struct ac_store *, const char *worker,
		    const char *capped, int cap, struct ac_job *);
/* Heartbeat and progress; AC_ERR_NOTFOUND when the job is no longer this worker's. */
enum ac_err	 ac_store_job_progress(struct ac_store *, int64_t id,
		    const char *worker, double progress, const char *message);
enum ac_err	 ac_store_job_finish(struct ac_store *, int64_t id,
		    const char *worker);
enum ac_err	 ac_store_job_fail(struct ac_store *, int64_t id,
		    const char *worker, const char *message);
enum ac_err	 ac_store_job_cancel(struct ac_store *, int64_t id);
/* Set the message of a queued job (why it waits); AC_ERR_NOTFOUND when not queued. */
enum ac_err	 ac_store_job_note(struct ac_store *, int64_t id,
		    const char *message);
/* Queue a failed or cancelled job again. */
enum ac_err	 ac_store_job_retry(struct ac_store *, int64_t id);
/* Running jobs whose heartbeat is older than stale_s go back to queued; *n of them. */
enum ac_err	 ac_store_job_reclaim(struct ac_store *, double stale_s,
		    int *n);

/*
 * Finished exports kept in the database (CHAT_STORAGE=database), so that
 * every web node sharing it can send them: chunks of at most
 * AC_STORE_BLOB_CHUNK bytes numbered from 0, then blob_done records the
 * size (only then is it complete).  oldest gives the total bytes kept and
 * the least recently accessed job other than keep (0 when none).
 */
#define AC_STORE_BLOB_CHUNK	 (1024 * 1024)
enum ac_err	 ac_store_blob_put(struct ac_store *, int64_t job_id, int chunk,
		    const void *data, size_t len);
enum ac_err	 ac_store_blob_done(struct ac_store *, int64_t job_id,
		    int64_t bytes, int chunk_size);
enum ac_err	 ac_store_blob_info(struct ac_store *, int64_t job_id,
		    int64_t *bytes, int *chunk_size);
enum ac_err	 ac_store_blob_chunk(struct ac_store *, int64_t job_id,
		    int chunk, void *buf, size_t size, size_t *len);
enum ac_err	 ac_store_blob_touch(struct ac_store *, int64_t job_id);
enum ac_err	 ac_store_blob_oldest(struct ac_store *, int64_t keep,
		    int64_t *job_id, int64_t *total);
enum ac_err	 ac_store_blob_delete(struct ac_store *, int64_t job_id);

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
/*
 * Make a writer not committed yet write the archive of another VOD (an
 * upload whose VOD id is known only after reading): nothing is copied.
 */
enum ac_err	 ac_archive_retarget(struct ac_archive_writer *,
		    const struct ac_settings *, const char *vod_id,
		    char *errbuf, size_t errsize);

/* Read a VOD's archive as a chat (NDJSON, gzip) into fn. */
enum ac_err	 ac_archive_read(const struct ac_settings *, struct ac_store *,
		    const char *vod_id, ac_msg_fn fn, void *arg,
		    struct ac_chat_stats *, struct ac_error *);
enum ac_err	 ac_archive_delete(const struct ac_settings *, struct ac_store *,
		    const char *vod_id);

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
		    double max_age_s, struct ac_cleanup *);

/* ---------------------------------------------------------------------
 * Web requests (req.c, route.c, reply.c, form.c, multipart.c)
 *
 * One struct ac_req holds all state of one request and is reset after
 * each; it works under FastCGI and as plain CGI with the same handlers.
 * Parameters come from the request (FastCGI params or, as CGI, the
 * environment of that one request), never from getenv per request.
 *
 * The request path routed on is REQUEST_URI's path, strictly percent-
 * decoded (no NUL, valid UTF-8, no empty, "." or ".." segment: else 400),
 * or SCRIPT_NAME + PATH_INFO when there is no REQUEST_URI; Apache (Alias
 * or the .htaccess rewrite) and lighttpd (fastcgi.server prefix) give the
 * same.  Leading segments before the first one that begins some route's
 * pattern are a base path and skipped ("/autoclip/api/streams/1" is
 * "/api/streams/1"), so the site may live under a prefix.  Patterns match
 * exactly: "/api/streams" and
 * "/api/streams/" are different paths; only the first matches the
 * pattern "/api/streams" (a trailing slash is a 404).
 *
 * Errors answered by this layer (all {"detail": "...", "code": "..."}):
 * 400 bad path, bad query (unknown, duplicate or invalid key, named),
 * bad CONTENT_LENGTH, empty or truncated body, bad JSON or multipart;
 * 401/403 writes refused; 404 no route; 405 wrong method (with Allow);
 * 413 body over the route's cap (checked before reading); 415 wrong
 * Content-Type; 500 a handler that did not answer.
 */

#define AC_MAX_PATH		 1024	/* bytes of the request path */
#define AC_MAX_QUERYSTRING	 2048	/* bytes of QUERY_STRING */
#define AC_MAX_QUERY_KEYS	 32	/* key=value pairs in a query or form */
#define AC_MAX_CAPTURES		 4	/* {captures} in one pattern */
#define AC_MAX_HEADER		 1024	/* bytes of one request header we read */
#define AC_MAX_REPLY_HEADERS	 8	/* extra headers of one answer */
#define AC_MAX_JSON_BODY	 (64 * 1024)	/* a JSON body read whole */
#define AC_JSON_BODY_DEPTH	 16	/* nesting of a JSON body */
#define AC_MAX_FORM_BODY	 (64 * 1024)	/* an urlencoded body */
#define AC_MP_BOUNDARY_MAX	 70	/* RFC 2046 */
#define AC_MP_HEADER_MAX	 8192	/* bytes of one part's header block */
#define AC_MP_PARTS_MAX		 16	/* parts of one multipart body */
#define AC_MP_FIELD_MAX		 4096	/* bytes of one non-file field */

enum ac_method {
	AC_METHOD_GET,
	AC_METHOD_HEAD,		/* routed as GET; answers carry no body */
	AC_METHOD_POST,
	AC_METHOD_PUT,
	AC_METHOD_DELETE,
	AC_METHOD_OPTIONS,
	AC_METHOD_PATCH,
	AC_METHOD_OTHER,	/* anything else: 405 on a known path */
	AC_METHOD__MAX
};

/* "GET", "POST", ... ("OTHER" for AC_METHOD_OTHER). */
const char	*ac_method_name(enum ac_method);

/* How a query, form or multipart text value is validated. */
enum ac_kind {
	AC_KIND_INT,		/* strict decimal in [min, max] -> i */
	AC_KIND_ID,		/* 1..INT64_MAX -> i */
	AC_KIND_VOD,		/* ac_valid_vod_id */
	AC_KIND_UUID,		/* 8-4-4-4-12 hex, given back lower-case */
	AC_KIND_ENUM,		/* one of values[] (NULL-terminated) -> i = index */
	AC_KIND_BOOL,		/* "true"/"false"/"1"/"0" -> i = 1/0 */
	AC_KIND_STRING,		/* UTF-8, no control bytes but tab, at most max bytes */
	AC_KIND_FILENAME,	/* a file name, sanitised (ac_valid_filename), at most max bytes */
	AC_KIND__MAX
};

/* One declared key (kcgi keys[] style). */
struct ac_key {
	const char		*name;
	enum ac_kind		 kind;
	int64_t			 min;		/* INT only */
	int64_t			 max;		/* INT range; STRING/FILENAME bytes (0: 256) */
	const char *const	*values;	/* ENUM only */
};

/* The value of one declared key; s is NUL-terminated, owned by its holder. */
struct ac_value {
	int		 present;
	int64_t		 i;
	char		*s;
	size_t		 len;
};

/* A typed capture of the path; s holds the text (id as digits too). */
struct ac_capture {
	int64_t		 i;		/* {id} */
	char		 s[AC_VOD_ID_MAX];	/* {id}, {vod}, {uuid} */
};

struct ac_req;
struct ac_req_io;
struct json_object;

/*
 * The handler of a route.  It must answer with exactly one ac_reply*
 * (a missing answer becomes a 500); "ctx" is what ac_req_main was given.
 */
typedef void	 (*ac_handler_fn)(struct ac_req *, void *ctx);

enum ac_body {
	AC_BODY_NONE,		/* any body is a 400 (unexpected_body) */
	AC_BODY_OPTIONAL,	/* up to body_max bytes, may be empty */
	AC_BODY_REQUIRED	/* 1..body_max bytes: empty is a 400 */
};

/*
 * One route: method + pattern -> handler.  Pattern segments are literal
 * or a capture: "{id}" (positive int64), "{vod}" (a VOD id) or "{uuid}".
 * Literal segments win over captures.  Query keys not in keys[] are a
 * 400; req->query[i] is the value of keys[i].
 */
struct ac_route {
	enum ac_method		 method;
	const char		*pattern;
	ac_handler_fn		 handler;
	const struct ac_key	*keys;
	size_t			 nkeys;
	enum ac_body		 body;
	uint64_t		 body_max;	/* bytes; over it: 413 before reading */
	unsigned int		 flags;		/* AC_ROUTE_* */
};

/*
 * A write: the dispatcher calls the server's may_write before the
 * handler (after the 404/405/400/413 checks); a write route served
 * without a may_write is a 500, never an unchecked write.
 */
#define AC_ROUTE_WRITE		 0x01u
/*
 * A write that also takes an urlencoded form from a page without script
 * (which cannot send an Authorization header): for such a body the
 * dispatcher reads the form first (at most AC_MAX_FORM_BODY bytes; the
 * handler's ac_req_form reads it again), and its field "token" (at most
 * AC_FORM_TOKEN_MAX bytes, once) stands for the bearer token in the
 * write check.  Never from a query string, never for other bodies.
 */
#define AC_ROUTE_FORM		 0x02u
#define AC_FORM_TOKEN_MAX	 256

/*
 * What ac_serve serves: the routes, the handlers' ctx, and the check of
 * write routes (1 to go on, or 0 after answering, e.g. 401/403).
 */
struct ac_server {
	const struct ac_route	*routes;
	size_t			 nroutes;
	void			*ctx;
	int			(*may_write)(struct ac_req *, void *ctx);
};

/*
 * A request.  Read-only for handlers; every string is NUL-terminated
 * ("" when the parameter is absent) and lives until the request ends.
 */
struct ac_req {
	enum ac_method		 method;
	const char		*method_text;	/* REQUEST_METHOD */
	const char		*path;		/* SCRIPT_NAME + PATH_INFO */
	const char		*query_string;
	const char		*content_type;	/* CONTENT_TYPE */
	uint64_t		 content_length;	/* strictly parsed; 0 when absent */
	const char		*remote_user;
	const char		*remote_addr;
	const char		*authorization;	/* HTTP_AUTHORIZATION */
	const char		*origin;	/* HTTP_ORIGIN */
	const char		*sec_fetch_site;	/* HTTP_SEC_FETCH_SITE */
	const char		*host;		/* HTTP_HOST */
	const char		*accept;	/* HTTP_ACCEPT */
	int			 https;		/* HTTPS is "on" or "1" */
	const struct ac_route	*route;		/* the matched route */
	struct ac_capture	 cap[AC_MAX_CAPTURES];
	size_t			 ncap;
	struct ac_value		*query;		/* route->nkeys values */
	uint64_t		 body_read;	/* body bytes handed out so far */
	int			 body_truncated;	/* the body ended before CONTENT_LENGTH */
	int			 replied;	/* an answer was begun */
	int			 status;	/* its status */
	struct ac_req_io	*io;		/* private */
};

/*
 * The accept loop.  As FastCGI (fd 0 is a listening socket, as mod_fcgid
 * and lighttpd bin-path give it, or "-s PATH" names a socket to create):
 * one request at a time until the server closes or SIGTERM arrives (the
 * current request is finished first).  As plain CGI: one request from
 * the environment, stdin and stdout.  Each request is routed (404, 405
 * with Allow, 400, 413 answered here) and handed to its handler.
 * Returns the process exit status (0, or 1 on a start-up error).
 */
int		 ac_serve(int argc, char *argv[], const struct ac_server *);
/* ac_serve without a write check (routes flagged AC_ROUTE_WRITE: 500). */
int		 ac_req_main(int argc, char *argv[], const struct ac_route *,
		    size_t nroutes, void *ctx);

/*
 * Accept negotiation (accept.c): 1 when the q of an explicit text/html
 * is above that of application/json (or, without it, of the wildcard
 * types), as a browser's Accept says; else 0.  A missing or empty Accept
 * is 0 (JSON).
 */
int		 ac_accept_html(const char *accept);
int		 ac_req_wants_html(const struct ac_req *);

/* Any request parameter by name ("HTTP_X_FOO"); NULL when absent. */
const char	*ac_req_param(const struct ac_req *, const char *name);

/*
 * Read up to size body bytes (an ac_read_fn: pass the request as arg).
 * Returns > 0, 0 once CONTENT_LENGTH bytes were read, -1 on error; a
 * body that ends early is -1 with errno EPROTO and body_truncated set.
 * Never reads past CONTENT_LENGTH.
 */
ssize_t		 ac_req_read(void *req, void *buf, size_t size);

/*
 * Whether the request carries a body of this media type (parameters
 * such as "; charset=utf-8" ignored, case-insensitive): 1 or 0.
 */
int		 ac_req_is_type(const struct ac_req *, const char *type);

/*
 * The whole body, at most max bytes (else 413), into *out (malloc'd,
 * NUL-terminated after its *len bytes).  0, or -1 after answering 413,
 * 400 truncated_body or bad_body, or 500.  The one body reader.
 */
int		 ac_req_body(struct ac_req *, uint64_t max, char **out,
		    size_t *len);

/*
 * The whole JSON body: Content-Type application/json (else 415), at
 * most AC_MAX_JSON_BODY bytes (else 413), strict JSON, valid UTF-8,
 * depth at most AC_JSON_BODY_DEPTH, an object at the top (else 400).
 * An empty body gives *out = NULL when the route's body is optional
 * (400 when required).
 * Returns 0 (*out owned by the caller: json_object_put), or -1 after
 * answering the error itself: the handler then just returns.
 */
int		 ac_req_json(struct ac_req *, struct json_object **out);

/*
 * An application/x-www-form-urlencoded body (at most AC_MAX_FORM_BODY)
 * into vals[nkeys] (cleared with ac_values_clear).  0, or -1 after
 * answering 400/413/415.
 */
int		 ac_req_form(struct ac_req *, const struct ac_key *, size_t nkeys,
		    struct ac_value *vals);

/*
 * Parse urlencoded text (a query string or form body) strictly: keys
 * must be declared, at most once each, at most AC_MAX_QUERY_KEYS pairs;
 * "%XX" needs two hex digits, '+' is a space, decoded text must be UTF-8
 * without NUL; each value passes its key's validator.  vals[nkeys] are
 * filled (free with ac_values_clear, also after an error).  Returns
 * AC_OK, or AC_ERR_SYNTAX/AC_ERR_VALUE/AC_ERR_LIMIT with a message that
 * names the key in errbuf.
 */
enum ac_err	 ac_form_parse(const char *s, size_t len, const struct ac_key *,
		    size_t nkeys, struct ac_value *vals, char *errbuf,
		    size_t errsize);
/* Validate one decoded value for key into v (v->s is malloc'd). */
enum ac_err	 ac_value_set(const struct ac_key *, const char *s, size_t len,
		    struct ac_value *v, char *errbuf, size_t errsize);
void		 ac_values_clear(struct ac_value *, size_t n);

/*
 * Writes (POST, PUT, PATCH, DELETE) are allowed when, in this order:
 *  1. the request is not cross-site: a Sec-Fetch-Site of "cross-site",
 *     or an Origin that is not exactly scheme://HTTP_HOST of this site
 *     (https when HTTPS is on; "null" included), is a 403;
 *  2. the web server authenticated the user (REMOTE_USER set), or
 *  3. API_TOKEN is configured and "Authorization: Bearer <API_TOKEN>"
 *     matches (compared in constant time; missing 401, wrong 403), or
 *  4. no API_TOKEN is configured and the client is on loopback
 *     (REMOTE_ADDR 127.0.0.0/8 or ::1) naming this machine as Host
 *     (localhost, 127.0.0.1 or [::1], any port; or a name listed in
 *     ALLOWED_HOSTS; no Host at all is accepted): against DNS rebinding.
 *     Other clients and other Hosts get 403.
 * Returns 1 when allowed; else answers 401/403 and returns 0.
 */
int		 ac_req_may_write(struct ac_req *, const struct ac_settings *);

/*
 * Send this process's stderr to the file named by the environment's
 * AUTOCLIP_ERROR_LOG (absolute; appended), when set: lighttpd's
 * configuration names its error log so.  Done once; ac_req_main does it.
 */
void		 ac_req_stderr(void);

/*
 * Whether a valid JSON text repeats a key within one object: 1 with the
 * first such key (decoded, cut to keysize) in key, 0 when none, -1 out of
 * memory or nested deeper than 64.
 */
int		 ac_json_dup_key(const char *text, size_t len, char *key,
		    size_t keysize);

/*
 * Answers.  Every answer carries Status, Content-Type (when there is a
 * body), X-Content-Type-Options: nosniff, Cache-Control: no-store,
 * Referrer-Policy: same-origin and a Content-Security-Policy that allows
 * nothing (default-src 'none'; frame-ancestors 'none'), plus the extra
 * headers added before.  A 204 or HEAD answer has no body.  Only the
 * first answer of a request is sent (later ones are logged and
 * dropped).  Functions return 0, or -1 when writing failed.
 */
int		 ac_reply(struct ac_req *, int status, const char *ctype,
		    const void *body, size_t len);
/* Serialised with JSON_C_TO_STRING_PLAIN; obj is borrowed. */
int		 ac_reply_json(struct ac_req *, int status, struct json_object *);
/*
 * {"detail": detail, "code": code} with code's status from the one table
 * of error codes (lib/web/codes.c); a code not in it is logged and
 * answered 500 internal_error.
 */
int		 ac_reply_fail(struct ac_req *, const char *code,
		    const char *detail);
/* The status of an error code, or 0 when it is not in the table. */
int		 ac_code_status(const char *code);
/* The i-th code of the table, NULL past its end (for tests and docs). */
const char	*ac_code_at(size_t i);
/* {"detail": detail, "code": code} with any status (use ac_reply_fail). */
int		 ac_reply_error(struct ac_req *, int status, const char *code,
		    const char *detail);
/* 303 (or 301/302/307/308) to a local path starting with '/'. */
int		 ac_reply_redirect(struct ac_req *, int status,
		    const char *location);
/*
 * Add a header to the coming answer (Allow, X-Sendfile, ...): name a
 * token, value without CR, LF or NUL; 0, or -1 when refused.
 */
int		 ac_reply_header(struct ac_req *, const char *name,
		    const char *value);
/*
 * Let the web server send a file (lighttpd "x-sendfile", Apache
 * mod_xsendfile): X-Sendfile with an absolute path built by the program
 * (never from user text; no "." or ".." segments), no body.
 */
int		 ac_reply_sendfile(struct ac_req *, const char *ctype,
		    const char *path);
/*
 * Stored files and blobs (file.c).  ac_range_parse reads one Range
 * header against a size: 1 with [first, last] for one satisfiable
 * "bytes=" range, 0 when it is absent or to be ignored (other unit,
 * several ranges), -1 when unsatisfiable (416), -2 malformed (ignored).
 */
int		 ac_range_parse(const char *header, int64_t size, int64_t *first,
		    int64_t *last);
/* Read up to n bytes at off; > 0, 0 at the end, -1 on error. */
typedef ssize_t	 (*ac_pread_fn)(void *arg, void *buf, size_t n, int64_t off);
/*
 * Answer with size bytes read through rd: ETag and Accept-Ranges,
 * 304 for a matching If-None-Match, 206 with Content-Range for one
 * Range (If-Range honoured), 416 when unsatisfiable, else 200.
 */
int		 ac_reply_ranged(struct ac_req *, const char *ctype,
		    int64_t size, const char *etag, ac_pread_fn rd, void *arg);
/* The same for a file the program named; with sendfile, X-Sendfile. */
int		 ac_reply_file(struct ac_req *, const char *ctype,
		    const char *path, const char *etag, int sendfile);
/* Content-Disposition: attachment with the name sanitised (ac_valid_filename). */
int		 ac_reply_attachment(struct ac_req *, const char *filename);
/*
 * A streamed answer: headers now (length -1 when unknown), then the body
 * in pieces.  ac_reply_write returns 0 or -1 (client gone).
 */
int		 ac_reply_begin(struct ac_req *, int status, const char *ctype,
		    int64_t length);
int		 ac_reply_write(struct ac_req *, const void *, size_t);
/*
 * An HTML page (text/html; charset=utf-8) with the page policy: styles
 * and images from the site only, no script, forms to the site only,
 * no framing (Content-Security-Policy frame-ancestors and
 * X-Frame-Options: DENY).
 */
int		 ac_reply_html(struct ac_req *, int status, const char *html,
		    size_t len);
/*
 * The base path the site lives under ("" or "/autoclip"), from the
 * segments the router skipped; only when it is made of unreserved
 * characters and '/', else "".  For Location headers and links.
 */
const char	*ac_req_base(const struct ac_req *);
/*
 * A 303 to base + path (path starts with '/'), the answer to a form
 * post: the browser then GETs that page.
 */
int		 ac_reply_see_other(struct ac_req *, const char *path);

/*
 * A page rendered by a program (page.c): begin writes the head, the
 * stylesheet and the navigation (links under ac_req_base); write the
 * body to f with ac_html_fmt; reply adds the footer and answers with
 * ac_reply_html (after it, or on an error, ac_page_free).
 */
struct ac_page {
	struct ac_req	*req;
	FILE		*f;
	char		*buf;
	size_t		 len;
};
int		 ac_page_begin(struct ac_page *, struct ac_req *,
		    const char *title);
int		 ac_page_reply(struct ac_page *, int status);
void		 ac_page_free(struct ac_page *);

/*
 * HTML and XML text (html.c): the one place where text is escaped.
 * ac_html_text escapes & < > " ' for character data and attributes,
 * drops control bytes but tab and newlines, and replaces invalid UTF-8
 * with U+FFFD; ac_html_url percent-encodes all but unreserved bytes;
 * ac_html_fmt writes the literal markup of fmt with %s (escaped text),
 * %u (URL component), %d (int), %I (int64_t), %.Nf (double), %%.
 * Each returns 0, or -1 on a write error or a bad format.
 */
int		 ac_html_text(FILE *, const char *);
int		 ac_html_url(FILE *, const char *);
int		 ac_html_fmt(FILE *, const char *fmt, ...);

/* The reason phrase of a status ("Not Found"); "" when unknown. */
const char	*ac_status_text(int status);
/* Log a fault of this request: ac_log(func, "METHOD PATH: ..."). */
void		 ac_req_log(const struct ac_req *, const char *func,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * multipart/form-data, streaming (multipart.c).  The boundary comes from
 * the Content-Type (1..70 characters of RFC 2046, else AC_ERR_SYNTAX).
 * Parts are pulled one by one; a part's bytes are read with ac_mp_read
 * (an ac_read_fn) and never held whole.  Limits: AC_MP_HEADER_MAX bytes
 * of part headers, AC_MP_PARTS_MAX parts.  Every part needs
 * Content-Disposition: form-data with a name.
 */
struct ac_mp;

struct ac_mp_part {
	char		 name[64];
	char		 filename[256];		/* as sent (not sanitised); "" when none */
	int		 has_filename;
	char		 content_type[128];	/* "" when none */
};

/* NULL with a message in errbuf on a bad Content-Type or no memory. */
struct ac_mp	*ac_mp_new(const char *content_type, ac_read_fn, void *arg,
		    char *errbuf, size_t errsize);
/*
 * Skip the rest of the current part and go to the next: 1 with *part
 * filled, 0 after the final boundary, -1 on an error (ac_mp_error).
 */
int		 ac_mp_next(struct ac_mp *, struct ac_mp_part *);
/* The current part's bytes (an ac_read_fn): > 0, 0 at its end, -1. */
ssize_t		 ac_mp_read(void *mp, void *buf, size_t size);
/* Why the parser failed; "" when it did not. */
const char	*ac_mp_error(const struct ac_mp *);
/* Whether the last failure came from the byte source (not the syntax). */
int		 ac_mp_source_failed(const struct ac_mp *);
void		 ac_mp_free(struct ac_mp *);

/*
 * Handed a multipart file part to consume: read it with rd(rdarg, ...).
 * Return 0 to go on, non-zero to stop (the answer is then the
 * callback's: it should have replied).
 */
typedef int	 (*ac_upload_fn)(void *arg, struct ac_req *,
		    const struct ac_mp_part *, ac_read_fn rd, void *rdarg);

/*
 * A multipart/form-data upload (415 otherwise): the file field named
 * file (required, exactly once) goes to fn as it streams in; text fields
 * declared in keys[] are validated into vals[nkeys] (AC_MP_FIELD_MAX
 * bytes each; unknown or repeated fields are a 400), also those after
 * the file.  Returns 0 when fn consumed the file and the body ended
 * well; -1 when an error was answered (or fn stopped).
 */
int		 ac_req_upload(struct ac_req *, const char *file,
		    ac_upload_fn fn, void *arg, const struct ac_key *,
		    size_t nkeys, struct ac_value *vals);

/*
 * Validators (valid.c).  Each returns 1 when valid, 0 otherwise.
 */
/* Whole decimal in [min, max], no sign '+', spaces or leading junk. */
int		 ac_valid_int(const char *s, int64_t min, int64_t max,
		    int64_t *out);
/* A positive int64 id. */
int		 ac_valid_id(const char *s, int64_t *out);
/* 8-4-4-4-12 hexadecimal digits. */
int		 ac_valid_uuid(const char *s);
/* Well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int		 ac_valid_utf8(const char *s, size_t len);
/* The index of s in values[] (NULL-terminated), or -1. */
int		 ac_valid_enum(const char *s, const char *const *values);
/*
 * A safe file name from a user's: the last path component, only
 * [A-Za-z0-9._-] kept (others become '_'), no leading dot, at most
 * size - 1 bytes; "file" when nothing is left.  Returns out.
 */
char		*ac_valid_filename(const char *in, char *out, size_t size);

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
#define AC_EXPORT_MAX_HEIGHT_DEFAULT 1080

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
 * reason in errbuf.  Free with ac_hls_master_free (also after errors).
 */
enum ac_err	 ac_hls_master_parse(const char *text, size_t len,
		    const char *base, struct ac_hls_master *,
		    char *errbuf, size_t errsize);
void		 ac_hls_master_free(struct ac_hls_master *);
/*
 * Parse a media playlist: EXTINF, EXT-X-PROGRAM-DATE-TIME (derived for
 * segments without one), EXT-X-BYTERANGE, EXT-X-DISCONTINUITY.
 * Encrypted (EXT-X-KEY) and fMP4 (EXT-X-MAP) playlists are AC_ERR_SHAPE.
 */
enum ac_err	 ac_hls_media_parse(const char *text, size_t len,
		    const char *base, struct ac_hls_media *,
		    char *errbuf, size_t errsize);
void		 ac_hls_media_free(struct ac_hls_media *);

/*
 * The variant to cut from: the one named quality (case-insensitive;
 * unknown is AC_ERR_NOTFOUND with the names that exist in errbuf), else
 * the highest not above max_height (<= 0: 1080), else the lowest.
 */
enum ac_err	 ac_hls_pick(const struct ac_hls_master *, const char *quality,
		    int max_height, size_t *idx, char *errbuf, size_t errsize);

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
		    struct ac_hls_window *, char *errbuf, size_t errsize);

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
		    const char *hosts, char *errbuf, size_t errsize);
/* Whether a host (no port) is a loopback, private or link-local name or literal. */
int		 ac_hls_host_private(const char *host);

/* ---------------------------------------------------------------------
 * Child processes (proc.c)
 *
 * A child runs argv[0] (an absolute path) with argv as given (no shell),
 * the environment PATH=/usr/local/bin:/usr/bin:/bin and LC_ALL=C only,
 * stdin from /dev/null, every other inherited descriptor closed, signal
 * dispositions and mask reset, in a process group of its own, under the
 * CPU and file size limits given.  A wall-clock timeout sends SIGTERM to
 * the group, then SIGKILL.  Its stderr is kept (the first
 * AC_PROC_ERR_MAX - 1 bytes) for logs.
 */
#define AC_PROC_ERR_MAX		 2048

struct ac_proc {
	/* in */
	const char *const	*argv;		/* NULL-terminated */
	int			 out_fd;	/* child's stdout; -1: /dev/null */
	char			*out_buf;	/* not NULL: capture stdout here instead */
	size_t			 out_size;	/* ... at most out_size - 1 bytes, NUL-terminated */
	int			 timeout_s;	/* wall clock; 0: none */
	long			 cpu_s;		/* RLIMIT_CPU; 0: unchanged */
	int64_t			 fsize;		/* RLIMIT_FSIZE bytes; 0: unchanged */
	/*
	 * Optional: called about every 100 ms while the child runs (out_buf
	 * holds what it printed so far; tick may reset out_len to 0 to make
	 * room); non-zero stops the child as a timeout would (stopped set).
	 */
	int			(*tick)(void *arg, struct ac_proc *);
	void			*tick_arg;
	/* out */
	size_t			 out_len;
	int			 status;	/* exit status, -1 when it did not exit */
	int			 signal;	/* the signal that ended it, or 0 */
	int			 timed_out;
	int			 stopped;	/* tick asked it to stop */
	char			 err[AC_PROC_ERR_MAX];	/* head of its stderr */
	size_t			 err_len;
};

/*
 * Run the child to its end.  AC_OK when it exited with status 0;
 * AC_ERR_IO otherwise (see status, signal, timed_out and err),
 * AC_ERR_VALUE when argv[0] is not absolute.
 */
enum ac_err	 ac_proc_run(struct ac_proc *);
/* "exit status 1", "timed out after 5 s", ... in buf; returns buf. */
const char	*ac_proc_describe(const struct ac_proc *, char *buf,
		    size_t size);
/*
 * Find an executable regular file "name" (no '/') in the absolute
 * directories of path (NULL: /usr/local/bin:/usr/bin:/bin) into out.
 * Returns 0, or -1 when there is none.
 */
int		 ac_proc_which(const char *name, const char *path, char *out,
		    size_t size);

/* ---------------------------------------------------------------------
 * ffmpeg (ffmpeg.c)
 *
 * Every path handed to these is one the program built itself (absolute,
 * no "." or ".." segment, no control bytes); it is given to ffmpeg as
 * "file:PATH" with -protocol_whitelist file, so no user text can name a
 * protocol or an option.
 */
#define AC_FFMPEG_ARGV_MAX	 48
#define AC_FFMPEG_TIMEOUT_S	 600	/* wall clock of one run */
#define AC_FFMPEG_CPU_S		 1200	/* RLIMIT_CPU of one run */
#define AC_FFMPEG_FSIZE_MAX	 (4LL * 1024 * 1024 * 1024)	/* RLIMIT_FSIZE */

struct ac_ffmpeg {
	int		 found;
	char		 path[1024];	/* absolute */
	char		 version[64];	/* "5.1.6-0+deb12u1", "" when unknown */
	int		 h264;		/* encoder libx264 present */
	int		 aac;		/* encoder aac present */
	char		 ffprobe[1024];	/* beside ffmpeg or on path; "" when none */
};

/*
 * Find ffmpeg on path (NULL: the process's PATH, read at start-up) and ask
 * it its version and encoders.  AC_OK, or AC_ERR_NOTFOUND (ff->found 0)
 * with a reason in errbuf.
 */
enum ac_err	 ac_ffmpeg_probe(struct ac_ffmpeg *, const char *path,
		    char *errbuf, size_t errsize);

/* An argument vector and the storage of its built arguments. */
struct ac_ffmpeg_argv {
	const char	*v[AC_FFMPEG_ARGV_MAX];
	size_t		 n;
	char		 in[1100];
	char		 out[1100];
	char		 ss[32];
	char		 t[32];
};

/*
 * TS (or any input ffmpeg reads) to MP4: stream copy with
 * aac_adtstoasc, or with reencode an H.264 + AAC encode.  0, or -1 when
 * a path is not acceptable.
 */
int		 ac_ffmpeg_ts_to_mp4_argv(const struct ac_ffmpeg *,
		    const char *in, const char *out, int reencode,
		    struct ac_ffmpeg_argv *);
/* A cut of [start, start + duration) seconds of in into an MP4. */
int		 ac_ffmpeg_cut_argv(const struct ac_ffmpeg *, const char *in,
		    double start, double duration, const char *out,
		    int reencode, struct ac_ffmpeg_argv *);
/*
 * Convert: stream copy first, re-encode when that fails (and the
 * encoders exist).  *reencoded tells which made out.  AC_OK, or an
 * error with ffmpeg's reason in errbuf (out removed).
 */
enum ac_err	 ac_ffmpeg_ts_to_mp4(const struct ac_ffmpeg *, const char *in,
		    const char *out, int *reencoded, char *errbuf,
		    size_t errsize);
/* Whether a path is one these functions accept. */
int		 ac_ffmpeg_path_ok(const char *path);

/*
 * A clip of a local MPEG-TS: [start, start + duration) seconds from the
 * file's start, seeking on the output side (frame-exact with exact,
 * which re-encodes to H.264 + AAC; with stream copy start should be a
 * keyframe's time), +faststart, progress lines on stdout (-progress).
 */
int		 ac_ffmpeg_clip_argv(const struct ac_ffmpeg *, const char *in,
		    double start, double duration, const char *out, int exact,
		    struct ac_ffmpeg_argv *);
/*
 * Run a built vector; tick (may be NULL) sees ffmpeg's progress as
 * seconds of output written, about every 100 ms; non-zero stops ffmpeg
 * (AC_ERR_STOPPED).  AC_OK, or AC_ERR_IO with ffmpeg's reason in errbuf.
 */
enum ac_err	 ac_ffmpeg_run(const struct ac_ffmpeg_argv *,
		    int (*tick)(void *arg, double out_s), void *arg,
		    char *errbuf, size_t errsize);
/*
 * The video keyframes of a local file (ffprobe): their times in seconds
 * from the file's start, ascending, at most max.  AC_OK, AC_ERR_NOTFOUND
 * without ffprobe, AC_ERR_IO when it fails (reason in errbuf).
 */
enum ac_err	 ac_ffmpeg_keyframes(const struct ac_ffmpeg *, const char *in,
		    double *times, size_t max, size_t *n, char *errbuf,
		    size_t errsize);

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
		    const char *vod_id, char *errbuf, size_t errsize);
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
		    int derive, struct ac_import_out *, char *errbuf,
		    size_t errsize);
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
 * Anything else is AC_ERR_VALUE with a message in errbuf saying what a
 * valid link looks like.
 */
enum ac_err	 ac_kick_link_parse(const char *s, struct ac_kick_link *,
		    char *errbuf, size_t errsize);

/*
 * Fetch the VOD's metadata: {KICK_API_URL}/api/v1/video/{uuid}; on a 404
 * with a channel known, {KICK_API_URL}/api/v2/channels/{slug} for its id
 * and {KICK_WEB_API_URL}/api/v1/channels/{id}/videos/{uuid}.  Durations
 * are converted to seconds (ms in v1, s in the web API).  Errors have a
 * message for the user in errbuf: AC_ERR_NOTFOUND (VOD gone), AC_ERR_IO
 * (blocked, network), AC_ERR_SHAPE (an answer we do not understand).
 */
enum ac_err	 ac_kick_vod_fetch(const struct ac_settings *,
		    const struct ac_kick_link *, struct ac_vod *,
		    char *errbuf, size_t errsize);

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
 * stopped it; other errors with a message for the user in errbuf.
 */
enum ac_err	 ac_kick_chat_download(const struct ac_settings *,
		    struct ac_store *, const struct ac_vod *,
		    ac_kick_progress_fn fn, void *arg,
		    struct ac_kick_progress *last, char *errbuf, size_t errsize);

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
		    struct ac_job_ticket *, char *errbuf, size_t errsize);

/*
 * A job's status as JSON (malloc'd): {"id", "kind", "state", "stream_id",
 * "vod_id", "progress", "messages", "requests", "retries", "eta_s",
 * "attempts", "message", "error", "created_at", "updated_at",
 * "heartbeat_at"}; error is null unless failed, eta_s null when unknown.
 */
enum ac_err	 ac_job_status_json(struct ac_store *, int64_t job_id,
		    char **json);

/*
 * What a submission is, as JSON (malloc'd): the job's status, or
 * {"state": "analyzed", "stream_id", "vod_id"} when the VOD was analysed
 * already.
 */
enum ac_err	 ac_job_ticket_json(struct ac_store *, const struct ac_job_ticket *,
		    char **json);

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
enum ac_err	 ac_job_cancel(struct ac_store *, int64_t job_id);

/*
 * Run one claimed download job to its end: metadata, chat, archive,
 * analysis; the job is finished or failed (with a message for the user)
 * and the stream's status follows.  fn (may be NULL) sees the progress.
 * Returns AC_OK when the job is done.
 */
enum ac_err	 ac_job_run(const struct ac_settings *, struct ac_store *,
		    const struct ac_job *, const char *worker,
		    ac_kick_progress_fn fn, void *arg, char *errbuf,
		    size_t errsize);

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
		    int *requeued);

/* Whether a worker on this host marked itself alive in the last AC_JOB_STALE_S. */
int		 ac_worker_alive(const struct ac_settings *);

/*
 * Start a detached worker ("AUTOCLIP_BIN worker --idle-exit 60": double
 * fork, setsid, no shell, standard fds on /dev/null) unless one is alive.
 * Returns AC_OK (started or already alive) or AC_ERR_IO with errbuf.
 */
enum ac_err	 ac_worker_spawn(const struct ac_settings *, char *errbuf,
		    size_t errsize);

/* ---------------------------------------------------------------------
 * Clip export (export.c): a clip as MP4, cut from the VOD's own HLS by a
 * job of kind "export" (see README "Clips as MP4").
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
		    struct ac_export_ticket *, char *errbuf, size_t errsize);
/*
 * The newest export of a clip with its current bounds (older bounds are
 * stale): AC_OK with *j (and *f filled when j is done and the file is on
 * disk); AC_ERR_NOTFOUND when there is none, or it was done and evicted.
 */
enum ac_err	 ac_export_find(const struct ac_settings *, struct ac_store *,
		    int64_t clip_id, struct ac_export_file *f, struct ac_job *j);
/* The file of a done export job; AC_ERR_NOTFOUND when not done or evicted. */
enum ac_err	 ac_export_job_file(const struct ac_settings *, struct ac_store *,
		    int64_t job_id, struct ac_export_file *, struct ac_job *);
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
 * free with ac_hls_master_free.  Errors with a message in errbuf.
 */
enum ac_err	 ac_export_qualities(const struct ac_settings *,
		    const char *source, struct ac_hls_master *,
		    char *errbuf, size_t errsize);
/*
 * Run one claimed export job to its end (done, failed with a message
 * saying what to do, or AC_ERR_STOPPED when cancelled); partial files
 * are removed on every path.
 */
enum ac_err	 ac_export_run(const struct ac_settings *, struct ac_store *,
		    const struct ac_job *, const char *worker,
		    ac_export_progress_fn, void *arg, char *errbuf,
		    size_t errsize);
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

#ifdef __cplusplus
}
#endif

#endif /* !AUTOCLIP_H */
