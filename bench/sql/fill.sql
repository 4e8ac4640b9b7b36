-- N synthetic jobs (psql variable n) over the tenants and connections of tenants.sql, through
-- PostgreSQL's own bulk path: one INSERT … SELECT over generate_series, with the job table's secondary
-- indexes and the job_count trigger set aside during the load and rebuilt after it, exactly as the
-- migrations define them (their definitions are read back from the catalog, not copied here).
--
-- Shape: tenant 0 holds half of the jobs (its 30 connections), the other half spreads over the 270
-- connections of tenants 1..99. Statuses per vendor, mostly terminal, ~5% RUNNING; terminal jobs are
-- created over the last year in insertion order (as they arrive), open ones in the last two days.
\set ON_ERROR_STOP on
\timing on
set maintenance_work_mem = '512MB';
set max_parallel_maintenance_workers = 2;
set synchronous_commit = off;

-- a uniform number in [0, 1) from (row, stream): deterministic, so every run builds the same data
create function pg_temp.u(i bigint, k bigint) returns float8 language sql immutable parallel safe as
$$ select (hashint8extended(i, k) & 9223372036854775807)::float8 / 9223372036854775808.0 $$;

create temp table mix (provider text, lo float8, hi float8, status text, reason text, vendor_status text);
insert into mix values
    ('finch', 0.000, 0.815, 'SUCCEEDED', null, 'complete'),
    ('finch', 0.815, 0.880, 'FAILED', 'VENDOR_ERROR', 'error'),
    ('finch', 0.880, 0.910, 'FAILED', 'AUTH_ERROR', 'reauth_error'),
    ('finch', 0.910, 0.925, 'FAILED', 'PERMISSION_ERROR', 'permissions_error'),
    ('finch', 0.925, 0.975, 'RUNNING', null, 'in_progress'),
    ('finch', 0.975, 1.000, 'QUEUED', null, 'pending'),
    ('anon', 0.000, 0.660, 'SUCCEEDED', null, 'COMPLETED'),
    ('anon', 0.660, 0.740, 'SUCCEEDED', 'NO_OP', 'COMPLETED'),
    ('anon', 0.740, 0.800, 'FAILED', 'VENDOR_ERROR', 'FAILED'),
    ('anon', 0.800, 0.840, 'FAILED', 'AUTH_ERROR', 'FAILED'),
    ('anon', 0.840, 0.870, 'CANCELLED', null, 'CANCELLED'),
    ('anon', 0.870, 0.920, 'RUNNING', null, 'IN_PROGRESS'),
    ('anon', 0.920, 0.970, 'WAITING', 'USER_INPUT_REQUIRED', 'IN_PROGRESS'),
    ('anon', 0.970, 1.000, 'QUEUED', null, 'PENDING'),
    ('invopop', 0.000, 0.800, 'SUCCEEDED', null, 'OK'),
    ('invopop', 0.800, 0.880, 'FAILED', 'VENDOR_ERROR', 'KO'),
    ('invopop', 0.880, 0.900, 'CANCELLED', null, 'SKIP'),
    ('invopop', 0.900, 0.950, 'RUNNING', null, 'RUN'),
    ('invopop', 0.950, 0.980, 'WAITING', 'EXTERNAL_PENDING', 'QUEUED'),
    ('invopop', 0.980, 1.000, 'QUEUED', null, 'QUEUED');

-- customers named in anon and Invopop job names (what a person searches for with q=)
create temp table company (k int primary key, name text);
insert into company select k - 1, name from unnest(array[
    'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Soylent', 'Cyberdyne',
    'Tyrell', 'Vandelay', 'Piedpiper', 'Massive', 'Aperture', 'Blackmesa', 'Monarch', 'Oscorp', 'Gringotts', 'Dunder',
    'Bluth', 'Prestige', 'Sterling', 'Wernham', 'Nakatomi', 'Weyland', 'Virtucon', 'Gekko', 'Krusty', 'Duff',
    'Lacroix', 'Ollivander', 'Zorg', 'Rekall', 'Omni', 'Spacely', 'Cogswell', 'Planet', 'Bubba', 'Sirius']) with ordinality as t(name, k);

create temp table index_defs as
select indexname, indexdef from pg_indexes
where schemaname = 'public' and tablename = 'job'
  and indexname not in (select conname from pg_constraint where conrelid = 'job'::regclass);
select string_agg(indexname, ', ') as "secondary indexes set aside" from index_defs;
do $$ declare r record; begin
    for r in select indexname from index_defs loop execute format('drop index %I', r.indexname); end loop;
end $$;
alter table job disable trigger job_count_maintenance;
-- the durations histogram (V16) likewise: rebuilt in one pass after the load
alter table job disable trigger job_duration_on_insert;

insert into job (id, tenant_id, connection_id, provider, external_id, type, name, status, status_reason,
                 vendor_status, created_at, scheduled_at, started_at, completed_at, updated_at, params, tags,
                 vendor_url, attributes, steps, attachments, faults, synced_at, stale, copy_version, read_version,
                 version)
select
    -- UUIDv7 like the app's: creation milliseconds, then hash bits
    (lpad(to_hex((extract(epoch from t.created_at) * 1000)::bigint), 12, '0') || '7' || substr(h.x, 1, 3)
        || '8' || substr(h.x, 4, 15))::uuid,
    t.tenant_id, t.connection_id, t.provider, t.external_id, t.type, t.name, t.status, t.reason, t.vendor_status,
    t.created_at, null, t.started_at, t.completed_at,
    coalesce(t.completed_at, t.started_at, t.created_at),
    t.params, '[]', t.vendor_url, t.attributes, t.steps, '[]', t.faults,
    coalesce(t.completed_at, t.started_at, t.created_at) + interval '3 seconds', false,
    -- Finch gives no update time: its copies are ordered by when they were read (read_version) only
    case when t.provider <> 'finch' then coalesce(t.completed_at, t.started_at, t.created_at) end,
    coalesce(t.completed_at, t.started_at, t.created_at) + interval '3 seconds', 1 + (t.u8 * 3)::int
from generate_series(1, :n) i
cross join lateral (select md5(i::text || ':' || :n) as x) h
cross join lateral (
    select pg_temp.u(i, 1) u1, pg_temp.u(i, 2) u2, pg_temp.u(i, 3) u3, pg_temp.u(i, 4) u4, pg_temp.u(i, 5) u5,
           pg_temp.u(i, 6) u6, pg_temp.u(i, 7) u7, pg_temp.u(i, 8) u8
) r
cross join lateral (
    select case when r.u1 < 0.5 then floor(r.u2 * 30)::int else 30 + floor(r.u2 * 270)::int end as c
) pick
join bench.conn_map c on c.c = pick.c
join bench.tenant_map tm on tm.k = c.tenant_k
join mix s on s.provider = c.provider and r.u3 >= s.lo and r.u3 < s.hi
join company co on co.k = floor(r.u7 * 40)::int
cross join lateral (
    select s.status not in ('SUCCEEDED', 'FAILED', 'CANCELLED') as open,
           case when s.status in ('SUCCEEDED', 'FAILED', 'CANCELLED')
                then now() - interval '366 days' + (i::float8 / :n) * interval '365 days' - r.u4 * interval '1 hour'
                else now() - r.u4 * interval '2 days' end as created_at,
           co.name as company
) o
cross join lateral (
    select tm.id as tenant_id, c.id as connection_id, c.provider, s.status, s.reason, s.vendor_status, o.open, r.u8,
           case c.provider
               when 'finch' then (substr(h.x, 1, 8) || '-' || substr(h.x, 9, 4) || '-4' || substr(h.x, 14, 3) || '-a'
                                  || substr(h.x, 18, 3) || '-' || substr(h.x, 21, 12))
               when 'anon' then 'run_' || substr(h.x, 1, 24)
               else (substr(h.x, 9, 8) || '-' || substr(h.x, 1, 4) || '-4' || substr(h.x, 18, 3) || '-b'
                     || substr(h.x, 22, 3) || '-' || substr(h.x, 5, 4) || substr(h.x, 25, 8)) end as external_id,
           case c.provider
               when 'finch' then case when r.u5 < 0.85 then 'data_sync_all' else 'w4_form_employee_sync' end
               when 'anon' then 'job_' || c.tenant_k || '_' || floor(r.u5 * 8)::int
               else 'wf_' || c.tenant_k || '_' || floor(r.u5 * 5)::int end as type,
           case c.provider
               when 'finch' then null
               when 'anon' then o.company || (array[' expense export', ' payroll report download', ' invoice upload',
                                                    ' benefits enrollment'])[1 + floor(r.u5 * 4)::int % 4]
               else 'Invoice ' || lower(o.company) || ' ' || (array['issue', 'send', 'cancel', 'archive', 'sign'])
                    [1 + floor(r.u5 * 5)::int % 5] end as name,
           o.created_at,
           case when s.status = 'QUEUED' then null else o.created_at + r.u6 * interval '2 minutes' end as started_at,
           case when not o.open then o.created_at + interval '2 minutes' + r.u6 * interval '30 minutes' end as completed_at,
           case when c.provider = 'finch' and r.u5 >= 0.85 then jsonb_build_object('individualId', substr(h.x, 5, 20))
                when c.provider = 'invopop' then jsonb_build_object('siloEntryId', substr(h.x, 3, 24))
                else '{}'::jsonb end as params,
           case when c.provider = 'finch' then 'https://api.tryfinch.com/jobs/automated/' || substr(h.x, 1, 12) end as vendor_url,
           case c.provider
               when 'finch' then '{"kind": "automated"}'::jsonb
               when 'anon' then jsonb_build_object('sourceProvider', 'workday', 'organizationId', 'org_' || c.tenant_k,
                                                   'jobId', 'job_' || c.tenant_k || '_' || floor(r.u5 * 8)::int)
               else '{}'::jsonb end as attributes,
           case when c.provider = 'finch' then '[]'::jsonb
                else jsonb_build_array(
                    jsonb_build_object('id', 'st_' || substr(h.x, 1, 8), 'name', 'Log in', 'status', 'SUCCEEDED',
                                       'vendorStatus', 'COMPLETED', 'startedAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                       'completedAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'events', '[]'::jsonb),
                    jsonb_build_object('id', 'st_' || substr(h.x, 9, 8), 'name', 'Export', 'status',
                                       case when o.open then s.status else 'SUCCEEDED' end,
                                       'vendorStatus', s.vendor_status, 'startedAt', null, 'completedAt', null, 'events', '[]'::jsonb))
                end as steps,
           case when s.status = 'FAILED' and c.provider <> 'finch'
                then jsonb_build_array(jsonb_build_object('provider', c.provider, 'code', 'E' || floor(r.u6 * 90 + 10)::int,
                                       'message', 'the vendor reported an error', 'paths', '[]'::jsonb))
                else '[]'::jsonb end as faults
) t;

-- the poll schedule of every open job (V27: a narrow row of its own; V29: with its connection), due within the next 10 minutes
insert into job_poll (job_id, tenant_id, connection_id, next_poll_at, poll_backoff)
select id, tenant_id, connection_id, now() + (('x' || substr(md5(id::text), 1, 8))::bit(32)::bigint / 4294967296.0) * interval '10 minutes',
       interval '10 minutes'
from job where status not in ('SUCCEEDED', 'FAILED', 'CANCELLED');

-- the vendor's last payload for every job, and its first status change
insert into job_payload (job_id, tenant_id, payload)
select id, tenant_id, json_build_object('id', external_id, 'status', vendor_status, 'type', type, 'created_at', created_at,
                             'completed_at', completed_at, 'params', params)::text
from job;
insert into job_history (job_id, tenant_id, at, status, status_reason, vendor_status, source)
select id, tenant_id, updated_at, status, status_reason, vendor_status, 'poll' from job;

-- counts as the trigger keeps them, in one pass
delete from job_count;
insert into job_count (tenant_id, provider, status, status_reason, type, connection_id, count)
select tenant_id, provider, status, coalesce(status_reason, ''), coalesce(type, ''), connection_id, count(*)
from job group by 1, 2, 3, 4, 5, 6;
alter table job enable trigger job_count_maintenance;
select job_duration_rebuild();
alter table job enable trigger job_duration_on_insert;

do $$ declare r record; begin
    for r in select indexdef from index_defs loop execute r.indexdef; end loop;
end $$;

create table bench.meta (n bigint not null, loaded_at timestamptz not null);
insert into bench.meta values (:n, now());
