/* SPDX-License-Identifier: ISC */
/* ffmpeg.c: finding ffmpeg, its argument vectors, TS to MP4. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "proc/proc.h"

#define FF_PROBE_TIMEOUT_S	 20
#define FF_PROBE_OUT_MAX	 (128 * 1024)	/* -encoders prints about 30 KB */
#define FF_PATH_MAX		 1024

int
ac_ffmpeg_path_ok(const char *path)
{
	const char	*p;
	size_t		 len;

	if (path == NULL || path[0] != '/' ||
	    (len = strlen(path)) >= FF_PATH_MAX)
		return 0;
	for (p = path; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	/* No "." or ".." segment anywhere. */
	for (p = path; p != NULL; p = strchr(p + 1, '/')) {
		if (strncmp(p, "/./", 3) == 0 || strncmp(p, "/../", 4) == 0 ||
		    strcmp(p, "/.") == 0 || strcmp(p, "/..") == 0 ||
		    strncmp(p, "//", 2) == 0)
			return 0;
	}
	return path[len - 1] != '/';
}

static void
add(struct ac_ffmpeg_argv *a, const char *s)
{
	/* The vectors built here are far below the cap. */
	if (a->n < AC_FFMPEG_ARGV_MAX - 1)
		a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

/* The head every run shares; 0, or -1 on a bad path. */
static int
head(const struct ac_ffmpeg *ff, const char *in, const char *out,
    struct ac_ffmpeg_argv *a)
{
	memset(a, 0, sizeof(*a));
	if (!ff->found || !ac_ffmpeg_path_ok(in) || !ac_ffmpeg_path_ok(out))
		return -1;
	snprintf(a->in, sizeof(a->in), "file:%s", in);
	snprintf(a->out, sizeof(a->out), "file:%s", out);
	add(a, ff->path);
	add(a, "-nostdin");
	add(a, "-hide_banner");
	add(a, "-loglevel");
	add(a, "error");
	add(a, "-y");
	add(a, "-protocol_whitelist");
	add(a, "file");
	return 0;
}

static void
codecs(struct ac_ffmpeg_argv *a, int reencode)
{
	if (reencode) {
		add(a, "-c:v");
		add(a, "libx264");
		add(a, "-preset");
		add(a, "veryfast");
		add(a, "-c:a");
		add(a, "aac");
	} else {
		add(a, "-c");
		add(a, "copy");
		add(a, "-bsf:a");
		add(a, "aac_adtstoasc");
	}
	add(a, "-movflags");
	add(a, "+faststart");
	add(a, "-f");
	add(a, "mp4");
}

int
ac_ffmpeg_ts_to_mp4_argv(const struct ac_ffmpeg *ff, const char *in,
    const char *out, int reencode, struct ac_ffmpeg_argv *a)
{
	if (head(ff, in, out, a) == -1)
		return -1;
	add(a, "-i");
	add(a, a->in);
	codecs(a, reencode);
	add(a, a->out);
	return 0;
}

/* A cut's common start: the bounds checked, the head, -ss and -t formatted. */
static int
cut_head(const struct ac_ffmpeg *ff, const char *in, double start,
    double duration, const char *out, struct ac_ffmpeg_argv *a)
{
	if (!isfinite(start) || !isfinite(duration) || start < 0 ||
	    duration <= 0 || start > 1e7 || duration > 1e5)
		return -1;
	if (head(ff, in, out, a) == -1)
		return -1;
	snprintf(a->ss, sizeof(a->ss), "%.3f", start);
	snprintf(a->t, sizeof(a->t), "%.3f", duration);
	return 0;
}

int
ac_ffmpeg_cut_argv(const struct ac_ffmpeg *ff, const char *in, double start,
    double duration, const char *out, int reencode, struct ac_ffmpeg_argv *a)
{
	if (cut_head(ff, in, start, duration, out, a) == -1)
		return -1;
	/* -ss before -i seeks by the index: fast, exact with a re-encode. */
	add(a, "-ss");
	add(a, a->ss);
	add(a, "-i");
	add(a, a->in);
	add(a, "-t");
	add(a, a->t);
	codecs(a, reencode);
	add(a, a->out);
	return 0;
}

/* Whether the -encoders listing names encoder "name" (its second column). */
static int
has_encoder(const char *list, const char *name)
{
	const char	*p, *q;
	size_t		 len = strlen(name);

	for (p = list; (p = strstr(p, name)) != NULL; p += len) {
		/* " V....D libx264   ..." : a space before, space after. */
		q = p + len;
		if (p > list && p[-1] == ' ' && (*q == ' ' || *q == '\t'))
			return 1;
	}
	return 0;
}

enum ac_err
ac_ffmpeg_probe(struct ac_ffmpeg *ff, const char *path, struct ac_error *err)
{
	struct ac_proc	 p;
	const char	*argv[4];
	char		*out, *s, *e, why[128];
	size_t		 len;

	memset(ff, 0, sizeof(*ff));
	if (path == NULL)
		path = getenv("PATH");	/* start-up configuration */
	if (ac_proc_which("ffmpeg", path, ff->path, sizeof(ff->path)) == -1)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "ffmpeg not found on PATH");
	if ((out = malloc(FF_PROBE_OUT_MAX)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	memset(&p, 0, sizeof(p));
	argv[0] = ff->path;
	argv[1] = "-version";
	argv[2] = NULL;
	p.argv = argv;
	p.out_buf = out;
	p.out_size = FF_PROBE_OUT_MAX;
	p.timeout_s = FF_PROBE_TIMEOUT_S;
	if (ac_proc_run(&p) != AC_OK) {
		ac_error_set(err, AC_ERR_NOTFOUND, "%s -version: %s", ff->path,
		    ac_proc_describe(&p, why, sizeof(why)));
		free(out);
		return AC_ERR_NOTFOUND;
	}
	/* "ffmpeg version 5.1.6-0+deb12u1 Copyright ..." */
	if (strncmp(out, "ffmpeg version ", 15) == 0) {
		s = out + 15;
		for (e = s; *e != '\0' && *e != ' ' && *e != '\n'; e++)
			continue;
		len = (size_t)(e - s);
		if (len >= sizeof(ff->version))
			len = sizeof(ff->version) - 1;
		memcpy(ff->version, s, len);
		ff->version[len] = '\0';
	}
	argv[1] = "-hide_banner";
	argv[2] = "-encoders";
	argv[3] = NULL;
	if (ac_proc_run(&p) == AC_OK) {
		ff->h264 = has_encoder(out, "libx264");
		ff->aac = has_encoder(out, "aac");
	}
	free(out);
	/* ffprobe: beside this ffmpeg first, else on the path. */
	{
		char	*slash;
		int	 n;

		n = snprintf(ff->ffprobe, sizeof(ff->ffprobe), "%s", ff->path);
		if (n > 0 && (size_t)n < sizeof(ff->ffprobe) - 8 &&
		    (slash = strrchr(ff->ffprobe, '/')) != NULL) {
			snprintf(slash + 1, sizeof(ff->ffprobe) -
			    (size_t)(slash + 1 - ff->ffprobe), "ffprobe");
			if (access(ff->ffprobe, X_OK) == -1 &&
			    ac_proc_which("ffprobe", path, ff->ffprobe,
			    sizeof(ff->ffprobe)) == -1)
				ff->ffprobe[0] = '\0';
		}
	}
	ff->found = 1;
	return AC_OK;
}

static enum ac_err
run(const struct ac_ffmpeg_argv *a, struct ac_error *err)
{
	struct ac_proc	 p;
	char		 why[128];
	size_t		 len;

	memset(&p, 0, sizeof(p));
	p.argv = a->v;
	p.out_fd = -1;
	p.timeout_s = AC_FFMPEG_TIMEOUT_S;
	p.cpu_s = AC_FFMPEG_CPU_S;
	p.fsize = AC_FFMPEG_FSIZE_MAX;
	if (ac_proc_run(&p) == AC_OK)
		return AC_OK;
	len = p.err_len;
	while (len > 0 && (p.err[len - 1] == '\n' || p.err[len - 1] == '\r'))
		p.err[--len] = '\0';
	return ac_error_set(err, AC_ERR_IO, "ffmpeg: %s%s%.300s",
	    ac_proc_describe(&p, why, sizeof(why)), len > 0 ? ": " : "",
	    p.err);
}

enum ac_err
ac_ffmpeg_ts_to_mp4(const struct ac_ffmpeg *ff, const char *in,
    const char *out, int *reencoded, struct ac_error *err)
{
	struct ac_ffmpeg_argv	 a;
	struct ac_error		 first;
	enum ac_err		 e;

	*reencoded = 0;
	if (ac_ffmpeg_ts_to_mp4_argv(ff, in, out, 0, &a) == -1)
		return ac_error_set(err, AC_ERR_VALUE, "%s",
		    ff->found ? "unusable path" : "ffmpeg not found");
	if ((e = run(&a, &first)) == AC_OK)
		return AC_OK;
	unlink(out);
	if (!ff->h264 || !ff->aac)
		return ac_error_set(err, e, "%s; no H.264/AAC encoders to "
		    "re-encode", first.text);
	ac_ffmpeg_ts_to_mp4_argv(ff, in, out, 1, &a);
	if ((e = run(&a, err)) != AC_OK) {
		unlink(out);
		return e;
	}
	*reencoded = 1;
	return AC_OK;
}

int
ac_ffmpeg_clip_argv(const struct ac_ffmpeg *ff, const char *in, double start,
    double duration, const char *out, int exact, struct ac_ffmpeg_argv *a)
{
	if (cut_head(ff, in, start, duration, out, a) == -1)
		return -1;
	add(a, "-nostats");
	add(a, "-progress");
	add(a, "pipe:1");
	add(a, "-i");
	add(a, a->in);
	/*
	 * After -i: ffmpeg reads from the start and drops what is before
	 * start.  Input seeking in MPEG-TS can land after the asked time.
	 */
	add(a, "-ss");
	add(a, a->ss);
	add(a, "-t");
	add(a, a->t);
	add(a, "-map");
	add(a, "0:v:0");
	add(a, "-map");
	add(a, "0:a:0?");
	codecs(a, exact);
	add(a, a->out);
	return 0;
}

#define PROGRESS_OUT_MAX	 (16 * 1024)

struct prog {
	int	(*tick)(void *, double);
	void	*arg;
	double	 out_s;
};

/* Read the last "out_time_us=N" (or out_time_ms, also µs) of the output so far. */
static int
prog_tick(void *arg, struct ac_proc *p)
{
	struct prog	*g = arg;
	const char	*s, *k;
	long long	 us;

	if (p->out_buf != NULL && p->out_len > 0) {
		for (s = p->out_buf; (k = strstr(s, "out_time_us=")) != NULL;
		    s = k + 12)
			if (sscanf(k + 12, "%lld", &us) == 1 && us >= 0)
				g->out_s = (double)us / 1e6;
		/* Keep the buffer from filling: what was read is done. */
		if (p->out_len > PROGRESS_OUT_MAX / 2)
			p->out_len = 0;
	}
	return g->tick != NULL ? g->tick(g->arg, g->out_s) : 0;
}

enum ac_err
ac_ffmpeg_run(const struct ac_ffmpeg_argv *a, int (*tick)(void *, double),
    void *arg, struct ac_error *err)
{
	struct ac_proc	 p;
	struct prog	 g;
	char		 why[128], *out;
	size_t		 len;

	if ((out = malloc(PROGRESS_OUT_MAX)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	memset(&p, 0, sizeof(p));
	memset(&g, 0, sizeof(g));
	g.tick = tick;
	g.arg = arg;
	p.argv = a->v;
	p.out_buf = out;
	p.out_size = PROGRESS_OUT_MAX;
	p.timeout_s = AC_FFMPEG_TIMEOUT_S;
	p.cpu_s = AC_FFMPEG_CPU_S;
	p.fsize = AC_FFMPEG_FSIZE_MAX;
	p.tick = prog_tick;
	p.tick_arg = &g;
	if (ac_proc_run(&p) == AC_OK) {
		free(out);
		return AC_OK;
	}
	free(out);
	if (p.stopped)
		return ac_error_set(err, AC_ERR_STOPPED, "ffmpeg was stopped");
	len = p.err_len;
	while (len > 0 && (p.err[len - 1] == '\n' || p.err[len - 1] == '\r'))
		p.err[--len] = '\0';
	return ac_error_set(err, AC_ERR_IO, "ffmpeg: %s%s%.300s",
	    ac_proc_describe(&p, why, sizeof(why)), len > 0 ? ": " : "",
	    p.err);
}

#define KEYFRAMES_OUT_MAX	 (256 * 1024)

enum ac_err
ac_ffmpeg_keyframes(const struct ac_ffmpeg *ff, const char *in,
    double *times, size_t max, size_t *n, struct ac_error *err)
{
	struct ac_proc	 p;
	const char	*argv[16];
	char		 inarg[1100], why[128], *out, *line, *save;
	double		 t, start = 0;
	int		 have_start = 0;
	size_t		 i, k = 0;

	*n = 0;
	if (ff->ffprobe[0] == '\0')
		return ac_error_set(err, AC_ERR_NOTFOUND, "ffprobe not found");
	if (!ac_ffmpeg_path_ok(in))
		return ac_error_set(err, AC_ERR_VALUE, "unusable path");
	snprintf(inarg, sizeof(inarg), "file:%s", in);
	if ((out = malloc(KEYFRAMES_OUT_MAX)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	argv[k++] = ff->ffprobe;
	argv[k++] = "-v";
	argv[k++] = "error";
	argv[k++] = "-protocol_whitelist";
	argv[k++] = "file";
	argv[k++] = "-select_streams";
	argv[k++] = "v:0";
	argv[k++] = "-skip_frame";
	argv[k++] = "nokey";
	argv[k++] = "-show_entries";
	argv[k++] = "frame=pts_time:format=start_time";
	argv[k++] = "-of";
	argv[k++] = "csv";
	argv[k++] = inarg;
	argv[k] = NULL;
	memset(&p, 0, sizeof(p));
	p.argv = argv;
	p.out_buf = out;
	p.out_size = KEYFRAMES_OUT_MAX;
	p.timeout_s = FF_PROBE_TIMEOUT_S * 6;
	p.cpu_s = AC_FFMPEG_CPU_S;
	if (ac_proc_run(&p) != AC_OK) {
		ac_error_set(err, AC_ERR_IO, "ffprobe: %s: %.200s",
		    ac_proc_describe(&p, why, sizeof(why)), p.err);
		free(out);
		return AC_ERR_IO;
	}
	/* "frame,13.421333" lines, then "format,13.421333". */
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "frame,", 6) == 0 &&
		    sscanf(line + 6, "%lf", &t) == 1 && isfinite(t) && *n < max)
			times[(*n)++] = t;
		else if (strncmp(line, "format,", 7) == 0 &&
		    sscanf(line + 7, "%lf", &t) == 1 && isfinite(t)) {
			start = t;
			have_start = 1;
		}
	}
	free(out);
	for (i = 0; i < *n; i++)
		times[i] -= have_start ? start : 0;
	return AC_OK;
}
