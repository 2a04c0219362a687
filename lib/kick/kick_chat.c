/* SPDX-License-Identifier: ISC */
/*
 * kick_chat.c: the complete chat of a Kick VOD, downloaded in parallel and
 * resumable.
 *
 * Strategy.  Kick's reverse mode (?cursor=µs: up to 25 messages strictly
 * older than the cursor, newest first, data.cursor = µs of the oldest) is
 * complete by construction, whereas a forward ?start_time= window is capped
 * at about 25 messages.  So the span [start, end + 2 s) is cut into
 * segments, each walked backwards from its end by cursor until the cursor
 * reaches its start; segments run in parallel up to the concurrency, and
 * when a slot is idle the largest remaining segment is split in two (work
 * stealing), so bursts do not leave one slow tail.  Requests are about
 * messages / 25 plus one per segment.  If the cursor mode fails (HTTP 400
 * or 422, or a cursor that does not go back in time), the download falls
 * back to forward 5-second windows over the whole span; windows that come
 * back full are counted and reported as possibly incomplete.
 *
 * Saving.  Answers go to a buffer; about once a second the buffer is
 * appended to CHAT_STORAGE_DIR/.kick-<vod>.partial.ndjson.gz as one gzip
 * member (fsync), then a checkpoint with every segment's cursor and the
 * partial file's length replaces .kick-<vod>.ckpt (write, fsync, rename).
 * A restart truncates the partial file to the checkpoint's length and goes
 * on from the saved cursors.  At the end the partial file is read back,
 * deduplicated by message id, sorted by time and committed as the VOD's
 * archive (ac_archive_*); the partial files are removed.
 *
 * Length: one download (segments, cursors, checkpoint, resume, the
 * archive writer) over one private state that every step updates.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>
#include <zlib.h>

#include "autoclip.h"
#include "core/core.h"
#include "input/input.h"
#include "engine/engine.h"
#include "store/store.h"
#include "kick/kick.h"

#define PAGE_CAP	 25		/* messages Kick gives per page */
#define WINDOW_US	 5000000LL	/* a forward window */
#define TAIL_US		 2000000LL	/* after the VOD's end */
#define SEG_MIN_US	 60000000LL	/* initial segments are at least this long */
#define SPLIT_MIN_US	 10000000LL	/* never split a remainder shorter */
#define SEGS_MAX	 200000		/* segments in a checkpoint */
#define BAD_PAGES_MAX	 5		/* unreadable answers for one segment */
#define FLUSH_S		 1.0		/* save at least this often */
#define CKPT_LINE	 256
#define MESSAGES_MAX	 50000000ULL	/* messages of one VOD we hold */

enum mode { MODE_CURSOR, MODE_WINDOWS };

struct seg {
	int64_t		 lo;		/* µs: complete when cur <= lo */
	int64_t		 hi;
	int64_t		 cur;		/* next cursor (cursor mode) */
	int		 busy;
	int		 done;
	int		 bad;		/* unreadable answers so far */
};

struct idset {
	uint64_t	*h;		/* 0 = empty */
	size_t		 cap;
	size_t		 n;
};

struct dl {
	const struct ac_settings *cf;
	const struct ac_vod	*vod;
	struct ac__http		*http;
	enum mode		 mode;
	int64_t			 lo, hi;	/* the whole span, µs */
	struct seg		*seg;
	size_t			 nseg, capseg;
	int			 concurrency;
	struct idset		 ids;
	struct ac__buf		 pending;	/* NDJSON not yet saved */
	int			 dirty;		/* cursors changed since the save */
	int			 fd;		/* partial archive, append */
	uint64_t		 bytes;		/* its saved length */
	uint64_t		 incomplete;	/* full windows (fallback mode) */
	char			 partial[1024];
	char			 ckpt[1024];
	double			 t0, last_flush, last_cb;
	double			 p0;		/* progress at the start */
	int			 resumed;
	int			 fatal;		/* an answer ended the download */
	int			 stopped;	/* fn asked to stop */
	int			 switch_mode;	/* cursor mode failed */
	struct ac_error		 fail;		/* why it ended, when fatal */
	ac_kick_progress_fn	 fn;
	void			*arg;
	struct ac_kick_progress	 prog;
};

/* --- a set of 64-bit id hashes (distinct message count) --- */

static int
idset_add(struct idset *s, uint64_t h)
{
	uint64_t	*nh;
	size_t		 i, ncap;

	if (h == 0)
		h = 1;
	if (s->n * 2 >= s->cap) {
		ncap = s->cap == 0 ? 4096 : s->cap * 2;
		if ((nh = calloc(ncap, sizeof(*nh))) == NULL)
			return -1;
		for (i = 0; i < s->cap; i++) {
			size_t j;

			if (s->h[i] == 0)
				continue;
			for (j = s->h[i] & (ncap - 1); nh[j] != 0;
			    j = (j + 1) & (ncap - 1))
				;
			nh[j] = s->h[i];
		}
		free(s->h);
		s->h = nh;
		s->cap = ncap;
	}
	for (i = h & (s->cap - 1); s->h[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->h[i] == h)
			return 0;
	s->h[i] = h;
	s->n++;
	return 1;
}

/* --- pages --- */

void
ac__kick_page_free(struct ac__kick_page *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		free(p->raw[i]);
	free(p->raw);
	free(p->rawlen);
	free(p->time);
	memset(p, 0, sizeof(*p));
}

enum ac_err
ac__kick_page_parse(const char *body, size_t len, struct ac__kick_page *p,
    struct ac_error *err)
{
	struct json_tokener	*tok;
	struct json_object	*o, *data, *msgs, *m, *c, *v;
	const char		*s, *txt;
	char			*end;
	size_t			 i, n;
	double			 t;
	long long		 ll;
	enum ac_err		 rc = AC_ERR_SHAPE;

	memset(p, 0, sizeof(*p));
	p->cursor = -1;
	if (body == NULL || len == 0 || len > INT32_MAX)
		return ac_error_set(err, AC_ERR_SYNTAX, "an empty chat page");
	if ((tok = json_tokener_new_ex(AC_JSON_MAX_DEPTH)) == NULL)
		return AC_ERR_NOMEM;
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		json_tokener_free(tok);
		json_object_put(o);
		return ac_error_set(err, AC_ERR_SYNTAX,
		    "a chat page that is not JSON");
	}
	json_tokener_free(tok);
	if (!json_object_object_get_ex(o, "data", &data) ||
	    !json_object_is_type(data, json_type_object) ||
	    !json_object_object_get_ex(data, "messages", &msgs) ||
	    !json_object_is_type(msgs, json_type_array)) {
		ac_error_set(err, AC_ERR_SHAPE,
		    "a chat page without data.messages");
		goto out;
	}
	if (json_object_object_get_ex(data, "cursor", &c) && c != NULL) {
		if (json_object_is_type(c, json_type_string)) {
			s = json_object_get_string(c);
			errno = 0;
			ll = strtoll(s, &end, 10);
			if (s[0] != '\0' && *end == '\0' && errno == 0 && ll >= 0)
				p->cursor = ll;
		} else if (json_object_is_type(c, json_type_int) &&
		    json_object_get_int64(c) >= 0)
			p->cursor = json_object_get_int64(c);
	}
	n = json_object_array_length(msgs);
	if (n > 10000) {
		ac_error_set(err, AC_ERR_LIMIT,
		    "a chat page with too many messages");
		rc = AC_ERR_LIMIT;
		goto out;
	}
	rc = AC_ERR_NOMEM;
	if (n > 0 && ((p->raw = calloc(n, sizeof(*p->raw))) == NULL ||
	    (p->rawlen = calloc(n, sizeof(*p->rawlen))) == NULL ||
	    (p->time = calloc(n, sizeof(*p->time))) == NULL))
		goto out;
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(msgs, i);
		if (m == NULL || !json_object_is_type(m, json_type_object))
			continue;
		t = -1;
		if (json_object_object_get_ex(m, "created_at", &v) &&
		    json_object_is_type(v, json_type_string) &&
		    ac_ts_parse(json_object_get_string(v),
		    (size_t)json_object_get_string_len(v), &t) == -1)
			t = -1;
		txt = json_object_to_json_string_ext(m,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (txt == NULL || (p->raw[p->n] = strdup(txt)) == NULL)
			goto out;
		p->rawlen[p->n] = strlen(txt);
		p->time[p->n] = t;
		p->n++;
	}
	rc = AC_OK;
out:
	json_object_put(o);
	if (rc != AC_OK)
		ac__kick_page_free(p);
	return rc;
}

/* --- saving --- */

static double
covered(const struct dl *d)
{
	double	 c = 0;
	size_t	 i;

	if (d->hi <= d->lo)
		return 1;
	for (i = 0; i < d->nseg; i++) {
		if (d->seg[i].done)
			c += (double)(d->seg[i].hi - d->seg[i].lo);
		else if (d->mode == MODE_CURSOR && d->seg[i].cur < d->seg[i].hi)
			c += (double)(d->seg[i].hi - (d->seg[i].cur >
			    d->seg[i].lo ? d->seg[i].cur : d->seg[i].lo));
	}
	c /= (double)(d->hi - d->lo);
	return c > 1 ? 1 : c;
}

/* Append one gzip member with the pending lines; 0 or -1. */
static int
append_member(struct dl *d)
{
	z_stream	 zs;
	unsigned char	*out;
	size_t		 cap, off = 0;
	ssize_t		 w;
	int		 zr;

	if (d->pending.len == 0)
		return 0;
	cap = deflateBound(NULL, (uLong)d->pending.len) + 64;
	if ((out = malloc(cap)) == NULL)
		return -1;
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return -1;
	}
	zs.next_in = (unsigned char *)d->pending.b;
	zs.avail_in = (uInt)d->pending.len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	zr = deflate(&zs, Z_FINISH);
	cap = cap - zs.avail_out;
	deflateEnd(&zs);
	if (zr != Z_STREAM_END) {
		free(out);
		return -1;
	}
	while (off < cap) {
		if ((w = write(d->fd, out + off, cap - off)) == -1) {
			if (errno == EINTR)
				continue;
			free(out);
			return -1;
		}
		off += (size_t)w;
	}
	free(out);
	if (fsync(d->fd) == -1)
		return -1;
	d->bytes += cap;
	d->pending.len = 0;
	return 0;
}

static int
write_ckpt(struct dl *d)
{
	char	 tmp[1100];
	FILE	*f;
	size_t	 i;
	int	 ok, fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", d->ckpt);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	fprintf(f, "autoclip-kick 1\nvod %s %lld %lld %lld\nmode %s\n"
	    "bytes %llu\nincomplete %llu\nsegs %zu\n", d->vod->id,
	    (long long)d->vod->channel_id, (long long)d->lo, (long long)d->hi,
	    d->mode == MODE_CURSOR ? "cursor" : "windows",
	    (unsigned long long)d->bytes, (unsigned long long)d->incomplete,
	    d->nseg);
	for (i = 0; i < d->nseg; i++)
		fprintf(f, "%lld %lld %lld %d\n", (long long)d->seg[i].lo,
		    (long long)d->seg[i].hi, (long long)d->seg[i].cur,
		    d->seg[i].done);
	ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, d->ckpt) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Save what is covered: partial archive first, then the checkpoint. */
static int
flush(struct dl *d)
{
	if (d->pending.len == 0 && !d->dirty)
		return 0;
	if (append_member(d) == -1 || write_ckpt(d) == -1) {
		ac_error_set(&d->fail, AC_ERR_IO, "saving the download "
		    "in %s failed: %s", d->cf->chat_storage_dir,
		    strerror(errno));
		return -1;
	}
	d->dirty = 0;
	d->last_flush = ac__now();
	return 0;
}

static int
seg_push(struct dl *d, int64_t lo, int64_t hi, int64_t cur)
{
	struct seg	*ns;
	size_t		 nc;

	if (d->nseg == d->capseg) {
		nc = d->capseg == 0 ? 64 : d->capseg * 2;
		if ((ns = reallocarray(d->seg, nc, sizeof(*ns))) == NULL)
			return -1;
		d->seg = ns;
		d->capseg = nc;
	}
	memset(&d->seg[d->nseg], 0, sizeof(d->seg[0]));
	d->seg[d->nseg].lo = lo;
	d->seg[d->nseg].hi = hi;
	d->seg[d->nseg].cur = cur;
	d->nseg++;
	return 0;
}

static int
plan(struct dl *d)
{
	int64_t	 span = d->hi - d->lo, len, a;
	size_t	 n;

	d->nseg = 0;
	if (d->mode == MODE_WINDOWS) {
		for (a = d->lo; a < d->hi; a += WINDOW_US)
			if (seg_push(d, a, a + WINDOW_US, a) == -1)
				return -1;
		return 0;
	}
	n = (size_t)d->concurrency * 2;
	if ((int64_t)n > span / SEG_MIN_US)
		n = (size_t)(span / SEG_MIN_US);
	if (n < 1)
		n = 1;
	len = span / (int64_t)n;
	for (a = d->lo; a < d->hi; a += len) {
		int64_t b = a + len;

		if (b > d->hi || d->hi - b < len / 2)
			b = d->hi;
		if (seg_push(d, a, b, b) == -1)
			return -1;
		if (b == d->hi)
			break;
	}
	return 0;
}

/* Load a checkpoint of this VOD: 1 loaded, 0 none or not usable, -1 error. */
static int
load_ckpt(struct dl *d)
{
	FILE		*f;
	char		 line[CKPT_LINE], vid[AC_VOD_ID_MAX], mode[16];
	long long	 cid, lo, hi, a, b, c;
	unsigned long long bytes, inc;
	size_t		 nseg, i;
	int		 done, ok = 0;

	if ((f = fopen(d->ckpt, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	if (fgets(line, sizeof(line), f) == NULL ||
	    strcmp(line, "autoclip-kick 1\n") != 0)
		goto out;
	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "vod %127s %lld %lld %lld", vid, &cid, &lo, &hi) !=
	    4 || strcmp(vid, d->vod->id) != 0 || cid != d->vod->channel_id ||
	    lo != d->lo || hi != d->hi)
		goto out;
	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "mode %15s", mode) != 1)
		goto out;
	if (strcmp(mode, "cursor") == 0)
		d->mode = MODE_CURSOR;
	else if (strcmp(mode, "windows") == 0)
		d->mode = MODE_WINDOWS;
	else
		goto out;
	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "bytes %llu", &bytes) != 1 ||
	    fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "incomplete %llu", &inc) != 1 ||
	    fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "segs %zu", &nseg) != 1 || nseg < 1 ||
	    nseg > SEGS_MAX)
		goto out;
	d->nseg = 0;
	for (i = 0; i < nseg; i++) {
		if (fgets(line, sizeof(line), f) == NULL ||
		    sscanf(line, "%lld %lld %lld %d", &a, &b, &c, &done) != 4 ||
		    a < lo || b > hi || a >= b || c < 0)
			goto out;
		if (seg_push(d, a, b, c) == -1)
			goto out;
		d->seg[i].done = done != 0;
	}
	d->bytes = bytes;
	d->incomplete = inc;
	ok = 1;
out:
	fclose(f);
	if (!ok)
		d->nseg = 0;
	return ok;
}

static int
resume_msg(void *arg, const struct ac_msg *m)
{
	struct dl	*d = arg;

	if (m->id != NULL && idset_add(&d->ids, ac__hash64(m->id, m->id_len,
	    0)) == -1)
		return -1;
	return 0;
}

/*
 * Open and lock the partial archive, resuming from a checkpoint when there
 * is one: 0, -1 (errno), or -2 when another process holds the lock.
 */
static int
open_partial(struct dl *d)
{
	struct stat	 sb;
	int		 r;

	if (mkdir(d->cf->chat_storage_dir, 0700) == -1 && errno != EEXIST)
		return -1;
	snprintf(d->partial, sizeof(d->partial), "%s/.kick-%s.partial.ndjson.gz",
	    d->cf->chat_storage_dir, d->vod->id);
	snprintf(d->ckpt, sizeof(d->ckpt), "%s/.kick-%s.ckpt",
	    d->cf->chat_storage_dir, d->vod->id);
	if ((d->fd = open(d->partial, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) ==
	    -1)
		return -1;
	/* One downloader per VOD on this host; the lock ends with the process. */
	if (flock(d->fd, LOCK_EX | LOCK_NB) == -1)
		return errno == EWOULDBLOCK ? -2 : -1;
	if ((r = load_ckpt(d)) == -1)
		return -1;
	if (r == 1 && (fstat(d->fd, &sb) == -1 ||
	    (uint64_t)sb.st_size < d->bytes))
		r = 0;	/* the partial file is shorter than saved: start over */
	if (r == 0) {
		d->bytes = 0;
		d->incomplete = 0;
		if (plan(d) == -1)
			return -1;
	}
	/* Drop whatever was appended after the last checkpoint. */
	if (ftruncate(d->fd, (off_t)d->bytes) == -1 ||
	    lseek(d->fd, 0, SEEK_END) == -1)
		return -1;
	if (r == 1 && d->bytes > 0) {
		d->resumed = 1;
		if (ac_chat_read_path(d->partial, resume_msg, d, NULL, NULL,
		    NULL) != AC_OK)
			return -1;
	}
	return 0;
}

/* --- the download --- */

static int
dl_next(void *arg, char *url, size_t size, void **tag)
{
	struct dl	*d = arg;
	struct seg	*s, *best = NULL;
	char		 ts[64];
	size_t		 i;
	int64_t		 mid;
	int		 n;

	if (d->fatal || d->switch_mode)
		return 0;
	for (i = 0; i < d->nseg; i++)
		if (!d->seg[i].busy && !d->seg[i].done)
			break;
	if (i == d->nseg && d->mode == MODE_CURSOR) {
		/* Idle slot: split the largest remainder of a busy segment. */
		for (i = 0; i < d->nseg; i++) {
			s = &d->seg[i];
			if (s->busy && !s->done && s->cur - s->lo >=
			    2 * SPLIT_MIN_US && (best == NULL ||
			    s->cur - s->lo > best->cur - best->lo))
				best = s;
		}
		if (best == NULL)
			return 0;
		mid = best->lo + (best->cur - best->lo) / 2;
		/* best may move: keep its index. */
		i = (size_t)(best - d->seg);
		if (seg_push(d, d->seg[i].lo, mid, mid) == -1)
			return -1;
		d->seg[i].lo = mid;
		d->dirty = 1;
		i = d->nseg - 1;
	} else if (i == d->nseg)
		return 0;
	s = &d->seg[i];
	if (d->mode == MODE_CURSOR)
		n = snprintf(url, size, "%s/api/v2/channels/%lld/messages?"
		    "cursor=%lld", d->cf->kick_api_url,
		    (long long)d->vod->channel_id, (long long)s->cur);
	else {
		if (ac_ts_format((double)(s->lo / 1000000), ts,
		    sizeof(ts)) < 0)
			return -1;
		n = snprintf(url, size, "%s/api/v2/channels/%lld/messages?"
		    "start_time=%s", d->cf->kick_api_url,
		    (long long)d->vod->channel_id, ts);
	}
	if (n < 0 || (size_t)n >= size)
		return -1;
	s->busy = 1;
	*tag = (void *)(uintptr_t)i;
	return 1;
}

static void
set_fatal(struct dl *d, enum ac_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_fatal(struct dl *d, enum ac_err e, const char *fmt, ...)
{
	va_list	 ap;
	char	 text[sizeof(d->fail.text)];

	if (d->fatal)
		return;
	d->fatal = 1;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ac_error_set(&d->fail, e, "%s", text);
}

static int
dl_done(void *arg, void *tag, const struct ac__http_res *res)
{
	struct dl		*d = arg;
	struct seg		*s = &d->seg[(uintptr_t)tag];
	struct ac__kick_page	 p;
	struct ac_error	 eb;
	const char		*t;
	size_t			 i;
	int			 r;
	enum ac_err		 e;

	s->busy = 0;
	if (d->fatal || d->switch_mode)
		return 0;
	if (res->curl_failed) {
		set_fatal(d, AC_ERR_IO, "Kick could not be reached (%s, "
		    "after %ld attempts). The job can be retried: it resumes "
		    "where it stopped.", res->error, (long)res->attempts);
		return 1;
	}
	if (res->status == 200 && ac__kick_is_challenge(res->body, res->len))
		r = 403;
	else
		r = (int)res->status;
	if ((t = ac__kick_status_text(r)) != NULL) {
		set_fatal(d, r == 404 ? AC_ERR_NOTFOUND : AC_ERR_IO, "%s", t);
		return 1;
	}
	if ((r == 400 || r == 422) && d->mode == MODE_CURSOR) {
		d->switch_mode = 1;
		return 1;
	}
	if (r != 200) {
		set_fatal(d, AC_ERR_IO, "Kick answered the chat request with "
		    "%sHTTP %ld. The job can be retried: it resumes where it "
		    "stopped.", res->attempts > 1 ? "repeated failures, last " :
		    "", res->status);
		return 1;
	}
	if ((e = ac__kick_page_parse(res->body, res->len, &p, &eb)) != AC_OK) {
		if (e == AC_ERR_NOMEM || ++s->bad > BAD_PAGES_MAX) {
			set_fatal(d, e == AC_ERR_NOMEM ? e : AC_ERR_SHAPE,
			    "Kick's chat answers are not understood (%s)",
			    eb.text);
			return 1;
		}
		return 0;	/* asked again */
	}
	if (d->mode == MODE_CURSOR) {
		/* A cursor that does not go back, or newer messages: no cursor mode. */
		if ((p.cursor >= 0 && p.cursor >= s->cur) || (p.n > 0 &&
		    p.time[0] > (double)(s->cur / 1000000) + 1)) {
			ac__kick_page_free(&p);
			d->switch_mode = 1;
			return 1;
		}
	}
	/* Oldest first in the file: cursor pages come newest first. */
	for (i = 0; i < p.n; i++) {
		size_t k = d->mode == MODE_CURSOR ? p.n - 1 - i : i;
		const char *id = strstr(p.raw[k], "\"id\":\"");
		uint64_t hv;

		if (id != NULL) {
			id += 6;
			hv = ac__hash64(id, strcspn(id, "\""), 0);
			if (idset_add(&d->ids, hv) == -1)
				goto nomem;
		}
		if (ac__buf_add(&d->pending, p.raw[k], p.rawlen[k]) == -1 ||
		    ac__buf_add(&d->pending, "\n", 1) == -1)
			goto nomem;
	}
	if (d->mode == MODE_CURSOR) {
		if (p.cursor < 0 || p.cursor <= s->lo)
			s->done = 1;
		else
			s->cur = p.cursor;
	} else {
		s->done = 1;
		if (p.n >= PAGE_CAP)
			d->incomplete++;
	}
	d->dirty = 1;
	ac__kick_page_free(&p);
	if (d->ids.n > MESSAGES_MAX) {
		set_fatal(d, AC_ERR_LIMIT, "the chat has more messages than "
		    "autoclip handles");
		return 1;
	}
	return 0;
nomem:
	ac__kick_page_free(&p);
	set_fatal(d, AC_ERR_NOMEM, "out of memory");
	return 1;
}

static void
fill_progress(struct dl *d)
{
	double	 el, p;

	ac__http_stats(d->http, &d->prog.requests, &d->prog.retries);
	d->prog.messages = d->ids.n;
	p = covered(d);
	d->prog.progress = p;
	el = ac__now() - d->t0;
	d->prog.elapsed_s = el;
	if (p >= 1)
		d->prog.eta_s = 0;
	else if (p - d->p0 > 0.005 && el > 0.5)
		d->prog.eta_s = el * (1 - p) / (p - d->p0);
	else
		d->prog.eta_s = -1;
	d->prog.resumed = d->resumed;
	d->prog.full_windows = d->incomplete;
	snprintf(d->prog.mode, sizeof(d->prog.mode), "%s",
	    d->mode == MODE_CURSOR ? "cursor" : "windows");
}

static int
dl_tick(void *arg)
{
	struct dl	*d = arg;
	double		 now = ac__now();

	if (now - d->last_flush >= FLUSH_S && flush(d) == -1) {
		d->fatal = 1;
		return 1;
	}
	if (d->fn != NULL && now - d->last_cb >= FLUSH_S) {
		d->last_cb = now;
		fill_progress(d);
		if (d->fn(d->arg, &d->prog) != 0) {
			d->stopped = 1;
			return 1;
		}
	}
	return 0;
}

/* --- the final archive --- */

struct entry {
	double		 t;
	uint64_t	 seq;
	char		*raw;
	size_t		 len;
	char		*id;
};

struct collect {
	struct entry	*e;
	size_t		 n, cap;
};

static int
collect_msg(void *arg, const struct ac_msg *m)
{
	struct collect	*c = arg;
	struct entry	*ne;
	size_t		 nc;

	if (c->n == c->cap) {
		nc = c->cap == 0 ? 4096 : c->cap * 2;
		if ((ne = reallocarray(c->e, nc, sizeof(*ne))) == NULL)
			return -1;
		c->e = ne;
		c->cap = nc;
	}
	ne = &c->e[c->n];
	memset(ne, 0, sizeof(*ne));
	ne->t = m->created_at;
	ne->seq = m->index;
	ne->len = m->raw_len;
	if ((ne->raw = malloc(m->raw_len + 1)) == NULL)
		return -1;
	memcpy(ne->raw, m->raw, m->raw_len);
	ne->raw[m->raw_len] = '\0';
	if (m->id != NULL && (ne->id = strndup(m->id, m->id_len)) == NULL) {
		free(ne->raw);
		return -1;
	}
	c->n++;
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether e's id was seen; records it.  -1: no memory. */
static int
seen_id(char **tab, size_t cap, const char *id)
{
	size_t	 i;

	for (i = ac__hash64(id, strlen(id), 7) & (cap - 1); tab[i] != NULL;
	    i = (i + 1) & (cap - 1))
		if (strcmp(tab[i], id) == 0)
			return 1;
	tab[i] = (char *)id;
	return 0;
}

static enum ac_err
finish(struct dl *d, struct ac_store *st, uint64_t *kept,
    struct ac_error *err)
{
	struct collect			 c;
	struct ac_archive_writer	*w = NULL;
	struct ac_error			 rerr;
	char				**tab = NULL;
	size_t				 i, cap;
	enum ac_err			 e;

	memset(&c, 0, sizeof(c));
	memset(&rerr, 0, sizeof(rerr));
	ac_error_clear(err);
	*kept = 0;
	if ((e = ac_chat_read_path(d->partial, collect_msg, &c, NULL, NULL,
	    &rerr)) != AC_OK) {
		ac_error_set(err, e, "reading the downloaded chat back: %s",
		    rerr.text);
		goto out;
	}
	qsort(c.e, c.n, sizeof(*c.e), entry_cmp);
	for (cap = 1024; cap < c.n * 2 + 2; cap *= 2)
		;
	e = AC_ERR_NOMEM;
	if ((tab = calloc(cap, sizeof(*tab))) == NULL)
		goto out;
	if ((e = ac_archive_begin(d->cf, st, d->vod->id, &w, err)) != AC_OK)
		goto out;
	for (i = 0; i < c.n; i++) {
		if (c.e[i].id != NULL && seen_id(tab, cap, c.e[i].id))
			continue;
		if ((e = ac_archive_add(w, c.e[i].raw, c.e[i].len)) != AC_OK) {
			ac_error_set(err, e, "writing the chat archive failed");
			goto out;
		}
		(*kept)++;
	}
	e = ac_archive_commit(w, err);
	w = NULL;
out:
	if (w != NULL)
		ac_archive_abort(w);
	free(tab);
	for (i = 0; i < c.n; i++) {
		free(c.e[i].raw);
		free(c.e[i].id);
	}
	free(c.e);
	return e;
}

enum ac_err
ac_kick_chat_download(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_vod *vod, ac_kick_progress_fn fn, void *arg,
    struct ac_kick_progress *last, struct ac_error *err)
{
	struct dl	 d;
	uint64_t	 kept;
	int		 r;
	enum ac_err	 rc;

	memset(&d, 0, sizeof(d));
	d.fd = -1;
	d.cf = cf;
	d.vod = vod;
	d.fn = fn;
	d.arg = arg;
	d.pending.max = SIZE_MAX / 2;
	d.concurrency = cf->kick_concurrency > 0 ? cf->kick_concurrency : 8;
	if (!ac_valid_vod_id(vod->id) || vod->channel_id <= 0 ||
	    !vod->has_start || !(vod->duration_s > 0) ||
	    vod->duration_s > 1e6)
		return ac_error_set(err, AC_ERR_VALUE,
		    "the VOD's id, channel, start or "
		    "duration is missing");
	d.lo = (int64_t)floor(vod->start_time) * 1000000;
	d.hi = ((int64_t)ceil(vod->start_time + vod->duration_s)) * 1000000 +
	    TAIL_US;
	d.mode = MODE_CURSOR;
	if ((d.http = ac__kick_http(cf, d.concurrency)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	if ((r = open_partial(&d)) == -2) {
		ac_error_set(err, AC_ERR_STOPPED,
		    "another process is downloading "
		    "this VOD's chat");
		rc = AC_ERR_STOPPED;
		goto out;
	} else if (r == -1) {
		ac_error_set(err, AC_ERR_IO, "preparing the download in %s: %s",
		    cf->chat_storage_dir, strerror(errno));
		rc = AC_ERR_IO;
		goto out;
	}
	d.t0 = d.last_flush = ac__now();
	d.last_cb = 0;
	d.p0 = covered(&d);
	for (;;) {
		r = ac__http_run(d.http, dl_next, dl_done, dl_tick, &d);
		if (r == -1 && !d.fatal) {
			set_fatal(&d, AC_ERR_NOMEM, "the HTTP engine failed");
		}
		if (d.switch_mode && !d.fatal) {
			/* Cursor mode failed: forward windows over everything. */
			d.switch_mode = 0;
			d.mode = MODE_WINDOWS;
			ac__http_free(d.http);
			if ((d.http = ac__kick_http(cf, d.concurrency)) == NULL ||
			    plan(&d) == -1) {
				set_fatal(&d, AC_ERR_NOMEM, "out of memory");
				break;
			}
			d.dirty = 1;
			continue;
		}
		break;
	}
	/* Save what arrived, also when stopping or failing. */
	if (flush(&d) == -1 && !d.fatal)
		d.fatal = 1;
	fill_progress(&d);
	if (d.fatal) {
		rc = ac_error_set(err, d.fail.code != AC_OK ? d.fail.code :
		    AC_ERR_IO, "%s", d.fail.text);
		goto out;
	}
	if (d.stopped) {
		rc = ac_error_set(err, AC_ERR_STOPPED, "stopped");
		goto out;
	}
	if ((rc = finish(&d, st, &kept, err)) != AC_OK)
		goto out;
	d.prog.messages = kept;
	d.prog.progress = 1;
	d.prog.eta_s = 0;
	if (d.incomplete > 0)
		ac_log(vod->id, "%llu chat windows were full and may miss "
		    "messages (Kick's cursor mode failed)",
		    (unsigned long long)d.incomplete);
	close(d.fd);
	d.fd = -1;
	unlink(d.partial);
	unlink(d.ckpt);
out:
	if (last != NULL)
		*last = d.prog;
	if (d.fd != -1)
		close(d.fd);
	ac__http_free(d.http);
	free(d.seg);
	free(d.ids.h);
	ac__buf_free(&d.pending);
	return rc;
}
