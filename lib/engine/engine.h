/* SPDX-License-Identifier: ISC */
/*
 * engine.h: the engine layer: message scoring and the analysis internals.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_ENGINE_H
#define AC_ENGINE_H

#include "input/input.h"

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


/* --- internals (formerly lib/extern.h) --- */

/* report.c: the JSON contract as a json-c object (caller puts it). */
struct json_object;
struct json_object *ac__result_json_object(const struct ac_result *);
/* report.c: learned weights as config.learned_weights shows them; NULL when off. */
struct json_object *ac__learned_json(const struct ac_learned *);

/* --- analysis internals (score.c, hype_config.c, hype.c) --- */

#define AC__TEXT_LAUGH		 0x01	/* laughter words or emoji */
#define AC__TEXT_HYPE		 0x02	/* plain-word hype (Pog, PogU, GIGACHAD, OOOO, 🔥) */
#define AC__TEXT_COMMAND	 0x04	/* starts with "!word" */

/* What one scan of a message text finds; never keeps the text. */
struct ac__text {
	unsigned int	 flags;		/* AC__TEXT_* */
	struct ac_emotes emotes;
	uint32_t	 hash;		/* normalised text: case, spaces, punctuation, runs folded */
	uint32_t	 first;		/* its first unit (word, emote name, non-ASCII run or
					   punctuation run), case and runs folded; 0: none */
	unsigned int	 units;		/* words, emote tokens and non-ASCII runs */
};

/* Scan a text once: words, emote tokens, emoji, normalised hash. */
void		 ac__text_scan(const char *s, size_t len, struct ac__text *);

/* learn.c and hype.c: bounds of what learning may do. */
#define AC_LEARN_W_MAX		 5.0	/* |weight| at most */
#define AC_LEARN_SHIFT_MAX	 30.0	/* |bound shift| at most, seconds */
#define AC_FEAT_MAX		 5.0	/* |feature| at most */

/* A 64-bit hash of bytes (not cryptographic). */
uint64_t	 ac__hash64(const void *p, size_t len, uint64_t seed);

#endif /* !AC_ENGINE_H */
