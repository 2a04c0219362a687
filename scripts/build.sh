#!/bin/sh
# SPDX-License-Identifier: ISC
# build.sh: generate the build system if needed and build autoclip in
# build/NAME with the given configure options.  Usage: build.sh NAME [OPTIONS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
name=$1
shift
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "build/$name"
cd "build/$name"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
	"$top/configure" -q "$@"
fi
make -j"$(nproc)" >/dev/null
