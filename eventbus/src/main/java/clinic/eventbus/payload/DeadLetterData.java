package clinic.eventbus.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of a {@code deadletter.<service>} event: the message a consumer gave up on, where it came from,
 * and the last error, so an operator can fix the cause and re-publish {@code original}.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterData(
        String consumer,
        String originalSubject,
        String originalEventId,
        long streamSequence,
        long deliveredCount,
        String error,
        String original) {
}
