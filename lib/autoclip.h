/* SPDX-License-Identifier: ISC */
/*
 * autoclip.h: the public, versioned API of libautoclip (installed): the
 * version, errors, reading a chat, the analysis and its parameters, and
 * reports.  The rest of the library is internal: one header per layer
 * (lib/<layer>/<layer>.h), not installed, its symbols not exported.
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

/*
 * Window features of a moment, each relative to the chat around it
 * (README "Window features"; all finite, about -5..5).
 */
enum ac_feat {
	AC_FEAT_SENDERS,	/* distinct senders in the window vs the baseline */
	AC_FEAT_MESSAGES,	/* messages vs the baseline */
	AC_FEAT_LAUGH,		/* laughing messages' share vs the baseline's */
	AC_FEAT_HYPE,		/* hype words/emotes' share vs the baseline's */
	AC_FEAT_LEARNED,	/* messages with a learned (bursting) unit, share */
	AC_FEAT_LENGTH,		/* message length vs the baseline's */
	AC_FEAT_REPEAT,		/* share of messages repeating a text of the window */
	AC_NFEAT
};

/* "senders", "messages", "laugh", "hype", "learned", "length", "repeat"; NULL past the end. */
const char	*ac_feat_name(size_t i);

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
	double		 features[AC_NFEAT];
	double		 learned_delta;	/* log-rank change the learned weights gave (0 without) */
};

/*
 * What review taught: added to the log of the rank key of every candidate
 * (key * exp(sum w[i] * features[i])), and shifts of clip bounds learned
 * from moved clips.  on == 0 ranks exactly as without.
 */
struct ac_learned {
	int		 on;
	char		 scope[AC_VOD_TEXT_MAX];	/* channel, "" for all channels */
	double		 w[AC_NFEAT];
	double		 start_shift_s;	/* added to every start (bounded, |x| <= 30) */
	double		 end_shift_s;	/* added to every end (bounded, |x| <= 30) */
	uint32_t	 labels;	/* reviewed clips fitted on */
	uint32_t	 vods;		/* distinct VODs they came from */
};

/* on = 0, all zero. */
void		 ac_learned_init(struct ac_learned *);

/* One reviewed clip. */
struct ac_label {
	double		 x[AC_NFEAT];	/* the clip's features as analysed */
	int		 approved;	/* 1 approved, 0 rejected */
	int		 moved;		/* bounds were moved by the editor */
	double		 start_delta;	/* final start - proposed start (s), when moved */
	double		 end_delta;	/* final end - proposed end (s), when moved */
	uint64_t	 vod;		/* any id of its VOD (counts distinct VODs) */
	double		 start_shift_s;	/* the learned shifts its proposal already had */
	double		 end_shift_s;	/* (learned_weights of its analysis; 0: none) */
};

/*
 * Fit weights from labels (regularised toward prior, or toward 0 when
 * prior is NULL or off), and bound shifts from moved approved clips
 * (start_delta + start_shift_s: where the editor put it from the bounds
 * the engine finds without shifts).
 * out->on is 1 when at least one label was used.  AC_ERR_VALUE for a
 * non-finite feature; the scope is the caller's to set.  Pure
 * computation (learn.c): no I/O, deterministic.
 */
enum ac_err	 ac_learn_fit(const struct ac_label *, size_t n,
		    const struct ac_learned *prior, struct ac_learned *out,
		    struct ac_error *err);

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
	struct ac_learned	 learned;	/* what ranked it (on == 0: nothing learned) */
};

struct ac_hype;

/* A new analysis accumulating messages; NULL when out of memory. */
struct ac_hype	*ac_hype_new(const struct ac_hype_config *);

/*
 * Add one message (usable directly as an ac_msg_fn).  Keeps a few bytes
 * per message, never the text.  Returns 0, or -1 when out of memory.
 */
int		 ac_hype_add(void *hype, const struct ac_msg *);

/* Before ac_hype_finish: rank and bound with these (copied; NULL or off = none). */
void		 ac_hype_learned(struct ac_hype *, const struct ac_learned *);

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

#ifdef __cplusplus
}
#endif

#endif /* !AUTOCLIP_H */
