package clinic.notifications.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.WaitlistEventData;
import clinic.notifications.config.NotificationConfig;
import clinic.notifications.service.Messages;
import clinic.notifications.service.NotificationService;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/** A time offered from the waitlist: the patient is told, with the link that accepts it. */
@ApplicationScoped
public class WaitlistOffers implements EventHandler {

    private final EventCodec codec;
    private final NotificationService notifications;
    private final NotificationConfig config;

    public WaitlistOffers(EventCodec codec, NotificationService notifications, NotificationConfig config) {
        this.codec = codec;
        this.notifications = notifications;
        this.config = config;
    }

    @Override
    public EventStream stream() {
        return EventStream.AVAILABILITY;
    }

    @Override
    public boolean handles(String type) {
        return Subjects.AVAILABILITY_WAITLIST_OFFERED.equals(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        WaitlistEventData offer = codec.data(event, WaitlistEventData.class);
        return notifications.create(Messages.waitlistOffer(offer, config.publicUrl()), offer.patientId(),
                UUID.fromString(offer.appointmentId()), EventCodec.correlationId(event)).replaceWithVoid();
    }
}
