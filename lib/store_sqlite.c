/* SPDX-License-Identifier: ISC */
/* store_sqlite.c: being written. */
#include "config.h"
