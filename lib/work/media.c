/* SPDX-License-Identifier: ISC */
/*
 * media.c: where media files live and how they are named.  Uploads wait
 * in DATA_DIR/tmp, results (converted or exported MP4s) in
 * DATA_DIR/media, named "<prefix>-<pid>-<time>-<n>-<hex>.<ext>": the pid
 * lets cleanup.c remove a dead writer's files, the rest makes names
 * unique and unguessable.  Names are never built from input.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "work/work.h"

enum ac_err
ac_media_dir(const struct ac_settings *cf, enum ac_media_where where,
    char *out, size_t size, struct ac_error *err)
{
	const char	*sub = where == AC_MEDIA_TMP ? "tmp" : "media";
	int		 n;

	n = snprintf(out, size, "%s/%s", cf->data_dir, sub);
	if (n < 0 || (size_t)n >= size)
		return ac_error_set(err, AC_ERR_LIMIT, "DATA_DIR too long");
	if ((mkdir(cf->data_dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(out, 0700) == -1 && errno != EEXIST))
		return ac_error_set(err, AC_ERR_IO, "%s: %s", out,
		    strerror(errno));
	return AC_OK;
}

enum ac_err
ac_media_name(const char *dir, const char *prefix, const char *ext,
    char *out, size_t size)
{
	static unsigned int	 counter;
	unsigned char		 r[6];
	unsigned int		 i;
	char			 hex[2 * sizeof(r) + 1];
	int			 n;

	if (getentropy(r, sizeof(r)) == -1)
		memset(r, 0, sizeof(r));
	for (i = 0; i < sizeof(r); i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	n = snprintf(out, size, "%s/%s-%ld-%lld-%u-%s.%s", dir, prefix,
	    (long)getpid(), (long long)time(NULL), counter++, hex, ext);
	return n < 0 || (size_t)n >= size ? AC_ERR_LIMIT : AC_OK;
}
