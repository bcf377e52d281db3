package clinic.appointment.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.service.Settlement;
import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AvailabilityEventData;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/** doctor-availability's answers to bookings and reschedules settle the saga here. */
@ApplicationScoped
public class AvailabilityAnswers implements EventHandler {

    private final EventCodec codec;
    private final Settlement settlement;

    public AvailabilityAnswers(EventCodec codec, Settlement settlement) {
        this.codec = codec;
        this.settlement = settlement;
    }

    @Override
    public EventStream stream() {
        return EventStream.AVAILABILITY;
    }

    @Override
    public boolean handles(String type) {
        return Subjects.AVAILABILITY_BLOCKED.equals(type) || Subjects.AVAILABILITY_CONFLICT.equals(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        return settlement.settle(event, codec.data(event, AvailabilityEventData.class));
    }
}
