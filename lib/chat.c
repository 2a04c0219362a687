/* SPDX-License-Identifier: ISC */
/* chat.c: not written yet. */
#include "config.h"
