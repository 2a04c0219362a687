/* SPDX-License-Identifier: ISC */
/*
 * store-list.c: time ac_store_stream_list (a page of streams with their
 * clip counts) on a store that is already filled.
 *
 * usage: store-list [-m] URL [LIMIT [OFFSET [RUNS]]]
 * -m applies the pending migrations first.  Prints the rows returned, the clips counted on the page, and the best,
 * median and slowest time of RUNS calls in milliseconds.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoclip.h"
#include "store/store.h"

#include "timing.h"

#define RUNS_MAX	10000

int
main(int argc, char *argv[])
{
	struct ac_store		*st;
	struct ac_stream	*rows;
	static double		 ms[RUNS_MAX];
	struct ac_error	 err;
	long			 limit = 50, offset = 0, runs = 50, i;
	long long		 clips = 0;
	size_t			 n = 0, k;
	double			 t;
	int			 migrate = 0;

	if (argc > 1 && strcmp(argv[1], "-m") == 0) {
		migrate = 1;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 5 ||
	    (argc > 2 && !arg(argv[2], 1, AC_STORE_LIST_MAX, &limit)) ||
	    (argc > 3 && !arg(argv[3], 0, 1000000000L, &offset)) ||
	    (argc > 4 && !arg(argv[4], 1, RUNS_MAX, &runs))) {
		fprintf(stderr, "usage: store-list [-m] URL [LIMIT [OFFSET [RUNS]]]\n");
		return 2;
	}
	if (ac_store_open(&st, argv[1], migrate, NULL, &err) != AC_OK) {
		fprintf(stderr, "store-list: %s\n", err.text);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t = now_ms();
		if (ac_store_stream_list(st, (int)limit, (int)offset, &rows,
		    &n, &err) != AC_OK) {
			fprintf(stderr, "store-list: %s\n", err.text);
			ac_store_close(st);
			return 1;
		}
		ms[i] = now_ms() - t;
		clips = 0;
		for (k = 0; k < n; k++)
			clips += rows[k].clips_count;
		free(rows);
	}
	ac_store_close(st);
	qsort(ms, (size_t)runs, sizeof(ms[0]), cmp);
	printf("rows %zu clips %lld runs %ld best %.3f ms median %.3f ms "
	    "worst %.3f ms\n", n, clips, runs, ms[0], ms[runs / 2],
	    ms[runs - 1]);
	return 0;
}
