/* SPDX-License-Identifier: ISC */
/*
 * export_files.c: where an export's MP4 lives (export.c makes it): the
 * exports directory and final paths, whether a done job's file can be
 * sent, the last download time, the disk budget, the sweep of what dead
 * runs left (and a dead run's work directory taken over), the download
 * name, reading it back from disk or the database, and the database copy
 * within EXPORT_MAX_BYTES.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "engine/engine.h"
#include "store/store.h"
#include "kick/kick.h"
#include "proc/proc.h"
#include "work/work.h"

/* DATA_DIR/exports, created (0700) when missing. */
int
ac__export_dir(const struct ac_settings *cf, char *out, size_t size)
{
	int	 n;

	n = snprintf(out, size, "%s/" AC_EXPORTS_DIR, cf->data_dir);
	if (n < 0 || (size_t)n >= size)
		return -1;
	if ((mkdir(cf->data_dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(out, 0700) == -1 && errno != EEXIST))
		return -1;
	return 0;
}

/* The final file of an export: exports/clip<ID>-<hash of params>.mp4. */
int
ac__export_final_path(const struct ac_settings *cf, int64_t clip,
    const char *params, char *out, size_t size)
{
	char	 dir[PATH_MAX];
	int	 n;

	if (ac__export_dir(cf, dir, sizeof(dir)) == -1)
		return -1;
	n = snprintf(out, size, "%s/clip%lld-%016llx.mp4", dir, (long long)clip,
	    (unsigned long long)ac__hash64(params, strlen(params), 0xc11b));
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/*
 * Whether the finished export of job j can be sent: on this node's disk,
 * else (CHAT_STORAGE=database) complete in the database; fills f.
 */
int
ac__export_file_of(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, int64_t clip, struct ac_export_file *f)
{
	struct stat	 sb;
	int64_t		 bytes;
	int		 cs;

	memset(f, 0, sizeof(*f));
	f->job_id = j->id;
	if (ac__export_final_path(cf, clip, j->params, f->path,
	    sizeof(f->path)) == -1)
		return 0;
	if (lstat(f->path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		f->size = (int64_t)sb.st_size;
		f->mtime = (double)sb.st_mtime;
	} else if (cf->chat_storage_db && st != NULL &&
	    ac_store_blob_info(st, j->id, &bytes, &cs, NULL) == AC_OK) {
		f->in_db = 1;
		f->chunk_size = cs;
		f->size = bytes;
	} else
		return 0;
	snprintf(f->etag, sizeof(f->etag), "\"j%lld-%lld\"", (long long)j->id,
	    (long long)f->size);
	return 1;
}

void
ac_export_touch(struct ac_store *st, const struct ac_export_file *f)
{
	struct timespec	 ts[2];

	if (f->in_db && st != NULL)
		(void)ac_store_blob_touch(st, f->job_id, NULL);
	if (f->in_db)
		return;

	/* Last download = access time; the modification time stays. */
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[1].tv_sec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	(void)utimensat(AT_FDCWD, f->path, ts, 0);
}

/* --- the disk budget --------------------------------------------------- */

/* Whether a name is a finished export of ours: clip<digits>-<16 hex>.mp4. */
static int
is_export_name(const char *n)
{
	size_t	 len = strlen(n), d;

	if (strncmp(n, "clip", 4) != 0 || len < 4 + 1 + 1 + 16 + 4)
		return 0;
	d = strspn(n + 4, "0123456789");
	if (d == 0 || n[4 + d] != '-' ||
	    strspn(n + 5 + d, "0123456789abcdef") != 16)
		return 0;
	return strcmp(n + 5 + d + 16, ".mp4") == 0;
}

int64_t
ac_export_evict(const struct ac_settings *cf, const char *keep,
    int64_t *total_out)
{
	char		 dir[PATH_MAX], path[PATH_MAX], oldest[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	int64_t		 total, freed = 0, osize;
	double		 oat, at;

	if (ac__export_dir(cf, dir, sizeof(dir)) == -1)
		return -1;
	for (;;) {
		if ((d = opendir(dir)) == NULL)
			return -1;
		total = 0;
		oldest[0] = '\0';
		oat = 0;
		osize = 0;
		while ((de = readdir(d)) != NULL) {
			if (!is_export_name(de->d_name) ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
			    de->d_name) >= (int)sizeof(path) ||
			    lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
				continue;
			total += (int64_t)sb.st_size;
			if (keep != NULL && strcmp(path, keep) == 0)
				continue;
			at = (double)sb.st_atim.tv_sec +
			    (double)sb.st_atim.tv_nsec / 1e9;
			if (oldest[0] == '\0' || at < oat) {
				snprintf(oldest, sizeof(oldest), "%s", path);
				oat = at;
				osize = (int64_t)sb.st_size;
			}
		}
		closedir(d);
		if (total <= cf->export_max_bytes || oldest[0] == '\0')
			break;
		if (unlink(oldest) == 0)
			freed += osize;
		else
			break;
	}
	if (total_out != NULL)
		*total_out = total;
	return freed;
}

/* Whether a "work-J-PID" or ".part-J-PID.mp4" name belongs to a live process. */
static int
owner_alive(const char *n)
{
	const char	*dash;
	long		 pid;

	if ((dash = strrchr(n, '-')) == NULL)
		return 0;
	pid = strtol(dash + 1, NULL, 10);
	if (pid <= 1)
		return 0;
	return pid == (long)getpid() || kill((pid_t)pid, 0) == 0 ||
	    errno != ESRCH;
}

/* Remove a directory of plain files (our work directory). */
void
ac__export_work_rm(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    de->d_name) < (int)sizeof(path))
				(void)unlink(path);
		}
		closedir(d);
	}
	(void)rmdir(dir);
}

/* Whether "work-J-PID" belongs to a job still queued or running (to resume). */
static int
work_job_active(struct ac_store *st, const char *name)
{
	struct ac_job	 j;
	long long	 id;

	if (st == NULL || sscanf(name, "work-%lld-", &id) != 1 || id <= 0 ||
	    ac_store_job_get(st, (int64_t)id, &j, NULL) != AC_OK)
		return 0;
	return j.state == AC_JOB_QUEUED || j.state == AC_JOB_RUNNING;
}

int
ac_export_sweep(const struct ac_settings *cf, struct ac_store *st,
    double min_age_s, int all, int64_t *removed, int64_t *bytes)
{
	char		 dir[PATH_MAX], path[PATH_MAX], pidname[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	time_t		 now = time(NULL);
	size_t		 len;

	/* Nothing exported yet: nothing to sweep (and nothing made). */
	if (snprintf(dir, sizeof(dir), "%s/" AC_EXPORTS_DIR, cf->data_dir) >=
	    (int)sizeof(dir))
		return -1;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path) || lstat(path, &sb) == -1)
			continue;
		if (strncmp(de->d_name, "work-", 5) == 0 && S_ISDIR(sb.st_mode)) {
			/* A dead worker's job taken again resumes from it. */
			if (owner_alive(de->d_name) ||
			    work_job_active(st, de->d_name))
				continue;
			ac__export_work_rm(path);
			(*removed)++;
		} else if (strncmp(de->d_name, ".part-", 6) == 0 &&
		    S_ISREG(sb.st_mode)) {
			len = strlen(de->d_name);
			if (len < 10)
				continue;
			snprintf(pidname, sizeof(pidname), "%.*s",
			    (int)(len - 4), de->d_name);
			if (owner_alive(pidname))
				continue;
			if (unlink(path) == 0) {
				(*removed)++;
				*bytes += (int64_t)sb.st_size;
			}
		} else if (all && is_export_name(de->d_name) &&
		    S_ISREG(sb.st_mode) &&
		    difftime(now, sb.st_atime) >= min_age_s) {
			if (unlink(path) == 0) {
				(*removed)++;
				*bytes += (int64_t)sb.st_size;
			}
		}
	}
	closedir(d);
	return 0;
}

/*
 * A work directory of this job left by a process that is gone becomes
 * ours (to), so that the segments it saved are not fetched again.
 */
void
ac__export_work_adopt(const char *dir, int64_t job, const char *to)
{
	DIR		*d;
	struct dirent	*de;
	char		 prefix[64], path[PATH_MAX];
	size_t		 pl;

	snprintf(prefix, sizeof(prefix), "work-%lld-", (long long)job);
	pl = strlen(prefix);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, pl) != 0 ||
		    strspn(de->d_name + pl, "0123456789") !=
		    strlen(de->d_name + pl) || owner_alive(de->d_name))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) <
		    (int)sizeof(path) && rename(path, to) == 0)
			break;
	}
	closedir(d);
}

char *
ac_export_filename(const struct ac_stream *s, const struct ac_stored_clip *c,
    char *out, size_t size)
{
	char	 raw[256], safe[160], t[32];
	char	*w, *r;
	int	 sec;

	if (size == 0)
		return out;
	sec = c->start > 0 && c->start < 1e7 ? (int)c->start : 0;
	snprintf(t, sizeof(t), "%dh%02dm%02ds", sec / 3600, sec / 60 % 60,
	    sec % 60);
	snprintf(raw, sizeof(raw), "%.60s_%.80s_%s", s->channel[0] != '\0' ?
	    s->channel : "clip", s->title, t);
	ac_valid_filename(raw, safe, sizeof(safe) - 4);
	/* Runs of '_' (spaces, accents, emoji) become one. */
	for (r = w = safe; *r != '\0'; r++)
		if (*r != '_' || w == safe || w[-1] != '_')
			*w++ = *r;
	*w = '\0';
	snprintf(out, size, "%s.mp4", safe);
	return out;
}

int
ac_export_open(const struct ac_export_file *f, struct ac_store *st,
    struct ac_export_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->cur = -1;
	if (!f->in_db) {
		if ((r->fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) ==
		    -1)
			return -1;
		return 0;
	}
	if (f->chunk_size <= 0 || f->chunk_size > AC_STORE_BLOB_CHUNK ||
	    (r->chunk = malloc((size_t)f->chunk_size)) == NULL)
		return -1;
	r->st = st;
	r->job_id = f->job_id;
	r->chunk_size = f->chunk_size;
	r->size = f->size;
	return 0;
}

ssize_t
ac_export_pread(void *arg, void *buf, size_t n, int64_t off)
{
	struct ac_export_reader	*r = arg;
	ssize_t			 got;
	size_t			 in, k;
	int			 c;

	if (r->fd != -1) {
		while ((got = pread(r->fd, buf, n, (off_t)off)) == -1 &&
		    errno == EINTR)
			continue;
		return got;
	}
	if (off < 0 || off >= r->size)
		return 0;
	c = (int)(off / r->chunk_size);
	if (c != r->cur) {
		if (ac_store_blob_chunk(r->st, r->job_id, c, r->chunk,
		    (size_t)r->chunk_size, &r->curlen, NULL) != AC_OK)
			return -1;
		r->cur = c;
	}
	in = (size_t)(off - (int64_t)c * r->chunk_size);
	if (in >= r->curlen)
		return -1;	/* a chunk shorter than the size says */
	k = r->curlen - in < n ? r->curlen - in : n;
	memcpy(buf, r->chunk + in, k);
	return (ssize_t)k;
}

void
ac_export_close(struct ac_export_reader *r)
{
	if (r->fd != -1)
		close(r->fd);
	free(r->chunk);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

/*
 * Keep the MP4 in the database for the other nodes, then the database's
 * exports within EXPORT_MAX_BYTES (least recently downloaded first, their
 * files on this node too).  0, or -1 with err set (nothing kept).
 */
int
ac__export_db_keep(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_job *j, const char *path, int64_t size,
    struct ac_error *err)
{
	struct ac_job	 old;
	char		*buf, opath[PATH_MAX];
	int64_t		 oldest, total;
	long long	 oclip;
	ssize_t		 n;
	size_t		 got;
	int		 fd, c = 0, guard;

	if ((buf = malloc(AC_STORE_BLOB_CHUNK)) == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		free(buf);
		ac_error_set(err, AC_ERR_IO, "reading the MP4 back: %s",
		    strerror(errno));
		return -1;
	}
	for (;;) {
		got = 0;
		while (got < AC_STORE_BLOB_CHUNK && (n = read(fd, buf + got,
		    AC_STORE_BLOB_CHUNK - got)) > 0)
			got += (size_t)n;
		if (got == 0)
			break;
		if (ac_store_blob_put(st, j->id, c++, buf, got, err) != AC_OK)
			goto dberr;
		if (got < AC_STORE_BLOB_CHUNK)
			break;
	}
	close(fd);
	free(buf);
	if (ac_store_blob_done(st, j->id, size, AC_STORE_BLOB_CHUNK, err) !=
	    AC_OK) {
		(void)ac_store_blob_delete(st, j->id, NULL);
		ac_error_prefix(err, AC_ERR_DB,
		    "storing the MP4 in the database: ");
		return -1;
	}
	for (guard = 0; guard < 10000; guard++) {
		if (ac_store_blob_oldest(st, j->id, &oldest, &total, NULL) !=
		    AC_OK ||
		    total <= cf->export_max_bytes || oldest <= 0)
			break;
		if (ac_store_blob_delete(st, oldest, NULL) != AC_OK)
			break;
		if (ac_store_job_get(st, oldest, &old, NULL) == AC_OK &&
		    sscanf(old.params, "clip=%lld;", &oclip) == 1 &&
		    ac__export_final_path(cf, oclip, old.params, opath,
		    sizeof(opath)) == 0)
			(void)unlink(opath);
	}
	return 0;
dberr:
	close(fd);
	free(buf);
	ac_error_prefix(err, AC_ERR_DB, "storing the MP4 in the database: ");
	(void)ac_store_blob_delete(st, j->id, NULL);
	return -1;
}
