#!/bin/sh
# SPDX-License-Identifier: ISC
# export.sh: clips as MP4 from the mock's HLS, through the CLI and
# clips.fcgi as CGI: the cut in the right place (the frame number burned
# into the video read back), copy and exact modes, qualities, ffprobe,
# cache hits, Range, ETag, stale bounds, eviction, the concurrency cap,
# cancel, crash leftovers, and every fault (CDN 403, missing and truncated
# segments, empty and malformed playlists, foreign hosts, a clip outside
# the VOD, ffmpeg failing, the disk filling).
. "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/hls-media.sh"

MOCK=$top_builddir/tests/kick/kick-mock
CLIPS=$top_builddir/cgi-bin/clips.fcgi
ANALYZE=$top_builddir/cgi-bin/analyze.fcgi
tap_need "$MOCK" "$CHATGEN" "$AUTOCLIP" "$CLIPS" "$ANALYZE" curl jq sqlite3 \
    ffmpeg ffprobe prlimit
tap_tmpdir

MOCK_PID=
SLOW_PID=
WORKER_PID=
cleanup() {
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	[ -z "$SLOW_PID" ] || kill "$SLOW_PID" 2>/dev/null
	[ -z "$WORKER_PID" ] || kill -9 "$WORKER_PID" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# mock_start PORTFILE ARGS...: a mock serving $CHAT and $TMPD/media; prints its pid.
mock_start() {
	ms_port=$1
	shift
	rm -f "$ms_port"
	"$MOCK" --chat "$CHAT" --port-file "$ms_port" --hls "$TMPD/media" \
	    --hls-fault-file "$TMPD/fault" "$@" 2>>"$TMPD/mock.err" &
	echo $! >"$ms_port.pid"
	ms_i=0
	while [ ! -s "$ms_port" ]; do
		ms_i=$((ms_i + 1))
		[ "$ms_i" -lt 400 ] || tap_bail "kick-mock did not start: $(cat "$TMPD/mock.err")"
		sleep 0.05
	done
}

DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$DATA_DIR/autoclip.db
AUTOCLIP_BIN=$TMPD/no-such-autoclip	# requests start no worker: the test runs them
export DATA_DIR DATABASE_URL AUTOCLIP_BIN
unset API_TOKEN DEBUG CHAT_STORAGE CHAT_STORAGE_DIR EXPORT_MAX_BYTES \
    EXPORT_MAX_HEIGHT EXPORT_CONCURRENCY SENDFILE
export AUTOCLIP_CONF= KICK_RATE_LIMIT=0 KICK_CONCURRENCY=4
mkdir -p "$DATA_DIR"
"$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 5 --hours 0.1 --rate 2 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
hls_make "$TMPD/media" 60 360p30:640x360 160p30:284x160 ||
    tap_bail "ffmpeg could not make the test video"
: >"$TMPD/fault"
mock_start "$TMPD/port"
MOCK_PID=$(cat "$TMPD/port.pid")
PORT=$(cat "$TMPD/port")
BASE=http://127.0.0.1:$PORT
export KICK_API_URL="$BASE" KICK_WEB_API_URL="$BASE"
export KICK_MEDIA_HOSTS="127.0.0.1:$PORT"

"$AUTOCLIP" fetch "$UUID" >/dev/null 2>"$TMPD/fetch.err" ||
    tap_bail "fetch failed: $(cat "$TMPD/fetch.err")"
DB=$DATA_DIR/autoclip.db
SID=$(sqlite3 "$DB" "SELECT id FROM streams")
# Clips at known chat times (the mock's PDT is 3.5 s before start_time).
clip_add() {
	sqlite3 "$DB" "INSERT INTO clips (stream_id, rank, start_s, end_s, \
	    peak_s, score, status, created_at, updated_at) VALUES ($SID, \
	    100 + $1, $1, $2, $1, 1, '${3:-approved}', 0, 0); \
	    SELECT last_insert_rowid();"
}
C1=$(clip_add 10.3 16.7)
C2=$(clip_add 20.5 26)
C3=$(clip_add 30 34 pending)
COUT=$(clip_add 500 510 pending)

stats() { curl -s "$BASE/__stats" | jq -r "$1"; }
frames() { hls_frameno "$1"; }
probe() {
	ffprobe -v error -show_entries stream=codec_name,height \
	    -of csv=p=0 "$1" | tr '\n' ' '
}
dur() {
	ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" |
	    awk '{ printf "%.1f", $1 }'
}
left() {
	find "$DATA_DIR/exports" -name '.part-*' -o -name 'work-*' |
	    wc -l | tr -d ' '
}

# --- the CLI: copy, exact, qualities ----------------------------------
S0=$(stats .hls_segments)
OUT=$("$AUTOCLIP" export -o "$TMPD/c1.mp4" "$C1" 2>"$TMPD/err")
tap_is "$?" 0 "export CLIP: exit 0 ($(cat "$TMPD/err"))"
# 10.3 s chat = 13.8 s media; copy starts at the keyframe of 12 s (frame 360).
tap_is "$(frames "$TMPD/c1.mp4")" 360 \
    "copy: the first frame is the keyframe before the cut (12 s media)"
tap_like "$OUT" "stream copy: starts 1.80 s early at a keyframe" \
    "copy: the result says the cut snapped to a keyframe, by how much"
tap_is "$(probe "$TMPD/c1.mp4")" "h264,360 aac " \
    "ffprobe: H.264 360p and AAC (EXPORT_MAX_HEIGHT 1080 picks 360p30)"
tap_is "$(dur "$TMPD/c1.mp4")" 8.2 "copy: 6.4 s asked + 1.8 s before"
tap_is "$(($(stats .hls_segments) - S0))" 5 \
    "only the segments of 13.8-20.2 s media were fetched (6 to 10)"
OUT=$("$AUTOCLIP" export --exact -o "$TMPD/c1e.mp4" "$C1" 2>"$TMPD/err")
tap_is "$(frames "$TMPD/c1e.mp4")" 414 \
    "exact: the first frame is the one at 13.8 s media (414)"
tap_is "$(dur "$TMPD/c1e.mp4")" 6.4 "exact: 6.4 s"
tap_like "$OUT" "re-encoded: frame-exact" "exact: the result says so"
tap_is "$(ffmpeg -v error -i "$TMPD/c1e.mp4" -f null - 2>&1 | wc -c | tr -d ' ')" 0 \
    "exact: decodes without an error"
EXPORT_MAX_HEIGHT=200 "$AUTOCLIP" export -o "$TMPD/low.mp4" "$C2" \
    >/dev/null 2>&1
tap_is "$(probe "$TMPD/low.mp4")" "h264,160 aac " \
    "EXPORT_MAX_HEIGHT=200: the best variant not above it (160p30)"
# 20.5 + 3.5 = 24 s: on a keyframe, nothing to snap.
tap_is "$(frames "$TMPD/low.mp4")" 720 "a cut on a keyframe starts there"
"$AUTOCLIP" export --quality 160p30 --pad 2 -o "$TMPD/q.mp4" "$C1" \
    >/dev/null 2>&1
tap_is "$(probe "$TMPD/q.mp4"):$(frames "$TMPD/q.mp4")" "h264,160 aac :300" \
    "--quality 160p30 --pad 2: that variant, from 11.8 s (keyframe 10 s)"
"$AUTOCLIP" export --quality 4k -o "$TMPD/x.mp4" "$C1" >/dev/null 2>"$TMPD/err"
tap_is "$?:$(cat "$TMPD/err")" \
    '1:autoclip: clip 1: no quality "4k"; this VOD has: 360p30, 160p30' \
    "an unknown quality: the ones that exist listed"
S0=$(stats .hls_segments)
"$AUTOCLIP" export -o "$TMPD/c1b.mp4" "$C1" >/dev/null 2>&1
tap_is "$(($(stats .hls_segments) - S0)):$(cmp "$TMPD/c1.mp4" "$TMPD/c1b.mp4" && echo same)" \
    "0:same" "the same export again: the cached file, nothing fetched"
mkdir "$TMPD/approved"
"$AUTOCLIP" export --vod "$UUID" --status approved -o "$TMPD/approved" \
    >"$TMPD/out" 2>&1
tap_is "$?:$(find "$TMPD/approved" -name '*.mp4' | wc -l | tr -d ' ')" 0:2 \
    "export --vod --status approved: one MP4 per approved clip"
tap_like "$(ls "$TMPD/approved")" '^[A-Za-z0-9._-]*_0h00m10s\.mp4$' \
    "file names from channel, title and clip time, safe characters only"

# --- the API (clips.fcgi as CGI) --------------------------------------
cgi() {
	cgi_m=$1 cgi_p=$2 cgi_b=$3
	shift 3
	cgi_len=0
	if [ -n "$cgi_b" ]; then
		printf '%s' "$cgi_b" >"$TMPD/req"
		cgi_len=$(wc -c <"$TMPD/req")
	else
		: >"$TMPD/req"
	fi
	env REQUEST_METHOD="$cgi_m" SCRIPT_NAME="$cgi_p" PATH_INFO= \
	    QUERY_STRING= CONTENT_TYPE=application/json \
	    CONTENT_LENGTH="$cgi_len" REMOTE_ADDR=127.0.0.1 HTTP_HOST=localhost \
	    "$@" "$PROG" <"$TMPD/req" >"$TMPD/out" 2>"$TMPD/err"
	status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$TMPD/out")
	sed '1,/^\r\{0,1\}$/d' "$TMPD/out" >"$TMPD/body"
}
header() { sed -n "1,/^\r\{0,1\}$/s/^$1: //p" "$TMPD/out" | tr -d '\r'; }
jbody() { jq -r "$1" "$TMPD/body" 2>/dev/null; }
PROG=$CLIPS

cgi GET "/api/clips/$C3/mp4" ""
tap_is "$status:$(jbody .code)" "404:no_export" "GET mp4 before any export: 404"
cgi POST "/api/clips/$C3/export" '{"exact": true, "pad_s": 1}'
JOB=$(jbody .id)
tap_is "$status:$(jbody .state):$(jbody .kind):$(header Location)" \
    "202:queued:export:/api/jobs/$JOB" "POST export: 202 with the queued job"
cgi POST "/api/clips/$C3/export" '{"exact": true, "pad_s": 1}'
tap_is "$status:$(jbody .id)" "202:$JOB" "the same export again: the same job"
cgi GET "/api/clips/$C3/mp4" ""
tap_is "$status:$(jbody .code)" "409:export_not_ready" "GET mp4 while queued: 409"
cgi POST "/api/clips/$C3/export" '{"quality": "8k"}'
tap_is "$status:$(jbody .code):$(jbody .detail)" \
    '422:unknown_quality:no quality "8k"; this VOD has: 360p30, 160p30' \
    "an unknown quality: 422 listing those that exist"
for b in '{"exact": "yes"}' '{"pad_s": 99}' '{"quality": "../x"}' '{"nope": 1}'; do
	cgi POST "/api/clips/$C3/export" "$b"
	tap_is "$status" 422 "bad options $b: 422"
done
cgi POST "/api/clips/999999/export" ''
tap_is "$status" 404 "POST export of an unknown clip: 404"
printf 'pad_s=5' >"$TMPD/form"
env REQUEST_METHOD=POST SCRIPT_NAME="/api/clips/$C3/export" PATH_INFO= \
    QUERY_STRING= CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=7 HTTP_ACCEPT=text/html REMOTE_ADDR=127.0.0.1 \
    HTTP_HOST=localhost "$CLIPS" <"$TMPD/form" >"$TMPD/out" 2>/dev/null
tap_like "$(sed -n '1p;/^Location:/p' "$TMPD/out" | tr -d '\r' | tr '\n' ' ')" \
    '^Status: 303 .*Location: /api/jobs/[0-9]* $' \
    "a page's form without script: 303 to the job's page"
sqlite3 "$DB" "DELETE FROM jobs WHERE params LIKE '%pad=5.000'"
cgi POST "/api/clips/$C3/export" '' HTTP_ORIGIN=http://evil.example
tap_is "$status" 403 "a cross-site POST: 403 (the write rules apply)"
cgi POST "/api/clips/$C3/export" '' REMOTE_ADDR=192.0.2.7
tap_is "$status" 403 "a remote client without a token: 403"

"$AUTOCLIP" worker --once >/dev/null 2>&1
PROG=$ANALYZE
cgi GET "/api/jobs/$JOB" ""
tap_is "$(jbody '[.state, .export.segments, .export.segments_total, .export.bytes > 0, .export.url] | @tsv')" \
    "$(printf 'done\t4\t4\ttrue\t/api/clips/%s/mp4' "$C3")" \
    "GET /api/jobs: done, segments fetched of total, bytes, the file's link"
PROG=$CLIPS
cgi GET "/api/clips/$C3/mp4" ""
sed '1,/^\r\{0,1\}$/d' "$TMPD/out" >"$TMPD/api.mp4"
ETAG=$(header ETag)
tap_is "$status:$(header Content-Type):$(header Accept-Ranges)" \
    "200:video/mp4:bytes" "GET mp4: 200 video/mp4, ranges accepted"
tap_like "$(header Content-Disposition)" \
    '^attachment; filename="[A-Za-z0-9._-]*_0h00m30s\.mp4"$' \
    "Content-Disposition: a safe name from channel, title and clip time"
tap_is "$(frames "$TMPD/api.mp4"):$(dur "$TMPD/api.mp4")" "975:6.0" \
    "exact with pad 1: from 32.5 s media (frame 975), 6 s long"
SIZE=$(wc -c <"$TMPD/api.mp4" | tr -d ' ')
tap_is "$(header Content-Length)" "$SIZE" "Content-Length is the file's size"
cgi GET "/api/clips/$C3/mp4" "" HTTP_RANGE=bytes=100-199
sed '1,/^\r\{0,1\}$/d' "$TMPD/out" >"$TMPD/part"
tap_is "$status:$(header Content-Range):$(wc -c <"$TMPD/part" | tr -d ' ')" \
    "206:bytes 100-199/$SIZE:100" "Range: 206, Content-Range, 100 bytes"
tap_is "$(dd if="$TMPD/api.mp4" bs=1 skip=100 count=100 2>/dev/null | cmp - "$TMPD/part" && echo same)" \
    same "the range's bytes are the file's"
cgi GET "/api/clips/$C3/mp4" "" HTTP_RANGE=bytes=-10
tap_is "$status:$(header Content-Range)" "206:bytes $((SIZE - 10))-$((SIZE - 1))/$SIZE" \
    "a suffix range"
cgi GET "/api/clips/$C3/mp4" "" HTTP_RANGE="bytes=$SIZE-"
tap_is "$status:$(header Content-Range)" "416:bytes */$SIZE" \
    "a range past the end: 416"
cgi GET "/api/clips/$C3/mp4" "" HTTP_IF_NONE_MATCH="$ETAG"
tap_is "$status" 304 "If-None-Match with the ETag: 304"
cgi GET "/api/clips/$C3/mp4" "" HTTP_RANGE=bytes=0-9 HTTP_IF_RANGE='"other"'
tap_is "$status" 200 "If-Range with another ETag: the whole file"
S0=$(stats .hls_segments)
cgi POST "/api/clips/$C3/export" '{"exact": true, "pad_s": 1}'
tap_is "$status:$(jbody .state):$(jbody .url):$(($(stats .hls_segments) - S0))" \
    "200:done:/api/clips/$C3/mp4:0" \
    "the same clip and options again: 200 with the file's link, nothing fetched"
sqlite3 "$DB" "UPDATE clips SET end_s = 35 WHERE id = $C3"
cgi GET "/api/clips/$C3/mp4" ""
tap_is "$status:$(jbody .code)" "404:no_export" \
    "moving the clip's end makes its export stale: 404"
cgi POST "/api/clips/$C3/export" '{"exact": true, "pad_s": 1}'
tap_is "$status:$(jbody .state)" "202:queued" "... and a new export is queued"
PROG=$ANALYZE
QJOB=$(jbody .id)
cgi GET "/api/jobs/$QJOB" "" HTTP_ACCEPT=text/html
tap_is "$status:$(grep -c 'Cancel the export' "$TMPD/body")" "200:1" \
    "a queued export's page (no script) offers to cancel the export"
cgi DELETE "/api/jobs/$QJOB" ""
tap_is "$status:$(jbody .state)" "200:cancelled" "DELETE /api/jobs cancels a queued export"

# --- faults: each ends the job with a message, nothing left behind ---
fault() {
	f_name=$1 f_clip=$2 f_want=$3
	shift 3
	echo "$f_name" >"$TMPD/fault"
	rm -f "$DATA_DIR"/exports/clip*.mp4
	PROG=$CLIPS
	cgi POST "/api/clips/$f_clip/export" "${FAULT_BODY:-{\"pad_s\": 1\}}"
	f_job=$(jbody .id)
	env "$@" "$AUTOCLIP" worker --once >/dev/null 2>&1
	PROG=$ANALYZE
	cgi GET "/api/jobs/$f_job" ""
	tap_like "$(jbody .state): $(jbody .error)" "^failed: .*$f_want" \
	    "fault ${f_name:-none}: $(jbody .error)"
	tap_is "$(left):$(find "$DATA_DIR/exports" -name 'clip*.mp4' | wc -l | tr -d ' ')" \
	    0:0 "fault ${f_name:-none}: no partial file, no work directory, no MP4"
	: >"$TMPD/fault"
}
fault 403 "$C2" "refused segment .*HTTP 403.*try again later"
cgi GET "/api/jobs/$f_job" "" HTTP_ACCEPT=text/html
tap_is "$status:$(grep -c 'refused segment' "$TMPD/body"):$(grep -c 'Upload the chat' "$TMPD/body")" \
    "200:1:0" "a failed export's page (no script) says why and offers no chat upload"
fault missing "$C2" "missing on the CDN (HTTP 404)"
fault truncated "$C2" "could not be fetched after 4 attempts"
fault empty "$C2" "master playlist is empty"
fault malformed "$C2" "does not start with #EXTM3U"
fault malformed-media "$C2" "bad #EXTINF duration"
fault foreign "$C2" "another host (cdn.invalid).*KICK_MEDIA_HOSTS"
fault garbage "$C2" "not readable video\|no video keyframe"
# ffmpeg itself failing (exact mode does not ask ffprobe first).
FAULT_BODY='{"pad_s": 1, "exact": true}'
fault garbage "$C2" "ffmpeg could not cut the segments: they may be damaged"
FAULT_BODY=
fault "" "$COUT" "outside the VOD"
fault "" "$C2" "KICK_MEDIA_HOSTS" KICK_MEDIA_HOSTS=
# The disk filling: a file size limit the worker's writes run into.
echo '' >"$TMPD/fault"
PROG=$CLIPS
rm -f "$DATA_DIR"/exports/clip*.mp4
cgi POST "/api/clips/$C2/export" '{"pad_s": 1}'
J=$(jbody .id)
# 1 MB: the database and each segment fit, the joined segments do not.
sh -c 'trap "" XFSZ; exec prlimit --fsize=1000000 "$@"' sh "$AUTOCLIP" \
    worker --once >/dev/null 2>&1
PROG=$ANALYZE
cgi GET "/api/jobs/$J" ""
tap_like "$(jbody .error)" "is full" \
    "the disk filling: $(jbody .error)"
tap_is "$(left)" 0 "the disk filling: nothing half-written remains"

# --- crash leftovers, the concurrency cap, cancel while running -------
mkdir -p "$DATA_DIR/exports/work-77-999999"
: >"$DATA_DIR/exports/work-77-999999/000000.ts"
: >"$DATA_DIR/exports/.part-77-999999.mp4"
"$AUTOCLIP" worker --once >/dev/null 2>&1
tap_is "$(left)" 0 "a dead process's work directory and partial file are removed"

PROG=$CLIPS
cgi POST "/api/clips/$C1/export" '{"pad_s": 3}'
JA=$(jbody .id)
cgi POST "/api/clips/$C2/export" '{"pad_s": 3}'
JB=$(jbody .id)
sqlite3 "$DB" "UPDATE jobs SET state = 'running', worker = 'elsewhere:1', \
    heartbeat_at = strftime('%s', 'now') WHERE id = $JA"
EXPORT_CONCURRENCY=1 "$AUTOCLIP" worker --once >/dev/null 2>&1
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs WHERE id = $JB")" queued \
    "EXPORT_CONCURRENCY=1 with one export running: the next waits queued"
EXPORT_CONCURRENCY=2 "$AUTOCLIP" worker --once >/dev/null 2>&1
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs WHERE id = $JB")" done \
    "EXPORT_CONCURRENCY=2: it runs"
sqlite3 "$DB" "UPDATE jobs SET state = 'cancelled' WHERE id = $JA"

# A slow CDN (300 ms a request, one at a time): cancel while fetching.
mock_start "$TMPD/slowport" --latency-ms 300
SLOW_PID=$(cat "$TMPD/slowport.pid")
SLOW=http://127.0.0.1:$(cat "$TMPD/slowport")
sqlite3 "$DB" "UPDATE streams SET source = '$SLOW/hls/master.m3u8'"
cgi POST "/api/clips/$C1/export" '{"pad_s": 10}'
J=$(jbody .id)
KICK_MEDIA_HOSTS="127.0.0.1:$(cat "$TMPD/slowport")" KICK_CONCURRENCY=1 \
    "$AUTOCLIP" worker --once >/dev/null 2>&1 &
WORKER_PID=$!
i=0
while [ "$(sqlite3 "$DB" "SELECT CAST(message AS INTEGER) >= 1 FROM jobs WHERE id = $J")" != 1 ]; do
	i=$((i + 1))
	[ "$i" -lt 200 ] || break
	sleep 0.05
done
PROG=$ANALYZE
cgi DELETE "/api/jobs/$J" ""
tap_is "$status:$(jbody .state)" 200:cancelled "DELETE a running export: cancelled"
wait "$WORKER_PID"
WORKER_PID=
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs WHERE id = $J"):$(left)" \
    cancelled:0 "the worker stopped and removed its partial files"

# A worker killed while fetching: its job is taken again and finished by
# the next worker, which first removes what the dead one left.
PROG=$CLIPS
cgi POST "/api/clips/$C1/export" '{"pad_s": 9}'
J=$(jbody .id)
KICK_MEDIA_HOSTS="127.0.0.1:$(cat "$TMPD/slowport")" KICK_CONCURRENCY=1 \
    "$AUTOCLIP" worker --once >/dev/null 2>&1 &
WORKER_PID=$!
i=0
while [ "$(sqlite3 "$DB" "SELECT CAST(message AS INTEGER) >= 1 FROM jobs WHERE id = $J")" != 1 ]; do
	i=$((i + 1))
	[ "$i" -lt 200 ] || break
	sleep 0.05
done
kill -9 "$WORKER_PID"
wait "$WORKER_PID" 2>/dev/null
WORKER_PID=
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs WHERE id = $J"):$(left)" running:1 \
    "a worker killed mid-fetch leaves its job running and a work directory"
SAVED=$(find "$DATA_DIR/exports" -path '*/work-*' -name '*.ts' | wc -l | tr -d ' ')
sleep 1.2
S0=$(curl -s "$SLOW/__stats" | jq .hls_segments)
KICK_MEDIA_HOSTS="127.0.0.1:$(cat "$TMPD/slowport")" KICK_CONCURRENCY=4 \
    "$AUTOCLIP" worker --once --stale-after 1 >/dev/null 2>&1
S1=$(curl -s "$SLOW/__stats" | jq .hls_segments)
tap_is "$(sqlite3 "$DB" "SELECT state || ':' || attempts FROM jobs WHERE id = $J"):$(left)" \
    done:2:0 "the next worker takes the job again, finishes it, and nothing is left over"
tap_is "$SAVED:$((S1 - S0))" "$SAVED:$((13 - SAVED))" \
    "it resumes: the $SAVED segments saved before the kill are not fetched again"
tap_like "$(sqlite3 "$DB" "SELECT message FROM jobs WHERE id = $J")" \
    "$SAVED segments kept from an interrupted run" "... and the job says so"
PROG=$CLIPS
cgi GET "/api/clips/$C1/mp4" ""
sed '1,/^\r\{0,1\}$/d' "$TMPD/out" >"$TMPD/resumed.mp4"
tap_is "$status:$(frames "$TMPD/resumed.mp4"):$(dur "$TMPD/resumed.mp4")" "200:120:25.2" \
    "the resumed export is whole: from 4 s media (the keyframe before 4.8 s), 25.2 s"
sqlite3 "$DB" "UPDATE streams SET source = '$BASE/hls/master.m3u8'"
kill "$SLOW_PID"
SLOW_PID=

# --- the disk budget: the least recently downloaded goes first ---------
rm -f "$DATA_DIR"/exports/clip*.mp4
PROG=$CLIPS
for c in "$C1" "$C2"; do
	cgi POST "/api/clips/$c/export" '{"pad_s": 2}'
	"$AUTOCLIP" worker --once >/dev/null 2>&1
done
sleep 1
cgi GET "/api/clips/$C1/mp4" ""	# C1 downloaded: C2 is the least recent
SZ=$(du -cb "$DATA_DIR"/exports/clip*.mp4 | tail -1 | cut -f1)
cgi POST "/api/clips/$C3/export" '{"pad_s": 2, "quality": "160p30"}'
EXPORT_MAX_BYTES=$((SZ + 1000)) "$AUTOCLIP" worker --once >/dev/null 2>&1
cgi GET "/api/clips/$C2/mp4" ""
tap_is "$status:$(jbody .code)" 404:no_export \
    "over EXPORT_MAX_BYTES: the least recently downloaded export is evicted"
tap_like "$(jbody .detail)" "disk budget" "... and the 404 says why"
cgi GET "/api/clips/$C1/mp4" ""
S1=$status
cgi GET "/api/clips/$C3/mp4" ""
tap_is "$S1:$status" 200:200 "the recently downloaded and the new one stay"
PROG=$top_builddir/cgi-bin/video.fcgi
env REQUEST_METHOD=DELETE SCRIPT_NAME=/api/video/cleanup PATH_INFO= \
    QUERY_STRING=max_age_minutes=0 CONTENT_LENGTH=0 REMOTE_ADDR=127.0.0.1 \
    HTTP_HOST=localhost "$PROG" >"$TMPD/out" 2>/dev/null
tap_is "$(find "$DATA_DIR/exports" -name 'clip*.mp4' | wc -l | tr -d ' ')" 0 \
    "DELETE /api/video/cleanup removes the exports too"

kill "$MOCK_PID"
MOCK_PID=
tap_done
