#!/bin/sh
# SPDX-License-Identifier: ISC
# learn-api-pg.sh: learning from review through the web API (learn-api.sh)
# under lighttpd with FastCGI, on PostgreSQL.
HTTP_MODE=lighttpd
HTTP_DB=pg
export HTTP_MODE HTTP_DB
exec sh "$top_srcdir/tests/http/learn-api.sh"
