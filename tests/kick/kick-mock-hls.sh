#!/bin/sh
# SPDX-License-Identifier: ISC
# kick-mock-hls.sh: the mock's HLS CDN: a Kick-style master, media playlists
# with PDT, segments made by ffmpeg, a looped 8-hour VOD with continuous
# timestamps, and each fault mode.
. "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/hls-media.sh"

MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$MOCK" "$CHATGEN" curl jq ffmpeg ffprobe
tap_tmpdir

MOCK_PID=
trap 'if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null; fi; rm -rf "$TMPD"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mock_start() {
	rm -f "$TMPD/port"
	"$MOCK" --chat "$CHAT" --port-file "$TMPD/port" --hls "$TMPD/media" \
	    --hls-fault-file "$TMPD/fault" "$@" 2>"$TMPD/mock.err" &
	MOCK_PID=$!
	mock_i=0
	while [ ! -s "$TMPD/port" ]; do
		kill -0 "$MOCK_PID" 2>/dev/null ||
		    tap_bail "kick-mock did not start: $(cat "$TMPD/mock.err")"
		mock_i=$((mock_i + 1))
		[ "$mock_i" -lt 400 ] || tap_bail "kick-mock wrote no port file"
		sleep 0.05
	done
	BASE=http://127.0.0.1:$(cat "$TMPD/port")
}

mock_stop() {
	kill "$MOCK_PID"
	wait "$MOCK_PID"
	MOCK_PID=
}

get() {
	curl -s -o "$TMPD/body" -w '%{http_code}' "$1"
}

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 3 --hours 0.1 --rate 1 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
START=$(jq -r '.video.livestream.start_time | sub(" "; "T") + "Z" | fromdateiso8601' "$CHAT")
hls_make "$TMPD/media" 20 360p30:640x360 160p30:284x160 ||
    tap_bail "ffmpeg could not make the test video"
: >"$TMPD/fault"

mock_start
get "$BASE/api/v1/video/$UUID" >/dev/null
tap_is "$(jq -r .source "$TMPD/body")" "$BASE/hls/master.m3u8" \
    "the VOD's source is the mock's master playlist"
tap_is "$(get "$BASE/hls/master.m3u8")" 200 "master: 200"
tap_is "$(grep -c '^#EXT-X-MEDIA:TYPE=VIDEO' "$TMPD/body"):$(grep -v '^#' "$TMPD/body" | tr '\n' ' ')" \
    "2:360p30/playlist.m3u8 160p30/playlist.m3u8 " \
    "master: EXT-X-MEDIA per variant, relative URIs, highest first"
tap_is "$(get "$BASE/hls/360p30/playlist.m3u8")" 200 "media playlist: 200"
tap_is "$(grep -c '^#EXTINF:2.000,' "$TMPD/body"):$(grep -c '^#EXT-X-PROGRAM-DATE-TIME' "$TMPD/body"):$(tail -1 "$TMPD/body")" \
    "10:10:#EXT-X-ENDLIST" "media playlist: 10 segments of 2 s, each with PDT"
PDT0=$(grep -m1 '^#EXT-X-PROGRAM-DATE-TIME' "$TMPD/body" | cut -d: -f2- |
    jq -R 'sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601')
PDTMS=$(grep -m1 '^#EXT-X-PROGRAM-DATE-TIME' "$TMPD/body" | sed 's/.*\.\([0-9]*\)Z$/\1/')
tap_is "$((START - PDT0)).$PDTMS" "4.500" \
    "the first PDT is 3.5 s before the VOD's start_time"
tap_is "$(get "$BASE/hls/360p30/3.ts")" 200 "segment: 200"
tap_is "$(hls_frameno "$TMPD/body")" 180 "segment 3 begins with frame 180 (6 s)"
tap_is "$(get "$BASE/hls/360p30/10.ts"):$(get "$BASE/hls/720p30/0.ts"):$(get "$BASE/hls/360p30/..%2F..%2Fchat.json")" \
    "404:404:404" "unknown segment, variant or a path outside: 404"

for f in 403 missing; do
	echo "$f" >"$TMPD/fault"
	tap_is "$(get "$BASE/hls/360p30/1.ts")" \
	    "$([ $f = 403 ] && echo 403 || echo 404)" "fault $f: segments refused"
done
echo truncated >"$TMPD/fault"
curl -s -o /dev/null "$BASE/hls/360p30/1.ts"
tap_is "$?" 18 "fault truncated: the segment ends early (curl: partial file)"
echo empty >"$TMPD/fault"
tap_is "$(get "$BASE/hls/master.m3u8"):$(wc -c <"$TMPD/body")" "200:0" \
    "fault empty: an empty master"
echo malformed >"$TMPD/fault"
get "$BASE/hls/master.m3u8" >/dev/null
tap_like "$(cat "$TMPD/body")" "<html>" "fault malformed: an HTML master"
echo foreign >"$TMPD/fault"
get "$BASE/hls/360p30/playlist.m3u8" >/dev/null
tap_like "$(grep -m1 -v '^#' "$TMPD/body")" "^http://cdn.invalid/" \
    "fault foreign: segments on another host"
: >"$TMPD/fault"
S=$(curl -s "$BASE/__stats")
tap_is "$(echo "$S" | jq '.hls_segments > 0 and .hls_bytes > 0 and .hls_playlists > 0')" \
    true "stats count segments, bytes and playlists"
mock_stop

# An 8-hour VOD from 20 s of video: looped with continuous timestamps.
mock_start --hls-hours 8
get "$BASE/hls/160p30/playlist.m3u8" >/dev/null
tap_is "$(grep -c '^#EXTINF' "$TMPD/body")" 14400 "8 hours: 14400 segments"
tap_is "$(get "$BASE/hls/160p30/14399.ts")" 200 "the last segment: 200"
T=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$TMPD/body")
tap_is "$(echo "$T" | awk '{ printf "%d", $1 }')" 28799 \
    "the last segment's timestamps are shifted to 28798 s (+ ffmpeg's 1.4 s)"
mock_stop
tap_done
