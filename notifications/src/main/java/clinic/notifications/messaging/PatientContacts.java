package clinic.notifications.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.ContactDetails;
import clinic.eventbus.payload.PatientEventData;
import clinic.notifications.Contact;
import clinic.notifications.Notification;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * Keeps this service's copy of contact details from patient events, which carry them sealed under the patient's key
 * ({@link ContactKeys}). Events are ordered by their time; an erased patient stays erased, and erasure also removes
 * the addresses already written on notifications.
 */
@ApplicationScoped
public class PatientContacts implements EventHandler {

    private final EventCodec codec;
    private final ContactKeys contactKeys;

    public PatientContacts(EventCodec codec, ContactKeys contactKeys) {
        this.codec = codec;
        this.contactKeys = contactKeys;
    }

    @Override
    public EventStream stream() {
        return EventStream.PATIENTS;
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        PatientEventData data = codec.data(event, PatientEventData.class);
        Instant asOf = event.getTime() == null ? Instant.now() : event.getTime().toInstant();
        // Locked: events of one patient handled at the same moment apply one after the other, so an update
        // read before an erasure never writes the erased details back.
        return Contact.<Contact>findById(data.patientId(), LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            if (existing != null && (existing.erased || existing.asOf.isAfter(asOf))) {
                return Uni.createFrom().voidItem();
            }
            Contact contact = existing != null ? existing : new Contact();
            contact.patientId = data.patientId();
            contact.asOf = asOf;
            if (Subjects.PATIENT_DELETED.equals(event.getType())) {
                contact.name = null;
                contact.email = null;
                contact.phone = null;
                contact.erased = true;
                return (existing != null ? Uni.createFrom().voidItem() : contact.persist().replaceWithVoid())
                        .chain(() -> Notification.update("recipient = null, invitation = null where patientId = ?1",
                                data.patientId()))
                        .replaceWithVoid();
            }
            return contactKeys.keyOf(data.patientId()).chain(key -> {
                if (key.isEmpty()) {
                    // Erased meanwhile: its details can no longer be read, and patient.deleted follows.
                    return Uni.createFrom().voidItem();
                }
                ContactDetails details = ContactDetails.open(data.sealedContact(), data.patientId(), key.get());
                contact.name = details.name();
                contact.email = details.email();
                contact.phone = details.phone();
                var preferences = data.notificationPreferences();
                contact.notifyEmail = preferences == null
                        || Boolean.TRUE.equals(preferences.getOrDefault("email", true));
                contact.notifySms = preferences != null && Boolean.TRUE.equals(preferences.getOrDefault("sms", false));
                return existing != null ? Uni.createFrom().voidItem() : contact.persist().replaceWithVoid();
            });
        });
    }
}
