#!/bin/sh
# SPDX-License-Identifier: ISC
# fcgi-smoke.sh: the same handlers answer alike as FastCGI (through the
# cgi-fcgi client) and as plain CGI; SIGTERM ends the FastCGI loop cleanly.
. "$top_srcdir/tests/tools/lib.sh"
DEMO=$top_builddir/tests/http/req-demo
: "${CGI_FCGI:=cgi-fcgi}"
tap_need "$DEMO" "$CGI_FCGI"
tap_tmpdir

SOCK=$TMPD/demo.sock
"$DEMO" -s "$SOCK" 2>"$TMPD/demo.err" &
DEMO_PID=$!
trap 'kill "$DEMO_PID" 2>/dev/null; rm -rf "$TMPD"' EXIT
i=0
while [ ! -S "$SOCK" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S "$SOCK" ] || tap_bail "the demo program did not create $SOCK"

# req MODE METHOD SCRIPT PATH_INFO QUERY [VAR=VALUE...] < body:
# answer in $TMPD/out (headers and body), status line value in $status.
req() {
	mode=$1 method=$2 sn=$3 pi=$4 qs=$5
	shift 5
	if [ "$mode" = fcgi ]; then
		env -i REQUEST_METHOD="$method" SCRIPT_NAME="$sn" \
		    PATH_INFO="$pi" QUERY_STRING="$qs" REMOTE_ADDR=127.0.0.1 \
		    SERVER_PROTOCOL=HTTP/1.1 "$@" \
		    "$CGI_FCGI" -bind -connect "$SOCK" >"$TMPD/out"
	else
		env -i REQUEST_METHOD="$method" SCRIPT_NAME="$sn" \
		    PATH_INFO="$pi" QUERY_STRING="$qs" REMOTE_ADDR=127.0.0.1 \
		    SERVER_PROTOCOL=HTTP/1.1 "$@" "$DEMO" >"$TMPD/out"
	fi
	status=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' "$TMPD/out" | head -n 1)
	body=$(sed '1,/^\r*$/d' "$TMPD/out")
}

head -c 3000000 /dev/urandom >"$TMPD/big"
for mode in fcgi cgi; do
	req $mode GET /t /echo/42 limit=7 </dev/null
	tap_is "$status $body" \
	    '200 {"method":"GET","path":"/t/echo/42","id":42,"limit":7}' \
	    "$mode: GET with typed capture and query"
	req $mode GET /t /echo/42 limit=7\&x=1 </dev/null
	tap_like "$status $body" "^400 .*unknown parameter 'x'" \
	    "$mode: unknown query key 400"
	req $mode GET /t /echo/x "" </dev/null
	tap_like "$status" '^400$' "$mode: bad capture 400"
	req $mode POST /t /echo/1 '' </dev/null
	tap_like "$status $(grep '^Allow:' "$TMPD/out" | tr -d '\r')" \
	    '^405 Allow: GET, HEAD$' "$mode: 405 with Allow"
	req $mode GET /nope '' '' </dev/null
	tap_is "$status" 404 "$mode: 404"
	req $mode POST /t /body '' CONTENT_LENGTH=3000000 \
	    CONTENT_TYPE=application/octet-stream <"$TMPD/big"
	eval "$(printf '%s' "$body" | sed -n 's/.*"bytes":\([0-9]*\),"sum":\([0-9]*\).*/b_'$mode'=\1 s_'$mode'=\2/p')"
	tap_is "$status $(eval echo \$b_$mode)" "200 3000000" \
	    "$mode: 3 MB body streamed"
	printf 'short' >"$TMPD/short"
	req $mode POST /t /body '' CONTENT_LENGTH=10 <"$TMPD/short"
	tap_like "$status $body" '^400 .*truncated_body' \
	    "$mode: body shorter than CONTENT_LENGTH 400"
	req $mode POST /t /body '' CONTENT_LENGTH=0 </dev/null
	tap_like "$status $body" '^400 .*empty_body' "$mode: empty body 400"
	req $mode POST /t /body '' CONTENT_LENGTH=99999999999 </dev/null
	tap_is "$status" 413 "$mode: over the cap 413"
	req $mode POST /t /body '' CONTENT_LENGTH=3 REMOTE_ADDR=192.0.2.1 \
	    </dev/null
	tap_is "$status" 403 "$mode: remote write without a token 403"
	printf '{"a":[1,{"b":null}]}' >"$TMPD/j"
	req $mode PUT /t /json '' CONTENT_LENGTH=20 \
	    CONTENT_TYPE=application/json <"$TMPD/j"
	tap_is "$status $body" '200 {"a":[1,{"b":null}]}' "$mode: JSON body"
	printf '{"a":' >"$TMPD/j"
	req $mode PUT /t /json '' CONTENT_LENGTH=5 \
	    CONTENT_TYPE=application/json <"$TMPD/j"
	tap_like "$status $body" '^400 .*invalid_json' "$mode: bad JSON 400"
done
tap_is "$s_fcgi" "$s_cgi" "same checksum of the body in both modes"

# SIGTERM while a request is under way: that request is answered first.
# The body's end waits on a fifo until the demo holds the connection (one
# more open descriptor) and has been sent SIGTERM.
nfd() { ls "/proc/$DEMO_PID/fd" | wc -l; }
more_fds() { [ "$(nfd)" -gt "$FDS" ]; }
FDS=$(nfd)
mkfifo "$TMPD/rest"
(printf 'abc'; cat "$TMPD/rest") |
    env -i REQUEST_METHOD=POST SCRIPT_NAME=/t PATH_INFO=/body \
    REMOTE_ADDR=127.0.0.1 CONTENT_LENGTH=5 \
    "$CGI_FCGI" -bind -connect "$SOCK" >"$TMPD/slow" &
CLIENT_PID=$!
tap_wait 10 more_fds || tap_diag "the demo did not take the request"
kill -TERM "$DEMO_PID"
printf 'de' >"$TMPD/rest"
wait "$CLIENT_PID"
tap_like "$(tr -d '\r' <"$TMPD/slow" | tr '\n' ' ')" \
    '^Status: 200 .*"bytes":5' "the request under way at SIGTERM is answered"
wait "$DEMO_PID"
tap_is "$?" 0 "SIGTERM ends the FastCGI loop with status 0"
tap_is "$(cat "$TMPD/demo.err")" "" "nothing logged"
tap_done
