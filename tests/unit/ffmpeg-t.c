/* SPDX-License-Identifier: ISC */
/* ffmpeg-t.c: argument vectors, path checks, probe and TS to MP4 on a made TS. */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "proc/proc.h"
#include "../tools/tap.h"

static int
has_arg(const struct ac_ffmpeg_argv *a, const char *s)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], s) == 0)
			return 1;
	return 0;
}

/* Make a 1 s TS with ffmpeg itself; 0 when made. */
static int
make_ts(const struct ac_ffmpeg *ff, const char *vcodec, const char *acodec,
    const char *out)
{
	struct ac_proc	 p;
	const char	*argv[] = { ff->path, "-nostdin", "-hide_banner",
	    "-loglevel", "error", "-y", "-f", "lavfi", "-i",
	    "testsrc=size=160x120:rate=10:duration=1", "-f", "lavfi", "-i",
	    "sine=frequency=440:duration=1", "-c:v", vcodec, "-c:a", acodec,
	    "-f", "mpegts", out, NULL };

	memset(&p, 0, sizeof(p));
	p.argv = argv;
	p.out_fd = -1;
	p.timeout_s = 60;
	if (ac_proc_run(&p) != AC_OK) {
		diag("making %s: %s", out, p.err);
		return -1;
	}
	return 0;
}

/* Whether a file starts like an MP4 ("....ftyp"). */
static int
is_mp4(const char *path)
{
	char	 b[8];
	int	 fd, ok_ = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	if (read(fd, b, 8) == 8 && memcmp(b + 4, "ftyp", 4) == 0)
		ok_ = 1;
	close(fd);
	return ok_;
}

int
main(void)
{
	struct ac_ffmpeg	 ff, none;
	struct ac_ffmpeg_argv	 a;
	char			 dir[] = "/tmp/ffmpeg-t.XXXXXX";
	char			 ts[1100], mp4[1100];
	struct ac_error	 ebuf;
	int			 re;

	plan_lazy();

	/* Paths: absolute, no dot segments, no control bytes. */
	ok(ac_ffmpeg_path_ok("/var/lib/autoclip/tmp/a.ts"), "a plain path");
	ok(!ac_ffmpeg_path_ok("tmp/a.ts"), "relative refused");
	ok(!ac_ffmpeg_path_ok("/var/../etc/passwd"), "'..' refused");
	ok(!ac_ffmpeg_path_ok("/var/./a"), "'.' refused");
	ok(!ac_ffmpeg_path_ok("/var//a"), "'//' refused");
	ok(!ac_ffmpeg_path_ok("/var/a\n-i"), "a newline refused");
	ok(!ac_ffmpeg_path_ok("/var/a/"), "a directory refused");
	ok(!ac_ffmpeg_path_ok(NULL), "NULL refused");

	memset(&none, 0, sizeof(none));
	ok(ac_ffmpeg_ts_to_mp4_argv(&none, "/a.ts", "/b.mp4", 0, &a) == -1,
	    "no vector without ffmpeg");

	memset(&ff, 0, sizeof(ff));
	ff.found = 1;
	snprintf(ff.path, sizeof(ff.path), "/usr/bin/ffmpeg");
	ok(ac_ffmpeg_ts_to_mp4_argv(&ff, "/d/in.ts", "/d/out.mp4", 0, &a) == 0,
	    "stream copy vector");
	is_str(a.v[0], "/usr/bin/ffmpeg", "argv[0] is the absolute path");
	ok(has_arg(&a, "-nostdin") && has_arg(&a, "-hide_banner"),
	    "-nostdin -hide_banner");
	ok(has_arg(&a, "-protocol_whitelist") && has_arg(&a, "file"),
	    "-protocol_whitelist file");
	ok(has_arg(&a, "file:/d/in.ts") && has_arg(&a, "file:/d/out.mp4"),
	    "paths are file: URLs");
	ok(has_arg(&a, "copy") && has_arg(&a, "aac_adtstoasc"),
	    "-c copy -bsf:a aac_adtstoasc");
	is_str(a.v[a.n - 1], "file:/d/out.mp4", "the output comes last");
	ok(a.v[a.n] == NULL, "NULL-terminated");
	ok(ac_ffmpeg_ts_to_mp4_argv(&ff, "/d/in.ts", "/d/out.mp4", 1, &a) == 0 &&
	    has_arg(&a, "libx264") && has_arg(&a, "aac") && !has_arg(&a,
	    "copy"), "re-encode vector");
	ok(ac_ffmpeg_ts_to_mp4_argv(&ff, "-i", "/d/out.mp4", 0, &a) == -1,
	    "an option as input refused");
	ok(ac_ffmpeg_cut_argv(&ff, "/d/in.ts", 61.5, 30, "/d/c.mp4", 0,
	    &a) == 0 && has_arg(&a, "61.500") && has_arg(&a, "30.000"),
	    "cut vector with -ss and -t");
	ok(ac_ffmpeg_cut_argv(&ff, "/d/in.ts", -1, 30, "/d/c.mp4", 0, &a) == -1,
	    "negative start refused");
	ok(ac_ffmpeg_cut_argv(&ff, "/d/in.ts", 0, 0, "/d/c.mp4", 0, &a) == -1,
	    "empty cut refused");

	/* A clip export's cut: local files only, seeking after -i. */
	ok(ac_ffmpeg_clip_argv(&ff, "/d/w/joined.ts", 1.5, 60, "/d/x.mp4", 0,
	    &a) == 0 && has_arg(&a, "file:/d/w/joined.ts") &&
	    has_arg(&a, "file:/d/x.mp4") && has_arg(&a, "-protocol_whitelist") &&
	    has_arg(&a, "pipe:1") && has_arg(&a, "copy"),
	    "clip vector: file: paths, the whitelist, -progress, stream copy");
	{
		size_t	 i, ii = 0, is = 0;

		for (i = 0; i < a.n; i++) {
			if (strcmp(a.v[i], "-i") == 0)
				ii = i;
			if (strcmp(a.v[i], "-ss") == 0)
				is = i;
		}
		ok(ii > 0 && is > ii, "clip vector: -ss after -i (output seeking)");
	}
	ok(ac_ffmpeg_clip_argv(&ff, "/d/w/joined.ts", 1.5, 60, "/d/x.mp4", 1,
	    &a) == 0 && has_arg(&a, "libx264") && has_arg(&a, "+faststart"),
	    "exact clip vector: H.264, +faststart");
	ok(ac_ffmpeg_clip_argv(&ff, "http://h/x.m3u8", 0, 1, "/d/x.mp4", 0,
	    &a) == -1, "clip vector: a URL is refused");
	ok(ac_ffmpeg_clip_argv(&ff, "/d/../etc/x.ts", 0, 1, "/d/x.mp4", 0,
	    &a) == -1, "clip vector: a dot segment is refused");

	ok(ac_ffmpeg_probe(&none, "/nonexistent", &ebuf) ==
	    AC_ERR_NOTFOUND && !none.found, "probe: not on that PATH");

	/* The real thing: ffmpeg is a run-time dependency, so it must be here. */
	if (ac_ffmpeg_probe(&ff, NULL, &ebuf) != AC_OK) {
		ok(0, "ffmpeg installed (scripts/deps.sh test): %s", ebuf.text);
		return done_testing();
	}
	ok(ff.found && ff.path[0] == '/', "probe finds ffmpeg (%s)", ff.path);
	ok(ff.version[0] != '\0', "its version (%s)", ff.version);
	ok(ff.aac, "the aac encoder is there");
	diag("libx264: %s", ff.h264 ? "yes" : "no");
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");

	/* H.264 + AAC in TS: the stream copy works. */
	snprintf(ts, sizeof(ts), "%s/in.ts", dir);
	snprintf(mp4, sizeof(mp4), "%s/out.mp4", dir);
	if (ff.h264 && make_ts(&ff, "libx264", "aac", ts) == 0) {
		is_int(ac_ffmpeg_ts_to_mp4(&ff, ts, mp4, &re, &ebuf), AC_OK, "TS to MP4");
		is_int(re, 0, "by stream copy");
		ok(is_mp4(mp4), "the output is an MP4");
		unlink(ts);
		unlink(mp4);
	} else
		ok(!ff.h264, "a TS with H.264 made");

	/* MPEG-2 + MP2 in TS: aac_adtstoasc fails, the re-encode works. */
	ok(make_ts(&ff, "mpeg2video", "mp2", ts) == 0, "an MPEG-2/MP2 TS made");
	if (ff.h264) {
		is_int(ac_ffmpeg_ts_to_mp4(&ff, ts, mp4, &re, &ebuf), AC_OK, "MPEG-2/MP2 TS to MP4");
		is_int(re, 1, "by re-encoding");
		ok(is_mp4(mp4), "the output is an MP4");
	} else
		ok(ac_ffmpeg_ts_to_mp4(&ff, ts, mp4, &re, &ebuf) != AC_OK, "no H.264 encoder: fails");
	unlink(mp4);

	/* Not a video at all: both fail, nothing is left behind. */
	{
		int	 fd = open(ts, O_WRONLY | O_TRUNC);

		if (fd == -1 || write(fd, "not a video\n", 12) != 12)
			bail("writing %s", ts);
		close(fd);
	}
	ok(ac_ffmpeg_ts_to_mp4(&ff, ts, mp4, &re, &ebuf) ==
	    AC_ERR_IO, "garbage fails");
	ok(strncmp(ebuf.text, "ffmpeg: exit status", 19) == 0, "with ffmpeg's "
	    "reason (%s)", ebuf.text);
	ok(access(mp4, F_OK) == -1, "and no output is left");
	unlink(ts);
	rmdir(dir);
	return done_testing();
}
