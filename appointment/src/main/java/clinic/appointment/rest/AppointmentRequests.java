package clinic.appointment.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import clinic.appointment.AppointmentStatus;
import clinic.appointment.service.Bookings.Booking;
import clinic.appointment.service.AppointmentService.Update;
import clinic.http.JsonBody;
import clinic.http.ProblemException;
import clinic.http.Text;
import clinic.http.Times;

/** Turns request bodies, headers and parameters into validated commands, or a 400 naming what is wrong. */
final class AppointmentRequests {

    static final int MIN_DURATION = 5;
    static final int MAX_DURATION = 480;
    static final int DEFAULT_DURATION = 30;
    static final int MAX_ID_LENGTH = 100;
    static final int MAX_NOTES_LENGTH = 2000;
    static final Set<String> SERVER_OWNED = Set.of("id", "version", "created_at", "updated_at", "end_time",
            "status_reason", "time_zone", "pending_reschedule");
    private static final Set<String> BOOKING_FIELDS = Set.of("patient_id", "doctor_id", "appointment_time",
            "duration_minutes", "notes");
    private static final Set<String> UPDATE_FIELDS = Set.of("appointment_time", "duration_minutes", "notes", "status");
    private static final Set<AppointmentStatus> REQUESTABLE = Set.of(AppointmentStatus.CONFIRMED,
            AppointmentStatus.CANCELLED, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW);
    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d+)");

    private AppointmentRequests() {
    }

    static Booking booking(JsonNode body, Clock clock) {
        JsonBody json = JsonBody.of(body);
        if (json.has("status")) {
            throw ProblemException.badField("status", "is set by the server; a new appointment is scheduled");
        }
        json.refuseServerOwned(SERVER_OWNED).allowOnly(BOOKING_FIELDS);
        String patientId = json.text("patient_id", true, MAX_ID_LENGTH);
        String doctorId = json.text("doctor_id", true, MAX_ID_LENGTH);
        Instant start = json.instant("appointment_time", true);
        Integer duration = json.integer("duration_minutes", MIN_DURATION, MAX_DURATION);
        String notes = json.text("notes", false, MAX_NOTES_LENGTH);
        if (start != null && !start.isAfter(clock.instant())) {
            json.reject("appointment_time", "is in the past; book a future time");
        }
        json.validate();
        return new Booking(patientId, doctorId, start, duration == null ? DEFAULT_DURATION : duration, notes);
    }

    static Update update(JsonNode body, Clock clock) {
        JsonBody json = JsonBody.of(body);
        json.refuseServerOwned(SERVER_OWNED).allowOnly(UPDATE_FIELDS);
        if (json.isEmpty()) {
            throw ProblemException.badFields("Send at least one of appointment_time, duration_minutes, notes,"
                    + " status.", List.of());
        }
        Instant start = json.instant("appointment_time", false);
        Integer duration = json.integer("duration_minutes", MIN_DURATION, MAX_DURATION);
        boolean notesGiven = json.has("notes");
        String notes = json.text("notes", false, MAX_NOTES_LENGTH);
        AppointmentStatus status = null;
        String statusText = json.text("status", false, 20);
        if (statusText != null) {
            status = requestableStatus(statusText, json);
            if (json.has("appointment_time") || json.has("duration_minutes") || json.has("notes")) {
                json.reject("status", "cannot be changed together with other fields; send it on its own");
            }
        }
        if (start != null && !start.isAfter(clock.instant())) {
            json.reject("appointment_time", "is in the past; choose a future time");
        }
        json.validate();
        return new Update(start, duration, notesGiven, notes, status);
    }

    private static AppointmentStatus requestableStatus(String text, JsonBody json) {
        for (AppointmentStatus status : REQUESTABLE) {
            if (status.code().equals(text)) {
                return status;
            }
        }
        json.reject("status", "must be one of confirmed, cancelled, completed, no_show");
        return null;
    }

    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No appointment " + text + ".");
        }
    }

    static Instant timeParam(String value, String name) {
        return value == null || value.isBlank() ? null : Times.parse(value, name);
    }

    static List<String> statusesParam(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<String> statuses = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String status : statuses) {
            try {
                AppointmentStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField("status", "must be one or more of scheduled, confirmed, rejected,"
                        + " cancelled, completed, no_show (comma separated)");
            }
        }
        return statuses;
    }

    /** {@code Prefer: wait=N} (RFC 7240), capped; null when the client does not want to wait. */
    static Integer preferWait(String prefer, int maxSeconds) {
        if (prefer == null) {
            return null;
        }
        Matcher matcher = PREFER_WAIT.matcher(prefer.toLowerCase(java.util.Locale.ROOT));
        if (!matcher.find()) {
            return null;
        }
        long seconds = Long.parseLong(matcher.group(1).length() > 6 ? "999999" : matcher.group(1));
        return (int) Math.min(seconds, maxSeconds);
    }

    static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        String trimmed = key.trim();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ProblemException.badField("Idempotency-Key", "must be 1 to 200 characters");
        }
        String problem = Text.problem(trimmed);
        if (problem != null) {
            throw ProblemException.badField("Idempotency-Key", problem);
        }
        return trimmed;
    }
}
