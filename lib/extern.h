/* SPDX-License-Identifier: ISC */
/*
 * extern.h: declarations shared inside libautoclip (not installed).
 * Functions here are not exported from the shared library; the unit tests
 * reach them through the convenience library.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <stdarg.h>

#include "autoclip.h"

/* error.c: fill *err (which may be NULL) and return code. */
enum ac_err	 ac__error(struct ac_error *err, enum ac_err code,
		    uint64_t offset, uint64_t message, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

/* report.c: the JSON contract as a json-c object (caller puts it). */
struct json_object;
struct json_object *ac__result_json_object(const struct ac_result *);

/* --- chat reading internals (source.c, jsonlex.c, chat.c) --- */

/* --- analysis internals (score.c, hype_config.c, hype.c) --- */

#define AC__TEXT_LAUGH		 0x01	/* laughter words or emoji */
#define AC__TEXT_HYPE		 0x02	/* plain-word hype (Pog, PogU, GIGACHAD, OOOO, 🔥) */
#define AC__TEXT_COMMAND	 0x04	/* starts with "!word" */

/* What one scan of a message text finds; never keeps the text. */
struct ac__text {
	unsigned int	 flags;		/* AC__TEXT_* */
	struct ac_emotes emotes;
	uint32_t	 hash;		/* normalised text: case, spaces, punctuation, runs folded */
};

/* Scan a text once: words, emote tokens, emoji, normalised hash. */
void		 ac__text_scan(const char *s, size_t len, struct ac__text *);

/* A 64-bit hash of bytes (not cryptographic). */
uint64_t	 ac__hash64(const void *p, size_t len, uint64_t seed);

#endif /* !EXTERN_H */
