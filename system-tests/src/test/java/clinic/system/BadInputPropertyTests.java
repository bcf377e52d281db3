package clinic.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.system.RawHttp.Answer;
import clinic.system.RawHttp.Header;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Bad input, generated: every endpoint of the four services, reached through the real gateway, answers a
 * malformed request with a 4xx {@code application/problem+json} whose {@code status} is the HTTP status (under
 * {@code /fhir/}, an {@code application/fhir+json} OperationOutcome); and a
 * run of such requests writes no row in any service's database and publishes no event.
 *
 * <p>The requests are mostly valid ones with one thing made bad (one field, one path segment, one query
 * parameter, one header), so the bad value is reached past the checks before it; and raw malformed bodies:
 * invalid UTF-8, truncated or trailing JSON, deep nesting, 2 MB, wrong content types. The run is seeded:
 * {@code -Dclinic.badinput.seed=N} repeats one (its seed is logged and named in a failure), and
 * {@code -Dclinic.badinput.tries=N} changes its size. Every request and answer of the last run, and any
 * failure, is in {@code system-tests/target/bad-input-run.txt}.
 *
 * <p>The generators are plain seeded functions, not jqwik: jqwik 1.10 asks not to be used with AI coding
 * agents (its "Anti-AI Usage Clause"), with which this project is written, and it is built on JUnit Platform
 * 1.x while the Quarkus platform brings JUnit 6. There is no shrinking: each request changes one thing of a
 * valid one, and the failure names it.
 */
@ExtendWith(SharedStack.class)
class BadInputPropertyTests {

    private static final Logger LOG = Logger.getLogger(BadInputPropertyTests.class);
    private static final long SEED = Long.getLong("clinic.badinput.seed", new SecureRandom().nextLong());
    private static final int TRIES = Integer.getInteger("clinic.badinput.tries", 800);
    private static final String FUTURE = "2035-03-14T10:00:00Z";

    /** Records that exist, so a bad value in a change of them gets past the lookup of the record. */
    private static String doctor;
    private static String patient;
    private static String appointment;
    private static String appointmentVersion;
    private static String timeOff;

    /** One generated request and what must be named in its answer (a field or parameter), if anything. */
    record BadRequest(String endpoint, String what, String method, String target, List<Header> headers, byte[] body,
            String field) {

        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + excerpt(new String(body, StandardCharsets.ISO_8859_1));
            return endpoint + " [" + what + "]: " + method + " " + excerpt(target) + " " + headers + shown;
        }
    }

    // ---- the catalogue of endpoints ---------------------------------------------------------------------------

    /** An endpoint and how to make a bad request to it. */
    record Endpoint(String name, Function<Random, BadRequest> generator) {
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        // appointment
        all.add(new Endpoint("POST /appointments", r -> r.nextInt(8) == 0 ? badIdempotencyKey(r)
                : jsonWrite(r, "POST /appointments", "POST", "/appointments", booking(r), BOOKING_FIELDS,
                        BOOKING_SERVER_OWNED, true)));
        all.add(new Endpoint("GET /appointments", r -> list(r, "GET /appointments", "/appointments", true)));
        all.add(new Endpoint("GET /appointments/patient/{id}", r -> anyIdList(r, "GET /appointments/patient/{id}",
                "/appointments/patient/", "", true)));
        all.add(new Endpoint("GET /appointments/doctor/{id}", r -> anyIdList(r, "GET /appointments/doctor/{id}",
                "/appointments/doctor/", "", true)));
        all.add(new Endpoint("GET /appointments/{id}", r -> uuidRead(r, "GET /appointments/{id}", "GET",
                "/appointments/", "", appointment)));
        all.add(new Endpoint("PUT /appointments/{id}", BadInputPropertyTests::appointmentUpdate));
        all.add(new Endpoint("DELETE /appointments/{id}", BadInputPropertyTests::appointmentCancel));
        all.add(new Endpoint("POST /appointments/series", r -> jsonWrite(r, "POST /appointments/series", "POST",
                "/appointments/series", series(r), SERIES_FIELDS, Set.of("id", "occurrences", "refused", "time_zone",
                        "created_at"), true)));
        all.add(new Endpoint("GET /appointments/series/{id}", r -> uuidRead(r, "GET /appointments/series/{id}",
                "GET", "/appointments/series/", "", null)));
        all.add(new Endpoint("POST /appointments/calendar-feeds", r -> jsonWrite(r,
                "POST /appointments/calendar-feeds", "POST", "/appointments/calendar-feeds",
                Map.of("patient_id", "patient-fuzz-" + r.nextInt(1000)), FEED_FIELDS, Set.of("id", "url",
                        "created_at"), true)));
        all.add(new Endpoint("GET /appointments/{id}/history", r -> uuidRead(r, "GET /appointments/{id}/history",
                "GET", "/appointments/", "/history", appointment)));
        // patient-contact
        all.add(new Endpoint("POST /patients", r -> jsonWrite(r, "POST /patients", "POST", "/patients",
                patientBody(r, true), PATIENT_CREATE_FIELDS, Set.of("created_at", "updated_at", "version"), true)));
        all.add(new Endpoint("GET /patients", r -> list(r, "GET /patients", "/patients", false)));
        all.add(new Endpoint("GET /patients/{id}", r -> textIdRead(r, "GET /patients/{id}", "GET", "/patients/", "",
                null)));
        all.add(new Endpoint("PUT /patients/{id}", r -> r.nextInt(5) == 0
                ? textIdRead(r, "PUT /patients/{id}", "PUT", "/patients/", "", patientBody(r, false))
                : jsonWrite(r, "PUT /patients/{id}", "PUT", "/patients/" + patient, patientBody(r, false),
                        PATIENT_UPDATE_FIELDS, Set.of("id", "created_at", "updated_at", "version"), false)));
        all.add(new Endpoint("DELETE /patients/{id}", r -> textIdRead(r, "DELETE /patients/{id}", "DELETE",
                "/patients/", "", null)));
        all.add(new Endpoint("GET /patients/search/email/{email}", r -> textIdRead(r,
                "GET /patients/search/email/{email}", "GET", "/patients/search/email/", "", null)));
        all.add(new Endpoint("GET /patients/search/phone/{phone}", r -> textIdRead(r,
                "GET /patients/search/phone/{phone}", "GET", "/patients/search/phone/", "", null)));
        all.add(new Endpoint("GET /patients/{id}/appointments", r -> textIdRead(r, "GET /patients/{id}/appointments",
                "GET", "/patients/", "/appointments", null)));
        // doctor-availability
        all.add(new Endpoint("POST /doctors", r -> jsonWrite(r, "POST /doctors", "POST", "/doctors",
                doctorBody(r), DOCTOR_CREATE_FIELDS, CALENDAR_SERVER_OWNED, true)));
        all.add(new Endpoint("GET /doctors", r -> list(r, "GET /doctors", "/doctors", false)));
        all.add(new Endpoint("GET /doctors/{id}", r -> textIdRead(r, "GET /doctors/{id}", "GET", "/doctors/", "",
                null)));
        all.add(new Endpoint("PUT /doctors/{id}", r -> r.nextInt(5) == 0
                ? textIdRead(r, "PUT /doctors/{id}", "PUT", "/doctors/", "", doctorBody(r))
                : jsonWrite(r, "PUT /doctors/{id}", "PUT", "/doctors/" + doctor, doctorBody(r), DOCTOR_UPDATE_FIELDS,
                        CALENDAR_SERVER_OWNED, false)));
        all.add(new Endpoint("DELETE /doctors/{id}", r -> textIdRead(r, "DELETE /doctors/{id}", "DELETE", "/doctors/",
                "", null)));
        all.add(new Endpoint("GET /doctors/{id}/working-hours", r -> textIdRead(r, "GET /doctors/{id}/working-hours",
                "GET", "/doctors/", "/working-hours", null)));
        all.add(new Endpoint("PUT /doctors/{id}/working-hours", BadInputPropertyTests::workingHours));
        all.add(new Endpoint("POST /doctors/{id}/time-off", r -> r.nextInt(5) == 0
                ? textIdRead(r, "POST /doctors/{id}/time-off", "POST", "/doctors/", "/time-off", timeOffBody(r))
                : jsonWrite(r, "POST /doctors/{id}/time-off", "POST", "/doctors/" + doctor + "/time-off",
                        timeOffBody(r), TIME_OFF_FIELDS, CALENDAR_SERVER_OWNED, true)));
        all.add(new Endpoint("GET /doctors/{id}/time-off", r -> textIdRead(r, "GET /doctors/{id}/time-off", "GET",
                "/doctors/", "/time-off", null)));
        all.add(new Endpoint("DELETE /doctors/{id}/time-off/{id}", r -> r.nextBoolean()
                ? uuidRead(r, "DELETE /doctors/{id}/time-off/{id}", "DELETE", "/doctors/" + doctor + "/time-off/", "",
                        timeOff)
                : textIdRead(r, "DELETE /doctors/{id}/time-off/{id}", "DELETE", "/doctors/", "/time-off/" + timeOff,
                        null)));
        all.add(new Endpoint("GET /doctors/{id}/slots", BadInputPropertyTests::slots));
        all.add(new Endpoint("POST /availability", r -> jsonWrite(r, "POST /availability", "POST", "/availability",
                windowBody(r), WINDOW_FIELDS, Set.of("id", "created_at", "updated_at", "end_time", "is_available",
                        "appointment_id"), true)));
        all.add(new Endpoint("GET /availability", r -> list(r, "GET /availability", "/availability", false)));
        all.add(new Endpoint("POST /waitlist", r -> jsonWrite(r, "POST /waitlist", "POST", "/waitlist", waitlist(r),
                WAITLIST_FIELDS, Set.of("id", "status", "offer", "created_at", "updated_at"), true)));
        all.add(new Endpoint("GET /waitlist/{id}", r -> uuidRead(r, "GET /waitlist/{id}", "GET", "/waitlist/", "",
                null)));
        all.add(new Endpoint("GET /availability/doctor/{id}", r -> anyIdList(r, "GET /availability/doctor/{id}",
                "/availability/doctor/", "", false)));
        all.add(new Endpoint("GET /availability/available/{id}", r -> anyIdList(r,
                "GET /availability/available/{id}", "/availability/available/", "", false)));
        // the FHIR API (the appointment service)
        all.add(new Endpoint("POST /fhir/r4/Appointment", r -> fhirWrite(r, "POST /fhir/r4/Appointment", "POST",
                "/fhir/r4/Appointment", null)));
        all.add(new Endpoint("PUT /fhir/r4/Appointment/{id}", r -> fhirWrite(r, "PUT /fhir/r4/Appointment/{id}", "PUT",
                "/fhir/r4/Appointment/" + appointment, appointment)));
        all.add(new Endpoint("POST /fhir/r4/Appointment/$book", r -> r.nextBoolean()
                ? fhir("POST /fhir/r4/Appointment/$book", "no appointment", "POST", "/fhir/r4/Appointment/$book",
                        "{\"resourceType\": \"Parameters\"}", "Parameters.parameter")
                : fhir("POST /fhir/r4/Appointment/$book", "bad appointment", "POST", "/fhir/r4/Appointment/$book",
                        "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"appointment\","
                                + " \"resource\": " + new String(fhirWrite(r, "", "POST", "", null).body(),
                                        StandardCharsets.UTF_8) + "}]}", null)));
        all.add(new Endpoint("GET /fhir/r4/Appointment", r -> fhirSearch(r, "GET /fhir/r4/Appointment",
                "/fhir/r4/Appointment", List.of(new String[] { "date", "date=2034-13-01" },
                        new String[] { "date", "date=ap2034-01-01" }, new String[] { "date", "date=2034-01-01T10:00" },
                        new String[] { "status", "status=done" }, new String[] { "patient", "patient=Practitioner/x" },
                        new String[] { "actor", "actor=nobody" }, new String[] { "_count", "_count=0" },
                        new String[] { "_count", "_count=501" }, new String[] { "_page", "_page=x" },
                        new String[] { "_sort", "_sort=date" }, new String[] { "patient:exact", "patient:exact=x" }))));
        all.add(new Endpoint("GET /fhir/r4/Patient", r -> fhirSearch(r, "GET /fhir/r4/Patient", "/fhir/r4/Patient",
                List.of(new String[] { "birthdate", "birthdate=1980-02-30" },
                        new String[] { "birthdate", "birthdate=ge1980-01-01" }, new String[] { "gender", "gender=f" },
                        new String[] { "name", "name=a&name=b" }))));
        all.add(new Endpoint("GET /fhir/r4/Slot", r -> fhirSearch(r, "GET /fhir/r4/Slot", "/fhir/r4/Slot",
                List.of(new String[] { "schedule", "start=ge2034-01-01" },
                        new String[] { "status", "schedule=Schedule/" + doctor + "&status=busy" },
                        new String[] { "start", "schedule=Schedule/" + doctor
                                + "&start=ge2034-01-01&start=lt2034-03-01" },
                        new String[] { "schedule", "schedule=Practitioner/" + doctor }))));
        all.add(new Endpoint("GET /fhir/r4/Appointment/$find", r -> fhirSearch(r, "GET /fhir/r4/Appointment/$find",
                "/fhir/r4/Appointment/$find", List.of(new String[] { "start", "end=2034-01-02" },
                        new String[] { "end", "start=2034-01-01" },
                        new String[] { "end", "start=2034-01-01&end=2034-03-01" },
                        new String[] { "location", "start=2034-01-01&end=2034-01-02&location=x" },
                        new String[] { "practitioner", "start=2034-01-01&end=2034-01-02&practitioner=Patient/x" }))));
        // notifications
        all.add(new Endpoint("GET /notifications", r -> list(r, "GET /notifications", "/notifications", false)));
        all.add(new Endpoint("GET /notifications/appointment/{id}", r -> r.nextInt(3) == 0
                ? list(r, "GET /notifications/appointment/{id}", "/notifications/appointment/" + appointment, false)
                : uuidRead(r, "GET /notifications/appointment/{id}", "GET", "/notifications/appointment/", "",
                        null)));
        all.add(new Endpoint("GET /notifications/patient/{id}", r -> anyIdList(r, "GET /notifications/patient/{id}",
                "/notifications/patient/", "", false)));
        return all;
    }

    // ---- the fields of each body and their bad values ----------------------------------------------------------

    enum Kind { TEXT, PATIENT_ID, INSTANT, FUTURE_INSTANT, INT, STATUS, BOOL, EMAIL, PHONE, ZONE, DATE, PREFS }

    record Field(String name, Kind kind, boolean required, int min, int max) {
        static Field text(String name, boolean required, int maxLength) {
            return new Field(name, Kind.TEXT, required, 0, maxLength);
        }

        static Field of(String name, Kind kind, boolean required) {
            return new Field(name, kind, required, 0, 0);
        }
    }

    private static final List<Field> BOOKING_FIELDS = List.of(Field.text("patient_id", true, 100),
            Field.text("doctor_id", true, 100), Field.of("appointment_time", Kind.FUTURE_INSTANT, true),
            new Field("duration_minutes", Kind.INT, false, 5, 480), Field.text("notes", false, 2000));
    private static final Set<String> BOOKING_SERVER_OWNED = Set.of("id", "version", "created_at", "updated_at",
            "end_time", "status_reason", "time_zone", "pending_reschedule", "status");
    private static final List<Field> UPDATE_FIELDS = List.of(Field.of("appointment_time", Kind.FUTURE_INSTANT, false),
            new Field("duration_minutes", Kind.INT, false, 5, 480), Field.text("notes", false, 2000),
            Field.of("status", Kind.STATUS, false));
    private static final List<Field> PATIENT_UPDATE_FIELDS = List.of(Field.text("name", false, 200),
            new Field("email", Kind.EMAIL, false, 0, 254), new Field("phone", Kind.PHONE, false, 0, 40),
            Field.of("notification_preferences", Kind.PREFS, false), Field.of("date_of_birth", Kind.DATE, false));
    private static final List<Field> PATIENT_CREATE_FIELDS = concat(List.of(
            new Field("id", Kind.PATIENT_ID, false, 0, 100), Field.text("name", true, 200)),
            PATIENT_UPDATE_FIELDS.subList(1, PATIENT_UPDATE_FIELDS.size()));
    private static final List<Field> DOCTOR_UPDATE_FIELDS = List.of(Field.text("name", false, 200),
            Field.text("specialty", false, 100), new Field("email", Kind.EMAIL, false, 0, 254),
            Field.text("phone", false, 40), new Field("time_zone", Kind.ZONE, false, 0, 64),
            Field.of("active", Kind.BOOL, false), new Field("buffer_before_minutes", Kind.INT, false, 0, 240),
            new Field("buffer_after_minutes", Kind.INT, false, 0, 240),
            new Field("min_booking_notice_minutes", Kind.INT, false, 0, 43200),
            new Field("min_cancel_notice_minutes", Kind.INT, false, 0, 43200));
    private static final List<Field> SERIES_FIELDS = concat(BOOKING_FIELDS, List.of(Field.text("rrule", true, 300),
            Field.of("atomic", Kind.BOOL, false)));
    private static final List<Field> WAITLIST_FIELDS = List.of(Field.text("patient_id", true, 100),
            Field.text("doctor_id", true, 100), Field.of("from", Kind.DATE, true), Field.of("to", Kind.DATE, true),
            new Field("duration_minutes", Kind.INT, false, 5, 480));
    private static final List<Field> FEED_FIELDS = List.of(Field.text("patient_id", true, 100));
    private static final List<Field> DOCTOR_CREATE_FIELDS = concat(List.of(Field.text("name", true, 200)),
            DOCTOR_UPDATE_FIELDS.subList(1, DOCTOR_UPDATE_FIELDS.size()));
    private static final Set<String> CALENDAR_SERVER_OWNED = Set.of("id", "created_at", "updated_at", "version");
    private static final List<Field> TIME_OFF_FIELDS = List.of(Field.of("start_time", Kind.INSTANT, true),
            Field.of("end_time", Kind.INSTANT, true), Field.text("reason", false, 500));
    private static final List<Field> WINDOW_FIELDS = List.of(Field.text("doctor_id", true, 100),
            Field.of("start_time", Kind.INSTANT, true), new Field("duration_hours", Kind.INT, false, 1, 24));

    /** A value the field must refuse; {@link #MISSING} leaves the field out. */
    private static Object badValue(Random r, Field field, Object valid) {
        List<Object> bad = new ArrayList<>();
        String text = valid instanceof String s ? s : "x";
        switch (field.kind()) {
            case TEXT, PATIENT_ID, EMAIL, PHONE, ZONE -> {
                bad.addAll(badText(text, field.max()));
                if (field.kind() == Kind.PATIENT_ID) {
                    bad.addAll(List.of("patient 123", "patient/123", "patient#123", "pätient", "p@tient"));
                }
                if (field.kind() == Kind.EMAIL) {
                    bad.addAll(List.of("not-an-email", "jane@example", "jane doe@example.org", "@example.org",
                            "jane@", "jane@@example.org"));
                }
                if (field.kind() == Kind.PHONE) {
                    bad.addAll(List.of("call me maybe", "+", "+49 30", "+1 555", "+999 123456789"));
                }
                if (field.kind() == Kind.ZONE) {
                    bad.addAll(List.of("Mars/Olympus", "UTC+2", "CET", "+02:00", "europe/berlin", "../../etc/passwd",
                            "Europe/Berlin/Mitte"));
                }
            }
            case INSTANT, FUTURE_INSTANT -> {
                bad.addAll(List.of("2035-03-14T10:00:00", "2035-03-14", "10:00:00Z", "+300000-01-01T00:00:00Z",
                        "-300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
                        "-0001-01-01T00:00:00Z", "2035-13-45T10:00:00Z", "2035-02-30T10:00:00Z",
                        "2035-03-14T24:00:01Z", "2035-03-14T10:00:00+25:00", "2035-03-14 10:00:00Z", "tomorrow", "",
                        " ", "2035-03-14T10:00:00Z\u0000", "\u00002035-03-14T10:00:00Z", "2035-03-14T10:00:00\ud800Z",
                        "2035-03-14T10:00:00.1234567891Z", 2057306400, new Raw("2.0573064E9"), true, Map.of(),
                        List.of("2035-03-14T10:00:00Z")));
                if (field.kind() == Kind.FUTURE_INSTANT) {
                    bad.addAll(List.of("2001-01-01T00:00:00Z", "1900-01-01T00:00:00Z"));
                }
            }
            case INT -> bad.addAll(List.of(field.min() - 1, field.max() + 1, -1, new Raw("1e10"), new Raw("1E1"), 2.5,
                    String.valueOf(field.min()), true, new Raw("99999999999"), new Raw("2147483648"),
                    new Raw("-2147483649"), new Raw("1" + "0".repeat(40)), Map.of(), List.of(field.min()), ""));
            case STATUS -> bad.addAll(List.of("bogus", "CONFIRMED", "Confirmed", "scheduled", "rejected",
                    "pending_reschedule", "", " ", "confirmed\u0000", "\u001bconfirmed", "confirmed\ud800", 1, true,
                    Map.of(), List.of("confirmed")));
            case BOOL -> bad.addAll(List.of("true", "false", 1, 0, "yes", Map.of(), List.of(true)));
            case DATE -> bad.addAll(List.of("1980-02-30", "1980-13-01", "23/04/1980", "1980-4-23", "+300000-01-01",
                    "-300000-01-01", "-0001-01-01", "1899-12-31", "2999-01-01", "1980-04-23T00:00:00Z", "",
                    19800423, true, Map.of(), "1980-04-23\u0000"));
            case PREFS -> bad.addAll(List.of("yes", true, List.of(), Map.of("fax", true), Map.of("email", "true"),
                    Map.of("email", 1), Map.of("email", true, "sms", "no"), 5));
        }
        if (field.required()) {
            bad.addAll(Arrays.asList(null, MISSING));
            if (field.kind() != Kind.INT) {
                bad.addAll(List.of("", "   ", "\t\n"));
            }
        }
        if (field.kind() == Kind.BOOL) {
            bad.add(null);
        }
        return bad.get(r.nextInt(bad.size()));
    }

    /** Text a field must refuse: control characters anywhere, halves of surrogate pairs, too long, not text. */
    private static List<Object> badText(String valid, int maxLength) {
        String head = valid.isEmpty() ? "x" : valid;
        return List.of(head + "\u0000" + head, "\u0000", "\u001b[31m" + head, head + "\u0007", "\u007f",
                head + "\u0085", "\u009b" + head, head + "\u001f", "\u000b" + head, "\f" + head + "\u001c",
                "\ud800", head + "\udc00" + head, "\ud83d" + head, head + "\ud83d",
                "x".repeat(maxLength + 1), "y".repeat(maxLength * 3 + 7),
                42, -1.5, true, false, Map.of("a", "b"), List.of(), List.of(head), new Raw("1e400"));
    }

    // ---- valid bodies ------------------------------------------------------------------------------------------

    private static Map<String, Object> booking(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patient_id", "patient-fuzz-" + r.nextInt(1000));
        body.put("doctor_id", "doctor-fuzz-" + r.nextInt(1000));
        body.put("appointment_time", "2035-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10) + "T1" + r.nextInt(8)
                + ":30:00Z");
        if (r.nextBoolean()) {
            body.put("duration_minutes", 5 + r.nextInt(476));
        }
        if (r.nextBoolean()) {
            body.put("notes", "Regular checkup");
        }
        return body;
    }

    private static Map<String, Object> series(Random r) {
        Map<String, Object> body = booking(r);
        body.put("rrule", "FREQ=WEEKLY;COUNT=" + (2 + r.nextInt(3)));
        return body;
    }

    private static Map<String, Object> waitlist(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patient_id", "patient-fuzz-" + r.nextInt(1000));
        body.put("doctor_id", "doctor-fuzz-" + r.nextInt(1000));
        body.put("from", "2035-03-0" + (1 + r.nextInt(9)));
        body.put("to", "2035-03-2" + r.nextInt(10));
        if (r.nextBoolean()) {
            body.put("duration_minutes", 5 + r.nextInt(476));
        }
        return body;
    }

    private static Map<String, Object> update(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (r.nextInt(4)) {
            case 0 -> body.put("notes", "Bring the X-ray");
            case 1 -> {
                body.put("appointment_time", FUTURE);
                body.put("duration_minutes", 45);
            }
            case 2 -> body.put("duration_minutes", 60);
            default -> body.put("status", "confirmed");
        }
        return body;
    }

    private static Map<String, Object> patientBody(Random r, boolean create) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (create && r.nextBoolean()) {
            body.put("id", "patient-fuzz-" + r.nextInt(1000));
        }
        body.put("name", "Jane Doe");
        body.put("email", "fuzz-" + r.nextInt(1000) + "@example.org");
        body.put("phone", "+4930123456");
        body.put("notification_preferences", Map.of("email", true, "sms", false));
        body.put("date_of_birth", "1980-04-23");
        return body;
    }

    private static Map<String, Object> doctorBody(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Dr. Ada Lovelace");
        body.put("specialty", "cardiology");
        body.put("email", "ada@clinic.example");
        body.put("phone", "+4930123456");
        body.put("time_zone", r.nextBoolean() ? "Europe/Berlin" : "UTC");
        body.put("active", true);
        return body;
    }

    private static Map<String, Object> timeOffBody(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start_time", "2036-01-0" + (1 + r.nextInt(5)) + "T00:00:00Z");
        body.put("end_time", "2036-01-07T00:00:00Z");
        body.put("reason", "Conference");
        return body;
    }

    private static Map<String, Object> windowBody(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("doctor_id", "doctor-fuzz-" + r.nextInt(1000));
        body.put("start_time", "2036-02-0" + (1 + r.nextInt(9)) + "T09:00:00Z");
        body.put("duration_hours", 1 + r.nextInt(24));
        return body;
    }

    // ---- generators of bad requests ----------------------------------------------------------------------------

    /** A write with a JSON object body: one bad field, a structural fault, a raw malformed body or a bad path. */
    private static BadRequest jsonWrite(Random r, String endpoint, String method, String target,
            Map<String, Object> valid, List<Field> fields, Set<String> serverOwned, boolean create) {
        int family = r.nextInt(100);
        if (family < 55) {
            Field field = fields.get(r.nextInt(fields.size()));
            Object bad = badValue(r, field, valid.get(field.name()));
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put(field.name(), bad);
            return json(endpoint, field.name() + " = " + describe(bad), method, target, appointmentNoise(r, endpoint),
                    body, field.name());
        }
        if (family < 62) {
            String name = pick(r, List.of("foo", "patientId", "NOTES", "", " name", "name\u0000", "n\u00e4me",
                    "\ud800"));
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put(name, "value");
            return json(endpoint, "unknown field " + describe(name), method, target, List.of(), body,
                    name.isBlank() || hasControl(name) ? null : name);
        }
        if (family < 70) {
            String name = pick(r, List.copyOf(new java.util.TreeSet<>(serverOwned)));
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put(name, pick(r, Arrays.asList("2027-01-01T00:00:00Z", 3, UUID.randomUUID().toString(), true,
                    null, "confirmed")));
            return json(endpoint, "server-owned " + name, method, target, List.of(), body, name);
        }
        if (family < 76) {
            Object body = pick(r, Arrays.asList(List.of(), List.of(valid), "text", 42, null, true));
            return json(endpoint, "body is " + describe(body), method, target, List.of(), body, null);
        }
        if (family < 80 && create) {
            // Every required field missing at once; the answer names one of them.
            return json(endpoint, "empty object", method, target, List.of(), Map.of(), null);
        }
        if (family < 94) {
            return rawBody(r, endpoint, method, target, valid, fields);
        }
        return badMethod(r, endpoint, target);
    }

    /**
     * On the appointment service, a Prefer (one it understands or not: RFC 7240 says to ignore those) or a good
     * Idempotency-Key beside the bad body changes nothing.
     */
    private static List<Header> appointmentNoise(Random r, String endpoint) {
        if (!endpoint.contains("/appointments") || r.nextInt(4) != 0) {
            return List.of();
        }
        return List.of(r.nextBoolean()
                ? new Header("Prefer", pick(r, List.of("wait=" + r.nextInt(31), "wait=99999999999999999999",
                        "wait=-1", "wait=abc", "return=minimal", "wait")))
                : new Header("Idempotency-Key", "fuzz-" + UUID.randomUUID()));
    }

    /** A good booking with an Idempotency-Key that is none: empty, blank, too long, with a control character. */
    private static BadRequest badIdempotencyKey(Random r) {
        String key = pick(r, List.of("", " ", "\t", "k".repeat(201), "key\u0085", "key\u0001", "\u007fkey"));
        // A control byte in a header the gateway refuses itself, before the service reads the key.
        boolean gateway = key.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
        return json("POST /appointments", "Idempotency-Key " + describe(key), "POST", "/appointments",
                List.of(new Header("Idempotency-Key", key)), booking(r), gateway ? null : "Idempotency-Key");
    }

    /** Bodies that are not a JSON document, or not one the service may read. */
    private static BadRequest rawBody(Random r, String endpoint, String method, String target,
            Map<String, Object> valid, List<Field> fields) {
        return rawBody(r, endpoint, method, target, valid, fields, false);
    }

    /** {@code inArray}: the body is an array of such objects (working hours), the fault is in its first. */
    private static BadRequest rawBody(Random r, String endpoint, String method, String target,
            Map<String, Object> valid, List<Field> fields, boolean inArray) {
        Function<Object, String> write = body -> inArray ? "[" + Json.write(body) + "]" : Json.write(body);
        String at = inArray ? "[0]." : "";
        byte[] json = write.apply(valid).getBytes(StandardCharsets.UTF_8);
        String textField = fields.stream().filter(f -> f.kind() == Kind.TEXT).map(Field::name).findFirst()
                .orElse(fields.get(0).name());
        Field nestedField = fields.get(r.nextInt(fields.size()));
        List<Header> asJson = List.of(new Header("Content-Type", "application/json"));
        return switch (r.nextInt(13)) {
            case 0 -> {
                int cut = 1 + r.nextInt(json.length - 1);
                yield new BadRequest(endpoint, "truncated at byte " + cut, method, target, asJson,
                        Arrays.copyOf(json, cut), null);
            }
            case 1, 2 -> {
                byte[] invalid = pick(r, INVALID_UTF8);
                Map<String, Object> body = new LinkedHashMap<>(valid);
                body.put(textField, "ab" + MARK + "cd");
                yield new BadRequest(endpoint, "invalid UTF-8 " + hex(invalid) + " in " + textField, method, target,
                        asJson, splice(write.apply(body), invalid), null);
            }
            case 3 -> {
                byte[] invalid = pick(r, INVALID_UTF8);
                Map<String, Object> body = new LinkedHashMap<>(valid);
                body.put("k" + MARK, 1);
                yield new BadRequest(endpoint, "invalid UTF-8 " + hex(invalid) + " in a name", method, target, asJson,
                        splice(write.apply(body), invalid), null);
            }
            case 4 -> {
                Map<String, Object> body = new LinkedHashMap<>(valid);
                body.put(nestedField.name(), new Raw(nested(100, r.nextBoolean())));
                yield new BadRequest(endpoint, "100 levels of nesting in " + nestedField.name(), method, target,
                        asJson, write.apply(body).getBytes(StandardCharsets.UTF_8), at + nestedField.name());
            }
            case 5 -> new BadRequest(endpoint, "100 levels of nesting", method, target, asJson,
                    nested(100, r.nextBoolean()).getBytes(StandardCharsets.UTF_8), null);
            case 6 -> new BadRequest(endpoint, "5000 levels of nesting", method, target, asJson,
                    nested(5000, r.nextBoolean()).getBytes(StandardCharsets.UTF_8), null);
            case 7 -> {
                Map<String, Object> body = new LinkedHashMap<>(valid);
                body.put(textField, "x".repeat(2 * 1024 * 1024));
                yield new BadRequest(endpoint, "a 2 MB body", method, target, asJson,
                        write.apply(body).getBytes(StandardCharsets.UTF_8), null);
            }
            case 8 -> {
                String after = pick(r, List.of(" x", "}", "{}", ",", "\u0000", " " + Json.write(valid), "]"));
                yield new BadRequest(endpoint, "trailing " + describe(after), method, target, asJson,
                        (write.apply(valid) + after).getBytes(StandardCharsets.UTF_8), null);
            }
            case 9 -> {
                String text = write.apply(valid);
                String malformed = pick(r, List.of("/* note */" + text, text.replace('"', '\''),
                        text.replaceFirst(":", "="), "{," + text.substring(1), "{{" + text.substring(1),
                        text.replaceFirst("\"", ""), "\u00ef\u00bb\u00bf\u00ef\u00bb\u00bf" + text));
                yield new BadRequest(endpoint, "malformed JSON " + excerpt(malformed), method, target, asJson,
                        malformed.getBytes(StandardCharsets.ISO_8859_1), null);
            }
            case 10 -> {
                Map<String, Object> body = new LinkedHashMap<>(valid);
                body.put(textField, new Raw(pick(r, List.of("NaN", "Infinity", "-", "1" + "0".repeat(2000),
                        "\"unterminated", "'single'", "tru", "0x1F", "01"))));
                yield new BadRequest(endpoint, "invalid JSON value in " + textField, method, target, asJson,
                        write.apply(body).getBytes(StandardCharsets.UTF_8), null);
            }
            case 11 -> new BadRequest(endpoint, "Content-Length past the limit", method, target,
                    List.of(new Header("Content-Type", "application/json"), new Header("Content-Length", "2097152")),
                    json, null);
            default -> {
                String type = pick(r, Arrays.asList("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/jsonx", "application/merge-patch+json",
                        "text/json; charset=utf-8"));
                // Not sent: no Content-Type at all. POST /patients reads such a body as JSON and answers 201
                // (other writes refuse it); which is right is open, so it is not counted as bad here.
                yield new BadRequest(endpoint, "Content-Type " + type, method, target,
                        type == null ? List.of() : List.of(new Header("Content-Type", type)), json, null);
            }
        };
    }

    private static final String MARK = "@@BYTES@@";
    private static final List<byte[]> INVALID_UTF8 = List.of(bytes(0xff), bytes(0xc3, 0x28), bytes(0xed, 0xa0, 0x80),
            bytes(0xc0, 0x80), bytes(0xf8, 0x88, 0x80, 0x80, 0x80), bytes(0x80), bytes(0xe2, 0x82),
            bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xfe));

    private static String nested(int depth, boolean arrays) {
        return arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** A method the path does not take: PATCH nowhere; a list takes neither PUT nor DELETE. */
    private static BadRequest badMethod(Random r, String endpoint, String target) {
        String method = endpoint.startsWith("GET") ? pick(r, List.of("PATCH", "PUT", "DELETE")) : "PATCH";
        return new BadRequest(endpoint, method + " is not allowed", method, target,
                List.of(new Header("Content-Type", "application/json")), "{}".getBytes(StandardCharsets.UTF_8), null);
    }

    private static BadRequest appointmentUpdate(Random r) {
        String endpoint = "PUT /appointments/{id}";
        int family = r.nextInt(10);
        if (family < 2) {
            return ifMatch(r, endpoint, "PUT", json(endpoint, "", "PUT", "/appointments/" + appointment, List.of(),
                    Map.of("notes", "A stale change"), null));
        }
        if (family < 3) {
            return uuidRead(r, endpoint, "PUT", "/appointments/", "", appointment);
        }
        return jsonWrite(r, endpoint, "PUT", "/appointments/" + appointment, update(r), UPDATE_FIELDS,
                Set.of("id", "version", "created_at", "updated_at", "end_time", "status_reason", "time_zone",
                        "pending_reschedule"), false);
    }

    private static BadRequest appointmentCancel(Random r) {
        String endpoint = "DELETE /appointments/{id}";
        return r.nextBoolean()
                ? ifMatch(r, endpoint, "DELETE", new BadRequest(endpoint, "", "DELETE", "/appointments/" + appointment,
                        List.of(), null, null))
                : uuidRead(r, endpoint, "DELETE", "/appointments/", "", appointment);
    }

    /** The change is fine but made against a version that is not the current one: 412, and nothing changes. */
    private static BadRequest ifMatch(Random r, String endpoint, String method, BadRequest valid) {
        String v = appointmentVersion;
        String tag = pick(r, List.of("\"0\"", "\"999999\"", "W/\"" + v + "\"", v, "\"abc\"", "\"" + v + "\"x",
                "\"" + (Long.parseLong(v) - 1) + "\", \"" + (Long.parseLong(v) + 1) + "\"", ", ,", "\"" + v + "\u0001\"",
                "\"" + "9".repeat(30) + "\"", "\"" + v));
        List<Header> headers = new ArrayList<>(valid.headers());
        headers.add(new Header("If-Match", tag));
        if (r.nextBoolean()) {
            headers.add(new Header("Prefer", "wait=" + r.nextInt(31)));
        }
        return new BadRequest(endpoint, "If-Match " + describe(tag), method, valid.target(), headers, valid.body(),
                null);
    }

    private static BadRequest workingHours(Random r) {
        String endpoint = "PUT /doctors/{id}/working-hours";
        String target = "/doctors/" + doctor + "/working-hours";
        List<Map<String, Object>> week = new ArrayList<>();
        week.add(new LinkedHashMap<>(Map.of("day_of_week", "monday", "start", "09:00", "end", "12:00")));
        week.add(new LinkedHashMap<>(Map.of("day_of_week", "tuesday", "start", "13:00", "end", "17:00")));
        int family = r.nextInt(10);
        if (family < 5) {
            int item = r.nextInt(week.size());
            String name = pick(r, List.of("day_of_week", "start", "end"));
            Object bad = name.equals("day_of_week")
                    ? pick(r, Arrays.asList("funday", "", "mon", 1, null, "monday\u0000", "\u001bmonday", List.of()))
                    : pick(r, Arrays.asList("9:00", "25:00", "09:60", "0900", "09:00:00", "", "24:00", 900, null,
                            "\uff10\uff19:00", "09:00\u0000", "09:00Z"));
            week.get(item).put(name, bad);
            return json(endpoint, "[" + item + "]." + name + " = " + describe(bad), "PUT", target, List.of(), week,
                    "[" + item + "]." + name);
        }
        if (family < 7) {
            return switch (r.nextInt(5)) {
                case 0 -> {
                    week.get(1).putAll(Map.of("day_of_week", "monday", "start", "11:00", "end", "14:00"));
                    yield json(endpoint, "overlapping ranges", "PUT", target, List.of(), week, "[1].start");
                }
                case 1 -> {
                    week.get(0).put("end", "08:00");
                    yield json(endpoint, "end before start", "PUT", target, List.of(), week, "[0].end");
                }
                case 2 -> {
                    week.get(0).put("end", "09:00");
                    yield json(endpoint, "end equal to start", "PUT", target, List.of(), week, "[0].end");
                }
                case 3 -> {
                    week.get(1).put("doctor_id", doctor);
                    yield json(endpoint, "an unknown field in a range", "PUT", target, List.of(), week,
                            "[1].doctor_id");
                }
                default -> {
                    Object body = pick(r, Arrays.asList(Map.of("day_of_week", "monday"), List.of(1), List.of("monday"),
                            List.of(List.of()), "monday", null));
                    yield json(endpoint, "body is " + describe(body), "PUT", target, List.of(), body, null);
                }
            };
        }
        if (family < 8) {
            return textIdRead(r, endpoint, "PUT", "/doctors/", "/working-hours", week);
        }
        Map<String, Object> asObject = new LinkedHashMap<>();
        asObject.put("day_of_week", "monday");
        asObject.put("start", "09:00");
        asObject.put("end", "12:00");
        return rawBody(r, endpoint, "PUT", target, asObject, List.of(Field.text("day_of_week", true, 20)), true);
    }

    /** A read or change of one record by a path id that is not one: 400 for a malformed id, 404 for an unknown. */
    private static BadRequest textIdRead(Random r, String endpoint, String method, String prefix, String suffix,
            Object body) {
        String id = r.nextInt(3) == 0 ? pick(r, UNKNOWN_IDS) + r.nextInt(1000) : pick(r, MALFORMED_PATH);
        return pathCase(r, endpoint, method, prefix + id + suffix, "id " + id, body);
    }

    /**
     * A record whose id is a UUID: the same, plus ids that are no UUID. {@code existing} is a record's id to
     * misspell, or null where an unknown UUID is no error (notifications of an appointment: an empty list).
     */
    private static BadRequest uuidRead(Random r, String endpoint, String method, String prefix, String suffix,
            String existing) {
        String known = existing == null ? appointment : existing;
        String id = switch (r.nextInt(4)) {
            case 0 -> pick(r, MALFORMED_PATH);
            case 1 -> existing == null ? pick(r, MALFORMED_PATH) : UUID.randomUUID().toString();
            default -> pick(r, List.of("not-a-uuid", "123", "-1", "99999999999999999999", known + "0",
                    known.replace('-', '_'), "00000000-0000-0000-0000-00000000000g", "null", "%20", "{id}",
                    "%7Bid%7D", "..%2F", "x".repeat(2000)));
        };
        String target = prefix + id + suffix;
        Object body = method.equals("PUT") ? Map.of("notes", "Changed through a bad id") : null;
        BadRequest request = pathCase(r, endpoint, method, target, "id " + id, body);
        return method.equals("GET") && r.nextInt(8) == 0 ? badAccept(request) : request;
    }

    /** A list whose path names something (a patient, a doctor): any text is a name, so only malformed ones. */
    private static BadRequest anyIdList(Random r, String endpoint, String prefix, String suffix,
            boolean appointments) {
        if (r.nextInt(3) == 0) {
            return list(r, endpoint, prefix + "someone-" + r.nextInt(1000) + suffix, appointments);
        }
        String id = pick(r, MALFORMED_PATH);
        return pathCase(r, endpoint, "GET", prefix + id + suffix, "id " + id, null);
    }

    private static BadRequest pathCase(Random r, String endpoint, String method, String target, String what,
            Object body) {
        List<Header> headers = body == null ? List.of() : List.of(new Header("Content-Type", "application/json"));
        return new BadRequest(endpoint, what, method, target, headers,
                body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8), null);
    }

    /** Ids no record has, some of them with characters that need escaping. */
    private static final List<String> UNKNOWN_IDS = List.of("nobody-", "x%27%3B%20drop%20table%20doctor%3B--",
            "%25", "a%20b", "%3Cscript%3E", "%F0%9F%98%80", "%09", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE",
            "12345678901234567890");

    /** Path segments no id may be: control characters (%-escaped), invalid UTF-8, raw bytes. */
    private static final List<String> MALFORMED_PATH = List.of("%00", "%01", "%1b", "%1B%5B31m", "%1f", "%7f",
            "%c2%85", "%C2%9B", "ab%00cd", "%0a", "%0d%0aX-Injected:%201", "%ff", "%c3%28", "%ed%a0%80",
            "%c0%80", "%e2%82", "%f4%90%80%80", "abc%fe", "\u00ff", "a\u00c3\u0028", "\u00ed\u00a0\u0080", "{id}",
            "a|b", "a^b", "[x]", "a\\b", "`x`", "<x>", "a\"b", "a\u0001b", "M\u00c3\u00bcller");

    /** GET of a list, with one query parameter made bad. */
    private static BadRequest list(Random r, String endpoint, String path, boolean appointments) {
        List<String[]> choices = new ArrayList<>(PAGING);
        if (appointments) {
            choices.addAll(APPOINTMENT_FILTERS);
        }
        String[] bad = pick(r, choices);
        String query = bad[0];
        if (r.nextInt(3) == 0 && !query.contains("page=")) {
            query = "page=1&" + query;
        }
        BadRequest request = new BadRequest(endpoint, "?" + query, "GET", path + "?" + query, List.of(), null,
                bad[1]);
        return r.nextInt(20) == 0 ? badAccept(request) : r.nextInt(30) == 0 ? badMethod(r, endpoint, path) : request;
    }

    /** A query and the parameter its answer must name (null where it need not). */
    private static final List<String[]> PAGING = List.of(q("page=0", "page"), q("page=-1", "page"),
            q("page=abc", "page"), q("page=1.5", "page"), q("page=2147483648", "page"), q("page=99999999999", "page"),
            q("page=1e3", "page"), q("page=0x10", "page"), q("page=%00", "page"), q("page=1%1b", "page"),
            q("page=%ff", "page"), q("page=2147483647&size=50", "page"), q("page=1000000000&size=500", "page"),
            q("size=0", "size"), q("size=501", "size"), q("size=-1", "size"), q("size=abc", "size"),
            q("size=2147483648", "size"), q("size=1e2", "size"), q("size=%7f", "size"), q("size=50%c2%85", "size"),
            q("%00=1", null), q("pa%1bge=1", null), q("%ed%a0%80=1", null), q("page=%ed%a0%80", "page"));
    private static final List<String[]> APPOINTMENT_FILTERS = List.of(q("from=2035-03-14T10:00:00", "from"),
            q("from=%2B300000-01-01T00:00:00Z", "from"), q("from=+300000-01-01T00:00:00Z", "from"),
            q("to=1899-12-31T23:59:59Z", "to"), q("to=yesterday", "to"), q("from=2035-03-14", "from"),
            q("from=%00", "from"), q("to=2035-03-14T10:00:00Z%00", "to"), q("to=%ff", "to"),
            q("from=2035-03-14T10:00:00Z&to=2035-03-14T10:00:00Z", "to"),
            q("from=2035-03-15T10:00:00Z&to=2035-03-14T10:00:00Z", "to"), q("status=bogus", "status"),
            q("status=CONFIRMED", "status"), q("status=scheduled,bogus", "status"), q("status=%00", "status"),
            q("status=confirmed%1b", "status"), q("status=pending_reschedule", "status"));

    private static BadRequest slots(Random r) {
        String endpoint = "GET /doctors/{id}/slots";
        if (r.nextInt(4) == 0) {
            String id = pick(r, MALFORMED_PATH);
            return pathCase(r, endpoint, "GET", "/doctors/" + id + "/slots?date=2035-03-14", "id " + id, null);
        }
        String[] bad = pick(r, List.of(q("", "date"), q("date=", "date"), q("date=2035-02-30", "date"),
                q("date=%2B300000-01-01", "date"), q("date=+300000-01-01", "date"), q("date=2035/03/14", "date"),
                q("date=14.03.2035", "date"), q("date=1899-12-31", "date"), q("date=%00", "date"),
                q("date=2035-03-14T00:00:00Z", "date"), q("date=2035-03-14&duration=4", "duration"),
                q("date=2035-03-14&duration=481", "duration"), q("date=2035-03-14&duration=-5", "duration"),
                q("date=2035-03-14&duration=abc", "duration"), q("date=2035-03-14&duration=99999999999", "duration"),
                q("date=2035-03-14&duration=30.5", "duration"), q("date=2035-03-14&duration=0", "duration"),
                q("date=2035-03-14&duration=%1b", "duration")));
        String target = "/doctors/" + (r.nextBoolean() ? doctor : "someone-" + r.nextInt(1000)) + "/slots?" + bad[0];
        return new BadRequest(endpoint, "?" + bad[0], "GET", target, List.of(), null, bad[1]);
    }

    /** The same read, asking for a representation no endpoint serves. */
    private static BadRequest badAccept(BadRequest request) {
        List<Header> headers = new ArrayList<>(request.headers());
        headers.add(new Header("Accept", "application/xml"));
        // Content negotiation comes before the parameters are read: the answer need not name them.
        return new BadRequest(request.endpoint(), request.what() + ", Accept: application/xml", request.method(),
                request.target(), headers, request.body(), null);
    }

    /** A JSON request; the body is written by {@link Json}, which can write what a client library would not. */
    private static BadRequest json(String endpoint, String what, String method, String target, List<Header> extra,
            Object body, String field) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", "application/json"));
        headers.addAll(extra);
        return new BadRequest(endpoint, what, method, target, headers, Json.write(body).getBytes(StandardCharsets.UTF_8),
                field);
    }

    // ---- the FHIR API's bad requests ---------------------------------------------------------------------------

    /** A FHIR Appointment that would book (or, with {@code id}, change nothing of) the prepared appointment. */
    private static String fhirAppointment(String id, String status, String start, String end, String extra,
            String practitioner) {
        return "{\"resourceType\": \"Appointment\", " + (id == null ? "" : "\"id\": \"" + id + "\", ")
                + "\"status\": \"" + status + "\", \"start\": \"" + start + "\", \"end\": \"" + end + "\", "
                + extra + "\"participant\": [{\"actor\": {\"reference\": \"Patient/" + patient + "\"}},"
                + " {\"actor\": {\"reference\": \"" + practitioner + "\"}}]}";
    }

    /** A bad FHIR Appointment for a create or an update, and the element its answer must name. */
    private static BadRequest fhirWrite(Random r, String endpoint, String method, String target, String id) {
        String status = id == null ? "booked" : "booked";
        String start = id == null ? FUTURE : "2034-06-05T10:00:00Z";
        String end = id == null ? "2035-03-14T10:30:00Z" : "2034-06-05T10:30:00Z";
        String practitioner = "Practitioner/" + doctor;
        String[][] cases = {
            { "Appointment.start", fhirAppointment(id, status, "2020-01-01T10:00:00Z", "2020-01-01T10:30:00Z", "",
                    practitioner) },
            { "Appointment.end", fhirAppointment(id, status, start, start, "", practitioner) },
            { "Appointment.end", fhirAppointment(id, status, start, "2035-03-14T10:03:00Z", "", practitioner) },
            { "Appointment.end", fhirAppointment(id, status, start, "2035-03-15T10:00:00Z", "", practitioner) },
            { "Appointment.status", fhirAppointment(id, "arrived", start, end, "", practitioner) },
            { "Appointment.priority", fhirAppointment(id, status, start, end, "\"priority\": 1, ", practitioner) },
            { "unknownElement", fhirAppointment(id, status, start, end, "\"unknownElement\": 1, ", practitioner) },
            { "Appointment.participant", fhirAppointment(id, status, start, end, "", "Device/x") },
            { "Appointment.minutesDuration", fhirAppointment(id, status, start, end, "\"minutesDuration\": 7, ",
                    practitioner) },
            { "Appointment.comment", fhirAppointment(id, status, start, end, "\"comment\": \"" + "x".repeat(2001)
                    + "\", ", practitioner) },
            { "Appointment.start", fhirAppointment(id, status, "2035-03-14T10:00:00", end, "", practitioner) },
            { "Appointment", "{\"resourceType\": \"Patient\"}" },
            { null, "{\"resourceType\": \"Appointment\"," },
        };
        String[] chosen = cases[r.nextInt(cases.length)];
        if (id != null && r.nextInt(4) == 0) {
            chosen = new String[] { "Appointment.id", fhirAppointment("another-id", status, start, end, "",
                    practitioner) };
        }
        return fhir(endpoint, chosen[0] == null ? "not JSON" : chosen[0], method, target, chosen[1], chosen[0]);
    }

    private static BadRequest fhirSearch(Random r, String endpoint, String path, List<String[]> cases) {
        String[] chosen = cases.get(r.nextInt(cases.size()));
        return new BadRequest(endpoint, chosen[1], "GET", path + "?" + chosen[1].replace("|", "%7C"),
                List.of(new Header("Accept", "application/fhir+json")), null, chosen[0]);
    }

    private static BadRequest fhir(String endpoint, String what, String method, String target, String body,
            String field) {
        return new BadRequest(endpoint, what, method, target, List.of(new Header("Content-Type",
                "application/fhir+json"), new Header("Accept", "application/fhir+json")),
                body.getBytes(StandardCharsets.UTF_8), field);
    }

    // ---- the property ------------------------------------------------------------------------------------------

    @BeforeAll
    static void recordsToChange() throws Exception {
        doctor = SharedStack.api().contentType(ContentType.JSON)
                .body(Map.of("name", "Dr. Bad Input", "time_zone", "Europe/Berlin")).post("/doctors").then()
                .statusCode(201).extract().jsonPath().getString("id");
        patient = "patient-bad-input-" + UUID.randomUUID();
        SharedStack.api().contentType(ContentType.JSON).body(Map.of("id", patient, "name", "Jane Doe", "email",
                patient + "@example.org", "phone", "+4930123456")).post("/patients").then().statusCode(201);
        appointment = SharedStack.api().contentType(ContentType.JSON).header("Prefer", "wait=20")
                .body(Map.of("patient_id", patient, "doctor_id", doctor, "appointment_time", "2034-06-05T10:00:00Z"))
                .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed")).extract()
                .jsonPath().getString("id");
        timeOff = SharedStack.api().contentType(ContentType.JSON).body(Map.of("start_time", "2034-07-01T00:00:00Z",
                "end_time", "2034-07-08T00:00:00Z", "reason", "Conference")).post("/doctors/" + doctor + "/time-off")
                .then().statusCode(201).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(SharedStack.api()
                .get("/notifications/appointment/" + appointment).then().extract().jsonPath().getString("[0].status")));
        appointmentVersion = SharedStack.api().get("/appointments/" + appointment).then().statusCode(200).extract()
                .header("ETag").replace("\"", "");
    }

    @Test
    void everyBadRequestIsA4xxProblemAndWritesNothing() throws Exception {
        LOG.infof("Bad input: %d tries with seed %d (repeat with -Dclinic.badinput.seed=%d)", TRIES, SEED, SEED);
        List<Endpoint> endpoints = endpoints();
        Random random = new Random(SEED);
        List<BadRequest> requests = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            // Round the endpoints, so each run reaches every one of them, with a random bad request for each.
            requests.add(endpoints.get(i % endpoints.size()).generator().apply(random));
        }
        SideEffects before = SideEffects.settled(Duration.ofMillis(1500), Duration.ofSeconds(30));

        List<String> failures = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        long started = System.nanoTime();
        for (BadRequest request : requests) {
            byEndpoint.merge(request.endpoint(), 1, Integer::sum);
            String failure;
            try {
                Answer answer = send(request);
                byStatus.merge(answer.status(), 1, Integer::sum);
                answered.add(answer.status() + " " + request.endpoint() + " [" + excerpt(request.what()) + "]");
                failure = problemFailure(request, answer);
            } catch (Exception e) {
                failure = "no answer: " + e;
            }
            if (failure != null) {
                failures.add(failure + "\n    for " + request);
            }
        }
        String summary = String.format("%d requests in %d ms; answers by status %s; requests by endpoint %s",
                requests.size(), (System.nanoTime() - started) / 1_000_000, byStatus, byEndpoint);
        LOG.infof("Bad input: %s", summary);

        // Whatever a request set going (an outbox row, an event) has had time to show.
        Thread.sleep(1500);
        List<String> written = SideEffects.now().differencesFrom(before);

        assertEquals(endpoints.stream().map(Endpoint::name).collect(Collectors.toCollection(LinkedHashSet::new)),
                new LinkedHashSet<>(endpoints.stream().map(Endpoint::name).filter(byEndpoint::containsKey).toList()),
                "every endpoint was reached");
        // The run for a person to read: what was sent and answered, what failed, what was written.
        Path report = Stack.projectRoot().resolve("system-tests/target/bad-input-run.txt");
        Files.writeString(report, "seed " + SEED + "\n" + summary + "\n\nfailures (" + failures.size() + "):\n"
                + String.join("\n", failures) + "\n\nwritten by bad requests:\n" + String.join("\n", written)
                + "\n\nanswers:\n" + String.join("\n", answered) + "\n");
        if (!failures.isEmpty() || !written.isEmpty()) {
            fail("Seed " + SEED + " (repeat with -Dclinic.badinput.seed=" + SEED + "): " + failures.size() + " of "
                    + requests.size() + " bad requests were not answered with a 4xx problem naming what was wrong:\n"
                    + failures.stream().limit(40).collect(Collectors.joining("\n")) + "\n(all of them in " + report
                    + ")\nWritten by bad requests: " + written);
        }
    }

    // ---- examples that must always hold ------------------------------------------------------------------------

    @Test
    void aNulInsideAStringFieldIs400NamingTheField() throws Exception {
        Map<String, Object> body = booking(new Random(1));
        body.put("notes", "Regular\u0000checkup");
        assertProblem(json("POST /appointments", "", "POST", "/appointments", List.of(), body, "notes"), 400);
        Map<String, Object> doctorBody = doctorBody(new Random(1));
        doctorBody.put("specialty", "cardio\u0000logy");
        assertProblem(json("PUT /doctors/{id}", "", "PUT", "/doctors/" + doctor, List.of(), doctorBody, "specialty"),
                400);
    }

    @Test
    void aLoneSurrogateEscapeIs400NamingTheField() throws Exception {
        byte[] body = ("{\"name\": \"Jane \\ud800 Doe\", \"email\": \"jane-" + UUID.randomUUID()
                + "@example.org\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(new BadRequest("POST /patients", "", "POST", "/patients",
                List.of(new Header("Content-Type", "application/json")), body, "name"), 400);
    }

    @Test
    void aControlCharacterAtEitherEndOfAFieldIsNotStrippedAway() throws Exception {
        for (String notes : List.of("Regular checkup\u001f", "\u000bRegular checkup", "\fRegular checkup\u001c")) {
            Map<String, Object> body = booking(new Random(2));
            body.put("notes", notes);
            assertProblem(json("POST /appointments", "", "POST", "/appointments", List.of(), body, "notes"), 400);
        }
    }

    @Test
    void pagesPastTheLastOffsetAndSizesOutsideOneTo500Are400() throws Exception {
        assertProblem(get("/appointments?page=2147483647&size=50", "page"), 400);
        assertProblem(get("/doctors?size=0", "size"), 400);
        assertProblem(get("/patients?size=501", "size"), 400);
        assertProblem(get("/notifications?page=0", "page"), 400);
    }

    @Test
    void durationsOutsideTheirRangeAre400() throws Exception {
        for (Object minutes : List.of(-1, 481, new Raw("1e10"))) {
            Map<String, Object> body = booking(new Random(3));
            body.put("duration_minutes", minutes);
            assertProblem(json("POST /appointments", "", "POST", "/appointments", List.of(), body,
                    "duration_minutes"), 400);
        }
    }

    @Test
    void aYear300000OrATimeWithoutOffsetIs400NamingTheField() throws Exception {
        Map<String, Object> booking = booking(new Random(4));
        booking.put("appointment_time", "+300000-01-01T00:00:00Z");
        assertProblem(json("POST /appointments", "", "POST", "/appointments", List.of(), booking, "appointment_time"),
                400);
        booking.put("appointment_time", "2035-03-14T10:00:00");
        assertProblem(json("POST /appointments", "", "POST", "/appointments", List.of(), booking, "appointment_time"),
                400);
        Map<String, Object> window = windowBody(new Random(4));
        window.put("start_time", "+300000-01-01T00:00:00Z");
        assertProblem(json("POST /availability", "", "POST", "/availability", List.of(), window, "start_time"), 400);
        assertProblem(get("/appointments?from=%2B300000-01-01T00:00:00Z", "from"), 400);
        assertProblem(get("/doctors/" + doctor + "/slots?date=%2B300000-01-01", "date"), 400);
    }

    @Test
    void aDateOfBirthOutsideYears1900To9999Is400NamingIt() throws Exception {
        for (String date : List.of("-300000-01-01", "+300000-01-01", "0000-01-01", "1899-12-31")) {
            Map<String, Object> body = patientBody(new Random(5), true);
            body.put("date_of_birth", date);
            assertProblem(json("POST /patients", "", "POST", "/patients", List.of(), body, "date_of_birth"), 400);
        }
    }

    @Test
    void pathIdsWithControlCharactersOrInvalidUtf8Are400() throws Exception {
        for (String id : List.of("%00", "%1b", "abc%7f", "%c2%85", "%ff", "%ed%a0%80")) {
            for (String path : List.of("/appointments/doctor/", "/availability/doctor/", "/notifications/patient/",
                    "/patients/")) {
                assertProblem(new BadRequest(path, "", "GET", path + id, List.of(), null, null), 400);
            }
        }
    }

    @Test
    void invalidUtf8TruncatedAndTrailingJsonAre400() throws Exception {
        Map<String, Object> body = booking(new Random(6));
        body.put("notes", "ab" + MARK + "cd");
        List<Header> asJson = List.of(new Header("Content-Type", "application/json"));
        assertProblem(new BadRequest("POST /appointments", "", "POST", "/appointments", asJson,
                splice(Json.write(body), bytes(0xc3, 0x28)), null), 400);
        String valid = Json.write(booking(new Random(6)));
        assertProblem(new BadRequest("POST /appointments", "", "POST", "/appointments", asJson,
                valid.substring(0, valid.length() - 1).getBytes(StandardCharsets.UTF_8), null), 400);
        assertProblem(new BadRequest("POST /appointments", "", "POST", "/appointments", asJson,
                (valid + " {}").getBytes(StandardCharsets.UTF_8), null), 400);
    }

    @Test
    void deepNestingIs400AndATwoMegabyteBodyIs413() throws Exception {
        List<Header> asJson = List.of(new Header("Content-Type", "application/json"));
        assertProblem(new BadRequest("POST /doctors", "", "POST", "/doctors", asJson,
                nested(100, true).getBytes(StandardCharsets.UTF_8), null), 400);
        Map<String, Object> body = doctorBody(new Random(7));
        body.put("specialty", new Raw(nested(100, false)));
        assertProblem(json("POST /doctors", "", "POST", "/doctors", List.of(), body, "specialty"), 400);
        body.put("specialty", "x".repeat(2 * 1024 * 1024));
        assertProblem(json("POST /doctors", "", "POST", "/doctors", List.of(), body, null), 413);
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() throws Exception {
        BadRequest change = json("PUT /appointments/{id}", "", "PUT", "/appointments/" + appointment, List.of(),
                Map.of("notes", "A stale change"), null);
        List<Header> stale = new ArrayList<>(change.headers());
        stale.add(new Header("If-Match", "\"0\""));
        assertProblem(new BadRequest(change.endpoint(), "", "PUT", change.target(), stale, change.body(), null), 412);
        assertProblem(new BadRequest("DELETE /appointments/{id}", "", "DELETE", "/appointments/" + appointment,
                List.of(new Header("If-Match", "W/\"" + appointmentVersion + "\"")), null, null), 412);
        SharedStack.api().get("/appointments/" + appointment).then().statusCode(200)
                .header("ETag", "\"" + appointmentVersion + "\"").body("status", equalTo("confirmed"));
    }

    @Test
    void aBadIdempotencyKeyIs400NamingIt() throws Exception {
        for (String key : List.of("k".repeat(201), "key\u0085", "", " ")) {
            BadRequest request = json("POST /appointments", "", "POST", "/appointments",
                    List.of(new Header("Idempotency-Key", key)), booking(new Random(8)), "Idempotency-Key");
            assertProblem(request, 400);
        }
    }

    // ---- checking one answer -----------------------------------------------------------------------------------

    private static BadRequest get(String target, String field) {
        return new BadRequest(target, "", "GET", target, List.of(), null, field);
    }

    private static Answer send(BadRequest request) throws Exception {
        List<Header> headers = new java.util.ArrayList<>(request.headers());
        headers.add(new Header("Authorization", Identity.bearer("admin")));
        return RawHttp.send(SharedStack.get().gateway().port, request.method(), request.target(), headers,
                request.body());
    }

    private static void assertProblem(BadRequest request, int status) throws Exception {
        Answer answer = send(request);
        String failure = problemFailure(request, answer);
        assertTrue(failure == null, failure + "\n    for " + request);
        assertEquals(status, answer.status(), request + " -> " + excerpt(answer.text()));
    }

    /** Why the answer is not a 4xx problem naming what was wrong, or null when it is. */
    static String problemFailure(BadRequest request, Answer answer) {
        String got = answer.status() + " " + answer.header("content-type") + " " + excerpt(answer.text());
        if (answer.status() < 400 || answer.status() >= 500) {
            return "not a 4xx: " + got;
        }
        if (request.target().startsWith("/fhir/")) {
            return outcomeFailure(request, answer, got);
        }
        String type = answer.header("content-type");
        if (type == null || !type.split(";")[0].trim().equals("application/problem+json")) {
            return "not application/problem+json: " + got;
        }
        JsonPath problem;
        try {
            problem = JsonPath.from(answer.text());
        } catch (RuntimeException e) {
            return "not JSON: " + got;
        }
        Object status = problem.get("status");
        if (!(status instanceof Integer s) || s != answer.status()) {
            return "status " + status + " in the body: " + got;
        }
        String detail = problem.getString("detail");
        if (detail == null || detail.isBlank()) {
            return "no detail: " + got;
        }
        if (request.field() != null) {
            List<String> fields = problem.getList("errors.field");
            boolean named = detail.contains(request.field())
                    || fields != null && fields.stream().anyMatch(f -> f != null && f.contains(request.field()));
            if (answer.status() != 400 || !named) {
                return "not a 400 naming " + request.field() + ": " + got;
            }
        }
        return null;
    }

    /** The FHIR API's problems are OperationOutcomes: why this answer is not one naming what was wrong. */
    private static String outcomeFailure(BadRequest request, Answer answer, String got) {
        String type = answer.header("content-type");
        if (type == null || !type.split(";")[0].trim().equals("application/fhir+json")) {
            return "not application/fhir+json: " + got;
        }
        JsonPath outcome;
        try {
            outcome = JsonPath.from(answer.text());
        } catch (RuntimeException e) {
            return "not JSON: " + got;
        }
        List<String> diagnostics = outcome.getList("issue.diagnostics");
        if (!"OperationOutcome".equals(outcome.getString("resourceType")) || diagnostics == null
                || diagnostics.isEmpty() || diagnostics.stream().anyMatch(d -> d == null || d.isBlank())) {
            return "not an OperationOutcome with diagnostics: " + got;
        }
        if (request.field() != null && (answer.status() != 400
                || diagnostics.stream().noneMatch(d -> d.contains(request.field())))) {
            return "not a 400 naming " + request.field() + ": " + got;
        }
        return null;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A JSON fragment written as it is, e.g. {@code 1e10} or a nesting. */
    record Raw(String json) {
    }

    /** A field value that leaves the field out. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "(missing)";
        }
    };

    /** Writes JSON; characters outside printable ASCII as \\u escapes, so lone surrogates reach the server too. */
    static final class Json {

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Raw raw) {
                out.append(raw.json());
            } else if (value instanceof String text) {
                out.append('"');
                for (char c : text.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getValue() == MISSING) {
                        continue;
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(out, entry.getKey().toString());
                    out.append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            } else {
                out.append(value);
            }
        }
    }

    /** A name with a control character or a lone surrogate is refused, but not named as it was sent. */
    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate((char) c));
    }

    private static byte[] splice(String json, byte[] bytes) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length; i++) {
            if (i + mark.length <= text.length && Arrays.equals(text, i, i + mark.length, mark, 0, mark.length)) {
                out.writeBytes(bytes);
                i += mark.length - 1;
            } else {
                out.write(text[i]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    private static String[] q(String query, String field) {
        return new String[] { query, field };
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String describe(Object value) {
        if (value == MISSING) {
            return "(missing)";
        }
        return value instanceof String || value instanceof Raw || value == null || value instanceof Map
                || value instanceof List ? excerpt(Json.write(value)) : value + " (" + value.getClass().getSimpleName()
                        + ")";
    }

    static String excerpt(String text) {
        String escaped = text.chars().mapToObj(c -> c < 0x20 || c >= 0x7f && c < 0xa0 ? String.format("\\x%02x", c)
                : String.valueOf((char) c)).collect(Collectors.joining());
        return escaped.length() <= 200 ? escaped : escaped.substring(0, 200) + "...(" + text.length() + " chars)";
    }
}
