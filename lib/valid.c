/* SPDX-License-Identifier: ISC */
/* valid.c: strict checks of identifiers and integers given by users. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define VOD_ID_LEN_MAX	 64	/* bytes of a VOD id */

int
ac_valid_vod_id(const char *s)
{
	size_t	 i;

	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= VOD_ID_LEN_MAX)
			return 0;
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	}
	return 1;
}

int
ac__parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char		*end;
	long long	 v;

	/* Only optional '-' and digits: no spaces, no '+', no hex. */
	if (s == NULL || s[0] == '\0' || (s[0] != '-' &&
	    (s[0] < '0' || s[0] > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
ac__parse_id(const char *s, int64_t *out)
{
	return ac__parse_int64(s, 1, INT64_MAX, out);
}
