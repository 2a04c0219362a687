/* SPDX-License-Identifier: ISC */
/*
 * multipart-fuzz.c: a fuzz harness for the multipart/form-data parser.
 * Built by configure --enable-fuzz (libFuzzer), run by bench/fuzz.sh;
 * otherwise a test replaying tests/fuzz/corpus (tests/fuzz/replay.c).
 *
 * The input's first line is the boundary
 * parameter, the rest the body.  Each body is parsed twice, whole and
 * one byte at a time (read back in 1- and 4096-byte pieces); both must
 * give the same parts, the same bytes and the same verdict.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "web/web.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct out {
	uint8_t		*b;
	size_t		 len;
	size_t		 cap;
	int		 rc;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2;
		if ((o->b = realloc(o->b, o->cap)) == NULL)
			abort();
	}
	memcpy(o->b + o->len, p, n);
	o->len += n;
}

static void
run(const char *ct, const uint8_t *body, size_t len, size_t chunk,
    size_t rsize, struct out *o)
{
	struct ac_memsrc	 m = { (const char *)body, len, 0, chunk };
	struct ac_mp		*mp;
	struct ac_mp_part	 part;
	char			 buf[4096];
	struct ac_error	 err;
	ssize_t			 n;
	int			 rc;

	memset(o, 0, sizeof(*o));
	if ((mp = ac_mp_new(ct, ac_mem_read, &m, &err)) == NULL) {
		o->rc = -2;
		return;
	}
	while ((rc = ac_mp_next(mp, &part)) > 0) {
		put(o, part.name, strlen(part.name) + 1);
		put(o, part.filename, strlen(part.filename) + 1);
		put(o, part.content_type, strlen(part.content_type) + 1);
		while ((n = ac_mp_read(mp, buf, rsize)) > 0)
			put(o, buf, (size_t)n);
		if (n < 0) {
			rc = -1;
			break;
		}
	}
	o->rc = rc;
	ac_mp_free(mp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 ct[128];
	const uint8_t	*nl;
	size_t		 bl;
	struct out	 a, b;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	bl = (size_t)(nl - data);
	if (bl > 80)
		return 0;
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.*s",
	    (int)bl, (const char *)data);
	run(ct, nl + 1, size - bl - 1, size, 4096, &a);
	run(ct, nl + 1, size - bl - 1, 1, 1, &b);
	if (a.rc != b.rc || (a.rc == 0 && (a.len != b.len ||
	    (a.len > 0 && memcmp(a.b, b.b, a.len) != 0))))
		abort();
	free(a.b);
	free(b.b);
	return 0;
}
