/* SPDX-License-Identifier: ISC */
/* timestamp.c: not written yet. */
#include "config.h"
