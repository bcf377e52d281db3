package clinic.appointment.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The doctor time an appointment holds, under the exclusion constraint {@code appointment_hold_no_overlap}:
 * an insert that overlaps another appointment's hold fails with SQL state 23P01, whatever the race.
 */
@ApplicationScoped
public class HoldRepository {

    public static final String CURRENT = "current";
    public static final String PENDING = "pending";

    /** A hold's row; also part of a new booking's one statement ({@link AppointmentRepository#insertBooked}). */
    static final String INSERT = "insert into appointment_hold (appointment_id, kind, doctor_id, start_at, end_at)"
            + " values (:id, :kind, :doctor, :start, :end)";

    /** Holds [start, end) for the appointment; fails with 23P01 when another appointment holds any of it. */
    public Uni<Void> hold(UUID appointmentId, String kind, String doctorId, Instant start, Instant end) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", appointmentId)
                .setParameter("kind", kind)
                .setParameter("doctor", doctorId)
                .setParameter("start", start)
                .setParameter("end", end)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> release(UUID appointmentId, String kind) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from appointment_hold where appointment_id = :id and kind = :kind")
                .setParameter("id", appointmentId)
                .setParameter("kind", kind)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> releaseAll(UUID appointmentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from appointment_hold where appointment_id = :id")
                .setParameter("id", appointmentId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The pending range becomes the current one (a reschedule was accepted). */
    public Uni<Void> promotePending(UUID appointmentId) {
        return release(appointmentId, CURRENT).chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery(
                        "update appointment_hold set kind = 'current' where appointment_id = :id and kind = 'pending'")
                        .setParameter("id", appointmentId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** A range one of a doctor's appointments holds. */
    public record Held(String doctorId, Instant start, Instant end) {
    }

    /** Every range the doctors' appointments hold that meets [from, to), booked or asked for. */
    public Uni<List<Held>> heldBetween(List<String> doctorIds, Instant from, Instant to) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select doctor_id, start_at, end_at from appointment_hold where doctor_id in (:doctors)"
                        + " and tstzrange(start_at, end_at, '[)') && tstzrange(cast(:from as timestamptz),"
                        + " cast(:to as timestamptz), '[)')", Object[].class)
                .setParameter("doctors", doctorIds).setParameter("from", from).setParameter("to", to)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new Held((String) row[0], instant(row[1]), instant(row[2])))
                        .toList());
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime time ? time.toInstant() : (Instant) value;
    }

    /** The appointment of the doctor that holds part of [start, end), other than {@code except}, if any. */
    public Uni<UUID> findBlocking(String doctorId, Instant start, Instant end, UUID except) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select appointment_id from appointment_hold where doctor_id = :doctor"
                        + " and tstzrange(start_at, end_at, '[)') && tstzrange(cast(:start as timestamptz),"
                        + " cast(:end as timestamptz), '[)') and appointment_id <> :except"
                        + " order by start_at limit 1", UUID.class)
                .setParameter("doctor", doctorId)
                .setParameter("start", start)
                .setParameter("end", end)
                .setParameter("except", except)
                .getSingleResultOrNull());
    }
}
