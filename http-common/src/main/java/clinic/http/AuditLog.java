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

    static final String INSERT = "insert into audit_log (service, subject, role, action, resource, resource_id,"
            + " patient_id, request_id, outcome) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
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
        List<Tuple> rows = new ArrayList<>(entries.size());
        for (Audit.Entry entry : entries) {
            rows.add(Tuple.tuple().addValue(service).addValue(subject).addValue(role).addValue(entry.action)
                    .addValue(entry.resource).addValue(entry.resourceId).addValue(entry.patientId)
                    .addValue(requestId).addValue(status));
        }
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Waiting(rows, Vertx.currentContext(), emitter));
            rounds.kick();
        });
    }

    /** Writes every row waiting, a group at a time, until none waits; one such round at a time. */
    private Uni<Void> writeWaiting() {
        List<Waiting> group = new ArrayList<>();
        List<Tuple> rows = new ArrayList<>();
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

    /** The rows of one batch commit together (one implicit transaction) or not at all. */
    private Uni<Void> write(List<Tuple> rows) {
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
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

    private record Waiting(List<Tuple> rows, Context context, UniEmitter<? super Void> emitter) {

        void complete(Throwable failure) {
            SafeContexts.on(context).execute(failure == null ? () -> emitter.complete(null) : () -> emitter.fail(failure));
        }
    }
}
