# SPDX-License-Identifier: ISC
# http-export.sh: clip export through the served site, sourced by
# http-api.sh (every server and database it runs on) after its video
# section: POST /api/clips/{id}/export, the job, a worker, GET
# /api/clips/{id}/mp4 with the cut where it belongs, Range, ETag, the
# cached answer.  Uses req, sql, own_data and the other functions of http-api.sh.
. "$top_srcdir/tests/tools/hls-media.sh"

XP_MOCKBIN=$top_builddir/tests/kick/kick-mock
tap_need "$XP_MOCKBIN" ffmpeg ffprobe jq
hls_make "$TMPD/xmedia" 10 160p30:284x160 ||
    tap_bail "ffmpeg could not make the test video"
"$CHATGEN" --seed 9 --hours 0.1 --rate 1 --format object \
    -o "$TMPD/xchat.json" 2>/dev/null || tap_bail "chatgen failed"
rm -f "$TMPD/xport"
"$XP_MOCKBIN" --chat "$TMPD/xchat.json" --port-file "$TMPD/xport" \
    --hls "$TMPD/xmedia" 2>"$TMPD/xmock.err" &
XP_MOCK_PID=$!
_i=0
while [ ! -s "$TMPD/xport" ]; do
	_i=$((_i + 1))
	[ "$_i" -lt 400 ] || tap_bail "kick-mock did not start: $(cat "$TMPD/xmock.err")"
	sleep 0.05
done
XP_HOSTS=127.0.0.1:$(cat "$TMPD/xport")
XP=$(sql "SELECT min(id) FROM clips")
# The clip at 1-4 s of chat time: 4.5-7.5 s of media (PDT 3.5 s early).
sql "UPDATE clips SET start_s = 1, end_s = 4 WHERE id = $XP" >/dev/null
# The stream starts when the mock's VOD does (its PDT is 3.5 s earlier).
XP_START=$(jq -r '.video.livestream.start_time | sub(" "; "T") + "Z" | fromdateiso8601' "$TMPD/xchat.json")
case $HTTP_DB in
pg)	XP_VS="to_timestamp($XP_START)" ;;
*)	XP_VS=$XP_START ;;
esac
sql "UPDATE streams SET source = 'http://$XP_HOSTS/hls/master.m3u8', vod_start = $XP_VS WHERE id = (SELECT stream_id FROM clips WHERE id = $XP)" >/dev/null

# A worker the programs start reads the same settings file.
echo "KICK_MEDIA_HOSTS=$XP_HOSTS" >>"$CONF"
req GET "/api/clips/$XP/mp4"
is_error 404 no_export "GET mp4 of a clip never exported: 404"
req -w -t application/json -d '{"exact": true}' POST "/api/clips/$XP/export"
XJOB=$(jnum id)
tap_is "$ST $(HDR location)" "202 /api/jobs/$XJOB" "POST export: 202, Location of the job"
req -t application/json -d '{}' POST "/api/clips/$XP/export"
tap_is "$ST" 401 "POST export without the token: 401"
req GET "/api/clips/$XP/mp4"
is_error 409 export_not_ready "GET mp4 while the export is queued: 409"
# This worker runs it, unless one the POST started has taken it.
env DATABASE_URL="$DBURL" DATA_DIR="$DATA" AUTOCLIP_CONF=/dev/null \
    KICK_MEDIA_HOSTS="$XP_HOSTS" KICK_RATE_LIMIT=0 "$AUTOCLIP" worker --once \
    >"$TMPD/xworker.log" 2>&1
_i=0
while req GET "/api/jobs/$XJOB" && ! grep -q '"state":"\(done\|failed\)"' "$TMPD/body"; do
	_i=$((_i + 1))
	[ "$_i" -lt 300 ] || break
	sleep 0.1
done
own_data
tap_like "$(BODY)" '"state":"done".*"export":{"clip_id":'"$XP"',"segments":2,"segments_total":2,' \
    "the job: done, 2 segments fetched of 2"
req GET "/api/clips/$XP/mp4"
XETAG=$(HDR etag)
tap_is "$ST $(HDR content-type)" "200 video/mp4" "GET mp4: 200 video/mp4"
tap_like "$(HDR content-disposition)" '^attachment; filename="[A-Za-z0-9._-]*_0h00m01s\.mp4"$' \
    "a safe attachment name from channel, title and clip time"
tap_is "$(HDR x-sendfile)" "" "no X-Sendfile reaches the client"
cp "$TMPD/body" "$TMPD/x.mp4"
XSIZE=$(wc -c <"$TMPD/x.mp4" | tr -d ' ')
tap_is "$(hls_frameno "$TMPD/x.mp4")" 135 \
    "the first frame is the one at 4.5 s of media (exact cut)"
req -H 'Range: bytes=10-109' GET "/api/clips/$XP/mp4"
tap_is "$ST $(HDR content-range) $(wc -c <"$TMPD/body" | tr -d ' ')" \
    "206 bytes 10-109/$XSIZE 100" "Range: 206 with Content-Range and 100 bytes"
tap_is "$(dd if="$TMPD/x.mp4" bs=1 skip=10 count=100 2>/dev/null | cmp - "$TMPD/body" && echo same)" \
    same "the range holds the file's bytes"
req -H "If-None-Match: $XETAG" GET "/api/clips/$XP/mp4"
tap_is "$ST" 304 "If-None-Match with its ETag: 304"
req -w -t application/json -d '{"exact": true}' POST "/api/clips/$XP/export"
tap_like "$ST $(BODY)" '^200 {"state":"done",.*"url":"/api/clips/'"$XP"'/mp4"' \
    "the same export again: 200 with the file's link"
kill "$XP_MOCK_PID" 2>/dev/null
wait "$XP_MOCK_PID" 2>/dev/null
XP_MOCK_PID=
