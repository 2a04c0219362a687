/* SPDX-License-Identifier: ISC */
/*
 * reanalyze.c: a stored VOD analysed again from its feature file or chat
 * archive (ac_archive_analyze): the one home of the flow the command and
 * streams.fcgi both run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "store/store.h"
#include "work/work.h"

static enum ac_err
reanalyze(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_stream *s, const struct ac_hype_config *cfg,
    struct ac_result *out, struct ac_chat_stats *stats,
    struct ac_error *err, int save)
{
	struct ac_chat_stats	 local;
	struct ac_job		 job;
	struct ac_learned	 learned;
	struct ac_vod		 vod;
	enum ac_err		 e;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	e = ac_store_job_active(st, "download", s->id, &job, err);
	if (e == AC_OK || s->status == AC_STREAM_QUEUED ||
	    s->status == AC_STREAM_RUNNING) {
		snprintf(err->text, sizeof(err->text),
		    "the VOD's chat is being downloaded");
		return err->code = AC_ERR_BUSY;
	}
	if (e != AC_ERR_NOTFOUND)
		return err->code = e;
	ac_stream_vod(s, &vod);
	/* Ranked with what review taught of the channel, dry or not. */
	ac_learn_load(cf, st, s->channel, &learned);
	e = ac_archive_analyze_learned(cf, st, s->vod_id, cfg, &vod, 0,
	    &learned, out, stats, err, NULL);
	if (e == AC_ERR_NOTFOUND)
		snprintf(err->text, sizeof(err->text), "the VOD's chat archive "
		    "is missing: import it again");
	if (e != AC_OK)
		goto out;
	if (!save)
		goto out;
	(void)ac_debug_normalized(cf, s->vod_id, &vod, stats,
	    out->duplicates, NULL);
	(void)ac_debug_results(cf, out);
	if ((e = ac_store_analysis_save(st, s->id, out, err)) ==
	    AC_ERR_NOTFOUND)
		snprintf(err->text, sizeof(err->text), "the VOD was deleted");
	else if (e == AC_OK)
		/* Its reviewed clips are labels with new features now. */
		ac_learn_saved(cf, st, s->id, s->channel);
out:
	err->code = e;
	return e;
}

enum ac_err
ac_reanalyze(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_stream *s, const struct ac_hype_config *cfg,
    struct ac_result *out, struct ac_chat_stats *stats,
    struct ac_error *err)
{
	return reanalyze(cf, st, s, cfg, out, stats, err, 1);
}

enum ac_err
ac_reanalyze_dry(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_stream *s, const struct ac_hype_config *cfg,
    struct ac_result *out, struct ac_chat_stats *stats,
    struct ac_error *err)
{
	return reanalyze(cf, st, s, cfg, out, stats, err, 0);
}
