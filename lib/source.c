/* SPDX-License-Identifier: ISC */
/* source.c: not written yet. */
#include "config.h"
