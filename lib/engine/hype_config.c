/* SPDX-License-Identifier: ISC */
/* hype_config.c: the analysis parameters: one table of defaults, ranges and help. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"

#define VALUE_MAX	 64	/* longest accepted value text */

/* One parameter: the member it names, its default and its closed range. */
struct param {
	const char	*name;
	size_t		 off;
	int		 is_int;
	double		 def;
	double		 min;
	double		 max;
	const char	*help;
};

#define D(m, d, lo, hi, h) \
	{ #m, offsetof(struct ac_hype_config, m), 0, (d), (lo), (hi), (h) }
#define I(m, d, lo, hi, h) \
	{ #m, offsetof(struct ac_hype_config, m), 1, (d), (lo), (hi), (h) }

static const struct param params[] = {
	D(base_score, 1.0, 0, 100, "score of every message (its sender's n-th within sender_decay_s weighs 1/n)"),
	D(laugh_bonus, 0.5, 0, 100, "added when a message laughs (jaja, xd, lol, KEKW, 😂)"),
	D(emote_bonus, 0.25, 0, 100, "added per laugh or hype emote token [emote:ID:NAME]"),
	D(combo_multiplier, 1.0, 1, 10, "score factor when laughter/hype words and emotes come together"),
	D(max_message_score, 3.5, 1, 1000, "one message never scores more"),
	D(hype_bonus, 0.5, 0, 100, "added when a message has plain-word hype (Pog, GIGACHAD, OOOO, 🔥)"),
	D(learned_bonus, 2.0, 0, 100, "added when the message's first word, emote or emoji run bursts against its own share of this chat (learned per VOD, any language)"),
	D(window_s, 10.0, 1, 300, "seconds summed by the sliding window of the hype signal"),
	D(baseline_window_s, 600.0, 60, 7200, "seconds of signal around a point giving its local baseline (median) and spread (MAD)"),
	D(threshold_k, 5.0, 0, 100, "a moment rises above baseline + k * spread"),
	D(min_peak_ratio, 1.5, 1, 100, "and its signal is at least this times the local baseline"),
	D(suppress_s, 60.0, 0, 3600, "no second clip peak within this many seconds of a chosen one"),
	D(rank_power, 0.75, 0, 1, "peaks rank by (signal - baseline) / spread^power: 1 favours quiet stretches, 0 busy ones"),
	D(baseline_exclude_s, 30.0, 0, 1800, "the local baseline ignores this many seconds either side of the point"),
	D(min_spread, 2.0, 0.01, 10000, "floor of the local spread, in score units"),
	D(chat_lag_s, 13.0, 0, 120, "the moment starts this many seconds before the first reacting messages"),
	D(min_clip_s, 10.0, 1, 3600, "shortest clip in seconds"),
	D(max_clip_s, 60.0, 1, 3600, "longest clip in seconds"),
	D(tail_s, 5.0, 0, 600, "a clip ends this long after the last reacting messages less chat_lag_s"),
	D(rise_frac, 0.15, 0, 0.95, "the rise begins where the signal is below baseline + frac * peak height"),
	D(end_frac, 0.25, 0, 0.95, "the decay ends where the signal is below baseline + frac * peak height"),
	D(flood_user_share, 0.3, 0, 1, "a peak where one sender wrote more than this share of the messages is a flood"),
	D(flood_text_share, 0.5, 0, 1, "a peak where one plain normalised text is more than this share is a flood"),
	D(flood_command_share, 0.3, 0, 1, "a peak where !commands and bots are more than this share is a flood"),
	D(bot_weight, 0.0, 0, 1, "score factor for messages of bots"),
	D(command_weight, 0.0, 0, 1, "score factor for !command messages"),
	D(repeat_weight, 0.2, 0, 1, "score factor when a sender repeats its previous line"),
	D(sender_decay_s, 30.0, 0, 3600, "a sender's n-th message within about this many seconds weighs 1/n (0: off)"),
	I(min_senders, 3, 1, 1000, "a moment needs this many distinct senders reacting (vocabulary or learned) in its window"),
	I(max_clips, 20, 1, 1000, "clips listed when no top count is asked"),
	D(timeline_step_s, 1.0, 0.1, 3600, "seconds between hype_timeline values"),
};

#define NPARAMS	 (sizeof(params) / sizeof(params[0]))

static double
param_get(const struct ac_hype_config *cfg, const struct param *p)
{
	const char	*base = (const char *)cfg + p->off;
	double		 d;
	int		 i;

	if (p->is_int) {
		memcpy(&i, base, sizeof(i));
		return i;
	}
	memcpy(&d, base, sizeof(d));
	return d;
}

static void
param_put(struct ac_hype_config *cfg, const struct param *p, double v)
{
	char	*base = (char *)cfg + p->off;
	int	 i;

	if (p->is_int) {
		i = (int)v;
		memcpy(base, &i, sizeof(i));
	} else
		memcpy(base, &v, sizeof(v));
}

void
ac_hype_config_default(struct ac_hype_config *cfg)
{
	size_t	 i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NPARAMS; i++)
		param_put(cfg, &params[i], params[i].def);
}

enum ac_err
ac_hype_config_set(struct ac_hype_config *cfg, const char *key,
    const char *value, struct ac_error *err)
{
	const struct param	*p = NULL;
	size_t			 i, len;
	char			*end;
	double			 v;

	if (key == NULL)
		key = "";
	for (i = 0; i < NPARAMS; i++)
		if (strcmp(params[i].name, key) == 0) {
			p = &params[i];
			break;
		}
	if (p == NULL)
		return ac_error_set(err, AC_ERR_VALUE,
		    "%s: unknown analysis parameter", key);
	if (value == NULL || (len = strlen(value)) == 0 || len > VALUE_MAX)
		return ac_error_set(err, AC_ERR_VALUE,
		    "%s: missing or too long value", key);
	errno = 0;
	v = strtod(value, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == value || *end != '\0' || errno == ERANGE || !isfinite(v) ||
	    value[0] == ' ' || value[0] == '\t')
		return ac_error_set(err, AC_ERR_VALUE,
		    "%s: \"%s\" is not a number", key, value);
	if (p->is_int && v != floor(v))
		return ac_error_set(err, AC_ERR_VALUE,
		    "%s: \"%s\" is not a whole number", key, value);
	if (v < p->min || v > p->max)
		return ac_error_set(err, AC_ERR_VALUE,
		    "%s: %s is out of range [%g, %g]", key, value,
		    p->min, p->max);
	param_put(cfg, p, v);
	return AC_OK;
}

enum ac_err
ac_hype_config_check(const struct ac_hype_config *cfg, struct ac_error *err)
{
	size_t	 i;
	double	 v;

	for (i = 0; i < NPARAMS; i++) {
		v = param_get(cfg, &params[i]);
		if (!(v >= params[i].min && v <= params[i].max))
			return ac_error_set(err, AC_ERR_VALUE,
			    "%s: %g is out of range [%g, %g]",
			    params[i].name, v, params[i].min, params[i].max);
	}
	if (cfg->min_clip_s > cfg->max_clip_s)
		return ac_error_set(err, AC_ERR_VALUE,
		    "min_clip_s must not exceed max_clip_s");
	if (cfg->tail_s > cfg->max_clip_s)
		return ac_error_set(err, AC_ERR_VALUE,
		    "tail_s must not exceed max_clip_s");
	if (cfg->window_s * 2 > cfg->baseline_window_s)
		return ac_error_set(err, AC_ERR_VALUE,
		    "baseline_window_s must be at least twice window_s");
	if (cfg->baseline_exclude_s * 2 + cfg->window_s >
	    cfg->baseline_window_s)
		return ac_error_set(err, AC_ERR_VALUE,
		    "baseline_window_s must exceed twice "
		    "baseline_exclude_s plus window_s");
	return AC_OK;
}

size_t
ac_hype_config_count(void)
{
	return NPARAMS;
}

const char *
ac_hype_config_name(size_t i)
{
	return i < NPARAMS ? params[i].name : NULL;
}

const char *
ac_hype_config_help(size_t i)
{
	return i < NPARAMS ? params[i].help : NULL;
}

double
ac_hype_config_get(const struct ac_hype_config *cfg, size_t i)
{
	return i < NPARAMS ? param_get(cfg, &params[i]) : NAN;
}
