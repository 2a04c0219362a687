#!/bin/sh
# SPDX-License-Identifier: ISC
# export-speed.sh: a 60 s clip from an 8-hour VOD on the Kick mock (720p30
# and 360p30 variants, 2 s segments, 100 ms latency per request), cut by
# "autoclip export" in copy and exact modes; wall time, bytes and segments
# fetched.  Compared in the same run with the old way: the browser fetches
# the clip's segments (6 at a time), joins them and uploads the whole TS to
# POST /api/video/convert/ts-to-mp4 (video.fcgi as CGI), which sends the
# MP4 back.  Bar: copy mode fetches at most the clip's segments + 2, in
# under 10 s.  Usage: bench/export-speed.sh [BUILDDIR] (default: .)
set -eu
B=$(cd "${1:-.}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
HOURS=${HOURS:-8}
LATENCY=${LATENCY:-100}
CLIP_AT=${CLIP_AT:-14400}	# seconds of chat time: the middle of the VOD
CLIP_LEN=${CLIP_LEN:-60}
T=$(mktemp -d)
MOCK_PID=
trap 'if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || :; fi; rm -rf "$T"' EXIT

# tap_bail for tests/tools/hls-media.sh.
tap_bail() { echo "$*" >&2; exit 1; }
. "$TOP/tests/tools/hls-media.sh"
now() { date +%s.%N; }

# 20 s of video, looped by the mock into the 8-hour VOD.
hls_make "$T/media" 20 720p30:1280x720 360p30:640x360
"$B/bench/chatgen" --hours 0.1 --rate 1 --format object -o "$T/chat.json" \
    2>/dev/null
"$B/tests/kick/kick-mock" --chat "$T/chat.json" --port-file "$T/port" \
    --latency-ms "$LATENCY" --hls "$T/media" --hls-hours "$HOURS" \
    2>"$T/mock.err" &
MOCK_PID=$!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1)); [ $i -lt 400 ] || { echo "mock did not start" >&2; exit 1; }
	sleep 0.05
done
PORT=$(cat "$T/port")
BASE=http://127.0.0.1:$PORT
export DATA_DIR="$T/data" KICK_API_URL="$BASE" KICK_WEB_API_URL="$BASE" \
    KICK_RATE_LIMIT=0 KICK_MEDIA_HOSTS="127.0.0.1:$PORT" AUTOCLIP_CONF=
unset DATABASE_URL CHAT_STORAGE CHAT_STORAGE_DIR EXPORT_MAX_HEIGHT \
    KICK_CONCURRENCY 2>/dev/null || :
"$B/bin/autoclip" migrate >/dev/null
UUID=$(jq -r .video.uuid "$T/chat.json")
"$B/bin/autoclip" fetch "$UUID" >/dev/null 2>"$T/fetch.err"
SID=$(sqlite3 "$T/data/autoclip.db" "SELECT id FROM streams")
CLIP=$(sqlite3 "$T/data/autoclip.db" "INSERT INTO clips (stream_id, rank, \
    start_s, end_s, peak_s, score, created_at, updated_at) VALUES ($SID, 1, \
    $CLIP_AT, $CLIP_AT + $CLIP_LEN, $CLIP_AT, 1, 0, 0); SELECT last_insert_rowid();")
NSEG=$(curl -s "$BASE/hls/720p30/playlist.m3u8" | grep -c '^#EXTINF')
stat() { curl -s "$BASE/__stats" | jq -r "$1"; }

# run MODE ARGS...: one export; prints wall s, segments, bytes, file bytes.
run() {
	r_mode=$1
	shift
	s0=$(stat .hls_segments) b0=$(stat .hls_bytes) p0=$(stat .hls_playlists)
	t0=$(now)
	"$B/bin/autoclip" export "$@" -o "$T/$r_mode.mp4" "$CLIP" >"$T/$r_mode.out" \
	    2>"$T/$r_mode.err" || { cat "$T/$r_mode.err" >&2; exit 1; }
	t1=$(now)
	echo "$t0 $t1 $(($(stat .hls_segments) - s0)) $(($(stat .hls_bytes) - b0)) \
	    $(($(stat .hls_playlists) - p0)) $(wc -c <"$T/$r_mode.mp4")"
}
COPY=$(run copy)
EXACT=$(run exact --exact)
ffprobe -v error -show_entries stream=codec_name,height -of csv=p=0 \
    "$T/copy.mp4" | tr '\n' ' ' >"$T/probe"

# The old way: fetch the clip's segments as the browser did, join, upload.
first=$(awk -v a="$CLIP_AT" 'BEGIN { printf "%d", (a + 3.5) / 2 }')
last=$(awk -v a="$CLIP_AT" -v l="$CLIP_LEN" 'BEGIN { printf "%d", (a + l + 3.5) / 2 }')
s0=$(stat .hls_segments) b0=$(stat .hls_bytes)
t0=$(now)
mkdir "$T/old"
seq "$first" "$last" | xargs -P 6 -I{} curl -s -o "$T/old/{}.ts" \
    "$BASE/hls/720p30/{}.ts"
for n in $(seq "$first" "$last"); do cat "$T/old/$n.ts"; done >"$T/old.ts"
{
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; '
	printf 'filename="clip.ts"\r\nContent-Type: video/mp2t\r\n\r\n'
	cat "$T/old.ts"
	printf '\r\n--XyZ--\r\n'
} >"$T/old.body"
env -i PATH=/usr/bin:/bin REQUEST_METHOD=POST \
    SCRIPT_NAME=/api/video/convert/ts-to-mp4 PATH_INFO= QUERY_STRING= \
    CONTENT_TYPE='multipart/form-data; boundary=XyZ' \
    CONTENT_LENGTH="$(wc -c <"$T/old.body")" REMOTE_ADDR=127.0.0.1 \
    HTTP_HOST=127.0.0.1 DATA_DIR="$T/data" AUTOCLIP_CONF= \
    "$B/cgi-bin/video.fcgi" <"$T/old.body" >"$T/old.out" 2>"$T/old.err"
t1=$(now)
OLD="$t0 $t1 $(($(stat .hls_segments) - s0)) $(($(stat .hls_bytes) - b0)) \
    $(wc -c <"$T/old.body") $(wc -c <"$T/old.out")"

echo "VOD $HOURS h ($NSEG segments of 2 s, 720p30 chosen of 720p30/360p30), latency $LATENCY ms a request"
echo "clip: $CLIP_LEN s at $CLIP_AT s (+3.5 s chat-to-media offset); its segments: $((last - first + 1))"
echo "$COPY" | awk -v n=$((last - first + 1)) -v note="$(cut -f3 "$T/copy.out")" '{
	printf "export (copy):  wall %.2f s, %d segments + %d playlists fetched, %.1f MB fetched, MP4 %.1f MB\n",
	    $2 - $1, $3, $5, $4 / 1e6, $6 / 1e6;
	printf "                %s\n", note }'
echo "$EXACT" | awk '{
	printf "export (exact): wall %.2f s, %d segments + %d playlists fetched, %.1f MB fetched, MP4 %.1f MB\n",
	    $2 - $1, $3, $5, $4 / 1e6, $6 / 1e6 }'
echo "$OLD" | awk '{
	printf "old way (fetch in the browser, upload TS, convert): wall %.2f s, %d segments, %.1f MB fetched + %.1f MB uploaded + %.1f MB sent back\n",
	    $2 - $1, $3, $4 / 1e6, $5 / 1e6, $6 / 1e6 }'
echo "ffprobe (copy): $(cat "$T/probe")"
echo "$COPY" | awk -v n=$((last - first + 1)) '{
	ok = ($3 <= n + 2 && $2 - $1 < 10);
	printf "bar: segments %d <= %d and wall %.2f s < 10 s: %s\n", $3, n + 2,
	    $2 - $1, ok ? "met" : "NOT MET";
	exit ok ? 0 : 1 }'
