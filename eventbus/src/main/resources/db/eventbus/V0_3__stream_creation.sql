-- When each stream this service publishes to was created, as last seen: a stream created anew since (NATS
-- lost its store) has lost what was published to it before, which is then published again, once.
create table eventbus_stream (
    name       text primary key,
    created_at timestamptz not null
);
