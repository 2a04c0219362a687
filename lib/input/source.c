/* SPDX-License-Identifier: ISC */
/*
 * source.c: the decoded bytes of a chat source, inflating gzip when
 * sniffed; the plain byte sources over a file descriptor and memory.
 * gzip is inflated by ISA-L's igzip when configure found it (about 2.5
 * times as fast as zlib), else by zlib; both read the same streams (members
 * back to back, checksums checked) and differ only in the detail of the
 * text about corrupt data.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

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
#ifdef HAVE_ISAL
	struct inflate_state *z;	/* allocated (about 85 KB) */
#else
	z_stream	 z;
#endif
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
#ifdef HAVE_ISAL
	free(s->z);
#else
	if (s->zinit)
		inflateEnd(&s->z);
#endif
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

/*
 * The inflater: start, restart for the next member, the input and output
 * windows, and one step.  A step answers Z_OK (progress, or none possible
 * without more input or output space), Z_STREAM_END (a member ended, its
 * checksum and length checked), Z_DATA_ERROR (with *why) or Z_MEM_ERROR.
 */
#ifdef HAVE_ISAL
#define ZS(s)	 ((s)->z)

static int
z_start(struct ac__src *s)
{
	if ((s->z = malloc(sizeof(*s->z))) == NULL)
		return Z_MEM_ERROR;
	isal_inflate_init(s->z);
	s->z->crc_flag = ISAL_GZIP;
	return Z_OK;
}

static int
z_restart(struct ac__src *s)
{
	isal_inflate_reset(s->z);
	s->z->crc_flag = ISAL_GZIP;
	return Z_OK;
}

/*
 * Bytes after a member must start another (as zlib says at once; igzip
 * would wait for a whole header and call short garbage truncated).
 */
static int
z_magic(struct ac__src *s)
{
	const unsigned char	*p = s->z->next_in;

	if (s->z->avail_in >= 1 && p[0] != 0x1f)
		return -1;
	if (s->z->avail_in >= 2 && p[1] != 0x8b)
		return -1;
	return 0;
}

static int
z_step(struct ac__src *s, const char **why)
{
	int	 r;

	r = isal_inflate(s->z);
	switch (r) {
	case ISAL_DECOMP_OK:
	case ISAL_END_INPUT:
	case ISAL_OUT_OVERFLOW:
		return s->z->block_state == ISAL_BLOCK_FINISH ? Z_STREAM_END :
		    Z_OK;
	case ISAL_INVALID_BLOCK:
		*why = "invalid block";
		break;
	case ISAL_INVALID_SYMBOL:
		*why = "invalid code";
		break;
	case ISAL_INVALID_LOOKBACK:
		*why = "invalid distance too far back";
		break;
	case ISAL_INVALID_WRAPPER:
		*why = "incorrect header check";
		break;
	case ISAL_UNSUPPORTED_METHOD:
		*why = "unknown compression method";
		break;
	case ISAL_INCORRECT_CHECKSUM:
		*why = "incorrect data check";
		break;
	default:
		*why = "invalid data";
		break;
	}
	return Z_DATA_ERROR;
}
#else
#define ZS(s)	 (&(s)->z)

static int
z_start(struct ac__src *s)
{
	int	 zr;

	memset(&s->z, 0, sizeof(s->z));
	zr = inflateInit2(&s->z, 16 + MAX_WBITS);
	if (zr == Z_OK)
		s->zinit = 1;
	return zr == Z_MEM_ERROR ? Z_MEM_ERROR : zr;
}

static int
z_restart(struct ac__src *s)
{
	return inflateReset(&s->z);
}

static int
z_magic(struct ac__src *s)
{
	(void)s;
	return 0;	/* zlib checks the header itself */
}

static int
z_step(struct ac__src *s, const char **why)
{
	int	 zr;

	zr = inflate(&s->z, Z_NO_FLUSH);
	if (zr == Z_OK || zr == Z_STREAM_END || zr == Z_MEM_ERROR)
		return zr;
	if (zr == Z_BUF_ERROR) {
		/* No progress: fine while input is missing, else corrupt. */
		if (s->z.avail_in == 0)
			return Z_OK;
		*why = NULL;
		return Z_DATA_ERROR;
	}
	*why = s->z.msg;
	return Z_DATA_ERROR;
}
#endif

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
		zr = z_start(s);
		if (zr != Z_OK)
			return src_fail(s, zr == Z_MEM_ERROR ? AC_ERR_NOMEM :
			    AC_ERR_IO, "cannot start gzip decoding", NULL);
		ZS(s)->next_in = s->in;
		ZS(s)->avail_in = (uInt)have;
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
	char		 why[160];
	const char	*detail;
	ssize_t		 n;
	uint32_t	 before;
	int		 zr;

	if (size > UINT32_MAX)
		size = UINT32_MAX;
	/* Never decode past the bound, so a bomb costs little CPU. */
	if (size > inflate_max - s->zout + 1)
		size = (size_t)(inflate_max - s->zout + 1);
	ZS(s)->next_out = (unsigned char *)buf;
	ZS(s)->avail_out = (uInt)size;
	while (ZS(s)->avail_out == size) {
		if (ZS(s)->avail_in == 0) {
			if ((n = raw_read(s, s->in, SRC_IN_SIZE)) < 0)
				goto fail;
			if (n == 0) {
				if (s->member_end)
					return 0;
				src_fail(s, AC_ERR_SYNTAX,
				    "truncated gzip stream", NULL);
				goto fail;
			}
			ZS(s)->next_in = s->in;
			ZS(s)->avail_in = (uInt)n;
			s->zin += (uint64_t)n;
		}
		if (s->member_end) {
			/* Concatenated members: decode the next one. */
			if (z_restart(s) != Z_OK) {
				src_fail(s, AC_ERR_IO,
				    "cannot restart gzip decoding", NULL);
				goto fail;
			}
			s->member_end = 0;
			if (z_magic(s) < 0) {
				src_fail(s, AC_ERR_SYNTAX, "corrupt gzip data",
				    "incorrect header check");
				goto fail;
			}
		}
		before = ZS(s)->avail_in;
		detail = NULL;
		zr = z_step(s, &detail);
		if (zr == Z_STREAM_END)
			s->member_end = 1;
		else if (zr == Z_MEM_ERROR) {
			src_fail(s, AC_ERR_NOMEM, "out of memory", NULL);
			goto fail;
		} else if (zr != Z_OK) {
			src_fail(s, AC_ERR_SYNTAX, "corrupt gzip data", detail);
			goto fail;
		} else if (ZS(s)->avail_in == before && before != 0 &&
		    ZS(s)->avail_out == size) {
			/* No progress with input and room: nothing will do. */
			src_fail(s, AC_ERR_SYNTAX, "corrupt gzip data", NULL);
			goto fail;
		}
	}
	s->zout += size - ZS(s)->avail_out;
	if (s->zout > inflate_max) {
		snprintf(why, sizeof(why), "the gzip data decodes to "
		    "more than %llu bytes (MAX_INFLATED_BYTES)",
		    (unsigned long long)inflate_max);
		return src_fail(s, AC_ERR_TOOBIG, why, NULL);
	}
	if (s->zout > AC_INFLATE_RATIO_FLOOR &&
	    s->zout / inflate_ratio > s->zin - ZS(s)->avail_in) {
		snprintf(why, sizeof(why), "the gzip data decodes to "
		    "more than %u times its size (MAX_INFLATION_RATIO): "
		    "refused as a decompression bomb", inflate_ratio);
		return src_fail(s, AC_ERR_TOOBIG, why, NULL);
	}
	return (ssize_t)(size - ZS(s)->avail_out);
fail:
	return size > ZS(s)->avail_out ?
	    (ssize_t)(size - ZS(s)->avail_out) : -1;
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
