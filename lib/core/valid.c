/* SPDX-License-Identifier: ISC */
/* valid.c: strict checks of identifiers and integers given by users. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

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

/* --- validators of web input ---------------------------------------- */

int
ac_valid_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char	*p;
	int64_t		 v;

	if (s == NULL)
		return 0;
	/* No leading zeros ("007"), which would give a second spelling. */
	p = (*s == '-') ? s + 1 : s;
	if (p[0] == '0' && p[1] != '\0')
		return 0;
	if (ac__parse_int64(s, min, max, &v) < 0)
		return 0;
	if (out != NULL)
		*out = v;
	return 1;
}

int
ac_valid_id(const char *s, int64_t *out)
{
	return ac_valid_int(s, 1, INT64_MAX, out);
}

int
ac_valid_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return s[36] == '\0';
}

int
ac_valid_utf8(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str, *e = s + len;
	size_t			 n;

	for (; s < e; s += n)
		if ((n = ac__utf8_seq(s, e)) == 0)
			return 0;
	return 1;
}

int
ac_valid_enum(const char *s, const char *const *values)
{
	int	 i;

	if (s == NULL || values == NULL)
		return -1;
	for (i = 0; values[i] != NULL; i++)
		if (strcmp(s, values[i]) == 0)
			return i;
	return -1;
}

char *
ac_valid_filename(const char *in, char *out, size_t size)
{
	const char	*base, *p;
	size_t		 n = 0;

	if (size == 0)
		return out;
	base = in != NULL ? in : "";
	/* The last component, for '/' and '\\' alike. */
	for (p = base; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (p = base; *p != '\0' && n + 1 < size; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    (*p == '.' && n > 0))
			out[n++] = *p;
		else if (n > 0 && out[n - 1] != '_')
			out[n++] = '_';
	}
	/* No trailing dots or underscores ("x..", "a_"). */
	while (n > 0 && (out[n - 1] == '.' || out[n - 1] == '_'))
		n--;
	out[n] = '\0';
	if (n == 0 && size >= 5)
		memcpy(out, "file", 5);
	return out;
}
