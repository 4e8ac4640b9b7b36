-- Analytics (API.md "Analytics"): the overdue mark, and indexes for completion-time filters,
-- durations, timeseries and the overdue sweep.

-- when the overdue sweep found the job past its deadline (start + deadline); null: never overdue.
-- A job is overdue while it is not terminal and this is set.
alter table job add column overdue_since timestamptz;

-- completedAfter/completedBefore, durations and completedAt timeseries of a tenant: covering, so a
-- window's counts and durations by provider, status and type are read from the index alone
create index job_tenant_completed on job (tenant_id, completed_at)
    include (status, provider, type, created_at, started_at) where completed_at is not null;
-- the sweep's baselines: every tenant's jobs finished in the last 7 days
create index job_completed on job (completed_at) where completed_at is not null;
-- the sweep's candidates: unfinished jobs not yet marked, oldest start first
create index job_overdue_candidates on job ((coalesce(started_at, created_at)))
    where overdue_since is null and status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN');
-- overdue=true listings and the dashboard's badge
create index job_tenant_overdue on job (tenant_id, created_at, id)
    where overdue_since is not null and status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN');

-- Durations (GET /api/v1/jobs/stats/durations) without scanning every finished job: a histogram of
-- finished jobs' durations per tenant × provider × status × type, in log buckets 2 % wide, each with
-- its exact max, kept in the same transaction as every job write by trigger. Percentiles read from it
-- are within 1 % of the exact ones. (No connection or reason dimension: with them the histogram of a
-- big tenant would hold nearly as many rows as it has jobs; those filters are computed exactly.)
create function job_duration_seconds(created timestamptz, started timestamptz, completed timestamptz)
    returns double precision
    language sql immutable as
$$
select greatest(0, extract(epoch from (completed - coalesce(started, created))))::double precision
$$;

-- bucket b holds durations in [1.02^b, 1.02^(b+1)) seconds; 0 s has its own bucket
create function job_duration_bucket(d double precision) returns int
    language sql immutable as
$$
select case when d <= 0 then -100000 else floor(ln(d) / ln(1.02))::int end
$$;

create table job_duration_hist (
    tenant_id   uuid             not null,
    provider    text             not null,
    status      text             not null,
    type        text             not null, -- '' for none
    bucket      int              not null,
    count       bigint           not null,
    max_seconds double precision not null,
    primary key (tenant_id, provider, status, type, bucket)
);

create function job_duration_add(t uuid, p text, s text, ty text, d double precision) returns void
    language sql as
$$
insert into job_duration_hist (tenant_id, provider, status, type, bucket, count, max_seconds)
values (t, p, s, coalesce(ty, ''), job_duration_bucket(d), 1, d)
on conflict (tenant_id, provider, status, type, bucket)
    do update set count = job_duration_hist.count + 1,
                  max_seconds = greatest(job_duration_hist.max_seconds, excluded.max_seconds)
$$;

create function job_duration_remove(t uuid, p text, s text, ty text, d double precision) returns void
    language plpgsql as
$$
declare
    b   int := job_duration_bucket(d);
    n   bigint;
    top double precision;
begin
    update job_duration_hist h set count = h.count - 1
    where h.tenant_id = t and h.provider = p and h.status = s and h.type = coalesce(ty, '') and h.bucket = b
    returning h.count, h.max_seconds into n, top;
    if n is null then
        return;
    end if;
    if n <= 0 then
        delete from job_duration_hist h
        where h.tenant_id = t and h.provider = p and h.status = s and h.type = coalesce(ty, '') and h.bucket = b;
    elsif d >= top then
        -- the bucket's longest job left it: its max is read again from the jobs still in it
        update job_duration_hist h set max_seconds = coalesce((
            select max(job_duration_seconds(j.created_at, j.started_at, j.completed_at)) from job j
            where j.tenant_id = t and j.provider = p and j.status = s and coalesce(j.type, '') = coalesce(ty, '')
              and j.completed_at is not null
              and job_duration_bucket(job_duration_seconds(j.created_at, j.started_at, j.completed_at)) = b), 0)
        where h.tenant_id = t and h.provider = p and h.status = s and h.type = coalesce(ty, '') and h.bucket = b;
    end if;
end
$$;

create function job_duration_trigger() returns trigger
    language plpgsql as
$$
declare
    counted_old boolean := false;
    counted_new boolean := false;
    d_old       double precision;
    d_new       double precision;
begin
    if tg_op <> 'INSERT' then
        counted_old := old.completed_at is not null and old.status in ('SUCCEEDED', 'FAILED', 'CANCELLED');
        if counted_old then
            d_old := job_duration_seconds(old.created_at, old.started_at, old.completed_at);
        end if;
    end if;
    if tg_op <> 'DELETE' then
        counted_new := new.completed_at is not null and new.status in ('SUCCEEDED', 'FAILED', 'CANCELLED');
        if counted_new then
            d_new := job_duration_seconds(new.created_at, new.started_at, new.completed_at);
        end if;
    end if;
    if counted_old and counted_new and d_old = d_new
        and (old.tenant_id, old.provider, old.status, coalesce(old.type, ''))
            = (new.tenant_id, new.provider, new.status, coalesce(new.type, '')) then
        return null; -- nothing the histogram holds changed
    end if;
    if counted_old then
        perform job_duration_remove(old.tenant_id, old.provider, old.status, old.type, d_old);
    end if;
    if counted_new then
        perform job_duration_add(new.tenant_id, new.provider, new.status, new.type, d_new);
    end if;
    return null;
end
$$;

-- three triggers, so that writes of unfinished jobs never enter PL/pgSQL
create trigger job_duration_on_insert after insert on job
    for each row when (new.completed_at is not null) execute function job_duration_trigger();
create trigger job_duration_on_update
    after update of status, type, provider, tenant_id, created_at, started_at, completed_at on job
    for each row when (old.completed_at is not null or new.completed_at is not null) execute function job_duration_trigger();
create trigger job_duration_on_delete after delete on job
    for each row when (old.completed_at is not null) execute function job_duration_trigger();

-- the histogram from scratch, in one pass (this migration; bulk loads with the triggers disabled)
create function job_duration_rebuild() returns void
    language sql as
$$
delete from job_duration_hist;
insert into job_duration_hist (tenant_id, provider, status, type, bucket, count, max_seconds)
select tenant_id, provider, status, coalesce(type, ''), job_duration_bucket(d), count(*), max(d)
from (select j.tenant_id, j.provider, j.status, j.type,
             job_duration_seconds(j.created_at, j.started_at, j.completed_at) as d
      from job j where j.completed_at is not null and j.status in ('SUCCEEDED', 'FAILED', 'CANCELLED')) f
group by tenant_id, provider, status, coalesce(type, ''), job_duration_bucket(d);
$$;

select job_duration_rebuild();
