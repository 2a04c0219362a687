/* SPDX-License-Identifier: ISC */
/*
 * kick-mock-hls.c: the mock's HLS CDN.  Playlists are written here, Kick
 * style (EXT-X-MEDIA + EXT-X-STREAM-INF + relative URI; every segment with
 * EXT-X-PROGRAM-DATE-TIME and EXTINF); segments are the files a test made
 * with ffmpeg, looped with shifted timestamps for long VODs.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kick-mock-hls.h"

#define VARIANTS_MAX	 8
#define SEG_FILE_MAX	 (64 * 1024 * 1024)
#define TS_PKT		 188
#define PTS_MOD		 (1ULL << 33)

struct variant {
	char	 name[32];
	int	 height;
	size_t	 nfiles;	/* 0.ts .. nfiles-1.ts */
};

static char		*dir;
static double		 hours, seg_s, pdt0;
static const char	*fault_file;
static struct variant	 var[VARIANTS_MAX];
static size_t		 nvar;
static uint64_t		 n_segments, n_bytes, n_playlists;

struct sbuf {
	char	*b;
	size_t	 len, cap;
};

static void
sb_printf(struct sbuf *s, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(s->b + s->len, s->cap - s->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < s->cap - s->len) {
			s->len += (size_t)n;
			return;
		}
		s->cap = s->cap * 2 + (size_t)n + 256;
		if ((s->b = realloc(s->b, s->cap)) == NULL) {
			fputs("kick-mock: out of memory\n", stderr);
			exit(1);
		}
	}
}

static int
var_cmp(const void *a, const void *b)
{
	return ((const struct variant *)b)->height -
	    ((const struct variant *)a)->height;
}

void
hls_init(const char *d, double h, double s, double p, const char *ff)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[4096];
	const char	*q;
	struct variant	*v;

	if ((dir = strdup(d)) == NULL)
		exit(1);
	hours = h;
	seg_s = s > 0 ? s : 2;
	pdt0 = p;
	fault_file = ff;
	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "kick-mock: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	while ((de = readdir(dp)) != NULL && nvar < VARIANTS_MAX) {
		for (q = de->d_name; isdigit((unsigned char)*q); q++)
			continue;
		if (q == de->d_name || *q != 'p' || !isdigit((unsigned char)q[1]) ||
		    strlen(de->d_name) >= sizeof(var[0].name))
			continue;
		v = &var[nvar];
		snprintf(v->name, sizeof(v->name), "%s", de->d_name);
		v->height = (int)strtol(de->d_name, NULL, 10);
		for (v->nfiles = 0;; v->nfiles++) {
			snprintf(path, sizeof(path), "%s/%s/%zu.ts", dir,
			    v->name, v->nfiles);
			if (stat(path, &sb) == -1)
				break;
		}
		if (v->nfiles > 0)
			nvar++;
	}
	closedir(dp);
	if (nvar == 0) {
		fprintf(stderr, "kick-mock: %s: no variant directory with "
		    "segments\n", dir);
		exit(1);
	}
	qsort(var, nvar, sizeof(var[0]), var_cmp);
}

void
hls_free(void)
{
	free(dir);
}

void
hls_stats(uint64_t *s, uint64_t *b, uint64_t *p)
{
	*s = n_segments;
	*b = n_bytes;
	*p = n_playlists;
}

/* The fault asked for now ("" when none). */
static void
fault(char *out, size_t size)
{
	ssize_t	 n;
	int	 fd;

	out[0] = '\0';
	if (fault_file == NULL || (fd = open(fault_file, O_RDONLY)) == -1)
		return;
	n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		n = 0;
	out[n] = '\0';
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		out[--n] = '\0';
}

static void
iso(double t, char *out, size_t size)
{
	time_t		 s = (time_t)floor(t);
	struct tm	 tm;
	int		 ms = (int)((t - (double)s) * 1000 + 0.5);

	if (ms >= 1000) {
		s++;
		ms -= 1000;
	}
	gmtime_r(&s, &tm);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ms);
}

static size_t
nsegs(const struct variant *v)
{
	if (hours > 0)
		return (size_t)(hours * 3600 / seg_s + 0.5);
	return v->nfiles;
}

static void
master(struct sbuf *s)
{
	size_t	 i;
	int	 fps;

	sb_printf(s, "#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID=\"NODE\","
	    "VALUE=\"mock\"\n");
	for (i = 0; i < nvar; i++) {
		fps = (int)strtol(strchr(var[i].name, 'p') + 1, NULL, 10);
		sb_printf(s, "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"%s\",NAME=\"%s\","
		    "AUTOSELECT=YES,DEFAULT=YES\n", var[i].name, var[i].name);
		sb_printf(s, "#EXT-X-STREAM-INF:BANDWIDTH=%d,RESOLUTION=%dx%d,"
		    "CODECS=\"avc1.4D401F,mp4a.40.2\",VIDEO=\"%s\","
		    "FRAME-RATE=%d.000\n%s/playlist.m3u8\n",
		    var[i].height * 5000, (var[i].height * 16 / 9 + 1) & ~1,
		    var[i].height, var[i].name, fps, var[i].name);
	}
}

static void
media(struct sbuf *s, const struct variant *v, const char *flt)
{
	size_t	 i, n = nsegs(v);
	char	 t[96];

	sb_printf(s, "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-PLAYLIST-TYPE:EVENT\n"
	    "#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n"
	    "#EXT-X-TWITCH-ELAPSED-SECS:0.000\n#EXT-X-TWITCH-TOTAL-SECS:%.3f\n",
	    (int)ceil(seg_s), (double)n * seg_s);
	for (i = 0; i < n; i++) {
		iso(pdt0 + (double)i * seg_s, t, sizeof(t));
		sb_printf(s, "#EXT-X-PROGRAM-DATE-TIME:%s\n#EXTINF:%.3f,\n", t,
		    seg_s);
		if (strcmp(flt, "foreign") == 0)
			sb_printf(s, "http://cdn.invalid/%s/%zu.ts\n", v->name, i);
		else
			sb_printf(s, "%zu.ts\n", i);
	}
	sb_printf(s, "#EXT-X-ENDLIST\n");
}

static uint64_t
get_ts(const unsigned char *p)
{
	return ((uint64_t)(p[0] >> 1 & 7) << 30) | ((uint64_t)p[1] << 22) |
	    ((uint64_t)(p[2] >> 1) << 15) | ((uint64_t)p[3] << 7) |
	    (uint64_t)(p[4] >> 1);
}

static void
put_ts(unsigned char *p, uint64_t v)
{
	p[0] = (unsigned char)((p[0] & 0xf0) | (v >> 29 & 0x0e) | 1);
	p[1] = (unsigned char)(v >> 22);
	p[2] = (unsigned char)((v >> 14 & 0xfe) | 1);
	p[3] = (unsigned char)(v >> 7);
	p[4] = (unsigned char)((v << 1 & 0xfe) | 1);
}

/* Shift every PCR, PTS and DTS of an MPEG-TS buffer by d (90 kHz). */
static void
shift(unsigned char *b, size_t len, uint64_t d)
{
	size_t		 off;
	unsigned char	*p, *pes;
	uint64_t	 pcr;
	int		 afc, pusi, flags;

	for (off = 0; off + TS_PKT <= len; off += TS_PKT) {
		p = b + off;
		if (p[0] != 0x47)
			continue;
		pusi = p[1] & 0x40;
		afc = p[3] >> 4 & 3;
		pes = p + 4;
		if (afc & 2) {
			if (p[4] > 0 && p[5] & 0x10 && p[4] >= 7) {
				pcr = ((uint64_t)p[6] << 25) | ((uint64_t)p[7] << 17) |
				    ((uint64_t)p[8] << 9) | ((uint64_t)p[9] << 1) |
				    (p[10] >> 7);
				pcr = (pcr + d) % PTS_MOD;
				p[6] = (unsigned char)(pcr >> 25);
				p[7] = (unsigned char)(pcr >> 17);
				p[8] = (unsigned char)(pcr >> 9);
				p[9] = (unsigned char)(pcr >> 1);
				p[10] = (unsigned char)((p[10] & 0x7f) |
				    (pcr & 1) << 7);
			}
			pes = p + 5 + p[4];
		}
		if (!(afc & 1) || !pusi || pes + 14 > p + TS_PKT)
			continue;
		if (pes[0] != 0 || pes[1] != 0 || pes[2] != 1 ||
		    (pes[3] != 0xe0 && pes[3] != 0xc0 && pes[3] != 0xbd))
			continue;
		flags = pes[7] >> 6;
		if (flags & 2)
			put_ts(pes + 9, (get_ts(pes + 9) + d) % PTS_MOD);
		if (flags == 3)
			put_ts(pes + 14, (get_ts(pes + 14) + d) % PTS_MOD);
	}
}

static int
segment(struct hls_answer *a, const struct variant *v, size_t i)
{
	char		 path[4096];
	struct stat	 sb;
	unsigned char	*b;
	size_t		 k = i % v->nfiles, got = 0;
	ssize_t		 n;
	int		 fd;

	snprintf(path, sizeof(path), "%s/%s/%zu.ts", dir, v->name, k);
	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &sb) == -1 ||
	    sb.st_size > SEG_FILE_MAX ||
	    (b = malloc((size_t)sb.st_size + 1)) == NULL) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	while (got < (size_t)sb.st_size &&
	    (n = read(fd, b + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (i >= v->nfiles)
		shift(b, got, (uint64_t)llround((double)(i - k) * seg_s * 90000));
	a->code = 200;
	a->type = "video/mp2t";
	a->body = (char *)b;
	a->len = got;
	n_segments++;
	n_bytes += got;
	return 0;
}

static void
text(struct hls_answer *a, int code, const char *type, const char *t)
{
	a->code = code;
	a->type = type;
	a->body = strdup(t);
	a->len = a->body != NULL ? strlen(t) : 0;
}

int
hls_route(const char *path, struct hls_answer *a)
{
	struct sbuf	 s = { NULL, 0, 0 };
	char		 flt[64], name[32], *end;
	const char	*p, *slash;
	size_t		 i, len;
	unsigned long	 k;

	memset(a, 0, sizeof(*a));
	if (dir == NULL || strncmp(path, "/hls/", 5) != 0)
		return 0;
	fault(flt, sizeof(flt));
	p = path + 5;
	if (strcmp(p, "master.m3u8") == 0) {
		n_playlists++;
		if (strcmp(flt, "empty") == 0) {
			text(a, 200, "application/vnd.apple.mpegurl", "");
			return 1;
		}
		if (strcmp(flt, "malformed") == 0) {
			text(a, 200, "application/vnd.apple.mpegurl",
			    "<html><body>Oops</body></html>\n");
			return 1;
		}
		master(&s);
		goto ok;
	}
	if ((slash = strchr(p, '/')) == NULL ||
	    (len = (size_t)(slash - p)) >= sizeof(name)) {
		text(a, 404, "text/plain", "no such file\n");
		return 1;
	}
	memcpy(name, p, len);
	name[len] = '\0';
	for (i = 0; i < nvar; i++)
		if (strcmp(var[i].name, name) == 0)
			break;
	if (i == nvar) {
		text(a, 404, "text/plain", "no such variant\n");
		return 1;
	}
	p = slash + 1;
	if (strcmp(p, "playlist.m3u8") == 0) {
		n_playlists++;
		if (strcmp(flt, "malformed-media") == 0) {
			text(a, 200, "application/vnd.apple.mpegurl",
			    "#EXTM3U\n#EXTINF:abc,\n0.ts\n");
			return 1;
		}
		media(&s, &var[i], flt);
		goto ok;
	}
	if (!isdigit((unsigned char)*p) || (k = strtoul(p, &end, 10),
	    strcmp(end, ".ts") != 0) || k >= nsegs(&var[i])) {
		text(a, 404, "text/plain", "no such segment\n");
		return 1;
	}
	if (strcmp(flt, "403") == 0) {
		text(a, 403, "text/html", "<html><body>403 Forbidden</body>"
		    "</html>\n");
		return 1;
	}
	if (strcmp(flt, "missing") == 0) {
		text(a, 404, "text/plain", "no such segment\n");
		return 1;
	}
	if (strcmp(flt, "garbage") == 0) {
		text(a, 200, "video/mp2t", "this is not MPEG-TS video\n");
		return 1;
	}
	if (segment(a, &var[i], (size_t)k) == -1) {
		text(a, 500, "text/plain", "cannot read the segment\n");
		return 1;
	}
	a->truncate = strcmp(flt, "truncated") == 0;
	return 1;
ok:
	a->code = 200;
	a->type = "application/vnd.apple.mpegurl";
	a->body = s.b;
	a->len = s.len;
	return 1;
}
