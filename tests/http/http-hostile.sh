#!/bin/sh
# SPDX-License-Identifier: ISC
# http-hostile.sh: hostile input to streams.fcgi and clips.fcgi (path
# traversal and SQL metacharacters in ids and VOD ids, bad encodings,
# oversized and truncated bodies, wrong content types, non-UTF-8, deep
# JSON): every answer is a 4xx, never a 5xx, and the database is intact.
# Runs under lighttpd with FastCGI on SQLite unless HTTP_MODE/HTTP_DB say
# otherwise; the cgi mode adds bodies shorter than their declared length.
: "${HTTP_MODE:=lighttpd}"
: "${HTTP_DB:=sqlite}"
HTTP_API_LIB=1
export HTTP_MODE HTTP_DB
. "$top_srcdir/tests/http/http-api.sh"

seed vod-one 3
seed vod-two 5
own_data
ID1=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-one'")
req GET "/api/clips/stream/$ID1"
CLIP=$(jnum id)
NSTREAMS=$(sql "SELECT count(*) FROM streams")
NCLIPS=$(sql "SELECT count(*) FROM clips")
STATUSES=$(sql "SELECT id || status FROM clips ORDER BY id")

# hostile DESC [req options] METHOD URL: a 4xx (not a 5xx, not a 2xx).
hostile() {
	_d=$1
	shift
	req "$@"
	case $ST in
	4[0-9][0-9]) tap_result 0 "$_d: $ST" ;;
	*) tap_result 1 "$_d: $ST"; tap_diag "$(head -c 300 "$TMPD/body")" ;;
	esac
	if grep -q 'root:' "$TMPD/body"; then
		tap_diag "a system file leaked"
		tap_failed=$((tap_failed + 1))
	fi
}

# --- ids and VOD ids ---------------------------------------------------
for id in '1;DROP%20TABLE%20streams' "1'%20OR%20'1'='1" '%2e%2e' '..' \
    '..%2f..%2fetc%2fpasswd' '%252e%252e' '1%00' '%ff' '%c3%28' '-1' '0x10' \
    '1e3' '%201' '1%0a' '9223372036854775808' \
    "$(printf '%05000d' 1)"; do
	hostile "GET /api/streams/$(printf '%.40s' "$id")" GET "/api/streams/$id"
	hostile "GET /api/clips/stream/$(printf '%.40s' "$id")" GET "/api/clips/stream/$id"
	hostile "PUT /api/clips/$(printf '%.40s' "$id")" -w -t application/json \
	    -d '{"status":"approved"}' PUT "/api/clips/$id"
	hostile "DELETE /api/streams/$(printf '%.40s' "$id")" -w DELETE "/api/streams/$id"
done
for vod in '1;DROP%20TABLE%20streams' "x'%20OR%20'1'='1" '..%2f..%2fetc%2fpasswd' \
    '%2e%2e' '-rf' 'a%2fb' 'vod%00one' '%ff%fe' 'a%20b' "$(printf '%0100d' 7)"; do
	hostile "check $(printf '%.40s' "$vod")" GET "/api/streams/check/$vod"
	hostile "reanalyze $(printf '%.40s' "$vod")" -w POST "/api/streams/reanalyze/$vod"
done
# Traversal that a client does not normalise.
hostile "/api/streams/../../etc/passwd" GET "/api/streams/../../etc/passwd"
hostile "/api/clips/stream/../../../etc/passwd" GET "/api/clips/stream/../../../etc/passwd"
hostile "/api/streams/check/../../etc/passwd" GET "/api/streams/check/../../etc/passwd"
hostile "/api/streams//1" GET "/api/streams//1"

# --- queries ------------------------------------------------------------
for q in "limit=1;DROP%20TABLE%20streams" "limit=%27" "offset=1%20OR%201=1" \
    "limit=1e2" "limit=%ff" "limit=" "=1" "&&&" "limit=1&offset=0&offset=0" \
    "limit=$(printf '%03000d' 5)"; do
	hostile "GET /api/streams?$(printf '%.40s' "$q")" GET "/api/streams?$q"
done

# --- bodies ---------------------------------------------------------------
U="/api/clips/$CLIP"
hostile "PUT non-UTF-8 JSON" -w -t application/json \
    -d "$(printf '{"status":"appr\377ved"}')" PUT "$U"
hostile "PUT an overlong UTF-8 key" -w -t application/json \
    -d "$(printf '{"st\300\261tus":"approved"}')" PUT "$U"
hostile "PUT a NUL in the status" -w -t application/json \
    -d '{"status":"approved\u0000"}' PUT "$U"
hostile "PUT SQL in the status" -w -t application/json \
    -d "{\"status\":\"approved'; DROP TABLE clips; --\"}" PUT "$U"
printf '%0200d' 0 | tr 0 '[' > "$TMPD/deep.json"
hostile "PUT JSON nested 200 deep" -w -t application/json -f "$TMPD/deep.json" PUT "$U"
hostile "PUT a JSON string" -w -t application/json -d '"approved"' PUT "$U"
hostile "PUT trailing garbage" -w -t application/json -d '{"status":"approved"} x' PUT "$U"
hostile "PUT a comment in JSON" -w -t application/json -d '{"status":"approved"/* */}' PUT "$U"
hostile "PUT single quotes" -w -t application/json -d "{'status':'approved'}" PUT "$U"
hostile "PUT as XML" -w -t application/xml -d '<status>approved</status>' PUT "$U"
hostile "PUT as multipart" -w -t 'multipart/form-data; boundary=x' \
    -d "$(printf -- '--x\r\nContent-Disposition: form-data; name="status"\r\n\r\napproved\r\n--x--\r\n')" PUT "$U"
hostile "PUT without a content type" -w -d '{"status":"approved"}' PUT "$U"
hostile "PUT a near-JSON content type" -w -t 'application/json-patch+json' -d '{"status":"approved"}' PUT "$U"
head -c 2000000 /dev/zero | tr '\0' 'a' > "$TMPD/huge"
hostile "PUT 2 MB" -w -t application/json -f "$TMPD/huge" PUT "$U"
hostile "reanalyze 2 MB" -w -t application/json -f "$TMPD/huge" POST /api/streams/reanalyze/vod-one
hostile "reanalyze 1e400" -w -t application/json -d '{"window_s": 1e400}' POST /api/streams/reanalyze/vod-one
hostile "reanalyze NaN" -w -t application/json -d '{"window_s": NaN}' POST /api/streams/reanalyze/vod-one
hostile "reanalyze -0" -w -t application/json -d '{"window_s": -0}' POST /api/streams/reanalyze/vod-one
hostile "reanalyze a huge integer" -w -t application/json -d '{"max_clips": 99999999999999999999999}' POST /api/streams/reanalyze/vod-one
hostile "reanalyze a nested override" -w -t application/json -d '{"window_s": {"x": 1}}' POST /api/streams/reanalyze/vod-one
hostile "reanalyze a 10 KB key" -w -t application/json -d "{\"$(printf '%010000d' 0)\": 1}" POST /api/streams/reanalyze/vod-one
hostile "GET with a body" -t application/json -d '{"a":1}' GET /api/streams
if [ "$HTTP_MODE" = cgi ]; then
	hostile "PUT shorter than its Content-Length" -w -t application/json \
	    -d '{"status":"approved"}' -l 1000 PUT "$U"
	hostile "PUT a Content-Length over 2^64" -w -t application/json \
	    -d '{"status":"approved"}' -l 99999999999999999999999 PUT "$U"
	hostile "PUT a negative Content-Length" -w -t application/json \
	    -d '{"status":"approved"}' -l -5 PUT "$U"
fi

# --- the database afterwards -----------------------------------------------
tap_is "$(sql "SELECT count(*) FROM streams")" "$NSTREAMS" "the streams are all there"
tap_is "$(sql "SELECT count(*) FROM clips")" "$NCLIPS" "the clips are all there"
tap_is "$(sql "SELECT id || status FROM clips ORDER BY id")" "$STATUSES" "no clip status changed"
if [ "$HTTP_DB" = sqlite ]; then
	tap_is "$(sql "PRAGMA integrity_check")" ok "SQLite integrity check"
fi
req GET /api/streams
tap_is "$ST $(jcount vod_id)" "200 2" "the API still answers"
test -f "$DATA/chats/vod-one.ndjson.gz" && test -f "$DATA/chats/vod-two.ndjson.gz"
tap_result $? "the chat archives are still there"
tap_done
