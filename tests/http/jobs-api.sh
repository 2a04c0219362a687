#!/bin/sh
# SPDX-License-Identifier: ISC
# jobs-api.sh: analyze.fcgi as plain CGI with a Kick link against the mock:
# a queued job (one for the same VOD, also when asked at once), its status,
# a worker run, the analysis answered after; bad links, a browser's form,
# cancelling, unknown jobs, the write rules; small JSON chats still chats.
# Then under lighttpd: the worker analyze.fcgi starts finishes the job alone.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"

ANALYZE=$top_builddir/cgi-bin/analyze.fcgi
MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$ANALYZE" "$MOCK" "$CHATGEN" "$AUTOCLIP" jq gzip sqlite3 curl
tap_tmpdir

MOCK_PID=
WORKER_PID=
cleanup() {
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	# The worker idles for a minute; its job is done: stop it now.
	[ -z "$WORKER_PID" ] || kill -9 "$WORKER_PID" 2>/dev/null
	httpd_stop
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$DATA_DIR/autoclip.db
# No worker is started by the requests here: the test runs one itself.
AUTOCLIP_BIN=$TMPD/no-such-autoclip
export DATA_DIR DATABASE_URL AUTOCLIP_BIN
unset API_TOKEN DEBUG AUTOCLIP_CONF CHAT_STORAGE CHAT_STORAGE_DIR
export AUTOCLIP_CONF= KICK_RATE_LIMIT=0 KICK_CONCURRENCY=4
mkdir -p "$DATA_DIR"
"$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 7 --hours 0.25 --rate 2 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
WANT=$(jq '.messages | length' "$CHAT")

. "$top_srcdir/tests/tools/kick-harness.sh"
mock_start

# cgi METHOD PATH CTYPE BODYFILE [ENV=VALUE...]: the answer in $TMPD/out,
# its status in $status, its body in $TMPD/body.
cgi() {
	cgi_m=$1 cgi_p=$2 cgi_t=$3 cgi_f=$4
	shift 4
	cgi_len=0
	[ -n "$cgi_f" ] && cgi_len=$(wc -c < "$cgi_f")
	[ -n "$cgi_f" ] || cgi_f=/dev/null
	env REQUEST_METHOD="$cgi_m" SCRIPT_NAME="$cgi_p" PATH_INFO= \
	    QUERY_STRING= CONTENT_TYPE="$cgi_t" CONTENT_LENGTH="$cgi_len" \
	    REMOTE_ADDR=127.0.0.1 HTTP_HOST=localhost "$@" "$ANALYZE" \
	    < "$cgi_f" > "$TMPD/out" 2> "$TMPD/err"
	status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$TMPD/out")
	sed '1,/^\r\{0,1\}$/d' "$TMPD/out" > "$TMPD/body"
}
body() { cat "$TMPD/body"; }
header() { sed -n "s/^$1: //p" "$TMPD/out" | tr -d '\r'; }
jbody() { jq -r "$1" "$TMPD/body" 2>/dev/null; }

LINK="https://kick.com/video/$UUID"
printf '{"url": "%s"}' "$LINK" > "$TMPD/link.json"

# --- queueing ---
cgi POST /api/analyze application/json "$TMPD/link.json"
tap_is "$status" 202 "POST {\"url\"}: 202"
job=$(jbody .job_id)
sid=$(jbody .stream_id)
tap_like "$job" '^[1-9][0-9]*$' "a job id ($job)"
tap_like "$sid" '^[1-9][0-9]*$' "a stream id ($sid)"
tap_is "$(jbody .vod_id)" "$UUID" "the VOD id of the link"
tap_is "$(jbody .status_url)" "/api/jobs/$job" "the job's status URL"
tap_like "$(cat "$TMPD/err")" "starting a worker" \
    "a worker that cannot start is logged, not answered"

cgi POST /analyze application/json "$TMPD/link.json"
tap_is "$status" 202 "the same link again: 202"
tap_is "$(jbody .job_id)" "$job" "the same job, no second download"

printf '{"url": "kick.com/gatolocoo/videos/%s?t=3#x"}' "$UUID" \
    > "$TMPD/link2.json"
cgi POST /api/analyze application/json "$TMPD/link2.json"
tap_is "$(jbody .job_id)" "$job" "the channel form of the link: the same job"

printf 'url=%s' "$UUID" > "$TMPD/form"
cgi POST /api/analyze application/x-www-form-urlencoded "$TMPD/form" \
    HTTP_ACCEPT='text/html,application/xhtml+xml,*/*;q=0.8'
tap_is "$status" 303 "a browser's form post: 303"
tap_is "$(header Location)" "/api/jobs/$job" "to the job's page"

cgi POST /api/analyze application/x-www-form-urlencoded "$TMPD/form"
tap_is "$(jbody .job_id)" "$job" "the form field url, as JSON: the same job"

tap_is "$(sqlite3 "$DATA_DIR/autoclip.db" 'SELECT count(*) FROM jobs')" 1 \
    "one job in the database"

# --- status ---
cgi GET "/api/jobs/$job" '' ''
tap_is "$status" 200 "GET the job: 200"
tap_is "$(jbody .state)" queued "queued"
tap_is "$(jbody '.progress | type')" number "progress is a number"
tap_is "$(jbody '[.messages, .requests, .retries] | map(type) | unique[]')" \
    number "messages, requests and retries are numbers"
tap_is "$(jbody .stream_id)" "$sid" "the job's stream"
tap_is "$(jbody '.error')" null "no error"
tap_like "$(jbody .message)" "no worker could start.*no-such-autoclip" \
    "the job's status says no worker could start, and why"

cgi GET /api/jobs/999999 '' ''
tap_is "$status" 404 "an unknown job: 404"
cgi DELETE /api/jobs/999999 '' ''
tap_is "$status" 404 "cancelling an unknown job: 404"
cgi PUT "/api/jobs/$job" '' ''
tap_is "$status" 405 "PUT a job: 405"
tap_like "$(header Allow)" 'DELETE' "Allow names DELETE"

# --- the worker, then the analysis ---
"$AUTOCLIP" worker --once >"$TMPD/worker.out" 2>&1
tap_is "$?" 0 "autoclip worker --once"
cgi GET "/api/jobs/$job" '' ''
tap_is "$(jbody .state)" done "the job is done"
tap_is "$(jbody .progress)" 1 "progress 1"
tap_is "$(jbody .messages)" "$WANT" "every message counted ($WANT)"

cgi POST /api/analyze application/json "$TMPD/link.json"
tap_is "$status" 200 "the link of an analysed VOD: 200"
tap_is "$(jbody .stream_id)" "$sid" "its stream"
tap_is "$(jbody .message_count)" "$WANT" "its analysis"
tap_is "$(jbody '.potential_clips | type')" array "its clips"
cgi POST /api/analyze application/x-www-form-urlencoded "$TMPD/form" \
    HTTP_ACCEPT='text/html'
tap_is "$status" 303 "a browser: 303"
tap_is "$(header Location)" "/api/streams/$sid" "to the stream's page"
cgi DELETE "/api/jobs/$job" '' ''
tap_is "$status" 409 "cancelling a finished job: 409"

# --- bad links and bodies ---
printf '{"url": "https://kick.com/somebody"}' > "$TMPD/bad.json"
cgi POST /api/analyze application/json "$TMPD/bad.json"
tap_is "$status" 422 "a link that is not a VOD: 422"
tap_like "$(jbody .detail)" 'kick.com/video/' "says what a valid link looks like"
printf '{"url": 42}' > "$TMPD/bad2.json"
cgi POST /api/analyze application/json "$TMPD/bad2.json"
tap_is "$status" 422 "url not a string: 422"
printf '{"url": "%s\\u0000x"}' "$UUID" > "$TMPD/bad3.json"
cgi POST /api/analyze application/json "$TMPD/bad3.json"
tap_is "$status" 422 "url with a NUL: 422"
printf 'url=nope' > "$TMPD/badform"
cgi POST /api/analyze application/x-www-form-urlencoded "$TMPD/badform"
tap_is "$status" 422 "a bad link in the form: 422"
printf 'link=%s' "$UUID" > "$TMPD/badform2"
cgi POST /api/analyze application/x-www-form-urlencoded "$TMPD/badform2"
tap_is "$status" 400 "an unknown form field: 400"
printf '{"url": "%s"' "$UUID" > "$TMPD/trunc.json"
cgi POST /api/analyze application/json "$TMPD/trunc.json"
tap_is "$status" 400 "broken JSON is a chat's error: 400"

# --- the write rules ---
cgi POST /api/analyze application/json "$TMPD/link.json" REMOTE_ADDR=192.0.2.9
tap_is "$status" 403 "no token, not loopback: 403"
cgi DELETE "/api/jobs/$job" '' '' REMOTE_ADDR=192.0.2.9
tap_is "$status" 403 "DELETE, no token, not loopback: 403"
TOKEN=0123456789abcdef0123
cgi POST /api/analyze application/json "$TMPD/link.json" API_TOKEN=$TOKEN \
    REMOTE_ADDR=192.0.2.9
tap_is "$status" 401 "a token configured, none sent: 401"
cgi POST /api/analyze application/json "$TMPD/link.json" API_TOKEN=$TOKEN \
    REMOTE_ADDR=192.0.2.9 HTTP_AUTHORIZATION="Bearer $TOKEN"
tap_is "$status" 200 "the right token from afar: allowed"
cgi POST /api/analyze application/json "$TMPD/link.json" \
    HTTP_ORIGIN=https://evil.example
tap_is "$status" 403 "cross-site: 403"

# --- cancelling ---
CHAT2=$TMPD/chat2.json
"$CHATGEN" --seed 8 --hours 0.1 --rate 1 --format object -o "$CHAT2" \
    2>/dev/null || tap_bail "chatgen failed"
UUID2=$(jq -r .video.uuid "$CHAT2")
printf '{"url": "%s"}' "$UUID2" > "$TMPD/link3.json"
cgi POST /api/analyze application/json "$TMPD/link3.json"
tap_is "$status" 202 "another VOD: 202"
job2=$(jbody .job_id)
tap_check "another job ($job2)" test "$job2" != "$job"
cgi DELETE "/api/jobs/$job2" '' ''
tap_is "$status" 200 "DELETE the queued job: 200"
tap_is "$(jbody .state)" cancelled "it is cancelled"
cgi DELETE "/api/jobs/$job2" '' ''
tap_is "$status" 200 "DELETE again: 200"
cgi GET "/api/jobs/$job2" '' ''
tap_is "$(jbody .state)" cancelled "GET: cancelled"

# --- two at once: one job ---
CHAT3=$TMPD/chat3.json
"$CHATGEN" --seed 9 --hours 0.1 --rate 1 --format object -o "$CHAT3" \
    2>/dev/null || tap_bail "chatgen failed"
printf '{"url": "%s"}' "$(jq -r .video.uuid "$CHAT3")" > "$TMPD/link4.json"
pids=
for k in 1 2 3 4; do
	env REQUEST_METHOD=POST SCRIPT_NAME=/api/analyze PATH_INFO= \
	    QUERY_STRING= CONTENT_TYPE=application/json \
	    CONTENT_LENGTH="$(wc -c < "$TMPD/link4.json")" \
	    REMOTE_ADDR=127.0.0.1 HTTP_HOST=localhost "$ANALYZE" \
	    < "$TMPD/link4.json" > "$TMPD/at$k" 2>/dev/null &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
n=$(for k in 1 2 3 4; do sed '1,/^\r\{0,1\}$/d' "$TMPD/at$k" |
    jq -r .job_id; done | sort -u | grep -c '^[1-9]')
tap_is "$n" 1 "four requests at once: one job"

# --- chats are still chats ---
gzip -dc "$top_srcdir/tests/data/sample-chat.json.gz" |
    jq -c '{video: .video, messages: .messages[0:300],
    url: "https://kick.com/video/x"}' > "$TMPD/small-chat.json" 2>/dev/null ||
    tap_bail "cannot make a small chat"
cgi POST /api/analyze application/json "$TMPD/small-chat.json"
tap_is "$status" 200 "a small JSON chat (with a url key too): analysed"
tap_is "$(jbody .message_count)" 300 "all its messages"
jq -c '.messages[]' "$TMPD/small-chat.json" > "$TMPD/small.ndjson"
cgi POST /api/analyze application/json "$TMPD/small.ndjson"
tap_is "$status" 200 "NDJSON sent as application/json: analysed"

# --- under lighttpd: the detached worker does the job by itself ---
CHAT4=$TMPD/chat4.json
"$CHATGEN" --seed 10 --hours 0.1 --rate 2 --format object -o "$CHAT4" \
    2>/dev/null || tap_bail "chatgen failed"
UUID4=$(jq -r .video.uuid "$CHAT4")
kill "$MOCK_PID" 2>/dev/null
wait "$MOCK_PID" 2>/dev/null
CHAT1=$CHAT
CHAT=$CHAT4
mock_start
CHAT=$CHAT1
D2=$TMPD/data2
mkdir -p "$D2"
DATA_DIR=$D2 DATABASE_URL=sqlite://$D2/autoclip.db "$AUTOCLIP" migrate \
    >/dev/null 2>&1 || tap_bail "migrate failed"
{
	echo "DATABASE_URL=sqlite://$D2/autoclip.db"
	echo "DATA_DIR=$D2"
	echo "AUTOCLIP_BIN=$AUTOCLIP"
	echo "KICK_API_URL=$BASE"
	echo "KICK_WEB_API_URL=$BASE"
	echo "KICK_RATE_LIMIT=0"
} > "$TMPD/httpd.conf"
mkdir -p "$TMPD/cgi-bin"
cp "$ANALYZE" "$TMPD/cgi-bin/" || tap_bail "cp failed"
HTTPD_ENV_FILE=$TMPD/httpd.conf
httpd_start lighttpd "$TMPD/cgi-bin" "$top_srcdir/htdocs" ||
    tap_bail "lighttpd did not start"
printf '{"url": "https://kick.com/video/%s"}' "$UUID4" > "$TMPD/link5.json"
# post_link: POST link5.json to the server; the status.
post_link() {
	curl -s -o "$TMPD/body" -w '%{http_code}' \
	    -H 'Content-Type: application/json' \
	    --data-binary "@$TMPD/link5.json" "$HTTPD_URL/api/analyze"
}
tap_is "$(post_link)" 202 "lighttpd: POST {\"url\"}: 202"
job5=$(jbody .job_id)
# Bounded wait: at most 1200 polls 0.1 s apart.
i=0
state=
while [ "$i" -lt 1200 ]; do
	curl -s -o "$TMPD/body" "$HTTPD_URL/api/jobs/$job5"
	state=$(jbody .state)
	case $state in queued|running) ;; *) break ;; esac
	i=$((i + 1))
	sleep 0.1
done
tap_is "$state" done \
    "lighttpd: the worker started by analyze.fcgi finished the job"
tap_is "$(jbody .messages)" "$(jq '.messages | length' "$CHAT4")" \
    "lighttpd: every message"
w=$(sqlite3 "$D2/autoclip.db" "SELECT worker FROM jobs WHERE id = $job5")
WORKER_PID=${w##*:}
case $WORKER_PID in *[!0-9]*|'') WORKER_PID= ;; esac
tap_check "lighttpd: a worker process did it ($w)" test -n "$WORKER_PID"
tap_is "$(post_link)" 200 "lighttpd: the link again: 200 with the analysis"
tap_is "$(curl -s -o /dev/null -w '%{http_code}' \
    "$HTTPD_URL/job.html?id=$job5")" 200 "lighttpd: job.html is served"

tap_done
