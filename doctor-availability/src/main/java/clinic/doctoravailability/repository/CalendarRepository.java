package clinic.doctoravailability.repository;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.AvailabilitySlot;
import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.TimeOff;
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

    /** The doctor's calendar as far as it matters for {@code near}: an unregistered doctor has an empty one. */
    public Uni<Calendar> calendar(String doctorId, TimeRange near) {
        return Doctor.<Doctor>findById(doctorId).chain(doctor -> calendar(doctor, doctorId, near));
    }

    /** The same, for a doctor already loaded ({@code null} when not registered). */
    public Uni<Calendar> calendar(Doctor doctor, String doctorId, TimeRange near) {
        return workingHours(doctorId)
                .chain(hours -> timeOff(doctorId, near)
                        .chain(off -> windows(doctorId, near)
                                .chain(windows -> declaresWindows(doctorId, windows)
                                        .map(declared -> new Calendar(doctor == null || doctor.active,
                                                zone(doctor), hours.stream().map(CalendarRepository::range).toList(),
                                                off, windows, declared)))));
    }

    /** Whether the doctor declared any window at all: known without a query when some are near. */
    private Uni<Boolean> declaresWindows(String doctorId, List<TimeRange> windowsNear) {
        if (!windowsNear.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return AvailabilitySlot.find("doctorId = ?1 and isAvailable = true", doctorId).firstResult()
                .map(window -> window != null);
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

    private static WorkingRange range(WorkingHours hours) {
        return new WorkingRange(DayOfWeek.of(hours.dayOfWeek), hours.startTime, hours.endTime);
    }

    private Uni<List<TimeRange>> timeOff(String doctorId, TimeRange near) {
        return TimeOff.<TimeOff>find("doctorId = ?1 and startAt < ?2 and endAt > ?3", doctorId, near.end(), near.start())
                .list().map(list -> list.stream().map(t -> new TimeRange(t.startAt, t.endAt)).toList());
    }

    private Uni<List<TimeRange>> windows(String doctorId, TimeRange near) {
        return AvailabilitySlot.<AvailabilitySlot>find(
                "doctorId = ?1 and isAvailable = true and startAt < ?2 and endAt > ?3", doctorId, near.end(),
                near.start()).list().map(list -> list.stream().map(w -> new TimeRange(w.startAt, w.endAt)).toList());
    }

    /** Appointment blocks of the doctor that touch the range. */
    public Uni<List<TimeRange>> blocks(String doctorId, TimeRange near) {
        return AvailabilitySlot.<AvailabilitySlot>find(
                "doctorId = ?1 and isAvailable = false and startAt < ?2 and endAt > ?3", doctorId, near.end(),
                near.start()).list().map(list -> list.stream().map(b -> new TimeRange(b.startAt, b.endAt)).toList());
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
