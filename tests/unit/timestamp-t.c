/* SPDX-License-Identifier: ISC */
/* timestamp-t.c: parsing and formatting of date-times and durations. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "../tools/tap.h"

#define T0	1756082443.0	/* 2025-08-25T00:40:43Z */

static void
good(const char *s, double want)
{
	double	 got = NAN;
	int	 r;

	r = ac_ts_parse(s, strlen(s), &got);
	ok(r == 0 && fabs(got - want) < 1e-6,
	    "parse \"%s\" = %.6f (got %d, %.6f)", s, want, r, got);
}

static void
bad(const char *s)
{
	double	 got = 0;

	is_int(ac_ts_parse(s, strlen(s), &got), -1, "reject \"%s\"", s);
}

static void
fmt(double t, const char *want)
{
	char	 buf[64];
	int	 n;

	n = ac_ts_format(t, buf, sizeof(buf));
	ok(n == (int)strlen(want) && strcmp(buf, want) == 0,
	    "format %.4f = %s (got %d \"%s\")", t, want, n, n < 0 ? "" : buf);
}

static void
hms(double t, const char *want)
{
	char	 buf[64];
	int	 n;

	n = ac_ts_hms(t, buf, sizeof(buf));
	ok(n == (int)strlen(want) && strcmp(buf, want) == 0,
	    "hms %.2f = %s (got %d \"%s\")", t, want, n, n < 0 ? "" : buf);
}

int
main(void)
{
	char	 buf[64];
	double	 t, back;
	int	 i, n, bad_rt = 0;

	plan_lazy();

	/* formats */
	good("2025-08-25T00:40:43Z", T0);
	good("2025-08-25t00:40:43z", T0);
	good("2025-08-25 00:40:43", T0);
	good("2025-08-25T00:40:43", T0);
	good("2025-08-25 00:40:43Z", T0);
	good("2025-08-25T00:40:43.000000Z", T0);
	good("2025-08-25T00:40:43.5Z", T0 + 0.5);
	good("2025-08-25T00:40:43,25Z", T0 + 0.25);
	good("2025-08-25T00:40:43.123456789123Z", T0 + 0.123456789);
	good("2025-08-25T02:40:43+02:00", T0);
	good("2025-08-25T02:40:43+0200", T0);
	good("2025-08-25T02:40:43+02", T0);
	good("2025-08-24T19:10:43-05:30", T0);
	good("2025-08-25T00:40:43.123456+02:00", T0 - 7200 + 0.123456);
	good("2025-08-25T00:40:43-00:00", T0);
	good("1970-01-01T00:00:00Z", 0);
	good("1969-12-31T23:59:59Z", -1);
	good("2000-02-29T12:00:00Z", 951825600);
	good("2024-02-29 00:00:00", 1709164800);
	good("2016-12-31T23:59:60Z", 1483228799);	/* leap second */
	good("9999-12-31T23:59:59Z", 253402300799.0);
	good("0000-01-01T00:00:00Z", -62167219200.0);

	/* invalid dates and garbage */
	bad("2025-02-29T00:00:00Z");
	bad("1900-02-29T00:00:00Z");
	bad("2025-04-31T00:00:00Z");
	bad("2025-13-01T00:00:00Z");
	bad("2025-00-01T00:00:00Z");
	bad("2025-01-00T00:00:00Z");
	bad("2025-01-32T00:00:00Z");
	bad("2025-08-25T24:00:00Z");
	bad("2025-08-25T23:60:00Z");
	bad("2025-08-25T23:59:61Z");
	bad("2025-08-25T00:40:43.Z");
	bad("2025-08-25T00:40:43+24:00");
	bad("2025-08-25T00:40:43+02:60");
	bad("2025-08-25T00:40:43+2");
	bad("2025-08-25T00:40:43+02:");
	bad("2025-08-25T00:40:43 ");
	bad(" 2025-08-25T00:40:43");
	bad("2025-08-25T00:40:43ZZ");
	bad("2025-08-25X00:40:43Z");
	bad("2025-8-25T00:40:43Z");
	bad("2025-08-25T0:40:43Z");
	bad("2025-08-25");
	bad("2025-08-25T00:40");
	bad("");
	bad("garbage");
	bad("1756082443");
	bad("２025-08-25T00:40:43Z");
	is_int(ac_ts_parse("2025-08-25T00:40:43Zjunk", 20, &t), 0,
	    "only len bytes are read");
	is_int(ac_ts_parse("2025-08-25T00:40:43Z", 19, &t), 0,
	    "a cut length is still a date-time");
	is_int(ac_ts_parse("2025-08-25T00:40:4", 18, &t), -1,
	    "too short");
	is_int(ac_ts_parse(NULL, 0, &t), -1, "NULL");

	/* formatting */
	fmt(T0, "2025-08-25T00:40:43Z");
	fmt(T0 + 0.5, "2025-08-25T00:40:43.5Z");
	fmt(T0 + 0.25, "2025-08-25T00:40:43.25Z");
	fmt(T0 + 0.125, "2025-08-25T00:40:43.125Z");
	fmt(T0 + 0.0004, "2025-08-25T00:40:43Z");
	fmt(T0 + 0.9996, "2025-08-25T00:40:44Z");
	fmt(0, "1970-01-01T00:00:00Z");
	fmt(-1, "1969-12-31T23:59:59Z");
	fmt(-0.5, "1969-12-31T23:59:59.5Z");
	fmt(951825600, "2000-02-29T12:00:00Z");
	fmt(253402300799.0, "9999-12-31T23:59:59Z");
	is_int(ac_ts_format(253402300800.0, buf, sizeof(buf)), -1,
	    "year 10000 is refused");
	is_int(ac_ts_format(NAN, buf, sizeof(buf)), -1, "NaN is refused");
	is_int(ac_ts_format(INFINITY, buf, sizeof(buf)), -1, "inf is refused");
	is_int(ac_ts_format(T0, buf, 20), -1, "buffer too small");
	is_int(ac_ts_format(T0, buf, 21), 20, "buffer just large enough");

	/* format and parse agree across the calendar */
	srand(7);
	for (i = 0; i < 20000; i++) {
		t = floor(((double)rand() / RAND_MAX) * 253402300799.0 * 1.2 -
		    253402300799.0 * 0.2);
		if (t < -62167219200.0)
			continue;
		if (i % 3 == 0)
			t += 0.125;
		n = ac_ts_format(t, buf, sizeof(buf));
		if (n < 0 || ac_ts_parse(buf, (size_t)n, &back) < 0 ||
		    back != t) {
			if (bad_rt++ == 0)
				diag("round trip of %.3f: \"%s\"", t, buf);
		}
	}
	is_int(bad_rt, 0, "20000 random times round-trip");

	/* durations */
	hms(0, "0:00:00");
	hms(59.4, "0:00:59");
	hms(59.6, "0:01:00");
	hms(3725, "1:02:05");
	hms(-61, "-0:01:01");
	hms(-0.2, "0:00:00");
	hms(360000, "100:00:00");
	is_int(ac_ts_hms(NAN, buf, sizeof(buf)), -1, "hms NaN");
	is_int(ac_ts_hms(3725, buf, 7), -1, "hms buffer too small");
	is_int(ac_ts_hms(3725, buf, 8), 7, "hms buffer just large enough");
	return done_testing();
}
