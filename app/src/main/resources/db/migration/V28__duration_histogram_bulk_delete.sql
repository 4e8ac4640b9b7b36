-- Deleting finished jobs kept the duration histogram row by row: each deleted job that was its bucket's
-- longest made the trigger read the bucket's max again from the job table. Jobs of one kind often share a
-- bucket and its max (a vendor's fixed-length syncs; every job a stub answers alike), so a retention batch
-- or a connection's clean-up of n such jobs read the tenant's finished jobs n times: 15 000 deletes at 1M
-- jobs ran for minutes. Deletes are now counted once per statement from its transition table: each bucket
-- loses its deleted jobs in one update, and its max is read again at most once per statement.
drop trigger job_duration_on_delete on job;

create function job_duration_delete_statement() returns trigger
    language plpgsql as
$$
declare
    r record;
begin
    for r in
        with gone as (select tenant_id, provider, status, coalesce(type, '') as type,
                             job_duration_bucket(d) as bucket, count(*) as n, max(d) as top
                      from (select tenant_id, provider, status, type,
                                   job_duration_seconds(created_at, started_at, completed_at) as d
                            from deleted_jobs
                            where completed_at is not null and status in ('SUCCEEDED', 'FAILED', 'CANCELLED')) counted
                      group by 1, 2, 3, 4, 5)
        update job_duration_hist h set count = h.count - g.n
        from gone g
        where h.tenant_id = g.tenant_id and h.provider = g.provider and h.status = g.status and h.type = g.type
          and h.bucket = g.bucket
        returning h.tenant_id, h.provider, h.status, h.type, h.bucket, h.count, h.max_seconds, g.top
    loop
        if r.count <= 0 then
            delete from job_duration_hist h
            where h.tenant_id = r.tenant_id and h.provider = r.provider and h.status = r.status and h.type = r.type
              and h.bucket = r.bucket;
        elsif r.top >= r.max_seconds then
            -- the bucket's longest job left it: its max is read again from the jobs still in it
            update job_duration_hist h set max_seconds = coalesce((
                select max(job_duration_seconds(j.created_at, j.started_at, j.completed_at)) from job j
                where j.tenant_id = r.tenant_id and j.provider = r.provider and j.status = r.status
                  and coalesce(j.type, '') = r.type and j.completed_at is not null
                  and job_duration_bucket(job_duration_seconds(j.created_at, j.started_at, j.completed_at)) = r.bucket), 0)
            where h.tenant_id = r.tenant_id and h.provider = r.provider and h.status = r.status and h.type = r.type
              and h.bucket = r.bucket;
        end if;
    end loop;
    return null;
end
$$;

create trigger job_duration_on_delete after delete on job
    referencing old table as deleted_jobs
    for each statement execute function job_duration_delete_statement();
