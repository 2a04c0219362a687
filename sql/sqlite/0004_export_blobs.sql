-- SPDX-License-Identifier: ISC
-- autoclip schema 4 for SQLite: finished exports kept in the database
-- (CHAT_STORAGE=database), in chunks, so every web node can send them.
CREATE TABLE export_chunks (
	job_id		INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
	chunk		INTEGER NOT NULL CHECK (chunk >= 0),
	data		BLOB NOT NULL,
	PRIMARY KEY (job_id, chunk)
);
CREATE TABLE export_files (
	job_id		INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
	bytes		INTEGER NOT NULL CHECK (bytes >= 0),
	chunk_size	INTEGER NOT NULL CHECK (chunk_size > 0),
	accessed_at	REAL NOT NULL,
	created_at	REAL NOT NULL
);
CREATE INDEX export_files_accessed_idx ON export_files (accessed_at);
