-- The poller's schedule and lease in a narrow table of their own (issue 19, bench/README "The poller and its
-- floor"). A re-read that finds nothing new moved next_poll_at, which two indexes of job held: every poll was
-- then a non-HOT update of the wide job row, an entry added to each of its ~20 indexes (the trigram GIN one
-- included). Now a poll writes job_poll (three small indexes) and, on job, only its sync bookkeeping
-- (synced_at, read_version, stale: no index holds them), which PostgreSQL can do as a HOT update.
-- A row exists while the job is polled (next_poll_at set) or leased; the claim reads job_poll alone.
create table job_poll (
    job_id       uuid primary key references job (id) on delete cascade,
    tenant_id    uuid not null,
    next_poll_at timestamptz,
    poll_backoff interval,
    lease_owner  text,
    lease_until  timestamptz
) with (fillfactor = 70);
-- writers that leave the tenant out (bulk loads, tests) get the job's
create trigger job_poll_tenant before insert on job_poll
    for each row when (new.tenant_id is null) execute function tenant_from_job();

insert into job_poll (job_id, tenant_id, next_poll_at, poll_backoff, lease_owner, lease_until)
select id, tenant_id, next_poll_at, poll_backoff, lease_owner, lease_until from job
where next_poll_at is not null or lease_owner is not null;

drop index if exists job_poll_due;
drop index if exists job_poll_due_tenant;
-- the fair claim's skip scan over tenants with due jobs, each tenant's oldest first (V20)
create index job_poll_due_tenant on job_poll (tenant_id, next_poll_at) where next_poll_at is not null;
-- the poll lag (the oldest due job)
create index job_poll_due on job_poll (next_poll_at) where next_poll_at is not null;

alter table job drop column next_poll_at, drop column poll_backoff, drop column lease_owner, drop column lease_until;
-- room on each page for the new version of a row a read touches (a HOT update needs it on the same page);
-- applies to pages written from now on
alter table job set (fillfactor = 85);
