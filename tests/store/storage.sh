#!/bin/sh
# SPDX-License-Identifier: ISC
# storage.sh: migrate, import, list, show, reanalyze, delete; a killed
# import, parallel imports of one VOD.
. "$top_srcdir/tests/tools/lib.sh"
tap_need "$AUTOCLIP" "$CHATGEN" cmp mkfifo
tap_tmpdir
TOOL=$top_builddir/tests/store/store-tool

DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$TMPD/data/autoclip.db
CHAT_STORAGE_DIR=$TMPD/chats
unset CHAT_STORAGE AUTOCLIP_CONF
export DATA_DIR DATABASE_URL CHAT_STORAGE_DIR
A=$CHAT_STORAGE_DIR/v1.ndjson.gz

"$CHATGEN" --seed 11 --hours 1 --format object -o "$TMPD/chat.json" ||
    tap_bail "chatgen failed"
"$CHATGEN" --seed 12 --hours 4 --format ndjson -o "$TMPD/big.ndjson" ||
    tap_bail "chatgen failed"

mkdir "$DATA_DIR"
"$AUTOCLIP" list >"$TMPD/out" 2>"$TMPD/err"
tap_is "$?" 1 "list before migrate fails"
tap_like "$(cat "$TMPD/err")" "run .autoclip migrate." "and asks for migrate"
rm -rf "$DATA_DIR"
"$AUTOCLIP" migrate >"$TMPD/out" 2>&1
tap_is "$?" 0 "migrate"
tap_like "$(cat "$TMPD/out")" "schema version [0-9]" "migrate says the version"
tap_check "migrate created DATA_DIR" test -d "$DATA_DIR"
"$AUTOCLIP" migrate >"$TMPD/out" 2>&1
tap_like "$(cat "$TMPD/out")" "up to date" "migrate again: up to date"

"$AUTOCLIP" import --vod-id v1 "$TMPD/chat.json" >"$TMPD/out" 2>"$TMPD/err"
tap_is "$?" 0 "import"
tap_like "$(head -n 1 "$TMPD/out")" "^stream [0-9]* (vod v1)" "import prints the stream"
tap_check "archive written" test -s "$A"
tap_check "and the feature file beside it" test -s "$CHAT_STORAGE_DIR/v1.features"
"$AUTOCLIP" import --vod-id ../x "$TMPD/chat.json" >/dev/null 2>&1
tap_is "$?" 2 "bad --vod-id refused"
"$AUTOCLIP" list >"$TMPD/out" 2>&1
tap_is "$?" 0 "list"
tap_like "$(sed -n 2p "$TMPD/out")" " v1 *analyzed" "list shows the stream"
"$AUTOCLIP" show v1 >"$TMPD/out" 2>&1
tap_is "$?" 0 "show"
tap_like "$(cat "$TMPD/out")" "pending" "show lists clips"
"$AUTOCLIP" show --format json v1 >"$TMPD/show.json" 2>&1
tap_like "$(cat "$TMPD/show.json")" '"status":"pending"' "show json has statuses"
"$AUTOCLIP" show nope >/dev/null 2>&1
tap_is "$?" 1 "show of a missing VOD fails"

# An approval survives re-analysis.
tap_check "approve clip 1" "$TOOL" approve "$DATABASE_URL" v1 1
"$TOOL" statuses "$DATABASE_URL" v1 >"$TMPD/before"
"$AUTOCLIP" reanalyze v1 >"$TMPD/out" 2>"$TMPD/err"
tap_is "$?" 0 "reanalyze"
"$TOOL" statuses "$DATABASE_URL" v1 >"$TMPD/after"
tap_check "same clips, approval kept" cmp -s "$TMPD/before" "$TMPD/after"
tap_like "$(head -n 1 "$TMPD/after")" "approved" "rank 1 still approved"
"$AUTOCLIP" reanalyze --set window_s=20 v1 >/dev/null 2>&1
tap_is "$?" 0 "reanalyze with --set"

# The feature file: written by an import or a re-analysis from the archive,
# used by the next, the same answer as from the archive; rebuilt when of
# another version.
F=$CHAT_STORAGE_DIR/v1.features
rm -f "$F"
"$AUTOCLIP" reanalyze v1 >/dev/null 2>&1
tap_check "re-analysis wrote the feature file" test -s "$F"
"$AUTOCLIP" reanalyze --set window_s=14 v1 >"$TMPD/cached" 2>/dev/null
rm -f "$F"
"$AUTOCLIP" reanalyze --set window_s=14 v1 >"$TMPD/fresh" 2>/dev/null
tap_check "from the feature file, the clips of the archive" \
    cmp -s "$TMPD/cached" "$TMPD/fresh"
tap_check "and the file written again" test -s "$F"
cp -p "$A" "$TMPD/keep.gz"
printf 'garbage!' | dd of="$A" bs=1 seek=100 conv=notrunc 2>/dev/null
touch -r "$TMPD/keep.gz" "$A"
"$AUTOCLIP" reanalyze --set window_s=14 v1 >"$TMPD/cached" 2>/dev/null
tap_is "$?" 0 "with a current feature file the archive is not read"
printf 'XXXX' | dd of="$F" bs=1 seek=8 conv=notrunc 2>/dev/null
"$AUTOCLIP" reanalyze --set window_s=14 v1 >/dev/null 2>&1
[ "$?" -ne 0 ]
tap_result $? "a feature file of another version is not used (the bad archive is read)"
cp -p "$TMPD/keep.gz" "$A"
"$AUTOCLIP" reanalyze --set window_s=14 v1 >"$TMPD/again" 2>/dev/null
tap_check "it is rebuilt from the archive" cmp -s "$TMPD/again" "$TMPD/fresh"

# A re-analysis writes the analysis path's debug records.
DEBUG=true DEBUG_LOGS_DIR=$TMPD/debug "$AUTOCLIP" reanalyze v1 >/dev/null 2>&1
tap_is "$?" 0 "reanalyze with DEBUG=true"
tap_is "$(ls "$TMPD/debug" | grep -c '^02_normalized_.*\.json$')" 1 \
    "DEBUG=true: reanalyze writes a 02_normalized record"
tap_is "$(ls "$TMPD/debug" | grep -c '^03_results_.*\.json$')" 1 \
    "DEBUG=true: reanalyze writes a 03_results record"

# The library's rule, the command's too: no re-analysis while a download
# of the VOD runs (its archive may be partial; the download saves its own).
tap_check "mark v1 running" "$TOOL" status "$DATABASE_URL" v1 running
"$AUTOCLIP" reanalyze v1 >"$TMPD/out" 2>"$TMPD/err"
tap_is "$?" 1 "reanalyze while the VOD downloads: exit 1"
tap_like "$(cat "$TMPD/err")" "^autoclip: v1: the VOD's chat is being downloaded$" \
    "and says why"
tap_check "mark v1 analyzed" "$TOOL" status "$DATABASE_URL" v1 analyzed

# kill -9 in the middle of writing the archive.
cp "$A" "$TMPD/good.gz"
mkfifo "$TMPD/fifo"
"$AUTOCLIP" import --vod-id v1 "$TMPD/fifo" >/dev/null 2>&1 &
imp=$!
exec 3>"$TMPD/fifo"
head -n 20000 "$TMPD/big.ndjson" >&3
temps() { ls -a "$CHAT_STORAGE_DIR" | grep -c '^\.v1\..*\.tmp$'; }
has_temp() { [ "$(temps)" -ge 1 ]; }
tap_wait 20 has_temp
tap_is "$(temps)" 1 "a temporary archive while importing"
kill -9 $imp
wait $imp 2>/dev/null
exec 3>&-
tap_check "previous archive intact" cmp -s "$A" "$TMPD/good.gz"
"$AUTOCLIP" import --vod-id v1 "$TMPD/chat.json" >/dev/null 2>&1
tap_is "$?" 0 "next import succeeds"
n=$(ls -a "$CHAT_STORAGE_DIR" | grep -c '\.tmp$')
tap_is "$n" 0 "the stale temporary is removed"
tap_check "archive the same again" cmp -s "$A" "$TMPD/good.gz"

# Eight parallel imports of one VOD: one row, the clips of one import.
"$AUTOCLIP" import --vod-id p1 "$TMPD/chat.json" >/dev/null 2>&1
"$TOOL" statuses "$DATABASE_URL" p1 >"$TMPD/single"
"$AUTOCLIP" delete p1 >/dev/null 2>&1
pids=
for i in 1 2 3 4 5 6 7 8; do
	"$AUTOCLIP" import --vod-id p1 "$TMPD/chat.json" >/dev/null \
	    2>"$TMPD/perr$i" &
	pids="$pids $!"
done
fails=0
for p in $pids; do
	wait $p || fails=$((fails + 1))
done
tap_is "$fails" 0 "eight parallel imports succeed"
tap_is "$("$TOOL" count "$DATABASE_URL" p1)" 1 "one stream row"
"$TOOL" statuses "$DATABASE_URL" p1 >"$TMPD/parallel"
tap_check "the clips of a single import" cmp -s "$TMPD/single" "$TMPD/parallel"

# Delete removes the row and the archive.
"$AUTOCLIP" delete v1 >"$TMPD/out" 2>&1
tap_is "$?" 0 "delete"
tap_check "archive removed" test ! -e "$A"
"$AUTOCLIP" show v1 >/dev/null 2>&1
tap_is "$?" 1 "deleted VOD is gone"
"$AUTOCLIP" delete v1 >/dev/null 2>&1
tap_is "$?" 1 "delete twice fails"

tap_done
