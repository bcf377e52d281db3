-- The booking transaction's shape, for pgbench: a hold under the overlap constraint and an outbox row.
\set doctor random(1, 10000000)
\set minute random(0, 5000000)
BEGIN;
INSERT INTO bench_hold (appointment_id, kind, doctor_id, start_at, end_at)
    VALUES (gen_random_uuid(), 'current', 'd' || :doctor, timestamptz '2030-01-01' + :minute * interval '1 minute',
            timestamptz '2030-01-01' + (:minute + 30) * interval '1 minute');
INSERT INTO bench_outbox (id, subject, payload) VALUES (gen_random_uuid(), 'appointment.scheduled', repeat('x', 400));
COMMIT;
