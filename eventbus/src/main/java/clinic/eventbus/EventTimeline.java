package clinic.eventbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cloudevents.CloudEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every step the services took for one appointment, from what each recorded as it went: the events it published
 * (its outbox: made, then acknowledged by JetStream) and the events it handled (its inbox). Each service answers
 * for itself over NATS ({@code clinic.timeline.<service>}); a service that does not answer in time is named as
 * missing rather than left out silently. Steps go back as far as the outbox and inbox keep their rows.
 */
@ApplicationScoped
public class EventTimeline {

    private static final JsonFactory DATA = new JsonFactory();
    /**
     * The answers between services keep every digit of a time: the services' own mapper writes the API's times to
     * the second, which would put the steps of one second in the wrong order.
     */
    private static final ObjectMapper ANSWERS = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final String SELECT = "select 'published' as action, id::text as event_id, subject as event_type,"
            + " created_at as at, published_at as done, null as consumer from eventbus_outbox where about = $1"
            + " union all select 'handled', event_id, event_type, processed_at, null, consumer from eventbus_inbox"
            + " where about = $1 order by at";

    /** One step: a service published an event (at = made, acknowledged_at = JetStream took it) or handled one. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Step(Instant at, String service, String action, String eventType, String eventId,
            Instant acknowledgedAt, String consumer) {
    }

    /** The steps of every service that answered, in time order, and the services that did not. */
    public record Steps(List<Step> steps, List<String> missingServices) {
    }

    private final Pool pool;
    private final Queries queries;
    private final String service;
    private final Duration timeout;

    public EventTimeline(Pool pool, Queries queries, EventBusConfig config,
            @ConfigProperty(name = "clinic.eventbus.timeline.query-timeout", defaultValue = "3s") Duration timeout) {
        this.pool = pool;
        this.queries = queries;
        this.service = config.service();
        this.timeout = timeout;
    }

    /**
     * The appointment an event is about: the subject of an appointment event, the {@code appointment_id} of the
     * data of the others (availability answers, notifications); none for patient events and dead letters.
     */
    static String about(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith(EventStream.APPOINTMENTS.subjectPrefix())) {
            return event.getSubject();
        }
        if (!type.startsWith(EventStream.AVAILABILITY.subjectPrefix())
                && !type.startsWith(EventStream.NOTIFICATIONS.subjectPrefix())) {
            return null;
        }
        if (event.getData() == null) {
            return null;
        }
        // Read only as far as the top-level appointment_id: this runs for every event published and handled.
        try (JsonParser parser = DATA.createParser(event.getData().toBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("appointment_id".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    void answerQuestions(@Observes StartupEvent event) {
        queries.answer(QuestionType.TIMELINE.subject(service), question -> own(new String(question, StandardCharsets.UTF_8))
                .map(this::write));
    }

    /** This service's steps for the appointment, oldest first. */
    public Uni<List<Step>> own(String appointmentId) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(appointmentId)).map(rows -> {
            List<Step> steps = new ArrayList<>();
            for (Row row : rows) {
                steps.add(new Step(row.getOffsetDateTime("at").toInstant(), service, row.getString("action"),
                        row.getString("event_type"), row.getString("event_id"),
                        row.getOffsetDateTime("done") == null ? null : row.getOffsetDateTime("done").toInstant(),
                        row.getString("consumer")));
            }
            return steps;
        });
    }

    /**
     * Every service's steps for the appointment, in time order. Steps of one transaction share its start time: a
     * handling goes before what the handler published in it.
     */
    public Uni<Steps> across(String appointmentId) {
        return queries.askEach(EventType.Services.ALL, QuestionType.TIMELINE, appointmentId.getBytes(StandardCharsets.UTF_8),
                timeout, () -> own(appointmentId), this::read).map(answers -> {
                    List<Step> steps = new ArrayList<>();
                    answers.answers().forEach(steps::addAll);
                    steps.sort(Comparator.comparing(Step::at)
                            .thenComparing(step -> step.action().equals("handled") ? 0 : 1)
                            .thenComparing(Step::service));
                    return new Steps(steps, answers.missing());
                });
    }

    private byte[] write(List<Step> steps) {
        try {
            return ANSWERS.writeValueAsBytes(steps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another service's steps; anything but a well-formed step is left out (NATS answers are not trusted). */
    private List<Step> read(byte[] json) {
        try {
            List<Step> steps = ANSWERS.readValue(json, new TypeReference<List<Step>>() {
            });
            return steps.stream().filter(step -> step != null && step.at() != null && step.service() != null
                    && ("published".equals(step.action()) || "handled".equals(step.action()))
                    && step.eventType() != null && step.eventId() != null).toList();
        } catch (IOException e) {
            throw new IllegalStateException("An unreadable timeline answer", e);
        }
    }
}
