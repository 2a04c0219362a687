#!/bin/sh
# SPDX-License-Identifier: ISC
# analyze-cgi.sh: analyze.fcgi and health.fcgi run as plain CGI: uploads in
# every shape, the VOD id rules, redirects, debug records and every error.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"

ANALYZE=$top_builddir/cgi-bin/analyze.fcgi
HEALTH=$top_builddir/cgi-bin/health.fcgi
tap_need "$ANALYZE" "$HEALTH" "$AUTOCLIP" gzip
tap_tmpdir
DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$DATA_DIR/autoclip.db
export DATA_DIR DATABASE_URL
unset API_TOKEN DEBUG AUTOCLIP_CONF
mkdir -p "$DATA_DIR"
"$AUTOCLIP" migrate >/dev/null || tap_bail "migrate failed"
SAMPLE=$top_srcdir/tests/data/sample-chat.json.gz

# cgi PROGRAM METHOD PATH QUERY CTYPE BODYFILE [ENV=VALUE...]: cgi_run.
. "$top_srcdir/tests/tools/cgi-harness.sh"
cgi() { cgi_run "$@"; }
body() { cat "$TMPD/body"; }
# json_num KEY: the first number value of "KEY" in the body.
json_num() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$TMPD/body" | head -n 1; }

# A multipart body: mp FILE-FIELD-CONTENT [vod_id]
mp() {
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="chat"; '
	printf 'filename="chat.json.gz"\r\nContent-Type: application/gzip\r\n\r\n'
	cat "$1"
	printf '\r\n'
	if [ -n "${2:-}" ]; then
		printf -- '--XyZ\r\nContent-Disposition: form-data; '
		printf 'name="vod_id"\r\n\r\n%s\r\n' "$2"
	fi
	printf -- '--XyZ--\r\n'
}
MPT='multipart/form-data; boundary=XyZ'

# --- health ---
cgi "$HEALTH" GET /health '' '' ''
tap_is "$status" 200 "GET /health: 200"
tap_like "$(body)" '"status":"ok","database":"ok","ffmpeg":"ok"' \
    "GET /health: database and ffmpeg ok"
tap_like "$(body)" '"version":"[0-9]' "GET /health: the version"
cgi "$HEALTH" GET /health '' '' '' \
    DATABASE_URL="sqlite://$TMPD/nowhere/x.db"
tap_is "$status" 503 "GET /health, database unreachable: 503"
tap_like "$(body)" '"status":"error","database":"unavailable"' \
    "GET /health: the failing part is named"
cgi "$HEALTH" POST /health '' '' ''
tap_is "$status" 405 "POST /health: 405"

# --- the body is the chat ---
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE"
tap_is "$status" 200 "gzip chat: 200"
tap_is "$(json_num message_count)" 2173 "gzip chat: all messages analysed"
id1=$(json_num stream_id)
tap_like "$id1" '^[1-9][0-9]*$' "gzip chat: stream_id ($id1)"
tap_like "$(body)" '"potential_clips":\[{' "gzip chat: clips listed"
tap_like "$(body)" '"status":"pending"' "gzip chat: clips stored for review"
tap_check "gzip chat: archived" test -s \
    "$DATA_DIR/chats/525b35ac-e1cc-4aaf-9fce-df1c7b3678b3.ndjson.gz"

gzip -dc "$SAMPLE" > "$TMPD/sample.json"
cgi "$ANALYZE" POST /analyze '' 'application/json; charset=utf-8' \
    "$TMPD/sample.json"
tap_is "$status" 200 "plain JSON on the original route: 200"
tap_is "$(json_num stream_id)" "$id1" "the same VOD: the same stream"

cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" \
    HTTP_ACCEPT='text/html,application/xhtml+xml,*/*;q=0.8'
tap_is "$status" 303 "a browser's post: 303"
tap_is "$(header Location)" "/api/streams/$id1" "to the stream's page"
# Under a sub-path: the 303 and the page's links keep it.
cgi "$ANALYZE" POST /site/sub/api/analyze '' application/gzip "$SAMPLE" \
    HTTP_ACCEPT='text/html,*/*;q=0.8' REQUEST_URI=/site/sub/api/analyze
tap_is "$status $(header Location)" "303 /site/sub/api/streams/$id1" \
    "under a sub-path: 303 to the stream's page there"
cgi "$top_builddir/cgi-bin/streams.fcgi" GET "/site/sub/api/streams/$id1" '' '' '' \
    HTTP_ACCEPT='text/html,*/*;q=0.8' REQUEST_URI="/site/sub/api/streams/$id1"
tap_is "$status $(header Content-Type)" "200 text/html; charset=utf-8" \
    "a browser gets the stream's page"
tap_check "its stylesheet and links are under the sub-path" \
    grep -q 'href="/site/sub/css/app.css".*' "$TMPD/body"
tap_check "its forms post under the sub-path" \
    grep -q 'action="/site/sub/api/clips/[0-9]*"' "$TMPD/body"
tap_check "its chart is inline SVG" grep -q '<svg xmlns="http://www.w3.org/2000/svg" class="hype-svg"' "$TMPD/body"
tap_like "$(header Content-Security-Policy)" "default-src 'none'; style-src 'self'" \
    "the page's own policy: no script"
tap_is "$(header X-Frame-Options)" DENY "the page is not framed"

# --- multipart ---
mp "$SAMPLE" my-vod_1 > "$TMPD/mp1"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/mp1"
tap_is "$status" 200 "multipart with vod_id: 200"
tap_like "$(body)" '"id":"my-vod_1"' "the vod_id field names the VOD"
tap_check "archived under it" test -s "$DATA_DIR/chats/my-vod_1.ndjson.gz"
cgi "$ANALYZE" POST /api/analyze 'vod_id=other' "$MPT" "$TMPD/mp1"
tap_is "$status" 400 "vod_id in the field and the query: 400"
cgi "$ANALYZE" POST /api/analyze 'vod_id=../etc' application/gzip "$SAMPLE"
tap_is "$status" 400 "a bad vod_id query: 400"

# A chat that names no VOD: the id comes from its messages.
cat > "$TMPD/anon.json" <<'JSON'
[{"id":"a1","content":"KEKW","created_at":"2025-01-01T00:00:01Z","sender":{"id":1,"username":"u1"}},
{"id":"a2","content":"jajaja","created_at":"2025-01-01T00:00:02Z","sender":{"id":2,"username":"u2"}},
{"id":"a3","content":"hello","created_at":"2025-01-01T00:00:09Z","sender":{"id":3,"username":"u3"}}]
JSON
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/anon.json"
tap_is "$status" 200 "a chat without a VOD id: 200"
anon=$(sed -n 's/.*"vod":{"id":"\(chat-[0-9a-f]\{16\}\)".*/\1/p' "$TMPD/body")
tap_like "$anon" '^chat-[0-9a-f]\{16\}$' "its id is derived ($anon)"
gzip -c "$TMPD/anon.json" > "$TMPD/anon.json.gz"
mp "$TMPD/anon.json.gz" > "$TMPD/mp2"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/mp2"
tap_like "$(body)" "\"id\":\"$anon\"" "the same chat, gzip in a form: the same id"

# --- errors ---
printf 'hello' > "$TMPD/hello"
cgi "$ANALYZE" POST /api/analyze '' text/plain "$TMPD/hello"
tap_is "$status" 415 "text/plain: 415"
printf '{"messages": [ {"id": "1", ' > "$TMPD/cut.json"
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/cut.json"
tap_is "$status" 400 "malformed JSON: 400"
tap_like "$(body)" '"code":"invalid_json"' "malformed JSON: its code"
tap_like "$(body)" 'at byte [0-9]' "malformed JSON: where"
printf '{"foo": 1}' > "$TMPD/foo.json"
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/foo.json"
tap_is "$status" 422 "well-formed JSON that is no chat: 422"
printf '[]' > "$TMPD/empty.json"
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/empty.json"
tap_is "$status" 422 "a chat without messages: 422"
tap_like "$(body)" '"code":"no_messages"' "no messages: its code"
: > "$TMPD/nothing"
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/nothing"
tap_is "$status" 400 "an empty body: 400"
cgi "$ANALYZE" POST /api/analyze '' application/json "$TMPD/hello" \
    CONTENT_LENGTH=600000000
tap_is "$status" 413 "over the body cap: 413 before reading"
head -c 3000 "$SAMPLE" > "$TMPD/short"
env REQUEST_METHOD=POST SCRIPT_NAME=/api/analyze PATH_INFO= QUERY_STRING= \
    CONTENT_TYPE=application/gzip CONTENT_LENGTH=$(wc -c < "$SAMPLE") \
    REMOTE_ADDR=127.0.0.1 "$ANALYZE" < "$TMPD/short" > "$TMPD/out" 2>/dev/null
tap_like "$(head -n 1 "$TMPD/out")" '^Status: 400' "a truncated body: 400"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="chat"\r\n\r\n[' \
    > "$TMPD/badmp"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/badmp"
tap_is "$status" 400 "malformed multipart: 400"
mp "$SAMPLE" | sed 's/name="chat"/name="file"/' > "$TMPD/mp3"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/mp3"
tap_is "$status" 400 "multipart without the chat field: 400"
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" \
    REMOTE_ADDR=192.0.2.7
tap_is "$status" 403 "a write from another host without a token: 403"
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" \
    HTTP_ORIGIN=https://evil.example
tap_is "$status" 403 "a cross-site post: 403"
cgi "$ANALYZE" GET /api/analyze '' '' ''
tap_is "$status" 405 "GET /api/analyze: 405"
tap_is "$(header Allow)" POST "with Allow: POST"
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" \
    DATABASE_URL="sqlite://$TMPD/nowhere/x.db"
tap_is "$status" 503 "database unreachable: 503"

# --- API_TOKEN: an upload from a page without script sends the token
# as the form's first part; nothing of the file is read before it ---
TOK=s3cret-token-0123456789
# mpt TOKEN-PART(first|last|none|twice) TOKEN VOD-ID: a multipart upload.
mpt() {
	tokp() {
		printf -- '--XyZ\r\nContent-Disposition: form-data; '
		printf 'name="token"\r\n\r\n%s\r\n' "$1"
	}
	case $1 in first|twice) tokp "$2" ;; esac
	case $1 in twice) tokp "$2" ;; esac
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="vod_id"'
	printf '\r\n\r\n%s\r\n' "$3"
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="chat"; '
	printf 'filename="c.json.gz"\r\nContent-Type: application/gzip\r\n\r\n'
	cat "$SAMPLE"
	printf '\r\n'
	case $1 in last) tokp "$2" ;; esac
	printf -- '--XyZ--\r\n'
}
mpt first "$TOK" tok-ok > "$TMPD/t1"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t1" API_TOKEN="$TOK"
tap_is "$status" 200 "API_TOKEN, the token part before the file: 200"
tap_like "$(body)" '"id":"tok-ok"' "the token upload is analysed"
tap_check "and archived" test -s "$DATA_DIR/chats/tok-ok.ndjson.gz"
mpt first "$TOK" tok-page > "$TMPD/t1b"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t1b" API_TOKEN="$TOK" \
    HTTP_ACCEPT='text/html,*/*;q=0.8' HTTP_ORIGIN=http://127.0.0.1 \
    HTTP_HOST=127.0.0.1 HTTP_SEC_FETCH_SITE=same-origin
tap_is "$status" 303 "the page's upload with its token field: 303"
tap_like "$(header Location)" '^/api/streams/[0-9]' "to the stream's page"
mpt first wrong-token-0123456789 tok-wrong > "$TMPD/t2"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t2" API_TOKEN="$TOK"
tap_is "$status" 403 "a wrong token part: 403"
tap_like "$(body)" '"detail":"wrong API token"' "a wrong token part: said so"
tap_check "a wrong token part: nothing archived" \
    test ! -e "$DATA_DIR/chats/tok-wrong.ndjson.gz"
mpt last "$TOK" tok-late > "$TMPD/t3"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t3" API_TOKEN="$TOK"
tap_is "$status" 401 "the token part after the file: 401"
tap_is "$(header WWW-Authenticate)" 'Bearer realm="autoclip"' \
    "the token part after the file: a bearer challenge"
tap_check "the token part after the file: nothing archived" \
    test ! -e "$DATA_DIR/chats/tok-late.ndjson.gz"
mpt none "$TOK" tok-none > "$TMPD/t4"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t4" API_TOKEN="$TOK"
tap_is "$status" 401 "no token part: 401"
tap_check "no token part: nothing archived" \
    test ! -e "$DATA_DIR/chats/tok-none.ndjson.gz"
mpt first '' tok-blank > "$TMPD/t4b"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t4b" API_TOKEN="$TOK"
tap_is "$status" 401 "an empty token part is no token: 401"
tap_check "an empty token part: nothing archived" \
    test ! -e "$DATA_DIR/chats/tok-blank.ndjson.gz"
mpt twice "$TOK" tok-twice > "$TMPD/t5"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t5" API_TOKEN="$TOK"
tap_is "$status" 400 "the token part twice: 400"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t1" API_TOKEN="$TOK" \
    HTTP_ORIGIN=https://evil.example
tap_is "$status" 403 "a right token part from another origin: 403"
tap_like "$(body)" '"code":"cross_site"' "another origin: refused first"
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" \
    API_TOKEN="$TOK"
tap_is "$status" 401 "a gzip body without the header: still 401"
mpt first "$TOK" tok-open > "$TMPD/t6"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t6"
tap_is "$status" 200 "without API_TOKEN a token part is ignored: 200"
mpt first wrong-token-0123456789 tok-bearer > "$TMPD/t7"
cgi "$ANALYZE" POST /api/analyze '' "$MPT" "$TMPD/t7" API_TOKEN="$TOK" \
    HTTP_AUTHORIZATION="Bearer $TOK"
tap_is "$status" 200 "the bearer header decides, the token part is dropped"

# --- DEBUG=true: three bounded records ---
cgi "$ANALYZE" POST /api/analyze '' application/gzip "$SAMPLE" DEBUG=true \
    DEBUG_LOGS_DIR="$TMPD/debug"
tap_is "$status" 200 "DEBUG=true: 200"
for k in 01_input 02_normalized 03_results; do
	n=$(ls "$TMPD/debug" | grep -c "^${k}_.*\.json$")
	tap_is "$n" 1 "DEBUG=true: one $k record"
done
tap_like "$(cat "$TMPD"/debug/01_input_*)" '"body_head_hex":"1f8b' \
    "01_input: the body's first bytes"
tap_like "$(cat "$TMPD"/debug/02_normalized_*)" '"messages":2173' \
    "02_normalized: the counts"
big=$(find "$TMPD/debug" -size +1024k | wc -l)
tap_is "$big" 0 "each record at most 1 MB"
tap_done
