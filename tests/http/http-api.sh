#!/bin/sh
# SPDX-License-Identifier: ISC
# http-api.sh: the request/response cases of every program (health,
# analyze, streams, clips, video), every endpoint and every error status,
# run one way per invocation:
#   HTTP_MODE  cgi (the programs run directly as CGI, no server),
#              lighttpd (FastCGI), apache (mod_fcgid), htcgi (Apache, plain
#              CGI from the shipped .htaccess)
#   HTTP_DB    sqlite or pg (a throw-away PostgreSQL cluster)
# The tests/http-*.sh wrappers pick one of each.  Sourced by
# http-hostile.sh and http-concurrency.sh for its set-up and req().
. "$top_srcdir/tests/tools/lib.sh"
. "$top_srcdir/tests/tools/httpd-harness.sh"
. "$top_srcdir/tests/tools/pg-harness.sh"

: "${HTTP_MODE:=cgi}"
: "${HTTP_DB:=sqlite}"
CGIBIN=$top_builddir/cgi-bin
TOKEN=test-token-0123456789
tap_need "$AUTOCLIP" "$CHATGEN" "$CGIBIN/streams.fcgi" "$CGIBIN/clips.fcgi" curl
[ "${HTTP_API_LIB:-0}" = 1 ] ||
    tap_need "$CGIBIN/health.fcgi" "$CGIBIN/analyze.fcgi" \
    "$CGIBIN/video.fcgi" ffmpeg gzip

api_cleanup() {
	[ -z "${XP_MOCK_PID:-}" ] || kill "$XP_MOCK_PID" 2>/dev/null
	httpd_stop
	pg_stop
	[ -n "${TMPD:-}" ] && rm -rf "$TMPD"
}
trap api_cleanup EXIT
trap 'api_cleanup; exit 130' INT
trap 'api_cleanup; exit 143' TERM
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-http.XXXXXX") ||
    tap_bail "cannot make a temporary directory"
chmod 755 "$TMPD"
DATA=$TMPD/data
mkdir "$DATA" || tap_bail "mkdir failed"

case $HTTP_DB in
sqlite)	DBURL=sqlite://$DATA/autoclip.db
	tap_need sqlite3 ;;
pg)	pg_start || tap_bail "cannot start a PostgreSQL server (see above)"
	DBURL=$AUTOCLIP_TEST_DATABASE_URL ;;
*)	tap_bail "HTTP_DB is sqlite or pg, not $HTTP_DB" ;;
esac

# The settings every program reads (AUTOCLIP_CONF); API_TOKEN is set, so
# every write needs the bearer token (loopback alone is not enough).
CONF=$TMPD/autoclip.conf
cat > "$CONF" <<EOF
DATABASE_URL=$DBURL
DATA_DIR=$DATA
API_TOKEN=$TOKEN
EOF

# sql STATEMENT: run one statement on the test database (set-up only).
sql() {
	case $HTTP_DB in
	sqlite)	sqlite3 -cmd '.timeout 5000' "$DATA/autoclip.db" "$1" ;;
	pg)	pg_psql "$1" ;;
	esac
}

# autoclip ARGS: the command on the test database.
ac() {
	env DATABASE_URL="$DBURL" DATA_DIR="$DATA" AUTOCLIP_CONF=/dev/null \
	    "$AUTOCLIP" "$@"
}

ac migrate >/dev/null || tap_bail "autoclip migrate failed"

# seed VOD_ID SEED [HOURS]: import a generated chat as VOD_ID.
seed() {
	"$CHATGEN" --seed "$2" --hours "${3:-0.5}" --format ndjson \
	    > "$TMPD/chat.ndjson" 2>/dev/null || tap_bail "chatgen failed"
	ac import --vod-id "$1" "$TMPD/chat.ndjson" >/dev/null 2>&1 ||
	    tap_bail "autoclip import $1 failed"
}

# The server, if any.  Apache's children run as www-data when run as root.
case $HTTP_MODE in
cgi)	BASE=http://127.0.0.1 ;;
lighttpd|apache|htcgi)
	_hm=$HTTP_MODE
	[ "$_hm" = htcgi ] && _hm=cgi
	HTTPD_ENV_FILE=$CONF
	HTTPD_CONFDIR=$TMPD
	# lighttpd's x-sendfile-docroot: files of DATA_DIR only.
	HTTPD_DATADIR=$DATA
	export HTTPD_CONFDIR HTTPD_DATADIR
	# Apache's configuration names every program: one not built yet
	# (a partial build) is stood in for by one of ours, so it answers 404.
	mkdir "$TMPD/cgi-bin" || tap_bail "mkdir failed"
	for _p in health analyze streams clips video; do
		if [ -x "$CGIBIN/$_p.fcgi" ]; then
			cp "$CGIBIN/$_p.fcgi" "$TMPD/cgi-bin/"
		else
			cp "$CGIBIN/streams.fcgi" "$TMPD/cgi-bin/$_p.fcgi"
		fi
	done
	httpd_start "$_hm" "$TMPD/cgi-bin" "$top_srcdir/htdocs" ||
	    tap_bail "$HTTP_MODE did not start"
	BASE=$HTTPD_URL ;;
*)	tap_bail "HTTP_MODE is cgi, lighttpd, apache or htcgi, not $HTTP_MODE" ;;
esac
ORIGIN=$BASE

# Let the server's user reach the data (SQLite writes its directory).
own_data() {
	if [ "$(id -u)" -eq 0 ] && [ "$HTTP_MODE" != cgi ] &&
	    [ "$HTTP_MODE" != lighttpd ]; then
		chown -R www-data:www-data "$DATA"
		# The cluster's socket directory (owned by its user).
		[ "$HTTP_DB" = pg ] && chmod 711 "$PG_TMP"
	fi
}

# req [-d BODY] [-f FILE] [-t TYPE] [-H 'Name: value']... [-a ADDR]
#     [-l LENGTH] [-c CONF] [-w] METHOD URL
# One request.  -w adds the bearer token and the site's own Origin.  -a
# (REMOTE_ADDR), -l (a declared CONTENT_LENGTH) and -c (another settings
# file) apply to cgi mode only.  Sets ST to the status; the body is in
# $TMPD/body, the headers (lower-case names, no CR) in $TMPD/hdr.
req() {
	_body= _type= _addr=127.0.0.1 _len= _conf=$CONF _w=0
	: > "$TMPD/req.body"
	: > "$TMPD/req.hdrs"
	OPTIND=1
	while getopts d:f:t:H:a:l:c:w _o; do
		case $_o in
		d) printf '%s' "$OPTARG" > "$TMPD/req.body"; _body=1 ;;
		f) cp "$OPTARG" "$TMPD/req.body"; _body=1 ;;
		t) _type=$OPTARG ;;
		H) printf '%s\n' "$OPTARG" >> "$TMPD/req.hdrs" ;;
		a) _addr=$OPTARG ;;
		l) _len=$OPTARG ;;
		c) _conf=$OPTARG ;;
		w) _w=1 ;;
		*) tap_bail "req: bad option" ;;
		esac
	done
	shift $((OPTIND - 1))
	_m=$1 _u=$2
	if [ $_w = 1 ]; then
		printf 'Authorization: Bearer %s\nOrigin: %s\n' "$TOKEN" \
		    "$ORIGIN" >> "$TMPD/req.hdrs"
	fi
	if [ "$HTTP_MODE" = cgi ]; then
		req_cgi "$_m" "$_u"
	else
		set -- -s --path-as-is -o "$TMPD/body" -D "$TMPD/hdr.raw" \
		    -w '%{http_code}' -X "$_m" --max-time 60
		[ "$_m" = HEAD ] && set -- "$@" -I
		[ -n "$_type" ] && set -- "$@" -H "Content-Type: $_type"
		if [ -n "$_body" ]; then
			set -- "$@" --data-binary "@$TMPD/req.body"
		elif [ "$_m" = POST ] || [ "$_m" = PUT ] || [ "$_m" = PATCH ]; then
			# As browsers do: an empty body is declared.
			set -- "$@" -H 'Content-Length: 0'
		fi
		while IFS= read -r _h; do
			set -- "$@" -H "$_h"
		done < "$TMPD/req.hdrs"
		ST=$(curl "$@" "$BASE$_u")
		[ "$_m" = HEAD ] && : > "$TMPD/body"
		tr -d '\r' < "$TMPD/hdr.raw" | sed -n '2,$p' |
		    awk -F': ' 'NF > 1 { printf "%s: %s\n", tolower($1), substr($0, length($1) + 3) }' \
		    > "$TMPD/hdr"
	fi
}

# The cgi mode of req: the program chosen by the path prefix, the
# request in a clean environment as Apache's mod_cgi would give it.
req_cgi() {
	_path=${2%%\?*}
	_query=
	case $2 in *\?*) _query=${2#*\?} ;; esac
	case $_path in
	/health*) _prog=health.fcgi _sn=/health ;;
	/analyze*) _prog=analyze.fcgi _sn=/analyze ;;
	/api/analyze*) _prog=analyze.fcgi _sn=/api/analyze ;;
	/api/jobs*) _prog=analyze.fcgi _sn=/api/jobs ;;
	/api/video*) _prog=video.fcgi _sn=/api/video ;;
	/api/streams*) _prog=streams.fcgi _sn=/api/streams ;;
	/api/clips*) _prog=clips.fcgi _sn=/api/clips ;;
	*) tap_bail "req_cgi: no program for $_path" ;;
	esac
	# The server decodes PATH_INFO; so do we (%XX only).
	_pi=$(printf '%s' "${_path#"$_sn"}" | sed 's/\\/\\\\/g; s/%\([0-9A-Fa-f][0-9A-Fa-f]\)/\\x\1/g')
	_pi=$(printf '%b' "$_pi")
	[ -n "$_len" ] || _len=$(wc -c < "$TMPD/req.body" | tr -d ' ')
	set -- GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
	    REQUEST_METHOD="$1" SCRIPT_NAME="$_sn" PATH_INFO="$_pi" \
	    QUERY_STRING="$_query" REQUEST_URI="$2" REMOTE_ADDR="$_addr" \
	    SERVER_NAME=127.0.0.1 SERVER_PORT=80 HTTP_HOST=127.0.0.1 \
	    AUTOCLIP_CONF="$_conf"
	[ -n "$_type" ] && set -- "$@" CONTENT_TYPE="$_type"
	[ "$_len" != 0 ] && set -- "$@" CONTENT_LENGTH="$_len"
	while IFS= read -r _h; do
		_n=$(printf '%s' "${_h%%:*}" | tr 'a-z-' 'A-Z_')
		set -- "$@" "HTTP_$_n=${_h#*: }"
	done < "$TMPD/req.hdrs"
	env -i PATH=/usr/bin:/bin "$@" "$CGIBIN/$_prog" \
	    < "$TMPD/req.body" > "$TMPD/out" 2>>"$TMPD/cgi.err"
	tr -d '\r' < "$TMPD/out" | sed '/^$/q' |
	    awk -F': ' 'NF > 1 { printf "%s: %s\n", tolower($1), substr($0, length($1) + 3) }' \
	    > "$TMPD/hdr"
	ST=$(sed -n 's/^status: \([0-9]*\).*/\1/p' "$TMPD/hdr")
	[ -n "$ST" ] || ST=200
	# The body: every byte after the first empty line (binary safe).
	_hl=$(sed '/^\r\{0,1\}$/q' "$TMPD/out" | wc -c | tr -d ' ')
	if [ "$_m" = HEAD ]; then
		: > "$TMPD/body"
	else
		tail -c +$((_hl + 1)) "$TMPD/out" > "$TMPD/body"
	fi
}

BODY() { cat "$TMPD/body"; }
HDR() { sed -n "s/^$1: //p" "$TMPD/hdr" | head -n 1; }
# jnum KEY: the first numeric value of "KEY" in the body.
jnum() { grep -o "\"$1\":[0-9]*" "$TMPD/body" | head -n 1 | cut -d: -f2; }
# is_status WANT DESC: the status, and an error body's code when one is given.
is_status() { tap_is "$ST" "$1" "$2"; }
# is_error STATUS CODE DESC
is_error() {
	tap_is "$ST $(grep -o '"code":"[a-z_]*"' "$TMPD/body")" \
	    "$1 \"code\":\"$2\"" "$3"
}
# The count of top-level objects of an array answer that carry KEY.
jcount() { grep -o "\"$1\":" "$TMPD/body" | wc -l | tr -d ' '; }

# Done as a library for the other suites.
[ "${HTTP_API_LIB:-0}" = 1 ] && return 0

seed vod-one 3
seed vod-two 5
seed vod-three 7
own_data

# --- streams: reads ---------------------------------------------------
req GET /api/streams
is_status 200 "GET /api/streams: 200"
tap_is "$(jcount vod_id)" 3 "the list has the three streams"
tap_is "$(HDR content-type)" "application/json; charset=utf-8" "JSON content type"
tap_is "$(HDR x-content-type-options)" nosniff "nosniff on every answer"
tap_is "$(HDR cache-control)" no-store "no-store on API answers"
tap_like "$(BODY)" '^\[{"id":[0-9]*,"vod_id":"vod-three",.*"clips_count":[0-9]' "newest first, each with clips_count"
for f in title channel vod_start duration_s message_count chat_downloaded status error created_at updated_at; do
	grep -q "\"$f\":" "$TMPD/body" || { tap_diag "missing $f"; break; }
done
tap_result $? "a stream has every documented field"
req GET '/api/streams?limit=2&offset=1'
tap_is "$ST $(jcount vod_id)" "200 2" "limit and offset page the list"
tap_like "$(BODY)" '"vod_id":"vod-two"' "the second page starts at the second stream"
req GET '/api/streams?offset=3'
tap_is "$ST $(BODY)" "200 []" "past the end: an empty list"
req GET '/api/streams?limit=100'
is_status 200 "limit=100 is the maximum"
for q in limit=0 limit=101 limit=abc limit=-1 offset=-1 'limit=1&limit=2' foo=1 'limit=1%00'; do
	req GET "/api/streams?$q"
	if [ "$q" = 'limit=1%00' ] && [ "$HTTP_MODE" != cgi ]; then
		# Some servers refuse an encoded NUL themselves.
		tap_is "$ST" 400 "?$q: 400"
	else
		is_error 400 invalid_query "?$q: 400"
	fi
done

ID1=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-one'")
ID2=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-two'")
ID3=$(sql "SELECT id FROM streams WHERE vod_id = 'vod-three'")
req GET "/api/streams/$ID1"
is_status 200 "GET /api/streams/{id}: 200"
tap_like "$(BODY)" '^{"stream":{"id":'"$ID1"',"vod_id":"vod-one".*},"analysis":{.*"potential_clips":\[{.*"id":[0-9]*.*"status":"pending"' \
    "the stream and its analysis, clips with id and status"
req HEAD "/api/streams/$ID1"
tap_is "$ST $(wc -c < "$TMPD/body" | tr -d ' ')" "200 0" "HEAD: 200 without a body"
req GET /api/streams/999999
is_error 404 not_found "unknown stream: 404"
for p in abc 0 -1 1.5 99999999999999999999 '1%20'; do
	req GET "/api/streams/$p"
	tap_is "$ST" 400 "/api/streams/$p: 400"
done
req GET /api/streams/1/extra
is_status 404 "a longer path: 404"
req GET /api/streams/
tap_like "$ST" '^40[04]$' "a trailing slash is not the list"

req GET /api/streams/check/vod-two
tap_like "$ST $(BODY)" '^200 {"cached":true,"stream":{"id":'"$ID2"',.*"analysis":{' "check: a stored VOD is cached, with stream and analysis"
req GET /api/streams/check/vod-unknown
tap_is "$ST $(BODY)" '200 {"cached":false}' "check: an unknown VOD is not cached"
req GET '/api/streams/check/bad%20id'
tap_is "$ST" 400 "check: an invalid VOD id is a 400"

req GET /api/streams/pending
tap_is "$ST $(BODY)" "200 []" "pending: none while every stream is analysed"
sql "UPDATE streams SET status = 'failed', error = 'download failed' WHERE id = $ID3" >/dev/null
req GET /api/streams/pending
tap_like "$ST $(BODY)" '^200 \[{"id":'"$ID3"',.*"status":"failed","error":"download failed"' "pending lists a failed stream with its error"
sql "UPDATE streams SET status = 'analyzed', error = '' WHERE id = $ID3" >/dev/null

# --- clips ------------------------------------------------------------
req GET "/api/clips/stream/$ID1"
is_status 200 "GET /api/clips/stream/{id}: 200"
NCLIPS=$(jcount rank)
tap_like "$NCLIPS" '^[1-9][0-9]*$' "the stream has clips ($NCLIPS)"
tap_like "$(BODY)" '^\[{"id":[0-9]*,"stream_id":'"$ID1"',"rank":1,"start":[0-9.]*,"end":[0-9.]*,"peak":[0-9.]*,"score":[0-9.]*,"virality":[0-9]*,"status":"pending","created_at":"[0-9T:.Z-]*","updated_at":"[0-9T:.Z-]*"}' \
    "clips by rank, every field"
CLIP=$(jnum id)
req GET /api/clips/stream/999999
is_error 404 not_found "clips of an unknown stream: 404"
req GET /api/clips/stream/x
tap_is "$ST" 400 "clips of a bad stream id: 400"

req -w -t application/json -d '{"status":"approved"}' PUT "/api/clips/$CLIP"
tap_like "$ST $(BODY)" '^200 {"id":'"$CLIP"',.*"status":"approved"' "PUT a clip's status: the clip"
req GET "/api/clips/stream/$ID1"
tap_like "$(BODY)" '^\[{"id":'"$CLIP"',[^}]*"status":"approved"' "the status is stored"
req -w -t 'application/json; charset=utf-8' -d '{"status":"rejected"}' PUT "/api/clips/$CLIP"
tap_like "$ST $(BODY)" '^200 .*"status":"rejected"' "a charset parameter is accepted"
for b in '{"status":"maybe"}' '{"status":1}' '{}' '{"status":"approved","rank":1}' '{"status":null}'; do
	req -w -t application/json -d "$b" PUT "/api/clips/$CLIP"
	tap_is "$ST" 422 "PUT $b: 422"
done
req -w -t application/json -d '{"status":' PUT "/api/clips/$CLIP"
is_error 400 invalid_json "PUT truncated JSON: 400"
req -w -t application/json -d '["approved"]' PUT "/api/clips/$CLIP"
tap_is "$ST" 400 "PUT a JSON array: 400"
req -w -t application/json PUT "/api/clips/$CLIP"
tap_is "$ST" 400 "PUT with an empty body: 400"
req -w -t text/plain -d '{"status":"approved"}' PUT "/api/clips/$CLIP"
tap_is "$ST" 415 "PUT text/plain: 415"
req -w -t application/x-www-form-urlencoded -d 'status=approved' PUT "/api/clips/$CLIP"
tap_is "$ST" 415 "PUT a form: 415"
head -c 5000 /dev/zero | tr '\0' ' ' > "$TMPD/big.json"
printf '{"status":"approved"}' >> "$TMPD/big.json"
req -w -t application/json -f "$TMPD/big.json" PUT "/api/clips/$CLIP"
tap_is "$ST" 413 "PUT over 4 KiB: 413"
req -w -t application/json -d '{"status":"approved"}' PUT /api/clips/999999
is_error 404 not_found "PUT an unknown clip: 404"
req -w -t application/json -d '{"status":"approved"}' PATCH "/api/clips/$CLIP"
tap_like "$ST $(HDR allow)" '^405 .*PUT' "PATCH on a clip: 405 with Allow"
req -w -t application/json -d '{"status":"approved"}' POST "/api/clips/$CLIP"
is_status 415 "POST on a clip takes the pages' form only: JSON is a 415"
req -w PATCH "/api/clips/$CLIP"
is_status 405 "PATCH on a clip: 405"

# --- who may write ----------------------------------------------------
req -t application/json -d '{"status":"approved"}' PUT "/api/clips/$CLIP"
tap_is "$ST" 401 "a write without the token: 401"
req -t application/json -d '{"status":"approved"}' -H 'Authorization: Bearer wrong-token' PUT "/api/clips/$CLIP"
tap_is "$ST" 403 "a write with a wrong token: 403"
req -t application/json -d '{"status":"approved"}' -H "Authorization: Bearer $TOKEN" -H 'Origin: http://evil.example' PUT "/api/clips/$CLIP"
tap_is "$ST" 403 "a write from another site's page (Origin): 403"
req -t application/json -d '{"status":"approved"}' -H "Authorization: Bearer $TOKEN" -H 'Sec-Fetch-Site: cross-site' PUT "/api/clips/$CLIP"
tap_is "$ST" 403 "a cross-site write (Sec-Fetch-Site): 403"
req -t application/json -d '{"status":"approved"}' -H "Authorization: Bearer $TOKEN" PUT "/api/clips/$CLIP"
tap_is "$ST" 200 "the token without an Origin (a script): 200"
req -H 'Origin: http://evil.example' GET /api/streams
tap_is "$ST" 200 "reads are public, whatever the Origin"
if [ "$HTTP_MODE" = cgi ]; then
	# Without API_TOKEN: loopback may write, others may not.
	grep -v '^API_TOKEN=' "$CONF" > "$TMPD/notoken.conf"
	req -c "$TMPD/notoken.conf" -a 192.0.2.7 -t application/json -d '{"status":"pending"}' PUT "/api/clips/$CLIP"
	tap_is "$ST" 403 "no API_TOKEN: a write from a remote address is 403"
	req -c "$TMPD/notoken.conf" -a ::1 -t application/json -d '{"status":"pending"}' PUT "/api/clips/$CLIP"
	tap_is "$ST" 200 "no API_TOKEN: a write from loopback is allowed"
	req -c "$TMPD/notoken.conf" -a 192.0.2.7 -H 'Remote-User: x' -t application/json -d '{"status":"pending"}' PUT "/api/clips/$CLIP"
	tap_is "$ST" 403 "a Remote-User header is not authentication"
	# A declared length the body does not have.
	req -w -t application/json -d '{"status":"approved"}' -l 400 PUT "/api/clips/$CLIP"
	tap_is "$ST" 400 "a body shorter than its Content-Length: 400"
	req -w -t application/json -l 0 PUT "/api/clips/$CLIP"
	tap_is "$ST" 400 "CONTENT_LENGTH 0 on a PUT (what mod_fcgid gives for an over-limit body): 400"
	req -w -t application/json -d '{"status":"approved"}' -l 12x PUT "/api/clips/$CLIP"
	tap_is "$ST" 400 "a malformed CONTENT_LENGTH: 400"
fi

# --- re-analysis ------------------------------------------------------
req -w POST /api/streams/reanalyze/vod-one
tap_like "$ST $(BODY)" '^200 {.*"potential_clips":\[.*"stream_id":'"$ID1" "reanalyze without a body: the new analysis with stream_id"
req -w -t application/json -d '{"window_s": 20, "threshold_k": 4.5, "max_clips": 3}' POST /api/streams/reanalyze/vod-one
tap_like "$ST $(BODY)" '^200 {.*"config":{[^}]*"window_s":20' "reanalyze with overrides uses them"
req -w -t application/json -d '{"window_s": 30}' POST '/api/streams/reanalyze/vod-one?dry_run=1'
tap_like "$ST $(BODY)" '^200 {.*"config":{[^}]*"window_s":30.*"dry_run":true' "dry_run=1 answers the analysis"
req GET "/api/streams/$ID1"
tap_like "$(BODY)" '"config":{[^}]*"window_s":20' "dry_run=1 stores nothing"
req -w POST '/api/streams/reanalyze/vod-one?dry_run=maybe'
tap_is "$ST" 400 "a bad dry_run: 400"
req -w -t application/json -d '{"window_s": "abc", "nope": 1, "max_clips": -5}' POST /api/streams/reanalyze/vod-one
tap_is "$ST" 422 "bad overrides: 422"
tap_like "$(BODY)" 'window_s.*nope.*max_clips' "the 422 names every bad key"
req -w -t application/json -d '{"min_clip_s": 100, "max_clip_s": 10}' POST /api/streams/reanalyze/vod-one
tap_is "$ST" 422 "overrides that contradict each other: 422"
req -w -t application/json -d '{"window_s":12,"window_s":13}' POST /api/streams/reanalyze/vod-one
is_error 400 duplicate_key "reanalyze with a repeated key: 400"
tap_like "$(BODY)" 'window_s' "the repeated key is named"
req -w -t application/json -d '{"window_s": ' POST /api/streams/reanalyze/vod-one
tap_is "$ST" 400 "reanalyze with broken JSON: 400"
req -w -t text/csv -d 'a,b' POST /api/streams/reanalyze/vod-one
tap_is "$ST" 415 "reanalyze with a CSV body: 415"
head -c 20000 /dev/zero | tr '\0' ' ' > "$TMPD/big.json"
req -w -t application/json -f "$TMPD/big.json" POST /api/streams/reanalyze/vod-one
tap_is "$ST" 413 "reanalyze body over 16 KiB: 413"
req -w POST /api/streams/reanalyze/vod-unknown
is_error 404 not_found "reanalyze an unknown VOD: 404"
req POST /api/streams/reanalyze/vod-one
tap_is "$ST" 401 "reanalyze needs the token"
req -w GET /api/streams/reanalyze/vod-one
tap_like "$ST $(HDR allow)" '^405 POST' "GET on reanalyze: 405 with Allow: POST"
# A download job on it: 409.
case $HTTP_DB in
sqlite) sql "INSERT INTO jobs (kind, stream_id, state, created_at, updated_at) VALUES ('download', $ID2, 'running', 0, 0)" ;;
pg) sql "INSERT INTO jobs (kind, stream_id, state) VALUES ('download', $ID2, 'running')" ;;
esac >/dev/null || tap_bail "cannot insert a job"
req -w POST /api/streams/reanalyze/vod-two
is_error 409 job_running "reanalyze while a download runs: 409"
sql "UPDATE jobs SET state = 'done' WHERE stream_id = $ID2" >/dev/null
# Its archive gone: 409.
rm -f "$DATA/chats/vod-two.ndjson.gz"
req -w POST /api/streams/reanalyze/vod-two
is_error 409 archive_missing "reanalyze without a chat archive: 409"

# An approval survives re-analysis of the same moment.
req GET "/api/clips/stream/$ID3"
C3=$(jnum id)
req -w -t application/json -d '{"status":"approved"}' PUT "/api/clips/$C3"
req -w POST /api/streams/reanalyze/vod-three
req GET "/api/clips/stream/$ID3"
tap_like "$(BODY)" '^\[{"id":[0-9]*,[^}]*"rank":1,[^}]*"status":"approved"' "an approval survives re-analysis"
C3=$(jnum id)

# --- deletes ----------------------------------------------------------
req -w DELETE "/api/clips/$C3"
tap_is "$ST $(wc -c < "$TMPD/body" | tr -d ' ')" "204 0" "DELETE a clip: 204, no body"
req -w DELETE "/api/clips/$C3"
is_error 404 not_found "DELETE it again: 404"
req DELETE "/api/clips/$C3"
tap_is "$ST" 401 "DELETE needs the token"
req -w -t application/json -d '{}' DELETE "/api/clips/1"
is_error 400 unexpected_body "a DELETE with a tiny body: 400, not 413"
test -f "$DATA/chats/vod-one.ndjson.gz"
tap_result $? "vod-one has its chat archive"
req -w DELETE "/api/streams/$ID1"
tap_is "$ST" 204 "DELETE a stream: 204"
req GET "/api/streams/$ID1"
is_status 404 "the stream is gone"
req GET "/api/clips/stream/$ID1"
is_status 404 "its clips are gone"
test ! -e "$DATA/chats/vod-one.ndjson.gz"
tap_result $? "its chat archive is gone"
tap_is "$(sql "SELECT count(*) FROM clips WHERE stream_id = $ID1")" 0 "no clip row is left"
req -w DELETE "/api/streams/$ID1"
is_error 404 not_found "DELETE it again: 404"
req -w PUT "/api/streams/$ID2"
tap_like "$ST $(HDR allow)" '^405 .*DELETE' "PUT on a stream: 405 with Allow"
req GET /api/streams
tap_is "$(jcount vod_id)" 2 "two streams are left"

# --- health -----------------------------------------------------------
req GET /health
tap_like "$ST $(BODY)" '^200 {"status":"ok","database":"ok","ffmpeg":"ok","version":"[0-9]' \
    "GET /health: 200, database and ffmpeg ok, the version"
req HEAD /health
tap_is "$ST $(wc -c < "$TMPD/body" | tr -d ' ')" "200 0" "HEAD /health: 200 without a body"
req -w POST /health
tap_like "$ST $(HDR allow)" '^405 GET' "POST /health: 405 with Allow"
req GET /health/x
is_status 404 "GET /health/x: 404"

# --- analyze ----------------------------------------------------------
SAMPLE=$top_srcdir/tests/data/sample-chat.json.gz
gzip -dc "$SAMPLE" > "$TMPD/sample.json" || tap_bail "gzip failed"
req -w -t application/gzip -f "$SAMPLE" POST /api/analyze
tap_is "$ST $(jnum message_count)" "200 2173" "POST /api/analyze gzip: 200, every message"
AID=$(jnum stream_id)
tap_like "$AID" '^[1-9][0-9]*$' "the answer has stream_id ($AID)"
tap_like "$(BODY)" '"potential_clips":\[{.*"status":"pending"' "the clips, stored for review"
tap_is "$(HDR content-type)" "application/json; charset=utf-8" "analyze: JSON content type"
req GET "/api/streams/$AID"
tap_like "$ST $(BODY)" '^200 {"stream":{"id":'"$AID"',"vod_id":"525b35ac-' "the upload is a stored stream"
req -w -t 'application/json; charset=utf-8' -f "$TMPD/sample.json" POST /analyze
tap_is "$ST $(jnum stream_id)" "200 $AID" "POST /analyze (the original route) plain JSON: the same stream"
"$CHATGEN" --seed 11 --hours 0.2 --format ndjson > "$TMPD/up.ndjson" 2>/dev/null ||
    tap_bail "chatgen failed"
req -w -t application/x-ndjson -f "$TMPD/up.ndjson" 'POST' '/api/analyze?vod_id=nd-vod'
tap_like "$ST $(BODY)" '^200 {.*"id":"nd-vod"' "NDJSON with vod_id in the query: 200, that VOD"
tap_is "$(jnum message_count)" "$(wc -l < "$TMPD/up.ndjson" | tr -d ' ')" "NDJSON: every line a message"
# multipart: the file field "chat" and the field "vod_id"
mp_chat() {
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="vod_id"\r\n\r\n%s\r\n' "$2"
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="chat"; '
	printf 'filename="chat.json.gz"\r\nContent-Type: application/gzip\r\n\r\n'
	cat "$1"
	printf '\r\n--XyZ--\r\n'
}
MPT='multipart/form-data; boundary=XyZ'
mp_chat "$SAMPLE" my-vod_1 > "$TMPD/mp1"
req -w -t "$MPT" -f "$TMPD/mp1" POST /api/analyze
tap_like "$ST $(BODY)" '^200 {.*"id":"my-vod_1"' "multipart chat + vod_id: 200, named by the field"
MPID=$(jnum stream_id)
req -w -t "$MPT" -f "$TMPD/mp1" POST '/api/analyze?vod_id=other'
is_error 400 duplicate_field "vod_id both in the form and the query: 400"
req -w -t application/gzip -f "$SAMPLE" -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' POST /api/analyze
tap_is "$ST $(HDR location)" "303 /api/streams/$AID" "a browser's post (Accept: text/html): 303 to the stream's page"
req -w -t "$MPT" -f "$TMPD/mp1" -H 'Accept: text/html' POST /api/analyze
tap_is "$ST $(HDR location)" "303 /api/streams/$MPID" "a browser's form post: 303"
printf '{"messages": [ {"id": "1", ' > "$TMPD/cut.json"
req -w -t application/json -f "$TMPD/cut.json" POST /api/analyze
is_error 400 invalid_json "malformed JSON: 400"
tap_like "$(BODY)" '"detail":"[^"]*at byte [0-9]' "malformed JSON: the detail gives the byte offset"
req -w -t application/json -d '{"foo": 1}' POST /api/analyze
is_error 422 not_a_chat "well-formed JSON that is no chat: 422"
req -w -t application/json -d '[]' POST /api/analyze
is_error 422 no_messages "a chat without messages: 422"
req -w -t application/json POST /api/analyze
tap_is "$ST" 400 "analyze with an empty body: 400"
req -w -t text/plain -d 'hello' POST /api/analyze
is_error 415 unsupported_media_type "analyze text/plain: 415"
req -w -t application/x-www-form-urlencoded -d 'chat=x' POST /api/analyze
tap_is "$ST" 415 "analyze a urlencoded form: 415"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="chat"\r\n\r\n[' > "$TMPD/badmp"
req -w -t "$MPT" -f "$TMPD/badmp" POST /api/analyze
tap_is "$ST" 400 "analyze malformed multipart: 400"
# A gzip bomb made here: 64 MiB of blanks in an array, about 64 KiB sent.
{ printf '['; head -c 67108864 /dev/zero | tr '\0' ' '; printf ']'; } |
    gzip -9 > "$TMPD/bomb.gz"
req -w -t application/gzip -f "$TMPD/bomb.gz" POST /api/analyze
is_error 413 inflated_too_large "a gzip bomb ($(wc -c < "$TMPD/bomb.gz" | tr -d ' ') bytes): 413"
tap_like "$(BODY)" 'MAX_INFLATION_RATIO' "the bomb's 413 names the bound"
# An escaped NUL in a VOD field: refused, never cut.
printf '{"vod_id":"abc\\u0000../x","messages":[{"id":"1","content":"x","created_at":"2025-08-25T00:40:43Z"}]}' > "$TMPD/nul.json"
req -w -t application/json -f "$TMPD/nul.json" POST /api/analyze
is_error 400 invalid_json "an escaped NUL in vod_id: 400"
tap_is "$(sql "SELECT count(*) FROM streams WHERE vod_id = 'abc'")" 0 "no VOD abc was stored"
printf '{"title":"abc\\u0000def","vod_id":"nul-title","messages":[{"id":"1","content":"x","created_at":"2025-08-25T00:40:43Z"}]}' > "$TMPD/nul2.json"
req -w -t application/json -f "$TMPD/nul2.json" POST /api/analyze
is_error 400 invalid_json "an escaped NUL in the title: 400"
req -w -t application/json -d '{"url":"https://kick.com/video/x","url":"https://kick.com/video/y"}' POST /api/analyze
is_error 400 duplicate_key "a link body with a repeated key: 400"
tap_like "$(BODY)" 'key .*url.* is repeated' "the repeated key is named"
sed 's/name="chat"/name="file"/' "$TMPD/mp1" > "$TMPD/mp3"
req -w -t "$MPT" -f "$TMPD/mp3" POST /api/analyze
tap_is "$ST" 400 "multipart without the chat field: 400"
if [ "$HTTP_MODE" = cgi ]; then
	req -w -t application/json -d '[]' -l 600000000 POST /api/analyze
	is_error 413 payload_too_large "a declared length over the 512 MiB cap: 413 before reading"
	head -c 3000 "$SAMPLE" > "$TMPD/short"
	req -w -t application/gzip -f "$TMPD/short" -l "$(wc -c < "$SAMPLE" | tr -d ' ')" POST /api/analyze
	is_error 400 truncated_body "a truncated body: 400"
else
	# Over the server's body limit (HTTPD_BODY_MAX): refused before the program.
	head -c $((HTTPD_BODY_MAX + 4096)) /dev/zero | tr '\0' ' ' > "$TMPD/over.json"
	req -w -t application/json -f "$TMPD/over.json" POST /api/analyze
	tap_is "$ST" 413 "a body over the server's limit: 413"
fi
req -t application/gzip -f "$SAMPLE" POST /api/analyze
tap_is "$ST" 401 "analyze without the token: 401"
req -t application/gzip -f "$SAMPLE" -H 'Authorization: Bearer wrong-token' POST /api/analyze
tap_is "$ST" 403 "analyze with a wrong token: 403"
req -t application/gzip -f "$SAMPLE" -H "Authorization: Bearer $TOKEN" -H 'Origin: http://evil.example' POST /api/analyze
tap_is "$ST" 403 "analyze posted from another site (Origin): 403"
req GET /api/analyze
tap_like "$ST $(HDR allow)" '^405 POST' "GET /api/analyze: 405 with Allow: POST"
req -w DELETE /analyze
tap_like "$ST $(HDR allow)" '^405 POST' "DELETE /analyze: 405 with Allow: POST"

# --- video ------------------------------------------------------------
req GET /api/video/health
tap_like "$ST $(BODY)" '^200 {"status":"ok","ffmpeg":{"found":true,"version":"[0-9]' \
    "GET /api/video/health: 200, ffmpeg found with its version"
tap_like "$(BODY)" '"encoders":{"h264":true,"aac":true}' "video health: the H.264 and AAC encoders"
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi \
    -i testsrc=size=96x64:rate=10:duration=1 -f lavfi \
    -i sine=frequency=440:duration=1 -c:v libx264 -c:a aac -f mpegts \
    "$TMPD/in.ts" || tap_bail "making a TS failed"
mp_file() {
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; '
	printf 'filename="%s"\r\nContent-Type: video/mp2t\r\n\r\n' "${2:-in.ts}"
	cat "$1"
	printf '\r\n--XyZ--\r\n'
}
mp_file "$TMPD/in.ts" > "$TMPD/mpts"
# mp4_ok: the body is an MP4 ffprobe reads as H.264 (the 'ftyp' box at least).
mp4_ok() {
	[ "$(dd if="$TMPD/body" bs=1 skip=4 count=4 2>/dev/null)" = ftyp ] || return 1
	command -v ffprobe >/dev/null 2>&1 || return 0
	ffprobe -v error -show_entries stream=codec_name -of csv=p=0 \
	    "$TMPD/body" 2>/dev/null | grep -qx h264
}
req -w -t "$MPT" -f "$TMPD/mpts" POST '/api/video/convert/ts-to-mp4?filename=my%20clip.ts'
tap_is "$ST $(HDR content-type)" "200 video/mp4" "convert: 200 video/mp4"
tap_check "convert: the body is a real MP4" mp4_ok
tap_is "$(HDR content-disposition)" 'attachment; filename="my_clip.mp4"' "convert: a sanitised attachment name"
tap_is "$(HDR x-sendfile)" "" "convert: no X-Sendfile reaches the client"
if [ "$HTTP_MODE" = lighttpd ]; then
	# lighttpd sends the file itself (x-sendfile); it stays for cleanup.
	tap_is "$(find "$DATA/media" -name 'convert-*.mp4' | wc -l | tr -d ' ')" 1 \
	    "lighttpd: the MP4 was sent by X-Sendfile from DATA_DIR/media"
fi
req -w -t "$MPT" -f "$TMPD/mpts" POST '/api/video/convert/ts-to-mp4?filename=..%2F..%2F..%2Fetc%2Fpasswd'
tap_like "$ST $(HDR content-disposition)" '^200 attachment; filename="passwd.mp4"$' "a path in filename: only a safe last component"
tap_check "a path in filename: no file outside DATA_DIR" test ! -e "$TMPD/etc/passwd.mp4"
req -w -t "$MPT" -f "$TMPD/mpts" POST '/api/video/convert/ts-to-mp4?filename=a%00b'
tap_is "$ST" 400 "a NUL in filename: 400"
printf 'not a video at all\n' > "$TMPD/junk"
mp_file "$TMPD/junk" > "$TMPD/mpjunk"
req -w -t "$MPT" -f "$TMPD/mpjunk" POST /api/video/convert/ts-to-mp4
is_error 422 conversion_failed "convert something that is no video: 422"
req -w -t video/mp2t -f "$TMPD/in.ts" POST /api/video/convert/ts-to-mp4
is_error 415 unsupported_media_type "convert without multipart: 415"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--XyZ--\r\n' > "$TMPD/mpnone"
req -w -t "$MPT" -f "$TMPD/mpnone" POST /api/video/convert/ts-to-mp4
tap_is "$ST" 400 "convert without the file field: 400"
req -t "$MPT" -f "$TMPD/mpts" POST /api/video/convert/ts-to-mp4
tap_is "$ST" 401 "convert without the token: 401"
req -t "$MPT" -f "$TMPD/mpts" -H "Authorization: Bearer $TOKEN" -H 'Origin: http://evil.example' POST /api/video/convert/ts-to-mp4
tap_is "$ST" 403 "convert posted from another site: 403"
req GET /api/video/convert/ts-to-mp4
tap_like "$ST $(HDR allow)" '^405 POST' "GET convert: 405 with Allow: POST"
req GET /api/video/nothing
is_status 404 "an unknown video path: 404"
tap_is "$(find "$DATA/tmp" -type f 2>/dev/null | wc -l | tr -d ' ')" 0 "no upload is left in DATA_DIR/tmp"

touch "$DATA/media/keep-me.mp4" 2>/dev/null || { mkdir -p "$DATA/media"; touch "$DATA/media/keep-me.mp4"; }
own_data
req -w DELETE /api/video/cleanup
tap_like "$ST $(BODY)" '^200 {"removed":0,"bytes":0,"streams_failed":0}$' "cleanup: 200, fresh files stay"
req -w DELETE '/api/video/cleanup?max_age_minutes=0'
# Under lighttpd the two converted files stayed for X-Sendfile.
NSF=0
[ "$HTTP_MODE" = lighttpd ] && NSF=2
tap_like "$ST $(BODY)" "^200 {\"removed\":$NSF,\"bytes\":[0-9]*,\"streams_failed\":0}\$" "cleanup max_age_minutes=0: our stale files go ($NSF), counted"
tap_is "$(find "$DATA/media" -name 'convert-*' | wc -l | tr -d ' ')" 0 "cleanup: no converted file is left"
tap_check "cleanup: other files stay" test -e "$DATA/media/keep-me.mp4"
req -w DELETE '/api/video/cleanup?max_age_minutes=-1'
is_error 400 invalid_query "cleanup with a bad age: 400"
req DELETE /api/video/cleanup
tap_is "$ST" 401 "cleanup without the token: 401"
req GET /api/video/cleanup
tap_like "$ST $(HDR allow)" '^405 DELETE' "GET cleanup: 405 with Allow: DELETE"

# --- clip export (tests/http/http-export.sh) ---------------------------------
. "$top_srcdir/tests/http/http-export.sh"

# --- the database unavailable ------------------------------------------
# A PostgreSQL socket nobody listens on: every request is a 503 (cgi).
sed "s|^DATABASE_URL=.*|DATABASE_URL=postgresql:///nodb?host=$TMPD/nosock\&port=1\&connect_timeout=2|" \
    "$CONF" > "$TMPD/down.conf"
if [ "$HTTP_MODE" = cgi ]; then
	req -c "$TMPD/down.conf" GET /api/streams
	is_error 503 database_unavailable "the database down: GET 503"
	req -c "$TMPD/down.conf" GET /api/clips/stream/1
	is_error 503 database_unavailable "the database down: clips 503"
	req -c "$TMPD/down.conf" -w -t application/json -d '{"status":"approved"}' PUT /api/clips/1
	is_error 503 database_unavailable "the database down: PUT 503"
	req -c "$TMPD/down.conf" GET /health
	tap_like "$ST $(BODY)" '^503 {"status":"error","database":"unavailable",' \
	    "the database down: /health is 503 and names the database"
	req -c "$TMPD/down.conf" -w -t application/gzip -f "$SAMPLE" POST /api/analyze
	is_error 503 database_unavailable "the database down: analyze 503"
	# A file that is no SQLite database.
	printf 'this is not an SQLite database, not at all.\n' > "$TMPD/junk.db"
	sed "s|^DATABASE_URL=.*|DATABASE_URL=sqlite://$TMPD/junk.db|" "$CONF" > "$TMPD/junk.conf"
	req -c "$TMPD/junk.conf" GET /health
	tap_like "$ST $(BODY)" '^503 {"status":"error","database":"[a-z_]*",' \
	    "a damaged SQLite file: /health is 503 and names the database"
	tap_like "$(BODY)" '"ffmpeg":"ok"' "... and the part that still works"
	printf 'DATABASE_URL=mysql://x\n' > "$TMPD/bad.conf"
	req -c "$TMPD/bad.conf" GET /api/streams
	tap_like "$ST" '^50[03]$' "a bad setting: an error answer, not a crash"
fi
if [ "$HTTP_DB" = pg ] && [ "$HTTP_MODE" != cgi ]; then
	# Stop the cluster under the running programs, then bring it back.
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 30 -m fast stop >/dev/null 2>&1
	req GET /api/streams
	is_error 503 database_unavailable "PostgreSQL stopped: 503"
	req -w -t application/json -d '{"status":"approved"}' PUT "/api/clips/$CLIP"
	is_error 503 database_unavailable "PostgreSQL stopped: a write is 503"
	req GET /health
	tap_like "$ST $(BODY)" '^503 {"status":"error","database":"unavailable",' \
	    "PostgreSQL stopped: /health is 503 and names the database"
	req -w -t application/gzip -f "$SAMPLE" POST /api/analyze
	is_error 503 database_unavailable "PostgreSQL stopped: analyze 503"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_TMP/server.log" -w -t 60 \
	    -o "-c listen_addresses= -c unix_socket_directories=$PG_TMP -p $PG_PORT -c fsync=off" \
	    start >/dev/null 2>&1 || tap_bail "PostgreSQL did not restart"
	req GET /api/streams
	ok=$ST
	[ "$ok" = 200 ] || { req GET /api/streams; ok=$ST; }
	tap_is "$ok" 200 "PostgreSQL back: the same processes answer again"
	req GET /health
	tap_like "$ST $(BODY)" '^200 {"status":"ok","database":"ok"' "PostgreSQL back: /health is 200"
fi

# The programs' stderr (the server's error log): no crash, no sanitizer report.
if [ "$HTTP_MODE" = cgi ]; then
	_elog=$TMPD/cgi.err
else
	_elog=$HTTPD_LOG
fi
! grep -E 'Sanitizer|runtime error:|Segmentation|core dumped|child signal|unexpected signal' "$_elog" 2>/dev/null
tap_result $? "no program crashed or tripped a sanitizer"

tap_done
