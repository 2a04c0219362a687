/* SPDX-License-Identifier: ISC */
/* config.c: not written yet. */
#include "config.h"
