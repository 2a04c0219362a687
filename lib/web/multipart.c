/* SPDX-License-Identifier: ISC */
/* multipart.c: a streaming multipart/form-data parser and uploads. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoclip.h"
#include "web/web.h"

#define MP_BUF		 (64 * 1024)	/* bytes buffered; > AC_MP_HEADER_MAX */
#define MP_DELIM_MAX	 (4 + AC_MP_BOUNDARY_MAX)	/* "\r\n--" boundary */

enum mpstate {
	MP_START,	/* before the first delimiter */
	MP_DELIM,	/* just after a delimiter */
	MP_BODY,	/* inside a part's body */
	MP_DONE,	/* after the final delimiter */
	MP_FAIL
};

struct ac_mp {
	ac_read_fn	 rd;
	void		*arg;
	char		 delim[MP_DELIM_MAX + 1];	/* "\r\n--" boundary */
	size_t		 dlen;
	char		*buf;
	size_t		 start;		/* first unconsumed byte */
	size_t		 end;		/* end of the bytes read */
	int		 eof;
	enum mpstate	 state;
	int		 nparts;
	struct ac_error	*err;		/* the caller's: why parsing failed */
};

/* The first failure is the one the caller hears of. */
static int
fail(struct ac_mp *mp, enum ac_err code, const char *msg)
{
	if (mp->state != MP_FAIL)
		ac_error_set(mp->err, code, "%s", msg);
	mp->state = MP_FAIL;
	return -1;
}

/* Read more bytes: 1, 0 at the end of the source, -1 on error. */
static int
fill(struct ac_mp *mp)
{
	ssize_t	 n;

	if (mp->eof)
		return 0;
	if (mp->start > 0) {
		memmove(mp->buf, mp->buf + mp->start, mp->end - mp->start);
		mp->end -= mp->start;
		mp->start = 0;
	}
	if (mp->end == MP_BUF)
		return 1;
	n = mp->rd(mp->arg, mp->buf + mp->end, MP_BUF - mp->end);
	if (n < 0)
		return fail(mp, AC_ERR_IO,
		    "the request body could not be read");
	if (n == 0) {
		mp->eof = 1;
		return 0;
	}
	mp->end += (size_t)n;
	return 1;
}

/* Have at least want bytes buffered unless the source ends: 0 or -1. */
static int
want(struct ac_mp *mp, size_t n)
{
	while (mp->end - mp->start < n)
		if (fill(mp) <= 0)
			return mp->state == MP_FAIL ? -1 : 0;
	return 0;
}

static const char *
find(const char *h, size_t hl, const char *n, size_t nl)
{
	const char	*p, *e;

	if (nl == 0 || hl < nl)
		return NULL;
	e = h + hl - nl;
	for (p = h; p <= e; p++) {
		p = memchr(p, n[0], (size_t)(e - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, n, nl) == 0)
			return p;
	}
	return NULL;
}

static int
bchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z') || strchr("'()+_,-./:=? ", c) != NULL;
}

/*
 * Read a parameter value (token or quoted-string) at *pp into out;
 * *pp moves past it.  Returns its length, or -1 when malformed or too
 * long for out.
 */
static int
param_value(const char **pp, char *out, size_t size)
{
	const char	*p = *pp;
	size_t		 n = 0;

	if (*p == '"') {
		for (p++; *p != '"'; p++) {
			if (*p == '\0' || *p == '\r' || *p == '\n')
				return -1;
			if (*p == '\\' && p[1] != '\0')
				p++;
			if (n + 1 >= size)
				return -1;
			out[n++] = *p;
		}
		p++;
	} else {
		for (; *p != '\0' && *p != ';' && *p != ' ' && *p != '\t';
		    p++) {
			if (n + 1 >= size || *p == '"' || *p == ',')
				return -1;
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	*pp = p;
	return (int)n;
}

/*
 * Walk "; name=value" parameters after a media type or disposition.
 * For each, fn(arg, name, value); returns 0, or -1 when malformed.
 */
static int
params(const char *p, int (*fn)(void *, const char *, const char *),
    void *arg)
{
	char	 name[64], val[512];
	size_t	 n;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		if (*p++ != ';')
			return -1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;	/* a trailing ';' */
		for (n = 0; *p != '=' && *p != '\0' && *p != ';' &&
		    *p != ' '; p++) {
			if (n + 1 >= sizeof(name))
				return -1;
			name[n++] = *p;
		}
		name[n] = '\0';
		if (n == 0 || *p != '=')
			return -1;
		p++;
		if (param_value(&p, val, sizeof(val)) < 0)
			return -1;
		if (fn(arg, name, val) < 0)
			return -1;
	}
}

static int
ct_param(void *arg, const char *name, const char *val)
{
	struct ac_mp	*mp = arg;
	size_t		 n = strlen(val), i;

	if (strcasecmp(name, "boundary") != 0)
		return 0;
	if (mp->dlen != 0 || n == 0 || n > AC_MP_BOUNDARY_MAX ||
	    val[n - 1] == ' ')
		return -1;
	for (i = 0; i < n; i++)
		if (!bchar((unsigned char)val[i]))
			return -1;
	memcpy(mp->delim, "\r\n--", 4);
	memcpy(mp->delim + 4, val, n + 1);
	mp->dlen = n + 4;
	return 0;
}

struct ac_mp *
ac_mp_new(const char *ctype, ac_read_fn rd, void *arg, struct ac_error *err)
{
	struct ac_mp	*mp;
	const char	*type = "multipart/form-data";
	size_t		 tl = strlen(type);

	ac_error_clear(err);
	while (ctype != NULL && (*ctype == ' ' || *ctype == '\t'))
		ctype++;
	if (ctype == NULL || strncasecmp(ctype, type, tl) != 0) {
		ac_error_set(err, AC_ERR_SYNTAX, "Content-Type is not "
		    "multipart/form-data");
		return NULL;
	}
	if ((mp = calloc(1, sizeof(*mp))) == NULL ||
	    (mp->buf = malloc(MP_BUF)) == NULL) {
		free(mp);
		ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (params(ctype + tl, ct_param, mp) < 0 || mp->dlen == 0) {
		ac_error_set(err, AC_ERR_SYNTAX,
		    "multipart boundary missing or "
		    "malformed");
		ac_mp_free(mp);
		return NULL;
	}
	mp->rd = rd;
	mp->arg = arg;
	mp->err = err;
	mp->state = MP_START;
	return mp;
}

void
ac_mp_free(struct ac_mp *mp)
{
	if (mp == NULL)
		return;
	free(mp->buf);
	free(mp);
}

ssize_t
ac_mp_read(void *arg, void *out, size_t size)
{
	struct ac_mp	*mp = arg;
	const char	*d, *b;
	size_t		 avail, give;

	if (mp->state == MP_FAIL) {
		errno = EPROTO;
		return -1;
	}
	if (mp->state != MP_BODY || size == 0)
		return 0;
	for (;;) {
		if (want(mp, mp->dlen) < 0) {
			errno = EPROTO;
			return -1;
		}
		b = mp->buf + mp->start;
		avail = mp->end - mp->start;
		d = find(b, avail, mp->delim, mp->dlen);
		if (d == b) {
			mp->start += mp->dlen;
			mp->state = MP_DELIM;
			return 0;
		}
		if (d != NULL)
			give = (size_t)(d - b);
		else if (avail >= mp->dlen)
			/* A delimiter could still begin in the last bytes. */
			give = avail - (mp->dlen - 1);
		else
			give = 0;
		if (give > 0) {
			if (give > size)
				give = size;
			memcpy(out, b, give);
			mp->start += give;
			return (ssize_t)give;
		}
		if (mp->eof) {
			fail(mp, AC_ERR_SYNTAX,
			    "multipart body truncated: no final boundary");
			errno = EPROTO;
			return -1;
		}
	}
}

struct cd {
	struct ac_mp_part	*part;
	int			 has_name;
	int			 bad;
};

static int
cd_param(void *arg, const char *name, const char *val)
{
	struct cd	*cd = arg;
	size_t		 n = strlen(val);

	if (strcasecmp(name, "name") == 0) {
		if (cd->has_name || n == 0 || n >= sizeof(cd->part->name))
			return -1;
		memcpy(cd->part->name, val, n + 1);
		cd->has_name = 1;
	} else if (strcasecmp(name, "filename") == 0) {
		if (cd->part->has_filename ||
		    n >= sizeof(cd->part->filename))
			return -1;
		memcpy(cd->part->filename, val, n + 1);
		cd->part->has_filename = 1;
	}
	return 0;
}

/* Parse a header block (lines ending in CRLF, NUL-terminated). */
static int
part_headers(struct ac_mp *mp, char *h, struct ac_mp_part *part)
{
	char		*line, *next, *colon, *v;
	struct cd	 cd;
	size_t		 i, n;
	int		 disp = 0;

	memset(part, 0, sizeof(*part));
	memset(&cd, 0, sizeof(cd));
	cd.part = part;
	for (line = h; *line != '\0'; line = next) {
		if ((next = strstr(line, "\r\n")) == NULL)
			return fail(mp, AC_ERR_SYNTAX, "malformed part header");
		*next = '\0';
		next += 2;
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			return fail(mp, AC_ERR_SYNTAX, "malformed part header");
		for (i = 0; line + i < colon; i++)
			if (line[i] <= ' ' || line[i] > '~')
				return fail(mp, AC_ERR_SYNTAX,
				    "malformed part header");
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			continue;
		for (i = 0; v[i] != '\0'; i++)
			if ((unsigned char)v[i] < 0x20 && v[i] != '\t')
				return fail(mp, AC_ERR_SYNTAX,
				    "malformed part header");
		if (strcasecmp(line, "Content-Disposition") == 0) {
			if (disp++)
				return fail(mp, AC_ERR_SYNTAX,
				    "two Content-Disposition "
				    "headers in a part");
			n = strlen("form-data");
			if (strncasecmp(v, "form-data", n) != 0 ||
			    params(v + n, cd_param, &cd) < 0 || !cd.has_name)
				return fail(mp, AC_ERR_SYNTAX,
				    "part Content-Disposition "
				    "is not form-data with a name");
		} else if (strcasecmp(line, "Content-Type") == 0) {
			if (strlen(v) >= sizeof(part->content_type))
				return fail(mp, AC_ERR_LIMIT,
				    "part Content-Type too long");
			memcpy(part->content_type, v, strlen(v) + 1);
		}
	}
	if (!disp)
		return fail(mp, AC_ERR_SYNTAX,
		    "part without Content-Disposition");
	if (!ac_valid_utf8(part->name, strlen(part->name)) ||
	    !ac_valid_utf8(part->filename, strlen(part->filename)))
		return fail(mp, AC_ERR_SYNTAX, "part name is not valid UTF-8");
	return 0;
}

int
ac_mp_next(struct ac_mp *mp, struct ac_mp_part *part)
{
	char		 scratch[4096];
	const char	*b, *e;
	char		*h;
	size_t		 avail, pad, hl;
	ssize_t		 n;
	int		 rc;

	if (mp->state == MP_FAIL)
		return -1;
	if (mp->state == MP_DONE)
		return 0;
	if (mp->state == MP_BODY) {
		while ((n = ac_mp_read(mp, scratch, sizeof(scratch))) > 0)
			continue;
		if (n < 0)
			return -1;
	}
	if (mp->state == MP_START) {
		/* "--boundary" first, or after a preamble and CRLF. */
		if (want(mp, AC_MP_HEADER_MAX) < 0)
			return -1;
		b = mp->buf + mp->start;
		avail = mp->end - mp->start;
		if (avail >= mp->dlen - 2 &&
		    memcmp(b, mp->delim + 2, mp->dlen - 2) == 0)
			mp->start += mp->dlen - 2;
		else if ((e = find(b, avail, mp->delim, mp->dlen)) != NULL)
			mp->start += (size_t)(e - b) + mp->dlen;
		else
			return fail(mp, AC_ERR_SYNTAX,
			    "multipart body does not start "
			    "with its boundary");
		mp->state = MP_DELIM;
	}

	/* After a delimiter: "--" ends, else padding, CRLF, headers. */
	if (want(mp, 2) < 0)
		return -1;
	b = mp->buf + mp->start;
	avail = mp->end - mp->start;
	if (avail >= 2 && b[0] == '-' && b[1] == '-') {
		mp->state = MP_DONE;
		mp->start = mp->end;
		/* The epilogue is read and ignored. */
		while ((rc = fill(mp)) > 0)
			mp->start = mp->end;
		return rc < 0 ? -1 : 0;
	}
	if (mp->nparts == AC_MP_PARTS_MAX)
		return fail(mp, AC_ERR_LIMIT, "too many parts");
	for (;;) {
		b = mp->buf + mp->start;
		avail = mp->end - mp->start;
		for (pad = 0; pad < avail && (b[pad] == ' ' ||
		    b[pad] == '\t'); pad++)
			continue;
		if (pad < avail && b[pad] != '\r')
			return fail(mp, AC_ERR_SYNTAX,
			    "malformed multipart delimiter line");
		/* Headers end at the first empty line. */
		if (avail - pad >= 2 && b[pad + 1] != '\n')
			return fail(mp, AC_ERR_SYNTAX,
			    "malformed multipart delimiter line");
		e = find(b + pad, avail - pad, "\r\n\r\n", 4);
		if (e != NULL)
			break;
		if (avail > AC_MP_HEADER_MAX + pad + 4)
			return fail(mp, AC_ERR_LIMIT, "part headers too long");
		if ((rc = fill(mp)) < 0)
			return -1;
		if (rc == 0)
			return fail(mp, AC_ERR_SYNTAX,
			    "multipart body truncated in part "
			    "headers");
	}
	hl = (size_t)(e - (b + pad));	/* from the CRLF ending the delimiter */
	if (hl > AC_MP_HEADER_MAX)
		return fail(mp, AC_ERR_LIMIT, "part headers too long");
	if (hl > 0 && memchr(b + pad + 2, '\0', hl) != NULL)
		return fail(mp, AC_ERR_SYNTAX, "malformed part header");
	if ((h = malloc(hl + 1)) == NULL)
		return fail(mp, AC_ERR_NOMEM, "out of memory");
	/* Lines after that CRLF, each ending in CRLF. */
	memcpy(h, b + pad + 2, hl);
	h[hl] = '\0';
	mp->start += pad + hl + 4;
	rc = part_headers(mp, h, part);
	free(h);
	if (rc < 0)
		return -1;
	part->err = mp->err;
	mp->nparts++;
	mp->state = MP_BODY;
	return 1;
}

/* Read a text field whole (at most AC_MP_FIELD_MAX bytes): 0 or -1. */
static int
field(struct ac_req *req, struct ac_mp *mp, const struct ac_key *k,
    struct ac_value *v)
{
	char		 buf[AC_MP_FIELD_MAX + 1];
	struct ac_error	 err;
	size_t		 n = 0;
	ssize_t		 r;

	while ((r = ac_mp_read(mp, buf + n, sizeof(buf) - n)) > 0) {
		n += (size_t)r;
		if (n > AC_MP_FIELD_MAX) {
			ac_error_set(&err, AC_ERR_LIMIT, "field '%s' longer "
			    "than %d bytes", k->name, AC_MP_FIELD_MAX);
			ac_reply_fail(req, "invalid_multipart", err.text);
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (ac_value_set(k, buf, n, v, &err) != AC_OK) {
		ac_reply_fail(req, "invalid_multipart", err.text);
		return -1;
	}
	return 0;
}

static void
mp_failed(struct ac_req *req, struct ac_mp *mp)
{
	if (req->replied)
		return;
	if (req->body_truncated)
		ac_reply_fail(req, "truncated_body",
		    "request body shorter than its Content-Length");
	else if (mp->err->code == AC_ERR_IO) {
		ac_req_log(req, __func__, "reading the body failed");
		ac_reply_fail(req, "bad_body",
		    "request body could not be read");
	} else if (mp->err->text[0] == '\0')
		ac_reply_fail(req, "invalid_upload",
		    "the uploaded file could not be read");
	else
		ac_reply_fail(req, "invalid_multipart", mp->err->text);
}

/*
 * The text part "token" (once): when the write check left the token due
 * (AC_ROUTE_UPLOAD), a non-empty one must equal it (403 otherwise); else
 * it is read and dropped (the Authorization header or the user decided).  0, or -1
 * after answering.
 */
static int
token_part(struct ac_req *req, struct ac_mp *mp, int *seen)
{
	static const struct ac_key tk = { "token", AC_KIND_STRING, 0,
	    AC_FORM_TOKEN_MAX, NULL };
	struct ac_value	 v;
	int		 ok;

	if ((*seen)++) {
		ac_reply_fail(req, "invalid_multipart",
		    "field 'token' given twice");
		return -1;
	}
	memset(&v, 0, sizeof(v));
	if (field(req, mp, &tk, &v) < 0) {
		mp_failed(req, mp);
		ac_values_clear(&v, 1);
		return -1;
	}
	/* An empty field is no token (a form left blank), as in a form. */
	if (req->io->token_due != NULL && v.len > 0) {
		ok = v.s != NULL && ac__ct_equal(v.s, req->io->token_due);
		ac_values_clear(&v, 1);
		if (!ok) {
			ac_reply_fail(req, "forbidden", "wrong API token");
			return -1;
		}
		req->io->token_due = NULL;
		return 0;
	}
	ac_values_clear(&v, 1);
	return 0;
}

int
ac_req_upload(struct ac_req *req, const char *file, ac_upload_fn fn,
    void *arg, const struct ac_key *keys, size_t nkeys, struct ac_value *vals)
{
	struct ac_mp		*mp;
	struct ac_mp_part	 part;
	struct ac_error		 err, mperr;
	size_t			 i;
	int			 rc, got_file = 0, got_token = 0;

	memset(vals, 0, nkeys * sizeof(*vals));
	if (req->content_length == 0) {
		ac_reply_fail(req, "empty_body", "request body is empty");
		return -1;
	}
	if ((mp = ac_mp_new(req->content_type, ac_req_read, req, &mperr)) ==
	    NULL) {
		if (!ac_req_is_type(req, "multipart/form-data"))
			ac_reply_fail(req, "unsupported_media_type",
			    "Content-Type must be multipart/form-data");
		else
			ac_reply_fail(req, "invalid_multipart", mperr.text);
		return -1;
	}
	while ((rc = ac_mp_next(mp, &part)) > 0) {
		if (strcmp(part.name, "token") == 0 && !part.has_filename) {
			if ((rc = token_part(req, mp, &got_token)) < 0)
				goto fail;
			continue;
		}
		if (strcmp(part.name, file) == 0) {
			if (req->io->token_due != NULL) {
				ac_reply_header(req, "WWW-Authenticate",
				    "Bearer realm=\"autoclip\"");
				ac_reply_fail(req, "unauthorized", "writes "
				    "need authentication (the form's token "
				    "field before the file)");
				goto fail;
			}
			if (got_file++) {
				ac_error_set(&err, AC_ERR_VALUE, "field '%s' "
				    "given twice", file);
				ac_reply_fail(req, "invalid_multipart",
				    err.text);
				goto fail;
			}
			if (fn(arg, req, &part, ac_mp_read, mp) != 0) {
				if (!req->replied)
					mp_failed(req, mp);
				goto fail;
			}
			continue;
		}
		for (i = 0; i < nkeys; i++)
			if (strcmp(keys[i].name, part.name) == 0)
				break;
		if (i == nkeys || vals[i].present) {
			if (i == nkeys)
				ac_error_set(&err, AC_ERR_VALUE,
				    "unknown field '%.64s'", part.name);
			else
				ac_error_set(&err, AC_ERR_VALUE,
				    "field '%.64s' given twice", part.name);
			ac_reply_fail(req, "invalid_multipart", err.text);
			goto fail;
		}
		if (field(req, mp, &keys[i], &vals[i]) < 0) {
			mp_failed(req, mp);
			goto fail;
		}
	}
	if (rc < 0) {
		mp_failed(req, mp);
		goto fail;
	}
	if (req->body_read != req->content_length) {
		ac_reply_fail(req, "truncated_body",
		    "request body shorter than its Content-Length");
		goto fail;
	}
	if (req->io->token_due != NULL) {
		ac_reply_header(req, "WWW-Authenticate",
		    "Bearer realm=\"autoclip\"");
		ac_reply_fail(req, "unauthorized",
		    "writes need authentication");
		goto fail;
	}
	if (!got_file) {
		ac_error_set(&err, AC_ERR_VALUE, "file field '%s' missing",
		    file);
		ac_reply_fail(req, "invalid_multipart", err.text);
		goto fail;
	}
	ac_mp_free(mp);
	return 0;
fail:
	ac_mp_free(mp);
	ac_values_clear(vals, nkeys);
	return -1;
}
