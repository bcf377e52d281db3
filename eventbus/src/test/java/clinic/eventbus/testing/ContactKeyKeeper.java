package clinic.eventbus.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import clinic.eventbus.EventType.Services;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.ContactDetails;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;

/**
 * patient-contact's part in the contact keys, for a module whose tests run without it: answers the CONTACT_KEY
 * question over the run's NATS (as the operator) from keys it made for the tests' patients, and forgets a key when
 * a test erases its patient.
 */
public final class ContactKeyKeeper implements AutoCloseable {

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final Map<String, byte[]> keys;

    private ContactKeyKeeper(Connection connection, Map<String, byte[]> keys) {
        this.connection = connection;
        this.keys = keys;
        this.dispatcher = connection.createDispatcher(message -> {
            byte[] key = keys.get(new String(message.getData(), StandardCharsets.UTF_8));
            String answer = key == null ? "{\"erased\":true}"
                    : "{\"key\":\"" + Base64.getEncoder().encodeToString(key) + "\"}";
            connection.publish(message.getReplyTo(), answer.getBytes(StandardCharsets.UTF_8));
        });
        dispatcher.subscribe(QuestionType.CONTACT_KEY.subject(Services.PATIENT_CONTACT));
    }

    public static ContactKeyKeeper start() throws Exception {
        return start(new ConcurrentHashMap<>());
    }

    /** A keeper of these keys, e.g. those of one that stopped: patient-contact back after it was away. */
    public static ContactKeyKeeper start(Map<String, byte[]> keys) throws Exception {
        ContactKeyKeeper keeper = new ContactKeyKeeper(TestNats.connect(), keys);
        keeper.connection.flush(java.time.Duration.ofSeconds(5));
        return keeper;
    }

    /** The keys it holds (the map itself). */
    public Map<String, byte[]> keys() {
        return keys;
    }

    /** The details sealed under the patient's key, made on first use, as patient-contact puts them in events. */
    public String seal(String patientId, ContactDetails details) {
        return details.seal(patientId, keys.computeIfAbsent(patientId, id -> ContactDetails.newKey()));
    }

    /** The patient's key is destroyed, as their erasure does. */
    public void erase(String patientId) {
        keys.remove(patientId);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
