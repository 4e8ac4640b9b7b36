-- Jobs for the ingestion benchmark, on the Finch connections bench/run made through the API: RUNNING
-- jobs that webhooks name (connections whose token starts with bench-wh) or that the poller re-reads
-- (bench-poll), stored as the Finch stub will answer them (created at :base, started 10 s later), so
-- a poll finds nothing new, as most polls do. psql variables: per_connection, base (epoch seconds),
-- ids (the connection ids, as a PostgreSQL array literal).
\set ON_ERROR_STOP on
insert into job (id, tenant_id, connection_id, provider, external_id, type, status, vendor_status, created_at,
                 started_at, updated_at, vendor_url, attributes, synced_at, read_version)
select gen_random_uuid(), c.tenant_id, c.id, 'finch', x.external_id, 'data_sync_all', 'RUNNING', 'in_progress',
       to_timestamp(:base), to_timestamp(:base) + interval '10 seconds', to_timestamp(:base) + interval '10 seconds',
       'https://api.tryfinch.com/jobs/automated/' || x.external_id, '{"kind": "automated"}',
       to_timestamp(:base) + interval '20 seconds', to_timestamp(:base) + interval '20 seconds'
from connection c
cross join generate_series(1, :per_connection) i
cross join lateral (select gen_random_uuid()::text || substr(i::text, 1, 0) as external_id) x
where c.id = any(:'ids'::uuid[]);
