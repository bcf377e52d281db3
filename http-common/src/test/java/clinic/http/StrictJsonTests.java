package clinic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** A request body is read strictly: each refusal names the field, and absent stays apart from null. */
class StrictJsonTests {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Body(String doctorId, Integer durationMinutes, Boolean active, Instant appointmentTime, LocalDate dateOfBirth,
            LocalTime start, Optional<String> notes, List<Item> items) {
    }

    record Item(String name) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Change(Optional<@Size(max = 3) String> name, Optional<@NotNull Boolean> active,
            Optional<@NotBlank String> title) {
    }

    private static final ObjectMapper STRICT = StrictJson.strict(new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule()));

    private static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return STRICT.readValue(json, type);
    }

    /** The JSON path and message ProblemMappers answers for a body that cannot be read. */
    private static String refusal(String json) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> read(json, Body.class), json);
        var problem = (Problem) new ProblemMappers().mismatchedInput(e).getEntity();
        return problem.errors().size() != 1 ? problem.detail() : problem.errors().get(0).field() + " "
                + problem.errors().get(0).message();
    }

    @Test
    void aValueOfAnotherJsonTypeIsRefusedNamingTheField() {
        for (String bad : new String[] { "\"5\"", "2.5", "5.0", "1e1", "true", "\"\"", "[5]", "{}", "99999999999",
                "2147483648" }) {
            String refusal = refusal("{\"duration_minutes\": " + bad + "}");
            assertTrue(refusal.startsWith("duration_minutes "), bad + ": " + refusal);
        }
        for (String bad : new String[] { "42", "-1.5", "true", "[\"x\"]", "{\"a\": \"b\"}", "[]", "1e400" }) {
            assertEquals("doctor_id must be a string", refusal("{\"doctor_id\": " + bad + "}"), bad);
        }
        for (String bad : new String[] { "\"true\"", "1", "0", "\"yes\"", "[true]" }) {
            assertEquals("active must be true or false", refusal("{\"active\": " + bad + "}"), bad);
        }
        assertEquals("items[0].name must be a string", refusal("{\"items\": [{\"name\": 1}]}"));
        assertEquals("items must be a JSON array", refusal("{\"items\": {\"name\": \"x\"}}"));
        assertEquals("items[0] must be a JSON object", refusal("{\"items\": [\"x\"]}"));
    }

    @Test
    void anUnknownFieldAControlCharacterOrATimeWithoutOffsetIsRefused() {
        assertEquals("doctorId is not a field of this request", refusal("{\"doctorId\": \"d\"}"));
        assertEquals("items[0].other is not a field of this request", refusal("{\"items\": [{\"other\": 1}]}"));
        assertEquals("Fields this request does not have: id, created_at", refusal(
                "{\"id\": {\"a\": [1]}, \"doctor_id\": \"d\", \"created_at\": \"x\", \"active\": true}"));
        assertTrue(refusal("{\"doctor_id\": \"d\\u0000\"}").startsWith("doctor_id contains the control"));
        for (String bad : new String[] { "d\\u001f", "\\u000bd", "\\fd\\u001c", "d\\u0000", "\\ud800", "d\\udc00d" }) {
            assertTrue(refusal("{\"doctor_id\": \"" + bad + "\"}").startsWith("doctor_id contains "), bad);
        }
        for (String bad : new String[] { "\"-300000-01-01\"", "\"+300000-01-01\"", "\"0000-01-01\"", "\"1980-02-30\"",
                "\"1980-04-23\\u0000\"", "19800423", "{\"year\": 1980}" }) {
            assertTrue(refusal("{\"date_of_birth\": " + bad + "}").startsWith("date_of_birth "), bad);
        }
        assertTrue(refusal("{\"appointment_time\": \"2035-03-14T10:00:00\"}").startsWith(
                "appointment_time must include a UTC offset"));
        assertTrue(refusal("{\"appointment_time\": 2057306400}").startsWith("appointment_time must be an ISO-8601"));
        assertTrue(refusal("{\"date_of_birth\": \"1899-12-31\"}").startsWith("date_of_birth must be between"));
        assertEquals("start must be a local time such as 09:00", refusal("{\"start\": \"25:00\"}"));
        assertEquals("start must be a local time such as 09:00", refusal("{\"start\": \"9:00\"}"));
        assertEquals("The request body must be a JSON object.", refusal("[]"));
        JsonProcessingException duplicate = assertThrows(JsonProcessingException.class,
                () -> read("{\"doctor_id\": \"a\", \"doctor_id\": \"b\"}", Body.class));
        assertTrue(((Problem) new ProblemMappers().unreadableJson(duplicate).getEntity()).detail()
                .contains("Duplicate field 'doctor_id'"));
    }

    record Day(@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictJson.Name.class) String day) {
    }

    @Test
    void aNameHoldsNoLineBreakOrTabButMayBePadded() throws Exception {
        for (String bad : new String[] { "monday\\n", "\\tmonday", "mon\\u0000day" }) {
            assertThrows(StrictJson.BadValueException.class, () -> read("{\"day\": \"" + bad + "\"}", Day.class), bad);
        }
        assertEquals("Monday", read("{\"day\": \" Monday \"}", Day.class).day());
    }

    @Test
    void textIsStrippedAndTimesAreUtc() throws Exception {
        Body body = read("{\"doctor_id\": \"  doctor-456\\n\", \"appointment_time\": \"2035-03-14T12:00:00.5+02:00\","
                + " \"start\": \"09:30\", \"duration_minutes\": 30, \"active\": false}", Body.class);
        assertEquals("doctor-456", body.doctorId());
        assertEquals(Instant.parse("2035-03-14T10:00:00Z"), body.appointmentTime());
        assertEquals(LocalTime.of(9, 30), body.start());
        assertEquals(30, body.durationMinutes());
        assertEquals(false, body.active());
    }

    @Test
    void anAbsentOptionalIsNullAndAnExplicitNullIsEmpty() throws Exception {
        assertNull(read("{}", Body.class).notes());
        assertEquals(Optional.empty(), read("{\"notes\": null}", Body.class).notes());
        assertEquals(Optional.of("x"), read("{\"notes\": \" x \"}", Body.class).notes());
    }

    @Test
    void constraintsOnAnOptionalCheckItsValueOnlyWhenSent() throws Exception {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        assertEquals(Set.of(), paths(validator, read("{}", Change.class)));
        assertEquals(Set.of("name", "active", "title"), paths(validator,
                read("{\"name\": \"long\", \"active\": null, \"title\": \" \"}", Change.class)));
        assertEquals(Set.of("title"), paths(validator, read("{\"name\": null, \"title\": null}", Change.class)));
    }

    private static Set<String> paths(Validator validator, Object bean) {
        return validator.validate(bean).stream().map(v -> ProblemMappers.jsonPath(v.getPropertyPath()))
                .collect(Collectors.toSet());
    }
}
