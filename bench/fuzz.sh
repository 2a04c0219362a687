#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz.sh: run each libFuzzer harness of tests/fuzz for a set time.
#
# usage: bench/fuzz.sh [-d BUILDDIR] [SECONDS] [HARNESS ...]
#
# BUILDDIR (default .) is a build configured with --enable-fuzz (clang,
# libFuzzer, ASan and UBSan); its tests/fuzz/NAME-fuzz programs are run one
# after another, each for SECONDS (default 600), starting from its seed
# corpus tests/fuzz/corpus/NAME (copied: the tree is not changed).  HARNESS
# names a subset (chat, form, multipart, json, route, kick-link, kick-meta,
# hls); default all that are built.  Per harness it prints the seconds run,
# executions, executions per second, coverage (instrumented edges reached,
# and libFuzzer's features), the corpus size, crashes (crash, leak, timeout
# and out-of-memory inputs libFuzzer saved) and sanitizer reports (ASan,
# LeakSanitizer, UBSan "runtime error" and libFuzzer's deadly signals).
# Logs, the grown corpora and any crashing input are kept in
# BUILDDIR/fuzz-out/NAME.  Exits 1 when any harness crashed or reported.
# Run it under "nice -n 19" on a shared machine.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=.
ALL="chat form multipart json route kick-link kick-meta hls"

case ${1:-} in
-h|--help) sed -n '4,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
-d) [ $# -ge 2 ] || { echo "fuzz.sh: -d needs a directory" >&2; exit 2; }
	builddir=$2; shift 2 ;;
esac
secs=600
case ${1:-} in
''|*[!0-9]*) ;;
*) secs=$1; shift ;;
esac
[ "$secs" -gt 0 ] || { echo "fuzz.sh: SECONDS must be positive" >&2; exit 2; }

# Longest input per harness: about what the parser is given in one piece.
max_len() {
	case $1 in
	chat|kick-meta|json) echo 65536 ;;
	multipart) echo 16384 ;;
	hls) echo 32768 ;;
	*) echo 4096 ;;
	esac
}

if [ $# -gt 0 ]; then
	list=$*
else
	list=
	for h in $ALL; do
		[ -x "$builddir/tests/fuzz/$h-fuzz" ] && list="$list $h"
	done
fi
[ -n "$list" ] || {
	echo "fuzz.sh: no harness built in $builddir/tests/fuzz (configure --enable-fuzz, then make)" >&2
	exit 1
}
for h in $list; do
	[ -x "$builddir/tests/fuzz/$h-fuzz" ] || {
		echo "fuzz.sh: $builddir/tests/fuzz/$h-fuzz is not built (configure --enable-fuzz, then make)" >&2
		exit 1
	}
	[ -d "$srcdir/tests/fuzz/corpus/$h" ] || {
		echo "fuzz.sh: no seed corpus $srcdir/tests/fuzz/corpus/$h" >&2
		exit 1
	}
done

out=$(cd "$builddir" && pwd)/fuzz-out
status=0
printf '%-10s %7s %12s %9s %6s %7s %7s %8s %8s\n' harness seconds execs \
	exec/s cov ft corpus crashes reports
for h in $list; do
	d=$out/$h
	rm -rf "$d"
	mkdir -p "$d/corpus" "$d/crashes" || exit 1
	cp "$srcdir/tests/fuzz/corpus/$h/"* "$d/corpus/"
	start=$(date +%s)
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$builddir/tests/fuzz/$h-fuzz" -max_total_time="$secs" \
		-max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$d/crashes/" \
		"$d/corpus" >"$d/log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$d/log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$d/log" | tail -1 | cut -d' ' -f2)
	ncorp=$(find "$d/corpus" -type f | wc -l)
	crashes=$(find "$d/crashes" -type f | wc -l)
	reports=$(grep -c -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$d/log")
	printf '%-10s %7s %12s %9s %6s %7s %7s %8s %8s\n' "$h" \
		"$((end - start))" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
		"${ft:-?}" "$ncorp" "$crashes" "$reports"
	if [ "$crashes" -ne 0 ] || [ "$reports" -ne 0 ] || [ "$rc" -ne 0 ]; then
		status=1
		echo "  $h: exit $rc; log $d/log; inputs in $d/crashes" >&2
	fi
done
exit $status
