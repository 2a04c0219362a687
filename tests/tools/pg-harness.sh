# SPDX-License-Identifier: ISC
# pg-harness.sh: a throw-away PostgreSQL cluster for the tests; source it.
#
# pg_start makes a cluster in a new temporary directory that listens only
# on a unix socket inside that directory (no TCP), creates a database and
# exports its URL in AUTOCLIP_TEST_DATABASE_URL.  pg_stop stops it (by its
# data directory) and removes the directory; pg_restart restarts it.  A
# cluster made by the system's packages (port 5432) is never touched.
# Run as root, the server runs as "nobody" (initdb refuses root) through
# setpriv; the temporary directory is then owned by that user.
#
# Without a PostgreSQL server the functions fail with a message saying
# how to install it: a missing server is a failure, never a skip.

PG_PORT=${PG_PORT:-54329}	# names the socket file only
PG_USER=autoclip
PG_DB=autoclip_test
PG_TMP=
PG_DATA=
PG_BIN=

# pg_find: set PG_BIN to the directory of the newest installed server.
pg_find() {
	PG_BIN=
	for pg_d in /usr/lib/postgresql/*/bin; do
		[ -x "$pg_d/initdb" ] && [ -x "$pg_d/pg_ctl" ] &&
		    [ -x "$pg_d/postgres" ] || continue
		pg_v=${pg_d%/bin}
		pg_v=${pg_v##*/}
		case $pg_v in *[!0-9]*|'') continue ;; esac
		if [ -z "$PG_BIN" ] || [ "$pg_v" -gt "$pg_best" ]; then
			PG_BIN=$pg_d
			pg_best=$pg_v
		fi
	done
	if [ -z "$PG_BIN" ] && command -v pg_ctl >/dev/null 2>&1; then
		pg_d=$(dirname "$(command -v pg_ctl)")
		[ -x "$pg_d/initdb" ] && [ -x "$pg_d/postgres" ] && PG_BIN=$pg_d
	fi
	if [ -z "$PG_BIN" ]; then
		echo "PostgreSQL server not installed: apt-get install postgresql" >&2
		return 1
	fi
	return 0
}

# pg_as CMD [ARG...]: run a server command as the cluster's owner, from
# inside the temporary directory.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$PG_TMP" && setpriv --reuid=nobody --regid=nogroup \
		    --clear-groups env HOME="$PG_TMP" LC_ALL=C "$@")
	else
		(cd "$PG_TMP" && env LC_ALL=C "$@")
	fi
}

# pg_mkdir: make PG_TMP, reachable by the server's user.  A unix socket
# path is at most 107 bytes, so a long TMPDIR falls back to /tmp.
pg_mkdir() {
	pg_parent=${TMPDIR:-/tmp}
	[ ${#pg_parent} -le 60 ] || pg_parent=/tmp
	if [ "$(id -u)" -eq 0 ]; then
		if ! command -v setpriv >/dev/null 2>&1; then
			echo "pg-harness: setpriv (util-linux) is needed to run PostgreSQL as root" >&2
			return 1
		fi
		# The server's user must be able to reach the directory.
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    test -x "$pg_parent" -a -w "$pg_parent" 2>/dev/null || pg_parent=/tmp
	fi
	PG_TMP=$(mktemp -d "$pg_parent/autoclip-pg.XXXXXX") || {
		echo "pg-harness: cannot make a temporary directory" >&2
		return 1
	}
	if [ "$(id -u)" -eq 0 ]; then
		chown nobody:nogroup "$PG_TMP" || return 1
	fi
	PG_DATA=$PG_TMP/data
	return 0
}

# pg_start: initdb, start, wait until ready, create the database.
pg_start() {
	pg_find || return 1
	pg_mkdir || return 1
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U "$PG_USER" \
	    --no-sync -E UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1; then
		echo "pg-harness: initdb failed:" >&2
		cat "$PG_TMP/initdb.log" >&2
		pg_stop
		return 1
	fi
	if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_TMP/server.log" \
	    -w -t 60 -o "-c listen_addresses= -c unix_socket_directories=$PG_TMP -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
	    start >"$PG_TMP/pg_ctl.log" 2>&1; then
		echo "pg-harness: the server did not start:" >&2
		cat "$PG_TMP/pg_ctl.log" "$PG_TMP/server.log" >&2 2>/dev/null
		pg_stop
		return 1
	fi
	pg_wait || { pg_stop; return 1; }
	if ! "$PG_BIN/createdb" -h "$PG_TMP" -p "$PG_PORT" -U "$PG_USER" \
	    "$PG_DB" >"$PG_TMP/createdb.log" 2>&1; then
		echo "pg-harness: createdb failed:" >&2
		cat "$PG_TMP/createdb.log" >&2
		pg_stop
		return 1
	fi
	AUTOCLIP_TEST_DATABASE_URL="postgresql:///$PG_DB?host=$PG_TMP&port=$PG_PORT&user=$PG_USER"
	export AUTOCLIP_TEST_DATABASE_URL
	return 0
}

# pg_wait: wait (at most 30 s) until the server accepts connections.
pg_wait() {
	pg_i=0
	while [ $pg_i -lt 300 ]; do
		"$PG_BIN/pg_isready" -q -h "$PG_TMP" -p "$PG_PORT" -U "$PG_USER" \
		    -d postgres && return 0
		sleep 0.1
		pg_i=$((pg_i + 1))
	done
	echo "pg-harness: the server is not ready after 30 s" >&2
	cat "$PG_TMP/server.log" >&2 2>/dev/null
	return 1
}

# pg_psql SQL: run one statement as the test user (for test set-up only).
pg_psql() {
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_TMP" -p "$PG_PORT" \
	    -U "$PG_USER" -d "$PG_DB" -c "$1"
}

# pg_restart: restart the server (fast: open connections are cut).
pg_restart() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -m fast restart \
	    >>"$PG_TMP/pg_ctl.log" 2>&1 || {
		cat "$PG_TMP/server.log" >&2 2>/dev/null
		return 1
	}
	pg_wait
}

# pg_stop: stop the server of PG_DATA, kill it by its pid if it does not
# stop, and remove the temporary directory.  Safe to call twice.
pg_stop() {
	[ -n "$PG_TMP" ] || return 0
	if [ -f "$PG_DATA/postmaster.pid" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 30 -m fast stop \
		    >/dev/null 2>&1
		if [ -f "$PG_DATA/postmaster.pid" ]; then
			pg_pid=$(head -n 1 "$PG_DATA/postmaster.pid")
			case $pg_pid in
			''|*[!0-9]*) ;;
			*) kill -QUIT "$pg_pid" 2>/dev/null ;;
			esac
		fi
	fi
	rm -rf "$PG_TMP"
	PG_TMP=
	PG_DATA=
}
