package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.IdempotencyKeyReusedException;
import clinic.appointment.TimeTakenException;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.Origin;
import clinic.eventbus.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Booking: the appointment, its hold on the doctor's time, its first history entry, its event and its
 * Idempotency-Key committed together, or the answer an earlier request with the same key got. Double booking is
 * refused by the database's exclusion constraint, not by a check that could race.
 */
@ApplicationScoped
public class Bookings {

    private final AppointmentRepository appointments;
    private final HoldRepository holds;
    private final AppointmentEvents events;
    private final IdempotencyKeys keys;
    private final Notices notices;
    private final Clock clock = Clock.systemUTC();

    public Bookings(AppointmentRepository appointments, HoldRepository holds, AppointmentEvents events,
            IdempotencyKeys keys, Notices notices) {
        this.appointments = appointments;
        this.notices = notices;
        this.holds = holds;
        this.events = events;
        this.keys = keys;
    }

    /** What a booking asks for, already validated. */
    public record Booking(String patientId, String doctorId, Instant start, int durationMinutes, String notes,
            UUID seriesId) {

        public Booking(String patientId, String doctorId, Instant start, int durationMinutes, String notes) {
            this(patientId, doctorId, start, durationMinutes, notes, null);
        }

        /** The same booking at another time, as one occurrence of a series. */
        public Booking occurrence(Instant start, UUID seriesId) {
            return new Booking(patientId, doctorId, start, durationMinutes, notes, seriesId);
        }

        /** A digest of what was asked, to tell a replay of an Idempotency-Key from a different request. */
        public String digest() {
            String canonical = String.join("\u0000", patientId, doctorId, start.toString(),
                    Integer.toString(durationMinutes), notes == null ? "" : notes);
            return Sha256.hex(canonical);
        }
    }

    public record Booked(Appointment appointment, boolean replayed) {
    }

    public Uni<Booked> book(Booking booking, IdempotencyKey idempotencyKey, Notice notice, Origin origin) {
        Instant end = Appointment.end(booking.start(), booking.durationMinutes());
        return Transactions.withTransaction(() -> keys.find(idempotencyKey)
                .chain(existing -> existing != null
                        ? replay(existing, booking)
                        : create(booking, idempotencyKey, notice, origin)))
                // A concurrent request with the same key may have won: this one then ran into its hold (23P01) or
                // its key (23505), and answers what the winner booked.
                .onFailure(failure -> idempotencyKey != null
                        && (DatabaseErrors.isExclusionViolation(failure) || DatabaseErrors.isUniqueViolation(failure)))
                .recoverWithUni(failure -> Transactions.withTransaction(() -> keys.find(idempotencyKey))
                        .chain(existing -> existing == null ? Uni.createFrom().<Booked>failure(failure)
                                : Transactions.withTransaction(() -> replay(existing, booking))))
                .onFailure(DatabaseErrors::isExclusionViolation).recoverWithUni(
                        failure -> overlapProblem(booking.doctorId(), booking.start(), end));
    }

    private Uni<Booked> create(Booking booking, IdempotencyKey idempotencyKey, Notice notice, Origin origin) {
        return notices.checkBooking(notice, booking.doctorId(), booking.start()).chain(overridden -> {
            Appointment appointment = Appointment.book(booking.patientId(), booking.doctorId(), booking.start(),
                    booking.durationMinutes(), booking.notes(), clock.instant());
            appointment.seriesId = booking.seriesId();
            AppointmentEvents.Announcement scheduled = events.scheduled(appointment, origin);
            // The appointment, its hold, its history entry, its event and its key in one statement: one round trip.
            return appointments.insertBooked(appointment, scheduled.entry(), events.stage(scheduled),
                    idempotencyKey == null ? null : new AppointmentRepository.StoredKey(idempotencyKey.caller(),
                            idempotencyKey.value(), booking.digest()))
                    .invoke(() -> {
                        if (overridden) {
                            notice.overridden().accept(appointment);
                        }
                    })
                    .replaceWith(new Booked(appointment, false));
        });
    }

    private Uni<Booked> replay(Object[] stored, Booking booking) {
        if (!booking.digest().equals(stored[0])) {
            return Uni.createFrom().failure(new IdempotencyKeyReusedException());
        }
        UUID id = (UUID) stored[1];
        return appointments.findById(id).onItem().ifNull().failWith(() -> new AppointmentNotFoundException(id))
                .map(appointment -> new Booked(asBooked(appointment, booking), true));
    }

    /**
     * The appointment as its booking answered it, whatever happened to it since: every request with one key
     * gets the same body. Prefer: wait still answers the state the saga reached.
     */
    private static Appointment asBooked(Appointment current, Booking booking) {
        Appointment booked = Appointment.book(booking.patientId(), booking.doctorId(), booking.start(),
                booking.durationMinutes(), booking.notes(), current.createdAt);
        booked.id = current.id;
        booked.seriesId = current.seriesId;
        return booked;
    }

    private Uni<Booked> overlapProblem(String doctorId, Instant start, Instant end) {
        return Panache.withSession(() -> holds.findBlocking(doctorId, start, end, new UUID(0, 0))).map(blocking -> {
            throw new TimeTakenException(doctorId, start, blocking);
        });
    }
}
