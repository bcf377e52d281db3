package clinic.doctoravailability.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.service.BlockingService;
import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/** Bookings, reschedules and cancellations from the appointment service, through the durable consumer. */
@ApplicationScoped
public class AppointmentEventsHandler implements EventHandler {

    private static final Set<String> SAGA_OUTCOMES = Set.of(Subjects.APPOINTMENT_CONFIRMED,
            Subjects.APPOINTMENT_RESCHEDULED);

    private final EventCodec codec;
    private final BlockingService blocking;

    public AppointmentEventsHandler(EventCodec codec, BlockingService blocking) {
        this.codec = codec;
        this.blocking = blocking;
    }

    @Override
    public EventStream stream() {
        return EventStream.APPOINTMENTS;
    }

    /**
     * Not the saga's confirmations: each follows this service's own answer to the version before it, so no older
     * event can still arrive to be judged stale against them. A refused reschedule is handled: the appointment
     * service also refuses one that got no answer in time, and the calendar must then keep the old time. The
     * other types count for the version order (a change of notes excepted, see {@link BlockingService#apply}),
     * whether or not they change the calendar.
     */
    @Override
    public boolean handles(String type) {
        return !SAGA_OUTCOMES.contains(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        return blocking.apply(event, codec.data(event, AppointmentEventData.class));
    }
}
