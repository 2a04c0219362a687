#!/bin/sh
# SPDX-License-Identifier: ISC
# http-htcgi-sqlite.sh: the HTTP API suite (http-api.sh) under Apache with plain CGI (.htaccess), on SQLite.
HTTP_MODE=htcgi
HTTP_DB=sqlite
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
