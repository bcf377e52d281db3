-- Bookings and reschedules still waiting for the doctor's availability, for the saga's deadlines: a small
-- index, since an appointment leaves it as soon as it is answered.
create index appointment_unsettled on appointment (updated_at) where status = 'scheduled' or pending_start_at is not null;
