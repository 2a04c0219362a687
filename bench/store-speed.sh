#!/bin/sh
# SPDX-License-Identifier: ISC
# store-speed.sh: re-analysis of a stored VOD (wall time, peak RSS) and
# archive bytes per message.  Run from a build directory:
#   sh ../bench/store-speed.sh [MESSAGES]   (default 1000000)
set -eu
n=${1:-1000000}
b=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
DATA_DIR=$tmp/data DATABASE_URL=sqlite://$tmp/data/autoclip.db
CHAT_STORAGE_DIR=$tmp/chats
export DATA_DIR DATABASE_URL CHAT_STORAGE_DIR
"$b/bench/chatgen" --messages "$n" --format ndjson -o "$tmp/chat.ndjson"
"$b/bin/autoclip" migrate >/dev/null
/usr/bin/time -f 'import: %e s wall, %M KB peak RSS' \
    "$b/bin/autoclip" import --vod-id bench "$tmp/chat.ndjson" >/dev/null
/usr/bin/time -f 'reanalyze: %e s wall, %M KB peak RSS' \
    "$b/bin/autoclip" reanalyze bench >/dev/null
bytes=$(wc -c <"$CHAT_STORAGE_DIR/bench.ndjson.gz")
echo "archive: $bytes bytes for $n messages," \
    "$(awk -v b="$bytes" -v n="$n" 'BEGIN { printf "%.1f", b / n }') bytes/message"
