/* SPDX-License-Identifier: ISC */
/* form.c: strict application/x-www-form-urlencoded and typed key values. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"

#define STRING_MAX_DEFAULT	 256	/* STRING/FILENAME bytes when max is 0 */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

ssize_t
ac__pct_decode(const char *s, size_t len, int plus, char *out)
{
	size_t	 i, n = 0;
	int	 h, l;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (h = hexval((unsigned char)s[i + 1]))
			    < 0 || (l = hexval((unsigned char)s[i + 2])) < 0)
				return -1;
			out[n++] = (char)(h << 4 | l);
			i += 2;
		} else if (s[i] == '+' && plus)
			out[n++] = ' ';
		else
			out[n++] = s[i];
	}
	out[n] = '\0';
	return (ssize_t)n;
}

void
ac_values_clear(struct ac_value *v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].s);
		memset(&v[i], 0, sizeof(v[i]));
	}
}

enum ac_err
ac_value_set(const struct ac_key *k, const char *s, size_t len,
    struct ac_value *v, struct ac_error *err)
{
	const char	*want = NULL;
	char		 fn[STRING_MAX_DEFAULT + 1], *copy;
	size_t		 max, i;
	int64_t		 iv = 0;
	int		 e;

	max = k->max > 0 ? (size_t)k->max : STRING_MAX_DEFAULT;
	if (memchr(s, '\0', len) != NULL || !ac_valid_utf8(s, len))
		return ac_error_set(err, AC_ERR_SYNTAX,
		    "%s: not valid UTF-8 text", k->name);
	/* The validators read a NUL-terminated copy. */
	free(v->s);
	memset(v, 0, sizeof(*v));
	if ((copy = malloc(len + 1)) == NULL)
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	memcpy(copy, s, len);
	copy[len] = '\0';
	s = copy;
	switch (k->kind) {
	case AC_KIND_INT:
		if (!ac_valid_int(s, k->min, k->max, &iv)) {
			ac_error_set(err, AC_ERR_VALUE,
			    "%s: must be an integer "
			    "from %lld to %lld", k->name, (long long)k->min,
			    (long long)k->max);
			free(copy);
			return AC_ERR_VALUE;
		}
		break;
	case AC_KIND_ID:
		want = ac_valid_id(s, &iv) ? NULL : "a positive integer";
		break;
	case AC_KIND_VOD:
		want = ac_valid_vod_id(s) ? NULL : "a VOD id";
		break;
	case AC_KIND_UUID:
		want = ac_valid_uuid(s) ? NULL : "a UUID";
		break;
	case AC_KIND_ENUM:
		if ((e = ac_valid_enum(s, k->values)) < 0) {
			ac_error_set(err, AC_ERR_VALUE,
			    "%s: not an accepted value",
			    k->name);
			free(copy);
			return AC_ERR_VALUE;
		}
		iv = e;
		break;
	case AC_KIND_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			iv = 1;
		else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			iv = 0;
		else
			want = "true or false";
		break;
	case AC_KIND_STRING:
	case AC_KIND_FILENAME:
		if (len > max) {
			ac_error_set(err, AC_ERR_LIMIT,
			    "%s: longer than %zu bytes",
			    k->name, max);
			free(copy);
			return AC_ERR_LIMIT;
		}
		for (i = 0; i < len; i++)
			if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
			    s[i] == 0x7f)
				want = "text without control characters";
		break;
	default:
		want = "declared with a known kind";
		break;
	}
	if (want != NULL) {
		ac_error_set(err, AC_ERR_VALUE, "%s: must be %s", k->name,
		    want);
		free(copy);
		return AC_ERR_VALUE;
	}
	if (k->kind == AC_KIND_FILENAME) {
		ac_valid_filename(copy, fn, max + 1 < sizeof(fn) ? max + 1 :
		    sizeof(fn));
		free(copy);
		if ((copy = strdup(fn)) == NULL)
			return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		len = strlen(copy);
	}
	v->s = copy;
	if (k->kind == AC_KIND_UUID)
		for (i = 0; i < len; i++)
			if (v->s[i] >= 'A' && v->s[i] <= 'F')
				v->s[i] += 'a' - 'A';
	v->len = len;
	v->i = iv;
	v->present = 1;
	return AC_OK;
}

enum ac_err
ac_form_parse(const char *s, size_t len, const struct ac_key *keys,
    size_t nkeys, struct ac_value *vals, struct ac_error *err)
{
	const char	*p, *e, *eq;
	char		*key = NULL, *val = NULL;
	size_t		 pairs = 0, i, kl, vl;
	ssize_t		 dk, dv;
	enum ac_err	 rc = AC_OK;

	memset(vals, 0, nkeys * sizeof(*vals));
	ac_error_clear(err);
	if (len == 0)
		return AC_OK;
	if ((key = malloc(len + 1)) == NULL || (val = malloc(len + 1)) ==
	    NULL) {
		rc = ac_error_set(err, AC_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (p = s; p <= s + len; p = e + 1) {
		e = memchr(p, '&', (size_t)(s + len - p));
		if (e == NULL)
			e = s + len;
		if (e == p) {
			ac_error_set(err, AC_ERR_SYNTAX, "empty parameter");
			rc = AC_ERR_SYNTAX;
			goto done;
		}
		if (++pairs > AC_MAX_QUERY_KEYS) {
			ac_error_set(err, AC_ERR_LIMIT,
			    "more than %d parameters",
			    AC_MAX_QUERY_KEYS);
			rc = AC_ERR_LIMIT;
			goto done;
		}
		eq = memchr(p, '=', (size_t)(e - p));
		kl = (size_t)((eq != NULL ? eq : e) - p);
		vl = eq != NULL ? (size_t)(e - eq - 1) : 0;
		if ((dk = ac__pct_decode(p, kl, 1, key)) < 0 ||
		    (dv = ac__pct_decode(eq != NULL ? eq + 1 : e, vl, 1,
		    val)) < 0) {
			rc = ac_error_set(err, AC_ERR_SYNTAX, "bad %%-escape");
			goto done;
		}
		if (dk == 0 || memchr(key, '\0', (size_t)dk) != NULL ||
		    !ac_valid_utf8(key, (size_t)dk)) {
			ac_error_set(err, AC_ERR_SYNTAX, "bad parameter name");
			rc = AC_ERR_SYNTAX;
			goto done;
		}
		for (i = 0; i < nkeys; i++)
			if (strcmp(keys[i].name, key) == 0)
				break;
		if (i == nkeys) {
			/* Name only printable ASCII keys back. */
			size_t	 j;

			for (j = 0; j < (size_t)dk; j++)
				if (key[j] < 0x21 || key[j] > 0x7e)
					break;
			if (j == (size_t)dk && dk <= 64)
				ac_error_set(err, AC_ERR_VALUE,
				    "unknown parameter '%s'", key);
			else
				ac_error_set(err, AC_ERR_VALUE,
				    "unknown parameter");
			rc = AC_ERR_VALUE;
			goto done;
		}
		if (vals[i].present) {
			ac_error_set(err, AC_ERR_VALUE,
			    "parameter '%s' given twice",
			    keys[i].name);
			rc = AC_ERR_VALUE;
			goto done;
		}
		if ((rc = ac_value_set(&keys[i], val, (size_t)dv, &vals[i],
		    err)) != AC_OK)
			goto done;
		if (e == s + len)
			break;
	}
done:
	free(key);
	free(val);
	return rc;
}
