#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: install what autoclip needs, build it, and analyse the bundled
# sample chat (or the chat file given as the first argument).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh" build
"$top/scripts/build.sh" run
chat=${1:-$top/tests/data/sample-chat.json.gz}
exec "$top/build/run/bin/autoclip" analyze --format table "$chat"
