/* SPDX-License-Identifier: ISC */
/* jsonlex.c: not written yet. */
#include "config.h"
