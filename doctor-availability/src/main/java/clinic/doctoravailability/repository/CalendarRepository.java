package clinic.doctoravailability.repository;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.AvailabilitySlot;
import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.WorkingHours;
import clinic.doctoravailability.service.BookingRules.Calendar;
import clinic.doctoravailability.service.TimeRange;
import clinic.doctoravailability.service.WorkingRange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries over a doctor's calendar; blocks go through the exclusion constraint, never around it. */
@ApplicationScoped
public class CalendarRepository {

    /**
     * Working hours, the time off and windows touching the range, and whether the doctor declared any window
     * at all, in one round trip: a booking needs all four. Times come as numbers (seconds of the day,
     * microseconds since the epoch), the same whatever Java types the driver would map the columns to.
     */
    private static final String CALENDAR = """
            select 'hours' as kind, day_of_week::int as day, floor(extract(epoch from start_time))::int as opens,
                   floor(extract(epoch from end_time))::int as closes, null::bigint as start_us, null::bigint as end_us
              from working_hours where doctor_id in (:doctor)
            union all
            select 'off', null, null, null, %1$s, %2$s
              from time_off where doctor_id in (:doctor) and start_at < :end and end_at > :start
            union all
            select 'window', null, null, null, %1$s, %2$s
              from availability_slot
             where doctor_id in (:doctor) and is_available and start_at < :end and end_at > :start
            union all
            (select 'declared', null, null, null, null, null
               from availability_slot where doctor_id in (:doctor) and is_available limit 1)
            order by kind, day, opens
            """.formatted("(extract(epoch from start_at) * 1000000)::bigint",
            "(extract(epoch from end_at) * 1000000)::bigint");

    /** The doctor's calendar as far as it matters for {@code near}: an unregistered doctor has an empty one. */
    public Uni<Calendar> calendar(String doctorId, TimeRange near) {
        return Doctor.<Doctor>findById(doctorId).chain(doctor -> calendar(doctor, doctorId, near));
    }

    /** The same, for a doctor already loaded ({@code null} when not registered). */
    public Uni<Calendar> calendar(Doctor doctor, String doctorId, TimeRange near) {
        // The doctor is bound as a one-element list ("in (:doctor)"): Hibernate caches no plan for a native query
        // with a list parameter, and Hibernate Reactive makes a new plan cache entry for every execution of a native
        // select, all under one hash, so that each later lookup walks through up to 2,048 of them (over a quarter of
        // this service's CPU while booking, measured).
        return Panache.getSession().chain(session -> session.createNativeQuery(CALENDAR)
                .setParameter("doctor", List.of(doctorId))
                .setParameter("start", near.start())
                .setParameter("end", near.end())
                .getResultList())
                .map(rows -> calendar(doctor, rows));
    }

    private static Calendar calendar(Doctor doctor, List<?> rows) {
        List<WorkingRange> hours = new ArrayList<>();
        List<TimeRange> timeOff = new ArrayList<>();
        List<TimeRange> windows = new ArrayList<>();
        boolean declared = false;
        for (Object item : rows) {
            Object[] row = (Object[]) item;
            switch ((String) row[0]) {
                case "hours" -> hours.add(new WorkingRange(DayOfWeek.of(number(row[1]).intValue()),
                        LocalTime.ofSecondOfDay(number(row[2]).longValue()),
                        LocalTime.ofSecondOfDay(number(row[3]).longValue())));
                case "off" -> timeOff.add(range(row));
                case "window" -> windows.add(range(row));
                case "declared" -> declared = true;
                default -> throw new IllegalStateException("unknown calendar row " + row[0]);
            }
        }
        return new Calendar(doctor == null || doctor.active, zone(doctor), hours, timeOff, windows, declared,
                doctor == null ? Duration.ZERO : Calendar.clearance(doctor.bufferBeforeMinutes, doctor.bufferAfterMinutes));
    }

    private static TimeRange range(Object[] row) {
        return new TimeRange(micros(row[4]), micros(row[5]));
    }

    private static Instant micros(Object value) {
        return Instant.EPOCH.plus(number(value).longValue(), ChronoUnit.MICROS);
    }

    private static Number number(Object value) {
        return (Number) value;
    }

    /** The doctor's time zone, UTC for a doctor not registered. */
    public Uni<ZoneId> zone(String doctorId) {
        return Doctor.<Doctor>findById(doctorId).map(CalendarRepository::zone);
    }

    public static ZoneId zone(Doctor doctor) {
        return ZoneId.of(doctor == null || doctor.timeZone == null ? "UTC" : doctor.timeZone);
    }

    public Uni<List<WorkingHours>> workingHours(String doctorId) {
        return WorkingHours.<WorkingHours>find("doctorId = ?1", Sort.by("dayOfWeek").and("startTime"), doctorId).list();
    }

    /** Appointment blocks of the doctor that touch the range. */
    public Uni<List<TimeRange>> blocks(String doctorId, TimeRange near) {
        return AvailabilitySlot.<AvailabilitySlot>find(
                "doctorId = ?1 and isAvailable = false and startAt < ?2 and endAt > ?3", doctorId, near.end(),
                near.start()).list().map(list -> list.stream().map(b -> new TimeRange(b.startAt, b.endAt)).toList());
    }

    /**
     * The other appointments' blocks that touch the range, once every other transaction that checks the same
     * doctor's buffers has committed: the transaction holds the doctor's lock until it ends. The exclusion
     * constraint keeps two blocks from overlapping, but not from coming too close; the lock keeps two bookings
     * near each other, each checked before the other commits, from both being let through.
     */
    public Uni<List<TimeRange>> othersNearLocked(String doctorId, UUID appointmentId, TimeRange near) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select pg_advisory_xact_lock(hashtext('availability_slot:' || :doctor))")
                // Bound as a one-element list, as in calendar(): no query plan cache entry per execution.
                .setParameter("doctor", List.of(doctorId))
                .getSingleResult())
                .chain(() -> AvailabilitySlot.<AvailabilitySlot>find("doctorId = ?1 and isAvailable = false"
                        + " and appointmentId <> ?2 and startAt < ?3 and endAt > ?4", doctorId, appointmentId,
                        near.end(), near.start()).list())
                .map(list -> list.stream().map(b -> new TimeRange(b.startAt, b.endAt)).toList());
    }

    /**
     * Blocks the range for the appointment, atomically under {@code availability_block_no_overlap}: true when
     * it was free, false when another appointment's block overlaps it (the statement then changes nothing and
     * the transaction goes on).
     */
    public Uni<Boolean> block(UUID slotId, UUID appointmentId, String doctorId, TimeRange range, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into availability_slot (id, doctor_id, start_at, end_at, is_available, appointment_id,"
                        + " created_at, updated_at) values (:id, :doctor, :start, :end, false, :appointment, :now, :now)"
                        + " on conflict do nothing")
                .setParameter("id", slotId)
                .setParameter("doctor", doctorId)
                .setParameter("start", range.start())
                .setParameter("end", range.end())
                .setParameter("appointment", appointmentId)
                .setParameter("now", now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Whether a block touching the range holds a time offered from the waitlist (held for the patient, or accepted
     * and being booked): not a block whose appointment is on its way out, so a booking in its way need not wait.
     */
    public Uni<Boolean> heldForWaitlist(String doctorId, TimeRange range) {
        return Panache.getSession().chain(session -> session.createSelectionQuery("select count(s) from"
                + " AvailabilitySlot s, WaitlistEntry w where w.offerAppointmentId = s.appointmentId"
                + " and s.doctorId = :doctor and s.isAvailable = false and s.startAt < :end and s.endAt > :start"
                + " and w.status in ('offered', 'accepted')", Long.class)
                .setParameter("doctor", doctorId).setParameter("start", range.start()).setParameter("end", range.end())
                .getSingleResult()).map(count -> count > 0);
    }

    /** The appointment's blocks, oldest first (two only while a reschedule moves it). */
    public Uni<List<AvailabilitySlot>> blocksOf(UUID appointmentId) {
        return AvailabilitySlot.<AvailabilitySlot>find("appointmentId = ?1 and isAvailable = false",
                Sort.by("createdAt").and("id"), appointmentId).list();
    }

    /** Deletes the appointment's blocks except the one given (null: all); answers how many went. */
    public Uni<Long> release(UUID appointmentId, UUID keep) {
        return keep == null
                ? AvailabilitySlot.delete("appointmentId = ?1 and isAvailable = false", appointmentId)
                : AvailabilitySlot.delete("appointmentId = ?1 and isAvailable = false and id <> ?2", appointmentId, keep);
    }
}
