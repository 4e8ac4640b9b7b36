-- The poller's claim takes of each connection only what that connection can start soon (issue 19): a claim
-- that took 100 due jobs of a connection already holding its queue full put most of them off again, one
-- transaction each (bench, 10 000 due jobs of two connections: 1.8 put-offs and 2.1 commits per re-read).
-- job_poll now names each polled job's connection, so the claim can skip the connections that have enough in
-- hand and take at most the room of the others. Writers that leave it out get the job's (as for tenant_id).
alter table job_poll add column connection_id uuid;
update job_poll p set connection_id = j.connection_id from job j where j.id = p.job_id;
alter table job_poll alter column connection_id set not null;

create function poll_connection_from_job() returns trigger language plpgsql as $$
begin
    select j.connection_id into new.connection_id from job j where j.id = new.job_id;
    return new;
end $$;
create trigger job_poll_connection before insert on job_poll
    for each row when (new.connection_id is null) execute function poll_connection_from_job();
