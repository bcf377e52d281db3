-- The key each patient's contact details are sealed under in patient events (clinic.eventbus.payload.ContactDetails):
-- given to the one service that keeps a copy of them (notifications asks over NATS), and deleted when the patient
-- is erased, so that no copy of their events (streams, outboxes, dead letters, backups) can be read again.
create table patient_contact_key (
    patient_id  text primary key references patient (id),
    contact_key bytea       not null,
    created_at  timestamptz not null default now()
);
