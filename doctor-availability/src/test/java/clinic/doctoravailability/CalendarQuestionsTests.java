package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import clinic.eventbus.NatsAccess;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.CalendarQuery;
import clinic.eventbus.testing.TestNats;
import clinic.http.FhirIds;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The FHIR API's questions about doctors and their free times, asked over NATS as the one service allowed to ask
 * (appointment, whose user the test borrows), answered from this service's calendar by the free-slot search.
 */
@QuarkusTest
class CalendarQuestionsTests {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    static CalendarQuery.Found ask(String asUser, CalendarQuery query) throws Exception {
        try (Connection nats = Nats.connect(TestNats.options(asUser).inboxPrefix(NatsAccess.inboxPrefix(asUser))
                .build())) {
            Message answer = nats.request(QuestionType.CALENDAR.subject("doctor-availability"),
                    JSON.writeValueAsBytes(query), Duration.ofSeconds(5));
            return JSON.readValue(answer.getData(), CalendarQuery.Found.class);
        }
    }

    private static CalendarQuery byIds(List<String> ids, List<String> fhirIds, Instant from, Instant to) {
        return new CalendarQuery(ids, fhirIds, null, null, null, 1, 50, from, to, from == null ? null : 30);
    }

    @Test
    void doctorsAreAnsweredWithTheFreeTimesTheSlotSearchFinds() throws Exception {
        String id = DoctorApiTests.createDoctor("Europe/Berlin");
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "monday", "start", "09:00", "end", "10:30")))
                .put("/doctors/" + id + "/working-hours").then().statusCode(200);
        // A Monday and the Tuesday after it: only Monday's working hours, in Berlin's summer time.
        Instant from = Instant.parse("2031-06-02T00:00:00Z");
        Instant to = Instant.parse("2031-06-04T00:00:00Z");
        CalendarQuery.Found found = ask("appointment", byIds(List.of(id), null, from, to));
        assertEquals(1, found.total());
        CalendarQuery.DoctorRecord doctor = found.doctors().get(0);
        assertEquals("Europe/Berlin", doctor.timeZone());
        assertEquals(List.of(Instant.parse("2031-06-02T07:00:00Z"), Instant.parse("2031-06-02T07:30:00Z"),
                Instant.parse("2031-06-02T08:00:00Z")), doctor.free().stream().map(CalendarQuery.FreeTime::start)
                        .toList());
        // The same doctor by FHIR id; no free times asked for, none answered.
        CalendarQuery.Found plain = ask("appointment", byIds(null, List.of(FhirIds.of(id)), null, null));
        assertEquals(id, plain.doctors().get(0).id());
        assertEquals(null, plain.doctors().get(0).free());
    }

    @Test
    void doctorsAreFoundByNameSpecialtyAndActivity() throws Exception {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "Dr Grace Hopper-Search",
                "specialty", "Neurology")).post("/doctors").then().statusCode(201).extract().path("id");
        CalendarQuery byName = new CalendarQuery(null, null, "hopper", true, "neurology", 1, 50, null, null, null);
        assertEquals(true, ask("appointment", byName).doctors().stream().anyMatch(d -> d.id().equals(id)));
        CalendarQuery inactive = new CalendarQuery(List.of(id), null, null, false, null, 1, 50, null, null, null);
        assertEquals(0, ask("appointment", inactive).total());
        // Both ways of naming narrow together: the id and another doctor's FHIR id find nobody.
        assertEquals(0, ask("appointment", byIds(List.of(id), List.of("someone-else"), null, null)).total());
    }

    @Test
    void onlyTheFhirApisServiceMayAsk() {
        assertThrows(Exception.class, () -> ask("notifications", byIds(List.of("x"), null, null, null)));
    }
}
