-- Analytics (API.md "Analytics"): the overdue mark, and indexes for completion-time filters,
-- durations, timeseries and the overdue sweep.

-- when the overdue sweep found the job past its deadline (start + deadline); null: never overdue.
-- A job is overdue while it is not terminal and this is set.
alter table job add column overdue_since timestamptz;

-- completedAfter/completedBefore, durations and completedAt timeseries of a tenant
create index job_tenant_completed on job (tenant_id, completed_at) where completed_at is not null;
-- the sweep's baselines: every tenant's jobs finished in the last 7 days
create index job_completed on job (completed_at) where completed_at is not null;
-- the sweep's candidates: unfinished jobs not yet marked, oldest start first
create index job_overdue_candidates on job ((coalesce(started_at, created_at)))
    where overdue_since is null and status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN');
-- overdue=true listings and the dashboard's badge
create index job_tenant_overdue on job (tenant_id, created_at, id)
    where overdue_since is not null and status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN');
