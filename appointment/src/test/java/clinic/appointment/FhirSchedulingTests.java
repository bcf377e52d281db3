package clinic.appointment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.CalendarQuery;
import clinic.eventbus.payload.PatientQuery;
import clinic.http.testing.FhirConformance;
import io.nats.client.Dispatcher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Patient, Practitioner, Schedule, Slot, {@code $find} and {@code $book}: the FHIR API asks patient-contact and
 * doctor-availability over NATS, here answered by the test in their place (their own answering is tested in their
 * modules, the whole in the system tests). Every answer is validated against FHIR R4.
 */
@QuarkusTest
class FhirSchedulingTests {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    /** The doctors doctor-availability knows in this test, with the free times it would compute. */
    private static final Map<String, CalendarQuery.DoctorRecord> DOCTORS = new ConcurrentHashMap<>();
    private static final Map<String, PatientQuery.PatientRecord> PATIENTS = new ConcurrentHashMap<>();
    private Dispatcher answering;

    @BeforeEach
    void answerAsTheOtherServices() throws Exception {
        RestAssured.filters(new FhirConformance());
        answering = TestSupport.nats().createDispatcher(message -> {
            try {
                byte[] answer;
                if (message.getSubject().equals(QuestionType.CALENDAR.subject("doctor-availability"))) {
                    CalendarQuery query = JSON.readValue(message.getData(), CalendarQuery.class);
                    List<CalendarQuery.DoctorRecord> found = new ArrayList<>();
                    for (String id : query.fhirIds() == null ? List.copyOf(DOCTORS.keySet()) : query.fhirIds()) {
                        CalendarQuery.DoctorRecord doctor = DOCTORS.get(id);
                        if (doctor != null) {
                            found.add(query.freeFrom() == null ? withFree(doctor, null) : withFree(doctor,
                                    doctor.free().stream().filter(t -> !t.start().isBefore(query.freeFrom())
                                            && t.start().isBefore(query.freeTo())).toList()));
                        }
                    }
                    answer = JSON.writeValueAsBytes(new CalendarQuery.Found(found.size(), found));
                } else {
                    PatientQuery query = JSON.readValue(message.getData(), PatientQuery.class);
                    List<PatientQuery.PatientRecord> found = (query.fhirIds() == null ? List.copyOf(PATIENTS.keySet())
                            : query.fhirIds()).stream().map(PATIENTS::get)
                            .filter(p -> p != null && (query.scopePatientId() == null
                                    || query.scopePatientId().equals(p.id()))).toList();
                    answer = JSON.writeValueAsBytes(new PatientQuery.Found(found.size(), found));
                }
                TestSupport.nats().publish(message.getReplyTo(), answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        answering.subscribe(QuestionType.CALENDAR.subject("doctor-availability"));
        answering.subscribe(QuestionType.PATIENTS.subject("patient-contact"));
        TestSupport.nats().flush(java.time.Duration.ofSeconds(5));
    }

    @AfterEach
    void stopAnswering() throws Exception {
        TestSupport.nats().closeDispatcher(answering);
    }

    private static CalendarQuery.DoctorRecord withFree(CalendarQuery.DoctorRecord doctor,
            List<CalendarQuery.FreeTime> free) {
        return new CalendarQuery.DoctorRecord(doctor.id(), doctor.name(), doctor.specialty(), doctor.email(),
                doctor.phone(), doctor.timeZone(), doctor.active(), doctor.createdAt(), doctor.updatedAt(), free);
    }

    /** A doctor with three free half hours from {@code start}. */
    private static String doctor(Instant start) {
        String id = TestSupport.doctor();
        List<CalendarQuery.FreeTime> free = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant at = start.plus(30L * i, ChronoUnit.MINUTES);
            free.add(new CalendarQuery.FreeTime(at, at.plus(30, ChronoUnit.MINUTES)));
        }
        DOCTORS.put(id, new CalendarQuery.DoctorRecord(id, "Dr Ada Test", "cardiology", "ada@clinic.example", null,
                "Europe/Berlin", true, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
                free));
        return id;
    }

    private static RequestSpecification fhir() {
        return given().contentType(FHIR_JSON).accept(FHIR_JSON);
    }

    private static String find(String doctor, Instant day) {
        return """
                {"resourceType": "Parameters", "parameter": [
                  {"name": "start", "valueDateTime": "%s"}, {"name": "end", "valueDateTime": "%s"},
                  {"name": "practitioner", "valueReference": {"reference": "Practitioner/%s"}}]}"""
                .formatted(day, day.plus(1, ChronoUnit.DAYS), doctor);
    }

    @Test
    void findProposesFreeTimesThatNoBookingHoldsAndBookBooksOne() {
        Instant day = TestSupport.DAY.plus(400, ChronoUnit.DAYS);
        Instant nine = day.plus(9, ChronoUnit.HOURS);
        String doctor = doctor(nine);
        String patient = TestSupport.patient();
        // A booking doctor-availability has not answered yet holds 09:30 here already.
        TestSupport.book(patient, doctor, nine.plus(30, ChronoUnit.MINUTES));

        JsonPath found = fhir().body(find(doctor, day)).post("/fhir/r4/Appointment/$find").then().statusCode(200)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset")).body("total", equalTo(2))
                .body("entry.resource.status", everyIs("proposed")).extract().jsonPath();
        assertEquals(List.of(nine.toString(), nine.plus(60, ChronoUnit.MINUTES).toString()),
                found.getList("entry.resource.start"));
        // The same search by GET.
        fhir().queryParam("start", day.toString()).queryParam("end", day.plus(1, ChronoUnit.DAYS).toString())
                .queryParam("practitioner", "Practitioner/" + doctor).get("/fhir/r4/Appointment/$find").then()
                .statusCode(200).body("total", equalTo(2));

        // Book the first proposal, as $find answered it with the patient added.
        Map<String, Object> proposal = found.getMap("entry[0].resource");
        String booking = """
                {"resourceType": "Parameters", "parameter": [{"name": "appointment", "resource": {
                  "resourceType": "Appointment", "status": "proposed", "start": "%s", "end": "%s",
                  "slot": [{"reference": "%s"}],
                  "participant": [{"actor": {"reference": "Patient/%s"}, "status": "needs-action"},
                                  {"actor": {"reference": "Practitioner/%s"}, "status": "needs-action"}]}}]}"""
                .formatted(proposal.get("start"), proposal.get("end"),
                        ((List<Map<String, String>>) proposal.get("slot")).get(0).get("reference"), patient, doctor);
        fhir().body(booking).post("/fhir/r4/Appointment/$book").then().statusCode(200)
                .header("Location", containsString("/fhir/r4/Appointment/")).body("total", equalTo(1))
                .body("entry[0].resource.status", equalTo("pending"));
        fhir().body(find(doctor, day)).post("/fhir/r4/Appointment/$find").then().body("total", equalTo(1))
                .body("entry[0].resource.start", equalTo(nine.plus(60, ChronoUnit.MINUTES).toString()));
        // A slot that names another time than the appointment's is refused.
        fhir().body(booking.replace(proposal.get("start").toString(), nine.plus(120, ChronoUnit.MINUTES).toString()))
                .post("/fhir/r4/Appointment/$book").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("Appointment.slot"));
    }

    @Test
    void slotsAreTheFreeTimesAndReadBackFreeOrBusy() {
        Instant day = TestSupport.DAY.plus(401, ChronoUnit.DAYS);
        Instant nine = day.plus(9, ChronoUnit.HOURS);
        String doctor = doctor(nine);
        TestSupport.book(TestSupport.patient(), doctor, nine.plus(30, ChronoUnit.MINUTES));
        JsonPath slots = fhir().get("/fhir/r4/Slot?schedule=Schedule/" + doctor + "&start=ge" + day + "&start=lt"
                + day.plus(1, ChronoUnit.DAYS)).then().statusCode(200).body("total", equalTo(2))
                .body("entry.resource.status", everyIs("free")).extract().jsonPath();
        String free = slots.getString("entry[0].resource.id");
        fhir().get("/fhir/r4/Slot/" + free).then().statusCode(200).body("status", equalTo("free"))
                .body("schedule.reference", equalTo("Schedule/" + doctor));
        String held = free.replaceFirst("^\\d+", Long.toString(nine.plus(30, ChronoUnit.MINUTES).getEpochSecond()
                / 60));
        fhir().get("/fhir/r4/Slot/" + held).then().statusCode(200).body("status", equalTo("busy"));
        fhir().get("/fhir/r4/Slot/not-a-slot").then().statusCode(404);
        fhir().get("/fhir/r4/Slot?start=ge" + day).then().statusCode(400)
                .body("issue[0].diagnostics", containsString("schedule"));
        fhir().get("/fhir/r4/Slot?schedule=Schedule/" + doctor + "&status=busy").then().statusCode(400);
        fhir().get("/fhir/r4/Slot?schedule=Schedule/" + doctor + "&start=ge" + day + "&start=lt"
                + day.plus(40, ChronoUnit.DAYS)).then().statusCode(400);
    }

    @Test
    void practitionersSchedulesAndPatientsAreTheKeepersRecords() {
        String doctor = doctor(TestSupport.DAY.plus(402, ChronoUnit.DAYS));
        fhir().get("/fhir/r4/Practitioner/" + doctor).then().statusCode(200).body("name[0].text",
                equalTo("Dr Ada Test")).body("identifier[0].value", equalTo(doctor));
        fhir().get("/fhir/r4/Schedule/" + doctor).then().statusCode(200).body("actor[0].reference",
                equalTo("Practitioner/" + doctor)).body("specialty[0].text", equalTo("cardiology"));
        fhir().get("/fhir/r4/Schedule?actor=Practitioner/" + doctor).then().statusCode(200).body("total", equalTo(1));
        fhir().get("/fhir/r4/Practitioner/nobody").then().statusCode(404).body("issue[0].code", equalTo("not-found"));

        String patient = TestSupport.patient();
        PATIENTS.put(patient, new PatientQuery.PatientRecord(patient, "Ann Test", "ann@example.org", "+4930123456",
                java.time.LocalDate.parse("1980-04-23"), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z")));
        fhir().get("/fhir/r4/Patient/" + patient).then().statusCode(200).body("birthDate", equalTo("1980-04-23"))
                .body("telecom.system", hasItem("email"));
        // Another patient's record is as unknown as a missing one: the scope travels with the question.
        fhir().header("Authorization", clinic.http.testing.Tokens.header(clinic.http.testing.Tokens.patient(
                TestSupport.patient()))).get("/fhir/r4/Patient/" + patient).then().statusCode(404);
    }

    /**
     * The CapabilityStatement against the endpoints: every interaction and search parameter it lists is answered
     * (not 404 for the path, not 405, not refused as unknown), and every one it leaves out is not.
     */
    @Test
    void theCapabilityStatementListsExactlyWhatIsAnswered() {
        String doctor = doctor(TestSupport.DAY.plus(403, ChronoUnit.DAYS));
        JsonPath statement = given().get("/fhir/r4/metadata").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> resources = statement.getList("rest[0].resource");
        List<String> failures = new ArrayList<>();
        for (String type : List.of("Appointment", "Patient", "Practitioner", "Schedule", "Slot", "Encounter",
                "Location")) {
            Map<String, Object> listed = resources.stream().filter(r -> type.equals(r.get("type"))).findFirst()
                    .orElse(Map.of());
            List<String> interactions = listed.isEmpty() ? List.of() : ((List<Map<String, String>>) listed
                    .get("interaction")).stream().map(i -> i.get("code")).toList();
            Map<String, io.restassured.response.Response> answers = Map.of(
                    "read", fhir().get("/fhir/r4/" + type + "/" + doctor),
                    "search-type", fhir().get("/fhir/r4/" + type + (type.equals("Slot") ? "?schedule=Schedule/"
                            + doctor : "")),
                    "create", fhir().body("{\"resourceType\": \"" + type + "\"}").post("/fhir/r4/" + type),
                    "update", fhir().body("{\"resourceType\": \"" + type + "\", \"id\": \"x\"}")
                            .put("/fhir/r4/" + type + "/x"),
                    "delete", fhir().delete("/fhir/r4/" + type + "/x"));
            answers.forEach((interaction, answer) -> {
                boolean answered = answer.statusCode() != 405 && !(answer.statusCode() == 404
                        && answer.asString().contains("No resource at this path"));
                if (answered != interactions.contains(interaction)) {
                    failures.add(type + " " + interaction + ": listed " + interactions.contains(interaction)
                            + ", answered " + answer.statusCode() + " " + answer.asString());
                }
            });
            if (!listed.isEmpty()) {
                for (Map<String, String> param : (List<Map<String, String>>) listed.get("searchParam")) {
                    String answer = fhir().get("/fhir/r4/" + type + "?" + param.get("name") + "=x").asString();
                    if (answer.contains("does not support " + param.get("name"))) {
                        failures.add(type + " search by " + param.get("name") + " is listed but refused");
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void noAnswerFromTheKeeperIs503() throws Exception {
        TestSupport.nats().closeDispatcher(answering);
        answering = TestSupport.nats().createDispatcher();
        fhir().get("/fhir/r4/Practitioner/anyone").then().statusCode(503).header("Retry-After", "5")
                .body("issue[0].code", equalTo("transient"));
    }

    @Test
    void badFindsAreNamed() {
        fhir().body("{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"end\", \"valueDateTime\":"
                + " \"2031-01-01\"}]}").post("/fhir/r4/Appointment/$find").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("start"));
        fhir().get("/fhir/r4/Appointment/$find?start=2031-01-01&end=2031-03-01").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("31 days"));
        fhir().get("/fhir/r4/Appointment/$find?start=2031-01-01&end=2031-01-02&location=x").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("location"));
        fhir().header("Authorization", clinic.http.testing.Tokens.header(clinic.http.testing.Tokens.patient("me")))
                .get("/fhir/r4/Appointment/$find?start=2031-01-01&end=2031-01-02&patient=Patient/someone-else")
                .then().statusCode(403);
        fhir().body("{\"resourceType\": \"Parameters\"}").post("/fhir/r4/Appointment/$book").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics",
                        not(startsWith("Internal")));
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
