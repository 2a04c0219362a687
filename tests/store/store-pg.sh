#!/bin/sh
# SPDX-License-Identifier: ISC
# store-pg.sh: the store on a real PostgreSQL server (a throw-away cluster):
# the store contract suite, then dropped connections, server restarts,
# concurrent job claims and concurrent migrations.
. "$top_srcdir/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/pg-harness.sh"

STORE_T=$top_builddir/tests/store/store-t
RECONNECT_T=$top_builddir/tests/store/pg-reconnect-t
tap_need "$STORE_T" "$RECONNECT_T"

SYNC=
cleanup() {
	pg_stop
	[ -n "$SYNC" ] && rm -rf "$SYNC"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

pg_start || tap_bail "cannot start a PostgreSQL server (see above)"
SYNC=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-pgsync.XXXXXX") ||
    tap_bail "cannot make a temporary directory"

# sub NAME LOG STATUS: one result for a TAP program's run; its output
# becomes comments, so a failure shows what failed.
sub() {
	if [ "$3" -eq 0 ] && ! grep -q -E '^(not ok|Bail out)' "$2"; then
		tap_result 0 "$1 ($(grep -c '^ok' "$2") passed)"
	else
		tap_result 1 "$1 (exit $3)"
	fi
	sed 's/^/# /' "$2"
}

# The backend-independent contract suite on PostgreSQL.
"$STORE_T" >"$SYNC/store-t.out" 2>&1
sub "store contract suite on PostgreSQL" "$SYNC/store-t.out" $?

# Reconnection: the program asks for each restart through $SYNC.
PG_SYNC_DIR=$SYNC "$RECONNECT_T" >"$SYNC/reconnect.out" 2>&1 &
pid=$!
for n in 1 2; do
	i=0
	while [ ! -e "$SYNC/ready.$n" ] && kill -0 "$pid" 2>/dev/null &&
	    [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$SYNC/ready.$n" ] || break
	pg_restart || tap_diag "restart $n failed"
	: >"$SYNC/restarted.$n"
done
wait "$pid"
sub "reconnect, claims and migrations on PostgreSQL" "$SYNC/reconnect.out" $?
tap_is "$(ls "$SYNC" | grep -c '^restarted')" 2 "the server was restarted twice under an open store"
tap_done
