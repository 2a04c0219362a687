/* SPDX-License-Identifier: ISC */
/* kick-mock-hls.h: the HLS side of kick-mock (a master, variants, segments). */
#ifndef KICK_MOCK_HLS_H
#define KICK_MOCK_HLS_H

#include <stddef.h>
#include <stdint.h>

struct hls_answer {
	int		 code;
	const char	*type;
	char		*body;		/* malloc'd */
	size_t		 len;
	int		 truncate;	/* send half the body, then close */
};

/*
 * Serve DIR: each subdirectory named like "720p30" is a variant whose
 * segments are 0.ts, 1.ts, ... of seg_s seconds.  hours > 0 makes every
 * media playlist that long, looping the segments with their timestamps
 * shifted so the stream stays continuous.  pdt0 is the epoch time of the
 * first segment (EXT-X-PROGRAM-DATE-TIME).  fault_file, when set, is read
 * on every request: "403", "missing", "truncated", "empty", "malformed",
 * "foreign" (segments on another host),
 * "garbage" (segments that are not video), "malformed-media" or nothing.
 */
void	 hls_init(const char *dir, double hours, double seg_s, double pdt0,
	    const char *fault_file);
/* The master's path on the mock. */
#define HLS_MASTER_PATH	 "/hls/master.m3u8"
/* Whether path is an HLS path; then *a is the answer. */
int	 hls_route(const char *path, struct hls_answer *a);
/* Counters for the stats: segments and their bytes, playlists. */
void	 hls_stats(uint64_t *segments, uint64_t *bytes, uint64_t *playlists);
void	 hls_free(void);

#endif
