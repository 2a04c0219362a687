/* SPDX-License-Identifier: ISC */
/*
 * video.c: video.fcgi, the /api/video endpoints: ffmpeg's health, TS to
 * MP4 conversion of an upload, and removal of stale temporary files.
 *
 * Files live under DATA_DIR: uploads in tmp/ ("upload-*.ts"), converted
 * files in media/ ("convert-*.mp4").  Their names are made here from the
 * process id, the clock, a counter and random bytes; no user text ever
 * reaches a path.  With SENDFILE=x-sendfile (read at start) the web
 * server sends the MP4 (lighttpd x-sendfile, Apache mod_xsendfile) and
 * the file stays until DELETE /api/video/cleanup finds it stale;
 * otherwise it is streamed in chunks and removed at once.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"
#include "proc/proc.h"
#include "work/work.h"
#include "api.h"

#define VIDEO_BODY_MAX		 (512ULL * 1024 * 1024)	/* bytes of one upload */
#define VIDEO_CHUNK		 (256 * 1024)	/* bytes per read and write */
#define VIDEO_NAME_MAX		 200	/* bytes of the asked file name */
#define CLEANUP_AGE_DEFAULT	 60	/* minutes */
#define CLEANUP_AGE_MAX		 (7 * 24 * 60)

enum { CKEY_FILENAME, CKEY__MAX };
static const struct ac_key convert_keys[CKEY__MAX] = {
	{ "filename", AC_KIND_FILENAME, 0, VIDEO_NAME_MAX, NULL },
};

enum { LKEY_AGE, LKEY__MAX };
static const struct ac_key cleanup_keys[LKEY__MAX] = {
	{ "max_age_minutes", AC_KIND_INT, 0, CLEANUP_AGE_MAX, NULL },
};

/* SENDFILE=x-sendfile: the web server sends the file. */
static int
use_sendfile(const struct api *a)
{
	return !a->bad && a->set.sendfile;
}

/* GET /api/video/health: whether ffmpeg can serve conversions. */
static void
h_health(struct ac_req *req, void *ctx)
{
	struct api		*a = ctx;
	struct json_object	*o, *f, *enc;

	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string(
	    a->ff.found ? "ok" : "unavailable"));
	f = json_object_new_object();
	json_object_object_add(f, "found", json_object_new_boolean(a->ff.found));
	json_object_object_add(f, "version", a->ff.found &&
	    a->ff.version[0] != '\0' ? json_object_new_string(a->ff.version) :
	    NULL);
	enc = json_object_new_object();
	json_object_object_add(enc, "h264", json_object_new_boolean(a->ff.h264));
	json_object_object_add(enc, "aac", json_object_new_boolean(a->ff.aac));
	json_object_object_add(f, "encoders", enc);
	json_object_object_add(o, "ffmpeg", f);
	json_object_object_add(o, "sendfile", json_object_new_boolean(
	    use_sendfile(a)));
	ac_reply_json(req, a->ff.found ? 200 : 503, o);
	json_object_put(o);
}

/* The upload being received. */
struct upload {
	int		 fd;
	uint64_t	 bytes;
	int		 write_failed;
	char		 name[256];	/* the part's file name, sanitised */
};

static int
upload_file(void *arg, struct ac_req *req, const struct ac_mp_part *part,
    ac_read_fn rd, void *rdarg)
{
	struct upload	*u = arg;
	char		*buf;
	ssize_t		 n, w;
	size_t		 off;

	if (part->has_filename && part->filename[0] != '\0')
		ac_valid_filename(part->filename, u->name, sizeof(u->name));
	if ((buf = malloc(VIDEO_CHUNK)) == NULL) {
		ac_reply_fail(req, "internal_error", "out of memory");
		return -1;
	}
	while ((n = rd(rdarg, buf, VIDEO_CHUNK)) > 0) {
		for (off = 0; off < (size_t)n; off += (size_t)w)
			if ((w = write(u->fd, buf + off, (size_t)n - off)) ==
			    -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				ac_req_log(req, __func__, "write: %s",
				    strerror(errno));
				ac_reply_fail(req, "storage_failed",
				    "the upload could not be stored");
				free(buf);
				return -1;
			}
		u->bytes += (uint64_t)n;
	}
	free(buf);
	/* A failed read is answered by the caller (truncated, malformed). */
	return n < 0 ? -1 : 0;
}

/* Send the converted file; it is removed unless the server sends it. */
static void
answer_file(struct ac_req *req, struct api *a, const char *path)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 n;
	int		 fd;

	if (use_sendfile(a)) {
		ac_reply_sendfile(req, "video/mp4", path);
		return;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    fstat(fd, &sb) == -1 || (buf = malloc(VIDEO_CHUNK)) == NULL) {
		ac_req_log(req, __func__, "%s: %s", path, strerror(errno));
		ac_reply_fail(req, "internal_error",
		    "internal error (see the server log)");
		if (fd != -1)
			close(fd);
		unlink(path);
		return;
	}
	/* Gone from the directory now; the descriptor keeps it readable. */
	unlink(path);
	if (ac_reply_begin(req, 200, "video/mp4", (int64_t)sb.st_size) == 0)
		while ((n = read(fd, buf, VIDEO_CHUNK)) > 0)
			if (ac_reply_write(req, buf, (size_t)n) == -1)
				break;
	free(buf);
	close(fd);
}

/*
 * POST /api/video/convert/ts-to-mp4?filename=NAME, multipart field
 * "file": 200 the MP4 as an attachment named NAME (or the part's file
 * name) with ".mp4"; 400 no or an empty file, 415 not multipart, 422
 * ffmpeg could not make an MP4 of it, 503 ffmpeg missing.
 */
static void
h_convert(struct ac_req *req, void *ctx)
{
	struct api	*a = ctx;
	struct upload	 u;
	struct ac_value	 vals[1];
	char		 tmpdir[PATH_MAX], mediadir[PATH_MAX];
	char		 in[PATH_MAX], out[PATH_MAX];
	struct ac_error	 ebuf;
	struct ac_error	 err;
	char		 name[256], file[256 + 8], *dot;
	int		 reencoded, keep_out = 0;

	memset(&u, 0, sizeof(u));
	u.fd = -1;
	in[0] = out[0] = '\0';
	if (!a->ff.found) {
		ac_reply_fail(req, "ffmpeg_unavailable",
		    "ffmpeg is not installed on the server");
		return;
	}
	if (!ac_req_is_type(req, "multipart/form-data")) {
		ac_reply_fail(req, "unsupported_media_type",
		    "Content-Type must be multipart/form-data");
		return;
	}
	/* What earlier runs left: converted MP4s served, dead uploads. */
	ac_cleanup_next_run(&a->set, AC_CLEAN_VIDEO);
	memset(&err, 0, sizeof(err));
	if (ac_media_dir(&a->set, AC_MEDIA_TMP, tmpdir, sizeof(tmpdir),
	    &err) != AC_OK ||
	    ac_media_dir(&a->set, AC_MEDIA_OUT, mediadir, sizeof(mediadir),
	    &err) != AC_OK ||
	    ac_media_name(tmpdir, "upload", "ts", in, sizeof(in)) != AC_OK ||
	    ac_media_name(mediadir, "convert", "mp4", out, sizeof(out)) !=
	    AC_OK || (u.fd = open(in, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		if (err.text[0] == '\0')
			snprintf(err.text, sizeof(err.text), "%s: %s", in,
			    strerror(errno));
		ac_req_log(req, __func__, "%s", err.text);
		in[0] = out[0] = '\0';
		ac_reply_fail(req, "storage_failed",
		    "the upload could not be stored");
		return;
	}
	if (ac_req_upload(req, "file", upload_file, &u, NULL, 0, vals) == -1)
		goto out;
	if (close(u.fd) == -1) {
		u.fd = -1;
		ac_reply_fail(req, "storage_failed",
		    "the upload could not be stored");
		goto out;
	}
	u.fd = -1;
	if (u.bytes == 0) {
		ac_reply_fail(req, "empty_file", "the file is empty");
		goto out;
	}
	if (ac_ffmpeg_ts_to_mp4(&a->ff, in, out, &reencoded, &ebuf) != AC_OK) {
		ac_req_log(req, __func__, "%s", ebuf.text);
		ac_reply_fail(req, "conversion_failed",
		    "ffmpeg could not make an MP4 of the file");
		goto out;
	}
	unlink(in);
	in[0] = '\0';
	/* The name the client sees: asked, else the part's, else "video". */
	snprintf(name, sizeof(name), "%s",
	    req->query[CKEY_FILENAME].present ? req->query[CKEY_FILENAME].s :
	    u.name[0] != '\0' ? u.name : "video");
	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	snprintf(file, sizeof(file), "%.*s.mp4", (int)(sizeof(file) - 5), name);
	ac_reply_attachment(req, file);
	ac_reply_header(req, "X-Autoclip-Conversion", reencoded ? "reencode" :
	    "copy");
	keep_out = use_sendfile(a);
	answer_file(req, a, out);
out:
	if (u.fd != -1)
		close(u.fd);
	if (in[0] != '\0')
		unlink(in);
	if (out[0] != '\0' && !keep_out)
		unlink(out);
}

/*
 * DELETE /api/video/cleanup?max_age_minutes=N (default 60): remove every
 * temporary an interrupted run left (ac_cleanup: chat archives being
 * written, uploads, converted MP4s) whose process is gone or that is
 * older than that, clip exports not downloaded for that long, and mark
 * streams of killed imports failed (when the database can be used);
 * {"removed", "bytes", "streams_failed"}.
 */
static void
h_cleanup(struct ac_req *req, void *ctx)
{
	struct ac_error	 dberr = { 0 };
	struct api		*a = ctx;
	struct json_object	*o;
	struct ac_store		*st;
	struct ac_cleanup	 c;
	int64_t			 age;
	enum ac_err		 e;

	if (a->bad) {
		(void)api_store(req, a);	/* 500: the settings are bad */
		return;
	}
	/* Files need no database; stuck streams are looked at when it is up. */
	st = api_store_try(a);
	age = req->query[LKEY_AGE].present ? req->query[LKEY_AGE].i :
	    CLEANUP_AGE_DEFAULT;
	if ((e = ac_cleanup(&a->set, st, (double)age * 60, &c, &dberr)) !=
	    AC_OK) {
		api_store_error(req, e, &dberr, __func__, "");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "removed", json_object_new_int64(c.files));
	json_object_object_add(o, "bytes", json_object_new_int64(c.bytes));
	json_object_object_add(o, "streams_failed",
	    json_object_new_int64(c.streams));
	ac_reply_json(req, 200, o);
	json_object_put(o);
}

static const struct ac_route routes[] = {
	{ AC_METHOD_GET, "/api/video/health", h_health, NULL, 0,
	    AC_BODY_NONE, 0, 0 },
	{ AC_METHOD_POST, "/api/video/convert/ts-to-mp4", h_convert,
	    convert_keys, CKEY__MAX, AC_BODY_REQUIRED, VIDEO_BODY_MAX,
	    AC_ROUTE_WRITE },
	{ AC_METHOD_DELETE, "/api/video/cleanup", h_cleanup, cleanup_keys,
	    LKEY__MAX, AC_BODY_NONE, 0, AC_ROUTE_WRITE },
};

const struct api_program api_program = {
	"video.fcgi", routes, API_NROUTES(routes), API_FFMPEG
};
