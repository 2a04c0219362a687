#!/bin/sh
# SPDX-License-Identifier: ISC
# download-speed.sh: download an 8-hour VOD's chat (3 messages/s on
# average, bursts to 30/s) from the Kick mock with 100 ms latency at
# concurrency 16; print wall time, requests, messages/s and the ratio of
# requests to the fewest possible, and check every message came back once.
# Usage: bench/download-speed.sh [BUILDDIR] (default: the current directory)
set -eu
B=$(cd "${1:-.}" && pwd)
HOURS=${HOURS:-8}
RATE=${RATE:-3}
CONC=${CONC:-16}
LATENCY=${LATENCY:-100}
T=$(mktemp -d)
MOCK_PID=
trap 'if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || :; fi; rm -rf "$T"' EXIT

"$B/bench/chatgen" --hours "$HOURS" --rate "$RATE" --format object -o "$T/chat.json" 2>/dev/null
"$B/tests/kick/kick-mock" --chat "$T/chat.json" --port-file "$T/port" \
    --latency-ms "$LATENCY" 2>"$T/mock.err" &
MOCK_PID=$!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1)); [ $i -lt 400 ] || { echo "mock did not start" >&2; exit 1; }
	sleep 0.05
done
BASE=http://127.0.0.1:$(cat "$T/port")
export DATA_DIR="$T/data" KICK_API_URL="$BASE" KICK_WEB_API_URL="$BASE" \
    KICK_CONCURRENCY="$CONC" KICK_RATE_LIMIT=0 AUTOCLIP_CONF=
unset DATABASE_URL CHAT_STORAGE CHAT_STORAGE_DIR 2>/dev/null || :
"$B/bin/autoclip" migrate >/dev/null
UUID=$(jq -r .video.uuid "$T/chat.json")
start=$(date +%s.%N)
"$B/bin/autoclip" fetch "https://kick.com/video/$UUID" >/dev/null 2>"$T/fetch.err"
end=$(date +%s.%N)
stats=$(curl -s "$BASE/__stats")
want=$(jq '.messages | length' "$T/chat.json")
got=$(gzip -dc "$T/data/chats/$UUID.ndjson.gz" | wc -l)
distinct=$(gzip -dc "$T/data/chats/$UUID.ndjson.gz" | jq -r .id | sort -u | wc -l)
missing=$(jq -r '.messages[].id' "$T/chat.json" | sort >"$T/want.ids"; \
    gzip -dc "$T/data/chats/$UUID.ndjson.gz" | jq -r .id | sort >"$T/got.ids"; \
    comm -23 "$T/want.ids" "$T/got.ids" | wc -l)
req=$(printf '%s' "$stats" | jq .requests)
maxif=$(printf '%s' "$stats" | jq .max_in_flight)
awk -v s="$start" -v e="$end" -v r="$req" -v m="$want" -v h="$HOURS" \
    -v g="$got" -v d="$distinct" -v miss="$missing" -v mi="$maxif" \
    -v c="$CONC" -v l="$LATENCY" 'BEGIN {
	w = e - s; minp = m / 25; win = h * 3600 / 5;
	printf "VOD %g h, %d messages, latency %d ms, concurrency %d\n", h, m, l, c;
	printf "wall %.1f s, requests %d, %.0f messages/s, max in flight %d\n", w, r, m / w, mi;
	printf "requests / (messages/25) = %.2f; requests / 5-s windows = %.2f\n", r / minp, r / win;
	printf "archive %d lines, %d distinct, %d missing\n", g, d, miss;
	exit (miss == 0 && g == m && d == m && w <= 60) ? 0 : 1;
}'
