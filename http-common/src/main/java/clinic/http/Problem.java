package clinic.http;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, written as {@code application/problem+json}. {@code errors} names each bad field
 * of a request; {@code extensions} carries problem-specific members (e.g. the appointment in the way).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "An RFC 9457 problem detail; problem-specific members (e.g. the"
        + " conflicting appointment's id) may follow", additionalProperties = Schema.True.class)
public record Problem(
        @Schema(required = true, example = "about:blank") String type,
        @Schema(required = true, example = "Invalid request") String title,
        @Schema(required = true, example = "400") int status,
        @Schema(example = "appointment_time must include a UTC offset, e.g. 2027-09-15T10:00:00Z") String detail,
        List<FieldError> errors,
        @Schema(hidden = true) Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** The extensions are written as top-level members, not as a nested object. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }

    @RegisterForReflection
    @Schema(name = "FieldError", description = "What is wrong with one field of the request")
    public record FieldError(@Schema(example = "appointment_time") String field,
            @Schema(example = "must include a UTC offset") String message) {
    }
}
