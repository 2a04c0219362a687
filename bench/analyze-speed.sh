#!/bin/sh
# SPDX-License-Identifier: ISC
# analyze-speed.sh: wall time, throughput and peak memory of "autoclip analyze".
#
# usage: [RUNS=N] [PREV=DIR] bench/analyze-speed.sh [BUILDDIR] [RECORDING]
#
# Generates a 1,000,000-message and a 100,000-message chat (bench/chatgen
# --messages, about 350 bytes a message) and a gzip copy of the large one in
# a temporary directory (removed at the end), then runs
# "autoclip analyze --format json FILE >/dev/null" RUNS times (default 5)
# on each under GNU time and reports the best and median wall time,
# messages per second, input MB per second, the median and the least CPU
# time (user + sys: what a busy shared machine inflates least) and peak
# resident memory.  One chat has a new sender for every background message
# (chatgen --unique-senders).  Also times a real recording (converted with
# chatgen --from-twitch-log); the default recording is
# ../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz beside the
# source tree.  With PREV=DIR, DIR/bin/autoclip (a previous build) runs on
# the same chats too, in turn with this one, and a second table gives its
# figures.  Nothing is built: BUILDDIR (default .) must hold bin/autoclip
# and bench/chatgen.  Needs about 1.5 GB of free space in TMPDIR.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-.}
recording=${2:-$srcdir/../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz}
AUTOCLIP=$builddir/bin/autoclip
CHATGEN=$builddir/bench/chatgen
RUNS=${RUNS:-5}
PREV=${PREV:-}

case ${1:-} in
-h|--help) sed -n '4,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
if [ -n "$PREV" ] && ! [ -x "$PREV/bin/autoclip" ]; then
	echo "analyze-speed.sh: $PREV/bin/autoclip is not built" >&2
	exit 1
fi
for p in "$AUTOCLIP" "$CHATGEN"; do
	[ -x "$p" ] || { echo "analyze-speed.sh: $p not built (make bin/autoclip bench/chatgen, or give the build directory)" >&2; exit 1; }
done
TIME=/usr/bin/time
if ! [ -x "$TIME" ] || ! "$TIME" -f '%e %M' -o /dev/null true 2>/dev/null; then
	echo "analyze-speed.sh: GNU time ($TIME with -f) is missing: install the Debian package \"time\"" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-speed.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT
trap 'rm -rf "$tmp"; exit 143' TERM

size_mb() {
	wc -c < "$1" | awk '{ printf "%.1f", $1 / 1e6 }'
}

# gen NAME MESSAGES: a chat of exactly MESSAGES messages, timed.
gen() {
	"$TIME" -f '%e' -o "$tmp/gen.time" "$CHATGEN" --seed 42 \
	    --messages "$2" -o "$tmp/$1.json" 2>/dev/null || exit 1
	echo "generated $1.json: $2 messages, $(size_mb "$tmp/$1.json") MB in $(cat "$tmp/gen.time") s" \
	    "($(wc -c < "$tmp/$1.json" | awk -v n="$2" '{ printf "%.1f", $1 / n }') bytes/message)"
}

# row LABEL MESSAGES FILE RUNSFILE: one table row from RUNSFILE's timings.
row() {
	sort -n "$4" | awk -v label="$1" -v n="$2" -v mb="$(size_mb "$3")" '
	{ w[NR] = $1; if ($2 > maxr) maxr = $2; c[NR] = $3 + $4 }
	END {
		best = w[1]; med = w[int((NR + 1) / 2)]
		if (best <= 0) best = 0.01
		# CPU times sorted apart from the wall times
		for (i = 2; i <= NR; i++)
			for (j = i; j > 1 && c[j] < c[j - 1]; j--) {
				t = c[j]; c[j] = c[j - 1]; c[j - 1] = t
			}
		printf "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.1f |\n",
		    label, n, mb, best, med, c[int((NR + 1) / 2)], c[1],
		    n / best, mb / best, maxr / 1024
	}'
}

# timed PROGRAM FILE RUNSFILE: one timed analysis, appended to RUNSFILE.
timed() {
	"$TIME" -f '%e %M %U %S' -o "$tmp/t" "$1" analyze --format json \
	    "$2" > /dev/null 2>"$tmp/err" ||
	    { cat "$tmp/err" >&2; exit 1; }
	tail -n 1 "$tmp/t" >> "$3"
}

# bench LABEL FILE MESSAGES: RUNS timed analyses (and as many of PREV's, in
# turn), one table row each.
bench() {
	: > "$tmp/runs"
	: > "$tmp/prevruns"
	"$AUTOCLIP" analyze --format json "$2" > /dev/null 2>&1 ||	# warm-up
	    { echo "analyze-speed.sh: autoclip analyze failed on $2" >&2; exit 1; }
	i=0
	while [ $i -lt $RUNS ]; do
		timed "$AUTOCLIP" "$2" "$tmp/runs"
		[ -z "$PREV" ] || timed "$PREV/bin/autoclip" "$2" "$tmp/prevruns"
		i=$((i + 1))
	done
	row "$1" "$3" "$2" "$tmp/runs" >> "$tmp/table"
	[ -z "$PREV" ] || row "$1" "$3" "$2" "$tmp/prevruns" >> "$tmp/prevtable"
}

echo "autoclip analyze speed ($(uname -sm), $RUNS runs each, $(date -u +%Y-%m-%d))"
gen big 1000000
gen small 100000
"$CHATGEN" --seed 42 --messages 1000000 --unique-senders \
    -o "$tmp/uniq.json" 2>/dev/null || exit 1
echo "generated uniq.json: 1000000 messages, every background sender new"
gzip -1 -c "$tmp/big.json" > "$tmp/big.json.gz" || exit 1
echo "compressed big.json.gz: $(size_mb "$tmp/big.json.gz") MB (gzip -1)"
real=
if [ -r "$recording" ]; then
	gzip -dcf "$recording" | "$CHATGEN" --from-twitch-log - \
	    -o "$tmp/real.json" 2>/dev/null && real=1
	nreal=$(gzip -dcf "$recording" | wc -l | tr -d ' ')
else
	echo "(no recording at $recording: the real-data row is left out)"
fi
header() {
	echo
	echo "$1"
	echo
	echo "| input | messages | size (MB) | best wall (s) | median wall (s) | median CPU, user + sys (s) | least CPU (s) | messages/s (best wall) | MB/s (best wall) | peak RSS (MB) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}
: > "$tmp/table"
: > "$tmp/prevtable"
bench "100k messages, JSON array" "$tmp/small.json" 100000
bench "1M messages, JSON array" "$tmp/big.json" 1000000
bench "1M messages, gzip" "$tmp/big.json.gz" 1000000
bench "1M messages, every sender new" "$tmp/uniq.json" 1000000
if [ -n "$real" ]; then
	bench "real recording, $(basename "$recording" .txt.gz)" "$tmp/real.json" "$nreal"
fi
header "$AUTOCLIP"
cat "$tmp/table"
if [ -n "$PREV" ]; then
	header "$PREV/bin/autoclip (previous), run in turn with the above"
	cat "$tmp/prevtable"
fi

