/* SPDX-License-Identifier: ISC */
/*
 * states.c: the name tables of a stream's status, a clip's review status
 * and a job's state.  The names are what the database and the API hold;
 * everything else compares the enums.
 */
#include "config.h"

#include <string.h>

#include "store/store.h"
#include "store/backend.h"

static const char *const stream_names[AC_STREAM__MAX] = {
	"queued", "running", "analyzed", "failed"
};
static const char *const clip_names[AC_CLIP__MAX] = {
	"pending", "approved", "rejected"
};
static const char *const job_names[AC_JOB__MAX] = {
	"queued", "running", "done", "failed", "cancelled"
};

static int
lookup(const char *const *names, int n, const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
ac_stream_status_name(enum ac_stream_status v)
{
	return (int)v >= 0 && v < AC_STREAM__MAX ? stream_names[v] : "";
}

int
ac_stream_status_parse(const char *s)
{
	return lookup(stream_names, AC_STREAM__MAX, s);
}

const char *
ac_clip_status_name(enum ac_clip_status v)
{
	return (int)v >= 0 && v < AC_CLIP__MAX ? clip_names[v] : "";
}

int
ac_clip_status_parse(const char *s)
{
	return lookup(clip_names, AC_CLIP__MAX, s);
}

const char *
ac_job_state_name(enum ac_job_state v)
{
	return (int)v >= 0 && v < AC_JOB__MAX ? job_names[v] : "";
}

int
ac_job_state_parse(const char *s)
{
	return lookup(job_names, AC_JOB__MAX, s);
}

/*
 * A name read from the database (which CHECKs it) to its enum; a name
 * outside the table, which the schema forbids, reads as failed (pending
 * for a clip) rather than as an out-of-range enum.
 */
enum ac_stream_status
store_stream_status(const char *s)
{
	int	 v = ac_stream_status_parse(s);

	return v < 0 ? AC_STREAM_FAILED : (enum ac_stream_status)v;
}

enum ac_clip_status
store_clip_status(const char *s)
{
	int	 v = ac_clip_status_parse(s);

	return v < 0 ? AC_CLIP_PENDING : (enum ac_clip_status)v;
}

enum ac_job_state
store_job_state(const char *s)
{
	int	 v = ac_job_state_parse(s);

	return v < 0 ? AC_JOB_FAILED : (enum ac_job_state)v;
}
