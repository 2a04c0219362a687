#!/bin/sh
# SPDX-License-Identifier: ISC
# test.sh: install what the tests need, then build and run the whole suite:
# a normal build (warnings are errors), an AddressSanitizer + UBSan build,
# and make distcheck.  Ends with one line "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh" test || exit 1

status=0
pass=0
fail=0
# Add a build's automake summary to the totals.
count() {
	log=$1/test-suite.log
	if [ ! -f "$log" ]; then
		echo "test.sh: no test summary in $1" >&2
		fail=$((fail + 1))
		return
	fi
	p=$(sed -n 's/^# PASS: *//p' "$log")
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *//p' "$log" | awk '{s += $1} END {print s + 0}')
	pass=$((pass + ${p:-0}))
	fail=$((fail + f))
}

run_suite() {
	name=$1
	shift
	echo "== $name build: $*"
	if ! "$top/scripts/build.sh" "$name" "$@"; then
		echo "test.sh: the $name build failed" >&2
		status=1
		fail=$((fail + 1))
		return
	fi
	if ! make -C "$top/build/$name" -j"$(nproc)" check >"$top/build/$name/check.out" 2>&1; then
		status=1
		grep -E '^(FAIL|ERROR|XPASS)' "$top/build/$name/check.out" || true
		# What failed, with the diagnostics and sanitizer reports.
		for l in "$top"/build/"$name"/tests/*.log; do
			grep -q -E '^(not ok|Bail out)|Sanitizer|runtime error' "$l" 2>/dev/null || continue
			echo "--- ${l#"$top"/}"
			grep -E -A3 '^(not ok|Bail out)|Sanitizer|runtime error' "$l" | head -n 60
		done
	fi
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' "$top/build/$name/check.out" || true
	count "$top/build/$name"
}

run_suite plain --enable-werror
run_suite asan --enable-asan

echo "== make distcheck"
if ! make -C "$top/build/plain" distcheck >"$top/build/plain/distcheck.out" 2>&1; then
	tail -n 40 "$top/build/plain/distcheck.out"
	echo "test.sh: make distcheck failed" >&2
	status=1
	fail=$((fail + 1))
else
	grep -E 'archives ready for distribution|^autoclip-.*tar.gz' "$top/build/plain/distcheck.out" | head -3
fi

echo "$pass passed, $fail failed"
exit $status
