-- Outbound webhooks (notifications): a tenant's endpoints, the outbox of messages written in the same
-- transaction as each job change they announce, and every delivery attempt (the message log).

create table webhook_endpoint (
    id                    uuid primary key,
    tenant_id             uuid        not null references tenant (id),
    url                   text        not null,
    description           text,
    events                text[]      not null,
    -- the list's multi-valued filters; an empty array matches everything
    filter_provider       text[]      not null default '{}',
    filter_status         text[]      not null default '{}',
    filter_type           text[]      not null default '{}',
    filter_connection     uuid[]      not null default '{}',
    enabled               boolean     not null default true,
    disabled_reason       text,
    secret                bytea       not null, -- AES-256-GCM of the signing secret, bound to the id
    previous_secret       bytea,                -- the secret before the last rotation, signed with until
    previous_secret_until timestamptz,
    created_at            timestamptz not null,
    -- the per-endpoint circuit and the 5-day rule: the current streak of failed attempts
    failing_since         timestamptz,
    consecutive_failures  integer     not null default 0,
    circuit_open_until    timestamptz
);
create index webhook_endpoint_tenant on webhook_endpoint (tenant_id, created_at, id);

create table webhook_message (
    id              uuid primary key,
    endpoint_id     uuid        not null references webhook_endpoint (id) on delete cascade,
    event_type      text        not null,
    job_id          uuid,
    body            text        not null, -- the exact bytes sent (and signed) on every attempt
    status          text        not null, -- pending | succeeded | failed
    attempt_count   integer     not null default 0,
    next_attempt_at timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    created_at      timestamptz not null
);
-- the worker claims each endpoint's due messages, oldest first
create index webhook_message_due on webhook_message (endpoint_id, next_attempt_at) where status = 'pending';
-- the message log: an endpoint's messages, newest first
create index webhook_message_log on webhook_message (endpoint_id, created_at desc, id desc);
create index webhook_message_created on webhook_message (created_at);

create table webhook_attempt (
    message_id      uuid        not null references webhook_message (id) on delete cascade,
    at              timestamptz not null,
    response_status integer,
    duration_ms     integer     not null,
    error           text
);
create index webhook_attempt_message on webhook_attempt (message_id, at);
