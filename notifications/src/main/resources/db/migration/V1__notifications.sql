-- Notifications, their delivery state, reminders, and this service's own copy of contact details.

-- From patient.* events only (this service never asks patient-contact). An erased patient keeps a row
-- without personal data, so a late patient.updated cannot bring the data back.
create table contact (
    patient_id   text primary key,
    name         text,
    email        text,
    phone        text,
    notify_email boolean     not null default true,
    notify_sms   boolean     not null default false,
    erased       boolean     not null default false,
    as_of        timestamptz not null     -- time of the event that last changed the row
);

create table notification (
    id                uuid primary key,
    patient_id        text        not null,
    appointment_id    uuid,
    notification_type text        not null,
    channel           text        not null check (channel in ('email', 'sms', 'log')),
    recipient         text,
    subject           text        not null,
    message           text        not null,
    status            text        not null check (status in ('pending', 'sent', 'failed')),
    attempts          integer     not null default 0,
    error             text,
    next_attempt_at   timestamptz,
    sent_at           timestamptz,
    correlation_id    text,
    created_at        timestamptz not null
);
create index notification_due on notification (next_attempt_at) where status = 'pending';
create index notification_by_time on notification (created_at, id);
create index notification_by_appointment on notification (appointment_id, created_at);
create index notification_by_patient on notification (patient_id, created_at);

-- Wakes the delivery worker of every replica when a notification commits.
create function notification_pending_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('notification_pending', '');
    return null;
end
$$;
create trigger notification_inserted after insert on notification
    for each statement execute function notification_pending_notify();

-- One reminder per confirmed appointment, fired at its time by whichever replica claims it first.
create table reminder (
    appointment_id   uuid primary key,
    patient_id       text        not null,
    doctor_id        text        not null,
    appointment_time timestamptz not null,
    time_zone        text        not null,
    fire_at          timestamptz not null,
    status           text        not null check (status in ('scheduled', 'sent', 'revoked')),
    version          bigint      not null,
    updated_at       timestamptz not null
);
create index reminder_due on reminder (fire_at) where status = 'scheduled';
