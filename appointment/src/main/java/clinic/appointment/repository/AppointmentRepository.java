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

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.http.Paging;
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
            + " pending_duration_minutes, version, created_at, updated_at from appointment where id = $1";

    private final Pool pool;

    public AppointmentRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a list may be narrowed to; null members do not narrow. */
    public record Filter(String patientId, String doctorId, Instant from, Instant to, List<String> statuses) {
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
        appointment.createdAt = instant(row.getOffsetDateTime("created_at"));
        appointment.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        return appointment;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
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
