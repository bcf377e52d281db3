-- The doctor's calendar: doctors, weekly working hours, time off, availability windows and blocks.
create extension if not exists btree_gist;

create table doctor (
    id         text primary key,
    name       text        not null,
    specialty  text,
    email      text,
    phone      text,
    time_zone  text        not null default 'UTC',
    active     boolean     not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Weekly ranges in the doctor's own time zone (ISO day of week: 1 = Monday).
create table working_hours (
    id          bigserial primary key,
    doctor_id   text     not null references doctor (id) on delete cascade,
    day_of_week smallint not null check (day_of_week between 1 and 7),
    start_time  time     not null,
    end_time    time     not null,
    unique (doctor_id, day_of_week, start_time),
    check (end_time > start_time)
);

create table time_off (
    id         uuid primary key,
    doctor_id  text        not null references doctor (id) on delete cascade,
    start_at   timestamptz not null,
    end_at     timestamptz not null,
    reason     text,
    created_at timestamptz not null,
    check (end_at > start_at)
);
create index time_off_by_doctor on time_off (doctor_id, start_at);

-- The prototype's slots: a window (is_available, no appointment) opens time for booking; a block
-- (not is_available) is an appointment's hold. No two appointments' blocks of one doctor overlap, whatever
-- the race; an appointment's own old and new block may, for the moment a reschedule moves it.
create table availability_slot (
    id             uuid primary key,
    doctor_id      text        not null,
    start_at       timestamptz not null,
    end_at         timestamptz not null,
    is_available   boolean     not null,
    appointment_id uuid,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    check (end_at > start_at),
    check (is_available = (appointment_id is null)),
    constraint availability_block_no_overlap exclude using gist (
        doctor_id with =,
        tstzrange(start_at, end_at, '[)') with &&,
        appointment_id with <>) where (not is_available)
);
create index availability_slot_by_doctor on availability_slot (doctor_id, start_at);
create index availability_slot_by_appointment on availability_slot (appointment_id) where appointment_id is not null;
