-- SPDX-License-Identifier: ISC
-- autoclip schema 4 for PostgreSQL: finished exports kept in the database
-- (CHAT_STORAGE=database), in chunks, so every web node can send them
-- with Range without holding a whole file.
CREATE TABLE export_chunks (
	job_id		bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
	chunk		integer NOT NULL CHECK (chunk >= 0),
	data		bytea NOT NULL,
	PRIMARY KEY (job_id, chunk)
);
CREATE TABLE export_files (
	job_id		bigint PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
	bytes		bigint NOT NULL CHECK (bytes >= 0),
	chunk_size	integer NOT NULL CHECK (chunk_size > 0),
	accessed_at	timestamptz NOT NULL DEFAULT now(),
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX export_files_accessed_idx ON export_files (accessed_at);
