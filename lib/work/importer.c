/* SPDX-License-Identifier: ISC */
/* importer.c: one read of a chat into the analysis and the archive, then stored. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "engine/engine.h"
#include "store/store.h"
#include "work/work.h"

#define IMPORT_HASH_SEED	 0x6175746f636c6970ULL	/* "autoclip" */

struct ac_import {
	const struct ac_settings	*cf;
	struct ac_store			*st;
	struct ac_hype			*hype;
	struct ac_archive_writer	*w;
	struct ac_vod			 vod;
	struct ac_chat_stats		 stats;
	int				 read;		/* ac_import_read was called */
	uint64_t			 hash;		/* of the messages' raw JSON */
	char				 tmp_id[AC_VOD_ID_MAX];	/* archive name while reading */
	char				 final_id[AC_VOD_ID_MAX];	/* given to begin, or "" */
	char				 ebuf[256];
	enum ac_err			 cb_err;	/* why the callback stopped */
	ac_msg_fn			 tap;		/* may be NULL */
	void				*tap_arg;
};

/*
 * Tests of crash recovery: AUTOCLIP_TEST_CRASH_AT=STAGE kills this process
 * (SIGKILL, as a crash would) when the import reaches STAGE.
 */
static void
crash_point(const char *stage)
{
	const char	*at = getenv("AUTOCLIP_TEST_CRASH_AT");

	if (at != NULL && strcmp(at, stage) == 0)
		raise(SIGKILL);
}

enum ac_err
ac_import_begin(struct ac_import **out, const struct ac_settings *cf,
    struct ac_store *st, const struct ac_hype_config *cfg,
    const char *vod_id, struct ac_error *err)
{
	static unsigned int	 counter;
	struct ac_import	*im;
	enum ac_err		 e;

	*out = NULL;
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (im->hype = ac_hype_new(cfg)) == NULL) {
		free(im);
		return ac_error_set(err, AC_ERR_NOMEM, "out of memory");
	}
	im->cf = cf;
	im->st = st;
	im->hash = IMPORT_HASH_SEED;
	ac_vod_init(&im->vod);
	/* What a killed import left behind goes first. */
	ac_cleanup_next_run(cf, AC_CLEAN_CHAT);
	if (vod_id != NULL) {
		if (!ac_valid_vod_id(vod_id)) {
			ac_hype_free(im->hype);
			free(im);
			return ac_error_set(err, AC_ERR_VALUE,
			    "the VOD id is not usable "
			    "(1-64 of A-Z a-z 0-9 _ -, not starting with -)");
		}
		snprintf(im->final_id, sizeof(im->final_id), "%s", vod_id);
		snprintf(im->tmp_id, sizeof(im->tmp_id), "%s", vod_id);
	} else
		/* Unique across processes and hosts: pid, time, count. */
		snprintf(im->tmp_id, sizeof(im->tmp_id), "_import_%ld_%lld_%u",
		    (long)getpid(), (long long)time(NULL), counter++);
	if ((e = ac_archive_begin(cf, st, im->tmp_id, &im->w, err)) != AC_OK) {
		ac_hype_free(im->hype);
		free(im);
		return e;
	}
	*out = im;
	return AC_OK;
}

static int
import_msg(void *arg, const struct ac_msg *m)
{
	struct ac_import	*im = arg;

	if (ac_hype_add(im->hype, m) == -1) {
		im->cb_err = AC_ERR_NOMEM;
		snprintf(im->ebuf, sizeof(im->ebuf), "out of memory");
		return -1;
	}
	if (ac_archive_add_msg(im->w, m) == -1) {
		im->cb_err = AC_ERR_IO;
		snprintf(im->ebuf, sizeof(im->ebuf), "writing the chat "
		    "archive failed");
		return -1;
	}
	im->hash = ac__hash64(m->raw, m->raw_len, im->hash);
	if (im->tap != NULL && im->tap(im->tap_arg, m) != 0) {
		im->cb_err = AC_ERR_STOPPED;
		snprintf(im->ebuf, sizeof(im->ebuf), "stopped");
		return -1;
	}
	return 0;
}

enum ac_err
ac_import_read(struct ac_import *im, ac_read_fn rd, void *rdarg,
    struct ac_error *err)
{
	enum ac_err	 e;

	if (im->read++) {
		return ac_error_set(err, AC_ERR_VALUE,
		    "the chat was read already");
	}
	memset(err, 0, sizeof(*err));
	e = ac_chat_read(rd, rdarg, import_msg, im, &im->vod, &im->stats,
	    err);
	if (e == AC_ERR_STOPPED && im->cb_err != AC_OK) {
		snprintf(err->text, sizeof(err->text), "%s", im->ebuf);
		return im->cb_err;
	}
	return e;
}

const char *
ac_import_chat_vod_id(const struct ac_import *im)
{
	return im->vod.id;
}

void
ac_import_tap(struct ac_import *im, ac_msg_fn fn, void *arg)
{
	im->tap = fn;
	im->tap_arg = arg;
}

const struct ac_chat_stats *
ac_import_stats(const struct ac_import *im)
{
	return &im->stats;
}

static void
stream_from_vod(struct ac_stream *s, const struct ac_vod *v,
    const char *vod_id, uint64_t messages)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->vod_id, sizeof(s->vod_id), "%s", vod_id);
	ac_stream_set_vod(s, v);
	s->message_count = (int64_t)messages;
	s->chat_downloaded = 1;
	s->status = AC_STREAM_RUNNING;
}

enum ac_err
ac_import_finish(struct ac_import *im, const char *vod_id, int derive,
    struct ac_import_out *out, struct ac_error *err)
{
	struct ac_features_writer *fw = NULL;
	struct ac_learned	 learned;
	struct ac_stream	 s;
	struct ac_error		 dberr;
	char			 id[AC_VOD_ID_MAX];
	enum ac_err		 e;

	memset(out, 0, sizeof(*out));
	if (im->w == NULL || !im->read)
		return ac_error_set(err, AC_ERR_VALUE, "nothing was read");
	if (im->final_id[0] != '\0')
		snprintf(id, sizeof(id), "%s", im->final_id);
	else if (vod_id != NULL && vod_id[0] != '\0')
		snprintf(id, sizeof(id), "%s", vod_id);
	else if (im->vod.id[0] != '\0')
		snprintf(id, sizeof(id), "%s", im->vod.id);
	else if (derive)
		snprintf(id, sizeof(id), "chat-%016" PRIx64, im->hash);
	else {
		return ac_error_set(err, AC_ERR_VALUE,
		    "the chat does not name its VOD");
	}
	if (!ac_valid_vod_id(id))
		return ac_error_set(err, AC_ERR_VALUE,
		    "the VOD id is not usable "
		    "(1-64 of A-Z a-z 0-9 _ -, not starting with -)");
	crash_point("archived");
	/* Read under a temporary name: the archive becomes the VOD's. */
	if (im->final_id[0] == '\0' &&
	    (e = ac_archive_retarget(im->w, im->cf, id, err)) !=
	    AC_OK)
		return e;
	/* The feature file, so that re-analyses need not read the chat. */
	fw = ac_features_begin(im->cf, id, im->hype);
	/* Ranked with what review taught of the channel. */
	ac_learn_load(im->cf, im->st, im->vod.channel, &learned);
	ac_hype_learned(im->hype, &learned);
	if ((e = ac_hype_finish(im->hype, &im->vod, 0, &out->result)) !=
	    AC_OK) {
		ac_error_set(err, e, "analysis failed: %s",
		    ac_strerror(e));
		goto fail;
	}
	stream_from_vod(&s, &im->vod, id, out->result.message_count);
	if ((e = ac_store_stream_upsert(im->st, &s, &out->stream_id,
	    &dberr)) != AC_OK) {
		ac_error_set(err, e, "saving the stream: %s",
		    e == AC_ERR_DB ? dberr.text : ac_strerror(e));
		goto fail;
	}
	crash_point("storing");
	/* The archive first: a stored analysis always has its chat. */
	e = ac_archive_commit(im->w, err);
	im->w = NULL;
	if (e != AC_OK)
		goto fail;
	ac_features_commit(fw, im->cf, id);
	fw = NULL;
	crash_point("stored");
	if ((e = ac_store_analysis_save(im->st, out->stream_id,
	    &out->result, &dberr)) != AC_OK) {
		ac_error_set(err, e, "saving the analysis: %s",
		    e == AC_ERR_DB ? dberr.text : ac_strerror(e));
		goto fail;
	}
	/* The same VOD again: its reviewed clips are labels with new features. */
	ac_learn_saved(im->cf, im->st, out->stream_id, im->vod.channel);
	snprintf(out->vod_id, sizeof(out->vod_id), "%s", id);
	out->vod = im->vod;
	out->stats = im->stats;
	return AC_OK;
fail:
	ac_features_abort(fw);
	ac_result_free(&out->result);
	memset(&out->result, 0, sizeof(out->result));
	return e;
}

void
ac_import_free(struct ac_import *im)
{
	if (im == NULL)
		return;
	if (im->w != NULL)
		ac_archive_abort(im->w);
	ac_hype_free(im->hype);
	free(im);
}
