/* SPDX-License-Identifier: ISC */
/* score.c: not written yet. */
#include "config.h"
