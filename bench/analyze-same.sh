#!/bin/sh
# SPDX-License-Identifier: ISC
# analyze-same.sh: does a changed "autoclip analyze" answer exactly as before?
#
# usage: bench/analyze-same.sh OLD_AUTOCLIP [BUILDDIR] [RECORDING]
#
# Runs OLD_AUTOCLIP (a previous build's bin/autoclip) and BUILDDIR's
# bin/autoclip (default .) on the same inputs and compares, byte for byte,
# standard output, standard error and the exit status of
# "analyze --format json" (and of "--top 10" and "--set sender_decay_s=0"
# on some).  Inputs, generated in a temporary directory (removed at the
# end) with BUILDDIR's bench/chatgen: chats of every format, plain and
# gzip, rates 0.5-50 messages/s; chats resampled from the real recording
# (--real-log, default ../shared/data/real beside the source tree, left
# out when absent); a 200 000-message chat with every sender new; chats
# spelled with white space, escapes or CRLF; the recording converted; the
# test data and the chat fuzz corpus; and 300 damaged copies of a small
# chat (one byte replaced by a JSON-significant one, or the file cut
# short), so that every error text is compared too;
# gzip members back to back, with a file name or followed by other bytes;
# gzip cut short and 100 copies with a damaged compressed byte, which both
# must refuse alike (zlib and ISA-L may word the refusal apart: listed and
# counted, not failed).
# Prints one line per difference and a total; exit 1 when any differs.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
case ${1:-} in
-h|--help|'') sed -n '4,23s/^# \{0,1\}//p' "$0"; [ -n "${1:-}" ]; exit $? ;;
esac
OLD=$1
builddir=${2:-.}
recording=${3:-$srcdir/../shared/data/real/twitch_fuslie_2021-05-25_fullstream.txt.gz}
NEW=$builddir/bin/autoclip
CHATGEN=$builddir/bench/chatgen
for p in "$OLD" "$NEW" "$CHATGEN"; do
	[ -x "$p" ] || { echo "analyze-same.sh: $p is not an executable (make bin/autoclip bench/chatgen)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-same.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT
trap 'rm -rf "$tmp"; exit 143' TERM
mkdir "$tmp/in" || exit 1

compared=0
differ=0

# same FILE [OPTIONS...]: both programs on FILE, outputs compared.
same() {
	f=$1
	shift
	"$OLD" analyze --format json "$@" "$f" > "$tmp/o1" 2> "$tmp/e1"
	r1=$?
	"$NEW" analyze --format json "$@" "$f" > "$tmp/o2" 2> "$tmp/e2"
	r2=$?
	compared=$((compared + 1))
	if [ "$r1" != "$r2" ] || ! cmp -s "$tmp/o1" "$tmp/o2" ||
	    ! cmp -s "$tmp/e1" "$tmp/e2"; then
		differ=$((differ + 1))
		echo "DIFFERENT: $(basename "$f") $* (exit $r1 / $r2)"
		diff "$tmp/e1" "$tmp/e2" | head -n 4
	fi
}

gen() {
	out=$1
	shift
	"$CHATGEN" "$@" -o "$tmp/in/$out" 2>/dev/null ||
	    { echo "analyze-same.sh: chatgen $* failed" >&2; exit 1; }
}

# Generated chats: every format, plain and gzip, a range of rates.
i=0
for rate in 0.5 1.5 4 12 50; do
	for fmt in json ndjson object; do
		i=$((i + 1))
		gen "g$i.$fmt" --seed $((500 + i)) --rate "$rate" --hours 1 \
		    --raids 1 --format "$fmt"
	done
done
gzip -9 "$tmp/in/g2.ndjson" "$tmp/in/g6.object" "$tmp/in/g7.json"
gen uniq.json --seed 9 --messages 200000 --hours 2 --unique-senders
# The same chats spelled otherwise: white space between the tokens, escapes
# in the strings, CRLF line ends (the readers' general paths).
sed 's/","/", "/g; s/":/" : /g; s/,{/,\n  {/g' "$tmp/in/g10.json" \
    > "$tmp/in/g10-spaced.json" || exit 1
sed 's|"content":"|"content":"\\u0020|g; s|"id":"|"id":"\\u0061\\/x|g' \
    "$tmp/in/g13.json" > "$tmp/in/g13-escaped.json" || exit 1
sed 's/$/\r/' "$tmp/in/g11.ndjson" > "$tmp/in/g11-crlf.ndjson" || exit 1

# Chats whose background is resampled from the real recording.
extra=$(dirname "$recording")/es_twitch_videogames_corpus_2024.csv
if [ -r "$recording" ] && [ -r "$extra" ]; then
	gzip -dcf "$recording" > "$tmp/log.txt" || exit 1
	for rate in 0.2 2 20 50; do
		i=$((i + 1))
		gen "r$i.ndjson" --seed $((3000 + i)) --rate "$rate" \
		    --hours 1.5 --moments 10 --distractors 3 --format ndjson \
		    --real-log "$tmp/log.txt" --real-extra "$extra"
	done
	"$CHATGEN" --from-twitch-log "$tmp/log.txt" -o "$tmp/in/real.json" \
	    2>/dev/null || exit 1
	rm -f "$tmp/log.txt"
else
	echo "(no recording at $recording: the real-background chats are left out)"
fi

for f in "$tmp"/in/*; do
	same "$f"
done
for f in "$tmp/in/g4.json" "$tmp/in/uniq.json" "$tmp"/in/r*.ndjson; do
	[ -f "$f" ] || continue
	same "$f" --top 10
	same "$f" --set sender_decay_s=0
done
for f in "$srcdir"/tests/data/* "$srcdir"/tests/fuzz/corpus/chat/*; do
	case $f in *.truth.json) continue ;; esac
	same "$f"
done

# Damaged copies of a small chat: one byte replaced, or cut short.
gen small.object --seed 77 --hours 0.05 --rate 3 --format object
size=$(wc -c < "$tmp/in/small.object")
awk -v n=300 -v size="$size" 'BEGIN {
	x = 12345
	for (k = 0; k < n; k++) {
		x = (x * 1103515245 + 12345) % 2147483648
		print int(x / 65536) % size, k % 16
	}
}' > "$tmp/damage"
while read -r off which; do
	cp "$tmp/in/small.object" "$tmp/bad"
	case $which in
	0) printf '"' ;; 1) printf '\\' ;; 2) printf '{' ;; 3) printf '}' ;;
	4) printf ',' ;; 5) printf ':' ;; 6) printf '0' ;; 7) printf 'x' ;;
	8) printf '\200' ;; 9) printf ' ' ;; 10) printf '\n' ;; 11) printf 'e' ;;
	12) printf '.' ;; 13) printf '[' ;; 14) printf '\001' ;; *) printf '' ;;
	esac > "$tmp/byte"
	if [ "$which" = 15 ]; then
		head -c "$off" "$tmp/in/small.object" > "$tmp/bad"
	else
		dd if="$tmp/byte" of="$tmp/bad" bs=1 seek="$off" conv=notrunc \
		    2>/dev/null || exit 1
	fi
	same "$tmp/bad"
done < "$tmp/damage"

# gzip: members back to back, a stored file name, cut short, trailing bytes,
# and damaged compressed bytes (the inflaters may word the damage apart:
# those are counted, not failed, when both refuse it as corrupt gzip data).
gzip -c "$tmp/in/small.object" > "$tmp/z1.gz"
cat "$tmp/z1.gz" "$tmp/z1.gz" > "$tmp/z2.gz"
cp "$tmp/in/small.object" "$tmp/named" && gzip -f "$tmp/named"
head -c 5000 "$tmp/z1.gz" > "$tmp/z3.gz"
{ cat "$tmp/z1.gz"; printf 'garbage'; } > "$tmp/z4.gz"
{ cat "$tmp/z1.gz"; printf '\037\213'; } > "$tmp/z5.gz"
for f in "$tmp/z1.gz" "$tmp/z2.gz" "$tmp/named.gz" "$tmp/z4.gz" \
    "$tmp/z5.gz"; do
	same "$f"
done

# refused FILE: both must refuse it alike (exit status, no output); the
# words may differ.
worded=0
refused() {
	"$OLD" analyze --format json "$1" > "$tmp/o1" 2> "$tmp/e1"
	r1=$?
	"$NEW" analyze --format json "$1" > "$tmp/o2" 2> "$tmp/e2"
	r2=$?
	compared=$((compared + 1))
	if [ "$r1" = "$r2" ] && cmp -s "$tmp/o1" "$tmp/o2" &&
	    cmp -s "$tmp/e1" "$tmp/e2"; then
		return
	fi
	if [ "$r1" = "$r2" ] && [ "$r1" != 0 ] && ! [ -s "$tmp/o1" ] &&
	    ! [ -s "$tmp/o2" ]; then
		worded=$((worded + 1))
		echo "refused in other words: $(cat "$tmp/e1")"
		echo "                         $(cat "$tmp/e2")"
		return
	fi
	differ=$((differ + 1))
	echo "DIFFERENT: $2 (exit $r1 / $r2)"
	diff "$tmp/e1" "$tmp/e2" | head -n 4
}
refused "$tmp/z3.gz" "gzip cut short"
zsize=$(wc -c < "$tmp/z1.gz")
awk -v n=100 -v size="$zsize" 'BEGIN {
	x = 777
	for (k = 0; k < n; k++) {
		x = (x * 1103515245 + 12345) % 2147483648
		print int(x / 65536) % size, int(x / 256) % 256
	}
}' > "$tmp/zdamage"
while read -r off byte; do
	cp "$tmp/z1.gz" "$tmp/bad.gz"
	printf "\\$(printf '%03o' "$byte")" | dd of="$tmp/bad.gz" bs=1 \
	    seek="$off" conv=notrunc 2>/dev/null || exit 1
	refused "$tmp/bad.gz" "damaged gzip at byte $off"
done < "$tmp/zdamage"
echo "damaged or cut gzip refused alike in other words: $worded"

echo "compared $compared analyses: $differ different"
[ "$differ" -eq 0 ]
