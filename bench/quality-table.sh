#!/bin/sh
# SPDX-License-Identifier: ISC
# quality-table.sh: analysis quality as Markdown tables, on generated and real chats.
#
# usage: bench/quality-table.sh [-b BUILDDIR] [--real [RECORDING]]
#
# Without --real: the 20 generated chats of tests/cli/quality.sh (same seeds,
# rates and formats), one row each: precision, recall, mean and largest
# clip start offset from the true moment, clips on distractors.
# With --real: converts a plain chat recording ("H:MM:SS text" lines, gzip
# or not) with chatgen --from-twitch-log, analyses it and prints the top 10
# clips with a few chat lines around each peak.  The default recording is
# ../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz beside the
# source tree.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=.
real=
recording=$srcdir/../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz
while [ $# -gt 0 ]; do
	case $1 in
	-b)	[ $# -ge 2 ] || { echo "quality-table.sh: -b needs a directory" >&2; exit 2; }
		builddir=$2; shift 2 ;;
	--real)	real=1; shift
		if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
			recording=$1; shift
		fi ;;
	-h|--help)
		sed -n '4,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)	echo "quality-table.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
done

AUTOCLIP=$builddir/bin/autoclip
CHATGEN=$builddir/bench/chatgen
EVALUATE=$builddir/bench/evaluate
for p in "$AUTOCLIP" "$CHATGEN" "$EVALUATE"; do
	[ -x "$p" ] || { echo "quality-table.sh: $p not built (make bin/autoclip bench/chatgen bench/evaluate, or -b BUILDDIR)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-quality.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT
trap 'rm -rf "$tmp"; exit 143' TERM

if [ -n "$real" ]; then
	[ -r "$recording" ] || { echo "quality-table.sh: cannot read $recording" >&2; exit 1; }
	gzip -dcf "$recording" > "$tmp/log.txt" || exit 1
	"$CHATGEN" --from-twitch-log "$tmp/log.txt" -o "$tmp/chat.json" \
	    2>"$tmp/gen.err" || { cat "$tmp/gen.err" >&2; exit 1; }
	"$AUTOCLIP" analyze --format csv --top 10 "$tmp/chat.json" \
	    > "$tmp/clips.csv" || exit 1
	nmsg=$(wc -l < "$tmp/log.txt" | tr -d ' ')
	echo "Top 10 clips of $(basename "$recording") ($nmsg messages)"
	echo
	echo "| rank | start | end | peak | score | virality | kind | above threshold |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
	    $1, $9, $10, $11, $5, $6, $7, ($8 == 1 ? "yes" : "no") }' \
	    "$tmp/clips.csv"
	echo
	echo "Chat around each peak (5 of the lines from peak - 6 s to peak + 2 s):"
	# One pass over the log: keep the lines in each clip's window.
	awk -F, 'NR == FNR { if (FNR > 1) { n++; pk[n] = $4; hms[n] = $11 }; next }
	{
		split($1, a, ":"); t = a[1] * 3600 + a[2] * 60 + a[3]
		for (i = 1; i <= n; i++)
			if (t >= pk[i] - 6 && t <= pk[i] + 2)
				w[i, ++c[i]] = $0
	}
	END {
		for (i = 1; i <= n; i++) {
			printf "\n**#%d, peak %s** (%d lines in the window)\n\n", i, hms[i], c[i]
			k = c[i] < 5 ? c[i] : 5
			for (j = 1; j <= k; j++) {
				line = w[i, int((j - 1) * c[i] / k) + 1]
				gsub(/\|/, "\\|", line)
				if (length(line) > 100) line = substr(line, 1, 100) "..."
				printf "    %s\n", line
			}
		}
	}' "$tmp/clips.csv" FS=' ' "$tmp/log.txt"
	exit 0
fi

# The chat list lives in tests/cli/quality.sh (one source for both).
awk '/^CHATS=/ { f = 1; next } f && /^\x27/ { exit } f && NF == 4' \
    "$srcdir/tests/cli/quality.sh" > "$tmp/chats"
[ -s "$tmp/chats" ] || { echo "quality-table.sh: no chat list in tests/cli/quality.sh" >&2; exit 1; }

echo "| seed | rate (msg/s) | format | messages | moments | precision | recall | mean start offset (s) | largest offset (s) | distractor clips |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
while read -r seed rate fmt gz; do
	chat=$tmp/chat.$fmt
	"$CHATGEN" --seed "$seed" --rate "$rate" --format "$fmt" \
	    --truth "$tmp/truth.json" -o "$chat" 2>/dev/null || exit 1
	if [ "$gz" = yes ]; then
		gzip -c "$chat" > "$chat.gz" && chat=$chat.gz
		fmt="$fmt.gz"
	fi
	n=$(grep -c '^ {"t":' "$tmp/truth.json")
	msgs=$(sed -n 's/.*"messages":\([0-9]*\),.*/\1/p' "$tmp/truth.json" | head -n 1)
	"$AUTOCLIP" analyze --format json --top "$n" "$chat" > "$tmp/result.json" || exit 1
	"$EVALUATE" --truth "$tmp/truth.json" "$tmp/result.json" |
	    awk -v s="$seed" -v r="$rate" -v f="$fmt" -v m="$msgs" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		    s, r, f, m, v["moments"], v["precision"], v["recall"],
		    v["offset_mean"], v["offset_max"], v["distractor_clips"]
	}'
	rm -f "$tmp/chat."*
done < "$tmp/chats" | tee "$tmp/rows"
awk -F'|' '{ m += $6; p += $7 * $6; r += $8 * $6; o += $9 * $8 * $6;
	d += $11; w += $8 * $6 }
	END { printf "| all | | | | %d | %.3f | %.3f | %+.1f | | %d |\n",
	    m, p / m, r / m, (w > 0 ? o / w : 0), d }' "$tmp/rows"
