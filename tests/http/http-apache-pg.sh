#!/bin/sh
# SPDX-License-Identifier: ISC
# http-apache-pg.sh: the HTTP API suite (http-api.sh) under Apache with mod_fcgid, on PostgreSQL.
HTTP_MODE=apache
HTTP_DB=pg
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
