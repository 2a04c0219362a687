/* SPDX-License-Identifier: ISC */
/* report.c: not written yet. */
#include "config.h"
