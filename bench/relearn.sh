#!/bin/sh
# SPDX-License-Identifier: ISC
# relearn.sh: what learning from review costs, on SQLite and PostgreSQL.
#
# usage: bench/relearn.sh [BUILDDIR] [VODS] [RUNS]
#
# Runs bench/relearn (VODS streams of 10 reviewed clips, default 600: the
# 5000 labels a fit reads at most; RUNS calls, default 20) on a SQLite file
# in a temporary directory, then on a throw-away PostgreSQL cluster
# (tests/tools/pg-harness.sh).  Nothing is built: BUILDDIR (default .)
# must hold bench/relearn.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-.}
vods=${2:-600}
runs=${3:-20}
RELEARN=$builddir/bench/relearn

case ${1:-} in
-h|--help) sed -n '4,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ -x "$RELEARN" ] || { echo "relearn.sh: $RELEARN not built (make bench/relearn, or give the build directory)" >&2; exit 1; }
case $vods$runs in *[!0-9]*) echo "relearn.sh: counts must be numbers" >&2; exit 2 ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-relearn.XXXXXX") || exit 1
. "$srcdir/tests/tools/pg-harness.sh"
cleanup() { pg_stop; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

echo "== SQLite"
"$RELEARN" "sqlite://$tmp/relearn.db" "$vods" "$runs" || exit 1
echo "== PostgreSQL"
pg_start || exit 1
"$RELEARN" "$AUTOCLIP_TEST_DATABASE_URL" "$vods" "$runs" || exit 1
