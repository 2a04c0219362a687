# SPDX-License-Identifier: ISC
# cgi-harness.sh: run a program of cgi-bin as plain CGI, as a web server
# would, for the shell tests; source it after lib.sh (TMPD set).

# cgi_run PROGRAM METHOD PATH QUERY CTYPE BODYFILE [ENV=VALUE...]: one
# request from 127.0.0.1 (Host: localhost); the answer in $TMPD/out, its
# status in $status, its body in $TMPD/body, stderr in $TMPD/err.
cgi_run() {
	cgi_prog=$1 cgi_m=$2 cgi_p=$3 cgi_q=$4 cgi_t=$5 cgi_f=$6
	shift 6
	cgi_len=0
	[ -n "$cgi_f" ] && cgi_len=$(wc -c < "$cgi_f")
	[ -n "$cgi_f" ] || cgi_f=/dev/null
	env REQUEST_METHOD="$cgi_m" SCRIPT_NAME="$cgi_p" PATH_INFO= \
	    QUERY_STRING="$cgi_q" CONTENT_TYPE="$cgi_t" \
	    CONTENT_LENGTH="$cgi_len" REMOTE_ADDR=127.0.0.1 \
	    HTTP_HOST=localhost "$@" "$cgi_prog" < "$cgi_f" > "$TMPD/out" \
	    2> "$TMPD/err"
	status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$TMPD/out")
	sed '1,/^\r\{0,1\}$/d' "$TMPD/out" > "$TMPD/body"
}

# header NAME: a header of the last answer.
header() { sed -n "s/^$1: //p" "$TMPD/out" | tr -d '\r'; }
