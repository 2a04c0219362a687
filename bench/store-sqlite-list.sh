#!/bin/sh
# SPDX-License-Identifier: ISC
# store-sqlite-list.sh: how fast the stream list is on SQLite with many rows.
#
# usage: bench/store-sqlite-list.sh [BUILDDIR] [STREAMS] [CLIPS_PER_STREAM]
#
# Makes a fresh SQLite store in a temporary directory, migrates it
# (store-list -m), fills it with STREAMS streams (default 10000) of
# CLIPS_PER_STREAM clips each (default 30: 300,000 clips) by SQL with the
# sqlite3 shell (Debian package sqlite3), runs ANALYZE, then times
# ac_store_stream_list (bench/store-list) for the first page of 50, a page
# of 1000, and a page of 50 deep in the list: the PostgreSQL twin is
# store-pg-list.sh.  Nothing is built: BUILDDIR must hold bench/store-list.
set -u

builddir=${1:-.}
streams=${2:-10000}
per=${3:-30}
LIST=$builddir/bench/store-list

case ${1:-} in
-h|--help) sed -n '4,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ -x "$LIST" ] || { echo "store-sqlite-list.sh: $LIST not built (make bench/store-list, or give the build directory)" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "store-sqlite-list.sh: the sqlite3 shell is missing: apt-get install sqlite3" >&2; exit 1; }
case $streams$per in *[!0-9]*) echo "store-sqlite-list.sh: counts must be numbers" >&2; exit 2 ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT
db=$tmp/autoclip.db
url=sqlite://$db

"$LIST" -m "$url" 1 0 1 >/dev/null || exit 1
t0=$(date +%s.%N)
sqlite3 "$db" <<SQL || exit 1
BEGIN;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $streams)
INSERT INTO streams (vod_id, channel, title, status, message_count,
    chat_downloaded, created_at, updated_at)
SELECT 'vod-' || n, 'channel' || (n % 100), 'A stream title ' || n,
    'analyzed', 20000 + n, 1, unixepoch() - n * 60, unixepoch() - n * 60 FROM g;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < $per)
INSERT INTO clips (stream_id, rank, start_s, end_s, peak_s, score, virality,
    status, created_at, updated_at)
SELECT s.id, r.n, r.n * 100, r.n * 100 + 30, r.n * 100 + 15, 100.0 / r.n,
    100 - r.n, 'pending', s.created_at, s.created_at FROM streams s, r;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
echo "SQLite $(sqlite3 --version | awk '{print $1}'): $(sqlite3 "$db" 'SELECT count(*) FROM streams') streams, $(sqlite3 "$db" 'SELECT count(*) FROM clips') clips (filled in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
echo "first page of 50:  $("$LIST" "$url" 50 0 50)"
echo "first page of 1000: $("$LIST" "$url" 1000 0 20)"
echo "page of 50 at 5000: $("$LIST" "$url" 50 5000 50)"
