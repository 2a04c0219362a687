/* SPDX-License-Identifier: ISC */
/* hype.c: not written yet. */
#include "config.h"
