-- A search's walk of the newest jobs (JobListSql.walk; README "Search at scale") tests q on the newest 3 000 jobs
-- of the tenant. It read each of them from the table: one page per job once a tenant's jobs are spread over the
-- table (at 1 M jobs, 2 700 pages for one search: 3.3 ms of PostgreSQL CPU, bench/run's q row). The tenant's
-- created-order index now holds the columns the search text is made of (INCLUDE: not part of the key, so the
-- order and every query the old index served are unchanged), so the walk reads the index alone (an index-only
-- scan where the visibility map allows) and only the page's 50 jobs are read from the table.
create index job_tenant_created_search on job (tenant_id, created_at, id) include (name, type, external_id);
drop index job_tenant_created;
