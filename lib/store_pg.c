/* SPDX-License-Identifier: ISC */
/* store_pg.c: being written. */
#include "config.h"
