package clinic.eventbus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.payload.AppointmentEventData;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * The test application's consumer of APPOINTMENTS. Patient ids steer failures: {@code poison} always fails,
 * {@code flaky} fails its first two deliveries; an appointment {@linkplain #breakUntilRepaired broken} by a test
 * fails until it is repaired (a bug fixed before a replay). Otherwise it applies the newest version per
 * appointment and records the effect.
 */
@ApplicationScoped
public class RecordingHandler implements EventHandler {

    static final String POISON = "poison";
    static final String FLAKY = "flaky";

    private final EventCodec codec;
    private final VersionGate versions;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    public RecordingHandler(EventCodec codec, VersionGate versions) {
        this.codec = codec;
        this.versions = versions;
    }

    /** How often the event reached this handler, also when it failed. */
    int attempts(String eventId) {
        return attempts.getOrDefault(eventId, 0);
    }

    /** Every event of this appointment fails, as for a bug in the handler, until {@link #repair}. */
    void breakUntilRepaired(String appointmentId) {
        broken.add(appointmentId);
    }

    void repair(String appointmentId) {
        broken.remove(appointmentId);
    }

    @Override
    public EventStream stream() {
        return EventStream.APPOINTMENTS;
    }

    /** All but no-shows, so that the consumer's skipping of other types is seen. */
    @Override
    public boolean handles(String type) {
        return !Subjects.APPOINTMENT_NO_SHOW.equals(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        return handleAs(event, "first");
    }

    Uni<Void> handleAs(CloudEvent event, String label) {
        AppointmentEventData data = codec.data(event, AppointmentEventData.class);
        int attempt = attempts.merge(event.getId(), 1, Integer::sum);
        if (POISON.equals(data.patientId())) {
            return Uni.createFrom().failure(new IllegalStateException("poison pill " + event.getId()));
        }
        if (broken.contains(data.appointmentId())) {
            return Uni.createFrom().failure(new IllegalStateException("handler bug for appointment "
                    + data.appointmentId()));
        }
        if (FLAKY.equals(data.patientId()) && attempt <= 2) {
            return Uni.createFrom().failure(new IllegalStateException("transient failure " + attempt));
        }
        return versions.advance("appointment", data.appointmentId(), data.version()).chain(newer -> {
            if (!newer) {
                return Uni.createFrom().voidItem();
            }
            TestEffect effect = new TestEffect();
            effect.eventId = event.getId();
            effect.aggregateId = data.appointmentId();
            effect.version = data.version();
            effect.handledBy = label;
            effect.eventTime = event.getTime().toInstant();
            return effect.persist().replaceWithVoid();
        });
    }
}
