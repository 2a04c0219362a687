-- SPDX-License-Identifier: ISC
-- autoclip schema 1 for SQLite: streams, clips, jobs, chat archives.
-- Times are epoch seconds (REAL).  AUTOINCREMENT: ids are never reused,
-- so a stale clip id never names another clip.  Applied in one transaction.

CREATE TABLE streams (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	vod_id		TEXT NOT NULL UNIQUE,
	channel		TEXT NOT NULL DEFAULT '',
	title		TEXT NOT NULL DEFAULT '',
	vod_start	REAL,
	duration_s	REAL NOT NULL DEFAULT 0,
	source		TEXT NOT NULL DEFAULT '',
	message_count	INTEGER NOT NULL DEFAULT 0,
	chat_downloaded	INTEGER NOT NULL DEFAULT 0
			CHECK (chat_downloaded IN (0, 1)),
	timeline	TEXT,
	config		TEXT,
	status		TEXT NOT NULL DEFAULT 'queued'
			CHECK (status IN ('queued', 'running', 'analyzed', 'failed')),
	error		TEXT NOT NULL DEFAULT '',
	created_at	REAL NOT NULL,
	updated_at	REAL NOT NULL
);
CREATE INDEX streams_created_idx ON streams (created_at DESC, id DESC);
CREATE INDEX streams_status_idx ON streams (status, created_at DESC);

CREATE TABLE clips (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	stream_id	INTEGER NOT NULL
			REFERENCES streams (id) ON DELETE CASCADE,
	rank		INTEGER NOT NULL,
	start_s		REAL NOT NULL,
	end_s		REAL NOT NULL,
	peak_s		REAL NOT NULL,
	score		REAL NOT NULL,
	virality	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'approved', 'rejected')),
	created_at	REAL NOT NULL,
	updated_at	REAL NOT NULL
);
CREATE INDEX clips_stream_rank_idx ON clips (stream_id, rank);

CREATE TABLE jobs (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	kind		TEXT NOT NULL,
	stream_id	INTEGER REFERENCES streams (id) ON DELETE CASCADE,
	state		TEXT NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued', 'running', 'done', 'failed',
			    'cancelled')),
	progress	REAL NOT NULL DEFAULT 0
			CHECK (progress >= 0 AND progress <= 1),
	message		TEXT NOT NULL DEFAULT '',
	attempts	INTEGER NOT NULL DEFAULT 0,
	worker		TEXT NOT NULL DEFAULT '',
	heartbeat_at	REAL,
	created_at	REAL NOT NULL,
	updated_at	REAL NOT NULL
);
CREATE INDEX jobs_state_idx ON jobs (state, created_at, id);
CREATE INDEX jobs_stream_idx ON jobs (stream_id);

CREATE TABLE chat_archives (
	vod_id		TEXT PRIMARY KEY,
	data		BLOB NOT NULL,
	bytes		INTEGER NOT NULL,
	updated_at	REAL NOT NULL
);

CREATE TABLE schema_version (
	version		INTEGER NOT NULL
);
INSERT INTO schema_version (version) VALUES (0);
