#!/bin/sh
# SPDX-License-Identifier: ISC
# learn.sh: autoclip learn: usage; three VODs of one channel reviewed
# (laughing moments approved, hype moments rejected, one bound moved) teach
# weights for the channel and for all channels; the next import of the
# channel, and a Kick download of it (autoclip fetch from the mock), are
# ranked with them (laughter first), another channel's with those of all
# channels, LEARN_FROM_REVIEW=false and autoclip analyze without; deleting
# the reviewed VODs takes the weights away.
. "$top_srcdir/tests/tools/lib.sh"
TOOL=$top_builddir/tests/store/store-tool
MOCK=$top_builddir/tests/kick/kick-mock
tap_need "$AUTOCLIP" "$CHATGEN" "$TOOL" "$MOCK" jq
tap_tmpdir
MOCK_PID=
trap '[ -z "$MOCK_PID" ] || kill "$MOCK_PID" 2>/dev/null; rm -rf "$TMPD"' EXIT

DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$TMPD/data/autoclip.db
CHAT_STORAGE_DIR=$TMPD/chats
unset CHAT_STORAGE AUTOCLIP_CONF LEARN_FROM_REVIEW
export DATA_DIR DATABASE_URL CHAT_STORAGE_DIR KICK_RATE_LIMIT=0

# run ARGS...: autoclip; stdout in $TMPD/out, stderr in $TMPD/err, status in $rc.
run() {
	"$AUTOCLIP" "$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
}
# weight HEADING FEATURE: the weight "autoclip learn" printed for it under
# the heading ("all channels", "channel NAME").
weight() {
	awk -v s="$1:" -v f="$2" '/^[a-z]/ { cur = index($0, s) == 1 }
	    cur && $1 == f { print $2 }' "$TMPD/out"
}
# mean: the mean of the numbers on standard input, one per word.
mean() { tr ' ' '\n' | awk 'NF { s += $1; n++ } END { print n ? s / n : 0 }'; }
# ranks FILE KIND: the ranks of the clips of a JSON analysis whose feature
# KIND is above 1 (laugh or hype moments), space-separated.
ranks() {
	jq -r "[.potential_clips[] | select(.features.$2 > 1) | .rank] |
	    map(tostring) | join(\" \")" "$1"
}

# Seeds 1, 3, 12, 22 and 27 are VODs of the channel nicoplays, 4 of streamerx.
for s in 1 3 12 22 27 4; do
	"$CHATGEN" --seed $s --hours 2 --format object -o "$TMPD/c$s.json" \
	    2>/dev/null || tap_bail "chatgen failed"
done

# --- usage ---
run learn --help
tap_like "$rc $(head -n 1 "$TMPD/out")" "^0 usage: autoclip learn" "learn --help"
run learn extra
tap_is "$rc" 2 "an operand: exit 2"
run learn --channel ""
tap_like "$rc $(cat "$TMPD/err")" "^2 .*--channel" "an empty --channel: exit 2"
run learn --frobnicate
tap_is "$rc" 2 "an unknown option: exit 2"
run --help
tap_like "$(cat "$TMPD/out")" "learn " "the command list names learn"
mkdir "$DATA_DIR"
run learn
tap_like "$rc $(cat "$TMPD/err")" "^1 .*autoclip migrate" "before migrate: exit 1, asks for it"
rm -rf "$DATA_DIR"
"$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"
run learn
tap_is "$rc $(cat "$TMPD/out")" \
    "0 all channels: nothing reviewed (approve or reject clips first)" \
    "an empty library: nothing learned"

# --- three VODs of nicoplays reviewed ---
n=0
for s in 1 3 12; do
	"$AUTOCLIP" import --vod-id "v$s" "$TMPD/c$s.json" >/dev/null 2>&1 ||
	    tap_bail "import v$s failed"
	"$AUTOCLIP" show --format json "v$s" > "$TMPD/v$s.json" ||
	    tap_bail "show v$s failed"
	tap_is "$(jq -r .config.learned_weights "$TMPD/v$s.json")" null \
	    "v$s: nothing learned yet, config.learned_weights is null"
	for r in $(ranks "$TMPD/v$s.json" laugh); do
		"$TOOL" approve "$DATABASE_URL" "v$s" "$r" && n=$((n + 1))
	done
	for r in $(ranks "$TMPD/v$s.json" hype); do
		"$TOOL" reject "$DATABASE_URL" "v$s" "$r" && n=$((n + 1))
	done
done
tap_like "$n" '^[1-9][0-9]$' "reviewed $n clips"
moved=$(ranks "$TMPD/v1.json" laugh | cut -d' ' -f1)
tap_check "an approved clip's bounds moved" "$TOOL" move "$DATABASE_URL" v1 \
    "$moved" 4 -8
"$AUTOCLIP" import --vod-id s4 "$TMPD/c4.json" >/dev/null 2>&1 ||
    tap_bail "import s4 failed"

run learn --channel nicoplays
tap_is "$rc" 0 "learn --channel nicoplays"
tap_is "$(sed -n 1p "$TMPD/out")" "all channels: $n reviewed clips from 3 VODs" \
    "all channels first: every reviewed clip, three VODs"
tap_is "$(grep -c '^channel nicoplays: '"$n"' reviewed clips from 3 VODs$' "$TMPD/out")" 1 \
    "then the channel's"
tap_is "$(grep -c '^  [a-z]* *[-+][0-9]*\.[0-9][0-9][0-9]$' "$TMPD/out")" 14 \
    "seven weights each, by name"
tap_like "$(weight 'channel nicoplays' laugh) $(weight 'channel nicoplays' hype)" \
    '^[+][0-9.]* -[0-9.]*$' \
    "approved laughter weighs up, rejected hype down"
tap_like "$(grep -c 'start shift [-+][0-9.]* s, end shift [-+][0-9.]* s' "$TMPD/out")" 2 \
    "the bound shifts, each scope"
tap_like "$(grep 'channel nicoplays' -A8 "$TMPD/out" | tail -n 1)" \
    'start shift [+][0-9.]* s, end shift -[0-9.]* s' \
    "a start moved later and an end earlier: the shifts follow"
run learn
tap_is "$(grep -c '^channel ' "$TMPD/out")" 1 \
    "without --channel: every reviewed channel (only nicoplays has reviews)"
run learn --channel streamerx
tap_is "$(sed -n '$p' "$TMPD/out")" \
    "channel streamerx: nothing reviewed (approve or reject clips first)" \
    "a channel without reviews: nothing for it"

# --- the next VOD of the channel, ranked with them ---
"$AUTOCLIP" analyze --format json "$TMPD/c22.json" > "$TMPD/plain.json" ||
    tap_bail "analyze failed"
tap_is "$(jq -r .config.learned_weights "$TMPD/plain.json")" null \
    "autoclip analyze of a file: unlearned"
"$AUTOCLIP" import --vod-id v22 "$TMPD/c22.json" >/dev/null 2>&1 ||
    tap_bail "import v22 failed"
"$AUTOCLIP" show --format json v22 > "$TMPD/v22.json"
tap_is "$(jq -r '.config.learned_weights | "\(.scope) \(.labels) \(.vods)"' "$TMPD/v22.json")" \
    "nicoplays $n 3" "the import of v22 is ranked with nicoplays' weights ($n labels, 3 VODs)"
tap_is "$(jq -r '.potential_clips[0].features.laugh > 1' "$TMPD/v22.json")" true \
    "a laughing moment ranks first"
tap_like "$(jq -r '[.potential_clips[] | has("learned_delta")] | all' "$TMPD/v22.json")" true \
    "every clip has its learned_delta"
# A Kick download of the channel (the mock serves VOD 27): the job's analysis too.
CHAT=$TMPD/c27.json
. "$top_srcdir/tests/tools/kick-harness.sh"
mock_start
"$AUTOCLIP" fetch "$(jq -r .video.uuid "$CHAT")" >/dev/null 2>"$TMPD/err" ||
    tap_bail "fetch failed: $(cat "$TMPD/err")"
kill "$MOCK_PID" 2>/dev/null
MOCK_PID=
"$AUTOCLIP" show --format json "$(jq -r .video.uuid "$CHAT")" > "$TMPD/v27.json"
tap_is "$(jq -r '.config.learned_weights | "\(.scope) \(.labels)"' "$TMPD/v27.json")" \
    "nicoplays $n" "a Kick download of the channel is ranked with its weights"
LEARN_FROM_REVIEW=false "$AUTOCLIP" reanalyze v22 >/dev/null 2>&1 ||
    tap_bail "reanalyze v22 failed"
"$AUTOCLIP" show --format json v22 > "$TMPD/v22-off.json"
tap_is "$(jq -r .config.learned_weights "$TMPD/v22-off.json")" null \
    "LEARN_FROM_REVIEW=false: re-analysed without them"
tap_is "$(jq -c '[.potential_clips[].peak]' "$TMPD/v22-off.json")" \
    "$(jq -c '[.potential_clips[].peak]' "$TMPD/plain.json")" \
    "the same clips as autoclip analyze of the file"
tap_check "the learned ranking differs from the plain one" test \
    "$(jq -c '[.potential_clips[].peak]' "$TMPD/v22.json")" != \
    "$(jq -c '[.potential_clips[].peak]' "$TMPD/v22-off.json")"
on=$(ranks "$TMPD/v22.json" hype)
off=$(ranks "$TMPD/v22-off.json" hype)
tap_check "rejected hype ranks lower with learning ($on) than without ($off)" \
    awk -v a="$(echo "$on" | mean)" -v b="$(echo "$off" | mean)" \
    'BEGIN { exit !(a > b) }'
"$AUTOCLIP" reanalyze v22 >/dev/null 2>&1 || tap_bail "reanalyze v22 failed"
"$AUTOCLIP" show --format json v22 > "$TMPD/v22-again.json"
tap_is "$(jq -r .config.learned_weights.scope "$TMPD/v22-again.json")" nicoplays \
    "re-analysed with the setting on: the channel's weights again"
"$AUTOCLIP" reanalyze s4 >/dev/null 2>&1 || tap_bail "reanalyze s4 failed"
"$AUTOCLIP" show --format json s4 > "$TMPD/s4.json"
tap_is "$(jq -r '.config.learned_weights | "[\(.scope)] \(.labels)"' "$TMPD/s4.json")" \
    "[] $n" "another channel: the weights of all channels"
LEARN_FROM_REVIEW=false "$AUTOCLIP" learn --channel nicoplays >"$TMPD/out" 2>"$TMPD/err"
tap_like "$? $(cat "$TMPD/err")" "^0 .*LEARN_FROM_REVIEW is off" \
    "learn with the setting off: fits, and says analyses do not use it"

# --- without reviews, nothing learned ---
for s in 1 3; do
	"$AUTOCLIP" delete "v$s" >/dev/null 2>&1 || tap_bail "delete v$s failed"
done
"$AUTOCLIP" reanalyze v22 >/dev/null 2>&1 || tap_bail "reanalyze v22 failed"
tap_is "$("$AUTOCLIP" show --format json v22 | jq -r '.config.learned_weights.vods')" 1 \
    "deleting reviewed VODs fits again: what v12 taught is left"
# The last one deleted with the setting off: nothing is fitted again.
LEARN_FROM_REVIEW=false "$AUTOCLIP" delete v12 >/dev/null 2>&1 ||
    tap_bail "delete v12 failed"
"$AUTOCLIP" reanalyze v22 >/dev/null 2>&1 || tap_bail "reanalyze v22 failed"
tap_is "$("$AUTOCLIP" show --format json v22 | jq -r .config.learned_weights.vods)" 1 \
    "deleted with LEARN_FROM_REVIEW=false: the weights stay as they were"
run learn
tap_is "$(cat "$TMPD/out")" "all channels: nothing reviewed (approve or reject clips first)
channel nicoplays: nothing reviewed (approve or reject clips first)" \
    "autoclip learn: nothing to learn from, the channel's weights removed too"
"$AUTOCLIP" reanalyze v22 >/dev/null 2>&1 || tap_bail "reanalyze v22 failed"
tap_is "$("$AUTOCLIP" show --format json v22 | jq -r .config.learned_weights)" null \
    "v22 re-analysed unlearned"
tap_done
