package clinic.doctoravailability.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.config.AvailabilityConfig;
import clinic.doctoravailability.repository.CalendarRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.RetryLaterException;
import clinic.eventbus.Subjects;
import clinic.eventbus.VersionGate;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.AtomicSeries;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.Reason;
import io.cloudevents.CloudEvent;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The doctor-availability side of the booking saga, applied inside the consumer's transaction: block the
 * requested range (or answer why not), move a block for a reschedule without ever dropping the old one first,
 * and free it when the appointment ends (cancelled, rejected, completed, no-show). Only the newest version of
 * an appointment is applied; the stored version is the tombstone that keeps a late {@code scheduled} from
 * blocking after its {@code cancelled}.
 */
@ApplicationScoped
public class BlockingService {

    static final String VERSION_SCOPE = "appointment";

    private final CalendarRepository calendar;
    private final VersionGate versions;
    private final EventCodec codec;
    private final Outbox outbox;
    private final AvailabilityConfig config;
    private final Waitlist waitlist;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();

    public BlockingService(CalendarRepository calendar, VersionGate versions, EventCodec codec, Outbox outbox,
            AvailabilityConfig config, Waitlist waitlist) {
        this.waitlist = waitlist;
        this.calendar = calendar;
        this.config = config;
        this.versions = versions;
        this.codec = codec;
        this.outbox = outbox;
    }

    public Uni<Void> apply(CloudEvent event, AppointmentEventData data) {
        if (Subjects.APPOINTMENT_UPDATED.equals(event.getType()) && data.previousAppointmentTime() == null) {
            // A change of notes leaves the calendar alone, and recording its version could make the booking or
            // move before it look stale when the two are handled out of order (they are handled concurrently):
            // that booking would never be answered.
            return Uni.createFrom().voidItem();
        }
        if (data.atomicSeries() != null && data.atomicSeries().includes(data.appointmentId())
                && Subjects.APPOINTMENT_SCHEDULED.equals(event.getType())) {
            return holdSeries(event, data);
        }
        return versions.advance(VERSION_SCOPE, data.appointmentId(), data.version()).chain(newer -> {
            if (!newer) {
                Log.debugf("%s of appointment %s at version %d is stale; ignored", event.getType(),
                        data.appointmentId(), data.version());
                return Uni.createFrom().voidItem();
            }
            return switch (event.getType()) {
                case Subjects.APPOINTMENT_SCHEDULED -> requestBlock(event, data, false);
                case Subjects.APPOINTMENT_UPDATED -> requestBlock(event, data, true);
                // Every status in which the appointment service has let go of its hold: the two views agree.
                case Subjects.APPOINTMENT_CANCELLED, Subjects.APPOINTMENT_REJECTED, Subjects.APPOINTMENT_COMPLETED,
                        Subjects.APPOINTMENT_NO_SHOW -> free(event, data);
                case Subjects.APPOINTMENT_RESCHEDULE_REFUSED -> keepOnly(event, data);
                default -> Uni.createFrom().voidItem();
            };
        });
    }

    /** Blocks the appointment's (new) range, or answers the conflict; a moved appointment keeps its old block until the new one holds. */
    private Uni<Void> requestBlock(CloudEvent cause, AppointmentEventData data, boolean moving) {
        TimeRange range = new TimeRange(data.appointmentTime(), data.endTime());
        UUID appointmentId = UUID.fromString(data.appointmentId());
        return calendar.calendar(data.doctorId(), range).chain(doctor -> hold(cause.getId(), data.doctorId(),
                appointmentId, range, doctor).chain(decision -> {
                    waitingSince.remove(cause.getId());
                    if (decision.refusal() != null) {
                        return answer(cause, Subjects.AVAILABILITY_CONFLICT, data, range, doctor.zone(),
                                decision.refusal());
                    }
                    Uni<Void> released = moving
                            ? releaseOldBlocks(cause, data.doctorId(), appointmentId, decision.slotId(), doctor.zone())
                            : Uni.createFrom().voidItem();
                    return released.chain(() -> answer(cause, Subjects.AVAILABILITY_BLOCKED, data, range,
                            doctor.zone(), null));
                }));
    }

    /** An occurrence of an atomic series this transaction decides on, and what the calendar did with it (null: not tried). */
    private record Occurrence(AtomicSeries.Occurrence booked, TimeRange range, Decision decision) {

        boolean refused() {
            return decision != null && decision.refusal() != null;
        }

        boolean held() {
            return decision != null && decision.slotId() != null;
        }
    }

    /**
     * A series booked all or none: every occurrence still at its booked version is held in this one transaction,
     * or none is. The first refusal ends the trying: the blocks made so far go again, the refused occurrence is
     * answered with its own reason and every other with {@link Reason#SERIES} naming it. Every occurrence's version
     * is recorded first, in the series' order, before any of the doctor's locks is taken: two of its events handled
     * at once (they all carry it) meet at its first version row, the second then finds every version recorded and
     * changes and answers nothing, and no event of one occurrence can hold its row while waiting for a lock held here.
     */
    private Uni<Void> holdSeries(CloudEvent cause, AppointmentEventData data) {
        AtomicSeries series = data.atomicSeries();
        List<AtomicSeries.Occurrence> current = new ArrayList<>();
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (AtomicSeries.Occurrence booked : series.occurrences()) {
            // not newer: handled already, or ended since (a cancellation before the answer)
            recorded = recorded.chain(() -> versions.advance(VERSION_SCOPE, booked.appointmentId(), booked.version())
                    .invoke(newer -> {
                        if (newer) {
                            current.add(booked);
                        }
                    }).replaceWithVoid());
        }
        List<Occurrence> decided = new ArrayList<>();
        return recorded.chain(() -> Doctor.<Doctor>findById(data.doctorId())).chain(doctor -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AtomicSeries.Occurrence booked : current) {
                TimeRange range = new TimeRange(booked.appointmentTime(), booked.endTime());
                chain = chain.chain(() -> {
                    if (decided.stream().anyMatch(Occurrence::refused)) {
                        decided.add(new Occurrence(booked, range, null)); // not tried: the series is refused
                        return Uni.createFrom().voidItem();
                    }
                    return calendar.calendar(doctor, data.doctorId(), range)
                            .chain(rules -> hold(waitKey(series, booked), data.doctorId(),
                                    UUID.fromString(booked.appointmentId()), range, rules))
                            .invoke(decision -> decided.add(new Occurrence(booked, range, decision)))
                            .replaceWithVoid();
                });
            }
            ZoneId zone = CalendarRepository.zone(doctor);
            return chain.invoke(() -> current.forEach(booked -> waitingSince.remove(waitKey(series, booked))))
                    .chain(() -> answerSeries(cause, data, decided, zone));
        });
    }

    /** An occurrence waits for a block in its way as a booking does, counted from when it first met it. */
    private static String waitKey(AtomicSeries series, AtomicSeries.Occurrence occurrence) {
        return "series:" + series.seriesId() + ":" + occurrence.appointmentId();
    }

    private Uni<Void> answerSeries(CloudEvent cause, AppointmentEventData data, List<Occurrence> decided,
            ZoneId zone) {
        Occurrence refused = decided.stream().filter(Occurrence::refused).findFirst().orElse(null);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Occurrence occurrence : decided) {
            AppointmentEventData about = occurrenceData(data, occurrence.booked());
            if (refused == null) {
                chain = chain.chain(() -> answer(cause, Subjects.AVAILABILITY_BLOCKED, about, occurrence.range(), zone,
                        null));
                continue;
            }
            Reason reason = occurrence == refused ? BookingRules.refusedInSeries(refused.decision().refusal())
                    : Reason.series(refused.range().start(), refused.decision().refusal());
            Uni<Long> released = occurrence.held()
                    ? calendar.release(UUID.fromString(occurrence.booked().appointmentId()), null)
                    : Uni.createFrom().item(0L);
            chain = chain.chain(() -> released)
                    .chain(() -> answer(cause, Subjects.AVAILABILITY_CONFLICT, about, occurrence.range(), zone, reason));
        }
        return chain;
    }

    /** The series' event data as one occurrence's own, to answer it. */
    private static AppointmentEventData occurrenceData(AppointmentEventData data, AtomicSeries.Occurrence occurrence) {
        return new AppointmentEventData(occurrence.appointmentId(), data.patientId(), data.doctorId(),
                occurrence.appointmentTime(), occurrence.endTime(), data.durationMinutes(), data.status(),
                occurrence.version(), data.timeZone(), null, null);
    }

    /** What the calendar did with a requested range: held it under {@code slotId}, or refused it, and why. */
    private record Decision(UUID slotId, Reason refusal) {

        static Decision held(UUID slotId) {
            return new Decision(slotId, null);
        }

        static Decision refused(Reason reason) {
            return new Decision(null, reason);
        }
    }

    /**
     * Holds the range for the appointment when the doctor's rules, buffers and the other blocks let it, in the
     * caller's transaction; fails with {@link RetryLaterException} while another appointment's block that may yet
     * be freed is in the way (see {@link #overlapAfterWaiting}).
     *
     * @param waitKey what the wait for a block in the way is counted for: the event, or the series it belongs to
     */
    private Uni<Decision> hold(String waitKey, String doctorId, UUID appointmentId, TimeRange range,
            BookingRules.Calendar doctor) {
        Reason refusal = BookingRules.refusal(doctor, range);
        if (refusal != null) {
            return Uni.createFrom().item(Decision.refused(refusal));
        }
        if (doctor.clearance().isZero()) {
            return insert(waitKey, doctorId, appointmentId, range);
        }
        return calendar.othersNearLocked(doctorId, appointmentId, range.widened(doctor.clearance()))
                .chain(near -> near.isEmpty() || near.stream().anyMatch(range::overlaps)
                        // an overlap is the exclusion constraint's to find (and perhaps to wait out)
                        ? insert(waitKey, doctorId, appointmentId, range)
                        : Uni.createFrom().item(Decision.refused(BookingRules.buffer(doctor.clearance()))));
    }

    private Uni<Decision> insert(String waitKey, String doctorId, UUID appointmentId, TimeRange range) {
        UUID slotId = UUID.randomUUID();
        return calendar.block(slotId, appointmentId, doctorId, range, clock.instant()).chain(blocked -> {
            if (blocked) {
                return Uni.createFrom().item(Decision.held(slotId));
            }
            return overlap(waitKey, doctorId, appointmentId, range);
        });
    }

    /**
     * The appointment service let this booking through its own exclusion constraint, so the block in the way
     * belongs to an appointment it has already let go of, whose cancellation (or other end) has not been
     * handled here yet: events are handled concurrently, and a backlog can bring them in either order. The
     * booking waits for it, a few redeliveries long, before the overlap is answered.
     */
    private Uni<Decision> overlap(String waitKey, String doctorId, UUID appointmentId, TimeRange range) {
        return calendar.blocksOf(appointmentId).chain(own -> {
            var offered = own.stream().filter(b -> b.startAt.equals(range.start()) && b.endAt.equals(range.end()))
                    .findFirst();
            if (offered.isPresent()) {
                // Held under this appointment's id already: a waitlist offer it was booked from.
                return Uni.createFrom().item(Decision.held(offered.get().id));
            }
            return calendar.heldForWaitlist(doctorId, range).map(held -> {
                if (held) {
                    return Decision.refused(BookingRules.heldForWaitlist());
                }
                return overlapAfterWaiting(waitKey, appointmentId);
            });
        });
    }

    private Decision overlapAfterWaiting(String waitKey, UUID appointmentId) {
        if (stillWaiting(waitKey)) {
            throw new RetryLaterException("the time of appointment " + appointmentId + " is still blocked by another"
                    + " appointment; waiting for it to be freed");
        }
        return Decision.refused(BookingRules.overlap());
    }

    /**
     * Whether an event found blocked may wait longer: since this process first found it so, less than
     * {@code overlap-wait}. Kept in memory: a restart only makes an event wait its time again. Bounded, so events
     * that were answered elsewhere (another replica) cannot make it grow without end.
     */
    private boolean stillWaiting(String eventId) {
        Instant now = clock.instant();
        if (waitingSince.size() > 10_000) {
            waitingSince.values().removeIf(since -> since.isBefore(now.minus(config.overlapWait().multipliedBy(4))));
        }
        Instant since = waitingSince.computeIfAbsent(eventId, id -> now);
        if (Duration.between(since, now).compareTo(config.overlapWait()) < 0) {
            return true;
        }
        waitingSince.remove(eventId);
        return false;
    }

    /**
     * A reschedule refused: the appointment keeps the time the event carries. Normally that is the block kept
     * here when the new time was refused. But the appointment service also refuses a reschedule it got no answer
     * for in time (an answer lost on the way): then the block may have moved to the new time, and it moves back.
     */
    private Uni<Void> keepOnly(CloudEvent cause, AppointmentEventData data) {
        TimeRange kept = new TimeRange(data.appointmentTime(), data.endTime());
        UUID appointmentId = UUID.fromString(data.appointmentId());
        return calendar.blocksOf(appointmentId).chain(blocks -> {
            var keeping = blocks.stream().filter(b -> b.startAt.equals(kept.start()) && b.endAt.equals(kept.end()))
                    .findFirst();
            if (keeping.isPresent()) {
                return blocks.size() == 1 ? Uni.createFrom().voidItem()
                        : calendar.release(appointmentId, keeping.get().id).replaceWithVoid();
            }
            UUID slotId = UUID.randomUUID();
            return calendar.block(slotId, appointmentId, data.doctorId(), kept, clock.instant()).chain(blocked -> {
                if (!blocked && stillWaiting(cause.getId())) {
                    return Uni.createFrom().failure(new RetryLaterException("the kept time of appointment "
                            + data.appointmentId() + " is still blocked by another appointment"));
                }
                if (!blocked) {
                    Log.warnf("Appointment %s keeps %s, which another appointment's block still covers", appointmentId,
                            kept.start());
                }
                return calendar.release(appointmentId, blocked ? slotId : null).replaceWithVoid();
            });
        });
    }

    /** A move held its new time: the old block goes, and its time to the waitlist. */
    private Uni<Void> releaseOldBlocks(CloudEvent cause, String doctorId, UUID appointmentId, UUID kept,
            ZoneId zone) {
        return calendar.blocksOf(appointmentId).chain(blocks -> calendar.release(appointmentId, kept)
                .chain(() -> Multi.createFrom().iterable(blocks.stream().filter(b -> !b.id.equals(kept)).toList())
                        .onItem().transformToUniAndConcatenate(old -> waitlist.offerFreed(doctorId,
                                new TimeRange(old.startAt, old.endAt), zone, Origin.causedBy(cause), null))
                        .collect().last().replaceWithVoid()));
    }

    private Uni<Void> free(CloudEvent cause, AppointmentEventData data) {
        UUID appointmentId = UUID.fromString(data.appointmentId());
        return calendar.blocksOf(appointmentId).chain(blocks -> {
            if (blocks.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            var block = blocks.get(0);
            TimeRange range = new TimeRange(block.startAt, block.endAt);
            return calendar.release(appointmentId, null)
                    .chain(() -> calendar.zone(data.doctorId()))
                    .call(zone -> waitlist.offerFreed(data.doctorId(), range, zone, Origin.causedBy(cause), null))
                    .chain(zone -> answer(cause, Subjects.AVAILABILITY_FREED, data, range, zone, null));
        });
    }

    private Uni<Void> answer(CloudEvent cause, String type, AppointmentEventData data, TimeRange range, ZoneId zone,
            Reason reason) {
        AvailabilityEventData answer = new AvailabilityEventData(data.appointmentId(), data.doctorId(), range.start(),
                range.end(), zone.getId(), data.version(), reason);
        return outbox.enqueue(codec.create(type, data.appointmentId(), answer, Origin.causedBy(cause))).replaceWithVoid();
    }
}
