-- Jobtower schema. Everything the API filters or sorts on is a real, indexed column (indexes lead
-- with the tenant); nested vendor-shaped parts are JSONB; the vendor's last payload is kept
-- verbatim in its own table so the hot job row stays small.

create extension if not exists pg_trgm;

create table tenant (
    id         uuid primary key,
    name       text        not null,
    created_at timestamptz not null
);

create table api_key (
    id           uuid primary key,
    tenant_id    uuid        not null references tenant (id),
    key_hash     bytea       not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_key_tenant on api_key (tenant_id, created_at);

create table connection (
    id                   uuid primary key,
    tenant_id            uuid        not null references tenant (id),
    provider             text        not null,
    name                 text        not null,
    created_at           timestamptz not null,
    vendor_connection_id text,
    quota                jsonb,
    secrets              bytea       not null, -- AES-256-GCM of {"token","webhookSecret"}, bound to the id
    deleted_at           timestamptz,
    account_checked_at   timestamptz,
    discovered_at        timestamptz
);
create index connection_tenant on connection (tenant_id, created_at, id);
create index connection_vendor_id on connection (tenant_id, provider, vendor_connection_id) where deleted_at is null;

create table connection_watch (
    connection_id uuid        not null references connection (id),
    watched_id    text        not null,
    created_at    timestamptz not null,
    primary key (connection_id, watched_id)
);

create sequence job_change_seq;

create table job (
    id            uuid primary key,
    tenant_id     uuid        not null,
    connection_id uuid        not null references connection (id),
    provider      text        not null,
    external_id   text        not null,
    type          text,
    name          text,
    status        text        not null,
    status_reason text,
    vendor_status text,
    created_at    timestamptz not null,
    scheduled_at  timestamptz,
    started_at    timestamptz,
    completed_at  timestamptz,
    updated_at    timestamptz not null,
    params        jsonb       not null default '{}',
    tags          jsonb       not null default '[]',
    vendor_url    text,
    attributes    jsonb       not null default '{}',
    steps         jsonb       not null default '[]',
    attachments   jsonb       not null default '[]',
    faults        jsonb       not null default '[]',
    synced_at     timestamptz,
    stale         boolean     not null default false,
    copy_version  timestamptz,
    version       bigint      not null default 0,
    change_seq    bigint      not null default nextval('job_change_seq'),
    -- the poller's schedule and lease
    next_poll_at  timestamptz,
    poll_backoff  interval,
    lease_owner   text,
    lease_until   timestamptz,
    constraint job_vendor_ref unique (connection_id, provider, external_id)
);

create index job_tenant_created on job (tenant_id, created_at, id);
create index job_tenant_updated on job (tenant_id, updated_at, id);
create index job_tenant_status_created on job (tenant_id, status, created_at, id);
create index job_tenant_status_updated on job (tenant_id, status, updated_at, id);
create index job_tenant_provider_created on job (tenant_id, provider, created_at, id);
create index job_tenant_provider_status_created on job (tenant_id, provider, status, created_at, id);
create index job_tenant_external on job (tenant_id, external_id);
create index job_tenant_change on job (tenant_id, change_seq);
create index job_search on job using gin ((lower(coalesce(name, '') || chr(31) || coalesce(type, '') || chr(31) || external_id)) gin_trgm_ops);
create index job_poll_due on job (next_poll_at) where next_poll_at is not null;

create table job_payload (
    job_id  uuid primary key references job (id) on delete cascade,
    payload text not null
);

create table job_history (
    id            bigserial primary key,
    job_id        uuid        not null references job (id) on delete cascade,
    at            timestamptz not null,
    status        text        not null,
    status_reason text,
    vendor_status text,
    source        text        not null
);
create index job_history_job on job_history (job_id, id);

-- Counts per tenant × provider × status × reason × type × connection, kept in the same transaction
-- as every job insert, status change and delete (by trigger, so no write path can forget it), so
-- /stats never counts half a million rows.
create table job_count (
    tenant_id     uuid   not null,
    provider      text   not null,
    status        text   not null,
    status_reason text   not null, -- '' for none
    type          text   not null, -- '' for none
    connection_id uuid   not null,
    count         bigint not null,
    primary key (tenant_id, provider, status, status_reason, type, connection_id)
);

create function job_count_add(t uuid, p text, s text, r text, ty text, c uuid, delta bigint) returns void
    language sql as
$$
insert into job_count (tenant_id, provider, status, status_reason, type, connection_id, count)
values (t, p, s, coalesce(r, ''), coalesce(ty, ''), c, delta)
on conflict (tenant_id, provider, status, status_reason, type, connection_id)
    do update set count = job_count.count + excluded.count
$$;

create function job_count_trigger() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'INSERT' then
        perform job_count_add(new.tenant_id, new.provider, new.status, new.status_reason, new.type, new.connection_id, 1);
    elsif tg_op = 'DELETE' then
        perform job_count_add(old.tenant_id, old.provider, old.status, old.status_reason, old.type, old.connection_id, -1);
    elsif (old.status, coalesce(old.status_reason, ''), coalesce(old.type, ''), old.provider, old.tenant_id, old.connection_id)
        is distinct from (new.status, coalesce(new.status_reason, ''), coalesce(new.type, ''), new.provider, new.tenant_id, new.connection_id) then
        perform job_count_add(old.tenant_id, old.provider, old.status, old.status_reason, old.type, old.connection_id, -1);
        perform job_count_add(new.tenant_id, new.provider, new.status, new.status_reason, new.type, new.connection_id, 1);
    end if;
    return null;
end
$$;

create trigger job_count_maintenance
    after insert or update of status, status_reason, type, provider, tenant_id, connection_id or delete
    on job
    for each row
execute function job_count_trigger();

-- Idempotency-Key: a repeat answers the first answer again; kept 24 h.
create table idempotency_key (
    tenant_id     uuid        not null,
    key           text        not null,
    request_hash  bytea       not null,
    status_code   int, -- null while the first request is in flight
    response_body text,
    created_at    timestamptz not null,
    primary key (tenant_id, key)
);
create index idempotency_key_created on idempotency_key (created_at);

-- Verified webhook deliveries: stored, answered 200, then processed.
create table webhook_inbox (
    connection_id uuid        not null references connection (id),
    event_id      text        not null,
    provider      text        not null,
    received_at   timestamptz not null,
    signal        jsonb       not null,
    processed_at  timestamptz,
    attempts      int         not null default 0,
    next_attempt_at timestamptz,
    lease_until   timestamptz,
    primary key (connection_id, event_id)
);
create index webhook_inbox_pending on webhook_inbox (next_attempt_at) where processed_at is null;
