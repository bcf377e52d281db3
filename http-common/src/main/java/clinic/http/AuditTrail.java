package clinic.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.EventBusConfig;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail of one patient across the services: this service's rows from its own log, the others' through
 * a question each answers over NATS ({@code clinic.audit.<service>}). A trail with a service missing is never
 * answered as if complete.
 */
@ApplicationScoped
public class AuditTrail {

    private static final String SELECT = "select at, service, subject, role, action, resource, resource_id,"
            + " patient_id, request_id, outcome from (select * from audit_log where patient_id = $1"
            + " order by at desc, id desc limit $2) newest order by at, id";

    /** Some services' parts of the trail could not be read. */
    public static class IncompleteException extends RuntimeException {
        public IncompleteException(List<String> services) {
            super("The audit trail of " + String.join(", ", services) + " could not be read right now; the trail"
                    + " would be incomplete. Try again in a few seconds.");
        }
    }

    @RegisterForReflection
    record Question(String patientId, int limit) {
    }

    private final Pool pool;
    private final List<AuditSource> sources;
    private final Queries queries;
    private final ObjectMapper mapper;
    private final String service;
    private final List<String> services;
    private final Duration timeout;

    public AuditTrail(Pool pool, Queries queries, ObjectMapper mapper, EventBusConfig config,
            @ConfigProperty(name = "clinic.audit.services") List<String> services,
            @ConfigProperty(name = "clinic.audit.query-timeout", defaultValue = "3s") Duration timeout,
            @Any Instance<AuditSource> sources) {
        this.sources = sources.stream().toList();
        this.pool = pool;
        this.queries = queries;
        this.mapper = mapper;
        this.service = config.service();
        this.services = List.copyOf(services);
        this.timeout = timeout;
    }

    void answerQuestions(@Observes StartupEvent event) {
        queries.answer(QuestionType.AUDIT.subject(service), question -> {
            Question asked = read(question, new TypeReference<Question>() {
            });
            return own(asked.patientId(), asked.limit()).map(this::write);
        });
    }

    /** This service's rows about the patient, oldest first, at most the newest {@code limit}. */
    public Uni<List<AuditRecord>> own(String patientId, int limit) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(patientId, limit)).map(rows -> {
            List<AuditRecord> records = new ArrayList<>();
            for (Row row : rows) {
                records.add(new AuditRecord(row.getOffsetDateTime("at").toInstant(), row.getString("service"),
                        row.getString("subject"), row.getString("role"), row.getString("action"),
                        row.getString("resource"), row.getString("resource_id"), row.getString("patient_id"),
                        row.getString("request_id"), row.getInteger("outcome")));
            }
            return records;
        });
    }

    /**
     * Every service's rows about the patient and what other {@link AuditSource}s keep of them (their logins), oldest
     * first; each gives at most its newest {@code limit}.
     */
    public Uni<List<AuditRecord>> merged(String patientId, int limit) {
        Uni<Queries.Answers<List<AuditRecord>>> fromServices = queries.askEach(services, QuestionType.AUDIT,
                write(new Question(patientId, limit)), timeout, () -> own(patientId, limit),
                answer -> read(answer, new TypeReference<List<AuditRecord>>() {
                }));
        List<Uni<List<AuditRecord>>> fromSources = new ArrayList<>();
        for (AuditSource source : sources) {
            fromSources.add(source.recordsOf(patientId, limit).ifNoItem().after(timeout).fail()
                    .onFailure().recoverWithItem((List<AuditRecord>) null));
        }
        Uni<List<List<AuditRecord>>> others = fromSources.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(fromSources).andFailFast();
        return Uni.combine().all().unis(fromServices, others).asTuple().map(both -> {
            List<String> missing = new ArrayList<>(both.getItem1().missing());
            List<AuditRecord> trail = new ArrayList<>();
            both.getItem1().answers().forEach(trail::addAll);
            for (int i = 0; i < sources.size(); i++) {
                List<AuditRecord> records = both.getItem2().get(i);
                if (records == null) {
                    missing.add(sources.get(i).name());
                } else {
                    trail.addAll(records);
                }
            }
            if (!missing.isEmpty()) {
                throw new IncompleteException(missing);
            }
            trail.sort(Comparator.comparing(AuditRecord::at).thenComparing(AuditRecord::service));
            return trail;
        });
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(byte[] json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("An unreadable audit answer", e);
        }
    }
}
