#!/bin/sh
# SPDX-License-Identifier: ISC
# http-concurrency.sh: 50 clients at once, 12 rounds each, under lighttpd
# with FastCGI (HTTP_MODE/HTTP_DB may say otherwise), each setting its own
# clip's review status in turn and reading the stream list and clip lists
# between writes.  No answer may be a 5xx or anything but 200, every PUT
# answers the status it set, and at the end the store holds each client's
# last write (no lost update).  CLIENTS and ROUNDS change the load; a load
# for a fixed time, with figures, is a benchmark (bench/api-speed.sh).
: "${HTTP_MODE:=lighttpd}"
: "${HTTP_DB:=sqlite}"
: "${CLIENTS:=50}"
: "${ROUNDS:=12}"
HTTP_API_LIB=1
export HTTP_MODE HTTP_DB
. "$top_srcdir/tests/http/http-api.sh"

# Enough clips for one per client.
i=0
while :; do
	i=$((i + 1))
	seed "vod-$i" "$((i + 10))" 3
	[ "$(sql "SELECT count(*) FROM clips")" -ge "$CLIENTS" ] && break
	[ $i -lt 20 ] || tap_bail "fewer than $CLIENTS clips after $i imports"
done
own_data
sql "SELECT id || ' ' || stream_id FROM clips ORDER BY id" | head -n "$CLIENTS" > "$TMPD/clips"
[ "$(wc -l < "$TMPD/clips")" -eq "$CLIENTS" ] || tap_bail "cannot list the clips"

# client N CLIP STREAM: ROUNDS times, write then read; the log has
# one line per request (method, status, what went wrong); last.N holds the
# status of its last write answered 200.
client() {
	_log=$TMPD/log.$1 _b=$TMPD/body.$1
	_k=0
	: > "$_log"
	while [ "$_k" -lt "$ROUNDS" ]; do
		case $((_k % 3)) in
		0) _s=approved ;; 1) _s=rejected ;; *) _s=pending ;;
		esac
		_k=$((_k + 1))
		_c=$(curl -s -o "$_b" -w '%{http_code}' --max-time 30 \
		    -X PUT -H 'Content-Type: application/json' \
		    -H "Authorization: Bearer $TOKEN" -H "Origin: $ORIGIN" \
		    --data-binary "{\"status\":\"$_s\"}" "$BASE/api/clips/$2")
		if [ "$_c" = 200 ] && grep -q "\"status\":\"$_s\"" "$_b"; then
			echo "PUT 200 ok" >> "$_log"
			echo "$_s" > "$TMPD/last.$1"
		else
			echo "PUT $_c $(head -c 200 "$_b")" >> "$_log"
		fi
		case $((_k % 2)) in
		0) _u="/api/streams?limit=20" ;; *) _u="/api/clips/stream/$3" ;;
		esac
		_c=$(curl -s -o "$_b" -w '%{http_code}' --max-time 30 "$BASE$_u")
		if [ "$_c" = 200 ] && [ -s "$_b" ]; then
			echo "GET 200 ok" >> "$_log"
		else
			echo "GET $_c $(head -c 200 "$_b")" >> "$_log"
		fi
	done
}

n=0
pids=
while read -r clip sid; do
	n=$((n + 1))
	client "$n" "$clip" "$sid" &
	pids="$pids $!"
	echo "$clip" > "$TMPD/clip.$n"
done < "$TMPD/clips"
for p in $pids; do
	wait "$p"
done

cat "$TMPD"/log.* > "$TMPD/all"
total=$(grep -c . "$TMPD/all")
puts=$(grep -c '^PUT 200 ok' "$TMPD/all")
gets=$(grep -c '^GET 200 ok' "$TMPD/all")
tap_diag "$CLIENTS clients, $ROUNDS rounds: $total requests ($puts writes, $gets reads answered 200)"
tap_is "$total" "$((CLIENTS * ROUNDS * 2))" "every client made its requests"
tap_is "$(grep -c ' 5[0-9][0-9] ' "$TMPD/all")" 0 "no 5xx answer"
bad=$(grep -v ' 200 ok$' "$TMPD/all" | head -n 5)
tap_is "$bad" "" "every answer was a 200 with the expected body"

# Each client's last successful write is what the store holds.
lost=0
i=0
while [ $i -lt "$CLIENTS" ]; do
	i=$((i + 1))
	clip=$(cat "$TMPD/clip.$i")
	want=$(cat "$TMPD/last.$i" 2>/dev/null || echo pending)
	got=$(sql "SELECT status FROM clips WHERE id = $clip")
	if [ "$got" != "$want" ]; then
		lost=$((lost + 1))
		tap_diag "clip $clip: store has '$got', client $i wrote '$want' last"
	fi
done
tap_is "$lost" 0 "no lost update: the store agrees with every client's last write"
req GET /api/streams
tap_is "$ST" 200 "the API answers after the run"
tap_done
