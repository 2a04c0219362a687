/* SPDX-License-Identifier: ISC */
/*
 * hls-fuzz.c: a fuzz harness for the HLS playlist readers (hls.c): the
 * input's first line is the URL the playlist came from, the rest the
 * playlist, read both as a master and as a media playlist.
 *
 * A master gives 1..AC_HLS_VARIANTS_MAX variants with distinct non-empty
 * names and absolute URIs of visible ASCII; picking by height and by
 * name gives one of them.  A media playlist gives segments whose starts
 * are the sums of the durations before, within the limits; the segments
 * chosen for a clip are inside the playlist.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoclip.h"
#include "kick/kick.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_uri(const char *u, size_t size)
{
	size_t	 i, n = strnlen(u, size);

	if (n == 0 || n == size)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f)
			abort();
}

static void
master(const char *text, size_t len, const char *base)
{
	struct ac_hls_master	 m;
	struct ac_error	 err;
	size_t			 i, j, idx;

	ac_error_clear(&err);
	if (ac_hls_master_parse(text, len, base, &m, &err) !=
	    AC_OK) {
		if (m.v != NULL || m.n != 0 || err.text[0] == '\0')
			abort();
		return;
	}
	if (m.n == 0 || m.n > AC_HLS_VARIANTS_MAX)
		abort();
	for (i = 0; i < m.n; i++) {
		if (strnlen(m.v[i].name, sizeof(m.v[i].name)) == 0 ||
		    strnlen(m.v[i].name, sizeof(m.v[i].name)) ==
		    sizeof(m.v[i].name))
			abort();
		check_uri(m.v[i].uri, sizeof(m.v[i].uri));
		if (m.v[i].width < 0 || m.v[i].height < 0 ||
		    m.v[i].bandwidth < 0 || !isfinite(m.v[i].fps) ||
		    m.v[i].fps < 0)
			abort();
		for (j = 0; j < i; j++)
			if (strcasecmp(m.v[i].name, m.v[j].name) == 0)
				abort();
		(void)ac_hls_url_allowed(m.v[i].uri, base, "a.example, b:8080",
		    &err);
	}
	if (ac_hls_pick(&m, NULL, 720, &idx, &err) != AC_OK ||
	    idx >= m.n)
		abort();
	if (ac_hls_pick(&m, m.v[m.n - 1].name, 0, &idx, &err) !=
	    AC_OK || idx >= m.n ||
	    strcasecmp(m.v[idx].name, m.v[m.n - 1].name) != 0)
		abort();
	ac_error_clear(&err);
	if (ac_hls_pick(&m, "no such/quality", 0, &idx, &err) !=
	    AC_ERR_NOTFOUND || err.text[0] == '\0')
		abort();
	ac_hls_master_free(&m);
}

static void
media(const char *text, size_t len, const char *base)
{
	struct ac_hls_media	 md;
	struct ac_hls_window	 w;
	struct ac_error	 err;
	double			 t = 0, off;
	size_t			 i;

	ac_error_clear(&err);
	if (ac_hls_media_parse(text, len, base, &md, &err) !=
	    AC_OK) {
		if (md.s != NULL || md.n != 0 || err.text[0] == '\0')
			abort();
		return;
	}
	if (md.n > AC_HLS_SEGMENTS_MAX || !isfinite(md.total) ||
	    !isfinite(md.target_duration))
		abort();
	for (i = 0; i < md.n; i++) {
		if (md.s[i].uri == NULL)
			abort();
		check_uri(md.s[i].uri, AC_HLS_URI_MAX);
		if (!isfinite(md.s[i].duration) || md.s[i].duration < 0 ||
		    fabs(md.s[i].start - t) > 1e-6 * (1 + t) ||
		    (md.s[i].has_pdt && !isfinite(md.s[i].pdt)) ||
		    md.s[i].byte_off < -1 || md.s[i].byte_len < -1)
			abort();
		t += md.s[i].duration;
	}
	off = ac_hls_media_offset(&md, 1, md.n > 0 && md.s[0].has_pdt ?
	    md.s[0].pdt + 3 : 1.7e9);
	if (!isfinite(off) || fabs(off) > AC_HLS_OFFSET_MAX_S)
		abort();
	if (ac_hls_select(&md, md.total / 3, md.total / 3 + 20, 2, off, &w,
	    &err) == AC_OK) {
		if (md.n == 0 || w.first > w.last || w.last >= md.n ||
		    !isfinite(w.cut_start) || !isfinite(w.cut_len) ||
		    w.cut_start < 0 || w.cut_len < 0 ||
		    w.media_start > w.media_end)
			abort();
	}
	ac_hls_media_free(&md);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nl;
	char		*base, *text;
	size_t		 bl, tl;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	bl = (size_t)(nl - data);
	tl = size - bl - 1;
	/* Copies of the exact sizes, so reads past either are caught. */
	if ((base = malloc(bl + 1)) == NULL ||
	    (text = malloc(tl > 0 ? tl : 1)) == NULL)
		abort();
	memcpy(base, data, bl);
	base[bl] = '\0';
	memcpy(text, nl + 1, tl);
	master(text, tl, base);
	media(text, tl, base);
	free(base);
	free(text);
	return 0;
}
