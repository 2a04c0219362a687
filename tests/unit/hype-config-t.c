/* SPDX-License-Identifier: ISC */
/*
 * hype-config-t.c: the analysis parameters: defaults, names and help,
 * setting by name, ranges, the whole-configuration check.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "autoclip.h"
#include "../tools/tap.h"

static void
test_config(void)
{
	struct ac_hype_config	 c;
	struct ac_error	 err;
	size_t			 i, n = ac_hype_config_count();
	int			 allnamed = 1;

	ac_hype_config_default(&c);
	is_double(c.base_score, 1.0, 1e-9, "default base_score");
	is_double(c.laugh_bonus, 0.5, 1e-9, "default laugh_bonus (small)");
	is_double(c.emote_bonus, 0.25, 1e-9, "default emote_bonus (small)");
	is_double(c.learned_bonus, 2.0, 1e-9, "default learned_bonus");
	ok(c.max_message_score <= 4, "default max_message_score bounds "
	    "vocabulary (%g)", c.max_message_score);
	is_int(c.max_clips, 20, "default max_clips");
	is_double(c.timeline_step_s, 1.0, 1e-9, "default timeline_step_s");
	is_int(ac_hype_config_check(&c, &err), AC_OK,
	    "defaults pass the check");
	ok(n >= 20, "%zu parameters", n);
	for (i = 0; i < n; i++)
		if (ac_hype_config_name(i) == NULL ||
		    ac_hype_config_help(i) == NULL ||
		    ac_hype_config_help(i)[0] == '\0')
			allnamed = 0;
	ok(allnamed, "every parameter has a name and a help line");
	ok(ac_hype_config_name(n) == NULL && isnan(ac_hype_config_get(&c, n)),
	    "index past the end: NULL name, NaN value");

	is_int(ac_hype_config_set(&c, "window_s", "12.5", &err),
	    AC_OK, "set window_s");
	is_double(c.window_s, 12.5, 1e-9, "window_s is 12.5");
	for (i = 0; i < n; i++)
		if (strcmp(ac_hype_config_name(i), "window_s") == 0)
			is_double(ac_hype_config_get(&c, i), 12.5, 1e-9,
			    "get window_s by index");
	is_int(ac_hype_config_set(&c, "max_clips", "7", &err),
	    AC_OK, "set an integer parameter");
	is_int(c.max_clips, 7, "max_clips is 7");
	is_int(ac_hype_config_set(&c, "max_clips", "7.5", &err),
	    AC_ERR_VALUE, "an integer parameter refuses 7.5");
	is_int(ac_hype_config_set(&c, "nope", "1", &err),
	    AC_ERR_VALUE, "unknown key");
	ok(strstr(err.text, "nope") != NULL, "the message names the key: %s", err.text);
	is_int(ac_hype_config_set(&c, "window_s", "abc", &err),
	    AC_ERR_VALUE, "not a number");
	is_int(ac_hype_config_set(&c, "window_s", "12x", &err),
	    AC_ERR_VALUE, "trailing garbage");
	is_int(ac_hype_config_set(&c, "window_s", "", &err),
	    AC_ERR_VALUE, "empty value");
	is_int(ac_hype_config_set(&c, "window_s", "nan", &err),
	    AC_ERR_VALUE, "NaN");
	is_int(ac_hype_config_set(&c, "window_s", "1e999", &err),
	    AC_ERR_VALUE, "overflow");
	is_int(ac_hype_config_set(&c, "window_s", "0", &err),
	    AC_ERR_VALUE, "below the range");
	ok(strstr(err.text, "range") != NULL, "range message: %s", err.text);
	is_int(ac_hype_config_set(&c, "bot_weight", "1.5", &err),
	    AC_ERR_VALUE, "above the range");
	is_double(c.window_s, 12.5, 1e-9, "a refused value changes nothing");
	is_int(ac_hype_config_set(&c, "window_s", "12", NULL), AC_OK,
	    "NULL err is fine");

	ac_hype_config_default(&c);
	c.min_clip_s = 100;
	c.max_clip_s = 50;
	is_int(ac_hype_config_check(&c, &err), AC_ERR_VALUE,
	    "check: min_clip_s > max_clip_s");
	ok(strstr(err.text, "min_clip_s") != NULL, "message: %s", err.text);
	ac_hype_config_default(&c);
	c.threshold_k = -1;
	is_int(ac_hype_config_check(&c, &err), AC_ERR_VALUE,
	    "check: a field out of its range");
	ac_hype_config_default(&c);
	c.baseline_window_s = 60;
	c.baseline_exclude_s = 30;
	is_int(ac_hype_config_check(&c, &err), AC_ERR_VALUE,
	    "check: exclusion wider than the baseline window");
}

int
main(void)
{
	plan_lazy();
	test_config();
	return done_testing();
}
