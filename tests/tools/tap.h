/* SPDX-License-Identifier: ISC */
/*
 * tap.h: a tiny Test Anything Protocol producer for the C unit tests.
 * Call plan() first (or plan_lazy() and done_testing() at the end).
 */
#ifndef TAP_H
#define TAP_H

#include <stddef.h>

void	 plan(int n);
void	 plan_lazy(void);
int	 done_testing(void);	/* prints a lazy plan; returns the exit status */
int	 ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int	 is_int(long long got, long long want, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	 is_double(double got, double want, double eps, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	 is_str(const char *got, const char *want, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 bail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif /* !TAP_H */
