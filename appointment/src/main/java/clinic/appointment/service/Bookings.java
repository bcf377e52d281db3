package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.IdempotencyKeyReusedException;
import clinic.appointment.NoticeTooShortException;
import clinic.appointment.TimeTakenException;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.Origin;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AtomicSeries;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
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
                    stored(idempotencyKey, booking))
                    .invoke(() -> {
                        if (overridden) {
                            notice.overridden().accept(appointment);
                        }
                    })
                    .replaceWith(new Booked(appointment, false));
        });
    }

    /**
     * Books the occurrences of a series all or none, in the caller's transaction: each with its hold, history entry,
     * event and key, as {@link #book} does, every event carrying the whole series ({@link AtomicSeries}) for
     * doctor-availability to hold together. A time held here fails the transaction (the exclusion constraint; see
     * {@link #firstTaken}); a patient's notice too short fails it naming the occurrence.
     *
     * @param keys each occurrence's Idempotency-Key, in the same order
     */
    public Uni<List<Appointment>> bookTogether(UUID seriesId, List<Booking> occurrences, List<IdempotencyKey> keys,
            Notice notice, Origin origin) {
        Instant now = clock.instant();
        List<Appointment> made = new ArrayList<>();
        for (Booking booking : occurrences) {
            Appointment appointment = Appointment.book(booking.patientId(), booking.doctorId(), booking.start(),
                    booking.durationMinutes(), booking.notes(), now);
            appointment.seriesId = seriesId;
            made.add(appointment);
        }
        AtomicSeries series = new AtomicSeries(seriesId.toString(), made.stream().map(a -> new AtomicSeries.Occurrence(
                a.id.toString(), a.startAt, a.endAt, a.version)).toList());
        List<Appointment> overridden = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < made.size(); i++) {
            Appointment appointment = made.get(i);
            Booking booking = occurrences.get(i);
            IdempotencyKey key = keys.get(i);
            chain = chain.chain(() -> notices.checkBooking(notice, appointment.doctorId, appointment.startAt)
                    .onFailure(NoticeTooShortException.class).transform(tooSoon -> new NoticeTooShortException(
                            "The appointment at " + appointment.startAt + ": " + tooSoon.getMessage()))
                    .chain(isOverridden -> {
                        if (isOverridden) {
                            overridden.add(appointment);
                        }
                        AppointmentEvents.Announcement scheduled = events.scheduled(appointment, series, origin);
                        return appointments.insertBooked(appointment, scheduled.entry(), events.stage(scheduled),
                                stored(key, booking));
                    }).replaceWithVoid());
        }
        return chain.invoke(() -> overridden.forEach(notice.overridden())).replaceWith(made);
    }

    /** The failure of a series booked all or none whose time was held here: the first occurrence it was. */
    public <T> Uni<T> firstTaken(List<Booking> occurrences) {
        Booking first = occurrences.get(0);
        return Panache.withSession(() -> Multi.createFrom().iterable(occurrences)
                .onItem().transformToUniAndConcatenate(booking -> holds.findBlocking(booking.doctorId(),
                        booking.start(), Appointment.end(booking.start(), booking.durationMinutes()), new UUID(0, 0))
                        .map(blocking -> blocking == null ? null : new TimeTakenException(booking.doctorId(),
                                booking.start(), blocking)))
                .select().first().toUni())
                .map(taken -> {
                    // none is held any more: the booking in the way has gone since
                    throw taken != null ? taken : new TimeTakenException(first.doctorId(), first.start(), null);
                });
    }

    private static AppointmentRepository.StoredKey stored(IdempotencyKey key, Booking booking) {
        return key == null ? null : new AppointmentRepository.StoredKey(key.caller(), key.value(), booking.digest());
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
