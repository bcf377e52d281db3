package clinic.patientcontact;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import clinic.eventbus.NatsAccess;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.PatientQuery;
import clinic.eventbus.testing.TestNats;
import clinic.http.FhirIds;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The FHIR API's Patient searches, asked over NATS as the one service allowed to ask (appointment, whose user the
 * test borrows), answered from this service's rows with its own rule of who sees whom.
 */
@QuarkusTest
class PatientQuestionsTests {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static PatientQuery.Found ask(String asUser, PatientQuery query) throws Exception {
        try (Connection nats = Nats.connect(TestNats.options(asUser).inboxPrefix(NatsAccess.inboxPrefix(asUser))
                .build())) {
            Message answer = nats.request(QuestionType.PATIENTS.subject("patient-contact"),
                    JSON.writeValueAsBytes(query), Duration.ofSeconds(5));
            return JSON.readValue(answer.getData(), PatientQuery.Found.class);
        }
    }

    private static String register(String id, String name, String email) {
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", name, "email", email, "phone",
                "+49 30 1234" + (1000 + (int) (Math.random() * 8999)), "date_of_birth", "1980-04-23"))
                .post("/patients").then().statusCode(201);
        return id;
    }

    private static PatientQuery query(String scopePatient, List<String> ids, List<String> fhirIds, String name,
            String email, LocalDate birthDate) {
        return new PatientQuery(scopePatient, null, ids, fhirIds, name, email, null, birthDate, 1, 50);
    }

    @Test
    void patientsAreFoundByIdNameEmailAndBirthDate() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "ann-" + tag + "@example.org";
        String id = register("patient-" + tag, "Ann Quest" + tag, email);
        PatientQuery.Found byId = ask("appointment", query(null, null, List.of(id), null, null, null));
        assertEquals(1, byId.total());
        PatientQuery.PatientRecord ann = byId.patients().get(0);
        assertEquals(email, ann.email());
        assertEquals(LocalDate.parse("1980-04-23"), ann.dateOfBirth());
        assertEquals(List.of(id), ids(ask("appointment", query(null, null, null, "quest" + tag, null, null))));
        assertEquals(List.of(id), ids(ask("appointment", query(null, null, null, null, email.toUpperCase(),
                LocalDate.parse("1980-04-23")))));
        assertEquals(List.of(), ids(ask("appointment", query(null, null, null, null, email,
                LocalDate.parse("1980-04-24")))));
    }

    @Test
    void idsThatAreNotFhirIdsAreFoundByTheirMappedIds() throws Exception {
        String id = "patient_" + UUID.randomUUID();
        register(id, "Pat Mapped", "mapped-" + UUID.randomUUID() + "@example.org");
        assertEquals(List.of(id), ids(ask("appointment", query(null, null, List.of(FhirIds.of(id)), null, null,
                null))));
        assertEquals(List.of(id), ids(ask("appointment", query(null, List.of(id), null, null, null, null))));
    }

    @Test
    void theCallersScopeTravelsWithTheQuestion() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String own = register("patient-own-" + tag, "Scope Own" + tag, "own-" + tag + "@example.org");
        register("patient-other-" + tag, "Scope Other" + tag, "other-" + tag + "@example.org");
        assertEquals(List.of(own), ids(ask("appointment", query(own, null, null, "scope", null, null))));
        assertEquals(2, ask("appointment", query(null, null, null, "scope", null, null)).patients().stream()
                .filter(p -> p.id().endsWith(tag)).count());
    }

    @Test
    void onlyTheFhirApisServiceMayAsk() {
        assertThrows(Exception.class, () -> ask("notifications", query(null, List.of("x"), null, null, null, null)));
    }

    private static List<String> ids(PatientQuery.Found found) {
        return found.patients().stream().map(PatientQuery.PatientRecord::id).toList();
    }
}
