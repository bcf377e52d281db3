-- A recurring series: its rule (RFC 5545 RRULE), expanded in the doctor's time zone when booked; each occurrence
-- is an appointment of its own, booked through the same saga, that names its series. A series booked with an
-- Idempotency-Key keeps it (per caller), so a repeated request answers the same series.
create table appointment_series (
    id               uuid primary key,
    patient_id       text        not null,
    doctor_id        text        not null,
    rrule            text        not null,
    time_zone        text        not null,
    first_start_at   timestamptz not null,
    duration_minutes integer     not null,
    created_at       timestamptz not null,
    key_owner        text,
    idempotency_key  text,
    request_hash     text,
    unique (key_owner, idempotency_key)
);

alter table appointment add column series_id uuid references appointment_series (id);
create index appointment_by_series on appointment (series_id, start_at) where series_id is not null;
