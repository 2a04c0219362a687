#!/bin/sh
# SPDX-License-Identifier: ISC
# browser.sh: the site in a real headless Chromium (Selenium, Debian's
# chromium and chromium-driver, run by tests/browser/browser.py under Debian's
# /usr/bin/python3), served from the built site (site/) by the shipped
# lighttpd and Apache configurations with the mock Kick: a link, its
# download, the review, export, upload, the library, the same without
# script, a VOD Kick refuses (403), the API token, the keyboard, a 375 px
# window, the API docs.
# BROWSER_SHOTS=DIR keeps the screenshots there; BROWSER_SERVE=MODE only
# serves the site with a fresh database and the mock (for a person);
# BROWSER_MODES=lighttpd runs the suites under one server only,
# BROWSER_SUITES="nojs" only some of the suites (js, nojs, blocked, token).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"

PY=/usr/bin/python3
MOCK=$top_builddir/tests/kick/kick-mock
SITE=$top_builddir/site
tap_need "$MOCK" "$CHATGEN" "$AUTOCLIP" "$top_builddir/cgi-bin/streams.fcgi" \
    "$top_builddir/cgi-bin/clips.fcgi" "$top_builddir/cgi-bin/analyze.fcgi" \
    curl jq sqlite3 ffprobe gzip
[ -x "$PY" ] || tap_bail "$PY is missing (package python3)"
"$PY" -c 'import selenium' 2>/dev/null ||
    tap_bail "python3-selenium is not installed (scripts/deps.sh test)"
for b in chromium chromedriver; do
	command -v "$b" >/dev/null 2>&1 ||
	    tap_bail "$b is not installed (packages chromium, chromium-driver: scripts/deps.sh test)"
done
[ -f "$SITE/vendor/uplot/uPlot.esm.js" ] || tap_bail "$SITE is not built (make)"

tap_tmpdir
MOCK_PID=
MOCK403_PID=
cleanup() {
	[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null
	[ -z "$MOCK403_PID" ] || kill "$MOCK403_PID" 2>/dev/null
	httpd_stop
	# Workers the programs started idle a while: stop ours, by the pid
	# each recorded on its jobs ("host:pid").
	for db in "$TMPD"/*/data/autoclip.db; do
		[ -f "$db" ] || continue
		sqlite3 "$db" "SELECT DISTINCT worker FROM jobs WHERE worker <> ''" 2>/dev/null |
		while read -r w; do
			case ${w##*:} in
			''|*[!0-9]*) ;;
			*) kill "${w##*:}" 2>/dev/null ;;
			esac
		done
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 755 "$TMPD"

# A 40-minute Kick-shaped chat (the mock's VOD) and an upload (gzip).
CHAT=$TMPD/chat.json
"$CHATGEN" --seed 11 --hours 0.7 --rate 2 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
UUID=$(jq -r .video.uuid "$CHAT")
"$CHATGEN" --seed 12 --hours 0.5 --rate 2 --format ndjson -o "$TMPD/upload.ndjson" \
    2>/dev/null || tap_bail "chatgen failed"
gzip -c "$TMPD/upload.ndjson" > "$TMPD/upload.ndjson.gz"

. "$top_srcdir/tests/tools/kick-harness.sh"
. "$top_srcdir/tests/tools/hls-media.sh"
# The VOD's video: a minute of HLS the mock repeats over the VOD's length.
hls_make "$TMPD/media" 60 160p30:284x160 ||
    tap_bail "ffmpeg could not make the test video"
mock_start --hls "$TMPD/media" --hls-hours 1
KICK=$BASE
HTTPD_KICK_MEDIA=$KICK
export HTTPD_KICK_MEDIA
# A second mock whose Kick refuses every request (403, a blocked VOD).
"$MOCK" --chat "$CHAT" --block 403 --port-file "$TMPD/port403" 2>"$TMPD/mock403.err" &
MOCK403_PID=$!
i=0
while [ ! -s "$TMPD/port403" ]; do
	kill -0 "$MOCK403_PID" 2>/dev/null ||
	    tap_bail "kick-mock --block 403 did not start: $(cat "$TMPD/mock403.err")"
	i=$((i + 1))
	[ "$i" -lt 1200 ] || tap_bail "kick-mock wrote no port file"
	sleep 0.05
done
KICK403=http://127.0.0.1:$(cat "$TMPD/port403")

mkdir "$TMPD/cgi-bin" || tap_bail "mkdir failed"
for p in health analyze streams clips video; do
	cp "$top_builddir/cgi-bin/$p.fcgi" "$TMPD/cgi-bin/" ||
	    tap_bail "$p.fcgi is not built"
done

# serve MODE NAME [KEY=VALUE...]: a fresh database and the server; the
# settings in $TMPD/NAME/autoclip.conf.
serve() {
	_mode=$1 _name=$2
	shift 2
	D=$TMPD/$_name/data
	mkdir -p "$D"
	{
		echo "DATABASE_URL=sqlite://$D/autoclip.db"
		echo "DATA_DIR=$D"
		echo "AUTOCLIP_BIN=$AUTOCLIP"
		echo "KICK_API_URL=${SERVE_KICK:-$KICK}"
		echo "KICK_WEB_API_URL=${SERVE_KICK:-$KICK}"
		echo "KICK_RATE_LIMIT=0"
		for kv in "$@"; do echo "$kv"; done
	} > "$TMPD/$_name/autoclip.conf"
	AUTOCLIP_CONF=$TMPD/$_name/autoclip.conf "$AUTOCLIP" migrate >/dev/null 2>&1 ||
	    tap_bail "migrate failed"
	if [ "$(id -u)" -eq 0 ] && [ "$_mode" != lighttpd ]; then
		chmod 755 "$TMPD/$_name"
		chown -R www-data:www-data "$D"
	fi
	HTTPD_ENV_FILE=$TMPD/$_name/autoclip.conf
	HTTPD_CONFDIR=$TMPD/$_name
	HTTPD_DATADIR=$D
	export HTTPD_ENV_FILE HTTPD_CONFDIR HTTPD_DATADIR
	httpd_start "$_mode" "$TMPD/cgi-bin" "$SITE" || tap_bail "$_mode did not start"
}

if [ -n "${BROWSER_SERVE:-}" ]; then
	serve "$BROWSER_SERVE" serve
	echo "# $BROWSER_SERVE serves $HTTPD_URL/ (mock Kick VOD: https://kick.com/video/$UUID)"
	echo "# database: $D/autoclip.db; Ctrl-C stops."
	wait "$HTTPD_PID"
	exit 0
fi

SHOTS=${BROWSER_SHOTS:-$TMPD/shots}
mkdir -p "$SHOTS"
TOKEN=browser-test-token-0123456789
# run MODE NAME SUITE: the browser suite against the running server; each
# of its lines "ok|not ok<TAB>description" becomes a TAP result.
run() {
	"$PY" "$top_srcdir/tests/browser/browser.py" --url "$HTTPD_URL" --db "$D/autoclip.db" \
	    --uuid "$UUID" --upload "$TMPD/upload.ndjson.gz" --shots "$SHOTS/$1" \
	    --suite "$3" --token "$TOKEN" --tmp "$TMPD/$2" \
	    > "$TMPD/$2.results" 2> "$TMPD/$2.log"
	rc=$?
	while IFS='	' read -r st desc; do
		case $st in
		ok) tap_result 0 "$1: $desc" ;;
		*) tap_result 1 "$1: $desc" ;;
		esac
	done < "$TMPD/$2.results"
	if [ "$rc" -ne 0 ]; then
		tap_result 1 "$1: $3 suite ran to its end"
		tap_diag "$(grep -v '^#[0-9]* 0x' "$TMPD/$2.log" | tail -n 25)"
	fi
}

suites=${BROWSER_SUITES:-js nojs blocked token}
for mode in ${BROWSER_MODES:-lighttpd apache}; do
	serve "$mode" "$mode-js"
	for suite in $suites; do
		case $suite in
		js|nojs) run "$mode" "$mode-$suite" "$suite" ;;
		esac
	done
	httpd_stop
	case " $suites " in
	*" blocked "*)
		SERVE_KICK=$KICK403 serve "$mode" "$mode-blocked"
		run "$mode" "$mode-blocked" blocked
		httpd_stop ;;
	esac
	case " $suites " in
	*" token "*)
		serve "$mode" "$mode-token" "API_TOKEN=$TOKEN"
		run "$mode" "$mode-token" token
		httpd_stop ;;
	esac
done
tap_done
