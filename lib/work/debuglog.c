/* SPDX-License-Identifier: ISC */
/* debuglog.c: DEBUG=true records of each analysis, bounded in size and number. */
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
#include "engine/engine.h"
#include "work/work.h"

static const char *const stages[AC_DEBUG__MAX] = {
	"01_input",		/* AC_DEBUG_INPUT */
	"02_normalized",	/* AC_DEBUG_NORMALIZED */
	"03_results",		/* AC_DEBUG_RESULTS */
};

/* Whether a directory entry is one of our records. */
static int
is_record(const char *name)
{
	size_t	 i, len = strlen(name);

	if (len < 6 || strcmp(name + len - 5, ".json") != 0)
		return 0;
	for (i = 0; i < AC_DEBUG__MAX; i++)
		if (strncmp(name, stages[i], strlen(stages[i])) == 0 &&
		    name[strlen(stages[i])] == '_')
			return 1;
	return 0;
}

struct rec {
	char	 name[NAME_MAX + 1];
	time_t	 mtime;
	long	 nsec;
};

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec	*x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Keep the newest AC_DEBUG_KEEP records of dir. */
static void
prune(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	struct rec	*v = NULL, *nv;
	size_t		 n = 0, cap = 0, i;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!is_record(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL)
				break;
			v = nv;
		}
		snprintf(v[n].name, sizeof(v[n].name), "%s", de->d_name);
		v[n].mtime = sb.st_mtim.tv_sec;
		v[n].nsec = sb.st_mtim.tv_nsec;
		n++;
	}
	closedir(d);
	if (n > AC_DEBUG_KEEP) {
		qsort(v, n, sizeof(*v), rec_cmp);
		for (i = 0; i < n - AC_DEBUG_KEEP; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, v[i].name);
			unlink(path);
		}
	}
	free(v);
}

int
ac_debug_write(const struct ac_settings *cf, enum ac_debug_stage stage,
    struct json_object *obj)
{
	static unsigned int	 counter;
	struct json_object	*note = NULL;
	struct tm		 tm;
	time_t			 now;
	const char		*text;
	char			 path[PATH_MAX], ts[32];
	size_t			 len, off;
	ssize_t			 w;
	int			 fd, n, rc = -1;

	if (cf == NULL || !cf->debug || cf->debug_logs_dir == NULL ||
	    stage < 0 || stage >= AC_DEBUG__MAX || obj == NULL)
		return 0;
	if (mkdir(cf->debug_logs_dir, 0700) == -1 && errno != EEXIST) {
		ac_log(__func__, "%s: %s", cf->debug_logs_dir,
		    strerror(errno));
		return -1;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	n = snprintf(path, sizeof(path), "%s/%s_%s_%ld_%u.json",
	    cf->debug_logs_dir, stages[stage], ts, (long)getpid(), counter++);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text == NULL)
		return -1;
	if ((len = strlen(text)) > AC_DEBUG_FILE_MAX) {
		/* Too large: a note of the size instead of the record. */
		note = json_object_new_object();
		json_object_object_add(note, "truncated",
		    json_object_new_boolean(1));
		json_object_object_add(note, "bytes",
		    json_object_new_int64((int64_t)len));
		text = json_object_to_json_string_ext(note,
		    JSON_C_TO_STRING_PRETTY);
		len = strlen(text);
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		ac_log(__func__, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (off = 0; off < len; off += (size_t)w)
		if ((w = write(fd, text + off, len - off)) <= 0) {
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			ac_log(__func__, "%s: write failed", path);
			close(fd);
			unlink(path);
			goto out;
		}
	if (close(fd) == -1)
		goto out;
	rc = 0;
	prune(cf->debug_logs_dir);
out:
	if (note != NULL)
		json_object_put(note);
	return rc;
}

int
ac_debug_normalized(const struct ac_settings *cf, const char *vod_id,
    const struct ac_vod *vod, const struct ac_chat_stats *st,
    uint64_t duplicates, struct json_object *first)
{
	struct json_object	*o, *v, *s;
	int			 rc;

	if (cf == NULL || !cf->debug)
		return 0;
	o = json_object_new_object();
	json_object_object_add(o, "vod_id", json_object_new_string(vod_id));
	v = json_object_new_object();
	json_object_object_add(v, "id", json_object_new_string(vod->id));
	json_object_object_add(v, "title", json_object_new_string(vod->title));
	json_object_object_add(v, "channel",
	    json_object_new_string(vod->channel));
	json_object_object_add(v, "start_time", vod->has_start ?
	    json_object_new_double(vod->start_time) : NULL);
	json_object_object_add(v, "duration_s",
	    json_object_new_double(vod->duration_s));
	json_object_object_add(v, "offset_s",
	    json_object_new_double(vod->offset_s));
	json_object_object_add(o, "vod", v);
	s = json_object_new_object();
	json_object_object_add(s, "bytes", json_object_new_int64(
	    (int64_t)st->bytes));
	json_object_object_add(s, "messages", json_object_new_int64(
	    (int64_t)st->messages));
	json_object_object_add(s, "no_timestamp", json_object_new_int64(
	    (int64_t)st->no_timestamp));
	json_object_object_add(s, "bad_message", json_object_new_int64(
	    (int64_t)st->bad_message));
	json_object_object_add(s, "too_large", json_object_new_int64(
	    (int64_t)st->too_large));
	json_object_object_add(s, "duplicates", json_object_new_int64(
	    (int64_t)duplicates));
	json_object_object_add(o, "counts", s);
	json_object_object_add(o, "first_messages", first != NULL ?
	    json_object_get(first) : json_object_new_array());
	rc = ac_debug_write(cf, AC_DEBUG_NORMALIZED, o);
	json_object_put(o);
	return rc;
}

int
ac_debug_results(const struct ac_settings *cf, const struct ac_result *r)
{
	struct json_object	*o;
	int			 rc;

	if (cf == NULL || !cf->debug)
		return 0;
	if ((o = ac__result_json_object(r)) == NULL)
		return -1;
	rc = ac_debug_write(cf, AC_DEBUG_RESULTS, o);
	json_object_put(o);
	return rc;
}
