-- Every row carries its tenant (docs/scaling.md, "The path to Citus"): a distributed PostgreSQL such as
-- Citus needs the distribution column (tenant_id) in every co-located table and in every key. Adding it
-- now is cheap; on a large database it is a table rewrite. Writers need not change: a trigger fills it
-- from the parent row when an insert leaves it out.

create function tenant_from_job() returns trigger language plpgsql as $$
begin
    if new.tenant_id is null then
        select j.tenant_id into new.tenant_id from job j where j.id = new.job_id;
    end if;
    return new;
end $$;

create function tenant_from_connection() returns trigger language plpgsql as $$
begin
    if new.tenant_id is null then
        select c.tenant_id into new.tenant_id from connection c where c.id = new.connection_id;
    end if;
    return new;
end $$;

alter table job_history add column tenant_id uuid;
update job_history h set tenant_id = j.tenant_id from job j where j.id = h.job_id;
alter table job_history alter column tenant_id set not null;
create trigger job_history_tenant before insert on job_history
    for each row execute function tenant_from_job();

alter table job_payload add column tenant_id uuid;
update job_payload p set tenant_id = j.tenant_id from job j where j.id = p.job_id;
alter table job_payload alter column tenant_id set not null;
create trigger job_payload_tenant before insert on job_payload
    for each row execute function tenant_from_job();

alter table webhook_inbox add column tenant_id uuid;
update webhook_inbox w set tenant_id = c.tenant_id from connection c where c.id = w.connection_id;
alter table webhook_inbox alter column tenant_id set not null;
create trigger webhook_inbox_tenant before insert on webhook_inbox
    for each row execute function tenant_from_connection();

alter table connection_watch add column tenant_id uuid;
update connection_watch w set tenant_id = c.tenant_id from connection c where c.id = w.connection_id;
alter table connection_watch alter column tenant_id set not null;
create trigger connection_watch_tenant before insert on connection_watch
    for each row execute function tenant_from_connection();
