#!/bin/sh
# SPDX-License-Identifier: ISC
# cli.sh: the autoclip command: usage, exit codes, formats, parameters.
. "$top_srcdir/tests/tools/lib.sh"
tap_need "$AUTOCLIP" "$CHATGEN" gzip
tap_tmpdir

# run ARGS...: run autoclip; stdout in $TMPD/out, stderr in $TMPD/err, status in $rc.
run() {
	"$AUTOCLIP" "$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
}
# json_field NAME: the first numeric value of "NAME": in $TMPD/out.
json_field() {
	sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" "$TMPD/out" | head -n 1
}

"$CHATGEN" --seed 7 --hours 1 --format object --truth "$TMPD/truth.json" \
    -o "$TMPD/chat.json" || tap_bail "chatgen failed"
"$CHATGEN" --seed 7 --hours 1 --format json -o "$TMPD/array.json" ||
    tap_bail "chatgen failed"

# Usage and exit codes.
run --version
tap_is "$rc $(cat "$TMPD/out")" "0 autoclip $(sed -n 's/^AC_INIT(\[autoclip\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")" \
    "--version prints the version"
run --help
tap_like "$rc $(cat "$TMPD/out")" "^0 usage: autoclip COMMAND" "--help exits 0 with usage"
run
tap_is "$rc" 2 "no command: exit 2"
run frobnicate
tap_like "$rc $(cat "$TMPD/err")" '^2 .*unknown command "frobnicate"' "unknown command: exit 2, named"
run analyze
tap_is "$rc" 2 "analyze without a file: exit 2"
run analyze --help
tap_like "$rc $(head -n 1 "$TMPD/out")" "^0 usage: autoclip analyze" "analyze --help"
run analyze --format xml "$TMPD/chat.json"
tap_like "$rc $(cat "$TMPD/err")" "^2 .*--format" "bad --format: exit 2"
for bad in 0 -1 1001 3x ""; do
	run analyze --top "$bad" "$TMPD/chat.json"
	tap_is "$rc" 2 "--top '$bad': exit 2"
done
run analyze --set no_such_param=1 "$TMPD/chat.json"
tap_like "$rc $(cat "$TMPD/err")" "^2 .*no_such_param" "unknown parameter: exit 2, named"
run analyze --set window_s=abc "$TMPD/chat.json"
tap_like "$rc $(cat "$TMPD/err")" "^2 .*window_s" "non-numeric parameter: exit 2, named"
run analyze --set window_s "$TMPD/chat.json"
tap_is "$rc" 2 "--set without '=': exit 2"
run analyze --vod-start yesterday "$TMPD/chat.json"
tap_like "$rc $(cat "$TMPD/err")" "^2 .*--vod-start" "bad --vod-start: exit 2"
run analyze "$TMPD/missing.json"
tap_like "$rc $(cat "$TMPD/err")" "^1 .*missing.json" "missing file: exit 1, named"
DATABASE_URL=mysql://x run analyze "$TMPD/chat.json"
tap_like "$rc $(cat "$TMPD/err")" "^2 .*DATABASE_URL" "bad setting in the environment: exit 2, named"
printf 'not a database, but long enough to be read as one. %.0s' 1 2 3 4 5 6 7 8 \
    > "$TMPD/bad.db"
DATABASE_URL="sqlite://$TMPD/bad.db" run list
tap_like "$rc $(cat "$TMPD/err")" "^1 autoclip: database: .*not a database$" \
    "a database error: exit 1, one line in the logger's form"
tap_is "$(wc -l < "$TMPD/err" | tr -d ' ')" 1 "a database error is printed once"

# Formats.
run analyze --format json --top 3 "$TMPD/chat.json"
tap_is "$rc" 0 "json: exit 0"
tap_is "$(grep -o '"rank":' "$TMPD/out" | wc -l | tr -d ' ')" 3 "--top 3 gives three clips"
tap_like "$(cat "$TMPD/out")" '^{"vod":{"id":"[^"]*","title":"[^"]*","channel":"[^"]*","start_time":"[0-9T:Z-]*","duration_s":[0-9.]*},"message_count":[0-9]*,"config":{.*},"potential_clips":\[{"rank":1,"start":[0-9.]*,"end":[0-9.]*,"peak":[0-9.]*,"score":[0-9.]*,"virality":[0-9]*,"features":{"senders":[-0-9.]*,"messages":[-0-9.]*,"laugh":[-0-9.]*,"hype":[-0-9.]*,"learned":[-0-9.]*,"length":[-0-9.]*,"repeat":[-0-9.]*}}' \
    "json follows the contract"
tap_like "$(cat "$TMPD/out")" '"learned_weights":null}' \
    "json: nothing learned ranked it (config.learned_weights null)"
tap_like "$(cat "$TMPD/out")" '"hype_timeline":{"start":0,"step":1,"values":\[' "json has the timeline"
cp "$TMPD/out" "$TMPD/top3.json"

run analyze --format json "$TMPD/chat.json"
n=$(grep -o '"rank":' "$TMPD/out" | wc -l | tr -d ' ')
tap_check "default lists the moments above the threshold (got $n)" test "$n" -ge 1 -a "$n" -le 20
run analyze --format json --set max_clips=2 "$TMPD/chat.json"
tap_is "$(grep -o '"rank":' "$TMPD/out" | wc -l | tr -d ' ')" 2 "max_clips caps the default list"

run analyze --format csv --top 3 "$TMPD/chat.json"
tap_is "$(head -n 1 "$TMPD/out")" "rank,start,end,peak,score,virality,kind,above_threshold,start_hms,end_hms,peak_hms" "csv header"
tap_is "$(wc -l <"$TMPD/out" | tr -d ' ')" 4 "csv: a row per clip"

run analyze --top 3 --svg "$TMPD/hype.svg" "$TMPD/chat.json"
tap_like "$(sed -n 4p "$TMPD/out")" "rank.*start.*end.*length.*peak.*score" "table is the default format"
tap_like "$(sed -n 5p "$TMPD/out")" '^   1  *[0-9]:[0-9][0-9]:[0-9][0-9]  .*#' "table: h:mm:ss and a bar"
tap_check "svg written" grep -q '</svg>' "$TMPD/hype.svg"
tap_is "$(grep -c '<title>#' "$TMPD/hype.svg")" 3 "svg marks the three clips"

# The same chat through standard input, gzip, and another shape.
"$AUTOCLIP" analyze --format json --top 3 - <"$TMPD/chat.json" >"$TMPD/stdin.json"
tap_check "standard input gives the same result" cmp -s "$TMPD/stdin.json" "$TMPD/top3.json"
gzip -c "$TMPD/chat.json" >"$TMPD/chat.gz"
run analyze --format json --top 3 "$TMPD/chat.gz"
tap_check "gzip (any name) gives the same result" cmp -s "$TMPD/out" "$TMPD/top3.json"

# Parameters: --config, environment, --set order; echoed in the result.
printf 'HYPE_WINDOW_S=15\nmin_clip_s=20\nDATA_DIR=/ignored\n' >"$TMPD/params.env"
run analyze --format json --config "$TMPD/params.env" "$TMPD/chat.json"
tap_like "$(cat "$TMPD/out")" '"window_s":15,' "--config sets window_s"
tap_like "$(cat "$TMPD/out")" '"min_clip_s":20,' "--config takes lower-case keys"
run analyze --format json --config "$TMPD/params.env" --set window_s=9 "$TMPD/chat.json"
tap_like "$(cat "$TMPD/out")" '"window_s":9,' "--set wins over --config"
HYPE_WINDOW_S=11 run analyze --format json "$TMPD/chat.json"
tap_like "$(cat "$TMPD/out")" '"window_s":11,' "HYPE_WINDOW_S from the environment"
run analyze --list-params
tap_like "$(cat "$TMPD/out")" "^window_s  *[0-9]" "--list-params lists window_s"
run analyze --set min_clip_s=100 --set max_clip_s=50 "$TMPD/chat.json"
tap_is "$rc" 2 "contradictory parameters: exit 2"

# VOD start: from the chat; --vod-start only when the chat has none.
run analyze --format json --top 1 "$TMPD/array.json"
p0=$(json_field peak)
# A VOD start 100 s before the first message moves every time by 100 s.
first=$(sed -n 's/.*"created_at":"\([^"]*\)".*/\1/p' "$TMPD/array.json" | head -n 1)
start=$(date -u -d "@$(($(date -u -d "$first" +%s) - 100))" +%Y-%m-%dT%H:%M:%SZ)
run analyze --format json --top 1 --vod-start "$start" "$TMPD/array.json"
p1=$(json_field peak)
tap_like "$(cat "$TMPD/out")" "\"start_time\":\"$start\"" "--vod-start sets the VOD start"
tap_check "without a VOD start the first message is 0 (peak $p0 vs $p1)" \
    awk -v a="$p0" -v b="$p1" 'BEGIN { exit !(b - a == 100) }'
run analyze --format json --top 1 --vod-start 2001-01-01T00:00:00Z "$TMPD/chat.json"
tap_like "$(cat "$TMPD/out")" '"start_time":"20[1-9]' "the chat's own VOD start wins over --vod-start"

# Write failure is reported.
if [ -w /dev/full ]; then
	"$AUTOCLIP" analyze --format json "$TMPD/chat.json" >/dev/full 2>"$TMPD/err"
	tap_like "$? $(cat "$TMPD/err")" "^1 .*write error" "a full disk is an error"
else
	tap_result 1 "/dev/full is missing"
fi
tap_done
