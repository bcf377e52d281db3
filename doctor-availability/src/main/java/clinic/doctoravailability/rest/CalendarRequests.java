package clinic.doctoravailability.rest;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import clinic.doctoravailability.service.DoctorService;
import clinic.doctoravailability.service.TimeRange;
import clinic.doctoravailability.service.WorkingRange;
import clinic.http.JsonBody;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Text;
import clinic.http.Times;

/** Request bodies and parameters of the calendar API, validated, or a 400 naming the field. */
final class CalendarRequests {

    static final Set<String> SERVER_OWNED = Set.of("id", "created_at", "updated_at", "version");
    private static final Set<String> DOCTOR_FIELDS = Set.of("name", "specialty", "email", "phone", "time_zone",
            "active");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern CLOCK = Pattern.compile("\\d{2}:\\d{2}");

    private CalendarRequests() {
    }

    /** A doctor's fields; on create name is required, on update only what is sent changes. */
    static DoctorService.DoctorChange doctor(JsonNode body, boolean create) {
        JsonBody json = JsonBody.of(body).refuseServerOwned(SERVER_OWNED).allowOnly(DOCTOR_FIELDS);
        String name = json.text("name", create, 200);
        String specialty = json.text("specialty", false, 100);
        String email = json.text("email", false, 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            json.reject("email", "is not an e-mail address");
        }
        String phone = json.text("phone", false, 40);
        String zone = json.text("time_zone", false, 64);
        if (zone != null && !isZone(zone)) {
            json.reject("time_zone", "must be an IANA time zone such as Europe/Berlin or UTC");
        }
        Boolean active = null;
        if (json.has("active")) {
            JsonNode value = json.raw("active");
            if (value == null || !value.isBoolean()) {
                json.reject("active", "must be true or false");
            } else {
                active = value.booleanValue();
            }
        }
        if (!create && json.isEmpty()) {
            json.reject("name", "or another field must be sent");
        }
        json.validate();
        Set<String> given = new java.util.HashSet<>();
        body.fieldNames().forEachRemaining(given::add);
        return new DoctorService.DoctorChange(name, specialty, email, phone, zone, active, given);
    }

    static boolean isZone(String zone) {
        if (!zone.contains("/") && !zone.equals("UTC")) {
            return false;
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** A week of working ranges: day names, HH:mm, no overlaps within a day. */
    static List<WorkingRange> workingHours(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw ProblemException.badFields("Send a JSON array such as [{\"day_of_week\": \"monday\", \"start\":"
                    + " \"09:00\", \"end\": \"12:00\"}].", List.of());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<WorkingRange> ranges = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            String at = "[" + i + "].";
            if (!item.isObject()) {
                errors.add(new Problem.FieldError("[" + i + "]", "must be an object with day_of_week, start, end"));
                continue;
            }
            DayOfWeek day = day(item.path("day_of_week"), at + "day_of_week", errors);
            LocalTime start = clock(item.path("start"), at + "start", errors);
            LocalTime end = clock(item.path("end"), at + "end", errors);
            item.fieldNames().forEachRemaining(name -> {
                if (!Set.of("day_of_week", "start", "end").contains(name)) {
                    errors.add(new Problem.FieldError(at + name, "is not a field of a working-hours range"));
                }
            });
            if (day == null || start == null || end == null) {
                continue;
            }
            if (!end.isAfter(start)) {
                errors.add(new Problem.FieldError(at + "end", "must be after start"));
                continue;
            }
            WorkingRange range = new WorkingRange(day, start, end);
            for (int j = 0; j < ranges.size(); j++) {
                if (ranges.get(j).overlaps(range)) {
                    errors.add(new Problem.FieldError(at + "start", "overlaps another range on "
                            + day.name().toLowerCase(Locale.ROOT)));
                }
            }
            ranges.add(range);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badFields(errors.stream().map(e -> e.field() + " " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow(), errors);
        }
        return ranges;
    }

    private static DayOfWeek day(JsonNode value, String field, List<Problem.FieldError> errors) {
        // trim() below would take a control character off the ends ("monday\u0000" read as monday): refused first.
        if (value.isTextual() && Text.nameProblem(value.asText()) != null) {
            errors.add(new Problem.FieldError(field, Text.nameProblem(value.asText())));
            return null;
        }
        if (value.isTextual()) {
            try {
                return DayOfWeek.valueOf(value.asText().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new Problem.FieldError(field, "must be a day such as monday"));
        return null;
    }

    private static LocalTime clock(JsonNode value, String field, List<Problem.FieldError> errors) {
        if (value.isTextual() && CLOCK.matcher(value.asText()).matches()) {
            try {
                return LocalTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new Problem.FieldError(field, "must be a local time such as 09:00"));
        return null;
    }

    record TimeOffInput(TimeRange range, String reason) {
    }

    static TimeOffInput timeOff(JsonNode body) {
        JsonBody json = JsonBody.of(body).refuseServerOwned(SERVER_OWNED)
                .allowOnly(Set.of("start_time", "end_time", "reason"));
        Instant start = json.instant("start_time", true);
        Instant end = json.instant("end_time", true);
        String reason = json.text("reason", false, 500);
        if (start != null && end != null && !end.isAfter(start)) {
            json.reject("end_time", "must be after start_time");
        }
        json.validate();
        return new TimeOffInput(new TimeRange(start, end), reason);
    }

    record WindowInput(String doctorId, TimeRange range) {
    }

    static WindowInput window(JsonNode body) {
        JsonBody json = JsonBody.of(body).refuseServerOwned(Set.of("id", "created_at", "updated_at", "end_time",
                "is_available", "appointment_id")).allowOnly(Set.of("doctor_id", "start_time", "duration_hours"));
        String doctorId = json.text("doctor_id", true, 100);
        Instant start = json.instant("start_time", true);
        Integer hours = json.integer("duration_hours", 1, 24);
        json.validate();
        int length = hours == null ? 1 : hours;
        return new WindowInput(doctorId, new TimeRange(start, start.plus(Duration.ofHours(length))));
    }

    static LocalDate date(String value) {
        return Times.parseDate(value, "date");
    }

    static Duration slotLength(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ofMinutes(30);
        }
        try {
            int minutes = Integer.parseInt(value.trim());
            if (minutes >= 5 && minutes <= 480) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badField("duration", "must be whole minutes between 5 and 480");
    }
}
