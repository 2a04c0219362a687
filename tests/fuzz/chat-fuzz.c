/* SPDX-License-Identifier: ISC */
/*
 * chat-fuzz.c: a fuzz harness for ac_chat_read.
 * Built by configure --enable-fuzz (libFuzzer), run by bench/fuzz.sh;
 * otherwise a test replaying tests/fuzz/corpus (tests/fuzz/replay.c).
 *
 * Each input is read twice, whole and one
 * byte at a time; both reads must agree on the result and the counts
 * (the bytes read only when reading succeeds).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"

/* Touch every byte handed out, so the sanitizers see bad pointers. */
static int
touch(void *arg, const struct ac_msg *m)
{
	uint64_t	*sum = arg;
	size_t		 i;

	for (i = 0; i < m->raw_len; i++)
		*sum += (uint8_t)m->raw[i];
	for (i = 0; i < m->content_len; i++)
		*sum += (uint8_t)m->content[i];
	for (i = 0; i < m->id_len; i++)
		*sum += (uint8_t)m->id[i];
	for (i = 0; i < m->username_len; i++)
		*sum += (uint8_t)m->username[i];
	return 0;
}

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ac_chat_stats	 st1, st2;
	struct ac_error		 e1, e2;
	struct ac_vod		 v1, v2;
	struct ac_memsrc		 m;
	uint64_t		 s1 = 0, s2 = 0;
	enum ac_err		 c1, c2;

	m.s = (const char *)data;
	m.len = size;
	m.pos = 0;
	m.chunk = 0;
	c1 = ac_chat_read(ac_mem_read, &m, touch, &s1, &v1, &st1, &e1);
	m.pos = 0;
	m.chunk = 1;
	c2 = ac_chat_read(ac_mem_read, &m, touch, &s2, &v2, &st2, &e2);
	/* After an error, how far reading got depends on the chunks. */
	if (c1 != AC_OK)
		st1.bytes = st2.bytes = 0;
	if (c1 != c2 || s1 != s2 || strcmp(e1.text, e2.text) != 0 ||
	    memcmp(&st1, &st2, sizeof(st1)) != 0)
		abort();
	return 0;
}
