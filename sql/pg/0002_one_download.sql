-- SPDX-License-Identifier: ISC
-- autoclip schema 2 for PostgreSQL: at most one active download job per
-- stream, so that two requests for one VOD at once queue a single download.
CREATE UNIQUE INDEX jobs_one_active_download ON jobs (stream_id)
	WHERE kind = 'download' AND state IN ('queued', 'running');
