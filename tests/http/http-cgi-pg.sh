#!/bin/sh
# SPDX-License-Identifier: ISC
# http-cgi-pg.sh: the HTTP API suite (http-api.sh) under Apache with plain CGI (.htaccess), on PostgreSQL.
HTTP_MODE=htcgi
HTTP_DB=pg
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
