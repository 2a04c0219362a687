-- SPDX-License-Identifier: ISC
-- autoclip schema 1 for PostgreSQL: streams, clips, jobs, chat archives.
-- Times are timestamptz; the API reads them as epoch seconds.
-- Applied in one transaction.

CREATE TABLE streams (
	id		bigserial PRIMARY KEY,
	vod_id		text NOT NULL UNIQUE,
	channel		text NOT NULL DEFAULT '',
	title		text NOT NULL DEFAULT '',
	vod_start	timestamptz,
	duration_s	double precision NOT NULL DEFAULT 0,
	source		text NOT NULL DEFAULT '',
	message_count	bigint NOT NULL DEFAULT 0,
	chat_downloaded	boolean NOT NULL DEFAULT false,
	timeline	text,
	config		text,
	status		text NOT NULL DEFAULT 'queued'
			CHECK (status IN ('queued', 'running', 'analyzed', 'failed')),
	error		text NOT NULL DEFAULT '',
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX streams_created_idx ON streams (created_at DESC, id DESC);
CREATE INDEX streams_status_idx ON streams (status, created_at DESC);

CREATE TABLE clips (
	id		bigserial PRIMARY KEY,
	stream_id	bigint NOT NULL
			REFERENCES streams (id) ON DELETE CASCADE,
	rank		integer NOT NULL,
	start_s		double precision NOT NULL,
	end_s		double precision NOT NULL,
	peak_s		double precision NOT NULL,
	score		double precision NOT NULL,
	virality	integer NOT NULL DEFAULT 0,
	status		text NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'approved', 'rejected')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clips_stream_rank_idx ON clips (stream_id, rank);

CREATE TABLE jobs (
	id		bigserial PRIMARY KEY,
	kind		text NOT NULL,
	stream_id	bigint REFERENCES streams (id) ON DELETE CASCADE,
	state		text NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued', 'running', 'done', 'failed',
			    'cancelled')),
	progress	double precision NOT NULL DEFAULT 0
			CHECK (progress >= 0 AND progress <= 1),
	message		text NOT NULL DEFAULT '',
	attempts	integer NOT NULL DEFAULT 0,
	worker		text NOT NULL DEFAULT '',
	heartbeat_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_state_idx ON jobs (state, created_at, id);
CREATE INDEX jobs_stream_idx ON jobs (stream_id);

CREATE TABLE chat_archives (
	vod_id		text PRIMARY KEY,
	data		bytea NOT NULL,
	bytes		bigint NOT NULL,
	updated_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schema_version (
	version		integer NOT NULL
);
INSERT INTO schema_version (version) VALUES (0);
