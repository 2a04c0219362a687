#!/bin/sh
# SPDX-License-Identifier: ISC
# http-lighttpd-pg.sh: the HTTP API suite (http-api.sh) under lighttpd with FastCGI, on PostgreSQL.
HTTP_MODE=lighttpd
HTTP_DB=pg
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
