/* SPDX-License-Identifier: ISC */
/*
 * features.c: a stored VOD's per-message features, kept in
 * CHAT_STORAGE_DIR/<vod_id>.features beside (or, with the archive in the
 * database, instead of) its chat archive, and the analysis of a stored
 * VOD from them.
 *
 * The file is a cache: the engine's feature header and records, stamped
 * with the archive file's size and modification time.  A file of another
 * scorer version (AC_FEATURES_VERSION), of another archive, or unreadable
 * is rebuilt from the archive; committing or deleting an archive removes
 * it.  It is written to a temporary name in the same directory (the
 * archive's pattern, so stale ones are cleaned alike) and renamed.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"

#define FEATURES_SUFFIX	 ".features"
#define ARCHIVE_SUFFIX	 ".ndjson.gz"
#define FEATURES_MAX	 ((size_t)1 << 34)	/* bytes of records read at most */

static int
path_of(const struct ac_settings *cf, const char *vod_id, const char *suffix,
    char *buf, size_t size)
{
	if (!ac_valid_vod_id(vod_id) || cf->chat_storage_dir == NULL ||
	    *cf->chat_storage_dir == '\0')
		return -1;
	if ((size_t)snprintf(buf, size, "%s/%s%s", cf->chat_storage_dir,
	    vod_id, suffix) >= size)
		return -1;
	return 0;
}

int
ac__features_path(const struct ac_settings *cf, const char *vod_id,
    char *buf, size_t size)
{
	return path_of(cf, vod_id, FEATURES_SUFFIX, buf, size);
}

/*
 * What the features were built from: the archive file's size and mtime
 * (0 in the database).  -1 when the archive file is not there.
 */
static int
archive_stamp(const struct ac_settings *cf, const char *vod_id,
    uint64_t stamp[2])
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	stamp[0] = stamp[1] = 0;
	if (cf->chat_storage_db)
		return 0;
	if (path_of(cf, vod_id, ARCHIVE_SUFFIX, path, sizeof(path)) == -1 ||
	    stat(path, &sb) == -1)
		return -1;
	stamp[0] = (uint64_t)sb.st_size;
	stamp[1] = (uint64_t)sb.st_mtim.tv_sec * 1000000000u +
	    (uint64_t)sb.st_mtim.tv_nsec;
	return 0;
}

static int
read_full(int fd, void *buf, size_t len)
{
	char	*p = buf;
	ssize_t	 n;

	while (len > 0) {
		if ((n = read(fd, p, len > (1 << 30) ? (1 << 30) : len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_full(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len > (1 << 30) ? (1 << 30) : len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* An analysis from the VOD's feature file, or NULL (missing, stale, bad). */
static struct ac_hype *
features_load(const struct ac_settings *cf, const char *vod_id,
    const struct ac_hype_config *cfg, const uint64_t stamp[2])
{
	struct ac_features_head	 head;
	struct ac_hype		*h = NULL;
	struct stat		 sb;
	char			 path[PATH_MAX];
	void			*recs = NULL;
	size_t			 len;
	int			 fd;

	if (path_of(cf, vod_id, FEATURES_SUFFIX, path, sizeof(path)) == -1 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size < sizeof(head) ||
	    (size_t)sb.st_size - sizeof(head) > FEATURES_MAX ||
	    read_full(fd, &head, sizeof(head)) == -1 ||
	    head.stamp[0] != stamp[0] || head.stamp[1] != stamp[1] ||
	    head.version != AC_FEATURES_VERSION)
		goto out;
	len = (size_t)sb.st_size - sizeof(head);
	if ((recs = malloc(len ? len : 1)) == NULL ||
	    read_full(fd, recs, len) == -1)
		goto out;
	if ((h = ac_hype_from_features(cfg, &head, recs, len)) != NULL)
		recs = NULL;
out:
	free(recs);
	close(fd);
	return h;
}

/* Write the VOD's feature file from an analysis not finished yet; best effort. */
static void
features_save(const struct ac_settings *cf, const char *vod_id,
    struct ac_hype *h, const uint64_t stamp[2])
{
	struct ac_features_head	 head;
	const void		*recs;
	char			 path[PATH_MAX], tmp[PATH_MAX];
	size_t			 len;
	int			 fd;

	if (path_of(cf, vod_id, FEATURES_SUFFIX, path, sizeof(path)) == -1 ||
	    ac_hype_features(h, &head, &recs, &len) != AC_OK)
		return;
	head.stamp[0] = stamp[0];
	head.stamp[1] = stamp[1];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.XXXXXX.tmp",
	    cf->chat_storage_dir, vod_id, (long)getpid()) >= sizeof(tmp) ||
	    (fd = mkstemps(tmp, 4)) == -1)
		return;
	if (write_full(fd, &head, sizeof(head)) == -1 ||
	    write_full(fd, recs, len) == -1 || close(fd) == -1 ||
	    rename(tmp, path) == -1) {
		unlink(tmp);
		return;
	}
}

/* A feature file written before its archive is committed (an import). */
struct ac_features_writer {
	struct ac_features_head	 head;
	char			 tmp[PATH_MAX];
	int			 fd;
};

struct ac_features_writer *
ac_features_begin(const struct ac_settings *cf, const char *vod_id,
    struct ac_hype *h)
{
	struct ac_features_writer	*w;
	const void			*recs;
	size_t				 len;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->fd = -1;
	if (!ac_valid_vod_id(vod_id) || cf->chat_storage_dir == NULL ||
	    ac_hype_features(h, &w->head, &recs, &len) != AC_OK ||
	    (size_t)snprintf(w->tmp, sizeof(w->tmp), "%s/.%s.%ld.XXXXXX.tmp",
	    cf->chat_storage_dir, vod_id, (long)getpid()) >= sizeof(w->tmp) ||
	    (w->fd = mkstemps(w->tmp, 4)) == -1) {
		free(w);
		return NULL;
	}
	if (write_full(w->fd, &w->head, sizeof(w->head)) == -1 ||
	    write_full(w->fd, recs, len) == -1) {
		ac_features_abort(w);
		return NULL;
	}
	return w;
}

void
ac_features_commit(struct ac_features_writer *w,
    const struct ac_settings *cf, const char *vod_id)
{
	char	 path[PATH_MAX];

	if (w == NULL)
		return;
	if (archive_stamp(cf, vod_id, w->head.stamp) == -1 ||
	    path_of(cf, vod_id, FEATURES_SUFFIX, path, sizeof(path)) == -1 ||
	    pwrite(w->fd, &w->head, sizeof(w->head), 0) !=
	    (ssize_t)sizeof(w->head) || close(w->fd) == -1) {
		ac_features_abort(w);
		return;
	}
	w->fd = -1;
	if (rename(w->tmp, path) == -1)
		unlink(w->tmp);
	free(w);
}

void
ac_features_abort(struct ac_features_writer *w)
{
	if (w == NULL)
		return;
	if (w->fd != -1)
		close(w->fd);
	unlink(w->tmp);
	free(w);
}

void
ac_features_delete(const struct ac_settings *cf, const char *vod_id)
{
	char	 path[PATH_MAX];

	if (path_of(cf, vod_id, FEATURES_SUFFIX, path, sizeof(path)) == 0)
		unlink(path);
}

enum ac_err
ac_archive_analyze(const struct ac_settings *cf, struct ac_store *st,
    const char *vod_id, const struct ac_hype_config *cfg,
    const struct ac_vod *vod, int top, struct ac_result *res,
    struct ac_chat_stats *stats, struct ac_error *err, int *cached)
{
	return ac_archive_analyze_learned(cf, st, vod_id, cfg, vod, top, NULL,
	    res, stats, err, cached);
}

enum ac_err
ac_archive_analyze_learned(const struct ac_settings *cf, struct ac_store *st,
    const char *vod_id, const struct ac_hype_config *cfg,
    const struct ac_vod *vod, int top, const struct ac_learned *learned,
    struct ac_result *res, struct ac_chat_stats *stats,
    struct ac_error *err, int *cached)
{
	struct ac_hype	*h;
	uint64_t	 stamp[2];
	enum ac_err	 rc;

	memset(res, 0, sizeof(*res));
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if (cached != NULL)
		*cached = 0;
	if (archive_stamp(cf, vod_id, stamp) == 0 &&
	    (h = features_load(cf, vod_id, cfg, stamp)) != NULL) {
		if (cached != NULL)
			*cached = 1;
	} else {
		if ((h = ac_hype_new(cfg)) == NULL)
			return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		rc = ac_archive_read(cf, st, vod_id, ac_hype_add, h, stats,
		    err);
		if (rc != AC_OK) {
			ac_hype_free(h);
			return rc;
		}
		features_save(cf, vod_id, h, stamp);
	}
	ac_hype_learned(h, learned);
	rc = ac_hype_finish(h, vod, top, res);
	ac_hype_free(h);
	if (rc != AC_OK)
		return ac_error_set(err, rc, "the analysis failed");
	return AC_OK;
}
