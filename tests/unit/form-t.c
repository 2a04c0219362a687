/* SPDX-License-Identifier: ISC */
/* form-t.c: strict urlencoded decoding, typed values and validators. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "web/web.h"
#include "../tools/tap.h"

static const char *const colours[] = { "red", "green", NULL };

static const struct ac_key keys[] = {
	{ "n", AC_KIND_INT, -5, 100, NULL },			/* 0 */
	{ "id", AC_KIND_ID, 0, 0, NULL },			/* 1 */
	{ "vod", AC_KIND_VOD, 0, 0, NULL },			/* 2 */
	{ "u", AC_KIND_UUID, 0, 0, NULL },			/* 3 */
	{ "c", AC_KIND_ENUM, 0, 0, colours },			/* 4 */
	{ "b", AC_KIND_BOOL, 0, 0, NULL },			/* 5 */
	{ "s", AC_KIND_STRING, 0, 8, NULL },			/* 6 */
	{ "f", AC_KIND_FILENAME, 0, 32, NULL },			/* 7 */
	{ "k y", AC_KIND_STRING, 0, 0, NULL },			/* 8 */
};
#define NKEYS	 (sizeof(keys) / sizeof(keys[0]))

static struct ac_value	 v[NKEYS];
static struct ac_error		 err;

static enum ac_err
p(const char *s)
{
	ac_values_clear(v, NKEYS);
	return ac_form_parse(s, strlen(s), keys, NKEYS, v, &err);
}

static void
decoding(void)
{
	is_int(p(""), AC_OK, "empty text");
	ok(!v[0].present, "nothing present");
	is_int(p("n=5&s=a+b%20c"), AC_OK, "two keys");
	is_int(v[0].i, 5, "int value");
	is_str(v[6].s, "a b c", "plus and %%20 are spaces");
	is_int((long long)v[6].len, 5, "length");
	is_int(p("s=%41%62"), AC_OK, "upper/lower hex");
	is_str(v[6].s, "Ab", "hex decoded");
	is_int(p("s=%c3%a9"), AC_OK, "UTF-8 escape");
	is_str(v[6].s, "\xc3\xa9", "é");
	is_int(p("k+y=1"), AC_OK, "key decoded too");
	is_str(v[8].s, "1", "'k y' key");
	is_int(p("s="), AC_OK, "empty value");
	is_str(v[6].s, "", "empty string");
	is_int(p("s"), AC_OK, "key without '='");
	is_str(v[6].s, "", "key without '=' is empty");
	is_int(p("s=a=b"), AC_OK, "'=' in a value");
	is_str(v[6].s, "a=b", "second '=' kept");

	is_int(p("s=%"), AC_ERR_SYNTAX, "lone %%");
	is_int(p("s=%4"), AC_ERR_SYNTAX, "short escape");
	is_int(p("s=%g1"), AC_ERR_SYNTAX, "bad hex");
	is_int(p("s=%00"), AC_ERR_SYNTAX, "NUL");
	is_int(p("s=%ff"), AC_ERR_SYNTAX, "invalid UTF-8");
	is_int(p("s=%c0%af"), AC_ERR_SYNTAX, "overlong UTF-8");
	is_int(p("s=%ed%a0%80"), AC_ERR_SYNTAX, "surrogate");
	is_int(p("s=%01"), AC_ERR_VALUE, "control byte");
	is_int(p("&s=1"), AC_ERR_SYNTAX, "leading &");
	is_int(p("s=1&&n=1"), AC_ERR_SYNTAX, "empty pair");
	is_int(p("s=1&"), AC_ERR_SYNTAX, "trailing &");
	is_int(p("=1"), AC_ERR_SYNTAX, "empty key");
	is_int(p("zz=1"), AC_ERR_VALUE, "unknown key");
	is_str(err.text, "unknown parameter 'zz'", "unknown key named");
	is_int(p("%ff=1"), AC_ERR_SYNTAX, "key bad UTF-8");
	is_int(p("s=1&s=2"), AC_ERR_VALUE, "duplicate");
	is_str(err.text, "parameter 's' given twice", "duplicate named");
	is_int(p("s=123456789"), AC_ERR_LIMIT, "string over max");
	is_int(p("s=12345678"), AC_OK, "string at max");
	is_int(p("n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&"
	    "n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&n=1&"
	    "n=1&n=1&n=1&n=1"), AC_ERR_VALUE, "duplicates caught first");
}

static void
kinds(void)
{
	is_int(p("n=-5"), AC_OK, "int min");
	is_int(v[0].i, -5, "negative");
	is_int(p("n=-6"), AC_ERR_VALUE, "below min");
	is_int(p("n=101"), AC_ERR_VALUE, "above max");
	is_int(p("n=1e2"), AC_ERR_VALUE, "exponent");
	is_int(p("n=0x1"), AC_ERR_VALUE, "hex");
	is_int(p("n=+1"), AC_ERR_VALUE, "plus");
	is_int(p("n=%201"), AC_ERR_VALUE, "space");
	is_int(p("n=01"), AC_ERR_VALUE, "leading zero");
	is_int(p("n=-0"), AC_OK, "-0");
	is_int(p("n="), AC_ERR_VALUE, "empty int");
	is_int(p("id=9223372036854775807"), AC_OK, "id max");
	is_int(p("id=9223372036854775808"), AC_ERR_VALUE, "id overflow");
	is_int(p("id=0"), AC_ERR_VALUE, "id 0");
	is_int(p("id=1%27%20OR%201%3D1"), AC_ERR_VALUE, "SQL in id");
	is_int(p("vod=abc-DEF_1"), AC_OK, "vod");
	is_int(p("vod=-abc"), AC_ERR_VALUE, "vod starting with '-'");
	is_int(p("vod=a%2Fb"), AC_ERR_VALUE, "vod with '/'");
	is_int(p("vod=..%2F..%2Fetc"), AC_ERR_VALUE, "vod traversal");
	is_int(p("u=0F8FAD5B-D9CB-469F-A165-70867728950E"), AC_OK, "uuid");
	is_str(v[3].s, "0f8fad5b-d9cb-469f-a165-70867728950e", "lower-cased");
	is_int(p("u=0f8fad5b-d9cb-469f-a165-70867728950"), AC_ERR_VALUE,
	    "short uuid");
	is_int(p("u=0f8fad5bd9cb-469f-a165-70867728950e0"), AC_ERR_VALUE,
	    "misplaced dash");
	is_int(p("c=green"), AC_OK, "enum");
	is_int(v[4].i, 1, "enum index");
	is_int(p("c=Green"), AC_ERR_VALUE, "enum is exact");
	is_int(p("b=true"), AC_OK, "bool");
	is_int(v[5].i, 1, "true");
	is_int(p("b=0"), AC_OK, "bool 0");
	is_int(v[5].i, 0, "0 is false");
	is_int(p("b=yes"), AC_ERR_VALUE, "bool yes refused");
	is_int(p("f=..%2F..%2Fetc%2Fpasswd"), AC_OK, "filename sanitised");
	is_str(v[7].s, "passwd", "last component only");
	is_int(p("f=.."), AC_OK, "filename ..");
	is_str(v[7].s, "file", "nothing left: 'file'");
	is_int(p("f=C:%5Cx%5Cmy%20clip%21.ts"), AC_OK, "windows path");
	is_str(v[7].s, "my_clip_.ts", "backslashes and odd bytes");
	is_int(p("f=.hidden"), AC_OK, "dot file");
	is_str(v[7].s, "hidden", "no leading dot");
	ac_values_clear(v, NKEYS);
}

static void
validators(void)
{
	char		 out[16];
	int64_t		 i;

	ok(ac_valid_int("42", 0, 100, &i) && i == 42, "valid_int");
	ok(!ac_valid_int("", 0, 100, &i), "empty");
	ok(!ac_valid_int("-", -1, 100, &i), "lone minus");
	ok(!ac_valid_int("99999999999999999999", INT64_MIN, INT64_MAX, &i),
	    "overflow");
	ok(ac_valid_int("-9223372036854775808", INT64_MIN, INT64_MAX, &i) &&
	    i == INT64_MIN, "INT64_MIN");
	ok(ac_valid_id("1", &i) && !ac_valid_id("-1", &i), "valid_id");
	ok(ac_valid_utf8("\xf0\x9f\x98\x82", 4), "emoji");
	ok(!ac_valid_utf8("\xf0\x9f\x98", 3), "cut emoji");
	ok(!ac_valid_utf8("\xf4\x90\x80\x80", 4), "above U+10FFFF");
	ok(!ac_valid_utf8("\xe0\x80\xaf", 3), "overlong 3-byte");
	ok(!ac_valid_utf8("\xc1\xbf", 2), "overlong 2-byte");
	ok(ac_valid_utf8("a\0b", 3), "NUL is UTF-8 (callers refuse it)");
	is_int(ac_valid_enum("red", colours), 0, "enum red");
	is_int(ac_valid_enum("blue", colours), -1, "enum blue");
	is_str(ac_valid_filename("a/b/c.mp4", out, sizeof(out)), "c.mp4",
	    "filename basename");
	is_str(ac_valid_filename("averyveryverylongname.mp4", out,
	    sizeof(out)), "averyveryverylo", "filename cut to size");
	is_str(ac_valid_filename("x\r\nSet-Cookie: a", out, sizeof(out)),
	    "x_Set-Cookie_a", "CR LF and spaces folded");
	is_str(ac_valid_filename(NULL, out, sizeof(out)), "file", "NULL");
	is_str(ac_valid_filename("\"';<>", out, sizeof(out)), "file",
	    "only unsafe bytes");
}

int
main(void)
{
	plan_lazy();
	decoding();
	kinds();
	validators();
	return done_testing();
}
