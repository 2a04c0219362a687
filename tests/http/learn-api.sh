#!/bin/sh
# SPDX-License-Identifier: ISC
# learn-api.sh: learning from review through the web API, under lighttpd
# with the shipped configuration (HTTP_MODE/HTTP_DB may say otherwise):
# three generated VODs of one channel uploaded; their laughing moments
# approved and their hype moments rejected (PUT, and the pages' form POST),
# one approved clip's bounds moved; every review refits at once
# (GET /api/streams/learned).  A fourth VOD of the channel uploaded is
# ranked with the channel's weights: config.learned_weights with the right
# counts, laughter first, in the upload's answer, the stream's GET, a
# re-analysis and its dry run, and the stream page says so; the same
# analysis with LEARN_FROM_REVIEW=false differs and ranks hype higher.
: "${HTTP_MODE:=lighttpd}"
: "${HTTP_DB:=sqlite}"
HTTP_API_LIB=1
# The shipped cap (512 MiB) would do; the harness' 1 MiB default is too small.
HTTPD_BODY_MAX=$((64 * 1024 * 1024))
export HTTP_MODE HTTP_DB HTTPD_BODY_MAX
. "$top_srcdir/tests/http/http-api.sh"
tap_need "$CGIBIN/analyze.fcgi" jq
own_data

JT=application/json
FORM=application/x-www-form-urlencoded
# jq FILTER over the last answer's body.
jb() { jq -r "$1" "$TMPD/body"; }
# ranks KIND: the ranks of the last answer's clips whose feature KIND is
# above 1 (laugh or hype moments), space-separated.
ranks() {
	jq -r "[(.analysis // .).potential_clips[] | select(.features.$1 > 1) |
	    .rank] | map(tostring) | join(\" \")" "$TMPD/body"
}
# mean: the mean of the numbers on standard input, one per word.
mean() { tr ' ' '\n' | awk 'NF { s += $1; n++ } END { print n ? s / n : 0 }'; }
# learned SCOPE: "labels vods" of SCOPE in GET /api/streams/learned.
learned() {
	req GET /api/streams/learned
	jb ".[] | select(.scope == \"$1\") | \"\(.labels) \(.vods)\""
}

# Seeds 1, 3, 12 and 22 are VODs of the channel nicoplays.
for s in 1 3 12 22; do
	"$CHATGEN" --seed $s --hours 2 --format object -o "$TMPD/c$s.json" \
	    2>/dev/null || tap_bail "chatgen failed"
done

req GET /api/streams/learned
tap_is "$ST $(BODY)" "200 []" "nothing learned before any review"

# --- three VODs uploaded and reviewed ---
n=0
first=1
for s in 1 3 12; do
	req -w -t $JT -f "$TMPD/c$s.json" POST /api/analyze
	tap_is "$ST $(jb .config.learned_weights)" "200 null" \
	    "VOD $s uploaded before any review: ranked without learned weights"
	cp "$TMPD/body" "$TMPD/up$s.json"
done
for s in 1 3 12; do
	for id in $(jq -r '.potential_clips[] | select(.features.laugh > 1) |
	    .id' "$TMPD/up$s.json"); do
		if [ $first = 1 ]; then
			# The first approval through the pages' form.
			req -w -t $FORM -d 'status=approved&token=' POST "/api/clips/$id"
			tap_is "$ST" 303 "approved through the pages' form"
			tap_is "$(learned nicoplays)" "1 1" \
			    "the review refits at once: 1 label of 1 VOD"
			first=0
			moved=$id
		else
			req -w -t $JT -d '{"status":"approved"}' PUT "/api/clips/$id"
			[ "$ST" = 200 ] || tap_diag "PUT $id: $ST"
		fi
		n=$((n + 1))
	done
	for id in $(jq -r '.potential_clips[] | select(.features.hype > 1) |
	    .id' "$TMPD/up$s.json"); do
		req -w -t $JT -d '{"status":"rejected"}' PUT "/api/clips/$id"
		[ "$ST" = 200 ] || tap_diag "PUT $id: $ST"
		n=$((n + 1))
	done
done
tap_like "$n" '^[1-9][0-9]$' "$n clips reviewed"
req GET "/api/clips/stream/$(jq -r .stream_id "$TMPD/up1.json")"
start=$(jb ".[] | select(.id == $moved) | .start")
end=$(jb ".[] | select(.id == $moved) | .end")
req -w -t $JT -d "$(jq -nc --argjson s "$start" --argjson e "$end" \
    '{start: ($s + 4), end: ($e - 8)}')" PUT "/api/clips/$moved"
tap_is "$ST" 200 "an approved clip's bounds moved"
tap_is "$(learned nicoplays)" "$n 3" "the channel's weights: every review, 3 VODs"
tap_is "$(learned '')" "$n 3" "and those of all channels"
req GET /api/streams/learned
tap_like "$(jb '.[] | select(.scope == "nicoplays") |
    "\(.weights.laugh > 0) \(.weights.hype < 0) \(.start_shift_s > 0) \(.end_shift_s < 0)"')" \
    "^true true true true$" \
    "laughter weighs up, hype down; the start shifts later, the end earlier"

# --- the fourth VOD ---
req -w -t $JT -f "$TMPD/c22.json" POST /api/analyze
tap_is "$ST" 200 "the fourth VOD uploaded"
SID=$(jb .stream_id)
VOD=$(jb .vod.id)
cp "$TMPD/body" "$TMPD/on.json"
tap_is "$(jb '.config.learned_weights | "\(.scope) \(.labels) \(.vods)"')" \
    "nicoplays $n 3" "its config.learned_weights: the channel's, $n labels of 3 VODs"
tap_is "$(jb '.potential_clips[0].features.laugh > 1')" true \
    "a laughing moment ranks first"
tap_is "$(jb '[.potential_clips[] | has("learned_delta")] | all')" true \
    "every clip has its learned_delta"
req GET "/api/streams/$SID"
tap_is "$ST $(jb '.analysis.config.learned_weights | "\(.scope) \(.labels) \(.vods)"')" \
    "200 nicoplays $n 3" "GET of the stream carries config.learned_weights"
req -H 'Accept: text/html' GET "/api/streams/$SID"
tap_is "$ST $(grep -o 'Ranked with what you taught[^<]*' "$TMPD/body")" \
    "200 Ranked with what you taught: $n reviewed clips from 3 VODs (channel nicoplays)" \
    "the stream page without script says so"
req GET "/api/streams/$(jq -r .stream_id "$TMPD/up1.json")"
tap_is "$(jb .analysis.config.learned_weights)" null \
    "a VOD analysed before the reviews still says null"
req -H 'Accept: text/html' GET "/api/streams/$(jq -r .stream_id "$TMPD/up1.json")"
tap_check "and its page says nothing of it" \
    sh -c "! grep -q 'Ranked with what you taught' '$TMPD/body'"
req -w POST "/api/streams/reanalyze/$VOD?dry_run=1"
tap_is "$ST $(jb '.config.learned_weights.labels')" "200 $n" \
    "a dry run is ranked with them too"
on_peaks=$(jq -c '[.potential_clips[].peak]' "$TMPD/on.json")
tap_is "$(jq -c '[.potential_clips[].peak]' "$TMPD/body")" "$on_peaks" \
    "the same clips as the upload"

# The same analysis with LEARN_FROM_REVIEW=false (the program run as CGI
# with that setting: the servers' programs keep theirs).
{ cat "$CONF"; echo "LEARN_FROM_REVIEW=false"; } > "$TMPD/off.conf"
_mode=$HTTP_MODE _origin=$ORIGIN
HTTP_MODE=cgi ORIGIN=http://127.0.0.1
req -w -c "$TMPD/off.conf" POST "/api/streams/reanalyze/$VOD?dry_run=1"
HTTP_MODE=$_mode ORIGIN=$_origin
tap_is "$ST $(jb .config.learned_weights)" "200 null" \
    "LEARN_FROM_REVIEW=false: no learned weights"
tap_check "the ranking differs" test \
    "$(jq -c '[.potential_clips[].peak]' "$TMPD/body")" != "$on_peaks"
off=$(ranks hype)
cp "$TMPD/on.json" "$TMPD/body"
on=$(ranks hype)
tap_check "rejected hype ranks lower with learning ($on) than without ($off)" \
    awk -v a="$(echo "$on" | mean)" -v b="$(echo "$off" | mean)" \
    'BEGIN { exit !(a > b) }'

# A re-analysis keeps them; re-analysing a reviewed VOD fits them again
# (its labels have new features); un-reviewing every clip takes them away.
req -w POST "/api/streams/reanalyze/$VOD"
tap_is "$ST $(jb .config.learned_weights.scope)" "200 nicoplays" \
    "a re-analysis is ranked with them"
req GET /api/streams/learned
before=$(jb '.[] | select(.scope == "nicoplays") | .updated_at')
req -w -t $JT -d '{"window_s": 12}' POST \
    "/api/streams/reanalyze/$(jq -r .vod.id "$TMPD/up3.json")"
tap_is "$ST" 200 "a reviewed VOD re-analysed with another window"
req GET /api/streams/learned
tap_check "its reviews are fitted again" test \
    "$(jb '.[] | select(.scope == "nicoplays") | .updated_at')" != "$before"
for s in 1 3 12; do
	req GET "/api/clips/stream/$(jq -r .stream_id "$TMPD/up$s.json")"
	for id in $(jb '.[] | select(.status != "pending") | .id'); do
		req -w -t $JT -d '{"status":"pending"}' PUT "/api/clips/$id"
	done
done
req GET /api/streams/learned
tap_is "$ST $(BODY)" "200 []" "every review undone: nothing learned"
req -w POST "/api/streams/reanalyze/$VOD"
tap_is "$ST $(jb .config.learned_weights)" "200 null" \
    "and the next re-analysis is ranked without"
tap_done
