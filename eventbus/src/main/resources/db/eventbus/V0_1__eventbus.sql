-- Eventbus tables, present in every service database. Versions 0.x belong to the eventbus; each service's
-- own migrations start at 1 (services run Flyway with out-of-order enabled, so later 0.x files still apply).

-- Transactional outbox: a row per event, written in the transaction of the change it describes.
create table eventbus_outbox (
    id           uuid primary key,          -- the CloudEvents id, also the Nats-Msg-Id
    subject      text        not null,      -- the NATS subject (= the CloudEvents type)
    payload      text        not null,      -- the structured-mode CloudEvent, exactly as published
    created_at   timestamptz not null default now(),
    published_at timestamptz                -- set once JetStream acknowledged; kept for re-publishing
);
create index eventbus_outbox_unpublished on eventbus_outbox (created_at, id) where published_at is null;
create index eventbus_outbox_published on eventbus_outbox (published_at) where published_at is not null;

-- Wakes the relay when an outbox transaction commits (notifications are delivered only on commit, and
-- PostgreSQL folds identical ones within a transaction into one).
create function eventbus_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('eventbus_outbox', '');
    return null;
end
$$;
create trigger eventbus_outbox_inserted after insert on eventbus_outbox
    for each statement execute function eventbus_outbox_notify();

-- Idempotent consumer: the ids of events a consumer has applied, written with the effect.
create table eventbus_inbox (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index eventbus_inbox_processed_at on eventbus_inbox (processed_at);

-- Newest applied version per aggregate: stale events are ignored, and it stays as a tombstone.
create table eventbus_aggregate_version (
    scope        text        not null,
    aggregate_id text        not null,
    version      bigint      not null,
    updated_at   timestamptz not null default now(),
    primary key (scope, aggregate_id)
);
