#!/bin/sh
# SPDX-License-Identifier: ISC
# export-pg.sh: several machines on one PostgreSQL (CHAT_STORAGE=database):
# a clip exported by a worker with one data directory is downloaded, whole
# and by Range across chunk boundaries, by a web node (clips.fcgi) and the
# CLI with another data directory; the disk budget applies to the exports
# kept in the database.
. "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/pg-harness.sh"
. "$top_srcdir/tests/tools/hls-media.sh"

MOCK=$top_builddir/tests/kick/kick-mock
CLIPS=$top_builddir/cgi-bin/clips.fcgi
tap_need "$MOCK" "$CHATGEN" "$AUTOCLIP" "$CLIPS" curl jq ffmpeg ffprobe
tap_tmpdir

MOCK_PID=
cleanup() {
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	pg_stop
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_start || tap_bail "cannot start a PostgreSQL server (see above)"
DATABASE_URL=$AUTOCLIP_TEST_DATABASE_URL
CHAT_STORAGE=database
AUTOCLIP_BIN=$TMPD/no-such-autoclip
export DATABASE_URL CHAT_STORAGE AUTOCLIP_BIN
unset API_TOKEN DEBUG CHAT_STORAGE_DIR EXPORT_MAX_BYTES EXPORT_MAX_HEIGHT \
    EXPORT_CONCURRENCY SENDFILE
export AUTOCLIP_CONF= KICK_RATE_LIMIT=0
A=$TMPD/node-a
B=$TMPD/node-b
mkdir -p "$A" "$B"
DATA_DIR=$A "$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 5 --hours 0.1 --rate 1 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
# 360p at a high rate, so one export spans several 1 MiB chunks.
hls_make "$TMPD/media" 30 360p30:640x360 ||
    tap_bail "ffmpeg could not make the test video"
"$MOCK" --chat "$CHAT" --port-file "$TMPD/port" --hls "$TMPD/media" \
    2>"$TMPD/mock.err" &
MOCK_PID=$!
i=0
while [ ! -s "$TMPD/port" ]; do
	i=$((i + 1))
	[ "$i" -lt 400 ] || tap_bail "kick-mock did not start: $(cat "$TMPD/mock.err")"
	sleep 0.05
done
BASE=http://127.0.0.1:$(cat "$TMPD/port")
export KICK_API_URL="$BASE" KICK_WEB_API_URL="$BASE"
export KICK_MEDIA_HOSTS="127.0.0.1:$(cat "$TMPD/port")"

DATA_DIR=$A "$AUTOCLIP" fetch "$UUID" >/dev/null 2>"$TMPD/fetch.err" ||
    tap_bail "fetch failed: $(cat "$TMPD/fetch.err")"
SID=$(pg_psql "SELECT id FROM streams")
clip_add() {
	pg_psql "INSERT INTO clips (stream_id, rank, start_s, end_s, peak_s, \
	    score) VALUES ($SID, 1, $1, $2, $1, 1) RETURNING id"
}
C1=$(clip_add 2 28)
C2=$(clip_add 12 20)
segs() { curl -s "$BASE/__stats" | jq .hls_segments; }

# Node A's worker (the CLI) cuts clip 1.
DATA_DIR=$A "$AUTOCLIP" export --exact -o "$TMPD/a.mp4" "$C1" >/dev/null \
    2>"$TMPD/err"
tap_is "$?:$(cat "$TMPD/err")" "0:" "node A exports the clip"
SIZE=$(wc -c <"$TMPD/a.mp4" | tr -d ' ')
tap_is "$(pg_psql "SELECT bytes = $SIZE AND (SELECT count(*) FROM export_chunks) = ($SIZE + 1048575) / 1048576 FROM export_files")" \
    t "the MP4 is kept in the database in 1 MiB chunks ($SIZE bytes)"
tap_check "node B has no export on its disk" \
    test ! -d "$B/exports" -o -z "$(ls "$B/exports" 2>/dev/null)"

# cgi_b METHOD PATH [ENV...]: clips.fcgi as node B; status and body.
cgi_b() {
	cb_m=$1 cb_p=$2
	shift 2
	env REQUEST_METHOD="$cb_m" SCRIPT_NAME="$cb_p" PATH_INFO= \
	    QUERY_STRING= CONTENT_LENGTH=0 REMOTE_ADDR=127.0.0.1 \
	    HTTP_HOST=localhost DATA_DIR="$B" "$@" "$CLIPS" \
	    </dev/null >"$TMPD/out" 2>"$TMPD/cgi.err"
	status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$TMPD/out")
	hl=$(sed '/^\r\{0,1\}$/q' "$TMPD/out" | wc -c | tr -d ' ')
	tail -c +$((hl + 1)) "$TMPD/out" >"$TMPD/body"
}
header() { sed -n "1,/^\r\{0,1\}$/s/^$1: //p" "$TMPD/out" | tr -d '\r'; }

cgi_b GET "/api/clips/$C1/mp4"
tap_is "$status:$(header Content-Length):$(cmp "$TMPD/a.mp4" "$TMPD/body" && echo same)" \
    "200:$SIZE:same" "node B's web program sends node A's MP4 from the database"
ETAG=$(header ETag)
cgi_b GET "/api/clips/$C1/mp4" HTTP_RANGE=bytes=1048570-1048589
tap_is "$status:$(header Content-Range):$(dd if="$TMPD/a.mp4" bs=1 skip=1048570 count=20 2>/dev/null | cmp - "$TMPD/body" && echo same)" \
    "206:bytes 1048570-1048589/$SIZE:same" "a Range across a chunk boundary"
cgi_b GET "/api/clips/$C1/mp4" "HTTP_RANGE=bytes=-100"
tap_is "$status:$(wc -c <"$TMPD/body" | tr -d ' ')" 206:100 "a suffix Range"
cgi_b GET "/api/clips/$C1/mp4" "HTTP_IF_NONE_MATCH=$ETAG"
tap_is "$status" 304 "the same ETag on every node: 304"
S0=$(segs)
DATA_DIR=$B "$AUTOCLIP" export --exact -o "$TMPD/b.mp4" "$C1" >/dev/null 2>&1
tap_is "$(cmp "$TMPD/a.mp4" "$TMPD/b.mp4" && echo same):$(($(segs) - S0))" "same:0" \
    "node B's CLI gets the same file from the database, fetching nothing"

# The budget covers the database: clip 2's export pushes clip 1's out.
sleep 1
DATA_DIR=$A EXPORT_MAX_BYTES=$((SIZE + 1000)) "$AUTOCLIP" export --exact \
    -o "$TMPD/a2.mp4" "$C2" >/dev/null 2>&1
tap_is "$(pg_psql "SELECT count(*) FROM export_files")" 1 \
    "over EXPORT_MAX_BYTES: the least recently downloaded export leaves the database"
cgi_b GET "/api/clips/$C1/mp4"
tap_is "$status" 404 "... and is no longer served by node B"
cgi_b GET "/api/clips/$C2/mp4"
tap_is "$status:$(cmp "$TMPD/a2.mp4" "$TMPD/body" && echo same)" 200:same \
    "the new one is"

# EXPORT_CONCURRENCY over all workers: with one export running on another
# machine and a cap of 1, a worker leaves the next one queued.
C3=$(clip_add 4 8)
pg_psql "INSERT INTO jobs (kind, stream_id, params, state, worker, heartbeat_at) \
    VALUES ('export', $SID, 'clip=$C3;start=4.000;end=8.000;q=;exact=1;pad=9.000', \
    'running', 'other-host:1', now())" >/dev/null
pg_psql "INSERT INTO jobs (kind, stream_id, params) VALUES ('export', $SID, \
    'clip=$C3;start=4.000;end=8.000;q=;exact=0;pad=0.000')" >/dev/null
DATA_DIR=$B EXPORT_CONCURRENCY=1 "$AUTOCLIP" worker --once >/dev/null 2>&1
tap_is "$(pg_psql "SELECT state FROM jobs WHERE params LIKE '%exact=0;pad=0.000'")" \
    queued "EXPORT_CONCURRENCY=1, one running elsewhere: the next waits"
DATA_DIR=$B EXPORT_CONCURRENCY=2 "$AUTOCLIP" worker --once >/dev/null 2>&1
tap_is "$(pg_psql "SELECT state FROM jobs WHERE params LIKE '%exact=0;pad=0.000'")" \
    done "EXPORT_CONCURRENCY=2: it runs"
tap_done
