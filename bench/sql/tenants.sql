-- 100 tenants and 300 connections, in the app's own (migrated) schema. Tenant 0 is the big one
-- (half of all jobs, 30 connections); tenants 1..99 share 270 connections (2 or 3 each).
-- psql variables: bigkey (the big tenant's API key; stored, like the app does, as its SHA-256).
-- The bench schema keeps index → id maps for fill.sql; the app never reads it.
\set ON_ERROR_STOP on
create schema bench;
create table bench.tenant_map (k int primary key, id uuid not null);
create table bench.conn_map (c int primary key, id uuid not null, tenant_k int not null, provider text not null);

insert into bench.tenant_map select k, gen_random_uuid() from generate_series(0, 99) k;
insert into tenant (id, name, created_at)
select id, case when k = 0 then 'Big Corp' else 'Tenant ' || k end, now() - interval '400 days'
from bench.tenant_map;

-- every tenant gets a key; only the big tenant's is known to the bench
insert into api_key (id, tenant_id, key_hash, created_at)
select gen_random_uuid(), id,
       case when k = 0 then sha256(convert_to(:'bigkey', 'UTF8')) else sha256(convert_to(gen_random_uuid()::text, 'UTF8')) end,
       now() - interval '400 days'
from bench.tenant_map;

insert into bench.conn_map
select c, gen_random_uuid(),
       case when c < 30 then 0 else 1 + (c - 30) % 99 end,
       (array['finch', 'anon', 'invopop'])[1 + c % 3]
from generate_series(0, 299) c;

-- secrets: a placeholder blob (the AES-GCM blob is only opened for vendor calls and webhooks, which
-- the read benchmarks never make; the ingestion benchmark makes its own connections through the API)
insert into connection (id, tenant_id, provider, name, created_at, vendor_connection_id, secrets)
select m.id, t.id, m.provider, initcap(m.provider) || ' account ' || m.c, now() - interval '400 days',
       case when m.provider = 'finch' then 'fc-' || m.c end, decode(md5(m.id::text), 'hex')
from bench.conn_map m join bench.tenant_map t on t.k = m.tenant_k;
