package clinic.appointment.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.AppointmentSeries;
import clinic.appointment.IdempotencyKeyReusedException;
import clinic.appointment.TimeTakenException;
import clinic.appointment.TransitionRefusedException;
import clinic.appointment.repository.DoctorSettingRepository;
import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.Origin;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.Reason;
import clinic.http.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Recurring series. The rule is expanded here, in the doctor's time zone as doctor-availability last announced it
 * (UTC for a doctor it never announced, as doctor-availability itself takes such a doctor); each occurrence is then
 * booked as any appointment is ({@link Bookings}: its hold, its event, the saga), one after another, each under an
 * Idempotency-Key of its own made from the series' id and its place, so a series asked for again (the same
 * Idempotency-Key) books what is missing and answers the rest as it was. An occurrence this service refuses at
 * once (the doctor's time is held here, a patient's notice is too short) is answered as not booked, with the
 * reason; the others are confirmed or rejected by the saga, each on its own. A series booked all or none
 * ({@code atomic}) is made with every occurrence in one transaction, or refused (409) with nothing made, and
 * doctor-availability holds its occurrences together or rejects them all.
 */
@ApplicationScoped
public class Series {

    private final Bookings bookings;
    private final AppointmentService appointments;
    private final DoctorSettingRepository settings;
    private final Clock clock = Clock.systemUTC();

    public Series(Bookings bookings, AppointmentService appointments, DoctorSettingRepository settings) {
        this.bookings = bookings;
        this.appointments = appointments;
        this.settings = settings;
    }

    /** The series made (or found again under its Idempotency-Key), and the starts of its occurrences. */
    public record Opened(AppointmentSeries series, List<Instant> starts, Bookings.Booking first, boolean replayed) {
    }

    /** An occurrence this request could not book or change (its appointment's id when it has one), and why. */
    public record Refused(UUID appointmentId, Instant appointmentTime, Reason reason) {
    }

    /** A series, its occurrences by time, and what the request that answers it could not do. */
    public record Outcome(AppointmentSeries series, List<Appointment> occurrences, List<Refused> refused,
            boolean replayed) {
    }

    /**
     * Books a series as asked: one occurrence after another, or all or none (the occurrences made in the series'
     * own transaction; a repeated request finds the series with all of them, since none is made without the others).
     */
    public Uni<Outcome> book(Bookings.Booking first, Recurrence rule, boolean atomic, String caller,
            IdempotencyKey key, Notice notice, Origin origin) {
        return zone(first.doctorId()).chain(zone -> {
            List<Instant> starts = rule.expand(first.start(), zone);
            if (!atomic) {
                return open(first, rule, zone, starts, false, key, series -> Uni.createFrom().voidItem())
                        .chain(opened -> bookOccurrences(opened, caller, notice, origin));
            }
            // What is asked for, to name a time taken; the transaction (run again after a deadlock) makes its own.
            List<Bookings.Booking> asked = starts.stream().map(start -> first.occurrence(start, null)).toList();
            return open(first, rule, zone, starts, true, key, series -> {
                List<Bookings.Booking> occurrences = new ArrayList<>();
                List<IdempotencyKey> keys = new ArrayList<>();
                for (int i = 0; i < starts.size(); i++) {
                    occurrences.add(first.occurrence(starts.get(i), series.id));
                    keys.add(occurrenceKey(caller, series, i));
                }
                return bookings.bookTogether(series.id, occurrences, keys, notice, origin).replaceWithVoid();
            })
                    .onFailure(DatabaseErrors::isExclusionViolation)
                    .recoverWithUni(failure -> bookings.firstTaken(asked))
                    .chain(opened -> occurrences(opened.series().id)
                            .map(made -> new Outcome(opened.series(), made, List.of(), opened.replayed())));
        });
    }

    /**
     * Stores the series, or finds it again under its Idempotency-Key; {@code alongside} runs in the same transaction
     * once the series is stored (the occurrences of a series booked all or none).
     */
    private Uni<Opened> open(Bookings.Booking first, Recurrence rule, ZoneId zone, List<Instant> starts,
            boolean atomic, IdempotencyKey key, Function<AppointmentSeries, Uni<Void>> alongside) {
        String digest = atomic ? Sha256.hex(digest(first, rule) + "\u0000atomic") : digest(first, rule);
        return Transactions.withTransaction(() -> findByKey(key).chain(existing -> {
            if (existing != null) {
                return replayed(existing, digest, first);
            }
            AppointmentSeries series = newSeries(first, rule, zone, key, digest);
            series.atomic = atomic;
            // flushed first: the rows made alongside name it
            return series.persistAndFlush().chain(() -> alongside.apply(series))
                    .replaceWith(new Opened(series, starts, first, false));
        }))
                // The same key sent twice at once: one made the series, the other answers it.
                .onFailure(failure -> key != null && DatabaseErrors.isUniqueViolation(failure))
                .recoverWithUni(failure -> Transactions.withTransaction(() -> findByKey(key)
                        .chain(existing -> replayed(existing, digest, first))));
    }

    /** The doctor's time zone as doctor-availability last announced it; UTC for a doctor it never announced. */
    private Uni<ZoneId> zone(String doctorId) {
        return Panache.withSession(() -> settings.find(doctorId))
                .map(setting -> ZoneId.of(setting == null ? "UTC" : setting.timeZone));
    }

    private AppointmentSeries newSeries(Bookings.Booking first, Recurrence rule, ZoneId zone, IdempotencyKey key,
            String digest) {
        AppointmentSeries series = new AppointmentSeries();
        series.id = UUID.randomUUID();
        series.patientId = first.patientId();
        series.doctorId = first.doctorId();
        series.rrule = rule.rule();
        series.timeZone = zone.getId();
        series.firstStartAt = first.start();
        series.durationMinutes = first.durationMinutes();
        series.createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (key != null) {
            series.keyOwner = key.caller();
            series.idempotencyKey = key.value();
            series.requestHash = digest;
        }
        return series;
    }

    /** An occurrence's own Idempotency-Key, made from the series' id and its place in it. */
    private static IdempotencyKey occurrenceKey(String caller, AppointmentSeries series, int place) {
        return new IdempotencyKey(caller, "series:" + series.id + ":" + place);
    }

    private Uni<Opened> replayed(AppointmentSeries existing, String digest, Bookings.Booking first) {
        if (!digest.equals(existing.requestHash)) {
            return Uni.createFrom().failure(new IdempotencyKeyReusedException());
        }
        Recurrence rule = Recurrence.parse(existing.rrule);
        return Uni.createFrom().item(new Opened(existing,
                rule.expand(existing.firstStartAt, ZoneId.of(existing.timeZone)), first, true));
    }

    private static Uni<AppointmentSeries> findByKey(IdempotencyKey key) {
        return key == null ? Uni.createFrom().nullItem()
                : AppointmentSeries.find("keyOwner = ?1 and idempotencyKey = ?2", key.caller(), key.value())
                        .firstResult();
    }

    /** Books each occurrence in turn (each as a booking of its own), then answers the series. */
    private Uni<Outcome> bookOccurrences(Opened opened, String caller, Notice notice, Origin origin) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < opened.starts().size(); i++) {
            Instant start = opened.starts().get(i);
            IdempotencyKey key = occurrenceKey(caller, opened.series(), i);
            Bookings.Booking occurrence = opened.first().occurrence(start, opened.series().id);
            changes.add(new Change(null, start, () -> bookings.book(occurrence, key, notice, origin)));
        }
        return inTurn(opened.series(), changes, opened.replayed());
    }

    /** One occurrence's booking, cancellation or move: which occurrence (no id before it is booked), and the change. */
    private record Change(UUID appointmentId, Instant appointmentTime, Supplier<Uni<?>> apply) {
    }

    /**
     * Applies each change in turn, each in its own transaction; one refused at once (see {@link #refusedAtOnce}) is
     * noted with its reason and the others go on. Answers the series as it then stands.
     */
    private Uni<Outcome> inTurn(AppointmentSeries series, List<Change> changes, boolean replayed) {
        List<Refused> refused = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Change change : changes) {
            chain = chain.chain(() -> change.apply().get().replaceWithVoid()
                    .onFailure(this::refusedAtOnce).recoverWithItem(failure -> {
                        refused.add(new Refused(change.appointmentId(), change.appointmentTime(), reason(failure)));
                        return null;
                    }));
        }
        return chain.chain(() -> occurrences(series.id))
                .map(occurrences -> new Outcome(series, occurrences, refused, replayed));
    }

    /** The series and its occurrences, when the caller may see it; otherwise not found, whichever it was. */
    public Uni<Outcome> find(UUID id, Scope scope) {
        return Panache.withSession(() -> AppointmentSeries.<AppointmentSeries>findById(id))
                .onItem().ifNull().failWith(() -> new AppointmentNotFoundException(id, "series"))
                .invoke(series -> {
                    if (!scope.covers(series.patientId, series.doctorId)) {
                        throw new AppointmentNotFoundException(id, "series");
                    }
                })
                .chain(series -> occurrences(id).map(occurrences -> new Outcome(series, occurrences, List.of(),
                        false)));
    }

    /**
     * Cancels the occurrences still to come that start at or after {@code from}, each as a cancellation of its
     * own; one a patient may no longer cancel stays, and is answered as refused.
     */
    public Uni<Outcome> cancelFrom(UUID id, Scope scope, Instant from, Notice notice, Origin origin) {
        return find(id, scope).chain(found -> inTurn(found.series(), found.occurrences().stream()
                .filter(occurrence -> !occurrence.startAt.isBefore(from) && occurrence.status().isActive())
                .map(occurrence -> new Change(occurrence.id, occurrence.startAt,
                        () -> appointments.cancel(occurrence.id, scope, null, notice, origin)))
                .toList(), false));
    }

    /**
     * Moves one occurrence and every later one still to come by the same step on the doctor's wall clock (a move
     * from 09:00 to 10:00 the next day is 10:00 the next day for each, across a DST change too), each as a
     * reschedule of its own through the saga.
     */
    public Uni<Outcome> moveFrom(UUID id, Scope scope, UUID fromAppointment, Instant newStart, Notice notice,
            Origin origin) {
        return find(id, scope).chain(found -> {
            Appointment picked = found.occurrences().stream().filter(a -> a.id.equals(fromAppointment)).findFirst()
                    .orElseThrow(() -> new AppointmentNotFoundException(fromAppointment));
            ZoneId zone = ZoneId.of(found.series().timeZone);
            Duration step = Duration.between(LocalDateTime.ofInstant(picked.startAt, zone),
                    LocalDateTime.ofInstant(newStart, zone));
            List<Change> moves = new ArrayList<>();
            for (Appointment occurrence : found.occurrences()) {
                if (occurrence.startAt.isBefore(picked.startAt) || !occurrence.status().isActive()) {
                    continue;
                }
                Instant moved = LocalDateTime.ofInstant(occurrence.startAt, zone).plus(step).atZone(zone).toInstant();
                AppointmentService.Update update = new AppointmentService.Update(moved, null, false, null, null);
                moves.add(new Change(occurrence.id, occurrence.startAt,
                        () -> appointments.update(occurrence.id, scope, update, null, notice, origin)));
            }
            return inTurn(found.series(), moves, false);
        });
    }

    private Uni<List<Appointment>> occurrences(UUID seriesId) {
        return Panache.withSession(() -> Appointment.<Appointment>find("seriesId = ?1",
                Sort.by("startAt").and("id"), seriesId).list());
    }

    /** A refusal of one occurrence that leaves the others to go on: the time is taken, a notice, a state. */
    private boolean refusedAtOnce(Throwable failure) {
        return failure instanceof TimeTakenException || failure instanceof TransitionRefusedException;
    }

    private static Reason reason(Throwable failure) {
        if (failure instanceof TimeTakenException) {
            return new Reason("overlap", failure.getMessage());
        }
        return new Reason(failure instanceof clinic.appointment.NoticeTooShortException ? "notice" : "refused",
                failure.getMessage());
    }

    private static String digest(Bookings.Booking first, Recurrence rule) {
        return Sha256.hex(first.digest() + "\u0000" + rule.rule());
    }
}
