/* SPDX-License-Identifier: ISC */
/* multipart-t.c: the streaming multipart/form-data parser, split every way. */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "web/web.h"
#include "../tools/tap.h"

#define CT	 "multipart/form-data; boundary=XyZ"
#define ALL	 ((size_t)-1)	/* parse: strlen(body) */

/* A memory source handing out chunk bytes a call (0: random 1..97). */
struct src {
	const char	*p;
	size_t		 len;
	size_t		 off;
	size_t		 chunk;
	unsigned int	 seed;
};

static ssize_t
src_read(void *arg, void *buf, size_t size)
{
	struct src	*s = arg;
	size_t		 n = s->chunk;

	if (n == 0)
		n = 1 + (size_t)(rand_r(&s->seed) % 97);
	if (n > size)
		n = size;
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

/*
 * Parse body fed in chunk-byte pieces and read parts rsize bytes at a
 * time; describe the parts as "name(filename,ctype)=data;" into out.
 * Returns 0, or -1 with the parser's error in out.
 */
static int
parse(const char *ct, const char *body, size_t len, size_t chunk,
    size_t rsize, char *out, size_t outsz)
{
	struct src		 s = { body, len, 0, chunk, 7 };
	struct ac_mp		*mp;
	struct ac_mp_part	 part;
	char			 buf[4096];
	struct ac_error	 err;
	size_t			 o = 0;
	ssize_t			 n;
	int			 rc;

	out[0] = '\0';
	if (len == ALL)
		s.len = strlen(body);
	if ((mp = ac_mp_new(ct, src_read, &s, &err)) == NULL) {
		snprintf(out, outsz, "%s", err.text);
		return -1;
	}
	while ((rc = ac_mp_next(mp, &part)) > 0) {
		o += (size_t)snprintf(out + o, outsz - o, "%s(%s%s,%s)=",
		    part.name, part.has_filename ? "f:" : "", part.filename,
		    part.content_type);
		while ((n = ac_mp_read(mp, buf, rsize)) > 0) {
			if ((size_t)n > outsz - o - 1)
				bail("output too long");
			memcpy(out + o, buf, (size_t)n);
			o += (size_t)n;
		}
		if (n < 0) {
			rc = -1;
			break;
		}
		o += (size_t)snprintf(out + o, outsz - o, ";");
	}
	if (rc < 0)
		snprintf(out, outsz, "%s", err.text);
	else
		out[o] = '\0';
	ac_mp_free(mp);
	return rc;
}

static const char good[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"vod_id\"\r\n"
    "\r\n"
    "v1\r\n"
    "--XyZ  \r\n"
    "content-disposition: form-data; name=chat; filename=\"a \\\"b\\\".json\"\r\n"
    "Content-Type: application/json\r\n"
    "\r\n"
    "--XyZ\r\n-XyZ\r\n--XyY\r\n--Xy\r\r\n\n\r\n--X"
    "\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"empty\"\r\n"
    "\r\n"
    "\r\n--XyZ--\r\nepilogue ignored";

static const char good_want[] =
    "vod_id(,)=v1;"
    "chat(f:a \"b\".json,application/json)="
    "--XyZ\r\n-XyZ\r\n--XyY\r\n--Xy\r\r\n\n\r\n--X;"
    "empty(,)=;";

static void
wellformed(void)
{
	char		 out[8192];
	size_t		 len = strlen(good), c, r, bad = 0;

	is_int(parse(CT, good, len, 4096, 4096, out, sizeof(out)), 0,
	    "well-formed body");
	is_str(out, good_want, "parts, names, file name, type, content");

	/* Every chunk size of the source, every read size of the part. */
	for (c = 1; c <= len; c++)
		for (r = 1; r <= 9; r += 4)
			if (parse(CT, good, len, c, r, out, sizeof(out)) != 0 ||
			    strcmp(out, good_want) != 0) {
				if (bad++ == 0)
					diag("chunk %zu read %zu: %s", c, r,
					    out);
			}
	is_int((long long)bad, 0, "same result split at every boundary");
	for (c = 0, bad = 0; c < 200; c++) {
		if (parse(CT, good, len, 0, 1 + c % 13, out, sizeof(out)) !=
		    0 || strcmp(out, good_want) != 0)
			bad++;
	}
	is_int((long long)bad, 0, "same result with random chunks");

	is_int(parse("multipart/form-data; boundary=\"XyZ\"", good, len, 3, 5,
	    out, sizeof(out)), 0, "quoted boundary");
	is_int(parse("Multipart/Form-Data;charset=utf-8;BOUNDARY=XyZ", good,
	    len, 3, 5, out, sizeof(out)), 0, "case and other parameters");
	is_int(parse(CT, "preamble\r\n--XyZ\r\nContent-Disposition: form-data;"
	    " name=a\r\n\r\nx\r\n--XyZ--", ALL, 1, 1, out, sizeof(out)), 0,
	    "a preamble is skipped");
	is_str(out, "a(,)=x;", "after the preamble");
	is_int(parse(CT, "--XyZ--", ALL, 1, 1, out, sizeof(out)), 0,
	    "no parts at all");
	is_int(parse("multipart/form-data; boundary=\"a'()+_,-./:=? b\"",
	    "--a'()+_,-./:=? b\r\nContent-Disposition: form-data; name=q\r\n"
	    "\r\nv\r\n--a'()+_,-./:=? b--", ALL, 2, 3, out, sizeof(out)), 0,
	    "every boundary character");
	is_str(out, "q(,)=v;", "odd boundary content");
}

static void
malformed(void)
{
	char		 out[8192], big[AC_MP_HEADER_MAX + 200], ct[128];
	size_t		 i, n;

	ok(parse("multipart/form-data", good, strlen(good), 5, 5, out,
	    sizeof(out)) < 0, "no boundary parameter: %s", out);
	ok(parse("multipart/form-data; boundary=", good, strlen(good), 5, 5,
	    out, sizeof(out)) < 0, "empty boundary");
	memset(ct, 0, sizeof(ct));
	n = (size_t)snprintf(ct, sizeof(ct), "multipart/form-data; boundary=");
	memset(ct + n, 'b', 71);
	ok(parse(ct, good, strlen(good), 5, 5, out, sizeof(out)) < 0,
	    "71-character boundary");
	ok(parse("multipart/form-data; boundary=a<b", good, strlen(good), 5,
	    5, out, sizeof(out)) < 0, "boundary with '<'");
	ok(parse("multipart/form-data; boundary=\"ab \"", good, strlen(good),
	    5, 5, out, sizeof(out)) < 0, "boundary ending in a space");
	ok(parse("multipart/form-data; boundary=a; boundary=b", good,
	    strlen(good), 5, 5, out, sizeof(out)) < 0, "two boundaries");
	ok(parse("multipart/mixed; boundary=XyZ", good, strlen(good), 5, 5,
	    out, sizeof(out)) < 0, "not form-data");
	ok(parse("application/json", good, strlen(good), 5, 5, out,
	    sizeof(out)) < 0, "not multipart");

	ok(parse(CT, good, strlen(good) - 30, 3, 3, out, sizeof(out)) < 0 &&
	    strstr(out, "truncated") != NULL, "missing final boundary: %s",
	    out);
	ok(parse(CT, good, strlen(good) - strlen("yZ--\r\nepilogue ignored"),
	    3, 3, out, sizeof(out)) < 0 &&
	    strstr(out, "final boundary") != NULL, "no final boundary: %s", out);
	ok(parse(CT, good, 20, 3, 3, out, sizeof(out)) < 0,
	    "truncated in headers: %s", out);
	ok(parse(CT, "--Other\r\n\r\nx\r\n--Other--", ALL, 3, 3, out,
	    sizeof(out)) < 0 && strstr(out, "start") != NULL,
	    "wrong boundary: %s", out);
	ok(parse(CT, "", 0, 3, 3, out, sizeof(out)) < 0, "empty body");
	ok(parse(CT, "--XyZ\r\n\r\nx\r\n--XyZ--", ALL, 3, 3, out,
	    sizeof(out)) < 0, "part without headers: %s", out);
	ok(parse(CT, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
	    "--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0, "part without name");
	ok(parse(CT, "--XyZ\r\nContent-Disposition: attachment; name=a\r\n"
	    "\r\nx\r\n--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0,
	    "disposition not form-data");
	ok(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    " folded\r\n\r\nx\r\n--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0,
	    "folded header line");
	ok(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n"
	    "\r\nx\r\n--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0,
	    "unterminated quoted name");
	ok(parse(CT, "--XyZx\r\nContent-Disposition: form-data; name=a\r\n"
	    "\r\nx\r\n--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0,
	    "junk after a delimiter");
	ok(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "\0X: y\r\n\r\nx\r\n--XyZ--", 66, 3, 3, out, sizeof(out)) < 0,
	    "NUL in a part header");
	ok(parse(CT, "--XyZ\nContent-Disposition: form-data; name=a\n\nx\n"
	    "--XyZ--", ALL, 3, 3, out, sizeof(out)) < 0, "bare LF lines");

	/* Headers over AC_MP_HEADER_MAX. */
	n = (size_t)snprintf(big, sizeof(big), "--XyZ\r\nContent-Disposition: "
	    "form-data; name=a\r\nX-Pad: ");
	for (i = 0; i < AC_MP_HEADER_MAX; i++)
		big[n++] = 'p';
	memcpy(big + n, "\r\n\r\nx\r\n--XyZ--", 14);
	n += 14;
	ok(parse(CT, big, n, 4096, 4096, out, sizeof(out)) < 0 &&
	    strstr(out, "too long") != NULL, "headers too long: %s", out);

	/* More than AC_MP_PARTS_MAX parts. */
	{
		char	*many = malloc(100 * (AC_MP_PARTS_MAX + 2));
		size_t	 o = 0;

		for (i = 0; i < AC_MP_PARTS_MAX + 1; i++)
			o += (size_t)snprintf(many + o, 100, "--XyZ\r\nContent-"
			    "Disposition: form-data; name=f%zu\r\n\r\nv\r\n", i);
		o += (size_t)snprintf(many + o, 100, "--XyZ--");
		ok(parse(CT, many, o, 50, 50, out, sizeof(out)) < 0 &&
		    strstr(out, "too many") != NULL, "too many parts: %s", out);
		free(many);
	}
}

static int
count_msg(void *arg, const struct ac_msg *m)
{
	(*(uint64_t *)arg)++;
	return 0;
}

/*
 * The chat reader consumes an uploaded gzip chat straight from the part
 * (ac_mp_read as its ac_read_fn), fed in odd pieces, and finds what it
 * finds in the file itself.
 */
static void
chat_upload(void)
{
	const char		*top = getenv("top_srcdir");
	const char		*head = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=chat; filename=sample-chat.json.gz\r\n"
	    "Content-Type: application/gzip\r\n\r\n";
	const char		*tail = "\r\n--XyZ\r\nContent-Disposition: "
	    "form-data; name=vod_id\r\n\r\nv9\r\n--XyZ--\r\n";
	char			 path[4096];
	struct ac_error	 err;
	char			*body;
	FILE			*f;
	size_t			 n, hl = strlen(head), tl = strlen(tail);
	struct src		 s;
	struct ac_mp		*mp;
	struct ac_mp_part	 part;
	struct ac_vod		 vod;
	uint64_t		 want = 0, got = 0;
	enum ac_err		 rc;

	snprintf(path, sizeof(path), "%s/tests/data/sample-chat.json.gz",
	    top != NULL ? top : "..");
	if ((f = fopen(path, "rb")) == NULL)
		bail("cannot open %s", path);
	body = malloc(hl + (1 << 20) + tl);
	memcpy(body, head, hl);
	n = fread(body + hl, 1, 1 << 20, f);
	fclose(f);
	memcpy(body + hl + n, tail, tl);
	ac_vod_init(&vod);
	rc = ac_chat_read_path(path, count_msg, &want, &vod, NULL, NULL);
	ok(rc == AC_OK && want > 0, "the file alone: %llu messages",
	    (unsigned long long)want);

	memset(&s, 0, sizeof(s));
	s.p = body;
	s.len = hl + n + tl;
	s.seed = 3;
	mp = ac_mp_new(CT, src_read, &s, &err);
	ok(mp != NULL && ac_mp_next(mp, &part) == 1 &&
	    strcmp(part.name, "chat") == 0, "chat part first");
	ac_vod_init(&vod);
	rc = ac_chat_read(ac_mp_read, mp, count_msg, &got, &vod, NULL, NULL);
	is_int(rc, AC_OK, "chat read from the part");
	is_int((long long)got, (long long)want, "same messages as the file");
	ok(ac_mp_next(mp, &part) == 1 && strcmp(part.name, "vod_id") == 0,
	    "field after the file");
	is_int(ac_mp_next(mp, &part), 0, "then the end");
	ac_mp_free(mp);
	free(body);
}

/* A 50 MB upload made on the fly: head, generated bytes, tail. */
struct gen {
	size_t		 total;		/* file bytes */
	size_t		 off;		/* bytes handed out */
	const char	*head;
	const char	*tail;
	size_t		 hl, tl;
};

static unsigned char
gen_byte(size_t i)
{
	/* Bytes that hold CR, LF and '-' often. */
	static const char	 alpha[] = "\r\n--XyZ\r\n-abc\r";

	return (unsigned char)alpha[(i * 2654435761u >> 7) % 14];
}

static ssize_t
gen_read(void *arg, void *buf, size_t size)
{
	struct gen	*g = arg;
	unsigned char	*b = buf;
	size_t		 n = 0, all = g->hl + g->total + g->tl;

	if (size > 65521)
		size = 65521;
	while (n < size && g->off < all) {
		if (g->off < g->hl)
			b[n] = (unsigned char)g->head[g->off];
		else if (g->off < g->hl + g->total)
			b[n] = gen_byte(g->off - g->hl);
		else
			b[n] = (unsigned char)g->tail[g->off - g->hl - g->total];
		n++;
		g->off++;
	}
	return (ssize_t)n;
}

static void
large(void)
{
	struct gen		 g;
	struct ac_mp		*mp;
	struct ac_mp_part	 part;
	struct rusage		 ru;
	unsigned char		 buf[10007];
	struct ac_error	 err;
	size_t			 got = 0, i, wrong = 0;
	ssize_t			 n;
	long			 before;

	memset(&g, 0, sizeof(g));
	g.total = 50u * 1024 * 1024;
	g.head = "--XyZ\r\nContent-Disposition: form-data; name=chat; "
	    "filename=big.json\r\n\r\n";
	g.tail = "\r\n--XyZ--\r\n";
	g.hl = strlen(g.head);
	g.tl = strlen(g.tail);
	getrusage(RUSAGE_SELF, &ru);
	before = ru.ru_maxrss;
	mp = ac_mp_new(CT, gen_read, &g, &err);
	ok(mp != NULL && ac_mp_next(mp, &part) == 1, "large: first part");
	while ((n = ac_mp_read(mp, buf, sizeof(buf))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			if (buf[i] != gen_byte(got + i))
				wrong++;
		got += (size_t)n;
	}
	is_int((long long)n, 0, "large: read to the end of the part");
	is_int((long long)got, (long long)g.total, "large: 50 MB through");
	is_int((long long)wrong, 0, "large: every byte as generated");
	is_int(ac_mp_next(mp, &part), 0, "large: final boundary");
	ac_mp_free(mp);
	getrusage(RUSAGE_SELF, &ru);
	ok(ru.ru_maxrss - before < 16 * 1024, "large: memory grew %ld kB "
	    "(< 16 MB)", ru.ru_maxrss - before);
}

int
main(void)
{
	plan_lazy();
	wellformed();
	malformed();
	chat_upload();
	large();
	return done_testing();
}
