/* SPDX-License-Identifier: ISC */
/*
 * proc.h: the process layer: child processes without a shell, ffmpeg.
 * Internal (not installed): the library, its programs and tests include it;
 * a layer includes only the headers of the layers below it.
 */
#ifndef AC_PROC_H
#define AC_PROC_H

#include "store/store.h"

/* ---------------------------------------------------------------------
 * Child processes (proc.c)
 *
 * A child runs argv[0] (an absolute path) with argv as given (no shell),
 * the environment PATH=/usr/local/bin:/usr/bin:/bin and LC_ALL=C only,
 * stdin from /dev/null, every other inherited descriptor closed, signal
 * dispositions and mask reset, in a process group of its own, under the
 * CPU and file size limits given.  A wall-clock timeout sends SIGTERM to
 * the group, then SIGKILL.  Its stderr is kept (the first
 * AC_PROC_ERR_MAX - 1 bytes) for logs.
 */
#define AC_PROC_ERR_MAX		 2048

struct ac_proc {
	/* in */
	const char *const	*argv;		/* NULL-terminated */
	int			 out_fd;	/* child's stdout; -1: /dev/null */
	char			*out_buf;	/* not NULL: capture stdout here instead */
	size_t			 out_size;	/* ... at most out_size - 1 bytes, NUL-terminated */
	int			 timeout_s;	/* wall clock; 0: none */
	long			 cpu_s;		/* RLIMIT_CPU; 0: unchanged */
	int64_t			 fsize;		/* RLIMIT_FSIZE bytes; 0: unchanged */
	/*
	 * Optional: called about every 100 ms while the child runs (out_buf
	 * holds what it printed so far; tick may reset out_len to 0 to make
	 * room); non-zero stops the child as a timeout would (stopped set).
	 */
	int			(*tick)(void *arg, struct ac_proc *);
	void			*tick_arg;
	/* out */
	size_t			 out_len;
	int			 status;	/* exit status, -1 when it did not exit */
	int			 signal;	/* the signal that ended it, or 0 */
	int			 timed_out;
	int			 stopped;	/* tick asked it to stop */
	char			 err[AC_PROC_ERR_MAX];	/* head of its stderr */
	size_t			 err_len;
};

/*
 * Run the child to its end.  AC_OK when it exited with status 0;
 * AC_ERR_IO otherwise (see status, signal, timed_out and err),
 * AC_ERR_VALUE when argv[0] is not absolute.
 */
enum ac_err	 ac_proc_run(struct ac_proc *);
/* "exit status 1", "timed out after 5 s", ... in buf; returns buf. */
const char	*ac_proc_describe(const struct ac_proc *, char *buf,
		    size_t size);
/*
 * Find an executable regular file "name" (no '/') in the absolute
 * directories of path (NULL: /usr/local/bin:/usr/bin:/bin) into out.
 * Returns 0, or -1 when there is none.
 */
int		 ac_proc_which(const char *name, const char *path, char *out,
		    size_t size);

/* ---------------------------------------------------------------------
 * ffmpeg (ffmpeg.c)
 *
 * Every path handed to these is one the program built itself (absolute,
 * no "." or ".." segment, no control bytes); it is given to ffmpeg as
 * "file:PATH" with -protocol_whitelist file, so no user text can name a
 * protocol or an option.
 */
#define AC_FFMPEG_ARGV_MAX	 48
#define AC_FFMPEG_TIMEOUT_S	 600	/* wall clock of one run */
#define AC_FFMPEG_CPU_S		 1200	/* RLIMIT_CPU of one run */
#define AC_FFMPEG_FSIZE_MAX	 (4LL * 1024 * 1024 * 1024)	/* RLIMIT_FSIZE */

struct ac_ffmpeg {
	int		 found;
	char		 path[1024];	/* absolute */
	char		 version[64];	/* "5.1.6-0+deb12u1", "" when unknown */
	int		 h264;		/* encoder libx264 present */
	int		 aac;		/* encoder aac present */
	char		 ffprobe[1024];	/* beside ffmpeg or on path; "" when none */
};

/*
 * Find ffmpeg on path (NULL: the process's PATH, read at start-up) and ask
 * it its version and encoders.  AC_OK, or AC_ERR_NOTFOUND (ff->found 0)
 * with a reason in err.
 */
enum ac_err	 ac_ffmpeg_probe(struct ac_ffmpeg *, const char *path,
		    struct ac_error *err);

/* An argument vector and the storage of its built arguments. */
struct ac_ffmpeg_argv {
	const char	*v[AC_FFMPEG_ARGV_MAX];
	size_t		 n;
	char		 in[1100];
	char		 out[1100];
	char		 ss[32];
	char		 t[32];
};

/*
 * TS (or any input ffmpeg reads) to MP4: stream copy with
 * aac_adtstoasc, or with reencode an H.264 + AAC encode.  0, or -1 when
 * a path is not acceptable.
 */
int		 ac_ffmpeg_ts_to_mp4_argv(const struct ac_ffmpeg *,
		    const char *in, const char *out, int reencode,
		    struct ac_ffmpeg_argv *);
/* A cut of [start, start + duration) seconds of in into an MP4. */
int		 ac_ffmpeg_cut_argv(const struct ac_ffmpeg *, const char *in,
		    double start, double duration, const char *out,
		    int reencode, struct ac_ffmpeg_argv *);
/*
 * Convert: stream copy first, re-encode when that fails (and the
 * encoders exist).  *reencoded tells which made out.  AC_OK, or an
 * error with ffmpeg's reason in err (out removed).
 */
enum ac_err	 ac_ffmpeg_ts_to_mp4(const struct ac_ffmpeg *, const char *in,
		    const char *out, int *reencoded, struct ac_error *err);
/* Whether a path is one these functions accept. */
int		 ac_ffmpeg_path_ok(const char *path);

/*
 * A clip of a local MPEG-TS: [start, start + duration) seconds from the
 * file's start, seeking on the output side (frame-exact with exact,
 * which re-encodes to H.264 + AAC; with stream copy start should be a
 * keyframe's time), +faststart, progress lines on stdout (-progress).
 */
int		 ac_ffmpeg_clip_argv(const struct ac_ffmpeg *, const char *in,
		    double start, double duration, const char *out, int exact,
		    struct ac_ffmpeg_argv *);
/*
 * Run a built vector; tick (may be NULL) sees ffmpeg's progress as
 * seconds of output written, about every 100 ms; non-zero stops ffmpeg
 * (AC_ERR_STOPPED).  AC_OK, or AC_ERR_IO with ffmpeg's reason in err.
 */
enum ac_err	 ac_ffmpeg_run(const struct ac_ffmpeg_argv *,
		    int (*tick)(void *arg, double out_s), void *arg,
		    struct ac_error *err);
/*
 * The video keyframes of a local file (ffprobe): their times in seconds
 * from the file's start, ascending, at most max.  AC_OK, AC_ERR_NOTFOUND
 * without ffprobe, AC_ERR_IO when it fails (reason in err).
 */
enum ac_err	 ac_ffmpeg_keyframes(const struct ac_ffmpeg *, const char *in,
		    double *times, size_t max, size_t *n, struct ac_error *err);

#endif /* !AC_PROC_H */
