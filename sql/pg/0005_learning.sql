-- SPDX-License-Identifier: ISC
-- autoclip schema 5 for PostgreSQL: learning from review.  A clip keeps
-- the window features it was ranked with (a JSON object by feature name;
-- NULL for clips analysed before) and the bounds the analysis proposed (a
-- review that moves them leaves these) with the learned shifts they
-- included (and the log-rank change the weights gave, NULL when none),
-- so that approvals, rejections and moved bounds are labels;
-- learned_weights keeps what was fitted on them, per channel, '' standing
-- for all channels.
ALTER TABLE clips ADD COLUMN features text;
ALTER TABLE clips ADD COLUMN proposed_start_s double precision;
ALTER TABLE clips ADD COLUMN proposed_end_s double precision;
ALTER TABLE clips ADD COLUMN start_shift_s double precision NOT NULL DEFAULT 0;
ALTER TABLE clips ADD COLUMN end_shift_s double precision NOT NULL DEFAULT 0;
ALTER TABLE clips ADD COLUMN learned_delta double precision;
CREATE INDEX clips_reviewed_idx ON clips (updated_at DESC, id DESC)
	WHERE status IN ('approved', 'rejected') AND features IS NOT NULL;
CREATE INDEX streams_channel_idx ON streams (channel);
CREATE TABLE learned_weights (
	scope		text PRIMARY KEY,
	weights		text NOT NULL,
	labels		integer NOT NULL CHECK (labels >= 0),
	vods		integer NOT NULL CHECK (vods >= 0),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
