package clinic.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.EventBusConfig;
import clinic.eventbus.SafeContexts;
import clinic.eventbus.SerialRounds;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends rows to the service's audit log with group commit: the rows of requests that arrive while a write is
 * under way wait for it and then go together, in one statement batch and one commit. Every request still
 * learns that its own rows are on disk before it answers; under load a commit (and its WAL flush) serves many
 * requests instead of one.
 */
@ApplicationScoped
public class AuditLog {

    /**
     * A group's rows as one statement: this service, and a column per array parameter unnested into rows (in order,
     * so ids follow the order the requests arrived in). One statement instead of one per row saves PostgreSQL a
     * parse, an executor start and a trigger check per row.
     */
    static final String INSERT = "insert into audit_log (service, subject, role, action, resource, resource_id,"
            + " patient_id, request_id, outcome) select $1::text, noted.* from unnest($2::text[], $3::text[],"
            + " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[]) as noted";
    /** The same, with named parameters, for a change's row inside its own transaction's session. */
    static final String INSERT_NAMED = "insert into audit_log (service, subject, role, action, resource, resource_id,"
            + " patient_id, request_id, outcome) values (:service, cast(:subject as text), cast(:role as text),"
            + " :action, :resource, cast(:resourceId as text), cast(:patientId as text), cast(:requestId as text),"
            + " :outcome)";
    /** Rows in one commit at most, so one write stays short. */
    private static final int MAX_ROWS = 500;

    private final Pool pool;
    private final String service;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final SerialRounds rounds;

    public AuditLog(Pool pool, EventBusConfig config, Vertx vertx) {
        this.pool = pool;
        this.service = config.service();
        this.rounds = new SerialRounds("Audit log", vertx, this::writeWaiting);
    }

    /**
     * Records what one request noted, with who asked and the status of the answer. Completes once the rows are
     * committed, on the caller's context; fails when they could not be.
     */
    public Uni<Void> append(List<Audit.Entry> entries, String subject, String role, String requestId, int status) {
        List<Row> rows = new ArrayList<>(entries.size());
        for (Audit.Entry entry : entries) {
            rows.add(new Row(subject, role, entry.action, entry.resource, entry.resourceId, entry.patientId,
                    requestId, status));
        }
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Waiting(rows, Vertx.currentContext(), emitter));
            rounds.kick();
        });
    }

    /** Writes every row waiting, a group at a time, until none waits; one such round at a time. */
    private Uni<Void> writeWaiting() {
        List<Waiting> group = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Waiting next;
        while (rows.size() < MAX_ROWS && (next = waiting.poll()) != null) {
            group.add(next);
            rows.addAll(next.rows());
        }
        if (group.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return write(rows).onItemOrFailure().invoke((done, failure) -> finish(group, failure))
                .onFailure().recoverWithNull()
                .chain(this::writeWaiting);
    }

    /** The rows of one group commit together (one statement, one implicit transaction) or not at all. */
    private Uni<Void> write(List<Row> rows) {
        int count = rows.size();
        String[] subjects = new String[count];
        String[] roles = new String[count];
        String[] actions = new String[count];
        String[] resources = new String[count];
        String[] resourceIds = new String[count];
        String[] patientIds = new String[count];
        String[] requestIds = new String[count];
        Integer[] outcomes = new Integer[count];
        for (int i = 0; i < count; i++) {
            Row row = rows.get(i);
            subjects[i] = row.subject();
            roles[i] = row.role();
            actions[i] = row.action();
            resources[i] = row.resource();
            resourceIds[i] = row.resourceId();
            patientIds[i] = row.patientId();
            requestIds[i] = row.requestId();
            outcomes[i] = row.outcome();
        }
        return pool.preparedQuery(INSERT).execute(Tuple.tuple().addString(service).addArrayOfString(subjects)
                .addArrayOfString(roles).addArrayOfString(actions).addArrayOfString(resources)
                .addArrayOfString(resourceIds).addArrayOfString(patientIds).addArrayOfString(requestIds)
                .addArrayOfInteger(outcomes)).replaceWithVoid();
    }

    /** One audit row, as a request noted it (the service is this one's). */
    private record Row(String subject, String role, String action, String resource, String resourceId,
            String patientId, String requestId, int outcome) {
    }

    private void finish(List<Waiting> group, Throwable failure) {
        if (failure != null && group.size() > 1 && !DatabaseErrors.isTransient(failure)) {
            // The database refused a row: one request's rows must not cost the others their answers, so each is
            // written alone again. (Not after a lost connection or an unavailable database: whether the batch
            // committed is unknown then, and writing it again could record an access twice.)
            for (Waiting one : group) {
                write(one.rows()).subscribe().with(done -> one.complete(null), one::complete);
            }
        } else {
            group.forEach(one -> one.complete(failure));
        }
    }

    private record Waiting(List<Row> rows, Context context, UniEmitter<? super Void> emitter) {

        void complete(Throwable failure) {
            SafeContexts.on(context).execute(failure == null ? () -> emitter.complete(null) : () -> emitter.fail(failure));
        }
    }
}
