#!/bin/sh
# SPDX-License-Identifier: ISC
# page-speed.sh: the stream page of an 8-hour VOD (28 800 timeline points,
# 20 clips) in headless Chromium, served from the built site by the shipped
# lighttpd configuration: time to interactive (best and median of 5 cold
# loads), the bytes every resource weighs plain and gzipped (video aside),
# and the frames of a scripted pan and zoom on the chart.
# Usage: sh bench/page-speed.sh [BUILDDIR]   (default build/plain)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build/plain}" && pwd)
top_srcdir=$top
top_builddir=$build
export top_srcdir top_builddir
. "$top/tests/tools/httpd-harness.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-page.XXXXXX")
trap 'httpd_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
chmod 755 "$tmp"
d=$tmp/data
mkdir -p "$d"
printf 'DATABASE_URL=sqlite://%s/autoclip.db\nDATA_DIR=%s\n' "$d" "$d" > "$tmp/autoclip.conf"
AUTOCLIP_CONF=$tmp/autoclip.conf "$build/bin/autoclip" migrate >/dev/null
# 8 hours at 3 messages/s with 40 moments: the analysis keeps the best 20.
"$build/bench/chatgen" --seed 42 --hours 8 --rate 3 --moments 40 \
    --format object -o "$tmp/chat.json" 2>/dev/null
AUTOCLIP_CONF=$tmp/autoclip.conf "$build/bin/autoclip" import \
    --vod-id bench-8h "$tmp/chat.json" >/dev/null
rm -f "$tmp/chat.json"
mkdir "$tmp/cgi-bin"
cp "$build"/cgi-bin/*.fcgi "$tmp/cgi-bin/"
HTTPD_ENV_FILE=$tmp/autoclip.conf
HTTPD_CONFDIR=$tmp
HTTPD_DATADIR=$d
export HTTPD_ENV_FILE HTTPD_CONFDIR HTTPD_DATADIR
httpd_start lighttpd "$tmp/cgi-bin" "$build/site"
/usr/bin/python3 "$top/bench/page-speed.py" "$HTTPD_URL" "$d/autoclip.db" "$tmp"
