#!/bin/sh
# SPDX-License-Identifier: ISC
# run-link.sh: the README's run command, scripts/run.sh, serving this build
# on a free port with its own configuration (its data directory's
# autoclip.conf, pointed at the Kick mock): a pasted Kick link is
# downloaded and analysed by the worker the programs start by themselves;
# the programs' messages are in the server's error log, not on the
# terminal; a DNS-rebinding request (a foreign Host on loopback) cannot
# delete, a request naming 127.0.0.1 can.  run.sh is stopped by its pid.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"

MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$top_builddir/cgi-bin/analyze.fcgi" "$MOCK" "$CHATGEN" "$AUTOCLIP" \
    jq curl sqlite3
httpd_need lighttpd lighttpd >/dev/null || exit 1
tap_tmpdir

MOCK_PID=
RUN_PID=
WORKER_PID=
cleanup() {
	[ -z "$RUN_PID" ] || { kill -TERM "$RUN_PID" 2>/dev/null; wait "$RUN_PID"; }
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	# The worker idles for a minute after its job: stop it now.
	[ -z "$WORKER_PID" ] || kill -9 "$WORKER_PID" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
unset API_TOKEN DEBUG AUTOCLIP_CONF AUTOCLIP_BIN DATA_DIR DATABASE_URL \
    CHAT_STORAGE CHAT_STORAGE_DIR KICK_API_URL KICK_WEB_API_URL ALLOWED_HOSTS

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 11 --hours 0.1 --rate 2 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
. "$top_srcdir/tests/tools/kick-harness.sh"
mock_start
MOCK_URL=$BASE

# run.sh's own configuration file, in its data directory: only the Kick
# endpoints differ from what it writes itself.  No AUTOCLIP_BIN: the
# programs must find this build's autoclip.
DATA=$TMPD/run-data
mkdir -p "$DATA"
{
	echo "DATA_DIR=$DATA"
	echo "KICK_API_URL=$MOCK_URL"
	echo "KICK_WEB_API_URL=$MOCK_URL"
	echo "KICK_RATE_LIMIT=0"
} > "$DATA/autoclip.conf"

# Start on a free port; retried when another server took it meanwhile.
try=0
while :; do
	PORT=$(httpd_pick_port)
	URL=http://127.0.0.1:$PORT
	AUTOCLIP_RUN_BUILD=$top_builddir AUTOCLIP_RUN_DATA=$DATA \
	    sh "$top_srcdir/scripts/run.sh" "$PORT" > "$TMPD/run.out" 2>&1 &
	RUN_PID=$!
	i=0
	while [ "$i" -lt 300 ] && kill -0 "$RUN_PID" 2>/dev/null; do
		curl -s -o /dev/null --max-time 1 "$URL/health" && break
		i=$((i + 1))
		sleep 0.1
	done
	kill -0 "$RUN_PID" 2>/dev/null && break
	wait "$RUN_PID"
	RUN_PID=
	try=$((try + 1))
	if [ "$try" -ge 5 ] || ! grep -qi 'address already in use' \
	    "$TMPD/run.out" "$DATA/httpd/error.log" 2>/dev/null; then
		cat "$TMPD/run.out" >&2
		tap_bail "scripts/run.sh did not start"
	fi
done
tap_like "$(cat "$TMPD/run.out")" "autoclip serves $URL/" \
    "run.sh serves on the port it was given"

jb() { jq -r "$1" "$TMPD/body" 2>/dev/null; }

# --- a pasted link, through to the analysis -------------------------------
st=$(curl -s -o "$TMPD/body" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "{\"url\": \"https://kick.com/video/$UUID\"}" "$URL/api/analyze")
tap_is "$st" 202 "POST a Kick link: 202"
job=$(jb .job_id)
sid=$(jb .stream_id)
i=0
state=
while [ "$i" -lt 1200 ]; do
	curl -s -o "$TMPD/body" "$URL/api/jobs/$job"
	state=$(jb .state)
	case $state in queued|running) ;; *) break ;; esac
	i=$((i + 1))
	sleep 0.1
done
w=$(sqlite3 "$DATA/autoclip.db" "SELECT worker FROM jobs WHERE id = $job")
case $w in *:[0-9]*) WORKER_PID=${w##*:} ;; esac
tap_is "$state" done "the job ends done, run by the worker the program started"
[ "$state" = done ] || tap_diag "$(cat "$TMPD/body")"
tap_is "$(jb .attempts)" 1 "in one attempt"
tap_is "$(jb .messages)" "$(jq '.messages | length' "$CHAT")" "every message"
st=$(curl -s -o "$TMPD/body" -w '%{http_code}' "$URL/api/streams/$sid")
tap_is "$st" 200 "the stream is served"
tap_is "$(jb .stream.status)" analyzed "analysed"
tap_like "$(jb '.analysis.potential_clips | length')" '^[0-9][0-9]*$' \
    "with its clips"

# --- the programs' messages: in the error log, not on the terminal --------
LOG=$DATA/httpd/error.log
tap_like "$(cat "$LOG")" "worker .*: job $job .*done" \
    "the worker's messages are in the server's error log"
if grep -q "worker .*: job $job" "$TMPD/run.out"; then
	tap_result 1 "nothing of the programs on run.sh's terminal"
	tap_diag "$(cat "$TMPD/run.out")"
else
	tap_result 0 "nothing of the programs on run.sh's terminal"
fi

# --- DNS rebinding: the request of the report, then a legitimate one ------
st=$(curl -s -o "$TMPD/body" -w '%{http_code}' -X DELETE \
    -H "Host: attacker.example:$PORT" -H "Origin: http://attacker.example:$PORT" \
    "$URL/api/streams/$sid")
tap_is "$st" 403 "DELETE with a rebinding Host and Origin: 403"
tap_is "$(jb .code)" untrusted_host "code untrusted_host"
tap_is "$(sqlite3 "$DATA/autoclip.db" "SELECT count(*) FROM streams WHERE id = $sid")" \
    1 "the stream is still there"
st=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Origin: $URL" \
    "$URL/api/streams/$sid")
tap_is "$st" 204 "DELETE naming 127.0.0.1: 204"

# --- stopped by its pid: lighttpd and its programs go too -----------------
lpid=$(cat "$DATA/httpd/run/lighttpd.pid" 2>/dev/null)
kill -TERM "$RUN_PID"
wait "$RUN_PID"
RUN_PID=
sleep 0.2
if [ -n "$lpid" ] && kill -0 "$lpid" 2>/dev/null; then
	tap_result 1 "run.sh stopped lighttpd"
	kill "$lpid"
else
	tap_result 0 "run.sh stopped lighttpd"
fi
tap_done
