/* SPDX-License-Identifier: ISC */
/* archive.c: being written. */
#include "config.h"
