/* SPDX-License-Identifier: ISC */
/* media-t.c: media directories and file names (ac_media_dir, ac_media_name). */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "work/work.h"
#include "../tools/tap.h"

int
main(void)
{
	struct ac_settings	 set;
	struct stat		 sb;
	char			 top[] = "/tmp/media-t.XXXXXX", data[64];
	char			 dir[128], a[256], b[256], pid[32];
	struct ac_error		 err;
	char			 tiny[16];

	plan_lazy();
	if (mkdtemp(top) == NULL)
		bail("mkdtemp");
	snprintf(data, sizeof(data), "%s/data", top);
	memset(&set, 0, sizeof(set));
	set.data_dir = data;
	is_int(ac_media_dir(&set, AC_MEDIA_TMP, dir, sizeof(dir), &err),
	    AC_OK, "DATA_DIR/tmp made");
	ok(strcmp(dir + strlen(data), "/tmp") == 0, "named %s", dir);
	ok(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    (sb.st_mode & 0777) == 0700, "a directory, mode 0700");
	is_int(ac_media_dir(&set, AC_MEDIA_TMP, dir, sizeof(dir), &err),
	    AC_OK, "made again: fine");
	is_int(ac_media_dir(&set, AC_MEDIA_OUT, dir, sizeof(dir), &err),
	    AC_OK, "DATA_DIR/media made");
	ok(strcmp(dir + strlen(data), "/media") == 0, "named %s", dir);
	is_int(ac_media_dir(&set, AC_MEDIA_OUT, tiny, sizeof(tiny), &err),
	    AC_ERR_LIMIT, "a path that does not fit: refused");
	ok(strstr(err.text, "DATA_DIR") != NULL, "and says why: %s", err.text);

	is_int(ac_media_name(dir, "convert", "mp4", a, sizeof(a)), AC_OK,
	    "a name");
	is_int(ac_media_name(dir, "convert", "mp4", b, sizeof(b)), AC_OK,
	    "another");
	ok(strcmp(a, b) != 0, "two names differ");
	snprintf(pid, sizeof(pid), "/convert-%ld-", (long)getpid());
	ok(strncmp(a + strlen(dir), pid, strlen(pid)) == 0 &&
	    strcmp(a + strlen(a) - 4, ".mp4") == 0,
	    "prefix, the writer's pid, extension: %s", a);
	is_int(ac_media_name(dir, "convert", "mp4", tiny, sizeof(tiny)),
	    AC_ERR_LIMIT, "a name that does not fit: refused");
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/tmp", data);
	rmdir(dir);
	rmdir(data);
	rmdir(top);
	return done_testing();
}
