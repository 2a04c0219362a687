#!/bin/sh
# SPDX-License-Identifier: ISC
# store-pg-list.sh: how fast the stream list is on PostgreSQL with many rows.
#
# usage: bench/store-pg-list.sh [BUILDDIR] [STREAMS] [CLIPS_PER_STREAM]
#
# Starts a throw-away PostgreSQL cluster (tests/tools/pg-harness.sh), migrates it
# (store-list -m), fills it with STREAMS streams (default 10000) of
# CLIPS_PER_STREAM clips each (default 30: 300,000 clips) by SQL, runs
# VACUUM ANALYZE (as autovacuum would), then times ac_store_stream_list (bench/store-list, 50 calls) for
# the first page of 50, a page of 1000, and a page of 50 deep in the list.
# Nothing is built: BUILDDIR (default .) must hold bench/store-list.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-.}
streams=${2:-10000}
per=${3:-30}
LIST=$builddir/bench/store-list

case ${1:-} in
-h|--help) sed -n '4,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ -x "$LIST" ] || { echo "store-pg-list.sh: $LIST not built (make bench/store-list, or give the build directory)" >&2; exit 1; }
case $streams$per in *[!0-9]*) echo "store-pg-list.sh: counts must be numbers" >&2; exit 2 ;; esac

. "$srcdir/tests/tools/pg-harness.sh"
trap pg_stop EXIT
trap 'pg_stop; exit 130' INT
trap 'pg_stop; exit 143' TERM
pg_start || exit 1
url=$AUTOCLIP_TEST_DATABASE_URL

"$LIST" -m "$url" 1 0 1 >/dev/null || exit 1

t0=$(date +%s.%N)
pg_psql "INSERT INTO streams (vod_id, channel, title, status, message_count,
    chat_downloaded, created_at, updated_at)
    SELECT 'vod-' || g, 'channel' || (g % 100), 'A stream title ' || g,
    'analyzed', 20000 + g, true, now() - g * interval '1 minute',
    now() - g * interval '1 minute' FROM generate_series(1, $streams) g" >/dev/null || exit 1
pg_psql "INSERT INTO clips (stream_id, rank, start_s, end_s, peak_s, score,
    virality, status) SELECT s.id, r, r * 100, r * 100 + 30, r * 100 + 15,
    100.0 / r, 100 - r, 'pending' FROM streams s, generate_series(1, $per) r" >/dev/null || exit 1
pg_psql "VACUUM ANALYZE" >/dev/null || exit 1
t1=$(date +%s.%N)
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'): $(pg_psql "SELECT count(*) FROM streams") streams, $(pg_psql "SELECT count(*) FROM clips") clips (filled in $(echo "$t1 - $t0" | bc 2>/dev/null || echo "?") s)"
echo "first page of 50:  $("$LIST" "$url" 50 0 50)"
echo "first page of 1000: $("$LIST" "$url" 1000 0 20)"
echo "page of 50 at 5000: $("$LIST" "$url" 50 5000 50)"
