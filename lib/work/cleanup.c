/* SPDX-License-Identifier: ISC */
/*
 * cleanup.c: what an interrupted run can leave behind, found and removed.
 *
 * Each kind of temporary file is one row of the table below: where it
 * lives, how its name is recognised, whether the name holds the id of the
 * process writing it (then it goes as soon as that process is gone), and
 * how long it is kept otherwise.  A new kind is a new row.  Names are
 * only ever matched, never built from input: nothing else is touched.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "work/work.h"

/* Pending streams looked at in one run. */
#define STUCK_LIST_MAX	 AC_STORE_LIST_MAX

enum where {
	IN_CHATS,	/* CHAT_STORAGE_DIR */
	IN_TMP,		/* DATA_DIR/tmp */
	IN_MEDIA	/* DATA_DIR/media */
};

struct kind {
	const char	*name;
	unsigned int	 group;		/* AC_CLEAN_* */
	enum where	 where;
	/* 1 when name is of this kind; *pid its writer's, or 0. */
	int		 (*match)(const char *name, long *pid);
	double		 keep_s;	/* next run: most age; 0: pid */
	/*
	 * Or, for state kept on purpose (a download's resume files): 1 when
	 * nothing will use it again.  Such kinds are left to their own next
	 * run (the download resumes from them) and to ac_cleanup.
	 */
	int		 (*unused)(struct ac_store *, const char *name);
};

/* Digits at s up to the byte stop: the number, or -1. */
static long
number(const char *s, int stop, const char **end)
{
	char	*e;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &e, 10);
	if (errno != 0 || *e != stop || v <= 0 || v > INT_MAX)
		return -1;
	*end = e;
	return v;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* The archive writer's ".<vod>.<pid>.XXXXXX.tmp" (archive.c). */
static int
match_chat_temp(const char *name, long *pid)
{
	const char	*p, *e;
	size_t		 n = strlen(name);

	if (name[0] != '.' || !ends_with(name, ".tmp") || n < 14)
		return 0;
	/* Back from ".tmp" over ".XXXXXX" to the pid. */
	p = name + n - 4 - 7;
	if (*p != '.')
		return 0;
	while (p > name + 1 && p[-1] != '.')
		p--;
	if (p <= name + 1 || (*pid = number(p, '.', &e)) < 0 ||
	    e != name + n - 4 - 7)
		return 0;
	return 1;
}

/* "_import_<pid>_<time>_<n>.ndjson.gz": uploads of older versions. */
static int
match_chat_import(const char *name, long *pid)
{
	const char	*e;

	if (strncmp(name, "_import_", 8) != 0 || !ends_with(name,
	    ".ndjson.gz"))
		return 0;
	return (*pid = number(name + 8, '_', &e)) > 0;
}

/* video.fcgi's "upload-<pid>-<time>-<n>-<hex>.ts". */
static int
match_upload(const char *name, long *pid)
{
	const char	*e;

	if (strncmp(name, "upload-", 7) != 0 || !ends_with(name, ".ts"))
		return 0;
	return (*pid = number(name + 7, '-', &e)) > 0;
}

/* video.fcgi's "convert-<pid>-...mp4": the web server may still send it. */
static int
match_convert(const char *name, long *pid)
{
	*pid = 0;
	return strncmp(name, "convert-", 8) == 0 && ends_with(name, ".mp4");
}

/* kick_chat.c's ".kick-<vod>.partial.ndjson.gz", ".kick-<vod>.ckpt[.tmp]". */
static int
match_kick_resume(const char *name, long *pid)
{
	*pid = 0;
	return strncmp(name, ".kick-", 6) == 0 &&
	    (ends_with(name, ".partial.ndjson.gz") ||
	    ends_with(name, ".ckpt") || ends_with(name, ".ckpt.tmp"));
}

/* A download's resume files are unused once no job will download it. */
static int
kick_resume_unused(struct ac_store *st, const char *name)
{
	struct ac_stream	 s;
	struct ac_job		 j;
	char			 vod[AC_VOD_ID_MAX];
	size_t			 n;
	enum ac_err		 e;

	n = strcspn(name + 6, ".");
	if (n == 0 || n >= sizeof(vod))
		return 0;
	memcpy(vod, name + 6, n);
	vod[n] = '\0';
	if (!ac_valid_vod_id(vod))
		return 0;
	if ((e = ac_store_stream_get_vod(st, vod, &s, NULL)) == AC_ERR_NOTFOUND)
		return 1;
	if (e != AC_OK)
		return 0;
	return ac_store_job_active(st, "download", s.id, &j, NULL) ==
	    AC_ERR_NOTFOUND;
}

static const struct kind kinds[] = {
	{ "chat archive being written", AC_CLEAN_CHAT, IN_CHATS,
	    match_chat_temp, 0, NULL },
	{ "chat upload of an older version", AC_CLEAN_CHAT, IN_CHATS,
	    match_chat_import, 0, NULL },
	{ "resume files of a Kick download", AC_CLEAN_CHAT, IN_CHATS,
	    match_kick_resume, 0, kick_resume_unused },
	{ "video upload", AC_CLEAN_VIDEO, IN_TMP, match_upload, 0, NULL },
	{ "converted MP4 kept for X-Sendfile", AC_CLEAN_VIDEO, IN_MEDIA,
	    match_convert, AC_CONVERT_KEEP_S, NULL },
};

static int
dir_of(const struct ac_settings *cf, enum where w, char *buf, size_t size)
{
	int	 n;

	switch (w) {
	case IN_CHATS:
		if (cf->chat_storage_db)
			return -1;
		n = snprintf(buf, size, "%s", cf->chat_storage_dir);
		break;
	case IN_TMP:
		n = snprintf(buf, size, "%s/tmp", cf->data_dir);
		break;
	default:
		n = snprintf(buf, size, "%s/media", cf->data_dir);
		break;
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Whether process pid is gone (on this host: the data directory's). */
static int
gone(long pid)
{
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/*
 * Remove the files of kind k that are stale: their writer is gone, or
 * they are older than max_age_s (< 0: the kind's own keep_s, if any).
 */
static void
sweep(const struct ac_settings *cf, struct ac_store *st, const struct kind *k,
    double max_age_s, struct ac_cleanup *out)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 dir[PATH_MAX], path[PATH_MAX];
	double		 age_limit;
	long		 pid;
	time_t		 now = time(NULL);
	int		 stale;

	age_limit = max_age_s >= 0 ? max_age_s : k->keep_s;
	if (dir_of(cf, k->where, dir, sizeof(dir)) == -1 ||
	    (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		pid = 0;
		if (!k->match(de->d_name, &pid))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if (k->unused != NULL)
			stale = st != NULL && max_age_s >= 0 &&
			    difftime(now, sb.st_mtime) >= max_age_s &&
			    k->unused(st, de->d_name);
		else
			stale = (pid > 0 && pid != (long)getpid() &&
			    gone(pid)) || (age_limit > 0 &&
			    difftime(now, sb.st_mtime) > age_limit) ||
			    (max_age_s == 0 && pid == 0);
		if (!stale || unlink(path) == -1)
			continue;
		out->files++;
		out->bytes += (int64_t)sb.st_size;
	}
	closedir(d);
}

void
ac_cleanup_next_run(const struct ac_settings *cf, unsigned int groups)
{
	struct ac_cleanup	 c;
	size_t			 i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((kinds[i].group & groups) && kinds[i].unused == NULL)
			sweep(cf, NULL, &kinds[i], -1, &c);
}

/*
 * Streams left "running" by an import that was killed: no active job
 * runs them and they were not touched for max_age_s.
 */
static enum ac_err
stuck_streams(struct ac_store *st, double max_age_s, struct ac_cleanup *out,
    struct ac_error *err)
{
	struct ac_stream	*s = NULL;
	struct ac_job		 j;
	size_t			 n = 0, i;
	time_t			 now = time(NULL);
	enum ac_err		 e;

	if ((e = ac_store_stream_pending(st, STUCK_LIST_MAX, &s, &n, err)) !=
	    AC_OK)
		return e;
	for (i = 0; i < n; i++) {
		if (s[i].status != AC_STREAM_RUNNING ||
		    difftime(now, (time_t)s[i].updated_at) < max_age_s)
			continue;
		e = ac_store_job_active(st, "download", s[i].id, &j, err);
		if (e == AC_OK)
			continue;
		if (e != AC_ERR_NOTFOUND)
			break;
		e = ac_store_stream_set_status(st, s[i].id, AC_STREAM_FAILED,
		    "the import was interrupted; upload the chat again", NULL);
		if (e != AC_OK)
			break;
		out->streams++;
	}
	free(s);
	return e == AC_ERR_NOTFOUND ? AC_OK : e;
}

enum ac_err
ac_cleanup(const struct ac_settings *cf, struct ac_store *st,
    double max_age_s, struct ac_cleanup *out, struct ac_error *err)
{
	size_t	 i;

	memset(out, 0, sizeof(*out));
	if (max_age_s < 0)
		max_age_s = 0;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		sweep(cf, st, &kinds[i], max_age_s, out);
	/*
	 * Clip exports (export.c): work directories and partial files of
	 * dead processes, and finished exports not downloaded for max_age_s
	 * (their access time is their last download).
	 */
	(void)ac_export_sweep(cf, st, max_age_s, 1, &out->files,
	    &out->bytes);
	return st != NULL ? stuck_streams(st, max_age_s, out, err) : AC_OK;
}
