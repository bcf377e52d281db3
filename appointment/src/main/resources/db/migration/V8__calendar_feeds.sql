-- Calendar feed tokens: for calendar clients that cannot send a bearer header, a revocable token in the feed's
-- URL that reads one calendar (a patient's or a doctor's) and nothing else. Only its SHA-256 is kept; the owner's
-- scope when it was made bounds what it shows, as the owner's token would.
create table calendar_feed (
    id               uuid primary key,
    owner            text        not null,
    patient_id       text,
    doctor_id        text,
    scope_patient_id text,
    scope_doctor_id  text,
    token_hash       text        not null unique,
    created_at       timestamptz not null,
    revoked_at       timestamptz,
    check ((patient_id is null) <> (doctor_id is null))
);
create index calendar_feed_by_owner on calendar_feed (owner, created_at);
