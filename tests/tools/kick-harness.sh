# SPDX-License-Identifier: ISC
# kick-harness.sh: the Kick mock (tests/kick/kick-mock) for the shell tests;
# source it after lib.sh, with MOCK (the program), CHAT and TMPD set.

# mock_start ARGS...: the mock on $CHAT with ARGS, on a free port; sets
# MOCK_PID and BASE (http://127.0.0.1:PORT) and points the library at it
# (KICK_API_URL, KICK_WEB_API_URL).  Bails out when it does not start.
mock_start() {
	rm -f "$TMPD/mock.port"
	"$MOCK" --chat "$CHAT" --port-file "$TMPD/mock.port" "$@" \
	    2>"$TMPD/mock.err" &
	MOCK_PID=$!
	mock_i=0
	while [ ! -s "$TMPD/mock.port" ]; do
		kill -0 "$MOCK_PID" 2>/dev/null ||
		    tap_bail "kick-mock did not start: $(cat "$TMPD/mock.err")"
		mock_i=$((mock_i + 1))
		[ "$mock_i" -lt 1200 ] || tap_bail "kick-mock wrote no port file"
		sleep 0.05
	done
	BASE=http://127.0.0.1:$(cat "$TMPD/mock.port")
	KICK_API_URL=$BASE KICK_WEB_API_URL=$BASE
	export KICK_API_URL KICK_WEB_API_URL
}
