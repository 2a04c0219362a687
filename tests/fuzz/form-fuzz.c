/* SPDX-License-Identifier: ISC */
/*
 * form-fuzz.c: a fuzz harness for the urlencoded parser and the
 * typed values.
 * Built by configure --enable-fuzz (libFuzzer), run by bench/fuzz.sh;
 * otherwise a test replaying tests/fuzz/corpus (tests/fuzz/replay.c).
 *
 * Every accepted value must be valid UTF-8
 * without NUL, of its recorded length, and pass its key's check again.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const kinds[] = { "a", "b", NULL };

static const struct ac_key keys[] = {
	{ "n", AC_KIND_INT, -100, 100, NULL },
	{ "id", AC_KIND_ID, 0, 0, NULL },
	{ "vod", AC_KIND_VOD, 0, 0, NULL },
	{ "u", AC_KIND_UUID, 0, 0, NULL },
	{ "e", AC_KIND_ENUM, 0, 0, kinds },
	{ "b", AC_KIND_BOOL, 0, 0, NULL },
	{ "s", AC_KIND_STRING, 0, 64, NULL },
	{ "f", AC_KIND_FILENAME, 0, 32, NULL },
};
#define NKEYS	 (sizeof(keys) / sizeof(keys[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ac_value	 v[NKEYS];
	char		 safe[33];
	struct ac_error	 err;
	size_t		 i;

	if (ac_form_parse((const char *)data, size, keys, NKEYS, v, &err) == AC_OK) {
		for (i = 0; i < NKEYS; i++) {
			if (!v[i].present)
				continue;
			if (strlen(v[i].s) != v[i].len ||
			    !ac_valid_utf8(v[i].s, v[i].len))
				abort();
			if (keys[i].kind == AC_KIND_VOD &&
			    !ac_valid_vod_id(v[i].s))
				abort();
			if (keys[i].kind == AC_KIND_FILENAME &&
			    (strcmp(ac_valid_filename(v[i].s, safe,
			    sizeof(safe)), v[i].s) != 0 || v[i].s[0] == '.'))
				abort();
			if (keys[i].kind == AC_KIND_INT &&
			    (v[i].i < -100 || v[i].i > 100))
				abort();
		}
	}
	ac_values_clear(v, NKEYS);
	return 0;
}
