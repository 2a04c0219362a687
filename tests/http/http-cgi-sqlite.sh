#!/bin/sh
# SPDX-License-Identifier: ISC
# http-cgi-sqlite.sh: the HTTP API suite (http-api.sh) with the programs run as CGI, no server, on SQLite.
HTTP_MODE=cgi
HTTP_DB=sqlite
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
