/* SPDX-License-Identifier: ISC */
/*
 * replay.c: the main() of a fuzz harness built without libFuzzer.  It
 * feeds every file of the harness's seed corpus (or of the files and
 * directories named as arguments) to LLVMFuzzerTestOneInput once, and
 * prints TAP: one test per input.  A harness that finds its input wrong
 * aborts, so a failing input stops the run with the others unreported.
 *
 * Without arguments the corpus is $top_srcdir/tests/fuzz/corpus/NAME
 * for a program called NAME-fuzz.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_MAX	 (16 * 1024 * 1024)	/* bytes of one input */

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	 ntests;
static size_t	 hide;		/* leading bytes of paths not printed */

static int
one(const char *path)
{
	FILE		*f;
	uint8_t		*b;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: %s\n", ++ntests, path,
		    strerror(errno));
		return 1;
	}
	if ((b = malloc(REPLAY_MAX)) == NULL) {
		fclose(f);
		printf("not ok %d - %s: out of memory\n", ++ntests, path);
		return 1;
	}
	n = fread(b, 1, REPLAY_MAX, f);
	if (ferror(f) || !feof(f)) {
		fclose(f);
		free(b);
		printf("not ok %d - %s: unreadable or over %d bytes\n",
		    ++ntests, path, REPLAY_MAX);
		return 1;
	}
	fclose(f);
	/* A copy of exactly n bytes, so reads past the input are caught. */
	if ((b = realloc(b, n > 0 ? n : 1)) == NULL) {
		printf("not ok %d - %s: out of memory\n", ++ntests, path);
		return 1;
	}
	fflush(stdout);
	LLVMFuzzerTestOneInput(b, n);
	free(b);
	printf("ok %d - %s (%zu bytes)\n", ++ntests,
	    strlen(path) > hide ? path + hide : path, n);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every regular file of a directory in name order. */
static int
walk(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		**names = NULL, *full;
	size_t		 n = 0, i, len;
	int		 fail = 0;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return one(path);
	if ((d = opendir(path)) == NULL) {
		printf("not ok %d - %s: %s\n", ++ntests, path,
		    strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof(*names))) ==
		    NULL || (names[n] = strdup(de->d_name)) == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		len = strlen(path) + strlen(names[i]) + 2;
		if ((full = malloc(len)) == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		snprintf(full, len, "%s/%s", path, names[i]);
		fail |= one(full);
		free(full);
		free(names[i]);
	}
	free(names);
	if (n == 0) {
		printf("not ok %d - %s: an empty corpus\n", ++ntests, path);
		fail = 1;
	}
	return fail;
}

int
main(int argc, char *argv[])
{
	const char	*top, *name;
	char		*dir;
	size_t		 nl, len;
	int		 i, fail = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			fail |= walk(argv[i]);
	} else {
		if ((top = getenv("top_srcdir")) == NULL)
			top = ".";
		/* NAME from argv[0]: "dir/NAME-fuzz" (or libtool's "lt-NAME-fuzz"). */
		name = strrchr(argv[0], '/') != NULL ?
		    strrchr(argv[0], '/') + 1 : argv[0];
		if (strncmp(name, "lt-", 3) == 0)
			name += 3;
		nl = strlen(name);
		if (nl <= 5 || strcmp(name + nl - 5, "-fuzz") != 0) {
			fprintf(stderr, "%s: usage: %s [file | directory] ...\n",
			    argv[0], argv[0]);
			return 2;
		}
		len = strlen(top) + sizeof("/tests/fuzz/corpus/") + nl;
		if ((dir = malloc(len)) == NULL)
			return 1;
		snprintf(dir, len, "%s/tests/fuzz/corpus/%.*s", top,
		    (int)(nl - 5), name);
		hide = strlen(top) + 1;
		fail |= walk(dir);
		free(dir);
	}
	printf("1..%d\n", ntests);
	return fail;
}
