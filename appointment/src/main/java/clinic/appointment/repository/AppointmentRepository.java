package clinic.appointment.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.eventbus.Outbox;
import clinic.http.FhirIds;
import clinic.http.Paging;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries over appointments; the order is always time, then id, so pages are stable. */
@ApplicationScoped
public class AppointmentRepository implements PanacheRepositoryBase<Appointment, UUID> {

    private static final Sort BY_TIME = Sort.by("startAt").and("id");
    private static final String READ = "select id, patient_id, doctor_id, start_at, end_at, duration_minutes, notes,"
            + " status, status_reason_code, status_reason_message, time_zone, pending_start_at, pending_end_at,"
            + " pending_duration_minutes, version, series_id, created_at, updated_at from appointment where id = $1";

    private final Pool pool;

    public AppointmentRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a list may be narrowed to; null members do not narrow. */
    public record Filter(String patientId, String doctorId, Instant from, Instant to, List<String> statuses,
            List<UUID> ids) {

        public Filter(String patientId, String doctorId, Instant from, Instant to, List<String> statuses) {
            this(patientId, doctorId, from, to, statuses, null);
        }
    }

    /**
     * One appointment, read for an answer only, straight through the reactive SQL client: the most frequent
     * request, and a Hibernate session (open, load, flush check, close) cost more CPU than the query. The
     * appointment is detached; changes go through {@link #findForUpdate} in a transaction.
     */
    public Uni<Appointment> read(UUID id) {
        return pool.preparedQuery(READ).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
    }

    private static Appointment fromRow(Row row) {
        Appointment appointment = new Appointment();
        appointment.id = row.getUUID("id");
        appointment.patientId = row.getString("patient_id");
        appointment.doctorId = row.getString("doctor_id");
        appointment.startAt = instant(row.getOffsetDateTime("start_at"));
        appointment.endAt = instant(row.getOffsetDateTime("end_at"));
        appointment.durationMinutes = row.getInteger("duration_minutes");
        appointment.notes = row.getString("notes");
        appointment.statusCode = row.getString("status");
        appointment.statusReasonCode = row.getString("status_reason_code");
        appointment.statusReasonMessage = row.getString("status_reason_message");
        appointment.timeZone = row.getString("time_zone");
        appointment.pendingStartAt = instant(row.getOffsetDateTime("pending_start_at"));
        appointment.pendingEndAt = instant(row.getOffsetDateTime("pending_end_at"));
        appointment.pendingDurationMinutes = row.getInteger("pending_duration_minutes");
        appointment.version = row.getLong("version");
        appointment.seriesId = row.getUUID("series_id");
        appointment.createdAt = instant(row.getOffsetDateTime("created_at"));
        appointment.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        return appointment;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** An Idempotency-Key to store with a booking: its owner (the caller), the key, and the request's digest. */
    public record StoredKey(String owner, String key, String requestHash) {
    }

    /**
     * A new booking in one statement: the appointment, its current hold (23P01 when the doctor's time is taken),
     * its first history entry, its event's outbox row and, if given, its Idempotency-Key (23505 when a concurrent
     * request stored it first). One round trip where Hibernate took one per row; the session does not manage the
     * appointment afterwards (it is only answered).
     */
    public Uni<Void> insertBooked(Appointment appointment, AppointmentHistory entry, Outbox.Row event,
            StoredKey key) {
        if (!entry.appointmentId.equals(appointment.id) || !entry.appointmentTime.equals(appointment.startAt)
                || entry.version != appointment.version || !entry.changedAt.equals(appointment.updatedAt)
                || !entry.statusAfter.equals(appointment.statusCode)) {
            throw new IllegalArgumentException("a new booking's first history entry tells its own state");
        }
        return Panache.getSession().chain(session -> bind(entry, event.bind(session.createNativeQuery(INSERT_BOOKED)))
                .setParameter("patient", appointment.patientId)
                .setParameter("doctor", appointment.doctorId)
                .setParameter("kind", HoldRepository.CURRENT)
                .setParameter("end", appointment.endAt)
                .setParameter("duration", appointment.durationMinutes)
                .setParameter("notes", appointment.notes)
                .setParameter("zone", appointment.timeZone)
                .setParameter("series", appointment.seriesId)
                .setParameter("created", appointment.createdAt)
                .setParameter("keyOwner", key == null ? null : key.owner())
                .setParameter("key", key == null ? null : key.key())
                .setParameter("keyHash", key == null ? null : key.requestHash())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** A change's history entry and its event's outbox row, in one statement. */
    public Uni<Void> record(AppointmentHistory entry, Outbox.Row event) {
        return Panache.getSession()
                .chain(session -> bind(entry, event.bind(session.createNativeQuery(INSERT_RECORDED))).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * A history entry's row, its parameters bound by {@link #bind}. A new booking's row shares the appointment's
     * parameters: the same id, status, time, version and time of change.
     */
    private static final String INSERT_HISTORY = "insert into appointment_history (appointment_id, event_id, event_type,"
            + " status_before, status_after, appointment_time, previous_appointment_time, reason_code, reason_message,"
            + " version, changed_at, actor) values (:id, :eventId, :eventType, cast(:before as text), :status, :start,"
            + " cast(:previous as timestamptz), cast(:reasonCode as text), cast(:reasonMessage as text), :version,"
            + " :updated, cast(:actor as text))";

    private static final String INSERT_RECORDED = "with recorded as (" + INSERT_HISTORY + ") " + Outbox.INSERT_ROW;

    private static final String INSERT_BOOKED = "with booked as (insert into appointment (id, patient_id, doctor_id,"
            + " start_at, end_at, duration_minutes, notes, status, time_zone, version, series_id, created_at, updated_at)"
            + " values (:id, :patient, :doctor, :start, :end, :duration, cast(:notes as text), :status, :zone,"
            + " :version, cast(:series as uuid), :created, :updated)),"
            + " held as (" + HoldRepository.INSERT + "),"
            + " recorded as (" + INSERT_HISTORY + "),"
            + " announced as (" + Outbox.INSERT_ROW + ")"
            + " insert into idempotency_key (owner, key, request_hash, appointment_id) select cast(:keyOwner as text),"
            + " cast(:key as text), cast(:keyHash as text), cast(:id as uuid) where cast(:key as text) is not null";

    private static <Q extends Mutiny.AbstractQuery> Q bind(AppointmentHistory entry, Q query) {
        query.setParameter("id", entry.appointmentId);
        query.setParameter("eventId", entry.eventId);
        query.setParameter("eventType", entry.eventType);
        query.setParameter("before", entry.statusBefore);
        query.setParameter("status", entry.statusAfter);
        query.setParameter("start", entry.appointmentTime);
        query.setParameter("previous", entry.previousAppointmentTime);
        query.setParameter("reasonCode", entry.reasonCode);
        query.setParameter("reasonMessage", entry.reasonMessage);
        query.setParameter("version", entry.version);
        query.setParameter("updated", entry.changedAt);
        query.setParameter("actor", entry.actor);
        return query;
    }

    /** Loads the appointment locked for update, so concurrent changes of one appointment line up. */
    public Uni<Appointment> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Paging.PageOf<Appointment>> list(Filter filter, Paging paging) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.patientId() != null) {
            clauses.add("patientId = :patient");
            params.put("patient", filter.patientId());
        }
        if (filter.doctorId() != null) {
            clauses.add("doctorId = :doctor");
            params.put("doctor", filter.doctorId());
        }
        if (filter.from() != null) {
            clauses.add("startAt >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            clauses.add("startAt < :to");
            params.put("to", filter.to());
        }
        if (filter.ids() != null) {
            clauses.add("id in :ids");
            params.put("ids", filter.ids());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            clauses.add("statusCode in :statuses");
            params.put("statuses", filter.statuses());
        }
        String query = String.join(" and ", clauses);
        Parameters parameters = new Parameters();
        params.forEach(parameters::and);
        var found = query.isEmpty() ? findAll(BY_TIME) : find(query, BY_TIME, parameters);
        return paging.fetch(found);
    }

    /**
     * The patient (or doctor) id whose FHIR id is this mapped one ({@link FhirIds}); null when no appointment has
     * such a patient (or doctor).
     */
    public Uni<String> idMappedTo(boolean patient, String fhirId) {
        String column = patient ? "patient_id" : "doctor_id";
        return pool.preparedQuery("select " + column + " from appointment where "
                + String.format(FhirIds.MAPPED_SQL, column) + " = $1 limit 1").execute(Tuple.of(fhirId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    public Uni<List<AppointmentHistory>> history(UUID appointmentId) {
        return AppointmentHistory.<AppointmentHistory>find("appointmentId = ?1", Sort.by("id"), appointmentId).list();
    }

    /**
     * Appointments still waiting for the doctor's availability (a booking not yet answered, a reschedule
     * pending) and unchanged since {@code before}, oldest first.
     */
    public Uni<List<UUID>> unsettledSince(Instant before, int limit) {
        return pool.preparedQuery("select id from appointment where (status = 'scheduled' or pending_start_at is not"
                + " null) and updated_at < $1 order by updated_at limit $2")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** The id of the event that asked doctor-availability for the appointment's current or requested time. */
    public Uni<List<UUID>> pendingRequests(List<UUID> appointmentIds) {
        return pool.preparedQuery("select distinct on (appointment_id) event_id from appointment_history"
                + " where appointment_id = any($1) and (event_type = 'appointment.scheduled'"
                + " or (event_type = 'appointment.updated' and previous_appointment_time is not null))"
                + " order by appointment_id, id desc")
                .execute(Tuple.of(appointmentIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("event_id")));
                    return ids;
                });
    }
}
