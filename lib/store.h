/* SPDX-License-Identifier: ISC */
/* store.h: the backend interface behind store.c (being written). */
