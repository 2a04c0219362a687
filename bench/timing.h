/* SPDX-License-Identifier: ISC */
/*
 * timing.h: what the store benchmarks share: a strictly parsed integer
 * operand, an ascending order of doubles for qsort, and a monotonic clock
 * in milliseconds.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <errno.h>
#include <stdlib.h>
#include <time.h>

/* 1 when s is a whole decimal number in [lo, hi], stored in *v. */
static inline int
arg(const char *s, long lo, long hi, long *v)
{
	char	*end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *v >= lo && *v <= hi;
}

static inline int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static inline double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#endif /* !BENCH_TIMING_H */
