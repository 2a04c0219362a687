#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: install what autoclip needs, build it, and serve it with lighttpd
# on 127.0.0.1 in the foreground (SQLite in build/run-data). Ctrl-C stops it.
# Usage: scripts/run.sh [PORT]   (default $PORT, else 8080)
# AUTOCLIP_RUN_DATA: the data directory (default build/run-data; its
# autoclip.conf is made when missing and used as it is otherwise).
# AUTOCLIP_RUN_BUILD: serve this configured and built build tree instead of
# installing packages and building build/run (the tests use it).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-${PORT:-8080}}
case $port in
''|*[!0-9]*) echo "$0: bad port '$port'" >&2; exit 2 ;;
esac
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "$0: bad port $port" >&2; exit 2; }

if [ -n "${AUTOCLIP_RUN_BUILD:-}" ]; then
	build=$(cd "$AUTOCLIP_RUN_BUILD" && pwd)
else
	"$top/scripts/deps.sh" build
	if ! command -v lighttpd >/dev/null 2>&1 && [ ! -x /usr/sbin/lighttpd ]; then
		# lighttpd comes with the test packages.
		"$top/scripts/deps.sh" test
	fi
	"$top/scripts/build.sh" run
	build=$top/build/run
fi

data=${AUTOCLIP_RUN_DATA:-$top/build/run-data}
case $data in
/*) ;;
*) echo "$0: AUTOCLIP_RUN_DATA must be an absolute path" >&2; exit 2 ;;
esac
mkdir -p "$data/httpd/run" "$data/httpd/etc" "$data/httpd/upload"
conf=$data/autoclip.conf
if [ ! -f "$conf" ]; then
	printf 'DATA_DIR=%s\n' "$data" > "$conf"
fi
if "$build/bin/autoclip" --help 2>&1 | grep -q '^ *migrate'; then
	AUTOCLIP_CONF=$conf "$build/bin/autoclip" migrate
fi

# The web programs built so far (the configuration drops the missing ones).
cgibin=$build/cgi-bin
mkdir -p "$cgibin"
programs=$(cd "$cgibin" && ls -- *.fcgi 2>/dev/null | tr '\n' ' ') || programs=

. "$top/tests/tools/httpd-harness.sh"
HTTPD_DIR=$data/httpd
HTTPD_PORT=$port
HTTPD_AUTH=0
HTTPD_BODY_MAX=536870912
HTTPD_CGIBIN=$cgibin
# The built site: htdocs plus the npm libraries (make copies them to site/).
HTTPD_HTDOCS=$build/site
HTTPD_CONFDIR=$data
HTTPD_DATADIR=$data
HTTPD_TOP_SRCDIR=$top
lighttpd=$(httpd_need lighttpd lighttpd)
{
	httpd_lighttpd_conf
	httpd_subst "$top/lighttpd/autoclip.conf.in" | httpd_lighttpd_present
} > "$HTTPD_DIR/lighttpd.conf"
"$lighttpd" -tt -f "$HTTPD_DIR/lighttpd.conf"

# Its own session, so that Ctrl-C reaches only this script, which stops it.
setsid "$lighttpd" -D -f "$HTTPD_DIR/lighttpd.conf" &
pid=$!
stop() {
	trap - INT TERM EXIT
	kill -TERM "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
	echo "autoclip stopped."
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

echo "autoclip serves http://127.0.0.1:$port/ (API docs: http://127.0.0.1:$port/docs)"
echo "programs: ${programs:-none built yet, static files only}"
echo "data: $data   log: $HTTPD_DIR/error.log   Ctrl-C stops."
wait "$pid" || :
