/* SPDX-License-Identifier: ISC */
/*
 * export_fetch.c: the download side of an export (export.c runs the job):
 * the segment callbacks of the libcurl engine (each segment to its file
 * in the work directory, resumable, with what a failure means for the
 * user), the media host policy (private peers only when KICK_MEDIA_HOSTS
 * names one), the playlists and the qualities a VOD has.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "engine/engine.h"
#include "store/store.h"
#include "kick/kick.h"
#include "proc/proc.h"
#include "work/work.h"

#define EXPORT_ATTEMPTS		 4		/* per segment, first included */
#define EXPORT_TIMEOUT_S	 120		/* one segment */
#define PLAYLIST_ATTEMPTS	 3
#define PLAYLIST_TIMEOUT_S	 20		/* one playlist (also in a web request) */

static int
seg_next(void *arg, char *url, size_t size, void **tag)
{
	struct ac__export_run	*r = arg;
	struct ac__export_seg	*s;

	/* Segments a killed run saved already are not fetched again. */
	while (r->next < r->nsegs && r->segs[r->next].done)
		r->next++;
	if (r->next >= r->nsegs)
		return 0;
	s = &r->segs[r->next++];
	if (snprintf(url, size, "%s", s->s->uri) >= (int)size)
		return -1;
	*tag = s;
	return 1;
}

static void
seg_range(void *arg, void *tag, char *buf, size_t size)
{
	struct ac__export_seg	*s = tag;

	(void)arg;
	if (s->s->byte_off >= 0)
		snprintf(buf, size, "%lld-%lld", (long long)s->s->byte_off,
		    (long long)(s->s->byte_off + s->s->byte_len - 1));
}

static int
seg_sink(void *arg, void *tag, uint64_t off, const char *p, size_t n)
{
	struct ac__export_run	*r = arg;
	struct ac__export_seg	*s = tag;
	ssize_t		 w;
	size_t		 done = 0;

	if (off == 0) {
		/* A new attempt: start the file over. */
		r->bytes -= s->bytes;
		s->bytes = 0;
		if (s->fd == -1 && (s->fd = open(s->part, O_WRONLY | O_CREAT |
		    O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
			r->disk_errno = errno;
			return -1;
		}
		if (ftruncate(s->fd, 0) == -1 || lseek(s->fd, 0, SEEK_SET) ==
		    -1) {
			r->disk_errno = errno;
			return -1;
		}
	}
	while (done < n) {
		if ((w = write(s->fd, p + done, n - done)) == -1) {
			if (errno == EINTR)
				continue;
			r->disk_errno = errno;
			return -1;
		}
		done += (size_t)w;
	}
	s->bytes += n;
	r->bytes += n;
	return 0;
}

static int
seg_done(void *arg, void *tag, const struct ac__http_res *res)
{
	struct ac__export_run	*r = arg;
	struct ac__export_seg	*s = tag;

	if (s->fd != -1) {
		if (close(s->fd) == -1 && r->disk_errno == 0)
			r->disk_errno = errno;
		s->fd = -1;
	}
	if (r->disk_errno != 0) {
		snprintf(r->err, sizeof(r->err), "saving segment %zu failed: "
		    "%s%s", s->no, strerror(r->disk_errno),
		    r->disk_errno == ENOSPC || r->disk_errno == EDQUOT ||
		    r->disk_errno == EFBIG ? " (the disk, or the file size "
		    "allowed, is full: free space under DATA_DIR or lower "
		    "EXPORT_MAX_BYTES, then export again)" : "");
		return 1;
	}
	if (res->curl_failed) {
		snprintf(r->err, sizeof(r->err), "segment %zu could not be "
		    "fetched after %d attempts (%s): the CDN may be down or "
		    "cut the transfer short; export again later", s->no,
		    res->attempts, res->error);
		return 1;
	}
	if (res->status == 403 || res->status == 401) {
		snprintf(r->err, sizeof(r->err), "the CDN refused segment %zu "
		    "(HTTP %ld): the VOD may be subscriber-only, or need other "
		    "headers (KICK_USER_AGENT, KICK_REFERER); try again later",
		    s->no, res->status);
		return 1;
	}
	if (res->status == 404 || res->status == 410) {
		snprintf(r->err, sizeof(r->err), "segment %zu is missing on the "
		    "CDN (HTTP %ld): the VOD may have been deleted or "
		    "trimmed; choose a clip inside what remains", s->no,
		    res->status);
		return 1;
	}
	if (res->status != 200 && res->status != 206) {
		snprintf(r->err, sizeof(r->err), "segment %zu: the CDN answered "
		    "HTTP %ld after %d attempts; export again later", s->no,
		    res->status, res->attempts);
		return 1;
	}
	if (s->bytes == 0 || (s->s->byte_len > 0 &&
	    s->bytes != (uint64_t)s->s->byte_len)) {
		snprintf(r->err, sizeof(r->err), "segment %zu arrived truncated "
		    "(%llu bytes); export again later", s->no,
		    (unsigned long long)s->bytes);
		return 1;
	}
	if (rename(s->part, s->path) == -1) {
		snprintf(r->err, sizeof(r->err), "saving segment %zu failed: %s",
		    s->no, strerror(errno));
		return 1;
	}
	s->done = 1;
	r->ndone++;
	return ac__export_report(r, 0) == -1 ? 1 : 0;
}

static int
seg_tick(void *arg)
{
	struct ac__export_run	*r = arg;

	return ac__export_report(r, 0) == -1 ? 1 : 0;
}

int
ac__export_fetch(struct ac__http *h, struct ac__export_run *r)
{
	return ac__http_run(h, seg_next, seg_done, seg_tick, r);
}

/* Whether KICK_MEDIA_HOSTS names a private host (then private peers are allowed). */
static int
hosts_name_private(const char *hosts)
{
	char		 item[300], *colon;
	const char	*p, *e;
	size_t		 len;

	if (hosts == NULL)
		return 0;
	for (p = hosts; *p != '\0'; p = e) {
		while (*p == ',' || *p == ' ')
			p++;
		e = p + strcspn(p, ", ");
		len = (size_t)(e - p);
		if (len == 0 || len >= sizeof(item))
			continue;
		memcpy(item, p, len);
		item[len] = '\0';
		if (item[0] == '[') {
			memmove(item, item + 1, len);
			if ((colon = strchr(item, ']')) != NULL)
				*colon = '\0';
		} else if ((colon = strchr(item, ':')) != NULL &&
		    strchr(colon + 1, ':') == NULL)
			*colon = '\0';
		if (ac_hls_host_private(item))
			return 1;
	}
	return 0;
}

/*
 * The engine for segments (r set: bodies to r's files, Range), or for
 * playlists (r NULL: in memory, at most AC_HLS_PLAYLIST_MAX bytes, short
 * timeouts: a web request may wait on it).
 */
struct ac__http *
ac__export_media_http(const struct ac_settings *cf, struct ac__export_run *r)
{
	struct ac__http_conf	 c;

	memset(&c, 0, sizeof(c));
	c.user_agent = cf->kick_user_agent;
	c.referer = cf->kick_referer;
	c.accept = "*/*";
	c.concurrency = cf->kick_concurrency > 0 ? cf->kick_concurrency : 8;
	c.rate = cf->kick_rate_limit;
	c.max_attempts = EXPORT_ATTEMPTS;
	c.timeout_s = EXPORT_TIMEOUT_S;
	c.connect_timeout_s = 15;
	c.max_body = (size_t)AC_HLS_SEGMENT_BYTES_MAX;
	c.no_redirects = 1;
	c.deny_private = !hosts_name_private(cf->kick_media_hosts);
	if (r != NULL) {
		c.sink = seg_sink;
		c.range = seg_range;
		c.media_arg = r;
	} else {
		c.max_attempts = PLAYLIST_ATTEMPTS;
		c.timeout_s = PLAYLIST_TIMEOUT_S;
		c.max_body = AC_HLS_PLAYLIST_MAX;
	}
	return ac__http_new(&c);
}

/* GET a playlist into body; AC_OK, else err says what happened. */
enum ac_err
ac__export_playlist_get(struct ac__http *h, const char *what, const char *url,
    struct ac__buf *body, struct ac_error *err)
{
	struct ac__http_res	 res;

	if (ac__http_get(h, url, &res, body) == -1)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if (res.curl_failed)
		return ac_error_set(err, AC_ERR_IO,
		    "the %s could not be fetched (%s): "
		    "the CDN may be down; export again later", what, res.error);
	if (res.status == 403 || res.status == 401)
		return ac_error_set(err, AC_ERR_IO,
		    "the CDN refused the %s (HTTP %ld): "
		    "the VOD may be subscriber-only, or need other headers "
		    "(KICK_USER_AGENT, KICK_REFERER)", what, res.status);
	if (res.status == 404 || res.status == 410)
		return ac_error_set(err, AC_ERR_NOTFOUND,
		    "the %s is gone (HTTP %ld): the VOD "
		    "was probably deleted", what, res.status);
	if (res.status != 200)
		return ac_error_set(err, AC_ERR_IO,
		    "the %s: HTTP %ld; export again later",
		    what, res.status);
	return AC_OK;
}

enum ac_err
ac_export_qualities(const struct ac_settings *cf, const char *source,
    struct ac_hls_master *m, struct ac_error *err)
{
	struct ac__http	*h;
	struct ac__buf	 body;
	struct ac_error	 why;
	enum ac_err	 e;

	memset(m, 0, sizeof(*m));
	memset(&body, 0, sizeof(body));
	if ((e = ac_hls_url_allowed(source, NULL, cf->kick_media_hosts,
	    &why)) != AC_OK)
		return ac_error_set(err, e, "the VOD's source: %s", why.text);
	if ((h = ac__export_media_http(cf, NULL)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if ((e = ac__export_playlist_get(h, "master playlist", source, &body,
	    err)) == AC_OK) {
		e = ac_hls_master_parse(body.b != NULL ? body.b : "", body.len,
		    source, m, &why);
		if (e != AC_OK)
			ac_error_set(err, e,
			    "the VOD's master playlist is "
			    "not usable: %s (the CDN sent something else than "
			    "a playlist; try again later)", why.text);
	}
	ac__buf_free(&body);
	ac__http_free(h);
	return e;
}
