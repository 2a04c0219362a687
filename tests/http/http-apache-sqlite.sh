#!/bin/sh
# SPDX-License-Identifier: ISC
# http-apache-sqlite.sh: the HTTP API suite (http-api.sh) under Apache with mod_fcgid, on SQLite.
HTTP_MODE=apache
HTTP_DB=sqlite
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/http-api.sh"
