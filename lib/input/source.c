/* SPDX-License-Identifier: ISC */
/*
 * source.c: the decoded bytes of a chat source, inflating gzip when
 * sniffed; the plain byte sources over a file descriptor and memory.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"

#define SRC_IN_SIZE	(256 * 1024)	/* compressed bytes read at once */

enum src_mode {
	SRC_NEW,		/* not sniffed yet */
	SRC_PLAIN,
	SRC_GZIP,
	SRC_FAILED
};

/* The process's bounds of gzip decoding (ac_inflate_limits). */
static uint64_t		 inflate_max = AC_MAX_INFLATED_DEFAULT;
static unsigned int	 inflate_ratio = AC_MAX_INFLATION_RATIO_DEFAULT;

void
ac_inflate_limits(uint64_t max_bytes, unsigned int max_ratio)
{
	inflate_max = max_bytes;
	inflate_ratio = max_ratio;
}

struct ac__src {
	ac_read_fn	 rd;
	void		*arg;
	enum src_mode	 mode;
	int		 rdeof;
	int		 zinit;
	int		 member_end;	/* a gzip member just ended */
	uint64_t	 zin;		/* compressed bytes read */
	uint64_t	 zout;		/* decoded bytes */
	z_stream	 z;
	unsigned char	*in;		/* SRC_IN_SIZE bytes */
	size_t		 pend;		/* plain: sniffed bytes not given */
	size_t		 pendoff;
	enum ac_err	 code;
	char		 text[160];
};

struct ac__src *
ac__src_new(ac_read_fn rd, void *arg)
{
	struct ac__src	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->in = malloc(SRC_IN_SIZE)) == NULL) {
		free(s);
		return NULL;
	}
	s->rd = rd;
	s->arg = arg;
	return s;
}

void
ac__src_free(struct ac__src *s)
{
	if (s == NULL)
		return;
	if (s->zinit)
		inflateEnd(&s->z);
	free(s->in);
	free(s);
}

const char *
ac__src_error(const struct ac__src *s, enum ac_err *code)
{
	*code = s->code;
	return s->text;
}

static ssize_t
src_fail(struct ac__src *s, enum ac_err code, const char *what,
    const char *detail)
{
	s->mode = SRC_FAILED;
	s->code = code;
	snprintf(s->text, sizeof(s->text), "%s%s%s", what,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	return -1;
}

/* Read from the underlying source; 0 at its end. */
static ssize_t
raw_read(struct ac__src *s, void *buf, size_t size)
{
	ssize_t	 n;

	if (s->rdeof)
		return 0;
	n = s->rd(s->arg, buf, size);
	if (n < 0)
		return src_fail(s, AC_ERR_IO, "read error", strerror(errno));
	if ((size_t)n > size)
		return src_fail(s, AC_ERR_IO, "read error",
		    "source returned more than asked");
	if (n == 0)
		s->rdeof = 1;
	return n;
}

/* Read the first bytes and decide between plain and gzip. */
static ssize_t
sniff(struct ac__src *s)
{
	size_t	 have = 0;
	ssize_t	 n;
	int	 zr;

	while (have < 2) {
		if ((n = raw_read(s, s->in + have, SRC_IN_SIZE - have)) < 0)
			return -1;
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (have >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
		memset(&s->z, 0, sizeof(s->z));
		zr = inflateInit2(&s->z, 16 + MAX_WBITS);
		if (zr != Z_OK)
			return src_fail(s, zr == Z_MEM_ERROR ? AC_ERR_NOMEM :
			    AC_ERR_IO, "cannot start gzip decoding", NULL);
		s->zinit = 1;
		s->z.next_in = s->in;
		s->z.avail_in = (uInt)have;
		s->zin = have;
		s->mode = SRC_GZIP;
	} else {
		s->pend = have;
		s->pendoff = 0;
		s->mode = SRC_PLAIN;
	}
	return 0;
}

/*
 * Inflate into buf.  A failure after some output hands that output on
 * first; the next call reports it (the mode is then SRC_FAILED).
 */
static ssize_t
gz_read(struct ac__src *s, char *buf, size_t size)
{
	char	 why[160];
	ssize_t	 n;
	int	 zr;

	if (size > UINT32_MAX)
		size = UINT32_MAX;
	/* Never decode past the bound, so a bomb costs little CPU. */
	if (size > inflate_max - s->zout + 1)
		size = (size_t)(inflate_max - s->zout + 1);
	s->z.next_out = (unsigned char *)buf;
	s->z.avail_out = (uInt)size;
	while (s->z.avail_out == size) {
		if (s->z.avail_in == 0) {
			if ((n = raw_read(s, s->in, SRC_IN_SIZE)) < 0)
				goto fail;
			if (n == 0) {
				if (s->member_end)
					return 0;
				src_fail(s, AC_ERR_SYNTAX,
				    "truncated gzip stream", NULL);
				goto fail;
			}
			s->z.next_in = s->in;
			s->z.avail_in = (uInt)n;
			s->zin += (uint64_t)n;
		}
		if (s->member_end) {
			/* Concatenated members: decode the next one. */
			if (inflateReset(&s->z) != Z_OK) {
				src_fail(s, AC_ERR_IO,
				    "cannot restart gzip decoding", NULL);
				goto fail;
			}
			s->member_end = 0;
		}
		zr = inflate(&s->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			s->member_end = 1;
		else if (zr == Z_BUF_ERROR && s->z.avail_in != 0) {
			src_fail(s, AC_ERR_SYNTAX, "corrupt gzip data", NULL);
			goto fail;
		} else if (zr == Z_MEM_ERROR) {
			src_fail(s, AC_ERR_NOMEM, "out of memory", NULL);
			goto fail;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			src_fail(s, AC_ERR_SYNTAX, "corrupt gzip data",
			    s->z.msg);
			goto fail;
		}
	}
	s->zout += size - s->z.avail_out;
	if (s->zout > inflate_max) {
		snprintf(why, sizeof(why), "the gzip data decodes to "
		    "more than %llu bytes (MAX_INFLATED_BYTES)",
		    (unsigned long long)inflate_max);
		return src_fail(s, AC_ERR_TOOBIG, why, NULL);
	}
	if (s->zout > AC_INFLATE_RATIO_FLOOR &&
	    s->zout / inflate_ratio > s->zin - s->z.avail_in) {
		snprintf(why, sizeof(why), "the gzip data decodes to "
		    "more than %u times its size (MAX_INFLATION_RATIO): "
		    "refused as a decompression bomb", inflate_ratio);
		return src_fail(s, AC_ERR_TOOBIG, why, NULL);
	}
	return (ssize_t)(size - s->z.avail_out);
fail:
	return size > s->z.avail_out ? (ssize_t)(size - s->z.avail_out) : -1;
}

ssize_t
ac__src_read(struct ac__src *s, char *buf, size_t size)
{
	size_t	 n;

	if (size == 0)
		return 0;
	if (s->mode == SRC_NEW && sniff(s) < 0)
		return -1;
	switch (s->mode) {
	case SRC_PLAIN:
		if (s->pend > 0) {
			n = s->pend < size ? s->pend : size;
			memcpy(buf, s->in + s->pendoff, n);
			s->pend -= n;
			s->pendoff += n;
			return (ssize_t)n;
		}
		return raw_read(s, buf, size);
	case SRC_GZIP:
		return gz_read(s, buf, size);
	default:
		return -1;
	}
}

ssize_t
ac_fd_read(void *arg, void *buf, size_t size)
{
	ssize_t	 n;

	while ((n = read(*(int *)arg, buf, size)) == -1 && errno == EINTR)
		continue;
	return n;
}

ssize_t
ac_mem_read(void *arg, void *buf, size_t size)
{
	struct ac_memsrc	*m = arg;
	size_t			 n = m->len - m->pos;

	if (n > size)
		n = size;
	if (m->chunk > 0 && n > m->chunk)
		n = m->chunk;
	memcpy(buf, m->s + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}
