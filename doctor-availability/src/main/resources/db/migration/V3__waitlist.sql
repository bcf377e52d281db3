-- Patients waiting for a doctor's time to free: what they would take (days, a time of day, a length), in the order
-- they asked. A freed time that meets an entry's wishes is offered to the first such entry and held for it (a block
-- whose appointment id is the offer's, so the exclusion constraint keeps it from anyone else) until it expires.
create table waitlist_entry (
    id                   uuid primary key,
    patient_id           text        not null,
    doctor_id            text        not null,
    from_date            date        not null,
    to_date              date        not null,
    days_of_week         text,
    earliest_time        time,
    latest_time          time,
    duration_minutes     integer     not null check (duration_minutes between 5 and 480),
    status               text        not null check (status in ('waiting', 'offered', 'accepted', 'cancelled')),
    offer_appointment_id uuid,
    offer_start_at       timestamptz,
    offer_end_at         timestamptz,
    offer_expires_at     timestamptz,
    created_by           text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    check (to_date >= from_date),
    check ((status = 'offered') = (offer_expires_at is not null))
);
create index waitlist_waiting on waitlist_entry (doctor_id, created_at) where status = 'waiting';
create index waitlist_offers_due on waitlist_entry (offer_expires_at) where status = 'offered';
create index waitlist_by_patient on waitlist_entry (patient_id, created_at);

-- An appointment holds one block of a range: the booking of an accepted offer finds the offer's block already
-- made under its id, and its insert then changes nothing (and is answered blocked).
create unique index availability_block_once on availability_slot (appointment_id, start_at, end_at)
    where not is_available;
