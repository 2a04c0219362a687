#!/bin/sh
# SPDX-License-Identifier: ISC
# learn.sh: learning from review, measured on generated channels.
#
# usage: bench/learn.sh [-b BUILDDIR] [--styles "S ..."] [--vods N]
#            [--review K] [--rate R] [--seed BASE] [--no-kinds] [--prior]
#
# Each channel is a chatgen --style (default: laughs talks hypes foreign):
# real moments marked by the channel's own way of reacting, its own chat
# delay, and a recurring false moment as strong as a real one (README,
# "Learning from review, measured").  For each channel, N VODs (default 8;
# 1.5 h, 10 moments, 4 false moments, background resampled from
# ../shared/data/real).  The first K (default 3) are analysed (top 10)
# and reviewed as an editor would from the truth: a clip of a true moment
# (what bench/evaluate counts right: start in [t - 20 s, reaction peak])
# approved and its bounds moved to the moment's, every other clip
# rejected.  bench/learn fits the weights (ac_learn_fit); the other VODs
# are analysed without and with
# them and scored by bench/evaluate (top 10): start precision p10,
# precision, median start and end error, clips on false moments.
# Then "rejecting a kind": a channel of style mixed, the clips of laughing
# moments rejected in its first K VODs (the others reviewed as above);
# the mean rank (top 20; a moment not shown counts 21) of laughing and of
# hype moments on the other VODs, without and with the weights.
# --prior adds the hierarchical fit: weights of all channels (their VODs
# 1..K together) alone, and as the prior of each channel's fit on its first
# VOD, beside that fit without prior (p10 on VODs K+1..N).
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=.
styles="laughs talks hypes foreign"
nvods=8
nreview=3
rate=5
seedbase=7100
kinds=1
prior=
while [ $# -gt 0 ]; do
	case $1 in
	-b)	[ $# -ge 2 ] || { echo "learn.sh: -b needs a directory" >&2; exit 2; }
		builddir=$2; shift 2 ;;
	--styles) [ $# -ge 2 ] || exit 2; styles=$2; shift 2 ;;
	--vods) [ $# -ge 2 ] || exit 2; nvods=$2; shift 2 ;;
	--review) [ $# -ge 2 ] || exit 2; nreview=$2; shift 2 ;;
	--rate) [ $# -ge 2 ] || exit 2; rate=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || exit 2; seedbase=$2; shift 2 ;;
	--no-kinds) kinds=; shift ;;
	--prior) prior=1; shift ;;
	-h|--help) sed -n '5,30s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)	echo "learn.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
done
[ "$nreview" -ge 1 ] && [ "$nvods" -gt "$nreview" ] || {
	echo "learn.sh: need --vods > --review >= 1" >&2; exit 2; }

CHATGEN=$builddir/bench/chatgen
EVALUATE=$builddir/bench/evaluate
LEARN=$builddir/bench/learn
for p in "$CHATGEN" "$EVALUATE" "$LEARN"; do
	[ -x "$p" ] || { echo "learn.sh: $p not built (make bench/chatgen bench/evaluate bench/learn, or -b BUILDDIR)" >&2; exit 1; }
done
recording=$srcdir/../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz
extra=$srcdir/../shared/data/real/es_twitch_videogames_corpus_2024.csv
[ -r "$recording" ] && [ -r "$extra" ] || { echo "learn.sh: cannot read $recording or $extra" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-learn.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT
trap 'rm -rf "$tmp"; exit 143' TERM
gzip -dcf "$recording" > "$tmp/log.txt" || exit 1

# gen CHANNEL STYLE-OPTION: VODs 1..N of a channel, analysed without weights
gen() {
	_ch=$1; shift
	_i=0
	while [ "$_i" -lt "$nvods" ]; do
		_i=$((_i + 1))
		_seed=$((seedbase + _i))
		"$CHATGEN" "$@" --seed "$_seed" --rate "$rate" --hours 1.5 \
		    --moments 10 --distractors 4 --format object \
		    --real-log "$tmp/log.txt" --real-extra "$extra" \
		    --truth "$tmp/$_ch.$_i.truth" -o "$tmp/$_ch.$_i.chat" \
		    2>/dev/null || exit 1
	done
}

# analyse CHANNEL TOP [WEIGHTS]: VODs K+1..N (and 1..K without weights)
analyse() {
	_i=0
	while [ "$_i" -lt "$nvods" ]; do
		_i=$((_i + 1))
		if [ $# -ge 3 ]; then
			[ "$_i" -gt "$nreview" ] || continue
			"$LEARN" analyze --top "$2" --weights "$3" \
			    "$tmp/$1.$_i.chat" > "$tmp/$1.$_i.learned" || exit 1
		else
			"$LEARN" analyze --top "$2" "$tmp/$1.$_i.chat" \
			    > "$tmp/$1.$_i.plain" || exit 1
		fi
	done
}

# pairs CHANNEL K: the truth and plain result of VODs 1..K
pairs() {
	_i=0
	while [ "$_i" -lt "$2" ]; do
		_i=$((_i + 1))
		printf ' %s %s' "$tmp/$1.$_i.truth" "$tmp/$1.$_i.plain"
	done
}

# review CHANNEL [fit options]: the weights from VODs 1..K
review() {
	_ch=$1; shift
	# shellcheck disable=SC2046
	"$LEARN" fit "$@" $(pairs "$_ch" "$nreview") > "$tmp/$_ch.weights" \
	    2> "$tmp/$_ch.fit" || { cat "$tmp/$_ch.fit" >&2; exit 1; }
}

# score CHANNEL VARIANT: mean of evaluate's figures over VODs K+1..N
score() {
	_i=$nreview
	: > "$tmp/$1.$2.eval"
	while [ "$_i" -lt "$nvods" ]; do
		_i=$((_i + 1))
		"$EVALUATE" --truth "$tmp/$1.$_i.truth" --top 10 \
		    "$tmp/$1.$_i.$2" >> "$tmp/$1.$2.eval" || exit 1
	done
	awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		n++; p += v["p10"]; pr += v["precision"]; se += v["start_err"]
		ee += v["end_err"]; d += v["distractor_clips"] }
	END { printf "%.3f %.3f %+.1f %+.1f %d\n", p / n, pr / n, se / n, ee / n, d }' \
	    "$tmp/$1.$2.eval"
}

echo "VODs 1-$nreview of each channel reviewed (top 10 each), VODs $((nreview + 1))-$nvods scored (top 10, means over $((nvods - nreview)) VODs; rate $rate msg/s):"
echo
echo "| channel (false moment) | labels (approved, moved) | p10 without → with | precision without → with | start err (s) without → with | end err (s) without → with | clips on false moments without → with | weights learned |"
echo "|---|---|---|---|---|---|---|---|"
for st in $styles; do
	gen "$st" --style "$st"
	analyse "$st" 10
	review "$st"
	analyse "$st" 10 "$tmp/$st.weights"
	set -- $(score "$st" plain)
	p0=$1 pr0=$2 s0=$3 e0=$4 d0=$5
	set -- $(score "$st" learned)
	fit=$(sed -n 's/^learn: \([0-9]*\) labels (\([0-9]*\) approved, \([0-9]*\) moved).*/\1 (\2, \3)/p' "$tmp/$st.fit")
	w=$(awk '{
		gsub(/[{}"]/, ""); n = split($0, a, ",")
		for (i = 1; i <= n; i++) {
			split(a[i], kv, ":")
			if (kv[1] == "weights") { k = kv[2]; x = kv[3] } else { k = kv[1]; x = kv[2] }
			if (k ~ /^(senders|messages|laugh|hype|learned|length|repeat)$/)
				s = s sprintf("%s %+.2f ", k, x)
			if (k == "start_shift_s") s = s sprintf("start %+.1f s ", x)
			if (k == "end_shift_s") s = s sprintf("end %+.1f s", x)
		}
		print s }' "$tmp/$st.weights")
	fake=$(sed -n 's/.*"kind":"\([a-z_]*\)","messages".*/\1/p' "$tmp/$st.1.truth" | head -n 1)
	echo "| $st ($fake) | $fit | $p0 → **$1** | $pr0 → $2 | $s0 → $3 | $e0 → $4 | $d0 → $5 | $w |"
	[ -n "$prior" ] || rm -f "$tmp/$st".*.chat
done

if [ -n "$prior" ]; then
	echo
	echo "Hierarchical: the weights of all channels (VODs 1-$nreview of each, fitted together) alone, and as the prior of each channel's fit on its VOD 1; p10 on VODs $((nreview + 1))-$nvods:"
	echo
	echo "| channel | without | all channels' weights | own fit, VOD 1 | own fit, VOD 1, prior all channels' |"
	echo "|---|---:|---:|---:|---:|"
	_all=
	for st in $styles; do
		_all="$_all $(pairs "$st" "$nreview")"
	done
	# shellcheck disable=SC2086
	"$LEARN" fit $_all > "$tmp/all.weights" 2>/dev/null || exit 1
	for st in $styles; do
		# shellcheck disable=SC2046
		"$LEARN" fit $(pairs "$st" 1) > "$tmp/$st.own1" 2>/dev/null || exit 1
		# shellcheck disable=SC2046
		"$LEARN" fit --prior "$tmp/all.weights" $(pairs "$st" 1) \
		    > "$tmp/$st.prior1" 2>/dev/null || exit 1
		_row="| $st | $(score "$st" plain | cut -d' ' -f1)"
		for v in all own1 prior1; do
			[ "$v" = all ] && _w=$tmp/all.weights || _w=$tmp/$st.$v
			analyse "$st" 10 "$_w"
			_row="$_row | $(score "$st" learned | cut -d' ' -f1)"
		done
		echo "$_row |"
		rm -f "$tmp/$st".*.chat
	done
	echo
	echo "all channels' weights: $(cat "$tmp/all.weights")"
fi

[ -n "$kinds" ] || exit 0
echo
echo "Rejecting a kind: a channel of style mixed (moments laugh or hype in the vocabulary, the usual distractors), every clip of a laughing moment rejected in VODs 1-$nreview; mean rank (top 20, not shown = 21) on VODs $((nreview + 1))-$nvods:"
echo
echo "| kind | moments | mean rank without | mean rank with | shown in top 20 without → with |"
echo "|---|---:|---:|---:|---|"
gen plain --style mixed
analyse plain 20
review plain --reject-kind laugh
analyse plain 20 "$tmp/plain.weights"
for kind in laugh hype; do
	for v in plain learned; do
		_i=$nreview
		: > "$tmp/ranks.$v"
		while [ "$_i" -lt "$nvods" ]; do
			_i=$((_i + 1))
			"$LEARN" ranks --kind "$kind" --top 20 \
			    "$tmp/plain.$_i.truth" "$tmp/plain.$_i.$v" \
			    >> "$tmp/ranks.$v" || exit 1
		done
	done
	awk -v kind="$kind" 'FNR == 1 { f++ }
	{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	  n[f] += v["moments"]; s[f] += v["shown"]; r[f] += v["mean_rank"] * v["moments"] }
	END { printf "| %s | %d | %.2f | %.2f | %d → %d |\n", kind, n[1],
	    r[1] / n[1], r[2] / n[2], s[1], s[2] }' "$tmp/ranks.plain" "$tmp/ranks.learned"
done
w=$(cat "$tmp/plain.weights")
echo
echo "weights: $w"
