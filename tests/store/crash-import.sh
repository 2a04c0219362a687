#!/bin/sh
# SPDX-License-Identifier: ISC
# crash-import.sh: analyze.fcgi (as CGI) killed with SIGKILL at each stage
# of a chat upload whose VOD id comes from the chat: while reading the body
# (a slow body: half of it, then nothing), with the chat archived but not
# committed, while storing (stream row written), after the archive commit.
# Each time what it left is found and removed by the next upload of the
# same chat, and, after another crash, by "autoclip cleanup"; then the
# data directory holds no temporary and the database no stream stuck
# "running".  Stages past reading use AUTOCLIP_TEST_CRASH_AT (importer.c).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tools/lib.sh"

ANALYZE=$top_builddir/cgi-bin/analyze.fcgi
tap_need "$ANALYZE" "$AUTOCLIP" "$CHATGEN" jq sqlite3 mkfifo
tap_tmpdir
WRITER=
cleanup() {
	[ -z "$WRITER" ] || kill "$WRITER" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DATA_DIR=$TMPD/data
DATABASE_URL=sqlite://$DATA_DIR/autoclip.db
export DATA_DIR DATABASE_URL
unset API_TOKEN DEBUG CHAT_STORAGE CHAT_STORAGE_DIR AUTOCLIP_TEST_CRASH_AT
export AUTOCLIP_CONF=
mkdir -p "$DATA_DIR"
"$AUTOCLIP" migrate >/dev/null 2>&1 || tap_bail "migrate failed"
CHATS=$DATA_DIR/chats

CHAT=$TMPD/chat.json
"$CHATGEN" --seed 21 --hours 0.2 --rate 3 --format object -o "$CHAT" \
    2>/dev/null || tap_bail "chatgen failed"
VOD=$(jq -r .video.uuid "$CHAT")
LEN=$(wc -c < "$CHAT")

# upload [ENV=VALUE...]: POST the chat as CGI; the status in $status.
upload() {
	env REQUEST_METHOD=POST SCRIPT_NAME=/api/analyze PATH_INFO= \
	    QUERY_STRING= CONTENT_TYPE=application/json CONTENT_LENGTH="$LEN" \
	    REMOTE_ADDR=127.0.0.1 "$@" "$ANALYZE" < "$CHAT" > "$TMPD/out" \
	    2> "$TMPD/err"
	rc=$?
	status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$TMPD/out")
	[ -n "$status" ] || status=200
	[ "$rc" -eq 0 ] || status="exit $rc"
}

# Temporaries in the chat directory (archive temps, old upload spools).
temps() {
	find "$CHATS" -maxdepth 1 -type f \( -name '.*.tmp' -o -name '_import_*' \) \
	    2>/dev/null | wc -l | tr -d ' '
}
running() {
	sqlite3 "$DATA_DIR/autoclip.db" \
	    "SELECT count(*) FROM streams WHERE status = 'running'"
}
streams() {
	sqlite3 "$DATA_DIR/autoclip.db" \
	    "SELECT count(*) || ' ' || status FROM streams WHERE vod_id = '$VOD'"
}

# crash STAGE: one upload killed at STAGE.
crash() {
	if [ "$1" = reading ]; then
		rm -f "$TMPD/fifo"
		mkfifo "$TMPD/fifo" || tap_bail "mkfifo failed"
		{ head -c $((LEN / 2)) "$CHAT"; sleep 60; } > "$TMPD/fifo" &
		WRITER=$!
		env REQUEST_METHOD=POST SCRIPT_NAME=/api/analyze PATH_INFO= \
		    QUERY_STRING= CONTENT_TYPE=application/json \
		    CONTENT_LENGTH="$LEN" REMOTE_ADDR=127.0.0.1 "$ANALYZE" \
		    < "$TMPD/fifo" > "$TMPD/out" 2> "$TMPD/err" &
		pid=$!
		# Until its archive temporary exists (bounded).
		i=0
		while [ "$(temps)" -eq 0 ] && [ "$i" -lt 200 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		kill "$WRITER" 2>/dev/null
		wait "$WRITER" 2>/dev/null
		WRITER=
		status=killed
	else
		upload AUTOCLIP_TEST_CRASH_AT="$1"
		case $status in "exit 137"|"exit 9") status=killed ;; esac
	fi
	tap_is "$status" killed "$1: the upload was killed"
}

for stage in reading archived storing stored; do
	# The next upload of the same path removes what the crash left.
	crash "$stage"
	left=$(temps)
	case $stage in
	stored)	tap_is "$left" 0 "$stage: the archive was committed" ;;
	storing) tap_is "$left" 2 "$stage: the crash left its temporaries (archive, feature file)" ;;
	*)	tap_is "$left" 1 "$stage: the crash left its temporary" ;;
	esac
	case $stage in
	storing|stored) tap_is "$(running)" 1 "$stage: a stream left running" ;;
	esac
	upload
	tap_is "$status" 200 "$stage: the next upload succeeds"
	tap_is "$(temps)" 0 "$stage: and leaves no temporary"
	tap_is "$(streams)" "1 analyzed" "$stage: one stream, analysed"
	tap_is "$(running)" 0 "$stage: no stream left running"

	# Another crash, then autoclip cleanup.
	crash "$stage"
	out=$("$AUTOCLIP" cleanup --max-age-minutes 0 2>&1)
	tap_is "$?" 0 "$stage: autoclip cleanup runs"
	tap_is "$(temps)" 0 "$stage: cleanup removed the temporary ($out)"
	tap_is "$(running)" 0 "$stage: no stream left running"
	case $stage in
	storing|stored)
		tap_is "$(streams)" "1 failed" "$stage: the stream is marked failed"
		tap_like "$(sqlite3 "$DATA_DIR/autoclip.db" "SELECT error FROM streams WHERE vod_id = '$VOD'")" \
		    interrupted "$stage: as interrupted" ;;
	*)	tap_is "$(streams)" "1 analyzed" "$stage: the stream kept its analysis" ;;
	esac
	# The data directory: only the archive (with its feature file) and
	# the database remain.
	tap_is "$(find "$DATA_DIR" -type f ! -name 'autoclip.db*' ! -name "$VOD.ndjson.gz" \
	    ! -name "$VOD.features" ! -name worker.alive | wc -l | tr -d ' ')" 0 \
	    "$stage: nothing else in the data directory"
	upload
	tap_is "$status" 200 "$stage: an upload after the cleanup succeeds"
done

# An upload spool of an older version whose process is gone.
: > "$CHATS/_import_999999999_1700000000_0.ndjson.gz"
printf 'x' > "$CHATS/.$VOD.999999999.AbCdEf.tmp"
: > "$CHATS/not-ours.tmp"
upload
tap_is "$(temps)" 0 "the next upload removes dead writers' files"
tap_is "$(ls "$CHATS/not-ours.tmp" 2>/dev/null)" "$CHATS/not-ours.tmp" \
    "and nothing not of its own making"

# A Kick download's resume files: kept while a job will use them.
for v in gone-vod "$VOD"; do
	: > "$CHATS/.kick-$v.partial.ndjson.gz"
	: > "$CHATS/.kick-$v.ckpt"
done
sid=$(sqlite3 "$DATA_DIR/autoclip.db" "SELECT id FROM streams WHERE vod_id = '$VOD'")
sqlite3 "$DATA_DIR/autoclip.db" "INSERT INTO jobs (kind, stream_id, created_at,
    updated_at) VALUES ('download', $sid, 0, 0)" || tap_bail "sqlite3 failed"
upload
tap_is "$(ls -A "$CHATS" | grep -c '^\.kick-')" 4 "an upload leaves downloads' resume files"
"$AUTOCLIP" cleanup --max-age-minutes 0 >/dev/null 2>&1
tap_is "$(ls -A "$CHATS" | grep '^\.kick-' | tr '\n' ' ')" \
    ".kick-$VOD.ckpt .kick-$VOD.partial.ndjson.gz " \
    "cleanup removes those of a VOD no job downloads, keeps a queued one's"
tap_done
