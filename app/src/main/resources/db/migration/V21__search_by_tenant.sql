-- Search (q) at scale (issue 19; README "Search at scale"). The trigram index now leads with the tenant and
-- holds the filters most often combined with q (btree_gin indexes plain columns inside a GIN index): a search
-- reads only its own tenant's matches of its own provider, status and connection, so a term frequent in one
-- tenant or provider costs nothing to another (provider=finch&q=globex rechecked every other provider's
-- "globex" job: 2.6 s at 1 M jobs). Same search expression as before (JobListSql.SEARCH): the API's semantics
-- are unchanged. Building it takes a while on a large table (README: ~1-3 min at 1 M jobs; writes wait).
create extension if not exists btree_gin;

set local maintenance_work_mem = '256MB';
create index if not exists job_search_tenant on job using gin (tenant_id, provider, status, connection_id,
    (lower(coalesce(name, '') || chr(31) || coalesce(type, '') || chr(31) || external_id)) gin_trgm_ops);
drop index if exists job_search;
