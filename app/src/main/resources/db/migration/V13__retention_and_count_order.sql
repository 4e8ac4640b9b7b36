-- Issue 12 (data lifecycle, small holes).

-- The job-count trigger takes the two count rows of a status change in one fixed order (the counts
-- table's key order), whatever the direction: two jobs changing status in opposite directions at once
-- (X -> Y and Y -> X) used to lock X then Y and Y then X, and deadlocked.
create or replace function job_count_trigger() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'INSERT' then
        perform job_count_add(new.tenant_id, new.provider, new.status, new.status_reason, new.type, new.connection_id, 1);
    elsif tg_op = 'DELETE' then
        perform job_count_add(old.tenant_id, old.provider, old.status, old.status_reason, old.type, old.connection_id, -1);
    elsif (old.status, coalesce(old.status_reason, ''), coalesce(old.type, ''), old.provider, old.tenant_id, old.connection_id)
        is distinct from (new.status, coalesce(new.status_reason, ''), coalesce(new.type, ''), new.provider, new.tenant_id, new.connection_id) then
        if (old.tenant_id, old.provider, old.status, coalesce(old.status_reason, ''), coalesce(old.type, ''), old.connection_id)
            < (new.tenant_id, new.provider, new.status, coalesce(new.status_reason, ''), coalesce(new.type, ''), new.connection_id) then
            perform job_count_add(old.tenant_id, old.provider, old.status, old.status_reason, old.type, old.connection_id, -1);
            perform job_count_add(new.tenant_id, new.provider, new.status, new.status_reason, new.type, new.connection_id, 1);
        else
            perform job_count_add(new.tenant_id, new.provider, new.status, new.status_reason, new.type, new.connection_id, 1);
            perform job_count_add(old.tenant_id, old.provider, old.status, old.status_reason, old.type, old.connection_id, -1);
        end if;
    end if;
    return null;
end
$$;

-- Retention: terminal jobs by their last change, for JOBTOWER_RETENTION_TERMINAL_JOBS
create index job_terminal_updated on job (updated_at)
    where status in ('SUCCEEDED', 'FAILED', 'CANCELLED');

-- Retention of raw payloads (JOBTOWER_RETENTION_RAW): the updated_at a job's payload was dropped for, so
-- the sweep's index holds only the terminal jobs whose payload it has not dropped yet (a later change
-- moves updated_at and makes the job's new payload eligible again, after its own window).
alter table job add column payload_dropped_for timestamptz;
create index job_raw_expiry on job (updated_at)
    where status in ('SUCCEEDED', 'FAILED', 'CANCELLED') and payload_dropped_for is distinct from updated_at;

-- Retention of processed webhook inbox rows (JOBTOWER_WEBHOOKS_RETENTION)
create index webhook_inbox_processed on webhook_inbox (processed_at) where processed_at is not null;
