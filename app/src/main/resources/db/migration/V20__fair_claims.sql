-- Poll claims and webhook inbox claims serve tenants in turn (API.md "Limits and fairness"): a claim
-- walks the tenants that have due work (a skip scan over these indexes) and takes each tenant's oldest
-- due rows first, so one tenant's 10 000 due jobs never hold back another tenant's 10.
create index job_poll_due_tenant on job (tenant_id, next_poll_at) where next_poll_at is not null;
create index webhook_inbox_pending_tenant on webhook_inbox (tenant_id, next_attempt_at) where processed_at is null;
