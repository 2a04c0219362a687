#!/bin/sh
# SPDX-License-Identifier: ISC
# api-speed.sh: requests per second and latency of the API under lighttpd
# with FastCGI, on SQLite.
#
# usage: bench/api-speed.sh [BUILDDIR] [SECONDS] [CONNECTIONS]
#
# Fills a fresh SQLite store with 100 analysed streams of 10 clips each (by
# SQL with the sqlite3 shell), starts lighttpd with the built programs
# (tests/tools/httpd-harness.sh), and loads GET /health (when health.fcgi is
# built), GET /api/streams (a page of 20), GET /api/streams?limit=100 and
# GET /api/clips/stream/{id} for SECONDS (default 10) each with
# CONNECTIONS (default 32) connections, with wrk (Debian package wrk), or
# with ab (apache2-utils) when wrk is missing, which it says.  Prints
# requests/s, p50 and p99 latency, and the RSS of each FastCGI process
# afterwards.  The bar: 2000 requests/s with p99 under 50 ms for
# GET /api/streams at 32 connections.
set -u

case ${1:-} in
-h|--help) sed -n '4,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
top_builddir=$(cd "${1:-.}" && pwd) || exit 1
secs=${2:-10}
conns=${3:-32}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
export top_srcdir top_builddir
case $secs$conns in *[!0-9]*) echo "api-speed.sh: SECONDS and CONNECTIONS are numbers" >&2; exit 2 ;; esac

for p in streams clips; do
	[ -x "$top_builddir/cgi-bin/$p.fcgi" ] || {
		echo "api-speed.sh: $top_builddir/cgi-bin/$p.fcgi is not built (make cgi-bin/$p.fcgi)" >&2
		exit 1
	}
done
command -v sqlite3 >/dev/null 2>&1 || { echo "api-speed.sh: the sqlite3 shell is missing: apt-get install sqlite3" >&2; exit 1; }
if command -v wrk >/dev/null 2>&1; then
	tool=wrk
elif command -v ab >/dev/null 2>&1; then
	tool=ab
	echo "api-speed.sh: wrk is not installed (apt-get install wrk); using ab, which opens a new connection per request" >&2
else
	echo "api-speed.sh: neither wrk nor ab is installed: apt-get install wrk" >&2
	exit 1
fi

. "$top_srcdir/tests/tools/httpd-harness.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-bench.XXXXXX") || exit 1
chmod 755 "$tmp"
cleanup() { httpd_stop; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

mkdir "$tmp/data" "$tmp/cgi-bin" || exit 1
db=$tmp/data/autoclip.db
env DATABASE_URL="sqlite://$db" DATA_DIR="$tmp/data" AUTOCLIP_CONF=/dev/null \
    "$top_builddir/bin/autoclip" migrate >/dev/null || exit 1
sqlite3 "$db" <<SQL || exit 1
BEGIN;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100)
INSERT INTO streams (vod_id, channel, title, status, message_count,
    chat_downloaded, created_at, updated_at)
SELECT 'vod-' || n, 'channel' || (n % 10), 'A stream title ' || n,
    'analyzed', 20000 + n, 1, unixepoch() - n * 60, unixepoch() - n * 60 FROM g;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10)
INSERT INTO clips (stream_id, rank, start_s, end_s, peak_s, score, virality,
    status, created_at, updated_at)
SELECT s.id, r.n, r.n * 100, r.n * 100 + 30, r.n * 100 + 15, 100.0 / r.n,
    100 - r.n, 'pending', s.created_at, s.created_at FROM streams s, r;
COMMIT;
ANALYZE;
SQL
[ "$(id -u)" -eq 0 ] && chown -R www-data:www-data "$tmp/data" 2>/dev/null
printf 'DATABASE_URL=sqlite://%s\nDATA_DIR=%s\n' "$db" "$tmp/data" > "$tmp/autoclip.conf"
for p in health streams clips; do
	[ -x "$top_builddir/cgi-bin/$p.fcgi" ] && cp "$top_builddir/cgi-bin/$p.fcgi" "$tmp/cgi-bin/"
done
HTTPD_ENV_FILE=$tmp/autoclip.conf
HTTPD_CONFDIR=$tmp
export HTTPD_CONFDIR
httpd_start lighttpd "$tmp/cgi-bin" "$top_srcdir/htdocs" || exit 1
sid=$(sqlite3 "$db" "SELECT min(id) FROM streams")

echo "lighttpd $(lighttpd -v 2>&1 | sed -n 's/^lighttpd\/\([^ ]*\).*/\1/p'), $tool, $conns connections, $secs s per URL, $(nproc) CPUs"
printf '%-34s %10s %9s %9s %7s\n' URL "req/s" "p50 ms" "p99 ms" errors

# load PATH: one line of results.
load() {
	_u=$HTTPD_URL$1
	_c=$(curl -s -o /dev/null -w '%{http_code}' "$_u")
	if [ "$_c" != 200 ]; then
		printf '%-34s answered %s, skipped\n' "$1" "$_c"
		return
	fi
	if [ $tool = wrk ]; then
		wrk -t 2 -c "$conns" -d "${secs}s" --latency "$_u" > "$tmp/out" 2>&1
		awk -v u="$1" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/Requests\/sec/ { rps = $2 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx|Socket errors/ { err = err $0 }
		END { printf "%-34s %10.0f %9.2f %9.2f %7s\n", u, rps, p50, p99, err == "" ? 0 : "yes" }' "$tmp/out"
	else
		ab -q -t "$secs" -n 10000000 -c "$conns" "$_u" > "$tmp/out" 2>&1
		awk -v u="$1" '
		/^Requests per second/ { rps = $4 }
		$1 == "50%" { p50 = $2 }
		$1 == "99%" { p99 = $2 }
		/^Failed requests/ { err += $3 }
		/^Non-2xx/ { err += $3 }
		END { printf "%-34s %10.0f %9.2f %9.2f %7d\n", u, rps, p50, p99, err }' "$tmp/out"
	fi
}

[ -x "$tmp/cgi-bin/health.fcgi" ] && load /health
load /api/streams
load "/api/streams?limit=100"
load "/api/clips/stream/$sid"

echo "FastCGI processes (RSS after the run):"
ps -o pid=,rss=,args= --ppid "$HTTPD_PID" | awk '{ n = split($3, a, "/"); printf "  %-14s pid %-7s %6.1f MB\n", a[n], $1, $2 / 1024 }'
