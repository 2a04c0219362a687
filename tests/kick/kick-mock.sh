#!/bin/sh
# SPDX-License-Identifier: ISC
# kick-mock.sh: the Kick API mock against a generated chat: documents, both
# chat modes at their boundaries, injected latency, rate limits, errors, blocks.
. "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"

MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$MOCK" "$CHATGEN" curl jq
tap_tmpdir

MOCK_PID=
trap 'if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null; fi; rm -rf "$TMPD"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BROWSER_UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36'

# mock_up ARGS...: mock_start (kick-harness.sh), the chat endpoint in MSGS.
. "$top_srcdir/tests/tools/kick-harness.sh"
mock_up() {
	mock_start "$@"
	MSGS=$BASE/api/v2/channels/$CHANNEL/messages
}

# mock_stop: SIGTERM; a test that it exits 0 and wrote nothing to stderr.
mock_stop() {
	kill "$MOCK_PID"
	wait "$MOCK_PID"
	MOCK_RC=$?
	MOCK_PID=
	tap_is "$MOCK_RC:$(cat "$TMPD/mock.err")" 0: \
	    "the mock exits 0 on SIGTERM, silent on stderr"
}

# get URL [CURL-ARGS...]: the status code of a browser-like GET, body in $TMPD/body.
get() {
	get_url=$1
	shift
	curl -s -o "$TMPD/body" -w '%{http_code}' -A "$BROWSER_UA" \
	    -H 'Accept: application/json' "$@" "$get_url"
}

CHAT=$TMPD/chat.json
# Four minutes at 10 messages/s with bursts: many 5-second windows over 25.
"$CHATGEN" --seed 11 --hours 0.07 --rate 10 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
CHANNEL=$(jq -r .video.livestream.channel_id "$CHAT")
SLUG=$(jq -r .video.livestream.channel.slug "$CHAT")
START=$(jq -r '.video.livestream.start_time | sub(" "; "T") + "Z" | fromdateiso8601' "$CHAT")
LAST=$(jq '[.messages[].created_at | fromdateiso8601] | max' "$CHAT")
NMSG=$(jq '.messages | length' "$CHAT")
jq -r '.messages[].id' "$CHAT" | sort >"$TMPD/ids.want"
tap_diag "chat: $NMSG messages, $((LAST - START)) s"

# --- documents -------------------------------------------------------
mock_up

tap_is "$(get "$BASE/api/v1/video/$UUID")" 200 "v1 video document: 200"
tap_is "$(jq -S . "$TMPD/body")" "$(jq -S .video "$CHAT")" \
    "v1 video document is the chat's video, unchanged"
tap_is "$(get "$BASE/api/v1/video/00000000-0000-4000-8000-000000000000")" 404 \
    "unknown VOD: 404"
tap_is "$(jq -c . "$TMPD/body")" '{"message":"Not found"}' "404 body"
tap_is "$(get "$BASE/api/v2/channels/$SLUG")" 200 "channel document: 200"
tap_is "$(jq -c '[.id, .slug, .chatroom.channel_id]' "$TMPD/body")" \
    "[$CHANNEL,\"$SLUG\",$CHANNEL]" "channel document: id, slug, chatroom"
tap_is "$(get "$BASE/api/v2/channels/nosuchchannel")" 404 "unknown channel: 404"
tap_is "$(get "$BASE/api/v1/channels/$CHANNEL/videos/$UUID")" 200 \
    "web video document: 200"
tap_is "$(jq -c '[.message, .data.id, .data.channel.id, .data.duration,
    (.data.start_time | fromdateiso8601)]' "$TMPD/body")" \
    "$(jq -c "[\"Success\", .video.uuid, $CHANNEL,
    (.video.livestream.duration / 1000 | round), $START]" "$CHAT")" \
    "web video document: id, channel, duration in seconds, start"

# --- forward windows -------------------------------------------------
urls=
k=0
while [ $((START + 5 * k)) -le "$LAST" ]; do
	t=$(jq -nr "$((START + 5 * k)) | todateiso8601")
	urls="$urls $MSGS?start_time=$t"
	k=$((k + 1))
done
# shellcheck disable=SC2086
curl -s -w '\n' -A "$BROWSER_UA" -H 'Accept: application/json' $urls \
    >"$TMPD/windows" || tap_bail "curl failed"
jq -n --slurpfile chat "$CHAT" --slurpfile got "$TMPD/windows" \
    --argjson s "$START" '
	($chat[0].messages | map({id, t: (.created_at | fromdateiso8601)})) as $m
	| [range(0; $got | length) as $k
	  | ($s + 5 * $k) as $a | $got[$k].data as $d | $d.messages as $w
	  | ($m | map(select(.t >= $a and .t < $a + 5))) as $exp
	  | {n: ($w | length), nexp: ($exp | length),
	     inwin: all($w[]; (.created_at | fromdateiso8601) as $t
	         | $t >= $a and $t < $a + 5),
	     subset: ((($w | map(.id)) - ($exp | map(.id))) | length == 0),
	     asc: ([$w[].created_at] == ([$w[].created_at] | sort)),
	     cursec: (if $d.cursor == null then null
	         else ($d.cursor | tonumber / 1000000 | floor) end),
	     next: ($m | map(select(.t >= $a + 5) | .t) | min)}]' \
    >"$TMPD/wcheck" || tap_bail "jq failed on the windows"
tap_is "$(jq length "$TMPD/wcheck")" "$k" "one answer per window ($k windows)"
tap_is "$(jq '[.[] | select(.n != ([.nexp, 25] | min))] | length' "$TMPD/wcheck")" 0 \
    "each window holds all its messages, or 25 when more"
tap_check "some windows are capped at 25" \
    test "$(jq '[.[] | select(.nexp > 25)] | length' "$TMPD/wcheck")" -gt 0
tap_is "$(jq '[.[] | select(.inwin and .subset | not)] | length' "$TMPD/wcheck")" 0 \
    "window messages lie in [start_time, start_time + 5 s), exact edges"
tap_is "$(jq '[.[] | select(.asc | not)] | length' "$TMPD/wcheck")" 0 \
    "window messages oldest first"
tap_is "$(jq '[.[] | select(.cursec != .next)] | length' "$TMPD/wcheck")" 0 \
    "window cursor: time of the next message after the window, null at the end"
tap_is "$(jq -s '[.[].data.messages | length] | add' "$TMPD/windows")" \
    "$(jq '[.[].n] | add' "$TMPD/wcheck")" "windows parse as the chat envelope"
t=$(jq -nr "$START | todateiso8601")
t0=$(jq -nr "$START | todate | sub(\"Z\$\"; \".000Z\")")
get "$MSGS?start_time=$t" >/dev/null
cp "$TMPD/body" "$TMPD/w1"
get "$MSGS?start_time=$(printf '%s' "$t0" | sed 's/:/%3A/g')" >/dev/null
tap_check "start_time with milliseconds and escaped colons: the same window" \
    cmp -s "$TMPD/w1" "$TMPD/body"

# --- reverse cursor walk over the whole chat -------------------------
cursor=$(((LAST + 1) * 1000000))
: >"$TMPD/pages"
pages=0
while [ -n "$cursor" ] && [ "$pages" -lt 10000 ]; do
	curl -s -w '\n' -A "$BROWSER_UA" -H 'Accept: application/json' \
	    "$MSGS?cursor=$cursor" >"$TMPD/page" || tap_bail "curl failed"
	cat "$TMPD/page" >>"$TMPD/pages"
	# The envelope ends with the cursor: no need to parse the page here.
	cursor=$(sed -n 's/.*"cursor":"\([0-9]*\)","pinned_message":null}}$/\1/p' \
	    "$TMPD/page")
	pages=$((pages + 1))
done
tap_diag "reverse walk: $pages pages"
tap_is "$(jq -s '[.[] | select((.data.messages | length) > 25)] | length' \
    "$TMPD/pages")" 0 "cursor pages hold at most 25"
tap_is "$(jq -s '[.[] | .data.messages | length] | .[:-2] | map(select(. != 25)) | length' \
    "$TMPD/pages")" 0 "every page is full but the last two (partial, then empty)"
tap_is "$(jq -s '[.[] | .data.messages[].created_at] | . == (sort | reverse)' \
    "$TMPD/pages")" true "pages newest first, across pages too"
tap_is "$(jq -s '[.[] | .data.cursor | select(. != null) | tonumber]
    | . as $c | [range(1; length) | select($c[.] >= $c[. - 1])] | length' \
    "$TMPD/pages")" 0 "cursors strictly decrease"
tap_is "$(jq -s '[.[] | select(.data.cursor != null) | (.data.cursor | tonumber / 1000000 | floor)
    != (.data.messages[-1].created_at | fromdateiso8601)] | any' "$TMPD/pages")" \
    false "a page's cursor is within the second of its oldest message"
tap_is "$(tail -n 1 "$TMPD/pages" | jq -c '[.data.messages, .data.cursor]')" \
    '[[],null]' "the walk ends with an empty page and a null cursor"
jq -r '.data.messages[].id' "$TMPD/pages" | sort >"$TMPD/ids.got"
tap_check "walking back recovers every message id exactly once ($NMSG)" \
    cmp -s "$TMPD/ids.want" "$TMPD/ids.got"
tap_is "$(jq -s '[.[] | .data.messages[] | .created_at | test("^[0-9-]+T[0-9:]+Z$")] | all' \
    "$TMPD/pages")" true "created_at at second precision"
# The µs time of the oldest message of a page, as a cursor, excludes it.
c1=$(sed -n 2p "$TMPD/pages" | jq -r .data.cursor)
id1=$(sed -n 2p "$TMPD/pages" | jq -r '.data.messages[-1].id')
get "$MSGS?cursor=$c1" >/dev/null
tap_is "$(jq -r '.data.messages[0].id == "'"$id1"'"' "$TMPD/body")" false \
    "cursor is strict: the message at the cursor is not repeated"
get "$MSGS?cursor=$((c1 + 1))" >/dev/null
tap_is "$(jq -r '.data.messages[0].id' "$TMPD/body")" "$id1" \
    "one microsecond later the message at the cursor is included"

# --- malformed requests ----------------------------------------------
tap_is "$(get "$MSGS")" 400 "no start_time or cursor: 400"
tap_is "$(get "$MSGS?cursor=12ab")" 400 "bad cursor: 400"
tap_is "$(get "$MSGS?start_time=yesterday")" 400 "bad start_time: 400"
tap_is "$(get "$MSGS?start_time=%zz")" 400 "bad percent escape: 400"
tap_is "$(get "$BASE/api/v2/channels/999999/messages?cursor=1")" 404 \
    "chat of another channel: 404"
tap_is "$(get "$BASE/api/v1/video/$UUID" -X POST)" 405 "POST: 405"
tap_is "$(get "$BASE/api/v1/video/$UUID" -H "X-Big: $(head -c 17000 /dev/zero | tr '\0' a)")" \
    431 "headers over 16 KiB: 431"
tap_is "$(get "$BASE/api/v1/video/$UUID")" 200 "still answering after bad requests"
mock_stop

# --- stats, gzip input -----------------------------------------------
gzip -c "$CHAT" >"$TMPD/chat.json.gz"
CHAT=$TMPD/chat.json.gz
mock_up --stats-file "$TMPD/stats"
get "$BASE/api/v1/video/$UUID" >/dev/null
get "$BASE/api/v1/video/nope" >/dev/null
n=0
for t in 0 5 10; do
	get "$MSGS?start_time=$(jq -nr "$START + $t | todateiso8601")" >/dev/null
	n=$((n + $(jq '.data.messages | length' "$TMPD/body")))
done
get "$MSGS?cursor=$(((LAST + 1) * 1000000))" >/dev/null
n=$((n + $(jq '.data.messages | length' "$TMPD/body")))
get "$BASE/__stats" >/dev/null
tap_is "$(jq -c . "$TMPD/body")" \
    "{\"requests\":6,\"in_flight\":0,\"max_in_flight\":1,\"by_status\":{\"200\":5,\"404\":1},\"messages_served\":$n}" \
    "gzip chat served; stats count requests, statuses, messages"
mock_stop
tap_is "$(jq -c '[.requests, .messages_served]' "$TMPD/stats")" "[6,$n]" \
    "stats file written on exit"
CHAT=$TMPD/chat.json

# --- rate limit ------------------------------------------------------
mock_up --rate-limit 5
# shellcheck disable=SC2046
codes=$(curl -s -w '%{http_code}\n' -A "$BROWSER_UA" -D "$TMPD/head" \
    -H 'Accept: application/json' $(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf -- '-o /dev/null %s ' "$BASE/api/v1/video/$UUID"; done))
tap_is "$(printf '%s\n' "$codes" | head -n 5 | sort -u)" 200 \
    "rate limit 5/s: the first 5 requests pass"
tap_like "$(printf '%s\n' "$codes" | tail -n 7 | sort -u | tr '\n' ' ')" '429' \
    "rate limit 5/s: then 429"
# The headers of the same burst: a second request later could already be
# in the next second on a busy machine.
tap_like "$(tr -d '\r' <"$TMPD/head")" '^Retry-After: 1$' "429 carries Retry-After: 1"
passes() { [ "$(get "$BASE/api/v1/video/$UUID")" = 200 ]; }
tap_wait 5 passes
tap_is "$(get "$BASE/api/v1/video/$UUID")" 200 "after a second: 200 again"
mock_stop

# --- injected server errors ------------------------------------------
mock_up --error-rate 0.3 --seed 5
# shellcheck disable=SC2046
curl -s -w '%{http_code}\n' -A "$BROWSER_UA" \
    -H 'Accept: application/json' $(i=0; while [ $i -lt 300 ]; do
    printf -- '-o /dev/null %s ' "$MSGS?cursor=$(((START + i) * 1000000))"; i=$((i + 1)); done) \
    >"$TMPD/codes"
bad=$(grep -c '^5' "$TMPD/codes")
tap_diag "error rate 0.3: $bad of 300 chat requests failed"
tap_check "error rate 0.3: between 20 % and 40 % of chat requests are 5xx" \
    test "$bad" -ge 60 -a "$bad" -le 120
tap_is "$(grep -v '^200$' "$TMPD/codes" | sort -u | tr '\n' ' ')" "500 502 503 " \
    "errors are 500, 502 and 503"
# shellcheck disable=SC2046
tap_is "$(curl -s -w '%{http_code}\n' -A "$BROWSER_UA" \
    -H 'Accept: application/json' $(for i in 1 2 3 4 5 6 7 8 9 10; do
    printf -- '-o /dev/null %s ' "$BASE/api/v1/video/$UUID"; done) | sort -u)" 200 \
    "documents are not hit by injected errors"
mock_stop

# --- browser headers, blocks, UUIDv7 ---------------------------------
mock_up --require-browser-headers
tap_is "$(curl -s -o "$TMPD/body" -w '%{http_code}' "$BASE/api/v1/video/$UUID")" 403 \
    "curl's own User-Agent: 403"
tap_like "$(cat "$TMPD/body")" 'Just a moment' "403 is a challenge page"
tap_is "$(curl -s -o /dev/null -w '%{http_code}' -A "$BROWSER_UA" -H 'Accept:' \
    "$BASE/api/v1/video/$UUID")" 403 \
    "browser User-Agent without Accept: 403"
tap_is "$(get "$BASE/api/v1/video/$UUID")" 200 "browser User-Agent and Accept: 200"
mock_stop

for code in 403 423 404; do
	mock_up --block "$code"
	tap_is "$(get "$BASE/api/v1/video/$UUID") $(get "$MSGS?cursor=1") $(get "$BASE/api/v2/channels/$SLUG")" \
	    "$code $code $code" "--block $code: every API request answers $code"
	mock_stop
done

mock_up --uuidv7
tap_is "$(get "$BASE/api/v1/video/$UUID")" 404 "UUIDv7 mode: v1 video 404"
tap_is "$(jq -c . "$TMPD/body")" '{"message":"Not found"}' "UUIDv7 mode: 404 body"
tap_is "$(get "$BASE/api/v1/channels/$CHANNEL/videos/$UUID")" 200 \
    "UUIDv7 mode: web fallback 200"
tap_is "$(jq -r .data.id "$TMPD/body")" "$UUID" "UUIDv7 mode: web document id"
mock_stop

# --- concurrency -----------------------------------------------------
mock_up --latency-ms 200
# shellcheck disable=SC2046
t0=$(date +%s%N)
curl -s -Z --parallel-max 50 -w '%{http_code}\n' -A "$BROWSER_UA" \
    -H 'Accept: application/json' $(i=0; while [ $i -lt 50 ]; do
    printf -- '-o /dev/null %s ' "$MSGS?cursor=$(((START + i) * 1000000))"; i=$((i + 1)); done) \
    >"$TMPD/codes" 2>"$TMPD/curl.err"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
tap_diag "50 parallel requests at 200 ms latency: $ms ms"
tap_is "$(sort -u "$TMPD/codes")" 200 "50 parallel requests: all 200"
tap_check "served in parallel (well under 50 x 200 ms)" test "$ms" -lt 5000
get "$BASE/__stats" >/dev/null
tap_check "max_in_flight counts requests waiting at once ($(jq .max_in_flight "$TMPD/body"))" \
    test "$(jq .max_in_flight "$TMPD/body")" -ge 20
tap_is "$(jq .in_flight "$TMPD/body")" 0 "nothing in flight afterwards"
mock_stop

mock_up --latency-ms 50 --max-conns 2
# shellcheck disable=SC2046
curl -s -Z --parallel-max 10 -w '%{http_code}\n' -A "$BROWSER_UA" \
    -H 'Accept: application/json' $(i=0; while [ $i -lt 10 ]; do
    printf -- '-o /dev/null %s ' "$BASE/api/v1/video/$UUID"; i=$((i + 1)); done) >"$TMPD/codes" 2>"$TMPD/curl.err"
tap_is "$(sort -u "$TMPD/codes" | tr '\n' ' ')" "200 " \
    "--max-conns 2: 10 parallel requests all answered"
get "$BASE/__stats" >/dev/null
tap_check "--max-conns 2: never more than 2 in flight" \
    test "$(jq .max_in_flight "$TMPD/body")" -le 2
mock_stop

# --- a chat that is not one ------------------------------------------
printf '[{"id":"x"}]\n' >"$TMPD/bad.json"
"$MOCK" --chat "$TMPD/bad.json" --port-file "$TMPD/badport" 2>"$TMPD/err"
tap_is "$?:$(test -e "$TMPD/badport"; echo $?)" "1:1" \
    "a chat without video: exit 1, no port file"
tap_like "$(cat "$TMPD/err")" 'kick-mock: ' "says why on stderr"

tap_done
