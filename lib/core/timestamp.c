/* SPDX-License-Identifier: ISC */
/* timestamp.c: ISO 8601 and Kick date-times to and from epoch seconds. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

#define TS_FRAC_DIGITS	9	/* fraction digits that count; more are read */
#define TS_MIN_EPOCH	(-62167219200.0)	/* 0000-01-01T00:00:00Z */
#define TS_MAX_EPOCH	(253402300800.0)	/* 10000-01-01T00:00:00Z */
#define HMS_MAX		1e15	/* larger durations are refused */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t		 era;
	unsigned int	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned int *m, unsigned int *d)
{
	int64_t		 era;
	unsigned int	 doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned int)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int
days_in_month(int64_t y, unsigned int m)
{
	static const unsigned char dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* n decimal digits at s[*i]; -1 unless all are digits. */
static int
digits(const char *s, size_t len, size_t *i, int n)
{
	int	 v = 0;

	if (len - *i < (size_t)n)
		return -1;
	while (n-- > 0) {
		if (s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return v;
}

static int
expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return -1;
	(*i)++;
	return 0;
}

int
ac_ts_parse(const char *s, size_t len, double *epoch)
{
	size_t		 i = 0;
	int		 y, mo, d, h, mi, sec, oh, om, sign, nd;
	double		 frac = 0.0, scale = 0.1;
	int64_t		 days, off = 0;

	if (s == NULL)
		return -1;
	if ((y = digits(s, len, &i, 4)) < 0 || expect(s, len, &i, '-') ||
	    (mo = digits(s, len, &i, 2)) < 0 || expect(s, len, &i, '-') ||
	    (d = digits(s, len, &i, 2)) < 0)
		return -1;
	if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
		return -1;
	i++;
	if ((h = digits(s, len, &i, 2)) < 0 || expect(s, len, &i, ':') ||
	    (mi = digits(s, len, &i, 2)) < 0 || expect(s, len, &i, ':') ||
	    (sec = digits(s, len, &i, 2)) < 0)
		return -1;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		i++;
		for (nd = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++, nd++)
			if (nd < TS_FRAC_DIGITS) {
				frac += (s[i] - '0') * scale;
				scale /= 10;
			}
		if (nd == 0)
			return -1;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z'))
		i++;
	else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '-' ? -1 : 1;
		if ((oh = digits(s, len, &i, 2)) < 0)
			return -1;
		om = 0;
		if (i < len) {
			if (s[i] == ':')
				i++;
			if ((om = digits(s, len, &i, 2)) < 0)
				return -1;
		}
		if (oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 3600 + om * 60);
	}
	if (i != len)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 ||
	    (unsigned int)d > days_in_month(y, (unsigned int)mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;	/* a leap second */
	days = days_from_civil(y, (unsigned int)mo, (unsigned int)d);
	*epoch = (double)(days * 86400 + h * 3600 + mi * 60 + sec - off) +
	    frac;
	return 0;
}

int
ac_ts_format(double epoch, char *buf, size_t size)
{
	long long	 ms, secs, rem;
	int64_t		 days, y;
	unsigned int	 m, d;
	int		 n, k;
	char		 fr[8];

	if (!isfinite(epoch) || epoch < TS_MIN_EPOCH || epoch >= TS_MAX_EPOCH)
		return -1;
	ms = llround(epoch * 1000.0);
	secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	rem = ms - secs * 1000;
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	secs -= days * 86400;
	civil_from_days(days, &y, &m, &d);
	if (y > 9999)
		return -1;
	fr[0] = '\0';
	if (rem != 0) {
		fr[0] = '.';
		fr[1] = (char)('0' + rem / 100);
		fr[2] = (char)('0' + rem / 10 % 10);
		fr[3] = (char)('0' + rem % 10);
		fr[4] = '\0';
		for (k = 3; k > 1 && fr[k] == '0'; k--)
			fr[k] = '\0';
	}
	n = snprintf(buf, size, "%04lld-%02u-%02uT%02lld:%02lld:%02lld%sZ",
	    (long long)y, m, d, secs / 3600, secs / 60 % 60, secs % 60, fr);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}

int
ac_ts_hms(double seconds, char *buf, size_t size)
{
	long long	 t;
	int		 n;

	if (!isfinite(seconds) || fabs(seconds) > HMS_MAX)
		return -1;
	t = llround(fabs(seconds));
	n = snprintf(buf, size, "%s%lld:%02lld:%02lld",
	    seconds < 0 && t > 0 ? "-" : "", t / 3600, t / 60 % 60, t % 60);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}
