/* SPDX-License-Identifier: ISC */
/*
 * openapi-check.c: checks responses and the spec itself against htdocs/openapi.json.
 *
 * Length: a small JSON Schema checker (the subset openapi.json uses) and
 * the spec walk, one program.
 */
/*
 * openapi-check SPEC response METHOD PATH STATUS CTYPE BODYFILE
 *	The operation PATH (a template as in the spec) METHOD documents
 *	STATUS; its content for CTYPE (parameters dropped) exists, or none
 *	is documented when CTYPE is empty and BODYFILE is empty; a JSON
 *	body validates against the documented schema.  A 405 is checked
 *	against the path: METHOD is not one of its operations and one of
 *	them documents 405.
 * openapi-check SPEC routes
 *	Prints "METHOD PATH" for each operation, each {name} as {}.
 * openapi-check SPEC lint
 *	The document's structure: openapi 3.1.x, info, paths, components,
 *	responses on each operation, every $ref resolving.
 * openapi-check SPEC validate SCHEMA-NAME JSONFILE
 *	JSONFILE against #/components/schemas/SCHEMA-NAME.
 * Exit 0 on success, 1 on a mismatch (one line on stderr naming where),
 * 2 on a usage or input error.  The JSON Schema subset: type (a name or
 * a list, "null" included), properties, required, additionalProperties
 * (false or a schema), items, enum, const, minimum, maximum, minLength,
 * maxLength, $ref to #/..., oneOf, anyOf, allOf; format and annotations
 * are ignored.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#define MAX_FILE	(64 * 1024 * 1024)	/* largest spec or body read */
#define MAX_DEPTH	64			/* schema nesting and JSON depth */
#define MAX_PTR		1024			/* a JSON pointer's length */
#define MAX_ERR		4096			/* one mismatch message */

static struct json_object *spec;
static char	 errmsg[MAX_ERR];	/* the mismatch, set by fail() */

static void
fail(const char *ipath, const char *spath, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the mismatch at instance path ipath, schema path spath. */
static void
fail(const char *ipath, const char *spath, const char *fmt, ...)
{
	char	 buf[MAX_ERR / 2];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(errmsg, sizeof(errmsg), "at %s (schema %s): %s",
	    ipath[0] == '\0' ? "/" : ipath, spath, buf);
}

/* Read a whole file (at most MAX_FILE bytes); NUL-terminated, caller frees. */
static char *
slurp(const char *fn, size_t *lenp)
{
	FILE	*f;
	char	*buf;
	size_t	 len = 0, cap = 65536;
	size_t	 n;

	if ((f = fopen(fn, "rb")) == NULL)
		return NULL;
	if ((buf = malloc(cap + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char	*nb;

			if (cap >= MAX_FILE ||
			    (nb = realloc(buf, cap * 2 + 1)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* Parse JSON text strictly, depth-limited; NULL (message on stderr) if bad. */
static struct json_object *
parse(const char *what, const char *text, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	if ((tok = json_tokener_new_ex(MAX_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (o == NULL || tok->char_offset != (int)len) {
		fprintf(stderr, "%s: not JSON: %s at byte %d\n", what,
		    o == NULL ? json_tokener_error_desc(
		    json_tokener_get_error(tok)) : "trailing data",
		    (int)tok->char_offset);
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Resolve a local reference "#/a/b~1c"; NULL if it does not resolve. */
static struct json_object *
resolve(const char *ref)
{
	struct json_object	*o = spec;
	char			 tok[256];
	const char		*p;
	size_t			 n;

	if (strncmp(ref, "#/", 2) != 0)
		return NULL;
	p = ref + 2;
	while (*p != '\0') {
		n = 0;
		while (*p != '\0' && *p != '/') {
			if (n + 1 >= sizeof(tok))
				return NULL;
			if (p[0] == '~' && p[1] == '1') {
				tok[n++] = '/';
				p += 2;
			} else if (p[0] == '~' && p[1] == '0') {
				tok[n++] = '~';
				p += 2;
			} else
				tok[n++] = *p++;
		}
		tok[n] = '\0';
		if (*p == '/')
			p++;
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, tok, &o))
			return NULL;
	}
	return o;
}

/* Does instance x have JSON Schema type name t? */
static int
type_is(struct json_object *x, const char *t)
{
	enum json_type	 jt = json_object_get_type(x);
	double		 d;

	if (strcmp(t, "null") == 0)
		return jt == json_type_null;
	if (strcmp(t, "boolean") == 0)
		return jt == json_type_boolean;
	if (strcmp(t, "string") == 0)
		return jt == json_type_string;
	if (strcmp(t, "object") == 0)
		return jt == json_type_object;
	if (strcmp(t, "array") == 0)
		return jt == json_type_array;
	if (strcmp(t, "number") == 0)
		return jt == json_type_int || jt == json_type_double;
	if (strcmp(t, "integer") == 0) {
		if (jt == json_type_int)
			return 1;
		if (jt != json_type_double)
			return 0;
		d = json_object_get_double(x);
		return isfinite(d) && floor(d) == d;
	}
	return 0;
}

static const char *
type_name(struct json_object *x)
{
	switch (json_object_get_type(x)) {
	case json_type_null:	return "null";
	case json_type_boolean:	return "boolean";
	case json_type_int:	return "integer";
	case json_type_double:	return "number";
	case json_type_string:	return "string";
	case json_type_array:	return "array";
	case json_type_object:	return "object";
	}
	return "?";
}

/* Code points of a UTF-8 string. */
static size_t
u8len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int validate(struct json_object *, struct json_object *,
    const char *, const char *, int);

/* Append "/key" to a pointer (escaped), into buf. */
static void
ptr_add(char *buf, size_t sz, const char *base, const char *key)
{
	size_t	 n;

	n = (size_t)snprintf(buf, sz, "%s/", base);
	for (; *key != '\0' && n + 3 < sz; key++) {
		if (*key == '/') {
			buf[n++] = '~';
			buf[n++] = '1';
		} else if (*key == '~') {
			buf[n++] = '~';
			buf[n++] = '0';
		} else
			buf[n++] = *key;
	}
	if (n >= sz)
		n = sz - 1;
	buf[n] = '\0';
}

/* oneOf (one), anyOf (any) or allOf (all) of the list l at spath. */
static int
validate_of(struct json_object *x, struct json_object *l, const char *kw,
    const char *ipath, const char *spath, int depth)
{
	char	 sp[MAX_PTR], why[MAX_ERR];
	size_t	 i, n;
	int	 matched = 0;

	if (!json_object_is_type(l, json_type_array)) {
		fail(ipath, spath, "%s is not a list", kw);
		return -1;
	}
	n = json_object_array_length(l);
	why[0] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(sp, sizeof(sp), "%s/%s/%zu", spath, kw, i);
		if (strcmp(kw, "allOf") == 0) {
			if (validate(x, json_object_array_get_idx(l, i),
			    ipath, sp, depth + 1) == -1)
				return -1;
			continue;
		}
		/* Try the branch silently; keep its reason for the message. */
		errmsg[0] = '\0';
		if (validate(x, json_object_array_get_idx(l, i), ipath, sp,
		    depth + 1) == 0)
			matched++;
		else {
			size_t	 w = strlen(why);

			snprintf(why + w, sizeof(why) - w, "%s[%zu] %s",
			    w > 0 ? "; " : "", i, errmsg);
		}
	}
	if (strcmp(kw, "allOf") == 0)
		return 0;
	if (strcmp(kw, "anyOf") == 0 && matched == 0) {
		fail(ipath, spath, "no anyOf branch matches: %s", why);
		return -1;
	}
	if (strcmp(kw, "oneOf") == 0 && matched != 1) {
		if (matched == 0)
			fail(ipath, spath, "no oneOf branch matches: %s", why);
		else
			fail(ipath, spath, "%d oneOf branches match", matched);
		return -1;
	}
	return 0;
}

/*
 * Validate instance x against schema s (at spath); 0 if valid, -1 with
 * errmsg set otherwise.  Depth is bounded by MAX_DEPTH.
 */
static int
validate(struct json_object *x, struct json_object *s, const char *ipath,
    const char *spath, int depth)
{
	struct json_object	*v, *t, *props = NULL, *addl = NULL;
	char			 ip[MAX_PTR], sp[MAX_PTR];
	size_t			 i, n;
	int			 ok;

	if (depth > MAX_DEPTH) {
		fail(ipath, spath, "schema nested too deeply");
		return -1;
	}
	if (json_object_is_type(s, json_type_boolean)) {
		if (json_object_get_boolean(s))
			return 0;
		fail(ipath, spath, "schema false admits nothing");
		return -1;
	}
	if (!json_object_is_type(s, json_type_object)) {
		fail(ipath, spath, "the schema is not an object");
		return -1;
	}
	if (json_object_object_get_ex(s, "$ref", &v)) {
		const char		*ref = json_object_get_string(v);
		struct json_object	*r;

		if ((r = resolve(ref)) == NULL) {
			fail(ipath, spath, "$ref %s does not resolve", ref);
			return -1;
		}
		/* $ref alongside siblings: both apply (3.1). */
		if (validate(x, r, ipath, ref, depth + 1) == -1)
			return -1;
	}
	if (json_object_object_get_ex(s, "type", &t)) {
		ok = 0;
		if (json_object_is_type(t, json_type_string))
			ok = type_is(x, json_object_get_string(t));
		else if (json_object_is_type(t, json_type_array)) {
			n = json_object_array_length(t);
			for (i = 0; i < n && !ok; i++)
				ok = type_is(x, json_object_get_string(
				    json_object_array_get_idx(t, i)));
		}
		if (!ok) {
			fail(ipath, spath, "%s is not of type %s",
			    type_name(x), json_object_to_json_string_ext(t,
			    JSON_C_TO_STRING_PLAIN));
			return -1;
		}
	}
	if (json_object_object_get_ex(s, "const", &v) &&
	    !json_object_equal(x, v)) {
		fail(ipath, spath, "%s is not the constant %s",
		    json_object_to_json_string_ext(x, JSON_C_TO_STRING_PLAIN),
		    json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		return -1;
	}
	if (json_object_object_get_ex(s, "enum", &v)) {
		ok = 0;
		n = json_object_is_type(v, json_type_array) ?
		    json_object_array_length(v) : 0;
		for (i = 0; i < n && !ok; i++)
			ok = json_object_equal(x,
			    json_object_array_get_idx(v, i));
		if (!ok) {
			fail(ipath, spath, "%s is not one of %s",
			    json_object_to_json_string_ext(x,
			    JSON_C_TO_STRING_PLAIN),
			    json_object_to_json_string_ext(v,
			    JSON_C_TO_STRING_PLAIN));
			return -1;
		}
	}
	if (type_is(x, "number")) {
		double	 d = json_object_get_double(x);

		if (json_object_object_get_ex(s, "minimum", &v) &&
		    d < json_object_get_double(v)) {
			fail(ipath, spath, "%g is below the minimum %g", d,
			    json_object_get_double(v));
			return -1;
		}
		if (json_object_object_get_ex(s, "maximum", &v) &&
		    d > json_object_get_double(v)) {
			fail(ipath, spath, "%g is above the maximum %g", d,
			    json_object_get_double(v));
			return -1;
		}
	}
	if (json_object_is_type(x, json_type_string)) {
		size_t	 len = u8len(json_object_get_string(x));

		if (json_object_object_get_ex(s, "minLength", &v) &&
		    (long long)len < json_object_get_int64(v)) {
			fail(ipath, spath, "shorter than %lld characters",
			    (long long)json_object_get_int64(v));
			return -1;
		}
		if (json_object_object_get_ex(s, "maxLength", &v) &&
		    (long long)len > json_object_get_int64(v)) {
			fail(ipath, spath, "longer than %lld characters",
			    (long long)json_object_get_int64(v));
			return -1;
		}
	}
	if (json_object_is_type(x, json_type_object)) {
		if (json_object_object_get_ex(s, "required", &v)) {
			n = json_object_array_length(v);
			for (i = 0; i < n; i++) {
				const char *k = json_object_get_string(
				    json_object_array_get_idx(v, i));

				if (!json_object_object_get_ex(x, k, NULL)) {
					fail(ipath, spath,
					    "required property \"%s\" missing",
					    k);
					return -1;
				}
			}
		}
		json_object_object_get_ex(s, "properties", &props);
		json_object_object_get_ex(s, "additionalProperties", &addl);
		json_object_object_foreach(x, key, val) {
			struct json_object	*ps;

			ptr_add(ip, sizeof(ip), ipath, key);
			if (props != NULL &&
			    json_object_object_get_ex(props, key, &ps)) {
				ptr_add(sp, sizeof(sp), spath, "properties");
				ptr_add(sp, sizeof(sp), sp, key);
				if (validate(val, ps, ip, sp, depth + 1) == -1)
					return -1;
			} else if (addl != NULL) {
				if (json_object_is_type(addl,
				    json_type_boolean) &&
				    !json_object_get_boolean(addl)) {
					fail(ip, spath, "property \"%s\" is "
					    "not in the schema", key);
					return -1;
				}
				ptr_add(sp, sizeof(sp), spath,
				    "additionalProperties");
				if (validate(val, addl, ip, sp,
				    depth + 1) == -1)
					return -1;
			}
		}
	}
	if (json_object_is_type(x, json_type_array) &&
	    json_object_object_get_ex(s, "items", &v)) {
		n = json_object_array_length(x);
		ptr_add(sp, sizeof(sp), spath, "items");
		for (i = 0; i < n; i++) {
			char	 num[32];

			snprintf(num, sizeof(num), "%zu", i);
			ptr_add(ip, sizeof(ip), ipath, num);
			if (validate(json_object_array_get_idx(x, i), v, ip,
			    sp, depth + 1) == -1)
				return -1;
		}
	}
	if (json_object_object_get_ex(s, "allOf", &v) &&
	    validate_of(x, v, "allOf", ipath, spath, depth) == -1)
		return -1;
	if (json_object_object_get_ex(s, "anyOf", &v) &&
	    validate_of(x, v, "anyOf", ipath, spath, depth) == -1)
		return -1;
	if (json_object_object_get_ex(s, "oneOf", &v) &&
	    validate_of(x, v, "oneOf", ipath, spath, depth) == -1)
		return -1;
	return 0;
}

/* Follow an object's $ref (responses, parameters...); NULL if broken. */
static struct json_object *
deref(struct json_object *o)
{
	struct json_object	*v;
	int			 i;

	for (i = 0; i < 8 && o != NULL &&
	    json_object_object_get_ex(o, "$ref", &v); i++)
		o = resolve(json_object_get_string(v));
	return o;
}

static const char *const methods[] = {
	"get", "put", "post", "delete", "options", "head", "patch", "trace"
};

/* An operation of the path item that documents a 405, or NULL. */
static struct json_object *
path_405(struct json_object *item)
{
	struct json_object	*op, *r;
	size_t			 i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (json_object_object_get_ex(item, methods[i], &op) &&
		    json_object_object_get_ex(op, "responses", &r) &&
		    json_object_object_get_ex(r, "405", NULL))
			return op;
	return NULL;
}

/* Check one response; see the top of the file. */
static int
check_response(const char *method, const char *path, const char *status,
    const char *ctype, const char *bodyfn)
{
	struct json_object	*paths, *item, *op, *resps, *r, *content;
	struct json_object	*mt, *schema, *body;
	char			 m[16], media[128], sp[MAX_PTR];
	char			*text;
	size_t			 i, len;

	for (i = 0; method[i] != '\0' && i + 1 < sizeof(m); i++)
		m[i] = (char)tolower((unsigned char)method[i]);
	m[i] = '\0';
	if (!json_object_object_get_ex(spec, "paths", &paths) ||
	    !json_object_object_get_ex(paths, path, &item)) {
		fprintf(stderr, "%s %s: path not in the spec\n", method, path);
		return 1;
	}
	if (!json_object_object_get_ex(item, m, &op)) {
		/*
		 * A 405 is the answer to a method the path does not have:
		 * it must be documented on one of the path's operations.
		 */
		if (strcmp(status, "405") == 0 &&
		    (op = path_405(item)) != NULL)
			method = "(any)";
		else {
			fprintf(stderr, "%s %s: method not in the spec\n",
			    method, path);
			return 1;
		}
	} else if (strcmp(status, "405") == 0) {
		fprintf(stderr, "%s %s: a 405 for a documented method\n",
		    method, path);
		return 1;
	}
	if (!json_object_object_get_ex(op, "responses", &resps) ||
	    !json_object_object_get_ex(resps, status, &r)) {
		fprintf(stderr, "%s %s: status %s is not documented\n",
		    method, path, status);
		return 1;
	}
	if ((r = deref(r)) == NULL) {
		fprintf(stderr, "%s %s %s: broken $ref\n", method, path,
		    status);
		return 1;
	}
	if ((text = slurp(bodyfn, &len)) == NULL) {
		fprintf(stderr, "%s: cannot read\n", bodyfn);
		return 2;
	}
	content = NULL;
	json_object_object_get_ex(r, "content", &content);
	if (ctype[0] == '\0') {
		free(text);
		if (content != NULL && json_object_object_length(content) > 0) {
			fprintf(stderr, "%s %s %s: no Content-Type but "
			    "content is documented\n", method, path, status);
			return 1;
		}
		if (len > 0) {
			fprintf(stderr, "%s %s %s: a body without a "
			    "Content-Type\n", method, path, status);
			return 1;
		}
		return 0;
	}
	/* The media type: up to ';', trimmed, lower case. */
	for (i = 0; ctype[i] != '\0' && ctype[i] != ';' &&
	    i + 1 < sizeof(media); i++)
		media[i] = (char)tolower((unsigned char)ctype[i]);
	while (i > 0 && media[i - 1] == ' ')
		i--;
	media[i] = '\0';
	if (content == NULL || !json_object_object_get_ex(content, media,
	    &mt)) {
		free(text);
		fprintf(stderr, "%s %s %s: content %s is not documented\n",
		    method, path, status, media);
		return 1;
	}
	if (strcmp(media, "application/json") != 0) {
		free(text);
		return 0;
	}
	if (!json_object_object_get_ex(mt, "schema", &schema)) {
		free(text);
		fprintf(stderr, "%s %s %s: no schema for %s\n", method, path,
		    status, media);
		return 1;
	}
	body = parse("the response body", text, len);
	free(text);
	if (body == NULL)
		return 1;
	snprintf(sp, sizeof(sp), "#/paths/%s/%s/responses/%s/content/"
	    "application~1json/schema", path, m, status);
	errmsg[0] = '\0';
	if (validate(body, schema, "", sp, 0) == -1) {
		fprintf(stderr, "%s %s %s: %s\n", method, path, status,
		    errmsg);
		json_object_put(body);
		return 1;
	}
	json_object_put(body);
	return 0;
}

/* Print each operation as "METHOD /path/{}". */
static int
routes(void)
{
	struct json_object	*paths, *op;
	char			 norm[MAX_PTR];
	size_t			 i, n;
	const char		*p;
	int			 in;

	if (!json_object_object_get_ex(spec, "paths", &paths))
		return 1;
	json_object_object_foreach(paths, path, item) {
		n = 0;
		in = 0;
		for (p = path; *p != '\0' && n + 3 < sizeof(norm); p++) {
			if (*p == '{') {
				norm[n++] = '{';
				norm[n++] = '}';
				in = 1;
			} else if (*p == '}')
				in = 0;
			else if (!in)
				norm[n++] = *p;
		}
		norm[n] = '\0';
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			if (!json_object_object_get_ex(item, methods[i], &op))
				continue;
			for (p = methods[i]; *p != '\0'; p++)
				putchar(toupper((unsigned char)*p));
			printf(" %s\n", norm);
		}
	}
	return 0;
}

/* Every $ref under o resolves; bad refs are counted on stderr. */
static int
refs_ok(struct json_object *o, const char *where, int depth)
{
	char	 w[MAX_PTR];
	size_t	 i, n;
	int	 bad = 0;

	if (depth > MAX_DEPTH)
		return 1;
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++) {
			char	 num[32];

			snprintf(num, sizeof(num), "%zu", i);
			ptr_add(w, sizeof(w), where, num);
			bad += refs_ok(json_object_array_get_idx(o, i), w,
			    depth + 1);
		}
		return bad;
	}
	if (!json_object_is_type(o, json_type_object))
		return 0;
	json_object_object_foreach(o, k, v) {
		ptr_add(w, sizeof(w), where, k);
		if (strcmp(k, "$ref") == 0 &&
		    json_object_is_type(v, json_type_string)) {
			if (resolve(json_object_get_string(v)) == NULL) {
				fprintf(stderr, "%s: $ref %s does not "
				    "resolve\n", w, json_object_get_string(v));
				bad++;
			}
		} else
			bad += refs_ok(v, w, depth + 1);
	}
	return bad;
}

/* The document's structure; see the top of the file. */
static int
lint(void)
{
	struct json_object	*v, *paths, *op, *r;
	int			 bad = 0;
	size_t			 i;

	if (!json_object_object_get_ex(spec, "openapi", &v) ||
	    strncmp(json_object_get_string(v), "3.1.", 4) != 0) {
		fprintf(stderr, "openapi: not 3.1.x\n");
		bad++;
	}
	if (!json_object_object_get_ex(spec, "info", &v) ||
	    !json_object_object_get_ex(v, "title", NULL) ||
	    !json_object_object_get_ex(v, "version", NULL)) {
		fprintf(stderr, "info: title and version are required\n");
		bad++;
	}
	if (!json_object_object_get_ex(spec, "components", &v) ||
	    !json_object_is_type(v, json_type_object)) {
		fprintf(stderr, "components: missing\n");
		bad++;
	}
	if (!json_object_object_get_ex(spec, "paths", &paths) ||
	    !json_object_is_type(paths, json_type_object)) {
		fprintf(stderr, "paths: missing\n");
		return 1;
	}
	json_object_object_foreach(paths, path, item) {
		if (path[0] != '/') {
			fprintf(stderr, "paths: %s does not start with /\n",
			    path);
			bad++;
		}
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			if (!json_object_object_get_ex(item, methods[i], &op))
				continue;
			if (!json_object_object_get_ex(op, "responses", &r) ||
			    json_object_object_length(r) == 0) {
				fprintf(stderr, "%s %s: no responses\n",
				    methods[i], path);
				bad++;
				continue;
			}
			json_object_object_foreach(r, st, resp) {
				if (deref(resp) == NULL ||
				    !json_object_object_get_ex(deref(resp),
				    "description", NULL)) {
					fprintf(stderr, "%s %s %s: a response "
					    "needs a description\n",
					    methods[i], path, st);
					bad++;
				}
			}
		}
	}
	bad += refs_ok(spec, "#", 0);
	return bad > 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: openapi-check SPEC response METHOD PATH "
	    "STATUS CTYPE BODYFILE\n"
	    "       openapi-check SPEC routes | lint\n"
	    "       openapi-check SPEC validate SCHEMA JSONFILE\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	char	*text;
	size_t	 len;
	int	 rc;

	if (argc < 3)
		usage();
	if ((text = slurp(argv[1], &len)) == NULL) {
		fprintf(stderr, "%s: cannot read\n", argv[1]);
		return 2;
	}
	spec = parse(argv[1], text, len);
	free(text);
	if (spec == NULL)
		return 2;
	if (strcmp(argv[2], "response") == 0 && argc == 8)
		rc = check_response(argv[3], argv[4], argv[5], argv[6],
		    argv[7]);
	else if (strcmp(argv[2], "routes") == 0 && argc == 3)
		rc = routes();
	else if (strcmp(argv[2], "lint") == 0 && argc == 3)
		rc = lint();
	else if (strcmp(argv[2], "validate") == 0 && argc == 5) {
		struct json_object	*x, *s;
		char			 ref[MAX_PTR];

		snprintf(ref, sizeof(ref), "#/components/schemas/%s",
		    argv[3]);
		if ((s = resolve(ref)) == NULL) {
			fprintf(stderr, "%s: no such schema\n", ref);
			rc = 2;
		} else if ((text = slurp(argv[4], &len)) == NULL ||
		    (x = parse(argv[4], text, len)) == NULL) {
			free(text);
			rc = 2;
		} else {
			free(text);
			errmsg[0] = '\0';
			rc = validate(x, s, "", ref, 0) == -1;
			if (rc)
				fprintf(stderr, "%s\n", errmsg);
			json_object_put(x);
		}
	} else
		usage();
	json_object_put(spec);
	return rc;
}
