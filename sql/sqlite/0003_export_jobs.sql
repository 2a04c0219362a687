-- SPDX-License-Identifier: ISC
-- autoclip schema 3 for SQLite: a job's parameters (an export's clip, its
-- bounds and options), and at most one active export per parameters.
ALTER TABLE jobs ADD COLUMN params TEXT NOT NULL DEFAULT '';
CREATE INDEX jobs_kind_params_idx ON jobs (kind, params, id);
CREATE UNIQUE INDEX jobs_one_active_export ON jobs (params)
	WHERE kind = 'export' AND params <> '' AND state IN ('queued', 'running');
