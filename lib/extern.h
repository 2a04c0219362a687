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

#endif /* !EXTERN_H */
