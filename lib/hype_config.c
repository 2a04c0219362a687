/* SPDX-License-Identifier: ISC */
/* hype_config.c: not written yet. */
#include "config.h"
