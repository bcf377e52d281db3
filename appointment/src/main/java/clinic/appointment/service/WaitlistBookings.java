package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.RetryLaterException;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.payload.WaitlistEventData;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * A time offered from doctor-availability's waitlist and accepted: booked here as the appointment the offer names
 * (its hold in the doctor's calendar already carries that id), through the same saga as any booking. Runs in the
 * consumer's transaction; a second delivery finds the appointment made and does nothing. A booking made here of the
 * same time before doctor-availability held it waits for its answer (doctor-availability refuses it: the time is
 * held), and the offer is booked after it; one that doctor-availability confirmed (the offer's hold was gone) wins,
 * and the offer's appointment is made rejected, with the reason, which frees the offer's hold.
 */
@ApplicationScoped
public class WaitlistBookings {

    static final Reason TAKEN = new Reason("overlap", "The time offered from the waitlist was booked meanwhile; you"
            + " are no longer on the waitlist for it.");

    private final AppointmentRepository appointments;
    private final HoldRepository holds;
    private final AppointmentEvents events;
    private final Clock clock = Clock.systemUTC();

    public WaitlistBookings(AppointmentRepository appointments, HoldRepository holds, AppointmentEvents events) {
        this.appointments = appointments;
        this.holds = holds;
        this.events = events;
    }

    public Uni<Void> book(CloudEvent accepted, WaitlistEventData offer) {
        UUID id = UUID.fromString(offer.appointmentId());
        return appointments.findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            Appointment appointment = Appointment.book(offer.patientId(), offer.doctorId(), offer.startTime(),
                    offer.durationMinutes(), null, now);
            appointment.id = id;
            return holds.findBlocking(offer.doctorId(), appointment.startAt, appointment.endAt, id)
                    .chain(blocking -> blocking == null ? Uni.createFrom().item((Appointment) null)
                            : appointments.findById(blocking)).chain(blocking -> {
                if (blocking != null && (blocking.status() == AppointmentStatus.SCHEDULED
                        || blocking.hasPendingReschedule())) {
                    // Booked here before doctor-availability held the time for the offer: its answer (a conflict,
                    // the time being held) is on its way, and frees the time here. Redelivered until then.
                    throw new RetryLaterException("the time offered as " + id + " is held here by appointment "
                            + blocking.id + ", still waiting for doctor-availability's answer");
                }
                if (blocking != null) {
                    Log.infof("Waitlist offer %s: its time is held here by appointment %s; booked as rejected", id,
                            blocking.id);
                    appointment.moveTo(AppointmentStatus.REJECTED, TAKEN, now);
                    // Flushed first: the history row of the rejection names the appointment's row.
                    return appointment.persist().call(Panache::flush)
                            .chain(() -> events.rejected(appointment, null, TAKEN, accepted))
                            .replaceWithVoid();
                }
                AppointmentEvents.Announcement scheduled = events.scheduled(appointment, Origin.causedBy(accepted));
                return appointments.insertBooked(appointment, scheduled.entry(), events.stage(scheduled), null);
            });
        });
    }
}
