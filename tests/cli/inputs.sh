#!/bin/sh
# SPDX-License-Identifier: ISC
# inputs.sh: hostile and broken chat files through the command: each ends
# with exit 1 and a message saying what is wrong and where, never a crash
# or a hang; individually unusable messages are skipped and reported.
. "$top_srcdir/tests/tools/lib.sh"
tap_need "$AUTOCLIP" gzip head awk timeout
tap_tmpdir

# bad NAME PATTERN DESC: analysing $TMPD/NAME exits 1 (not a signal, not a
# hang) with an error matching PATTERN.
bad() {
	timeout 60 "$AUTOCLIP" analyze --format json "$TMPD/$1" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	tap_like "$rc $(head -c 400 "$TMPD/err")" "^1 .*$2" "$3"
}

M='{"id":"m1","content":"hola jajaja","created_at":"2025-08-25T00:41:00Z","sender":{"id":1,"username":"a"}}'
M2='{"id":"m2","content":"xd","created_at":"2025-08-25T00:41:02Z","sender":{"id":2,"username":"b"}}'

: >"$TMPD/empty.json"
bad empty.json "empty" "empty input"
printf '   \n\t\n' >"$TMPD/blank.json"
bad blank.json "empty" "only whitespace"
printf '[%s,%s' "$M" "$M2" >"$TMPD/truncated.json"
bad truncated.json "byte [0-9]" "truncated array names the byte offset"
printf '[%s,{"id":"m2","content":"xd' "$M" >"$TMPD/truncated-string.json"
bad truncated-string.json "byte [0-9]" "truncated inside a string"
printf '[%s,%s,]' "$M" "$M2" >"$TMPD/trailing-comma.json"
bad trailing-comma.json "byte [0-9]" "trailing comma is not JSON"
printf '[%s,{"id":"m3" "content":"x"}]' "$M" >"$TMPD/missing-colon.json"
bad missing-colon.json "message 2" "a syntax error names the message number"
head -c 65536 /dev/urandom >"$TMPD/garbage.bin"
printf '\001\002garbage' | cat - "$TMPD/garbage.bin" >"$TMPD/garbage.json"
bad garbage.json "." "binary garbage"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }' >"$TMPD/deep.json"
bad deep.json "nest" "absurd nesting is refused"
awk 'BEGIN { printf "{\"messages\":"; for (i = 0; i < 5000; i++) printf "{\"a\":"; }' >"$TMPD/deep-object.json"
bad deep-object.json "." "deeply nested objects"
printf '42' >"$TMPD/number.json"
bad number.json "." "a number is not a chat"
printf '{"title":"x"}' >"$TMPD/no-messages.json"
bad no-messages.json "." "an object without messages is not a chat"
printf '[%s]' "$M" | gzip -c | head -c 30 >"$TMPD/truncated.gz"
bad truncated.gz "." "truncated gzip"
{ printf '\037\213\010\000\000\000\000\000\000\003'; head -c 4096 /dev/urandom; } >"$TMPD/corrupt.gz"
bad corrupt.gz "." "corrupt gzip"
printf '[{"id":"m1","content":"ok","created_at":"2025-08-25T00:41:00Z"},{"id":"m2","content":"\377\376 bad","created_at":"2025-08-25T00:41:01Z"}]' >"$TMPD/bad-utf8.json"
timeout 60 "$AUTOCLIP" analyze --format json "$TMPD/bad-utf8.json" >"$TMPD/out" 2>"$TMPD/err"
rc=$?
tap_like "$rc $(cat "$TMPD/err")" "^[01] .*\(UTF-8\|utf-8\)" "invalid UTF-8 is reported"

# A 10 MB string: skipped (or refused) without crashing.
{ printf '[%s,{"id":"big","created_at":"2025-08-25T00:41:01Z","content":"' "$M"
  head -c 10485760 /dev/zero | tr '\0' 'a'
  printf '"},%s]' "$M2"; } >"$TMPD/huge-string.json"
timeout 60 "$AUTOCLIP" analyze --format json "$TMPD/huge-string.json" >"$TMPD/out" 2>"$TMPD/err"
rc=$?
tap_like "$rc $(head -c 400 "$TMPD/err")" "^0 .*too large" "a 10 MB message is skipped and reported"
tap_like "$(cat "$TMPD/out")" '"message_count":2,' "the messages around it still count"

# Unusable messages are skipped, counted and reported; the rest is analysed.
printf '[%s,{"id":"x1","content":"no time"},{"id":"x2","content":"bad","created_at":"2025-13-45T99:00:00Z"},"a string",{"id":"x3","content":5,"created_at":"2025-08-25T00:41:03Z"},%s]' "$M" "$M2" >"$TMPD/mixed.json"
timeout 60 "$AUTOCLIP" analyze --format json "$TMPD/mixed.json" >"$TMPD/out" 2>"$TMPD/err"
rc=$?
tap_is "$rc" 0 "unusable messages are not fatal"
tap_like "$(cat "$TMPD/err")" "skipped 4 of 6 messages (2 without a usable timestamp, 2 malformed" "skips are counted by kind"
tap_like "$(cat "$TMPD/err")" "first: message 2" "the first skip is named"
tap_like "$(cat "$TMPD/out")" '"message_count":2,' "two usable messages"

# Duplicates count once; an empty array is a chat without messages.
printf '[%s,%s,%s,%s]' "$M" "$M2" "$M" "$M" >"$TMPD/dups.json"
"$AUTOCLIP" analyze --format json "$TMPD/dups.json" >"$TMPD/out" 2>"$TMPD/err"
tap_like "$? $(cat "$TMPD/out")" '^0 .*"message_count":2,' "repeated ids count once"
printf '[]' >"$TMPD/none.json"
"$AUTOCLIP" analyze --format json "$TMPD/none.json" >"$TMPD/out" 2>"$TMPD/err"
tap_like "$? $(cat "$TMPD/out")" '^0 .*"message_count":0,.*"potential_clips":\[\]' "an empty chat has no clips"
tap_like "$(cat "$TMPD/err")" "no usable messages" "and says so"

# A directory is not a chat.
mkdir "$TMPD/dir.json"
bad dir.json "." "a directory is refused"
# A gzip bomb made here (64 MiB of blanks, about 64 KiB compressed).
{ printf '['; head -c 67108864 /dev/zero | tr '\0' ' '; printf ']'; } |
    gzip -9 > "$TMPD/bomb.gz"
bad bomb.gz "MAX_INFLATION_RATIO.*decompression bomb" "a gzip bomb is refused, naming its bound"
printf '{"vod_id":"abc\\u0000../x","messages":[%s]}' "$M" > "$TMPD/nul.json"
bad nul.json "NUL character" "an escaped NUL in vod_id is refused"
tap_done
