-- What the test handler did: one row per applied event.
create table test_effect (
    id           bigserial primary key,
    event_id     text        not null,
    aggregate_id text        not null,
    version      bigint      not null,
    handled_by   text        not null,
    event_time   timestamptz not null,
    handled_at   timestamptz not null default clock_timestamp()
);
