#!/bin/sh
# SPDX-License-Identifier: ISC
# httpd.sh: the shipped web server configurations, run for real: lighttpd with
# FastCGI, Apache with mod_fcgid, and Apache with plain CGI from .htaccess,
# each serving tests/http/fcgi-echo under every program name. Checks the request
# paths the programs see, whole bodies, body limits and auth for writes.
. "$top_srcdir/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"
ECHO=$top_builddir/tests/http/fcgi-echo
tap_need "$ECHO" curl
tap_tmpdir
trap 'httpd_stop; rm -rf "$TMPD"' EXIT
trap 'httpd_stop; rm -rf "$TMPD"; exit 130' INT
trap 'httpd_stop; rm -rf "$TMPD"; exit 143' TERM

mkdir "$TMPD/cgi-bin" || tap_bail "mkdir failed"
for p in health analyze streams clips video; do
	cp "$ECHO" "$TMPD/cgi-bin/$p.fcgi" || tap_bail "cannot copy $ECHO"
done
# The built site: htdocs with the npm libraries under vendor/.
HTDOCS=$top_builddir/site
[ -f "$HTDOCS/index.html" ] || tap_bail "$HTDOCS/index.html is missing (make builds site/)"
# The configurations the build made for installing: every path filled in.
for f in apache/autoclip.conf apache/htaccess lighttpd/50-autoclip.conf; do
	if [ -f "$top_builddir/$f" ]; then
		left=$(grep -o '@[a-z_]*@' "$top_builddir/$f" | head -n 1)
		tap_is "$left" "" "$f: no placeholder is left"
	else
		tap_result 1 "$f is made by the build"
	fi
done
LIMIT=1048576
head -c 300000 /dev/zero > "$TMPD/small" || tap_bail "head failed"
head -c $((LIMIT * 2)) /dev/zero > "$TMPD/big" || tap_bail "head failed"

# req ARGS...: curl; the body in $TMPD/out, headers in $TMPD/hdr, status in $code.
req() {
	code=$(curl -s -o "$TMPD/out" -D "$TMPD/hdr" -w '%{http_code}' "$@")
}
# field NAME: a string (or number) field of the echoed JSON, "null" when null.
field() {
	sed -n "s/.*\"$1\":\(\"\([^\"]*\)\"\|\([0-9]*\|null\)\).*/\2\3/p" "$TMPD/out"
}

for mode in lighttpd apache cgi; do
	HTTPD_AUTH=0 HTTPD_BODY_MAX=$LIMIT
	httpd_start "$mode" "$TMPD/cgi-bin" "$HTDOCS" || tap_bail "$mode did not start"
	tap_diag "$mode on $HTTPD_URL"

	req "$HTTPD_URL/api/streams/42?x=1"
	tap_is "$code $(field REQUEST_URI) $(field PATH_INFO) $(field program)" \
	    "200 /api/streams/42?x=1 /42 streams.fcgi" "$mode: /api/streams/42 reaches streams.fcgi with the full path"
	if [ "$mode" = cgi ]; then
		tap_is "$(field SCRIPT_NAME)" /cgi-bin/streams.fcgi "$mode: SCRIPT_NAME is the rewritten program"
	else
		tap_is "$(field SCRIPT_NAME)$(field PATH_INFO)" /api/streams/42 "$mode: SCRIPT_NAME+PATH_INFO is the request path"
	fi
	tap_like "$(cat "$TMPD/hdr")" '^X-Content-Type-Options: nosniff' "$mode: nosniff header"
	for pair in /health:health /analyze:analyze /api/analyze:analyze \
	    /api/jobs/7:analyze /api/clips/stream/3:clips /api/video/health:video; do
		req "$HTTPD_URL${pair%%:*}"
		tap_is "$code $(field REQUEST_URI) $(field program)" \
		    "200 ${pair%%:*} ${pair#*:}.fcgi" "$mode: ${pair%%:*} reaches ${pair#*:}.fcgi"
	done
	req "$HTTPD_URL/api/streams/42"
	tap_is "$(field env_AUTOCLIP_CONF)" "$HTTPD_DIR/etc/autoclip.conf" "$mode: AUTOCLIP_CONF reaches the program"
	req -H 'Authorization: Bearer t0ken' "$HTTPD_URL/api/clips/1"
	tap_is "$(field HTTP_AUTHORIZATION)" "Bearer t0ken" "$mode: the Authorization header reaches the program"

	req "$HTTPD_URL/docs"
	tap_like "$code $(grep -i '^location:' "$TMPD/hdr")" '^30[12] [Ll]ocation: .*/docs/' "$mode: /docs leads to docs/"
	req "$HTTPD_URL/redoc"
	tap_like "$code $(grep -i '^location:' "$TMPD/hdr")" '^30[12] [Ll]ocation: .*/redoc/' "$mode: /redoc leads to redoc/"
	req "$HTTPD_URL/"
	tap_like "$code $(grep -i '^content-type:' "$TMPD/hdr")" '^200 [Cc]ontent-[Tt]ype: text/html' "$mode: / serves index.html"
	tap_like "$(grep -i '^content-security-policy:' "$TMPD/hdr")" "script-src 'self'; style-src 'self';.*frame-ancestors 'none'" "$mode: the pages' CSP"
	tap_like "$(grep -i '^x-frame-options:' "$TMPD/hdr")" 'DENY' "$mode: pages are not framed"
	for page in docs/ redoc/; do
		req "$HTTPD_URL/$page"
		tap_like "$code $(grep -i '^content-type:' "$TMPD/hdr")" '^200 [Cc]ontent-[Tt]ype: text/html' "$mode: $page is served"
		tap_like "$(grep -i '^content-security-policy:' "$TMPD/hdr")" "style-src 'self' 'unsafe-inline'" "$mode: $page allows the renderer's inline styles"
	done
	for v in swagger-ui/swagger-ui-bundle.js redoc/redoc.standalone.js uplot/uPlot.esm.js hls.js/hls.min.mjs; do
		req "$HTTPD_URL/vendor/$v"
		tap_like "$code $(grep -i '^content-type:' "$TMPD/hdr")" '^200 [Cc]ontent-[Tt]ype: [a-z]*/javascript' "$mode: vendor/$v is served as script"
	done
	req "$HTTPD_URL/api/streams/42"
	tap_is "$(grep -ic '^content-security-policy:.*style-src' "$TMPD/hdr")" 0 "$mode: the programs' answers keep their own CSP"
	req "$HTTPD_URL/openapi.json"
	tap_like "$code $(grep -i '^content-type:' "$TMPD/hdr")" '^200 [Cc]ontent-[Tt]ype: application/json' "$mode: openapi.json is served as JSON"

	# Bodies: delivered whole; over the limit refused, never truncated.
	req -X POST -H 'Content-Type: application/json' --data-binary @"$TMPD/small" "$HTTPD_URL/api/analyze"
	tap_is "$code $(field CONTENT_LENGTH) $(field body_bytes)" "200 300000 300000" "$mode: a 300 kB body arrives whole"
	req -X POST -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
	    --data-binary @"$TMPD/small" "$HTTPD_URL/api/analyze"
	tap_is "$code $(field body_bytes)" "200 300000" "$mode: a chunked 300 kB body arrives whole"
	req -X POST -H 'Content-Type: application/json' --data-binary @"$TMPD/big" "$HTTPD_URL/api/analyze"
	tap_is "$code" 413 "$mode: a declared body over the limit is refused with 413"
	req -X POST -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
	    --data-binary @"$TMPD/big" "$HTTPD_URL/api/analyze"
	case $mode in
	lighttpd) tap_is "$code" 413 "$mode: a chunked body over the limit is refused with 413" ;;
	apache) tap_is "$code" 500 "$mode: a chunked body over FcgidMaxRequestLen is refused (500, mod_fcgid)" ;;
	cgi) tap_is "$code $(field body_bytes)" "200 $((LIMIT * 2))" \
	    "$mode: a chunked body over the limit reaches the program whole (its own limit applies)" ;;
	esac
	httpd_stop

	# Writes need Basic auth (or a bearer token the program checks).
	HTTPD_AUTH=1
	httpd_start "$mode" "$TMPD/cgi-bin" "$HTDOCS" || tap_bail "$mode did not start"
	req "$HTTPD_URL/api/streams"
	ru=$(field REMOTE_USER)
	tap_is "$code ${ru:-null}" "200 null" "$mode+auth: reads stay public"
	for m in POST PUT DELETE; do
		req -X $m -d '{}' "$HTTPD_URL/api/clips/1"
		tap_is "$code" 401 "$mode+auth: $m without credentials is refused"
	done
	req -X POST -u "$HTTPD_USER:wrong" -d '{}' "$HTTPD_URL/api/analyze"
	tap_is "$code" 401 "$mode+auth: a wrong password is refused"
	req -X POST -u "$HTTPD_USER:$HTTPD_PASS" -d '{}' "$HTTPD_URL/api/analyze"
	tap_is "$code $(field REMOTE_USER) $(field body_bytes)" "200 $HTTPD_USER 2" "$mode+auth: a user's write arrives with REMOTE_USER"
	req -X DELETE -H 'Authorization: Bearer t0ken' "$HTTPD_URL/api/clips/1"
	ru=$(field REMOTE_USER)
	tap_is "$code ${ru:-null} $(field HTTP_AUTHORIZATION)" "200 null Bearer t0ken" \
	    "$mode+auth: a bearer write goes to the program to check"
	httpd_stop
done
tap_done
