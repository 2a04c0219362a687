/* SPDX-License-Identifier: ISC */
/*
 * kick-link-fuzz.c: a fuzz harness for the Kick VOD link parser
 * (ac_kick_link_parse); the input is the link text.
 *
 * A refused link leaves the result empty with a message; an accepted one
 * gives a lower-case 8-4-4-4-12 UUID and an empty or valid channel slug,
 * and the canonical links made from them parse to the same result.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "kick/kick.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_uuid(const char *u)
{
	size_t	 i;

	if (strlen(u) != 36 || !ac_valid_uuid(u))
		abort();
	for (i = 0; i < 36; i++)
		if (isupper((unsigned char)u[i]))
			abort();
}

static void
check_slug(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n >= AC_KICK_SLUG_MAX)
		abort();
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ac_kick_link	 l, again;
	char			*s, url[256];
	struct ac_error	 err;
	size_t			 i;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	memset(&l, 0xa5, sizeof(l));
	if (ac_kick_link_parse(s, &l, &err) != AC_OK) {
		for (i = 0; i < sizeof(l); i++)
			if (((const char *)&l)[i] != 0)
				abort();
		if (err.text[0] == '\0')
			abort();
		free(s);
		return 0;
	}
	check_uuid(l.uuid);
	check_slug(l.channel);
	snprintf(url, sizeof(url), "https://kick.com/video/%s", l.uuid);
	if (ac_kick_link_parse(url, &again, &err) != AC_OK ||
	    strcmp(again.uuid, l.uuid) != 0 || again.channel[0] != '\0')
		abort();
	if (l.channel[0] != '\0') {
		snprintf(url, sizeof(url), "kick.com/%s/videos/%s", l.channel,
		    l.uuid);
		if (ac_kick_link_parse(url, &again, &err) !=
		    AC_OK || strcmp(again.uuid, l.uuid) != 0 ||
		    strcmp(again.channel, l.channel) != 0)
			abort();
	}
	free(s);
	return 0;
}
