-- The live event stream (GET /api/v1/jobs/events) tails the job table by change_seq.
--
-- Sequence values are handed out in one order but committed in another: a transaction that took
-- change_seq 50 may commit after one that took 51 was already read. So that the tail reader can
-- tell when every number up to some value is settled, a writer announces itself before it takes a
-- number: it holds a shared transaction-level advisory lock (1246917, 1) from just before nextval
-- until it commits or rolls back. Nobody ever takes that lock exclusively, so writers never wait
-- for it; the reader only looks at pg_locks to see which writer transactions are still open
-- (see JobChangeFeed). A trigger does it, so no write path can forget it.

create function job_change_seq_assign() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'UPDATE' then
        if new.change_seq is not distinct from old.change_seq then
            return new; -- the writer did not ask for a new number (e.g. "case when … else change_seq end")
        end if;
    end if;
    perform pg_advisory_xact_lock_shared(1246917, 1);
    -- replaces the number the column default or the UPDATE's SET took before the lock was held
    new.change_seq := nextval('job_change_seq');
    return new;
end
$$;

create trigger job_change_seq_assignment
    before insert or update of change_seq
    on job
    for each row
execute function job_change_seq_assign();

-- the tail reader reads every tenant's changes in sequence order
create index job_change on job (change_seq);
