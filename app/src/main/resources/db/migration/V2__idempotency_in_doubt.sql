-- An enqueue whose create call is in doubt (timed out) keeps the id it pre-assigned, so a retry with
-- the same Idempotency-Key sends the same id and can never create a second job at the vendor.
alter table idempotency_key add column released boolean not null default false;
alter table idempotency_key add column pending_external_id text;
