#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh: install the Debian 12 packages autoclip needs to build, run and
# test; "fuzz" adds clang and libFuzzer for configure --enable-fuzz.
# Usage: scripts/deps.sh build|test|fuzz
set -eu

build_pkgs="build-essential autoconf automake libtool pkg-config
	libjson-c-dev zlib1g-dev libisal-dev libsqlite3-dev libpq-dev gzip
	libfcgi-dev libfcgi-bin libcurl4-openssl-dev ffmpeg"
fuzz_pkgs="clang libclang-rt-14-dev"
test_pkgs="time fonts-dejavu-core postgresql lighttpd apache2 apache2-utils libapache2-mod-fcgid curl jq sqlite3
	chromium chromium-driver python3-selenium"

case "${1:-build}" in
build) pkgs=$build_pkgs ;;
test) pkgs="$build_pkgs $test_pkgs" ;;
fuzz) pkgs="$build_pkgs $fuzz_pkgs" ;;
*) echo "usage: $0 build|test|fuzz" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)

# The site's browser libraries, pinned by package-lock.json; again only
# when the lock changed since the last install.
npm_libs() {
	if [ ! -f "$top/node_modules/.package-lock.json" ] ||
	    [ "$top/package-lock.json" -nt "$top/node_modules/.package-lock.json" ]; then
		(cd "$top" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
	fi
}

# Only install what is missing, so a prepared machine needs no network.
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# Node.js and npm for the site's libraries: Debian's packages, unless the
# machine has them already (a Node.js that bundles npm conflicts with them).
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -z "$missing" ]; then
	npm_libs
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "$0: these packages are missing and I am not root:$missing" >&2
	exit 1
fi
echo "Installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
npm_libs
