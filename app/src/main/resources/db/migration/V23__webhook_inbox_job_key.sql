-- The job(s) a pending webhook delivery names, so that one vendor read settles every delivery of the same
-- job that arrived before it (WebhookProcessor: deliveries coalesce). Null on rows stored before, and on
-- deliveries that need no read: they are simply processed one by one as before.
alter table webhook_inbox add column job_key text;
create index webhook_inbox_pending_job on webhook_inbox (connection_id, job_key, received_at)
    where processed_at is null and job_key is not null;
