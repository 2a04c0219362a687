/* SPDX-License-Identifier: ISC */
/*
 * reanalyze.c: a stored VOD analysed again from its chat archive: the
 * one home of the flow the command and streams.fcgi both run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "extern.h"

enum ac_err
ac_reanalyze(const struct ac_settings *cf, struct ac_store *st,
    const struct ac_stream *s, const struct ac_hype_config *cfg,
    struct ac_result *out, struct ac_chat_stats *stats,
    struct ac_error *err)
{
	struct ac_chat_stats	 local;
	struct ac_hype		*hype;
	struct ac_job		 job;
	struct ac_vod		 vod;
	enum ac_err		 e;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	e = ac_store_job_active(st, "download", s->id, &job);
	if (e == AC_OK || s->status == AC_STREAM_QUEUED ||
	    s->status == AC_STREAM_RUNNING) {
		snprintf(err->text, sizeof(err->text),
		    "the VOD's chat is being downloaded");
		return err->code = AC_ERR_BUSY;
	}
	if (e != AC_ERR_NOTFOUND)
		return err->code = e;
	if ((hype = ac_hype_new(cfg)) == NULL)
		return err->code = AC_ERR_NOMEM;
	e = ac_archive_read(cf, st, s->vod_id, ac_hype_add, hype, stats, err);
	if (e == AC_ERR_NOTFOUND)
		snprintf(err->text, sizeof(err->text), "the VOD's chat archive "
		    "is missing: import it again");
	if (e != AC_OK)
		goto out;
	ac_stream_vod(s, &vod);
	if ((e = ac_hype_finish(hype, &vod, 0, out)) != AC_OK) {
		snprintf(err->text, sizeof(err->text), "analysis failed: %s",
		    ac_strerror(e));
		goto out;
	}
	(void)ac_debug_normalized(cf, s->vod_id, &vod, stats,
	    out->duplicates, NULL);
	(void)ac_debug_results(cf, out);
	if ((e = ac_store_analysis_save(st, s->id, out)) == AC_ERR_NOTFOUND)
		snprintf(err->text, sizeof(err->text), "the VOD was deleted");
out:
	ac_hype_free(hype);
	err->code = e;
	return e;
}
