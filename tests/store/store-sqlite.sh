#!/bin/sh
# SPDX-License-Identifier: ISC
# store-sqlite.sh: the store contract suite (store-t) on a fresh SQLite file.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-store.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
AUTOCLIP_TEST_DATABASE_URL="sqlite://$tmp/store.db"
export AUTOCLIP_TEST_DATABASE_URL
"${top_builddir:-.}/tests/store/store-t"
