package clinic.doctoravailability.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.service.BlockingService;
import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.payload.AppointmentEventData;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/** Bookings, reschedules and cancellations from the appointment service, through the durable consumer. */
@ApplicationScoped
public class AppointmentEventsHandler implements EventHandler {

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

    @Override
    public Uni<Void> handle(CloudEvent event) {
        return blocking.apply(event, codec.data(event, AppointmentEventData.class));
    }
}
