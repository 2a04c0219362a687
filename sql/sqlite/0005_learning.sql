-- SPDX-License-Identifier: ISC
-- autoclip schema 5 for SQLite: learning from review.  A clip keeps the
-- window features it was ranked with (a JSON object by feature name; NULL
-- for clips analysed before) and the bounds the analysis proposed (a
-- review that moves them leaves these) with the learned shifts they
-- included (and the log-rank change the weights gave, NULL when none),
-- so that approvals, rejections and moved bounds are labels;
-- learned_weights keeps what was fitted on them, per channel, '' standing
-- for all channels.
ALTER TABLE clips ADD COLUMN features TEXT;
ALTER TABLE clips ADD COLUMN proposed_start_s REAL;
ALTER TABLE clips ADD COLUMN proposed_end_s REAL;
ALTER TABLE clips ADD COLUMN start_shift_s REAL NOT NULL DEFAULT 0;
ALTER TABLE clips ADD COLUMN end_shift_s REAL NOT NULL DEFAULT 0;
ALTER TABLE clips ADD COLUMN learned_delta REAL;
CREATE INDEX clips_reviewed_idx ON clips (updated_at DESC, id DESC)
	WHERE status IN ('approved', 'rejected') AND features IS NOT NULL;
CREATE INDEX streams_channel_idx ON streams (channel);
CREATE TABLE learned_weights (
	scope		TEXT PRIMARY KEY,
	weights		TEXT NOT NULL,
	labels		INTEGER NOT NULL CHECK (labels >= 0),
	vods		INTEGER NOT NULL CHECK (vods >= 0),
	updated_at	REAL NOT NULL
);
