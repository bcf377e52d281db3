-- Appointments, the holds that make double booking impossible, the audit trail and idempotency keys.
create extension if not exists btree_gist;

create table appointment (
    id                       uuid primary key,
    patient_id               text        not null,
    doctor_id                text        not null,
    start_at                 timestamptz not null,
    end_at                   timestamptz not null,
    duration_minutes         integer     not null check (duration_minutes between 5 and 480),
    notes                    text,
    status                   text        not null
        check (status in ('scheduled', 'confirmed', 'rejected', 'cancelled', 'completed', 'no_show')),
    status_reason_code       text,
    status_reason_message    text,
    time_zone                text        not null default 'UTC',
    -- A requested new time, held while doctor-availability decides; null when none is pending.
    pending_start_at         timestamptz,
    pending_end_at           timestamptz,
    pending_duration_minutes integer,
    version                  bigint      not null,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    check (end_at > start_at),
    check ((pending_start_at is null) = (pending_end_at is null))
);
create index appointment_by_time on appointment (start_at, id);
create index appointment_by_doctor on appointment (doctor_id, start_at, id);
create index appointment_by_patient on appointment (patient_id, start_at, id);

-- The time ranges an active appointment holds: 'current' for its time, 'pending' for a requested new time.
-- The exclusion constraint lets no two appointments of one doctor hold overlapping ranges; back-to-back
-- ranges are fine ('[)'), and an appointment's own current and pending ranges may overlap.
create table appointment_hold (
    appointment_id uuid        not null references appointment (id) on delete cascade,
    kind           text        not null check (kind in ('current', 'pending')),
    doctor_id      text        not null,
    start_at       timestamptz not null,
    end_at         timestamptz not null,
    primary key (appointment_id, kind),
    constraint appointment_hold_no_overlap exclude using gist (
        doctor_id with =,
        tstzrange(start_at, end_at, '[)') with &&,
        appointment_id with <>)
);

-- Every state change, in order: the audit trail behind GET /appointments/{id}/history.
create table appointment_history (
    id                        bigserial primary key,
    appointment_id            uuid        not null references appointment (id) on delete cascade,
    event_id                  uuid        not null,
    event_type                text        not null,
    status_before             text,
    status_after              text        not null,
    appointment_time          timestamptz not null,
    previous_appointment_time timestamptz,
    reason_code               text,
    reason_message            text,
    version                   bigint      not null,
    changed_at                timestamptz not null
);
create index appointment_history_by_appointment on appointment_history (appointment_id, id);

-- Idempotency-Key of POST /appointments: the same key replays the booking, kept for a day.
create table idempotency_key (
    key            text primary key,
    request_hash   text        not null,
    appointment_id uuid        not null,
    created_at     timestamptz not null default now()
);
create index idempotency_key_created_at on idempotency_key (created_at);

-- Wakes requests waiting for the saga (Prefer: wait) on whichever replica they wait: NOTIFY is delivered
-- on commit to every listening connection.
create function appointment_changed_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('appointment_changed', new.id::text);
    return null;
end
$$;
create trigger appointment_changed after update on appointment
    for each row
    when (old.status is distinct from new.status or old.pending_start_at is distinct from new.pending_start_at)
    execute function appointment_changed_notify();
