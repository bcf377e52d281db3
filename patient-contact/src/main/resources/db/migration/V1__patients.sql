-- Patients and the appointments tracked for them from appointment events.
create table patient (
    id             text primary key,
    name           text,
    email          text,
    phone          text,                     -- E.164
    notify_email   boolean     not null default true,
    notify_sms     boolean     not null default false,
    date_of_birth  date,
    -- Set when the patient's personal data was erased: the row stays, anonymous, so the id is not reused
    -- and the tracked history stays consistent.
    erased_at      timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create unique index patient_email_unique on patient (lower(email)) where email is not null;
create index patient_by_phone on patient (phone) where phone is not null;
create index patient_by_name on patient (name, id);

-- One row per appointment, as the newest appointment event said (the version keeps stale events out);
-- kept for patient ids that are not registered (yet) too.
create table patient_appointment (
    appointment_id uuid primary key,
    patient_id     text        not null,
    doctor_id      text        not null,
    start_at       timestamptz not null,
    end_at         timestamptz not null,
    status         text        not null,
    version        bigint      not null,
    updated_at     timestamptz not null
);
create index patient_appointment_by_patient on patient_appointment (patient_id, start_at, appointment_id);
