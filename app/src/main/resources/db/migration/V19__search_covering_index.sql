-- A search (q) walks a tenant's jobs in createdAt order and tests the search text on each index entry,
-- reading the table only for the rows that match: the createdAt index carries the three searched
-- columns (INCLUDE), so that walk is an index-only scan. Same name, same key columns as before (V1), so
-- plain listings use it as they did. Rare terms still go through the trigram index job_search.
drop index job_tenant_created;
create index job_tenant_created on job (tenant_id, created_at, id) include (name, type, external_id);
