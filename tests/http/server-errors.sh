#!/bin/sh
# SPDX-License-Identifier: ISC
# server-errors.sh: the answers the web servers write themselves under
# /api/ and /analyze, with the shipped configurations (lighttpd + FastCGI,
# Apache + mod_fcgid, Apache + CGI from the .htaccess): every one is JSON
# {"detail", "code"} with its status: a NUL or bad UTF-8 in the path, bad
# chunks, bad or conflicting Content-Length, a GET with a body, 404 outside
# the programs, a POST without Content-Length, 413, oversized headers, a
# program that dies, an unknown method.  Requests no client sends go
# through tests/http/rawreq.  Then each server with a broken settings file:
# the programs' own messages are in the server's error log.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"

CGIBIN=$top_builddir/cgi-bin
RAW=$top_builddir/tests/http/rawreq
CRASH=$top_builddir/tests/http/fcgi-crash
tap_need "$AUTOCLIP" "$RAW" "$CRASH" "$CGIBIN/analyze.fcgi" \
    "$CGIBIN/streams.fcgi" "$CGIBIN/clips.fcgi" "$CGIBIN/health.fcgi" \
    "$CGIBIN/video.fcgi" curl jq
tap_tmpdir
cleanup() {
	httpd_stop
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
unset API_TOKEN AUTOCLIP_CONF DATA_DIR DATABASE_URL
chmod 755 "$TMPD"

# A cgi-bin where clips.fcgi dies on every request.
mkdir "$TMPD/cgi-bin" || tap_bail "mkdir failed"
for p in health analyze streams video; do
	cp "$CGIBIN/$p.fcgi" "$TMPD/cgi-bin/" || tap_bail "cp failed"
done
cp "$CRASH" "$TMPD/cgi-bin/clips.fcgi" || tap_bail "cp failed"

# early WANT DESC: an answer Apache writes before it reads any .htaccess
# (a malformed request, a NUL in the path): under the .htaccess alone it
# cannot be JSON; its status is checked (see the README).  Elsewhere check.
early() {
	if [ "$MODE" = cgi ]; then
		_st=$(sed -n '1s/^HTTP\/1\.[01] \([0-9][0-9][0-9]\).*/\1/p' "$TMPD/ans")
		if printf '%s' "$_st" | grep -Eq "^($1)\$"; then
			tap_result 0 "$MODE: $2: $_st (Apache's own page: before .htaccess)"
		else
			tap_result 1 "$MODE: $2"
			tap_diag "status '$_st' (want $1)"
		fi
	else
		check "$@"
	fi
}

# check WANT DESC: the last answer ($TMPD/ans, headers and body) has a
# status matching WANT and is JSON {"detail": string, "code": string}.
check() {
	_st=$(sed -n '1s/^HTTP\/1\.[01] \([0-9][0-9][0-9]\).*/\1/p' "$TMPD/ans")
	_ct=$(sed -n '1,/^\r\{0,1\}$/s/^[Cc]ontent-[Tt]ype: *\([^;\r]*\).*/\1/p' "$TMPD/ans")
	sed '1,/^\r\{0,1\}$/d' "$TMPD/ans" > "$TMPD/ansbody"
	_j=$(jq -r 'if (.detail|type) == "string" and (.code|type) == "string"
	    then .code else "not {detail, code}" end' "$TMPD/ansbody" 2>/dev/null)
	if printf '%s' "$_st" | grep -Eq "^($1)\$" &&
	    [ "$_ct" = application/json ] && [ -n "$_j" ] &&
	    [ "$_j" != "not {detail, code}" ]; then
		tap_result 0 "$MODE: $2: $_st $_j"
	else
		tap_result 1 "$MODE: $2"
		tap_diag "status '$_st' (want $1), type '$_ct', code '$_j'" \
		    "$(head -c 400 "$TMPD/ans")"
	fi
}

# raw TEXT: send TEXT (printf format, \r\n escapes) as the request.
raw() {
	# shellcheck disable=SC2059
	printf "$1" | "$RAW" "$HTTPD_PORT" > "$TMPD/ans" 2>/dev/null
}
# get CURL-ARGS...: one request with curl, headers and body in $TMPD/ans.
get() {
	curl -s -i --path-as-is --max-time 30 "$@" > "$TMPD/ans" 2>/dev/null
}

H="Host: 127.0.0.1\r\n"
for MODE in lighttpd apache cgi; do
	DATA=$TMPD/data-$MODE
	mkdir -p "$DATA"
	printf 'DATA_DIR=%s\n' "$DATA" > "$TMPD/ok.conf"
	AUTOCLIP_CONF=$TMPD/ok.conf "$AUTOCLIP" migrate >/dev/null 2>&1 ||
	    tap_bail "migrate failed"
	[ "$(id -u)" -eq 0 ] && [ "$MODE" != lighttpd ] &&
	    chown -R www-data:www-data "$DATA"
	HTTPD_ENV_FILE=$TMPD/ok.conf
	HTTPD_DATADIR=$DATA
	# cgi: the .htaccess runs the programs as plain CGI.
	httpd_start "$MODE" "$TMPD/cgi-bin" "$top_srcdir/htdocs" ||
	    tap_bail "$MODE did not start"
	U=$HTTPD_URL

	get "$U/api/nothing/here"
	check 404 "a path outside the programs"
	get "$U/analyze/x/y"
	check 404 "below /analyze"
	get "$U/api/streams/%00"
	# Apache refuses a decoded NUL with 404 before any configuration
	# can act; lighttpd with 400.
	if [ "$MODE" = lighttpd ]; then
		check 400 "%00 in the path"
	else
		early 404 "%00 in the path"
	fi
	get "$U/api/streams/%ff"
	check 400 "%ff in the path"
	get "$U/api/streams/check/%c3%28"
	check 400 "bad UTF-8 in the path"
	raw "POST /api/analyze HTTP/1.1\r\n${H}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
	check 400 "a bad chunk size"
	raw "POST /api/analyze HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}x"
	early 400 "two different Content-Lengths"
	raw "POST /api/analyze HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 1x\r\nConnection: close\r\n\r\n{}"
	early 400 "a Content-Length that is not a number"
	get -X GET -H 'Content-Type: application/json' --data-binary '{}' \
	    "$U/api/streams"
	check 400 "a GET with a body"
	get -X DELETE -H 'Content-Type: application/json' --data-binary '{}' \
	    "$U/api/streams/1"
	check 400 "a DELETE with a tiny body: 400, not 413"
	raw "POST /api/analyze HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: $((HTTPD_BODY_MAX + 1))\r\nConnection: close\r\n\r\n{}"
	check 413 "a body over the server's cap"
	big=$(printf '%020000d' 0)
	raw "GET /api/streams HTTP/1.1\r\n${H}X-Big: $big\r\nConnection: close\r\n\r\n"
	early '400|431' "20 kB of headers"
	raw "FROB /api/streams HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
	check '405|501' "an unknown method"
	get "$U/api/clips/stream/1"
	check '500|502|503' "a program that dies"
	# A POST that takes no body, sent without one (curl -X POST).
	get -X POST "$U/api/streams/reanalyze/no-such-vod"
	if [ "$MODE" = lighttpd ]; then
		# lighttpd refuses any POST without Content-Length (411).
		check 411 "a POST without Content-Length"
	else
		check 404 "a POST without a body reaches the program (no 411)"
	fi
	get -X POST -H 'Content-Length: 0' "$U/api/streams/reanalyze/no-such-vod"
	check 404 "a POST with Content-Length: 0 reaches the program"
	httpd_stop

	# The programs' messages: a broken settings file, named in the log.
	printf 'DATA_DIR=%s\nDB_POOL_SIZE=0\n' "$DATA" > "$TMPD/bad.conf"
	HTTPD_ENV_FILE=$TMPD/bad.conf
	HTTPD_KEEP=1
	httpd_start "$MODE" "$TMPD/cgi-bin" "$top_srcdir/htdocs" ||
	    tap_bail "$MODE did not start"
	get "$HTTPD_URL/api/streams"
	check 500 "a broken settings file"
	dir=$HTTPD_DIR
	httpd_stop
	tap_like "$(cat "$dir/error.log")" "configuration: DB_POOL_SIZE" \
	    "$MODE: the programs' message is in the server's error log"
	if grep -q "DB_POOL_SIZE" "$dir/server.out"; then
		tap_result 1 "$MODE: and not on the server's terminal"
	else
		tap_result 0 "$MODE: and not on the server's terminal"
	fi
	rm -rf "$dir"
	HTTPD_KEEP=0
done
tap_done
