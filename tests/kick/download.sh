#!/bin/sh
# SPDX-License-Identifier: ISC
# download.sh: Kick chat downloads against the mock: a busy VOD under 429s
# and 5xx recovered exactly once with the clips of the generated chat, a
# kill -9 at about half resumed with fewer requests, one job for two
# fetches at once, bad links, a blocked VOD, the concurrency cap.
. "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"

MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$MOCK" "$CHATGEN" "$AUTOCLIP" curl jq sqlite3 gzip
tap_tmpdir

MOCK_PID=
FETCH_PID=
cleanup() {
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	[ -z "$FETCH_PID" ] || kill -9 "$FETCH_PID" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# mock_start ARGS...: the mock, the library pointed at it.
. "$top_srcdir/tests/tools/kick-harness.sh"

mock_stop() {
	kill "$MOCK_PID" 2>/dev/null
	wait "$MOCK_PID" 2>/dev/null
	MOCK_PID=
}

stat_of() {
	curl -s "$BASE/__stats" | jq -r "$1"
}

# use_data NAME: a fresh DATA_DIR with the schema.
use_data() {
	export DATA_DIR="$TMPD/$1"
	DB="$DATA_DIR/autoclip.db"
	"$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"
}

unset DATABASE_URL CHAT_STORAGE CHAT_STORAGE_DIR DEBUG_LOGS_DIR
export AUTOCLIP_CONF= KICK_RATE_LIMIT=0 KICK_CONCURRENCY=8

# A busy 2-hour VOD: bursts well over 30 messages a second.
CHAT=$TMPD/chat.json
"$CHATGEN" --seed 5 --hours 2 --rate 6 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
jq -r '.messages[].id' "$CHAT" | sort >"$TMPD/want.ids"
WANT=$(wc -l <"$TMPD/want.ids")
peak=$(jq '[.messages[].created_at] | group_by(.) | map(length) | max' "$CHAT")
tap_check "the generated chat has bursts over 30 messages/s ($peak)" \
    test "$peak" -gt 30

# ids_of: the ids of the stored archive, sorted.
ids_of() {
	gzip -dc "$DATA_DIR/chats/$UUID.ndjson.gz" | jq -r .id | sort
}

# 1. Under 429s and 5xx: every message exactly once, clips as analyze.
use_data d1
mock_start --latency-ms 5 --rate-limit 150 --error-rate 0.05 --seed 3
"$AUTOCLIP" fetch "https://kick.com/video/$UUID" >"$TMPD/out" 2>"$TMPD/err"
tap_is "$?" 0 "fetch of a busy VOD under 429s and 5xx"
ids_of >"$TMPD/got.ids"
tap_is "$(wc -l <"$TMPD/got.ids")" "$WANT" "as many messages as generated"
tap_is "$(uniq -d "$TMPD/got.ids" | wc -l)" 0 "no message twice"
tap_check "the same ids as the generated chat" cmp -s "$TMPD/want.ids" \
    "$TMPD/got.ids"
s429=$(stat_of '.by_status["429"] // 0')
s5xx=$(stat_of '[.by_status["500"], .by_status["502"], .by_status["503"]] | map(. // 0) | add')
tap_check "the mock answered 429s ($s429) and 5xx ($s5xx)" \
    test "$s429" -gt 0 -a "$s5xx" -gt 0
maxif=$(stat_of .max_in_flight)
tap_check "never more than 8 requests in flight ($maxif)" test "$maxif" -le 8
"$AUTOCLIP" analyze --format json "$CHAT" 2>/dev/null |
    jq -c '[.potential_clips[] | [.start, .end, .peak]]' >"$TMPD/clips.want"
"$AUTOCLIP" show --format json "$UUID" 2>/dev/null |
    jq -c '[.potential_clips[] | [.start, .end, .peak]]' >"$TMPD/clips.got"
tap_check "clips equal those of analysing the generated chat" \
    test -s "$TMPD/clips.want" -a "$(cat "$TMPD/clips.want")" = \
    "$(cat "$TMPD/clips.got")"
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs")" done "the job is done"
tap_check "no partial files left" test -z \
    "$(find "$DATA_DIR/chats" -name '.kick-*')"
mock_stop

# 2. kill -9 at about half, then a worker resumes it.
use_data d2
mock_start --latency-ms 20
DEBUG=true DEBUG_LOGS_DIR=$TMPD/debug "$AUTOCLIP" fetch "$UUID" >/dev/null 2>&1
FRESH=$(stat_of .requests)
mock_stop
# The analysis path's debug records, written by a Kick download too.
tap_is "$(ls "$TMPD/debug" | grep -c '^0[23]_[a-z]*_.*\.json$')" 2 \
    "DEBUG=true: a download writes its 02_normalized and 03_results records"
use_data d3
mock_start --latency-ms 20
"$AUTOCLIP" fetch "https://www.kick.com/video/$UUID?t=1" >/dev/null 2>&1 &
FETCH_PID=$!
half=$((FRESH / 2))
i=0
while [ "$(stat_of .requests)" -lt "$half" ] && [ "$i" -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 "$FETCH_PID"
wait "$FETCH_PID" 2>/dev/null
FETCH_PID=
AT_KILL=$(stat_of .requests)
tap_check "killed part way ($AT_KILL of $FRESH requests)" \
    test "$AT_KILL" -lt "$FRESH"
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs")" running \
    "the killed job is still marked running"
# The dead worker's heartbeat goes stale; a worker takes the job again.
stale() {
	[ "$(sqlite3 "$DB" "SELECT (julianday('now') - 2440587.5) * 86400 -
	    heartbeat_at > 2.2 FROM jobs")" = 1 ]
}
tap_wait 30 stale || tap_diag "the heartbeat did not go stale"
"$AUTOCLIP" worker --once --stale-after 2 2>"$TMPD/worker.err"
tap_is "$?" 0 "a worker resumes and finishes it"
tap_is "$(sqlite3 "$DB" "SELECT state || ' ' || attempts FROM jobs")" \
    "done 2" "the job is done on its second attempt"
ids_of >"$TMPD/got.ids"
tap_check "nothing lost or duplicated after kill -9" cmp -s \
    "$TMPD/want.ids" "$TMPD/got.ids"
TOTAL=$(stat_of .requests)
tap_check "fewer requests than starting over ($TOTAL < $((FRESH + AT_KILL)))" \
    test "$TOTAL" -lt "$((FRESH + AT_KILL))"
mock_stop

# 3. Two fetches of one link at once: one job.
use_data d4
mock_start --latency-ms 10
"$AUTOCLIP" fetch "$UUID" >"$TMPD/f1" 2>&1 &
p1=$!
"$AUTOCLIP" fetch "https://kick.com/video/$UUID" >"$TMPD/f2" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
tap_is "$r1 $r2" "0 0" "both fetches succeed"
tap_is "$(sqlite3 "$DB" "SELECT count(*) FROM jobs")" 1 "one job"
tap_is "$(sqlite3 "$DB" "SELECT count(*) FROM streams")" 1 "one stream"
ids_of >"$TMPD/got.ids"
tap_check "and the chat once" cmp -s "$TMPD/want.ids" "$TMPD/got.ids"
mock_stop

# 3b. The web flow: queue twice, a detached worker is started and runs it.
use_data d5
mock_start --latency-ms 5
export AUTOCLIP_BIN="$top_builddir/bin/autoclip"
j1=$("$AUTOCLIP" fetch --background "$UUID" 2>"$TMPD/err" | jq -r .id)
j2=$("$AUTOCLIP" fetch --background "https://kick.com/video/$UUID" \
    2>>"$TMPD/err" | jq -r .id)
tap_check "queued twice: one job ($j1 $j2)" test -n "$j1" -a "$j1" = "$j2"
i=0
while [ "$(sqlite3 "$DB" "SELECT state FROM jobs")" != done ] &&
    [ "$i" -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
tap_is "$(sqlite3 "$DB" "SELECT state FROM jobs")" done \
    "a detached worker was started and finished the job"
wpid=$(sqlite3 "$DB" "SELECT worker FROM jobs" | sed 's/.*://')
case $wpid in ''|*[!0-9]*) ;; *) kill "$wpid" 2>/dev/null ;; esac
tap_like "$("$AUTOCLIP" fetch --background "$UUID")" '"state":"analyzed"' \
    "an analysed VOD is not queued again"
mock_stop

# 3c. Our own rate cap keeps under Kick's limit: no 429 at all.
use_data d6
mock_start --rate-limit 120
KICK_RATE_LIMIT=90 "$AUTOCLIP" fetch "$UUID" >/dev/null 2>&1
tap_is "$?" 0 "fetch with KICK_RATE_LIMIT=90"
tap_is "$(stat_of '.by_status["429"] // 0')" 0 \
    "under a 120 requests/s limit: never a 429"
mock_stop

# 4. Bad links.
for bad in "https://kick.com/video/nope" "https://example.com/video/$UUID" \
    "kick.com/xqc/clips/$UUID" ""; do
	"$AUTOCLIP" fetch "$bad" >/dev/null 2>"$TMPD/err"
	tap_is "$?" 1 "bad link \"$bad\" is refused"
	tap_like "$(cat "$TMPD/err")" "kick.com/video/UUID" \
	    "and the message shows a valid link"
done

# 5. Blocked and gone VODs: failed jobs with their message.
for code in 403 423 404; do
	use_data "b$code"
	mock_start --block "$code"
	"$AUTOCLIP" fetch "$UUID" >/dev/null 2>"$TMPD/err"
	tap_is "$?" 1 "a VOD answered $code fails"
	tap_like "$(cat "$TMPD/err")" "HTTP $code" "its message names $code"
	tap_like "$(sqlite3 "$DB" "SELECT state || ': ' || message FROM jobs")" \
	    "^failed: .*upload" "the job failed saying what to do"
	mock_stop
done

# 6. Newer ids: v1 404s, the web fallback by channel (duration in s).
use_data d7
mock_start --uuidv7
SLUG=$(jq -r .video.livestream.channel.slug "$CHAT")
"$AUTOCLIP" fetch "https://kick.com/$SLUG/videos/$UUID" >/dev/null \
    2>"$TMPD/err"
tap_is "$?" 0 "a UUIDv7-style VOD through the web fallback"
tap_is "$(sqlite3 "$DB" "SELECT CAST(duration_s AS INTEGER) FROM streams")" \
    "$(jq '.video.livestream.duration / 1000 | floor' "$CHAT")" \
    "its duration in seconds"
mock_stop

tap_done
