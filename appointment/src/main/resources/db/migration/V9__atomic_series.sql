-- A series booked all or none: its occurrences were made in one transaction, and doctor-availability holds them in
-- one transaction too, or refuses them all.
alter table appointment_series add column atomic boolean not null default false;
