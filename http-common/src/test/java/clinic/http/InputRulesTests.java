package clinic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The input rules every service shares; each bad value is a 400 naming its field, never a 500 further on. */
class InputRulesTests {

    private static String badField(Runnable parse) {
        ProblemException problem = assertThrows(ProblemException.class, parse::run);
        assertEquals(400, problem.status());
        return problem.toProblem().errors().get(0).field();
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreNotText() {
        for (String bad : new String[] { "a\u0000b", "\u0001", "x\u001b[31m", "\u007f", "\u0085", "\ud800", "a\udc00b",
                "\ud83d" }) {
            assertNotNull(Text.problem(bad), bad);
        }
        for (String good : new String[] { "", "Regular checkup", "line one\nline two\ttab\r\n", "Zoë 😀 日本",
                "doctor-456" }) {
            assertNull(Text.problem(good), good);
        }
        assertEquals("contains the control character U+0000", Text.problem("x\u0000"));
    }

    @Test
    void aPageWhoseOffsetOverflowsIsRefusedNamingPage() {
        assertEquals("page", badField(() -> Paging.of(Integer.MAX_VALUE, 50, 50, 500)));
        assertEquals("page", badField(() -> Paging.of(Integer.MAX_VALUE, null, 50, 500)));
        assertEquals("page", badField(() -> Paging.fromQuery("2147483647", "2", 50, 500)));
        assertEquals(Integer.MAX_VALUE, Paging.fromQuery("2147483647", "1", 50, 500).page(), "its offset fits");
        assertEquals("page", badField(() -> Paging.fromQuery("99999999999", "1", 50, 500)));
        // The last page whose offset fits is still a page (an empty one, past the end of any list).
        assertEquals(Integer.MAX_VALUE / 500 + 1, Paging.of(Integer.MAX_VALUE / 500 + 1, 500, 50, 500).page());
    }

    @Test
    void timesOutsideYears1900To9999AreRefusedNamingTheField() {
        for (String bad : new String[] { "+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
                "-0001-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00" }) {
            assertEquals("appointment_time", badField(() -> Times.parse(bad, "appointment_time")), bad);
        }
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), Times.parse("9999-12-31T23:59:59Z", "t"));
        assertEquals(Instant.parse("1900-01-01T00:00:00Z"), Times.parse("1900-01-01T00:00:00Z", "t"));
        assertEquals("date", badField(() -> Times.parseDate("+300000-01-01", "date")));
    }

    @Test
    void aTimeOrDateWithAControlCharacterIsRefusedNotTrimmed() {
        for (String bad : new String[] { "2027-09-15T10:00:00Z\u0000", "\u00002027-09-15T10:00:00Z",
                "\u001f2027-09-15T10:00:00Z", "2027-09-15T10:00:00Z\n" }) {
            assertEquals("t", badField(() -> Times.parse(bad, "t")), bad);
        }
        assertEquals("d", badField(() -> Times.parseDate("2027-03-28\u0000", "d")));
        assertEquals(Instant.parse("2027-09-15T10:00:00Z"), Times.parse(" 2027-09-15T10:00:00Z ", "t"));
    }

    @Test
    void namesAndIdsHoldNoLineBreaksOrTabs() {
        for (String bad : new String[] { "a\nb", "\r\n", "\t", "x\u0000" }) {
            assertNotNull(Text.nameProblem(bad), bad);
        }
        assertNull(Text.nameProblem("doctor 456 ü 😀"));
        assertNull(Text.problem("line one\nline two"), "free text keeps its line breaks");
    }

    @Test
    void pathAndQueryEscapesMustSpellUtf8() {
        for (String bad : new String[] { "%ff", "%c3%28", "%ed%a0%80", "%c0%80", "%e2%82", "%f4%90%80%80", "abc%fe",
                "%zz", "%4" }) {
            assertNull(RequestText.decode(bad, false), bad);
            assertNotNull(RequestText.problem(bad, false), bad);
        }
        for (String bad : new String[] { "%00", "%0a", "%0d%0aX-Injected:%201", "%09", "%c2%85", "%1b%5B31m" }) {
            assertNotNull(RequestText.problem(bad, false), bad);
        }
        assertEquals("Dr. Müller 😀", RequestText.decode("Dr.%20M%C3%BCller%20%F0%9F%98%80", false));
        assertEquals("a b+c", RequestText.decode("a+b%2Bc", true));
        assertEquals("a+b", RequestText.decode("a+b", false), "'+' is a space only in a query");
        assertNull(RequestText.problem("2027-09-15T10%3A00%3A00Z", true));
    }

    @Test
    void aJsonDocumentWithAnythingAfterItIsNotRead() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        for (String bad : new String[] { "{\"a\": 1} {}", "{\"a\": 1}}", "[1]]", "{\"a\": 1} x", "{} \u0000" }) {
            assertThrows(JsonProcessingException.class, () -> mapper.readValue(bad, JsonNode.class), bad);
        }
        assertEquals(1, mapper.readValue(" {\"a\": 1}\n", JsonNode.class).get("a").intValue());
    }

    @Test
    void aSecondJsonDocumentIsA400ProblemSayingSo() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        var trailing = assertThrows(com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                () -> mapper.readValue("{\"a\": 1} {}", JsonNode.class));
        jakarta.ws.rs.core.Response response = new ProblemMappers().mismatchedInput(trailing);
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertEquals(400, problem.status());
        assertEquals("The request body is not valid JSON: something follows the JSON document; send exactly one"
                + " JSON value", problem.detail());
    }
}
