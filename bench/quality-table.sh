#!/bin/sh
# SPDX-License-Identifier: ISC
# quality-table.sh: analysis quality as Markdown tables, on generated and real chats.
#
# usage: bench/quality-table.sh [-b BUILDDIR] [--real [RECORDING]]
#        bench/quality-table.sh [-b BUILDDIR] --real-bg [SEEDS] [--strength LO,HI]
#            [--lag LO,HI] [--distractors N] [-- ANALYZE-OPTIONS]
#
# Without --real: the 20 generated chats of tests/cli/quality.sh (same seeds,
# rates and formats), one row each: precision, recall, mean and largest
# clip start offset from the true moment, clips on distractors.
# With --real: converts a plain chat recording ("H:MM:SS text" lines, gzip
# or not) with chatgen --from-twitch-log, analyses it and prints the top 10
# clips with a few chat lines around each peak.  The default recording is
# ../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz beside the
# source tree.
# With --real-bg: chats whose background is resampled from that recording
# and the Spanish corpus beside it (chatgen --real-log, read at run time),
# per rate band 0.2-50 messages/s, SEEDS chats each (default 3), 1.5 h and
# 10 moments each; autoclip (top 10, default settings plus any options
# after "--") beside the naive count baseline of bench/evaluate: start
# precision of the top 10 by the Lightor rule, recall, median start and
# end error and clip length.  --strength, --lag and --distractors are
# passed to chatgen (default: its 1.8-6x moments, 2-10 s delay, 3
# distractors).
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=.
real=
realbg=
seeds=3
strength=
lag=
ndistract=3
recording=$srcdir/../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz
while [ $# -gt 0 ]; do
	case $1 in
	-b)	[ $# -ge 2 ] || { echo "quality-table.sh: -b needs a directory" >&2; exit 2; }
		builddir=$2; shift 2 ;;
	--real)	real=1; shift
		if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
			recording=$1; shift
		fi ;;
	--real-bg) realbg=1; shift
		if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
			seeds=$1; shift
		fi ;;
	--strength) [ $# -ge 2 ] || { echo "quality-table.sh: --strength needs LO,HI" >&2; exit 2; }
		strength=$2; shift 2 ;;
	--lag) [ $# -ge 2 ] || { echo "quality-table.sh: --lag needs LO,HI" >&2; exit 2; }
		lag=$2; shift 2 ;;
	--distractors) [ $# -ge 2 ] || { echo "quality-table.sh: --distractors needs a count" >&2; exit 2; }
		ndistract=$2; shift 2 ;;
	--)	shift; break ;;
	-h|--help)
		sed -n '4,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
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

if [ -n "$realbg" ]; then
	extra=$(dirname "$recording")/es_twitch_videogames_corpus_2024.csv
	[ -r "$recording" ] && [ -r "$extra" ] || { echo "quality-table.sh: cannot read $recording or $extra" >&2; exit 1; }
	gzip -dcf "$recording" > "$tmp/log.txt" || exit 1
	echo "| rate (msg/s) | chats | moments | autoclip p10 | baseline p10 | autoclip recall | baseline recall | autoclip start err (s) | baseline start err (s) | autoclip end err (s) | autoclip length (s) | autoclip distractor clips | baseline distractor clips |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for rate in 0.2 0.5 1 2 5 10 20 50; do
		i=0
		: > "$tmp/band"
		while [ "$i" -lt "$seeds" ]; do
			i=$((i + 1))
			seed=$(awk -v r="$rate" -v i="$i" 'BEGIN { printf "%d", 3000 + r * 100 + i }')
			"$CHATGEN" --seed "$seed" --rate "$rate" --hours 1.5 \
			    --moments 10 --distractors "$ndistract" \
			    ${strength:+--strength "$strength"} ${lag:+--lag "$lag"} \
			    --format ndjson \
			    --real-log "$tmp/log.txt" --real-extra "$extra" \
			    --truth "$tmp/truth.json" -o "$tmp/chat.json" \
			    2>/dev/null || exit 1
			"$AUTOCLIP" analyze --format json --top 10 "$@" \
			    "$tmp/chat.json" > "$tmp/result.json" || exit 1
			"$EVALUATE" --truth "$tmp/truth.json" --chat "$tmp/chat.json" \
			    --top 10 "$tmp/result.json" >> "$tmp/band" || exit 1
		done
		awk -v r="$rate" '{
			b = ($1 == "baseline"); k = b ? "b" : "a"
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			n[k]++; m[k] += v["moments"]; p[k] += v["p10"]
			rc[k] += v["recall"]; se[k] += v["start_err"]
			ee[k] += v["end_err"]; ln[k] += v["len"]; d[k] += v["distractor_clips"]
		} END {
			printf "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %+.1f | %+.1f | %+.1f | %.1f | %d | %d |\n",
			    r, n["a"], m["a"], p["a"] / n["a"], p["b"] / n["b"],
			    rc["a"] / n["a"], rc["b"] / n["b"], se["a"] / n["a"],
			    se["b"] / n["b"], ee["a"] / n["a"], ln["a"] / n["a"],
			    d["a"], d["b"]
		}' "$tmp/band" | tee -a "$tmp/rows"
		rm -f "$tmp/chat.json"
	done
	awk -F'|' '{ n++; a += $5; b += $6; ra += $7; rb += $8 }
	END { printf "| all | | | %.3f | %.3f | %.3f | %.3f | | | | | | |\n",
	    a / n, b / n, ra / n, rb / n }' "$tmp/rows"
	exit 0
fi

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
	# The naive count of bench/evaluate (25 s windows, picks 60 s apart,
	# start 5 s before the window) on the same log, beside the engine.
	awk '{ split($1, a, ":"); t = a[1] * 3600 + a[2] * 60 + a[3]; n[t]++
		if (t > last) last = t }
	END {
		for (s = 0; s <= last; s++) { w[s] = 0
			for (i = s; i < s + 25; i++) w[s] += n[i] }
		for (k = 1; k <= 10; k++) { best = -1
			for (s = 0; s <= last; s++)
				if (w[s] > 0 && (best < 0 || w[s] > w[best])) best = s
			if (best < 0) break
			st = best - 5
			printf "%s%d:%02d:%02d (%d)", (k > 1 ? ", " : ""), st / 3600, (st % 3600) / 60, st % 60, w[best]
			for (s = best - 59; s < best + 60; s++) if (s >= 0) w[s] = 0 }
		printf "\n" }' "$tmp/log.txt" > "$tmp/naive"
	echo "Naive count top 10 starts (messages in the window): $(cat "$tmp/naive")"
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

echo "| seed | rate (msg/s) | format | messages | moments | precision | recall | mean start offset (s) | largest offset (s) | distractor clips | baseline precision | baseline distractor clips |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
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
	"$AUTOCLIP" analyze --format json --top "$n" "$@" "$chat" > "$tmp/result.json" || exit 1
	"$EVALUATE" --truth "$tmp/truth.json" --chat "$chat" "$tmp/result.json" |
	    awk -v s="$seed" -v r="$rate" -v f="$fmt" -v m="$msgs" '{
		b = ($1 == "baseline")
		for (i = 1; i <= NF; i++) { split($i, kv, "="); if (b) w[kv[1]] = kv[2]; else v[kv[1]] = kv[2] }
	} END {
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		    s, r, f, m, v["moments"], v["precision"], v["recall"],
		    v["offset_mean"], v["offset_max"], v["distractor_clips"],
		    w["precision"], w["distractor_clips"]
	}'
	rm -f "$tmp/chat."*
done < "$tmp/chats" | tee "$tmp/rows"
awk -F'|' '{ m += $6; p += $7 * $6; r += $8 * $6; o += $9 * $8 * $6;
	d += $11; w += $8 * $6; bp += $12 * $6; bd += $13 }
	END { printf "| all | | | | %d | %.3f | %.3f | %+.1f | | %d | %.3f | %d |\n",
	    m, p / m, r / m, (w > 0 ? o / w : 0), d, bp / m, bd }' "$tmp/rows"
