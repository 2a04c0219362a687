#!/bin/sh
# SPDX-License-Identifier: ISC
# video-cgi.sh: video.fcgi run as plain CGI: ffmpeg's health, TS to MP4 by
# stream copy (streamed and by X-Sendfile), file names, errors, cleanup.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"

VIDEO=$top_builddir/cgi-bin/video.fcgi
tap_need "$VIDEO" ffmpeg
tap_tmpdir
DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$DATA_DIR/autoclip.db
export DATA_DIR DATABASE_URL
unset API_TOKEN DEBUG AUTOCLIP_CONF SENDFILE
mkdir -p "$DATA_DIR"

# cgi METHOD PATH QUERY CTYPE BODYFILE [ENV=VALUE...]: cgi_run of video.fcgi.
. "$top_srcdir/tests/tools/cgi-harness.sh"
cgi() { cgi_run "$VIDEO" "$@"; }
# mp FILE [PART-FILENAME]: a multipart body with FILE as the field "file".
mp() {
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; '
	printf 'filename="%s"\r\nContent-Type: video/mp2t\r\n\r\n' "${2:-in.ts}"
	cat "$1"
	printf '\r\n--XyZ--\r\n'
}
MPT='multipart/form-data; boundary=XyZ'
leftovers() { find "$DATA_DIR/tmp" "$DATA_DIR/media" -type f 2>/dev/null | wc -l; }

cgi GET /api/video/health '' '' ''
tap_is "$status" 200 "video health: 200"
tap_like "$(cat "$TMPD/body")" '"found":true,"version":"[0-9]' \
    "video health: ffmpeg found, its version"
tap_like "$(cat "$TMPD/body")" '"encoders":{"h264":true,"aac":true}' \
    "video health: H.264 and AAC encoders"

ffmpeg -nostdin -hide_banner -loglevel error -f lavfi \
    -i testsrc=size=160x120:rate=10:duration=1 -f lavfi \
    -i sine=frequency=440:duration=1 -c:v libx264 -c:a aac -f mpegts \
    "$TMPD/in.ts" || tap_bail "making a TS failed"
mp "$TMPD/in.ts" 'my clip.ts' > "$TMPD/mp"

cgi POST /api/video/convert/ts-to-mp4 '' "$MPT" "$TMPD/mp"
tap_is "$status" 200 "convert: 200"
tap_is "$(header Content-Type)" video/mp4 "convert: video/mp4"
tap_like "$(header Content-Disposition)" 'attachment; filename="my_clip.mp4"' \
    "convert: named after the part's file, sanitised"
tap_is "$(header X-Autoclip-Conversion)" copy "convert: by stream copy"
tap_is "$(dd if="$TMPD/body" bs=1 skip=4 count=4 2>/dev/null)" ftyp \
    "convert: the body is an MP4"
tap_is "$(leftovers)" 0 "convert: no file left behind"

cgi POST /api/video/convert/ts-to-mp4 'filename=../../etc/passwd' "$MPT" \
    "$TMPD/mp"
tap_like "$(header Content-Disposition)" 'filename="passwd.mp4"' \
    "a path as filename: only a safe last component"
cgi POST /api/video/convert/ts-to-mp4 'filename=%00x' "$MPT" "$TMPD/mp"
tap_is "$status" 400 "a NUL in filename: 400"

cgi POST /api/video/convert/ts-to-mp4 'filename=out' "$MPT" "$TMPD/mp" \
    SENDFILE=x-sendfile
tap_is "$status" 200 "X-Sendfile: 200"
sf=$(header X-Sendfile)
tap_like "$sf" "^$DATA_DIR/media/convert-[0-9a-f-]*\.mp4\$" \
    "X-Sendfile: a path of ours under DATA_DIR/media"
tap_is "$(wc -c < "$TMPD/body")" 0 "X-Sendfile: no body"
tap_check "X-Sendfile: the file is there for the server" test -s "$sf"
tap_is "$(find "$DATA_DIR/tmp" -type f | wc -l)" 0 "X-Sendfile: upload removed"

printf 'not a video at all\n' > "$TMPD/junk"
mp "$TMPD/junk" > "$TMPD/mpjunk"
cgi POST /api/video/convert/ts-to-mp4 '' "$MPT" "$TMPD/mpjunk"
tap_is "$status" 422 "not a video: 422"
tap_is "$(find "$DATA_DIR/tmp" -type f | wc -l)" 0 "not a video: nothing left"
cgi POST /api/video/convert/ts-to-mp4 '' video/mp2t "$TMPD/in.ts"
tap_is "$status" 415 "not multipart: 415"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--XyZ--\r\n' \
    > "$TMPD/mpnone"
cgi POST /api/video/convert/ts-to-mp4 '' "$MPT" "$TMPD/mpnone"
tap_is "$status" 400 "no file field: 400"
cgi POST /api/video/convert/ts-to-mp4 '' "$MPT" "$TMPD/mp" \
    REMOTE_ADDR=192.0.2.9
tap_is "$status" 403 "a write from another host: 403"
cgi POST /api/video/convert/ts-to-mp4 '' "$MPT" "$TMPD/mp" PATH=/nonexistent
tap_is "$status" 503 "ffmpeg missing: 503"

# Cleanup: only stale files of ours go.
touch "$DATA_DIR/media/keep-me.mp4"
cgi DELETE /api/video/cleanup '' '' ''
tap_is "$status" 200 "cleanup: 200"
tap_like "$(cat "$TMPD/body")" '"removed":0' "cleanup: fresh files stay"
cgi DELETE /api/video/cleanup 'max_age_minutes=0' '' ''
tap_like "$(cat "$TMPD/body")" '"removed":1,"bytes":[1-9]' \
    "cleanup max_age_minutes=0: the converted file, with its bytes"
tap_check "cleanup: the file is gone" test ! -e "$sf"
tap_check "cleanup: other files stay" test -e "$DATA_DIR/media/keep-me.mp4"
cgi DELETE /api/video/cleanup 'max_age_minutes=-1' '' ''
tap_is "$status" 400 "cleanup: a bad age is 400"
cgi DELETE /api/video/cleanup '' '' '' REMOTE_ADDR=192.0.2.9
tap_is "$status" 403 "cleanup from another host: 403"
cgi GET /api/video/cleanup '' '' ''
tap_is "$status" 405 "GET cleanup: 405"
tap_done
