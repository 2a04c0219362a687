#!/bin/sh
# SPDX-License-Identifier: ISC
# openapi.sh: htdocs/openapi.json against the programs: the spec's
# structure, its operations against the programs' route tables, and for
# every operation real answers (run as CGI on SQLite) whose status is
# documented and whose body validates against the documented schema.
HTTP_MODE=cgi
HTTP_DB=sqlite
HTTP_API_LIB=1
export HTTP_MODE HTTP_DB
. "$top_srcdir/tests/http/http-api.sh"

CHECK=$top_builddir/tests/http/openapi-check
SPEC=$top_srcdir/htdocs/openapi.json
tap_need "$CHECK" "$CGIBIN/health.fcgi" "$CGIBIN/analyze.fcgi" \
    "$CGIBIN/video.fcgi" ffmpeg
COVER=$TMPD/coverage
: > "$COVER"

# --- the document -----------------------------------------------------
"$CHECK" "$SPEC" lint 2> "$TMPD/lint"
tap_result $? "openapi.json: OpenAPI 3.1 structure, every \$ref resolves"
[ -s "$TMPD/lint" ] && tap_diag "$(cat "$TMPD/lint")"

# The programs' routes, from their route tables, against the spec's.
for f in "$top_srcdir"/cgi-bin/*.c; do
	sed -n 's/.*{ AC_METHOD_\([A-Z]*\), "\(\/[^"]*\)".*/\1 \2/p' "$f"
done | sed 's/{[^}]*}/{}/g' | sort > "$TMPD/prog.routes"
"$CHECK" "$SPEC" routes | sort > "$TMPD/spec.routes"
tap_is "$(wc -l < "$TMPD/prog.routes" | tr -d ' ')" 25 \
    "the route tables name 25 operations"
tap_is "$(comm -23 "$TMPD/prog.routes" "$TMPD/spec.routes" | tr '\n' ';')" \
    "" "every route of the programs is in the spec"
tap_is "$(comm -13 "$TMPD/prog.routes" "$TMPD/spec.routes" | tr '\n' ';')" \
    "" "every operation of the spec is routed by a program"

# The checker itself refuses what it should (each line: schema, JSON, what
# the message names).
while IFS='|' read -r _s _j _w; do
	printf '%s' "$_j" > "$TMPD/neg.json"
	"$CHECK" "$SPEC" validate "$_s" "$TMPD/neg.json" 2> "$TMPD/neg.err"
	tap_is "$? $(grep -c -- "$_w" "$TMPD/neg.err")" "1 1" \
	    "the checker refuses $_j as $_s ($_w)"
done <<'EOF'
Error|{"detail":"x"}|required property "code"
Error|{"detail":"x","code":"y","z":1}|at /z
Error|{"detail":1,"code":"y"}|at /detail
StoredClip|{"id":1,"stream_id":1,"rank":1,"start":1,"end":2,"peak":1,"score":1,"virality":101,"status":"pending","created_at":"t","updated_at":"t"}|maximum
StoredClip|{"id":1,"stream_id":1,"rank":1,"start":1,"end":2,"peak":1,"score":1,"virality":1,"status":"maybe","created_at":"t","updated_at":"t"}|not one of
CheckResult|{"cached":true}|no oneOf branch
HypeTimeline|{"start":0,"step":1,"values":[1,"x"]}|at /values/1
EOF
printf '{"detail":"x","code":"y"}' > "$TMPD/neg.json"
"$CHECK" "$SPEC" response GET /api/streams 418 application/json \
    "$TMPD/neg.json" 2>/dev/null
tap_is $? 1 "the checker refuses an undocumented status"
"$CHECK" "$SPEC" response GET /api/streams 405 application/json \
    "$TMPD/neg.json" 2>/dev/null
tap_is $? 1 "the checker refuses a 405 for a documented method"
"$CHECK" "$SPEC" response DELETE '/api/clips/{id}' 204 application/json \
    "$TMPD/neg.json" 2>/dev/null
tap_is $? 1 "the checker refuses a body on a 204"

# api DESC TEMPLATE WANT [req options] METHOD URL: one request (see req in
# http-api.sh); its status is WANT, documented for the operation TEMPLATE,
# and its body matches the documented content.
api() {
	_d=$1 _tpl=$2 _want=$3
	shift 3
	_meth=
	_prev=
	for _a in "$@"; do
		_meth=$_prev
		_prev=$_a
	done
	req "$@"
	tap_is "$ST" "$_want" "$_meth $_tpl, $_d: $_want"
	"$CHECK" "$SPEC" response "$_meth" "$_tpl" "$ST" "$(HDR content-type)" \
	    "$TMPD/body" 2> "$TMPD/check.err"
	tap_result $? "$_meth $_tpl $ST: documented, the body matches"
	if [ -s "$TMPD/check.err" ]; then
		tap_diag "$(cat "$TMPD/check.err")"
		tap_diag "body: $(head -c 600 "$TMPD/body")"
	fi
	echo "$_meth $(echo "$_tpl" | sed 's/{[^}]*}/{}/g') $ST" >> "$COVER"
}

# Settings for the failure cases: the database unreachable; no token.
sed "s|^DATABASE_URL=.*|DATABASE_URL=sqlite://$TMPD/nowhere/x.db|" "$CONF" \
    > "$TMPD/nodb.conf"
grep -v '^API_TOKEN=' "$CONF" > "$TMPD/notoken.conf"

seed vod-one 3
seed vod-two 5
seed vod-three 7
ID1=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-one'")
ID2=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-two'")
ID3=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-three'")
JT=application/json

# --- health.fcgi ------------------------------------------------------
T=/health
api "all well" $T 200 GET $T
api "database unreachable" $T 503 -c "$TMPD/nodb.conf" GET $T
api "a POST" $T 405 -w POST $T

# --- analyze.fcgi (both routes) ---------------------------------------
SAMPLE=$top_srcdir/tests/data/sample-chat.json.gz
gzip -dc "$SAMPLE" > "$TMPD/sample.json" || tap_bail "gzip failed"
printf '{"messages": [ {"id": "1", ' > "$TMPD/cut.json"
for T in /api/analyze /analyze; do
	api "a gzip chat" $T 200 -w -t application/gzip -f "$SAMPLE" POST $T
	api "a JSON chat" $T 200 -w -t $JT -f "$TMPD/sample.json" POST $T
	api "a browser's form post" $T 303 -w -t application/gzip \
	    -f "$SAMPLE" -H 'Accept: text/html,*/*;q=0.8' POST $T
	api "malformed JSON" $T 400 -w -t $JT -f "$TMPD/cut.json" POST $T
	api "an empty body" $T 400 -w -t $JT POST $T
	api "no token" $T 401 -t $JT -f "$TMPD/sample.json" POST $T
	api "a wrong token" $T 403 -t $JT -f "$TMPD/sample.json" \
	    -H 'Authorization: Bearer nope' POST $T
	api "another origin" $T 403 -t $JT -f "$TMPD/sample.json" \
	    -H "Authorization: Bearer $TOKEN" -H 'Origin: http://evil.example' \
	    POST $T
	api "a GET" $T 405 GET $T
	api "over the body cap" $T 413 -w -t $JT -d '[]' -l 600000000 POST $T
	api "text/plain" $T 415 -w -t text/plain -d 'hello' POST $T
	api "JSON that is no chat" $T 422 -w -t $JT -d '{"foo": 1}' POST $T
	api "a chat without messages" $T 422 -w -t $JT -d '[]' POST $T
	api "database unreachable" $T 503 -c "$TMPD/nodb.conf" -w \
	    -t application/gzip -f "$SAMPLE" POST $T
done

# --- analyze.fcgi: Kick links and their jobs --------------------------
# No worker can start (AUTOCLIP_BIN names nothing): the jobs stay queued.
{ cat "$CONF"; echo "AUTOCLIP_BIN=$TMPD/no-autoclip"; } > "$TMPD/nobin.conf"
KL=0b5e7f9e-1c3d-4e5f-8a9b-0c1d2e3f4a5b
for T in /api/analyze /analyze; do
	api "a Kick link" $T 202 -w -c "$TMPD/nobin.conf" -t $JT \
	    -d "{\"url\": \"https://kick.com/video/$KL\"}" POST $T
	api "a Kick link from a browser's form" $T 303 -w \
	    -c "$TMPD/nobin.conf" -t application/x-www-form-urlencoded \
	    -d "url=$KL" -H 'Accept: text/html' POST $T
	api "not a VOD link" $T 422 -w -t $JT \
	    -d '{"url": "https://kick.com/somebody"}' POST $T
done
JOB=$(sql "SELECT max(id) FROM jobs")
T='/api/jobs/{id}'
api "a queued job" "$T" 200 GET "/api/jobs/$JOB"
api "an unknown job" "$T" 404 GET /api/jobs/999999
api "a PUT" "$T" 405 -w PUT "/api/jobs/$JOB"
api "no token" "$T" 401 DELETE "/api/jobs/$JOB"
api "cancelling" "$T" 200 -w DELETE "/api/jobs/$JOB"
api "cancelling an unknown job" "$T" 404 -w DELETE /api/jobs/999999
sql "UPDATE jobs SET state = 'done' WHERE id = $JOB" >/dev/null
api "cancelling a finished job" "$T" 409 -w DELETE "/api/jobs/$JOB"
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" GET "/api/jobs/$JOB"
api "a browser's page" "$T" 200 -H 'Accept: text/html' GET "/api/jobs/$JOB"
# The job page's cancel form.
T='/api/jobs/{id}/cancel'
sql "UPDATE jobs SET state = 'queued' WHERE id = $JOB" >/dev/null
api "the form" "$T" 303 -w -t application/x-www-form-urlencoded -d 'token=' POST "/api/jobs/$JOB/cancel"
api "the form, again" "$T" 303 -w -t application/x-www-form-urlencoded -d 'token=' POST "/api/jobs/$JOB/cancel"
api "the form's token, wrong" "$T" 403 -t application/x-www-form-urlencoded -d 'token=nope' POST "/api/jobs/$JOB/cancel"
api "the form without a token" "$T" 401 -t application/x-www-form-urlencoded -d 'token=' POST "/api/jobs/$JOB/cancel"
api "the form's token" "$T" 404 -t application/x-www-form-urlencoded -d "token=$TOKEN" POST /api/jobs/999999/cancel
api "a field it does not take" "$T" 400 -w -t application/x-www-form-urlencoded -d 'x=1' POST "/api/jobs/$JOB/cancel"
api "JSON" "$T" 415 -w -t $JT -d '{}' POST "/api/jobs/$JOB/cancel"
api "a GET" "$T" 405 GET "/api/jobs/$JOB/cancel"
sql "UPDATE jobs SET state = 'done' WHERE id = $JOB" >/dev/null
api "a finished job" "$T" 409 -w -t application/x-www-form-urlencoded -d 'token=' POST "/api/jobs/$JOB/cancel"

# --- streams.fcgi -----------------------------------------------------
T=/api/streams
api "the list" $T 200 GET $T
api "a page" $T 200 GET "$T?limit=2&offset=1"
api "a bad limit" $T 400 GET "$T?limit=abc"
api "an unknown parameter" $T 400 GET "$T?nope=1"
api "a POST" $T 405 -w POST $T
api "a body on a GET" $T 400 -t $JT -d '{}' GET $T
api "database unreachable" $T 503 -c "$TMPD/nodb.conf" GET $T
api "a search" $T 200 GET "$T?q=vod&sort=clips"
api "a bad sort" $T 400 GET "$T?sort=size"
api "the library page" $T 200 -H 'Accept: text/html' GET "$T?q=%3Cscript%3E"

T=/api/streams/params
api "every parameter" $T 200 GET $T
api "a POST" $T 405 -w POST $T

T=/api/streams/learned
api "nothing reviewed yet" $T 200 GET $T
tap_is "$(BODY)" "[]" "nothing learned before a review"
api "a POST" $T 405 -w POST $T
api "database unreachable" $T 503 -c "$TMPD/nodb.conf" GET $T

T=/api/streams/pending
api "none" $T 200 GET $T
sql "UPDATE streams SET status = 'failed', error = 'download failed' WHERE id = $ID3" >/dev/null
api "a failed stream" $T 200 GET $T
sql "UPDATE streams SET status = 'queued', error = '' WHERE id = $ID3" >/dev/null
api "a queued stream" $T 200 GET "$T?limit=5"
sql "UPDATE streams SET status = 'analyzed' WHERE id = $ID3" >/dev/null
api "a bad limit" $T 400 GET "$T?limit=0"
api "a DELETE" $T 405 -w DELETE $T
api "database unreachable" $T 503 -c "$TMPD/nodb.conf" GET $T

T='/api/streams/check/{vod_id}'
api "cached" "$T" 200 GET /api/streams/check/vod-one
api "not cached" "$T" 200 GET /api/streams/check/vod-unknown
api "a bad VOD id" "$T" 400 GET '/api/streams/check/bad%20id'
api "a POST" "$T" 405 -w POST /api/streams/check/vod-one
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" \
    GET /api/streams/check/vod-one

T='/api/streams/reanalyze/{vod_id}'
U=/api/streams/reanalyze/vod-one
api "no body" "$T" 200 -w POST $U
api "overrides" "$T" 200 -w -t $JT -d '{"window_s": 20, "max_clips": 3}' \
    POST $U
api "dry run" "$T" 200 -w -t $JT -d '{"window_s": 25}' POST "$U?dry_run=1"
api "broken JSON" "$T" 400 -w -t $JT -d '{"window_s": ' POST $U
api "no token" "$T" 401 POST $U
api "a wrong token" "$T" 403 -H 'Authorization: Bearer nope' POST $U
api "an unknown VOD" "$T" 404 -w POST /api/streams/reanalyze/vod-unknown
api "a GET" "$T" 405 GET $U
rm -f "$DATA/chats/vod-two.ndjson.gz"
api "its archive gone" "$T" 409 -w POST /api/streams/reanalyze/vod-two
head -c 20000 /dev/zero | tr '\0' ' ' > "$TMPD/big.json"
api "a body too large" "$T" 413 -w -t $JT -f "$TMPD/big.json" POST $U
api "a CSV body" "$T" 415 -w -t text/csv -d 'a,b' POST $U
api "bad overrides" "$T" 422 -w -t $JT -d '{"window_s": "abc"}' POST $U
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" -w POST $U
api "the page's form" "$T" 303 -w -t application/x-www-form-urlencoded -d 'window_s=12&max_clips=&token=' POST $U
api "the page's form, a bad value" "$T" 422 -w -t application/x-www-form-urlencoded -d 'window_s=abc' POST $U

T='/api/streams/{vod_id}/hype.svg'
api "the chart" "$T" 200 GET /api/streams/vod-one/hype.svg
api "an unknown VOD" "$T" 404 GET /api/streams/vod-unknown/hype.svg
api "a POST" "$T" 405 -w POST /api/streams/vod-one/hype.svg

T='/api/streams/{id}'
api "a stream" "$T" 200 GET /api/streams/$ID1
api "a browser's page" "$T" 200 -H 'Accept: text/html' GET /api/streams/$ID1
api "a bad id" "$T" 400 GET /api/streams/x
api "an unknown id" "$T" 404 GET /api/streams/999999
api "a PUT" "$T" 405 -w PUT /api/streams/$ID1
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" \
    GET /api/streams/$ID1

# --- clips.fcgi -------------------------------------------------------
T='/api/clips/stream/{stream_id}'
api "a stream's clips" "$T" 200 GET /api/clips/stream/$ID1
CLIP=$(jnum id)
api "a bad id" "$T" 400 GET /api/clips/stream/x
api "an unknown stream" "$T" 404 GET /api/clips/stream/999999
api "a POST" "$T" 405 -w POST /api/clips/stream/$ID1
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" \
    GET /api/clips/stream/$ID1

T='/api/clips/{id}'
U=/api/clips/$CLIP
api "approve" "$T" 200 -w -t $JT -d '{"status":"approved"}' PUT $U
api "an empty body" "$T" 400 -w -t $JT PUT $U
api "a JSON array" "$T" 400 -w -t $JT -d '["approved"]' PUT $U
api "no token" "$T" 401 -t $JT -d '{"status":"approved"}' PUT $U
api "another origin" "$T" 403 -t $JT -d '{"status":"approved"}' \
    -H "Authorization: Bearer $TOKEN" -H 'Origin: http://evil.example' PUT $U
api "a remote client, no token set" "$T" 403 -c "$TMPD/notoken.conf" \
    -a 192.0.2.7 -t $JT -d '{"status":"approved"}' PUT $U
api "an unknown clip" "$T" 404 -w -t $JT -d '{"status":"approved"}' \
    PUT /api/clips/999999
api "a body too large" "$T" 413 -w -t $JT -f "$TMPD/big.json" PUT $U
api "text/plain" "$T" 415 -w -t text/plain -d '{"status":"approved"}' PUT $U
api "a bad status" "$T" 422 -w -t $JT -d '{"status":"maybe"}' PUT $U
api "an unknown field" "$T" 422 -w -t $JT -d '{"status":"approved","x":1}' \
    PUT $U
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" -w -t $JT \
    -d '{"status":"approved"}' PUT $U
api "a PATCH" "$T" 405 -w -t $JT -d '{"status":"approved"}' PATCH $U
api "new bounds" "$T" 200 -w -t $JT -d '{"start": 12.5, "end": 40}' PUT $U
api "bounds the wrong way" "$T" 422 -w -t $JT -d '{"start": 50, "end": 40}' PUT $U
# The page's form: POST, 303 back.
api "the form: approve" "$T" 303 -w -t application/x-www-form-urlencoded -d 'status=approved&token=' POST $U
api "the form: a start" "$T" 303 -w -t application/x-www-form-urlencoded -d 'start=10.0' POST $U
api "the form: no token" "$T" 401 -t application/x-www-form-urlencoded -d 'status=approved' POST $U
api "the form: its token" "$T" 303 -t application/x-www-form-urlencoded -d "status=rejected&token=$TOKEN" POST $U
api "after reviews: what they taught" /api/streams/learned 200 \
    GET /api/streams/learned
tap_like "$(BODY)" '^\[{"scope":"","labels":1,"vods":1,' \
    "one reviewed clip: weights of all channels"
api "the form: a wrong token" "$T" 403 -t application/x-www-form-urlencoded -d 'status=rejected&token=nope' POST $U
api "the form: another origin" "$T" 403 -t application/x-www-form-urlencoded -d "token=$TOKEN&status=rejected" \
    -H 'Origin: http://evil.example' POST $U
api "the form: two tokens" "$T" 400 -t application/x-www-form-urlencoded -d "token=$TOKEN&token=$TOKEN" POST $U
api "the form: a bad status" "$T" 422 -w -t application/x-www-form-urlencoded -d 'status=maybe' POST $U
api "the form: an unknown field" "$T" 400 -w -t application/x-www-form-urlencoded -d 'x=1' POST $U
api "the form: JSON" "$T" 415 -w -t $JT -d '{"status":"approved"}' POST $U
api "the form: an unknown clip" "$T" 404 -w -t application/x-www-form-urlencoded -d 'status=approved' POST /api/clips/999999
api "no token" "$T" 401 DELETE $U
api "a wrong token" "$T" 403 -H 'Authorization: Bearer nope' DELETE $U
api "a bad id" "$T" 400 -w DELETE /api/clips/x
api "a body" "$T" 400 -w -t $JT -d '{}' DELETE $U
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" -w DELETE $U
api "delete" "$T" 204 -w DELETE $U
api "deleted already" "$T" 404 -w DELETE $U

# Clip export: a real one (tests/http/http-export.sh, against the mock's HLS),
# then each documented answer.
. "$top_srcdir/tests/http/http-export.sh"
T='/api/clips/{id}/mp4'
api "an export's MP4" "$T" 200 GET "/api/clips/$XP/mp4"
api "a range" "$T" 206 -H 'Range: bytes=0-9' GET "/api/clips/$XP/mp4"
api "its ETag" "$T" 304 -H "If-None-Match: $XETAG" GET "/api/clips/$XP/mp4"
api "a range outside" "$T" 416 -H 'Range: bytes=999999999-' GET "/api/clips/$XP/mp4"
api "a bad id" "$T" 400 GET /api/clips/x/mp4
api "an unknown clip" "$T" 404 GET /api/clips/999999/mp4
api "a POST" "$T" 405 -w POST "/api/clips/$XP/mp4"
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" GET "/api/clips/$XP/mp4"
T='/api/clips/{id}/export'
api "cut already" "$T" 200 -w -t $JT -d '{"exact": true}' POST "/api/clips/$XP/export"
api "queued" "$T" 202 -w -t $JT -d '{"pad_s": 2}' POST "/api/clips/$XP/export"
api "queued: the MP4 is not ready" '/api/clips/{id}/mp4' 409 GET "/api/clips/$XP/mp4"
api "a form" "$T" 202 -w -t application/x-www-form-urlencoded -d 'pad_s=3' \
    POST "/api/clips/$XP/export"
api "a bad body" "$T" 400 -w -t $JT -d '[1]' POST "/api/clips/$XP/export"
api "no token" "$T" 401 -t $JT -d '{}' POST "/api/clips/$XP/export"
api "another origin" "$T" 403 -t $JT -d '{}' -H "Authorization: Bearer $TOKEN" \
    -H 'Origin: http://evil.example' POST "/api/clips/$XP/export"
api "an unknown clip" "$T" 404 -w -t $JT -d '{}' POST /api/clips/999999/export
api "a body too large" "$T" 413 -w -t $JT -f "$TMPD/big.json" POST "/api/clips/$XP/export"
api "text/plain" "$T" 415 -w -t text/plain -d '{}' POST "/api/clips/$XP/export"
api "bad options" "$T" 422 -w -t $JT -d '{"pad_s": -1}' POST "/api/clips/$XP/export"
api "a GET" "$T" 405 GET "/api/clips/$XP/export"
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" -w -t $JT -d '{}' \
    POST "/api/clips/$XP/export"

T='/api/streams/{id}'
api "no token" "$T" 401 DELETE /api/streams/$ID2
api "a wrong token" "$T" 403 -H 'Authorization: Bearer nope' \
    DELETE /api/streams/$ID2
api "a bad id" "$T" 400 -w DELETE /api/streams/x
api "database unreachable" "$T" 503 -c "$TMPD/nodb.conf" -w \
    DELETE /api/streams/$ID2
api "delete" "$T" 204 -w DELETE /api/streams/$ID2
api "deleted already" "$T" 404 -w DELETE /api/streams/$ID2

T='/api/streams/{id}/delete'
api "the library's form, unconfirmed" "$T" 422 -w -t application/x-www-form-urlencoded -d 'token=' POST /api/streams/$ID3/delete
api "the library's form, no token" "$T" 401 -t application/x-www-form-urlencoded -d 'confirm=1' POST /api/streams/$ID3/delete
api "the library's form" "$T" 303 -w -t application/x-www-form-urlencoded -d 'confirm=1&token=' POST /api/streams/$ID3/delete
api "the library's form, again" "$T" 404 -w -t application/x-www-form-urlencoded -d 'confirm=1' POST /api/streams/$ID3/delete
api "the library's form, JSON" "$T" 415 -w -t $JT -d '{}' POST /api/streams/$ID3/delete
api "a GET" "$T" 405 GET /api/streams/$ID3/delete

# --- video.fcgi -------------------------------------------------------
T=/api/video/health
api "ffmpeg found" $T 200 GET $T
api "a POST" $T 405 -w POST $T

T=/api/video/convert/ts-to-mp4
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi \
    -i testsrc=size=160x120:rate=10:duration=1 -f lavfi \
    -i sine=frequency=440:duration=1 -c:v libx264 -c:a aac -f mpegts \
    "$TMPD/in.ts" || tap_bail "making a TS failed"
# vmp FILE: a multipart body with FILE as the field "file".
vmp() {
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; '
	printf 'filename="in.ts"\r\nContent-Type: video/mp2t\r\n\r\n'
	cat "$1"
	printf '\r\n--XyZ--\r\n'
}
MPT='multipart/form-data; boundary=XyZ'
vmp "$TMPD/in.ts" > "$TMPD/vmp"
printf 'not a video at all' > "$TMPD/junk"
vmp "$TMPD/junk" > "$TMPD/vmp-junk"
: > "$TMPD/empty"
vmp "$TMPD/empty" > "$TMPD/vmp-empty"
api "a TS" $T 200 -w -t "$MPT" -f "$TMPD/vmp" POST "$T?filename=clip"
api "an empty file" $T 400 -w -t "$MPT" -f "$TMPD/vmp-empty" POST $T
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nab' \
    > "$TMPD/vmp-cut"
api "malformed multipart" $T 400 -w -t "$MPT" -f "$TMPD/vmp-cut" POST $T
api "no token" $T 401 -t "$MPT" -f "$TMPD/vmp" POST $T
api "a wrong token" $T 403 -t "$MPT" -f "$TMPD/vmp" \
    -H 'Authorization: Bearer nope' POST $T
api "a GET" $T 405 GET $T
api "over the body cap" $T 413 -w -t "$MPT" -d 'x' -l 900000000 POST $T
api "not multipart" $T 415 -w -t text/plain -d 'x' POST $T
api "not a video" $T 422 -w -t "$MPT" -f "$TMPD/vmp-junk" POST $T

T=/api/video/cleanup
api "nothing stale" $T 200 -w DELETE $T
api "no token" $T 401 DELETE $T
api "a wrong token" $T 403 -H 'Authorization: Bearer nope' DELETE $T
api "a GET" $T 405 GET $T

# ffmpeg missing (not on the programs' PATH): health degraded, video 503.
mkdir "$TMPD/noff" || tap_bail "mkdir failed"
for _p in health video; do
	printf '#!/bin/sh\nPATH=/nonexistent exec "%s" "$@"\n' \
	    "$top_builddir/cgi-bin/$_p.fcgi" > "$TMPD/noff/$_p.fcgi"
	chmod +x "$TMPD/noff/$_p.fcgi"
done
CGIBIN_REAL=$CGIBIN
CGIBIN=$TMPD/noff
api "ffmpeg missing" /health 200 GET /health
api "ffmpeg missing" /api/video/health 503 GET /api/video/health
api "ffmpeg missing" /api/video/convert/ts-to-mp4 503 -w -t "$MPT" \
    -f "$TMPD/vmp" POST /api/video/convert/ts-to-mp4
CGIBIN=$CGIBIN_REAL

# --- coverage: a success and an error checked for every operation -----
# (a 405 counts for every operation of its path)
while read -r _m _p; do
	_s=$(awk -v m="$_m" -v p="$_p" '$1 == m && $2 == p && $3 < 400 { print $3 }' \
	    "$COVER" | sort -u | tr '\n' ' ')
	_e=$(awk -v m="$_m" -v p="$_p" '$2 == p && $3 >= 400 &&
	    ($1 == m || $3 == 405) { print $3 }' \
	    "$COVER" | sort -u | tr '\n' ' ')
	tap_like "$_s/$_e" '^[0-9].*/4[0-9][0-9]' \
	    "$_m $_p checked: ${_s:-no success}/ ${_e:-no error}"
done < "$TMPD/spec.routes"
tap_diag "operation x status pairs checked: $(sort -u "$COVER" | wc -l | tr -d ' ')"
tap_done
