package clinic.patientcontact.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import clinic.eventbus.EventBusConfig;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.ContactDetails;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The keys patients' contact details are sealed under in patient events: one per patient, made with their first
 * event, deleted by their erasure. The service that keeps a copy of the details asks for a patient's key over NATS
 * ({@link QuestionType#CONTACT_KEY}; NATS lets no other service ask, and nobody else read the answer), and is told
 * {@code erased} once the key is gone.
 */
@ApplicationScoped
public class ContactKeys {

    private final Pool pool;
    private final Queries queries;
    private final String service;

    public ContactKeys(Pool pool, Queries queries, EventBusConfig config) {
        this.pool = pool;
        this.queries = queries;
        this.service = config.service();
    }

    void answerQuestions(@Observes StartupEvent event) {
        queries.answer(QuestionType.CONTACT_KEY.subject(service), question -> pool
                .preparedQuery("select contact_key from patient_contact_key where patient_id = $1")
                .execute(Tuple.of(new String(question, StandardCharsets.UTF_8)))
                .map(rows -> rows.iterator().hasNext()
                        ? "{\"key\":\"" + Base64.getEncoder().encodeToString(rows.iterator().next().getBuffer(0)
                                .getBytes()) + "\"}"
                        : "{\"erased\":true}")
                .map(answer -> answer.getBytes(StandardCharsets.UTF_8)));
    }

    /** The patient's key, made now if they have none; inside the caller's transaction. */
    Uni<byte[]> keyOf(String patientId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select contact_key from patient_contact_key where patient_id in (:id)", byte[].class)
                .setParameter("id", List.of(patientId)).getResultList())
                .chain(found -> {
                    if (!found.isEmpty()) {
                        return Uni.createFrom().item(found.get(0));
                    }
                    byte[] key = ContactDetails.newKey();
                    return Panache.getSession().chain(session -> session.createNativeQuery(
                            "insert into patient_contact_key (patient_id, contact_key) values (:id, :key)")
                            .setParameter("id", patientId).setParameter("key", key).executeUpdate())
                            .replaceWith(key);
                });
    }

    /** Destroys the patient's key, inside the erasure's transaction: their sealed details are unreadable for good. */
    Uni<Void> destroy(String patientId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from patient_contact_key where patient_id = :id").setParameter("id", patientId)
                .executeUpdate()).replaceWithVoid();
    }
}
