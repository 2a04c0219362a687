/* SPDX-License-Identifier: ISC */
/* valid.c: being written. */
#include "config.h"
