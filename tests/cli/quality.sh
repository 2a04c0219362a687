#!/bin/sh
# SPDX-License-Identifier: ISC
# quality.sh: the analysis against 20 generated 3-hour chats with known moments.
#
# Each chat (bench/chatgen) has true moments (laughter, hype) and floods that
# are not moments (command floods, one-account spam, bot bursts).  The chat
# is analysed with "autoclip analyze --format json --top N" (N = the number
# of true moments) and scored by bench/evaluate: a chat passes when
# precision >= 0.9, recall >= 0.9 and no clip lands on a distractor.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/tools/lib.sh"

tap_need "$AUTOCLIP" "$CHATGEN" "$EVALUATE" gzip awk cmp
tap_tmpdir

# seed  rate  format  gzip
CHATS='
1001 0.5 json   no
1002 0.6 object no
1003 0.8 ndjson yes
1004 1.0 json   no
1005 1.2 object yes
1006 1.5 ndjson no
1007 1.8 json   yes
1008 2.0 object no
1009 2.5 ndjson no
1010 3.0 json   no
1011 3.5 object yes
1012 4.0 ndjson no
1013 0.5 object no
1014 0.7 ndjson no
1015 1.0 json   yes
1016 1.5 object no
1017 2.2 ndjson yes
1018 2.8 json   no
1019 3.3 object no
1020 4.0 json   yes
'
nchats=$(printf '%s\n' "$CHATS" | awk 'NF == 4' | wc -l)
tap_plan $((nchats + 4))

# The measuring tools themselves first.
"$CHATGEN" --seed 5 --hours 1 --format ndjson -o "$TMPD/a" --truth "$TMPD/a.t" 2>/dev/null &&
"$CHATGEN" --seed 5 --hours 1 --format ndjson -o "$TMPD/b" --truth "$TMPD/b.t" 2>/dev/null &&
cmp -s "$TMPD/a" "$TMPD/b" && cmp -s "$TMPD/a.t" "$TMPD/b.t"
tap_result $? "chatgen: the same seed gives the same chat and truth"

# A perfect answer built from the truth, and one clip sitting on a distractor.
awk 'BEGIN { n = 0 }
/^ \{"t":/ {
	match($0, /"t":[0-9.]+/); t = substr($0, RSTART + 4, RLENGTH - 4)
	match($0, /"peak":[0-9.]+/); p = substr($0, RSTART + 7, RLENGTH - 7)
	c[++n] = sprintf("{\"rank\":%d,\"start\":%s,\"end\":%s,\"peak\":%s,\"score\":1,\"virality\":50}", n, t - 3, p + 20, p)
}
END {
	printf "{\"vod\":{\"start_time\":\"x\"},\"potential_clips\":["
	for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "," : ""), c[i]
	print "]}"
}' "$TMPD/a.t" > "$TMPD/perfect.json"
out=$("$EVALUATE" --truth "$TMPD/a.t" "$TMPD/perfect.json")
tap_like "$out" 'precision=1.000 recall=1.000 .*distractor_clips=0$' \
    "evaluate: a perfect answer scores 1"

d=$(awk '/^ \{"start":/ { match($0, /"start":[0-9]+/);
	print substr($0, RSTART + 8, RLENGTH - 8); exit }' "$TMPD/a.t")
printf '{"potential_clips":[{"rank":1,"start":%s,"end":%s,"peak":%s}]}\n' \
    "$d" "$((d + 30))" "$((d + 5))" > "$TMPD/wrong.json"
out=$("$EVALUATE" --truth "$TMPD/a.t" "$TMPD/wrong.json")
tap_like "$out" 'right=0 precision=0.000 .*distractor_clips=1$' \
    "evaluate: a clip on a distractor is counted"

# The 20 chats.
tot_clips=0 tot_right=0 tot_moments=0 tot_dist=0 failed=0
start=$(date +%s)
while read -r seed rate fmt gz; do
	[ -n "$seed" ] || continue
	chat=$TMPD/chat-$seed.$fmt
	truth=$TMPD/chat-$seed.truth.json
	if ! "$CHATGEN" --seed "$seed" --rate "$rate" --format "$fmt" \
	    --truth "$truth" -o "$chat" 2>"$TMPD/gen.err"; then
		tap_result 1 "seed $seed: chatgen failed"
		failed=$((failed + 1))
		tap_diag "$(cat "$TMPD/gen.err")"
		continue
	fi
	if [ "$gz" = yes ]; then
		gzip -c "$chat" > "$chat.gz" && rm -f "$chat" && chat=$chat.gz
	fi
	n=$(grep -c '^ {"t":' "$truth")
	msgs=$(sed -n 's/.*"messages":\([0-9]*\),.*/\1/p' "$truth" | head -n 1)
	if ! "$AUTOCLIP" analyze --format json --top "$n" "$chat" \
	    > "$TMPD/result.json" 2>"$TMPD/analyze.err"; then
		tap_result 1 "seed $seed rate $rate $fmt gzip=$gz: analyze failed"
		tap_diag "$(cat "$TMPD/analyze.err")"
		failed=$((failed + 1))
		continue
	fi
	if ! out=$("$EVALUATE" --truth "$truth" --verbose "$TMPD/result.json"); then
		tap_result 1 "seed $seed: evaluate could not read the result"
		failed=$((failed + 1))
		continue
	fi
	summary=$(printf '%s\n' "$out" | head -n 1)
	set -- $(printf '%s\n' "$summary" | awk '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print v["clips"], v["right"], v["moments"], v["precision"],
		    v["recall"], v["distractor_clips"] }')
	tot_clips=$((tot_clips + $1))
	tot_right=$((tot_right + $2))
	tot_moments=$((tot_moments + $3))
	tot_dist=$((tot_dist + $6))
	pass=$(awk -v p="$4" -v r="$5" -v d="$6" \
	    'BEGIN { print (p >= 0.9 && r >= 0.9 && d == 0) ? 0 : 1 }')
	tap_result "$pass" "seed $seed rate $rate $fmt gzip=$gz ($msgs messages): $summary"
	if [ "$pass" -ne 0 ]; then
		failed=$((failed + 1))
		tap_diag "$(printf '%s\n' "$out" | sed -n '2,$s/^# //p')"
	fi
done <<EOF
$CHATS
EOF
end=$(date +%s)

agg=$(awk -v c="$tot_clips" -v r="$tot_right" -v m="$tot_moments" \
    -v d="$tot_dist" 'BEGIN {
	p = c > 0 ? r / c : 0; q = m > 0 ? r / m : 0
	printf "%d %.3f %.3f", (p >= 0.9 && q >= 0.9 && d == 0) ? 0 : 1, p, q }')
set -- $agg
tap_result "$1" "all $nchats chats: precision=$2 recall=$3 distractor_clips=$tot_dist ($failed chats below the bar)"
tap_diag "quality run took $((end - start)) s"
tap_done
