-- Whether the doctor's settings have been announced (availability.updated) since they became part of it: doctors
-- registered before are announced once by the sweep, so the appointment service's copy covers every doctor.
alter table doctor add column settings_announced boolean not null default false;
