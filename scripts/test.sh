#!/bin/sh
# SPDX-License-Identifier: ISC
# test.sh: install what the tests need, then build and run the suite
# twice: through make distcheck (the release tarball built out of tree with
# warnings as errors, its make check of every test, install and uninstall)
# and in an AddressSanitizer + UBSan build, which leaves out the web-server
# matrix's repeats (Makefile.am ASAN_SKIP_TESTS: the same programs under
# Apache and on PostgreSQL under lighttpd; they still run under ASan as
# CGI and under lighttpd).  Ends with one line "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh" test || exit 1

status=0
pass=0
fail=0

# count FILE: add the automake test summary printed in FILE to the totals.
count() {
	p=$(sed -n 's/^# PASS: *//p' "$1" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *//p' "$1" | awk '{s += $1} END {print s + 0}')
	if ! grep -q '^# TOTAL:' "$1"; then
		echo "test.sh: no test summary in ${1#"$top"/}" >&2
		f=$((f + 1))
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' "$1" || true
}

# failures OUT DIR: what failed, with diagnostics and sanitizer reports.
failures() {
	grep -E '^(FAIL|ERROR|XPASS)' "$1" || true
	for l in "$2"/tests/*/*.log; do
		grep -q -E '^(not ok|Bail out)|Sanitizer|runtime error' "$l" 2>/dev/null || continue
		echo "--- ${l#"$top"/}"
		grep -E -A3 '^(not ok|Bail out)|Sanitizer|runtime error' "$l" | head -n 60
	done
}

echo "== make distcheck (warnings are errors)"
if ! "$top/scripts/build.sh" plain --enable-werror; then
	echo "test.sh: the build failed" >&2
	status=1
	fail=$((fail + 1))
else
	out=$top/build/plain/distcheck.out
	if ! make -C "$top/build/plain" -j"$(nproc)" distcheck \
	    DISTCHECK_CONFIGURE_FLAGS=--enable-werror >"$out" 2>&1; then
		status=1
		failures "$out" "$(ls -d "$top"/build/plain/autoclip-*/_build/sub 2>/dev/null | head -n 1)"
		tail -n 20 "$out"
		echo "test.sh: make distcheck failed" >&2
		fail=$((fail + 1))
	fi
	count "$out"
fi

echo "== AddressSanitizer + UBSan build"
if ! "$top/scripts/build.sh" asan --enable-asan; then
	echo "test.sh: the ASan build failed" >&2
	status=1
	fail=$((fail + 1))
else
	out=$top/build/asan/check.out
	tests=$(make -s -C "$top/build/asan" print-asan-tests | tr '\n' ' ')
	if ! make -C "$top/build/asan" -j"$(nproc)" check TESTS="$tests" \
	    >"$out" 2>&1; then
		status=1
		failures "$out" "$top/build/asan"
	fi
	count "$out"
fi

echo "$pass passed, $fail failed"
exit $status
