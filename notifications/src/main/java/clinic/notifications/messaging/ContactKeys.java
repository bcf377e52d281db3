package clinic.notifications.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.EventType.Services;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import clinic.eventbus.RetryLaterException;
import io.smallrye.mutiny.Uni;

/**
 * Asks patient-contact, the keeper of patients, for the key a patient's contact details are sealed under in their
 * events: once per patient event handled, never when a message is sent (the details are kept here, opened). No
 * answer (patient-contact away) leaves the event to be handled again later, as a database outage would.
 */
@ApplicationScoped
public class ContactKeys {

    private final Queries queries;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public ContactKeys(Queries queries, ObjectMapper mapper,
            @ConfigProperty(name = "clinic.notifications.contact-key-timeout", defaultValue = "3s") Duration timeout) {
        this.queries = queries;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    /** The patient's key; empty once they are erased (the key is destroyed with their details). */
    Uni<Optional<byte[]>> keyOf(String patientId) {
        return queries.ask(QuestionType.CONTACT_KEY.subject(Services.PATIENT_CONTACT),
                patientId.getBytes(StandardCharsets.UTF_8), timeout)
                .onFailure(Queries.NoAnswerException.class).transform(failure -> new RetryLaterException(
                        "patient-contact did not give the contact key: " + failure.getMessage()))
                .map(answer -> {
                    try {
                        JsonNode body = mapper.readTree(answer);
                        if (body.path("erased").asBoolean(false)) {
                            return Optional.<byte[]>empty();
                        }
                        return Optional.of(Base64.getDecoder().decode(body.path("key").asText()));
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw new IllegalStateException("An unreadable contact key answer", e);
                    }
                });
    }
}
