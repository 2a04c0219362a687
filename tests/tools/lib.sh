# SPDX-License-Identifier: ISC
# lib.sh: helpers for the shell TAP tests; source it with ". "$top_srcdir/tests/tools/lib.sh"".
#
# make check exports top_srcdir and top_builddir (absolute paths); run by
# hand, top_srcdir defaults to the parent of this script's directory and
# top_builddir to the current directory.  Sets AUTOCLIP, CHATGEN, EVALUATE
# to the programs in the build tree.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
export top_srcdir top_builddir

AUTOCLIP=$top_builddir/bin/autoclip
CHATGEN=$top_builddir/bench/chatgen
EVALUATE=$top_builddir/bench/evaluate

tap_n=0
tap_failed=0
tap_planned=

# tap_plan N: announce N tests.
tap_plan() {
	tap_planned=$1
	echo "1..$1"
}

# tap_skip_all REASON: nothing to run here (only for an optional feature).
tap_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# tap_bail REASON: stop the whole test file as failed.
tap_bail() {
	echo "Bail out! $*"
	exit 1
}

# tap_diag TEXT...: a comment line for each line of TEXT.
tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# tap_result STATUS DESC: ok when STATUS is 0 (an exit status).
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_check DESC CMD [ARG...]: ok when the command succeeds.
tap_check() {
	tap_desc=$1
	shift
	"$@"
	tap_result $? "$tap_desc"
}

# tap_is GOT WANT DESC: ok when the two strings are equal.
tap_is() {
	if [ "x$1" = "x$2" ]; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		tap_diag "got:  '$1'" "want: '$2'"
	fi
}

# tap_like TEXT PATTERN DESC: ok when TEXT matches the basic regular expression.
tap_like() {
	if printf '%s\n' "$1" | grep -q -- "$2"; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		tap_diag "'$1' does not match '$2'"
	fi
}

# tap_done: print the plan if none was given; exit status for the harness.
tap_done() {
	if [ -z "$tap_planned" ]; then
		echo "1..$tap_n"
	elif [ "$tap_planned" -ne "$tap_n" ]; then
		tap_diag "planned $tap_planned tests but ran $tap_n"
		exit 1
	fi
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# tap_need PROGRAM...: bail out unless each is an executable in the build tree
# or a command on PATH (a missing tool is a failure, never a silent pass).
tap_need() {
	for tap_p in "$@"; do
		case $tap_p in
		*/*)	[ -x "$tap_p" ] ||
			    tap_bail "$tap_p is not built (run make first)" ;;
		*)	command -v "$tap_p" >/dev/null 2>&1 ||
			    tap_bail "$tap_p is required but not installed" ;;
		esac
	done
}

# tap_tmpdir: make a private temporary directory, removed when the script
# ends or is interrupted; its path is in $TMPD.
tap_tmpdir() {
	TMPD=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-test.XXXXXX") ||
	    tap_bail "cannot make a temporary directory"
	trap 'rm -rf "$TMPD"' EXIT
	trap 'rm -rf "$TMPD"; exit 130' INT
	trap 'rm -rf "$TMPD"; exit 143' TERM
	export TMPD
}

# tap_wait SECONDS COMMAND...: poll COMMAND every 50 ms until it succeeds;
# 0 then, 1 when SECONDS passed first.  Tests wait for a state this way,
# never for a fixed time.
tap_wait() {
	tap_w_left=$(($1 * 20))
	shift
	until "$@"; do
		[ "$tap_w_left" -gt 0 ] || return 1
		tap_w_left=$((tap_w_left - 1))
		sleep 0.05
	done
	return 0
}
