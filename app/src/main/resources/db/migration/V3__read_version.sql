-- Copies are ordered by the vendor's update time where both copies have one, else by when their reads
-- started: the two clocks are kept apart and never compared with each other.
alter table job add column read_version timestamptz;
update job set read_version = coalesce(synced_at, updated_at);
