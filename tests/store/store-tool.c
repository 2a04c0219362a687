/* SPDX-License-Identifier: ISC */
/*
 * store-tool.c: test helper for tests/store/storage.sh and tests/cli/learn.sh.
 *   store-tool approve URL VOD_ID RANK   approve the clip of that rank
 *   store-tool reject URL VOD_ID RANK    reject it
 *   store-tool move URL VOD_ID RANK DS DE  move its bounds by DS and DE seconds
 *   store-tool statuses URL VOD_ID       print "rank peak status" per clip
 *   store-tool count URL VOD_ID          print how many streams have the id
 *   store-tool status URL VOD_ID STATUS  set the stream's status
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"

int
main(int argc, char *argv[])
{
	struct ac_store		*st;
	struct ac_stream	 s, *v;
	struct ac_stored_clip	*c;
	struct ac_error	 err;
	size_t			 n, i;
	int64_t			 rank;
	int			 cnt = 0;

	if (argc < 4)
		return 2;
	if (ac_store_open(&st, argv[2], 0, NULL, &err) != AC_OK) {
		fprintf(stderr, "store-tool: %s\n", err.text);
		return 1;
	}
	if (strcmp(argv[1], "count") == 0) {
		if (ac_store_stream_list(st, AC_STORE_LIST_MAX, 0, &v, &n,
		    NULL) !=
		    AC_OK)
			return 1;
		for (i = 0; i < n; i++)
			cnt += strcmp(v[i].vod_id, argv[3]) == 0;
		free(v);
		printf("%d\n", cnt);
		ac_store_close(st);
		return 0;
	}
	if (ac_store_stream_get_vod(st, argv[3], &s, NULL) != AC_OK ||
	    ac_store_clips(st, s.id, &c, &n, NULL) != AC_OK)
		return 1;
	if ((strcmp(argv[1], "approve") == 0 ||
	    strcmp(argv[1], "reject") == 0) && argc == 5 &&
	    ac__parse_id(argv[4], &rank) == 0) {
		for (i = 0; i < n; i++)
			if (c[i].rank == rank &&
			    ac_store_clip_set_status(st, c[i].id,
			    argv[1][0] == 'a' ? AC_CLIP_APPROVED :
			    AC_CLIP_REJECTED, NULL) == AC_OK)
				cnt++;
	} else if (strcmp(argv[1], "move") == 0 && argc == 7 &&
	    ac__parse_id(argv[4], &rank) == 0) {
		double	 ds = strtod(argv[5], NULL), de = strtod(argv[6], NULL);

		for (i = 0; i < n; i++)
			if (c[i].rank == rank &&
			    ac_store_clip_set_bounds(st, c[i].id,
			    c[i].start + ds, c[i].end + de, NULL) == AC_OK)
				cnt++;
	} else if (strcmp(argv[1], "status") == 0 && argc == 5 &&
	    ac_stream_status_parse(argv[4]) >= 0) {
		cnt = ac_store_stream_set_status(st, s.id, (enum ac_stream_status)
		    ac_stream_status_parse(argv[4]), "", NULL) == AC_OK;
	} else if (strcmp(argv[1], "statuses") == 0) {
		for (i = 0; i < n; i++)
			printf("%d %.1f %s\n", c[i].rank, c[i].peak,
			    ac_clip_status_name(c[i].status));
		cnt = 1;
	}
	free(c);
	ac_store_close(st);
	return cnt > 0 ? 0 : 1;
}
