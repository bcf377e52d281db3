package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** The batch inbox statement: one insert for many ids, answering the ones seen for the first time. */
@QuarkusTest
class InboxTests {

    @Test
    void aBatchAnswersTheIdsSeenForTheFirstTimeEachOnce() throws Throwable {
        String consumer = "inbox-test-" + UUID.randomUUID();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();

        assertEquals(Set.of(a, b), record(consumer, List.of(a, b, a)));
        assertEquals(Set.of(c), record(consumer, List.of(b, c)));
        assertEquals(Set.of(), record(consumer, List.of(a, b, c)));
        // Another consumer has seen none of them.
        assertEquals(Set.of(a, c), record(consumer + "-other", List.of(a, c)));
    }

    private static Set<String> record(String consumer, List<String> ids) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(
                () -> Transactions.withTransaction(() -> Inbox.recordFirstDeliveries(consumer, ids)));
    }
}
