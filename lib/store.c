/* SPDX-License-Identifier: ISC */
/* store.c: being written. */
#include "config.h"
