-- A job's duration in seconds without numeric arithmetic: extract(epoch from interval) returns numeric (since
-- PostgreSQL 14), and durations over a window (GET /api/v1/jobs/stats/durations?completedAfter=…, the overdue
-- sweep's p95) compute it twice per finished job of the window. date_part computes the same figure in double
-- precision: at 1 M jobs pgbench of the 7-day durations query (16 clients) 172 → 322 per second, and all 898 340
-- finished jobs of the bench's data get the same value both ways. The histogram is rebuilt with the new function
-- so a job's bucket, computed again when it is updated or deleted, is always the one it was counted in.
create or replace function job_duration_seconds(created timestamptz, started timestamptz, completed timestamptz)
    returns double precision
    language sql immutable as
$$
select greatest(0, date_part('epoch', completed - coalesce(started, created)))
$$;

select job_duration_rebuild();
