/* SPDX-License-Identifier: ISC */
/*
 * json-fuzz.c: a fuzz harness for the JSON request body (ac_req_json):
 * the input is the body of a POST with Content-Type application/json.
 *
 * A refused body must have an error answer ({"detail","code"}, 4xx); an
 * accepted one no answer, and be an object within the depth limit whose
 * strings and keys hold no NUL (every length is its strlen).  The
 * library's own JSON lexer (jsonlex.c) must read the same body as the
 * same tree: every object with as many members as json-c kept (none
 * silently merged), the same keys in the same order, the same types.
 * Its plain serialisation, sent again, must be accepted and equal.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fuzzreq.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	*envp[] = {
	(char *)"REQUEST_METHOD=POST",
	(char *)"CONTENT_TYPE=application/json; charset=utf-8",
	NULL
};

static const struct ac_route	 route = {
	AC_METHOD_POST, "/api/x", NULL, NULL, 0, AC_BODY_REQUIRED,
	AC_MAX_JSON_BODY, AC_ROUTE_WRITE
};

static struct fuzzreq	 F;

/* No NUL in any string or key; nesting within the limit. */
static void
check(struct json_object *o, int depth)
{
	size_t	 i, n;

	if (depth > AC_JSON_BODY_DEPTH)
		abort();
	switch (json_object_get_type(o)) {
	case json_type_string:
		if (strlen(json_object_get_string(o)) !=
		    (size_t)json_object_get_string_len(o))
			abort();
		break;
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			check(json_object_array_get_idx(o, i), depth + 1);
		break;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			if (!ac_valid_utf8(k, strlen(k)))
				abort();
			check(v, depth + 1);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * Walk the value at L (the lexer) beside o (json-c): same shape, same
 * member counts and keys.  Aborts on any difference.
 */
static void
same(struct ac__lex *L, struct json_object *o)
{
	struct json_object	*kids[64];
	const char		*keys[64], *k;
	size_t			 n = 0, i, kl, tl;
	char			 txt[64];
	int			 c, first = 1;

	if ((c = ac__lex_peek(L)) < 0)
		abort();
	switch (c) {
	case '{': {
		if (!json_object_is_type(o, json_type_object) ||
		    ac__lex_begin(L) < 0)
			abort();
		json_object_object_foreach(o, ok, ov) {
			if (n == 64)
				break;
			keys[n] = ok;
			kids[n++] = ov;
		}
		for (i = 0; ; i++) {
			if ((c = ac__lex_member(L, &first, &k, &kl)) < 0)
				abort();
			if (c == 0)
				break;
			/* json-c keeps the first place of a repeated key. */
			if (i >= (size_t)json_object_object_length(o))
				abort();
			if (i >= n) {
				if (ac__lex_skip(L) < 0)
					abort();
				continue;
			}
			/* A plain key, given in place by the lexer. */
			if (k >= L->buf && k + kl <= L->e &&
			    (strlen(keys[i]) != kl || memcmp(keys[i], k, kl) != 0))
				abort();
			same(L, kids[i]);
		}
		if (i != (size_t)json_object_object_length(o))
			abort();
		break;
	}
	case '[':
		if (!json_object_is_type(o, json_type_array) ||
		    ac__lex_begin(L) < 0)
			abort();
		for (i = 0; ; i++) {
			if ((c = ac__lex_element(L, &first)) < 0)
				abort();
			if (c == 0)
				break;
			if (i >= json_object_array_length(o))
				abort();
			same(L, json_object_array_get_idx(o, i));
		}
		if (i != json_object_array_length(o))
			abort();
		break;
	case '"':
		if (!json_object_is_type(o, json_type_string) ||
		    ac__lex_string(L, NULL) < 0)
			abort();
		break;
	case 't':
	case 'f':
	case 'n':
		if ((c = ac__lex_literal(L)) < 0 || (c == 'n' ?
		    !json_object_is_type(o, json_type_null) :
		    !json_object_is_type(o, json_type_boolean) ||
		    json_object_get_boolean(o) != (c == 't')))
			abort();
		break;
	default:
		if ((!json_object_is_type(o, json_type_int) &&
		    !json_object_is_type(o, json_type_double)) ||
		    ac__lex_number(L, txt, sizeof(txt), &tl) < 0)
			abort();
		break;
	}
}

/* The lexer's reading of the whole body beside json-c's. */
static void
same_body(const uint8_t *data, size_t size, struct json_object *o)
{
	struct ac__lex	 L;
	struct ac_error	 e;

	ac__lex_init_mem(&L, (const char *)data, size, &e);
	same(&L, o);
	if (ac__lex_peek(&L) != -1)
		abort();
}

/* Send body; returns the accepted object or NULL (answer checked). */
static struct json_object *
post(const void *body, size_t len)
{
	struct json_object	*o = NULL;
	int			 rc;

	fuzzreq_begin(&F, envp, body, len);
	F.req.method = AC_METHOD_POST;
	F.req.method_text = "POST";
	F.req.content_type = "application/json; charset=utf-8";
	F.req.content_length = len;
	F.req.route = &route;
	rc = ac_req_json(&F.req, &o);
	fuzzreq_end(&F);
	if (rc < 0) {
		if (o != NULL)
			abort();
		fuzzreq_check_error(&F);
		return NULL;
	}
	if (rc != 0 || F.req.replied || F.outlen != 0 || o == NULL ||
	    !json_object_is_type(o, json_type_object))
		abort();
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object	*o, *again;
	const char		*s;
	char			*copy;
	size_t			 len;

	if (size > AC_MAX_JSON_BODY)
		return 0;
	if ((o = post(data, size)) == NULL) {
		if (size > 0 && F.status != 400)
			abort();
		return 0;
	}
	check(o, 1);
	same_body(data, size, o);
	s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s == NULL || (copy = strdup(s)) == NULL)
		abort();
	/* Escapes may make the text longer than the cap. */
	if (len > AC_MAX_JSON_BODY) {
		free(copy);
		json_object_put(o);
		return 0;
	}
	if ((again = post(copy, len)) == NULL ||
	    !json_object_equal(o, again))
		abort();
	free(copy);
	json_object_put(again);
	json_object_put(o);
	return 0;
}
