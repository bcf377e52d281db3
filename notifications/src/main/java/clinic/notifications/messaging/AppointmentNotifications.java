package clinic.notifications.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.VersionGate;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.notifications.service.Messages;
import clinic.notifications.service.NotificationService;
import clinic.notifications.service.ReminderService;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * One message per confirmed, rejected, rescheduled or cancelled appointment, and its reminder kept in step.
 * Only the newest version of an appointment counts: a confirmation that arrives after the cancellation tells
 * the patient nothing and schedules no reminder. The other types (scheduled, a change of notes or a move
 * request, a refused move) tell nothing and are not read.
 */
@ApplicationScoped
public class AppointmentNotifications implements EventHandler {

    private final EventCodec codec;
    private final VersionGate versions;
    private final NotificationService notifications;
    private final ReminderService reminders;

    public AppointmentNotifications(EventCodec codec, VersionGate versions, NotificationService notifications,
            ReminderService reminders) {
        this.codec = codec;
        this.versions = versions;
        this.notifications = notifications;
        this.reminders = reminders;
    }

    @Override
    public EventStream stream() {
        return EventStream.APPOINTMENTS;
    }

    @Override
    public boolean handles(String type) {
        return Messages.tells(type) || ReminderService.concerns(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        AppointmentEventData data = codec.data(event, AppointmentEventData.class);
        return versions.advance("appointment", data.appointmentId(), data.version()).chain(newest -> {
            if (!newest) {
                return Uni.createFrom().voidItem();
            }
            Messages.Text text = Messages.forEvent(event.getType(), data);
            Uni<Void> notified = text == null ? Uni.createFrom().voidItem()
                    : notifications.create(text, data.patientId(), UUID.fromString(data.appointmentId()),
                            EventCodec.correlationId(event)).replaceWithVoid();
            return notified.chain(() -> reminders.apply(event.getType(), data));
        });
    }
}
