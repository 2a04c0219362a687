#!/bin/sh
# SPDX-License-Identifier: ISC
# http-lighttpd-sqlite.sh: the HTTP API suite (http-api.sh) under lighttpd with FastCGI, on SQLite.
HTTP_MODE=lighttpd
HTTP_DB=sqlite
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
