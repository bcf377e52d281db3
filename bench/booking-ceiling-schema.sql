-- Tables of the same shape as the appointment service's, in a database of the benchmark's own.
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP TABLE IF EXISTS bench_hold, bench_outbox;
CREATE TABLE bench_hold (
    appointment_id uuid NOT NULL, kind text NOT NULL, doctor_id text NOT NULL,
    start_at timestamptz NOT NULL, end_at timestamptz NOT NULL,
    PRIMARY KEY (appointment_id, kind),
    EXCLUDE USING gist (doctor_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&, appointment_id WITH <>)
);
CREATE TABLE bench_outbox (
    id uuid PRIMARY KEY, subject text NOT NULL, payload text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz
);
