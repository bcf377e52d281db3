-- Waiting requests are woken by the appointment events on NATS instead: a NOTIFY per change serialised the
-- commits of every saga step (a notifying commit holds a server-wide lock until it is on disk).
drop trigger if exists appointment_changed on appointment;
drop function if exists appointment_changed_notify();
