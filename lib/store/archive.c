/* SPDX-License-Identifier: ISC */
/*
 * archive.c: the raw chat of a VOD kept as gzip NDJSON, one message a line,
 * in CHAT_STORAGE_DIR/<vod_id>.ndjson.gz or in the store.
 *
 * Files are written to ".<vod_id>.<pid>.XXXXXX.tmp" in the same directory,
 * fsync'd, renamed over the archive, and the directory fsync'd.  A crash
 * can leave such a temporary file; the next begin or delete of the same
 * VOD removes those whose process (pid in the name) no longer exists, so
 * a concurrent writer on this host keeps its own.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "store/backend.h"

#define ARCHIVE_SUFFIX	 ".ndjson.gz"
#define TEMP_SUFFIX	 ".tmp"
#define GZ_LEVEL	 6		/* zlib level: speed and size balanced */
#define GZ_BUFFER	 (256 * 1024)	/* gzip stream buffer */
#define MEM_ARCHIVE_MAX	 ((size_t)1 << 31)	/* compressed bytes kept in the store */

struct ac_archive_writer {
	struct ac_store	*store;		/* database mode when not NULL */
	char		 vod_id[AC_VOD_ID_MAX];
	/* files */
	char		 dir[PATH_MAX];
	char		 path[PATH_MAX];
	char		 tmp[PATH_MAX];
	int		 fd;
	gzFile		 gz;
	char		 features[PATH_MAX];	/* removed on commit */
	/* database */
	z_stream	 zs;
	int		 zinit;
	unsigned char	*mem;
	size_t		 memlen;
	size_t		 memcap;
	int		 failed;
};

/* Create dir and its parents, the last ones private (0700). */
static int
mkdirs(const char *dir)
{
	char	 buf[PATH_MAX];
	size_t	 i, len = strlen(dir);

	if (len == 0 || len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) == -1 && errno != EEXIST)
			return -1;
		buf[i] = i < len ? '/' : '\0';
	}
	return 0;
}

/* Remove temporary files of vod_id left by processes that are gone. */
static void
clean_stale(const char *dir, const char *vod_id)
{
	DIR		*d;
	struct dirent	*e;
	char		 prefix[AC_VOD_ID_MAX + 2], path[PATH_MAX], *end;
	size_t		 plen, nlen;
	long		 pid;

	if ((d = opendir(dir)) == NULL)
		return;
	plen = (size_t)snprintf(prefix, sizeof(prefix), ".%s.", vod_id);
	while ((e = readdir(d)) != NULL) {
		nlen = strlen(e->d_name);
		if (nlen <= plen + strlen(TEMP_SUFFIX) ||
		    strncmp(e->d_name, prefix, plen) != 0 ||
		    strcmp(e->d_name + nlen - strlen(TEMP_SUFFIX),
		    TEMP_SUFFIX) != 0)
			continue;
		errno = 0;
		pid = strtol(e->d_name + plen, &end, 10);
		if (errno != 0 || end == e->d_name + plen || *end != '.' ||
		    pid <= 0 || pid > INT_MAX)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;	/* alive (or not ours to judge) */
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    e->d_name) < sizeof(path))
			unlink(path);
	}
	closedir(d);
}

static enum ac_err
archive_path(const struct ac_settings *cf, const char *vod_id, char *buf,
    size_t size, struct ac_error *err)
{
	if (!ac_valid_vod_id(vod_id))
		return ac_error_set(err, AC_ERR_VALUE, "invalid VOD id");
	if (cf->chat_storage_dir == NULL || *cf->chat_storage_dir == '\0')
		return ac_error_set(err, AC_ERR_VALUE,
		    "CHAT_STORAGE_DIR is not set");
	if ((size_t)snprintf(buf, size, "%s/%s" ARCHIVE_SUFFIX,
	    cf->chat_storage_dir, vod_id) >= size)
		return ac_error_set(err, AC_ERR_VALUE,
		    "CHAT_STORAGE_DIR is too long");
	return AC_OK;
}

enum ac_err
ac_archive_begin(const struct ac_settings *cf, struct ac_store *st,
    const char *vod_id, struct ac_archive_writer **out, struct ac_error *err)
{
	struct ac_archive_writer	*w;
	enum ac_err			 rc;
	int				 gfd;

	*out = NULL;
	if (!ac_valid_vod_id(vod_id))
		return ac_error_set(err, AC_ERR_VALUE, "invalid VOD id");
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return AC_ERR_NOMEM;
	w->fd = -1;
	snprintf(w->vod_id, sizeof(w->vod_id), "%s", vod_id);
	if (ac__features_path(cf, vod_id, w->features, sizeof(w->features)) ==
	    -1)
		w->features[0] = '\0';
	if (cf->chat_storage_db) {
		if (st == NULL) {
			free(w);
			return ac_error_set(err, AC_ERR_VALUE,
			    "CHAT_STORAGE=database "
			    "needs a store");
		}
		w->store = st;
		/* windowBits 15 + 16: a gzip wrapper, as in the files. */
		if (deflateInit2(&w->zs, GZ_LEVEL, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			free(w);
			return AC_ERR_NOMEM;
		}
		w->zinit = 1;
		*out = w;
		return AC_OK;
	}
	if ((rc = archive_path(cf, vod_id, w->path, sizeof(w->path), err)) !=
	    AC_OK) {
		free(w);
		return rc;
	}
	snprintf(w->dir, sizeof(w->dir), "%s", cf->chat_storage_dir);
	if (mkdirs(w->dir) == -1) {
		ac_error_set(err, AC_ERR_IO, "%s: %s", w->dir, strerror(errno));
		free(w);
		return AC_ERR_IO;
	}
	clean_stale(w->dir, vod_id);
	if ((size_t)snprintf(w->tmp, sizeof(w->tmp), "%s/.%s.%ld.XXXXXX"
	    TEMP_SUFFIX, w->dir, vod_id, (long)getpid()) >= sizeof(w->tmp)) {
		ac_error_set(err, AC_ERR_VALUE, "CHAT_STORAGE_DIR is too long");
		free(w);
		return AC_ERR_VALUE;
	}
	if ((w->fd = mkstemps(w->tmp, (int)strlen(TEMP_SUFFIX))) == -1) {
		ac_error_set(err, AC_ERR_IO, "%s: %s", w->dir, strerror(errno));
		free(w);
		return AC_ERR_IO;
	}
	/* gzclose closes its descriptor; keep ours for fsync. */
	if ((gfd = dup(w->fd)) == -1 ||
	    (w->gz = gzdopen(gfd, "wb6")) == NULL) {
		ac_error_set(err, AC_ERR_IO, "%s: %s", w->tmp, strerror(errno));
		if (gfd != -1)
			close(gfd);
		unlink(w->tmp);
		close(w->fd);
		free(w);
		return AC_ERR_IO;
	}
	gzbuffer(w->gz, GZ_BUFFER);
	*out = w;
	return AC_OK;
}

/* Compress len bytes into the memory archive (flush: finish the stream). */
static int
mem_deflate(struct ac_archive_writer *w, const void *p, size_t len, int flush)
{
	unsigned char	*nm;
	size_t		 ncap;
	int		 zr;

	w->zs.next_in = (unsigned char *)(uintptr_t)p;
	w->zs.avail_in = (uInt)len;
	for (;;) {
		if (w->memcap - w->memlen < 65536) {
			ncap = w->memcap ? w->memcap * 2 : 1 << 20;
			if (ncap > MEM_ARCHIVE_MAX ||
			    (nm = realloc(w->mem, ncap)) == NULL)
				return -1;
			w->mem = nm;
			w->memcap = ncap;
		}
		w->zs.next_out = w->mem + w->memlen;
		w->zs.avail_out = (uInt)(w->memcap - w->memlen);
		zr = deflate(&w->zs, flush ? Z_FINISH : Z_NO_FLUSH);
		w->memlen = w->memcap - w->zs.avail_out;
		if (zr == Z_STREAM_END)
			return 0;
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			return -1;
		if (!flush && w->zs.avail_in == 0)
			return 0;
	}
}

static int
put(struct ac_archive_writer *w, const char *p, size_t len)
{
	if (len == 0)
		return 0;
	if (w->store != NULL)
		return mem_deflate(w, p, len, 0);
	return gzwrite(w->gz, p, (unsigned)len) == (int)len ? 0 : -1;
}

enum ac_err
ac_archive_add(struct ac_archive_writer *w, const char *raw, size_t len)
{
	const char	*p, *e, *nl;

	if (w->failed)
		return AC_ERR_IO;
	/*
	 * A JSON text holds raw CR and LF only between tokens (never in a
	 * string), so each becomes a space and the message stays one line.
	 */
	for (p = raw, e = raw + len; p < e; p = nl + 1) {
		for (nl = p; nl < e && *nl != '\n' && *nl != '\r'; nl++)
			continue;
		if (put(w, p, (size_t)(nl - p)) == -1 ||
		    put(w, nl < e ? " " : "\n", 1) == -1) {
			w->failed = 1;
			return w->store != NULL ? AC_ERR_NOMEM : AC_ERR_IO;
		}
		if (nl == e)
			break;
	}
	return AC_OK;
}

int
ac_archive_add_msg(void *w, const struct ac_msg *m)
{
	return ac_archive_add(w, m->raw, m->raw_len) == AC_OK ? 0 : -1;
}

static void
writer_free(struct ac_archive_writer *w)
{
	if (w->zinit)
		deflateEnd(&w->zs);
	free(w->mem);
	free(w);
}

enum ac_err
ac_archive_commit(struct ac_archive_writer *w, struct ac_error *err)
{
	enum ac_err	 rc;
	int		 dfd, zr;

	if (w->failed) {
		ac_error_set(err, AC_ERR_IO, "writing the archive failed");
		ac_archive_abort(w);
		return AC_ERR_IO;
	}
	if (w->store != NULL) {
		if (mem_deflate(w, NULL, 0, 1) == -1) {
			ac_error_set(err, AC_ERR_NOMEM,
			    "compressing the archive "
			    "failed");
			writer_free(w);
			return AC_ERR_NOMEM;
		}
		rc = w->store->ops->archive_put(w->store, w->vod_id, w->mem,
		    w->memlen, err);
		if (rc == AC_OK && w->features[0] != '\0')
			unlink(w->features);
		writer_free(w);
		return rc;
	}
	zr = gzclose(w->gz);
	w->gz = NULL;
	if (zr != Z_OK) {
		ac_error_set(err, AC_ERR_IO, "%s: writing failed", w->tmp);
		goto fail;
	}
	if (fsync(w->fd) == -1 || close(w->fd) == -1) {
		w->fd = -1;
		ac_error_set(err, AC_ERR_IO, "%s: %s", w->tmp, strerror(errno));
		goto fail;
	}
	w->fd = -1;
	if (rename(w->tmp, w->path) == -1) {
		ac_error_set(err, AC_ERR_IO, "%s: %s", w->path,
		    strerror(errno));
		goto fail;
	}
	if (w->features[0] != '\0')
		unlink(w->features);	/* built from the archive replaced */
	/* Make the rename itself durable. */
	if ((dfd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	writer_free(w);
	return AC_OK;
fail:
	ac_archive_abort(w);
	return AC_ERR_IO;
}

enum ac_err
ac_archive_retarget(struct ac_archive_writer *w, const struct ac_settings *cf,
    const char *vod_id, struct ac_error *err)
{
	enum ac_err	 rc;

	if (!ac_valid_vod_id(vod_id))
		return ac_error_set(err, AC_ERR_VALUE, "invalid VOD id");
	if (w->store == NULL && (rc = archive_path(cf, vod_id, w->path,
	    sizeof(w->path), err)) != AC_OK)
		return rc;
	snprintf(w->vod_id, sizeof(w->vod_id), "%s", vod_id);
	if (ac__features_path(cf, vod_id, w->features, sizeof(w->features)) ==
	    -1)
		w->features[0] = '\0';
	return AC_OK;
}

void
ac_archive_abort(struct ac_archive_writer *w)
{
	if (w == NULL)
		return;
	if (w->store == NULL) {
		if (w->gz != NULL)
			gzclose(w->gz);
		if (w->fd != -1)
			close(w->fd);
		unlink(w->tmp);
	}
	writer_free(w);
}

enum ac_err
ac_archive_read(const struct ac_settings *cf, struct ac_store *st,
    const char *vod_id, ac_msg_fn fn, void *arg, struct ac_chat_stats *stats,
    struct ac_error *err)
{
	struct ac_vod	 vod;
	struct ac_memsrc m;
	struct stat	 sb;
	char		 path[PATH_MAX];
	void		*data;
	size_t		 len;
	enum ac_err	 rc;

	ac_vod_init(&vod);
	if (cf->chat_storage_db) {
		if (st == NULL || !ac_valid_vod_id(vod_id))
			return ac_error_set(err, AC_ERR_VALUE,
			    "invalid VOD id or no store");
		if ((rc = st->ops->archive_get(st, vod_id, &data,
		    &len, err)) == AC_ERR_NOTFOUND)
			return ac_error_set(err, rc, "no chat archive");
		if (rc != AC_OK)
			return rc;
		memset(&m, 0, sizeof(m));
		m.s = (const char *)data;
		m.len = len;
		rc = ac_chat_read(ac_mem_read, &m, fn, arg, &vod, stats, err);
		free(data);
		return rc;
	}
	if ((rc = archive_path(cf, vod_id, path, sizeof(path), err)) != AC_OK)
		return rc;
	if (stat(path, &sb) == -1)
		return ac_error_set(err, errno == ENOENT ? AC_ERR_NOTFOUND :
		    AC_ERR_IO, "%s: %s", path, strerror(errno));
	return ac_chat_read_path(path, fn, arg, &vod, stats, err);
}

enum ac_err
ac_archive_delete(const struct ac_settings *cf, struct ac_store *st,
    const char *vod_id, struct ac_error *err)
{
	char		 path[PATH_MAX];
	enum ac_err	 rc;

	ac_features_delete(cf, vod_id);
	if (cf->chat_storage_db) {
		if (st == NULL || !ac_valid_vod_id(vod_id))
			return AC_ERR_VALUE;
		return st->ops->archive_delete(st, vod_id, err);
	}
	if ((rc = archive_path(cf, vod_id, path, sizeof(path), NULL)) !=
	    AC_OK)
		return rc;
	clean_stale(cf->chat_storage_dir, vod_id);
	if (unlink(path) == -1)
		return errno == ENOENT ? AC_ERR_NOTFOUND : AC_ERR_IO;
	return AC_OK;
}
