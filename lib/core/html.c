/* SPDX-License-Identifier: ISC */
/*
 * html.c: the one place where text becomes HTML or XML (pages rendered
 * by the programs, the SVG chart of the engine's reports): a core text
 * concern, so that the engine needs no layer above core.  Every byte of
 * user text (titles, channels, chat, parameters) goes through
 * ac_html_text; markup comes only from the program's own literals
 * through ac_html_fmt.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/*
 * Escape for character data and (double- or single-quoted) attribute
 * values: & < > " ' become references; control bytes other than tab,
 * newline and carriage return are dropped (not allowed in XML 1.0);
 * bytes that are not valid UTF-8 become U+FFFD.
 */
int
ac_html_text(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *e;
	size_t			 n;

	if (s == NULL)
		return 0;
	e = p + strlen(s);
	while (*p != '\0') {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if (*p < 0x20) {
				if (*p == '\t' || *p == '\n' || *p == '\r')
					fputc(*p, f);
				break;
			}
			if (*p < 0x80) {
				fputc(*p, f);
				break;
			}
			n = ac__utf8_seq(p, e);
			if (n == 0) {
				fputs("\xef\xbf\xbd", f);
				break;
			}
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
	return ferror(f) ? -1 : 0;
}

/*
 * A string for a URL query or path component: unreserved characters as
 * they are, every other byte %XX.  Safe in an attribute without further
 * escaping.
 */
int
ac_html_url(FILE *f, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			fputc(*p, f);
		else {
			fputc('%', f);
			fputc(hex[*p >> 4], f);
			fputc(hex[*p & 15], f);
		}
	}
	return ferror(f) ? -1 : 0;
}

/*
 * A small printf for markup: the format is the program's own literal
 * markup; %s is escaped text (ac_html_text), %u a URL component
 * (ac_html_url), %d an int, %I an int64_t, %.Nf a double with N (0-9)
 * decimals, %% a percent sign.  Anything else in a conversion is a bug
 * and stops the output (-1).
 */
int
ac_html_fmt(FILE *f, const char *fmt, ...)
{
	va_list		 ap;
	const char	*p;
	int		 rc = 0, digits;

	va_start(ap, fmt);
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			fputc(*p, f);
			continue;
		}
		switch (*++p) {
		case 's':
			ac_html_text(f, va_arg(ap, const char *));
			break;
		case 'u':
			ac_html_url(f, va_arg(ap, const char *));
			break;
		case 'd':
			fprintf(f, "%d", va_arg(ap, int));
			break;
		case 'I':
			fprintf(f, "%" PRId64, va_arg(ap, int64_t));
			break;
		case '%':
			fputc('%', f);
			break;
		case '.':
			if (p[1] < '0' || p[1] > '9' || p[2] != 'f') {
				rc = -1;
				goto out;
			}
			digits = p[1] - '0';
			p += 2;
			fprintf(f, "%.*f", digits, va_arg(ap, double));
			break;
		default:
			rc = -1;
			goto out;
		}
	}
out:
	va_end(ap);
	return rc == 0 && !ferror(f) ? 0 : -1;
}
