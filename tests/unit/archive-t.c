/* SPDX-License-Identifier: ISC */
/* archive-t.c: chat archives in files and in the store: round trip, abort, ids, stale temps. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "../tools/tap.h"

#define NRAW	 4

static const char *const raws[NRAW] = {
	"{\"id\":\"m1\",\"content\":\"hola jajaja\",\"created_at\":"
	    "\"2025-08-25T00:40:43Z\",\"sender\":{\"id\":1,\"username\":\"a\"}}",
	"{\"id\":\"m2\",\"content\":\"line\\nbreak \\u00e9\",\"created_at\":"
	    "\"2025-08-25T00:40:44Z\"}",
	"{\"id\":\"m3\",\"content\":\"KEKW\",\"created_at\":"
	    "\"2025-08-25T00:40:45.5Z\",\"extra\":[1,2,{\"x\":null}]}",
	/* Pretty-printed: the newlines go, the message stays one line. */
	"{\n  \"id\": \"m4\",\r\n  \"content\": \"x\",\n  \"created_at\": "
	    "\"2025-08-25T00:40:46Z\"\n}",
};

struct got {
	char	*raw[16];
	size_t	 n;
};

static int
collect(void *arg, const struct ac_msg *m)
{
	struct got	*g = arg;

	if (g->n < 16 && (g->raw[g->n] = strndup(m->raw, m->raw_len)) != NULL)
		g->n++;
	return 0;
}

static void
got_free(struct got *g)
{
	while (g->n > 0)
		free(g->raw[--g->n]);
}

/* The raw as archived: CR and LF became spaces. */
static char *
flat(const char *s)
{
	char	*d = strdup(s), *p;

	for (p = d; p != NULL && *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return d;
}

static enum ac_err
write_archive(struct ac_settings *cf, struct ac_store *st, const char *vod,
    size_t n)
{
	struct ac_archive_writer	*w;
	enum ac_err			 rc;
	struct ac_error	 eb;
	size_t				 i;

	if ((rc = ac_archive_begin(cf, st, vod, &w, &eb)) != AC_OK)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = ac_archive_add(w, raws[i], strlen(raws[i]))) != AC_OK) {
			ac_archive_abort(w);
			return rc;
		}
	return ac_archive_commit(w, &eb);
}

static void
check_read(struct ac_settings *cf, struct ac_store *st, const char *vod,
    size_t n, const char *what)
{
	struct got		 g;
	struct ac_chat_stats	 stats;
	struct ac_error		 err;
	size_t			 i, same = 0;
	char			*f;

	memset(&g, 0, sizeof(g));
	is_int(ac_archive_read(cf, st, vod, collect, &g, &stats, &err), AC_OK,
	    "%s: read back", what);
	is_int(g.n, n, "%s: %zu messages", what, n);
	for (i = 0; i < n && i < g.n; i++) {
		f = flat(raws[i]);
		if (f != NULL && strcmp(f, g.raw[i]) == 0)
			same++;
		free(f);
	}
	is_int(same, n, "%s: raws byte-identical", what);
	got_free(&g);
}

static int
count_temps(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp") != NULL)
			n++;
	closedir(d);
	return n;
}

int
main(void)
{
	struct ac_settings		 cf;
	struct ac_archive_writer	*w;
	struct ac_store			*st;
	struct ac_error			 err;
	struct stat			 sb;
	char				 tmp[] = "/tmp/archive-t.XXXXXX";
	char				 dir[256], path[512], url[512];
	struct ac_error	 eb;
	char				 id64[66];
	struct got			 g;
	FILE				*f;
	int				 fd;

	plan_lazy();
	if (mkdtemp(tmp) == NULL)
		bail("mkdtemp");
	memset(&cf, 0, sizeof(cf));
	snprintf(dir, sizeof(dir), "%s/data/chats", tmp);
	cf.chat_storage_dir = dir;

	/* Ids. */
	ok(ac_valid_vod_id("abc-DEF_123"), "plain id valid");
	ok(!ac_valid_vod_id(""), "empty id refused");
	ok(!ac_valid_vod_id("../x"), "../x refused");
	ok(!ac_valid_vod_id("a/b"), "a/b refused");
	ok(!ac_valid_vod_id("-a"), "leading dash refused");
	ok(!ac_valid_vod_id("a b"), "space refused");
	memset(id64, 'a', 64);
	id64[64] = '\0';
	ok(ac_valid_vod_id(id64), "64 chars valid");
	id64[64] = 'a';
	id64[65] = '\0';
	ok(!ac_valid_vod_id(id64), "65 chars refused");
	is_int(ac_archive_begin(&cf, NULL, "../x", &w, &eb),
	    AC_ERR_VALUE, "begin ../x refused");
	is_int(ac_archive_begin(&cf, NULL, "", &w, &eb),
	    AC_ERR_VALUE, "begin empty refused");
	is_int(ac_archive_begin(&cf, NULL, "a/b", &w, &eb),
	    AC_ERR_VALUE, "begin a/b refused");
	is_int(ac_archive_begin(&cf, NULL, id64, &w, &eb),
	    AC_ERR_VALUE, "begin 65 chars refused");
	is_int(ac_archive_read(&cf, NULL, "../x", collect, &g, NULL, &err),
	    AC_ERR_VALUE, "read ../x refused");
	is_int(ac_archive_delete(&cf, NULL, "a/b", NULL), AC_ERR_VALUE,
	    "delete a/b refused");

	/* Files: round trip; the directory is created private. */
	is_int(ac_archive_read(&cf, NULL, "v1", collect, &g, NULL, &err),
	    AC_ERR_NOTFOUND, "no archive yet");
	is_int(write_archive(&cf, NULL, "v1", NRAW), AC_OK, "write archive");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "storage dir created 0700");
	snprintf(path, sizeof(path), "%s/v1.ndjson.gz", dir);
	ok(stat(path, &sb) == 0 && sb.st_size > 0, "archive file exists");
	check_read(&cf, NULL, "v1", NRAW, "files");
	is_int(count_temps(dir), 0, "no temporary file left");

	/* Abort leaves the previous archive. */
	is_int(ac_archive_begin(&cf, NULL, "v1", &w, &eb), AC_OK,
	    "begin again");
	ac_archive_add(w, raws[0], strlen(raws[0]));
	is_int(count_temps(dir), 1, "a temporary file while writing");
	ac_archive_abort(w);
	is_int(count_temps(dir), 0, "abort removes it");
	check_read(&cf, NULL, "v1", NRAW, "after abort");

	/* Replace with fewer messages. */
	is_int(write_archive(&cf, NULL, "v1", 2), AC_OK, "replace archive");
	check_read(&cf, NULL, "v1", 2, "replaced");

	/* Stale temporaries of dead processes go; live ones stay. */
	snprintf(path, sizeof(path), "%s/.v1.2147483646.abcdef.tmp", dir);
	if ((f = fopen(path, "w")) == NULL)
		bail("fopen");
	fclose(f);
	snprintf(path, sizeof(path), "%s/.v1.%ld.ghijkl.tmp", dir,
	    (long)getpid());
	if ((f = fopen(path, "w")) == NULL)
		bail("fopen");
	fclose(f);
	snprintf(path, sizeof(path), "%s/.v2.2147483646.abcdef.tmp", dir);
	if ((f = fopen(path, "w")) == NULL)
		bail("fopen");
	fclose(f);
	is_int(count_temps(dir), 3, "three temporaries planted");
	is_int(write_archive(&cf, NULL, "v1", 1), AC_OK, "write cleans");
	is_int(count_temps(dir), 2, "the dead one of v1 removed");
	snprintf(path, sizeof(path), "%s/.v1.%ld.ghijkl.tmp", dir,
	    (long)getpid());
	ok(access(path, F_OK) == 0, "a live writer's temporary kept");
	unlink(path);

	/* Delete. */
	is_int(ac_archive_delete(&cf, NULL, "v1", NULL), AC_OK, "delete");
	is_int(ac_archive_delete(&cf, NULL, "v1", NULL), AC_ERR_NOTFOUND,
	    "delete twice");
	is_int(ac_archive_read(&cf, NULL, "v1", collect, &g, NULL, &err),
	    AC_ERR_NOTFOUND, "deleted archive is gone");

	/* A file that is not gzip NDJSON chat fails to read, cleanly. */
	snprintf(path, sizeof(path), "%s/bad.ndjson.gz", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) == -1 ||
	    write(fd, "\x1f\x8b\x08garbage", 10) != 10)
		bail("write bad");
	close(fd);
	memset(&g, 0, sizeof(g));
	ok(ac_archive_read(&cf, NULL, "bad", collect, &g, NULL, &err) != AC_OK,
	    "corrupt archive is an error");
	got_free(&g);

	/* Database mode on SQLite. */
	snprintf(url, sizeof(url), "sqlite://%s/store.db", tmp);
	if (ac_store_open(&st, url, 1, NULL, &eb) != AC_OK)
		bail("store: %s", eb.text);
	cf.chat_storage_db = 1;
	is_int(ac_archive_read(&cf, st, "d1", collect, &g, NULL, &err),
	    AC_ERR_NOTFOUND, "db: no archive yet");
	is_int(write_archive(&cf, st, "d1", NRAW), AC_OK, "db: write");
	check_read(&cf, st, "d1", NRAW, "db");
	is_int(ac_archive_begin(&cf, st, "d1", &w, &eb), AC_OK,
	    "db: begin again");
	ac_archive_add(w, raws[0], strlen(raws[0]));
	ac_archive_abort(w);
	check_read(&cf, st, "d1", NRAW, "db after abort");
	is_int(ac_archive_delete(&cf, st, "d1", NULL), AC_OK, "db: delete");
	is_int(ac_archive_read(&cf, st, "d1", collect, &g, NULL, &err),
	    AC_ERR_NOTFOUND, "db: deleted");
	ac_store_close(st);

	/* Clean up without a shell: the few files this test made. */
	snprintf(path, sizeof(path), "%s/bad.ndjson.gz", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.v2.2147483646.abcdef.tmp", dir);
	unlink(path);
	rmdir(dir);
	snprintf(path, sizeof(path), "%s/data", tmp);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/store.db", tmp);
	unlink(path);
	snprintf(path, sizeof(path), "%s/store.db-wal", tmp);
	unlink(path);
	snprintf(path, sizeof(path), "%s/store.db-shm", tmp);
	unlink(path);
	rmdir(tmp);
	return done_testing();
}
