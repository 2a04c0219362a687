/* SPDX-License-Identifier: ISC */
/*
 * file.c: answering with a stored file or blob: a single byte Range
 * (206, or 416 when unsatisfiable), ETag and If-None-Match (304),
 * If-Range, HEAD, and X-Sendfile when the web server sends files.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "web/web.h"

#define FILE_CHUNK	 (256 * 1024)

int
ac_range_parse(const char *h, int64_t size, int64_t *first, int64_t *last)
{
	const char	*p, *dash;
	char		 a[24], b[24];
	int64_t		 x, y;
	size_t		 la, lb;

	if (h == NULL || *h == '\0')
		return 0;
	if (strncmp(h, "bytes=", 6) != 0)
		return 0;		/* another unit: ignored (RFC 9110) */
	p = h + 6;
	if (strchr(p, ',') != NULL)
		return 0;		/* several ranges: the whole file */
	if ((dash = strchr(p, '-')) == NULL)
		return -2;
	la = (size_t)(dash - p);
	lb = strlen(dash + 1);
	if (la >= sizeof(a) || lb >= sizeof(b) || (la == 0 && lb == 0))
		return -2;
	memcpy(a, p, la);
	a[la] = '\0';
	memcpy(b, dash + 1, lb);
	b[lb] = '\0';
	if (la == 0) {
		/* The last y bytes. */
		if (ac__parse_int64(b, 1, INT64_MAX, &y) == -1)
			return -2;
		if (size == 0)
			return -1;
		*first = y >= size ? 0 : size - y;
		*last = size - 1;
		return 1;
	}
	if (ac__parse_int64(a, 0, INT64_MAX, &x) == -1)
		return -2;
	if (lb == 0)
		y = size - 1;
	else if (ac__parse_int64(b, 0, INT64_MAX, &y) == -1 || y < x)
		return -2;
	if (x >= size)
		return -1;
	*first = x;
	*last = y >= size ? size - 1 : y;
	return 1;
}

/* Whether an If-None-Match list names etag (or is "*"). */
static int
etag_match(const char *list, const char *etag)
{
	const char	*p;
	size_t		 n = strlen(etag);

	if (list == NULL || etag == NULL || *etag == '\0')
		return 0;
	if (strcmp(list, "*") == 0)
		return 1;
	for (p = list; (p = strstr(p, etag)) != NULL; p += n)
		if ((p == list || p[-1] == ' ' || p[-1] == ',' ||
		    (p >= list + 2 && p[-1] == '/' && p[-2] == 'W')) &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
	return 0;
}

int
ac_reply_ranged(struct ac_req *req, const char *ctype, int64_t size,
    const char *etag, ac_pread_fn rd, void *arg)
{
	const char	*range, *ifr;
	char		 cr[96], *buf;
	int64_t		 first = 0, last = size - 1, off;
	ssize_t		 n;
	size_t		 want;
	int		 r;

	if (etag != NULL && *etag != '\0')
		(void)ac_reply_header(req, "ETag", etag);
	(void)ac_reply_header(req, "Accept-Ranges", "bytes");
	if (etag_match(ac_req_param(req, "HTTP_IF_NONE_MATCH"), etag))
		return ac_reply(req, 304, NULL, NULL, 0);
	range = ac_req_param(req, "HTTP_RANGE");
	/* If-Range with another validator: the whole, current file. */
	ifr = ac_req_param(req, "HTTP_IF_RANGE");
	if (ifr != NULL && (etag == NULL || strcmp(ifr, etag) != 0))
		range = NULL;
	r = ac_range_parse(range, size, &first, &last);
	if (r == -1) {
		snprintf(cr, sizeof(cr), "bytes */%" PRId64, size);
		(void)ac_reply_header(req, "Content-Range", cr);
		return ac_reply_fail(req, "range_not_satisfiable",
		    "the range is outside the file");
	}
	if (r != 1) {
		first = 0;
		last = size - 1;
	} else {
		snprintf(cr, sizeof(cr), "bytes %" PRId64 "-%" PRId64 "/%" PRId64,
		    first, last, size);
		(void)ac_reply_header(req, "Content-Range", cr);
	}
	if (ac_reply_begin(req, r == 1 ? 206 : 200, ctype, last - first + 1) ==
	    -1)
		return -1;
	if (req->method == AC_METHOD_HEAD || size == 0)
		return 0;
	if ((buf = malloc(FILE_CHUNK)) == NULL)
		return -1;
	for (off = first; off <= last; off += n) {
		want = (size_t)(last - off + 1 < FILE_CHUNK ? last - off + 1 :
		    FILE_CHUNK);
		if ((n = rd(arg, buf, want, off)) <= 0 ||
		    ac_reply_write(req, buf, (size_t)n) == -1) {
			free(buf);
			return -1;	/* the answer is cut short: the client sees it */
		}
	}
	free(buf);
	return 0;
}

static ssize_t
fd_pread(void *arg, void *buf, size_t n, int64_t off)
{
	ssize_t	 r;

	while ((r = pread(*(int *)arg, buf, n, (off_t)off)) == -1 &&
	    errno == EINTR)
		continue;
	return r;
}

int
ac_reply_file(struct ac_req *req, const char *ctype, const char *path,
    const char *etag, int sendfile)
{
	struct stat	 sb;
	int		 fd, rc;

	if (sendfile) {
		/* The server answers Range and conditionals itself. */
		if (etag != NULL && *etag != '\0')
			(void)ac_reply_header(req, "ETag", etag);
		if (etag_match(ac_req_param(req, "HTTP_IF_NONE_MATCH"), etag))
			return ac_reply(req, 304, NULL, NULL, 0);
		return ac_reply_sendfile(req, ctype, path);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		ac_req_log(req, __func__, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return ac_reply_fail(req, "internal_error",
		    "internal error (see the server log)");
	}
	rc = ac_reply_ranged(req, ctype, (int64_t)sb.st_size, etag, fd_pread,
	    &fd);
	close(fd);
	return rc;
}
