/* SPDX-License-Identifier: ISC */
/*
 * pg-reconnect-t.c: the PostgreSQL store across dropped connections and
 * server restarts, concurrent job claims and concurrent migrations.
 *
 * Needs AUTOCLIP_TEST_DATABASE_URL (a postgresql:// URL of a throw-away
 * database: its tables are dropped).  With PG_SYNC_DIR set, it asks the
 * caller (tests/store/store-pg.sh) to restart the server: it creates
 * PG_SYNC_DIR/ready.N and waits for PG_SYNC_DIR/restarted.N.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "autoclip.h"
#include "store/store.h"
#include "store/backend.h"
#include "../tools/tap.h"

#define APP_NAME	"autoclip-reconnect-t"
#define URL_MAX		2048
#define WAIT_S		120	/* longest wait for the caller's restart */
#define CLAIMERS	4
#define CLAIM_JOBS	200
#define MIGRATORS	4
#define ARCHIVE_BIG	(1 << 20)

static char	 url[URL_MAX];

static struct ac_store *
open_store(int migrate)
{
	struct ac_store	*st;
	struct ac_error	 err;
	enum ac_err	 rc;

	rc = ac_store_open(&st, url, migrate, NULL, &err);
	if (rc != AC_OK)
		bail("cannot open the store: %s", err.text);
	return st;
}

static void
sleep_ms(long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Ask the caller to restart the server; 0 once it did, -1 without a caller. */
static int
restart_server(int n)
{
	const char	*dir;
	char		 path[1024];
	int		 fd, i;

	if ((dir = getenv("PG_SYNC_DIR")) == NULL || *dir == '\0')
		return -1;
	snprintf(path, sizeof(path), "%s/ready.%d", dir, n);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		bail("%s: %s", path, strerror(errno));
	close(fd);
	snprintf(path, sizeof(path), "%s/restarted.%d", dir, n);
	for (i = 0; i < WAIT_S * 20; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		sleep_ms(50);
	}
	bail("the server was not restarted within %d s", WAIT_S);
}

/* Cut the store's connection from the server side. */
static int
terminate_backend(void)
{
	const char	*keys[] = { "dbname", NULL };
	const char	*vals[] = { url, NULL };
	const char	*p[1] = { APP_NAME };
	PGconn		*c;
	PGresult	*res;
	long		 left;
	int		 n = -1, tries;

	c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) == CONNECTION_OK) {
		res = PQexecParams(c, "SELECT count(pg_terminate_backend(pid)) "
		    "FROM pg_stat_activity WHERE application_name = $1 "
		    "AND pid <> pg_backend_pid()", 1, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			n = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
		else
			diag("terminate: %s", PQresultErrorMessage(res));
		PQclear(res);
		/*
		 * pg_terminate_backend only signals: wait until the backend
		 * has left pg_stat_activity, so the next cut counts only the
		 * store's new connection.
		 */
		for (tries = 0; n > 0 && tries < 200; tries++) {
			res = PQexecParams(c, "SELECT count(*) FROM "
			    "pg_stat_activity WHERE application_name = $1 "
			    "AND pid <> pg_backend_pid()", 1, NULL, p, NULL,
			    NULL, 0);
			left = PQresultStatus(res) == PGRES_TUPLES_OK ?
			    strtol(PQgetvalue(res, 0, 0), NULL, 10) : -1;
			PQclear(res);
			if (left == 0)
				break;
			usleep(50000);
		}
	} else
		diag("connect: %s", PQerrorMessage(c));
	PQfinish(c);
	return n;
}

static int64_t
upsert(struct ac_store *st, const char *vod, const char *title,
    enum ac_err *rc, struct ac_error *err)
{
	struct ac_stream	 s;
	int64_t			 id = 0;

	memset(&s, 0, sizeof(s));
	snprintf(s.vod_id, sizeof(s.vod_id), "%s", vod);
	snprintf(s.title, sizeof(s.title), "%s", title);
	s.status = AC_STREAM_QUEUED;
	*rc = ac_store_stream_upsert(st, &s, &id, err);
	return id;
}

static void
test_restart(void)
{
	struct ac_error		 dberr;
	struct ac_store		*st;
	struct ac_stream	 s;
	struct ac_job		 j;
	enum ac_err		 rc;
	int64_t			 id, jid;

	st = open_store(1);
	id = upsert(st, "reconnect-1", "before", &rc, NULL);
	is_int(rc, AC_OK, "upsert before any drop");

	/* A dropped connection: the write in flight fails, the next works. */
	ok(terminate_backend() == 1, "the store's connection is cut");
	upsert(st, "reconnect-1", "lost", &rc, &dberr);
	is_int(rc, AC_ERR_DB, "the write in flight fails cleanly");
	ok(strstr(dberr.text, "stream upsert") != NULL,
	    "the error is recorded: %s", dberr.text);
	rc = ac_store_stream_get(st, id, &s, &dberr);
	is_int(rc, AC_OK, "the next operation works");
	is_str(s.title, "before", "the failed write was not re-run");
	upsert(st, "reconnect-1", "after", &rc, NULL);
	is_int(rc, AC_OK, "and the one after it");

	/* A read is re-run once after the reconnect. */
	ok(terminate_backend() == 1, "the store's connection is cut again");
	rc = ac_store_stream_get(st, id, &s, &dberr);
	is_int(rc, AC_OK, "a read after a drop works at once");
	is_str(s.title, "after", "and sees the last write");

	/* A claim cut off by a drop is not half done. */
	rc = ac_store_job_enqueue(st, "download", id, &jid, &dberr);
	is_int(rc, AC_OK, "enqueue a job");
	ok(terminate_backend() == 1, "cut during idle");
	rc = ac_store_job_claim(st, "w1", &j, &dberr);
	is_int(rc, AC_ERR_DB, "the claim in flight fails");
	rc = ac_store_job_get(st, jid, &j, &dberr);
	is_int(rc, AC_OK, "the job can be read");
	is_str(ac_job_state_name(j.state), "queued",
	    "and is still queued (no half claim)");
	rc = ac_store_job_claim(st, "w1", &j, &dberr);
	is_int(rc, AC_OK, "the next claim works");
	is_int(j.id, jid, "and gets that job");

	/* The server restarts under the open store. */
	if (restart_server(1) == 0) {
		upsert(st, "reconnect-1", "restart", &rc, NULL);
		ok(rc == AC_ERR_DB || rc == AC_OK,
		    "a write after a restart fails cleanly or works (%d)", rc);
		rc = ac_store_stream_get(st, id, &s, &dberr);
		is_int(rc, AC_OK, "the next operation works");
		upsert(st, "reconnect-1", "restart 2", &rc, NULL);
		is_int(rc, AC_OK, "and the one after it");
		restart_server(2);
		rc = ac_store_stream_get(st, id, &s, &dberr);
		is_int(rc, AC_OK, "a read after a second restart works");
		is_str(s.title, "restart 2", "with the data kept");
	} else
		diag("PG_SYNC_DIR not set: no server restart tested");
	ac_store_close(st);
}

/* Binary archive bytes (NUL bytes, all values, empty, 1 MiB) round-trip. */
static void
test_archive(void)
{
	struct ac_store	*st;
	unsigned char	*big, *got;
	void		*v;
	size_t		 len, i;
	enum ac_err	 rc;

	st = open_store(0);
	if ((big = malloc(ARCHIVE_BIG)) == NULL)
		bail("out of memory");
	for (i = 0; i < ARCHIVE_BIG; i++)
		big[i] = (unsigned char)(i * 7 + (i >> 8));
	rc = st->ops->archive_put(st, "arch-1", big, ARCHIVE_BIG, NULL);
	is_int(rc, AC_OK, "archive put 1 MiB");
	rc = st->ops->archive_get(st, "arch-1", &v, &len, NULL);
	got = v;
	ok(rc == AC_OK && len == ARCHIVE_BIG &&
	    memcmp(got, big, ARCHIVE_BIG) == 0, "archive bytes come back");
	free(v);
	rc = st->ops->archive_put(st, "arch-1", "\0x\0", 3, NULL);
	is_int(rc, AC_OK, "archive replaced");
	rc = st->ops->archive_get(st, "arch-1", &v, &len, NULL);
	ok(rc == AC_OK && len == 3 && memcmp(v, "\0x\0", 3) == 0,
	    "the replacement comes back");
	free(v);
	rc = st->ops->archive_put(st, "arch-2", "", 0, NULL);
	rc = st->ops->archive_get(st, "arch-2", &v, &len, NULL);
	ok(rc == AC_OK && len == 0, "an empty archive");
	free(v);
	is_int(st->ops->archive_delete(st, "arch-1", NULL), AC_OK,
	    "archive delete");
	is_int(st->ops->archive_get(st, "arch-1", &v, &len, NULL),
	    AC_ERR_NOTFOUND,
	    "a deleted archive is gone");
	is_int(st->ops->archive_delete(st, "arch-1", NULL), AC_ERR_NOTFOUND,
	    "deleting it again: not found");
	free(big);
	ac_store_close(st);
}

/* CLAIMERS processes claim CLAIM_JOBS jobs: each exactly once. */
static void
test_claims(void)
{
	struct ac_error	 dberr;
	struct ac_store	*st;
	struct ac_job	 j;
	int64_t		 first = 0, id, got;
	static int	 seen[CLAIM_JOBS];
	int		 fds[2], i, dup = 0, total = 0, status, bad = 0;
	char		 worker[32];
	pid_t		 pid;
	FILE		*in;

	st = open_store(0);
	for (i = 0; i < CLAIM_JOBS; i++) {
		if (ac_store_job_enqueue(st, "export", 0, &id, &dberr) != AC_OK)
			bail("enqueue: %s", dberr.text);
		if (i == 0)
			first = id;
	}
	ac_store_close(st);
	if (pipe(fds) == -1)
		bail("pipe: %s", strerror(errno));
	fflush(stdout);
	for (i = 0; i < CLAIMERS; i++) {
		if ((pid = fork()) == -1)
			bail("fork: %s", strerror(errno));
		if (pid == 0) {
			FILE	*out;

			close(fds[0]);
			if ((out = fdopen(fds[1], "w")) == NULL)
				_exit(2);
			st = open_store(0);
			snprintf(worker, sizeof(worker), "claimer-%d", i);
			while (ac_store_job_claim(st, worker, &j, &dberr) ==
			    AC_OK) {
				fprintf(out, "%lld\n", (long long)j.id);
				if (ac_store_job_finish(st, j.id, worker,
				    &dberr) !=
				    AC_OK)
					_exit(3);
			}
			ac_store_close(st);
			fclose(out);
			_exit(0);
		}
	}
	close(fds[1]);
	if ((in = fdopen(fds[0], "r")) == NULL)
		bail("fdopen: %s", strerror(errno));
	while (fscanf(in, "%" SCNd64, &got) == 1) {
		total++;
		if (got < first || got >= first + CLAIM_JOBS) {
			bad++;
			continue;
		}
		if (seen[got - first]++)
			dup++;
	}
	fclose(in);
	for (i = 0; i < CLAIMERS; i++) {
		if (wait(&status) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	is_int(bad, 0, "%d claimers ran cleanly", CLAIMERS);
	is_int(total, CLAIM_JOBS, "every job was claimed");
	is_int(dup, 0, "no job was claimed twice");
}

/* MIGRATORS processes migrate an empty database at once: one applies. */
static void
test_migrate(void)
{
	struct ac_store	*st;
	struct ac_error	 err;
	int		 fds[2], i, applied, sum = 0, bad = 0, status, a;
	pid_t		 pid;
	FILE		*in;

	st = open_store(1);
	is_int(store_reset(st, NULL), AC_OK, "drop every table");
	ac_store_close(st);
	is_int(ac_store_open(&st, url, 0, NULL, &err),
	    AC_ERR_SCHEMA, "an empty database needs migrating");
	if (pipe(fds) == -1)
		bail("pipe: %s", strerror(errno));
	fflush(stdout);
	for (i = 0; i < MIGRATORS; i++) {
		if ((pid = fork()) == -1)
			bail("fork: %s", strerror(errno));
		if (pid == 0) {
			close(fds[0]);
			applied = -1;
			if (ac_store_open(&st, url, 1, &applied, &err) != AC_OK) {
				fprintf(stderr, "migrate: %s\n", err.text);
				_exit(1);
			}
			ac_store_close(st);
			dprintf(fds[1], "%d\n", applied);
			_exit(0);
		}
	}
	close(fds[1]);
	if ((in = fdopen(fds[0], "r")) == NULL)
		bail("fdopen: %s", strerror(errno));
	while (fscanf(in, "%d", &a) == 1)
		sum += a;
	fclose(in);
	for (i = 0; i < MIGRATORS; i++) {
		if (wait(&status) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	is_int(bad, 0, "%d concurrent migrations succeed", MIGRATORS);
	is_int(sum, ac_store_schema_version(),
	    "each migration was applied once");
	st = open_store(0);
	ok(st != NULL, "the migrated store opens");
	ac_store_close(st);
}

/* Bad and unreachable URLs fail with a message, never a crash. */
static void
test_urls(void)
{
	struct ac_store	*st = NULL;
	struct ac_error	 err;

	is_int(ac_store_open(&st, "postgresql://u:secret@[::1", 0, NULL, &err), AC_ERR_DB, "a malformed URL is refused");
	ok(strstr(err.text, "URL") != NULL && strstr(err.text, "secret") == NULL,
	    "and named, without the password: %s", err.text);
	is_int(ac_store_open(&st, "postgresql:///x?host=/nonexistent-dir&"
	    "connect_timeout=2", 0, NULL, &err), AC_ERR_DB,
	    "an unreachable server fails");
	ok(strstr(err.text, "cannot connect") != NULL, "and says so: %s", err.text);
	ok(st == NULL, "no handle is returned");
}

int
main(void)
{
	const char	*u;

	if ((u = getenv("AUTOCLIP_TEST_DATABASE_URL")) == NULL || *u == '\0')
		bail("AUTOCLIP_TEST_DATABASE_URL is not set (run tests/store/store-pg.sh)");
	if (strncmp(u, "postgres", 8) != 0)
		bail("AUTOCLIP_TEST_DATABASE_URL is not a postgresql:// URL");
	if (snprintf(url, sizeof(url), "%s%capplication_name=%s", u,
	    strchr(u, '?') != NULL ? '&' : '?', APP_NAME) >= (int)sizeof(url))
		bail("AUTOCLIP_TEST_DATABASE_URL is too long");
	plan_lazy();
	test_urls();
	test_migrate();
	test_restart();
	test_archive();
	test_claims();
	return done_testing();
}
