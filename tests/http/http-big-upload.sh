#!/bin/sh
# SPDX-License-Identifier: ISC
# http-big-upload.sh: a 300 MB chat posted to POST /api/analyze under
# lighttpd with FastCGI (SQLite) is analysed whole, and the analyze.fcgi
# processes the server started never held more than 64 MB (VmHWM).
HTTP_MODE=lighttpd
HTTP_DB=sqlite
HTTP_API_LIB=1
BIG_MESSAGES=880000		# over 300 MB of NDJSON
BIG_HWM_MAX_KB=65536		# 64 MB, the bar of the FastCGI process
# AddressSanitizer's shadow memory and quarantine add their own tens of MB:
# in that build the bound only shows the body is never held whole.
if grep -q '^SANITIZE_FLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
	BIG_HWM_MAX_KB=196608	# 192 MB, still under the 300 MB body
fi
# The server's body limit: above the upload, so it reaches the program.
HTTPD_BODY_MAX=$((512 * 1024 * 1024))
export HTTP_MODE HTTP_DB HTTPD_BODY_MAX
. "$top_srcdir/tests/http/http-api.sh"
tap_need "$CGIBIN/analyze.fcgi"
tap_plan 6
own_data

# children_of PID: the pids of the processes whose parent is PID.
children_of() {
	for _s in /proc/[0-9]*/stat; do
		# Field 4 is the parent; the name (field 2) may hold spaces.
		sed -n 's/^\([0-9]*\) (.*) [A-Za-z] \([0-9]*\) .*/\1 \2/p' \
		    "$_s" 2>/dev/null
	done | awk -v p="$1" '$2 == p { print $1 }'
}

# analyze_pids: the analyze.fcgi processes of the server this test
# started (its children, or its children's children), never by name alone.
analyze_pids() {
	for _c in $(children_of "$HTTPD_PID"); do
		echo "$_c"
		children_of "$_c"
	done | while read -r _p; do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = analyze.fcgi ] &&
		    echo "$_p"
	done
}

# peak_kb: the largest VmHWM (kB) of those processes.
peak_kb() {
	_max=0
	for _p in $(analyze_pids); do
		_h=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\) kB/\1/p' \
		    "/proc/$_p/status" 2>/dev/null)
		[ -n "$_h" ] && [ "$_h" -gt "$_max" ] && _max=$_h
	done
	echo "$_max"
}

PIDS=$(analyze_pids | tr '\n' ' ')
tap_like "$PIDS" '^[0-9]' "lighttpd started analyze.fcgi processes ($PIDS)"

"$CHATGEN" --seed 42 --messages "$BIG_MESSAGES" --format ndjson \
    > "$TMPD/big.ndjson" 2>/dev/null || tap_bail "chatgen failed"
SIZE=$(wc -c < "$TMPD/big.ndjson" | tr -d ' ')
tap_diag "upload: $SIZE bytes, $BIG_MESSAGES messages"
[ "$SIZE" -gt 300000000 ]
tap_result $? "the chat is over 300 MB"

# Streamed from the file with its length declared (no 100-continue wait).
ST=$(curl -s -o "$TMPD/body" -w '%{http_code}' --max-time 900 -X POST \
    -H 'Content-Type: application/x-ndjson' -H 'Expect:' \
    -H "Authorization: Bearer $TOKEN" -T "$TMPD/big.ndjson" \
    "$BASE/api/analyze?vod_id=big-vod")
rm -f "$TMPD/big.ndjson"
tap_is "$ST" 200 "POST /api/analyze of 300 MB: 200"
tap_is "$(jnum message_count)" "$BIG_MESSAGES" "every message was analysed"
tap_like "$(BODY)" '"potential_clips":\[{' "the analysis has clips"

PEAK=$(peak_kb)
tap_diag "peak VmHWM of analyze.fcgi: $PEAK kB"
[ "$PEAK" -gt 0 ] && [ "$PEAK" -lt "$BIG_HWM_MAX_KB" ]
tap_result $? "analyze.fcgi stayed under $((BIG_HWM_MAX_KB / 1024)) MB ($PEAK kB)"
tap_done
