package clinic.eventbus;

import io.smallrye.common.vertx.ContextLocals;

/** What a handler may know of the delivery it is handling, kept in the message's own Vert.x context. */
public final class Delivery {

    private static final String ATTEMPT = "clinic.eventbus.delivery-attempt";

    private Delivery() {
    }

    static void begin(long attempt) {
        ContextLocals.put(ATTEMPT, attempt);
    }

    /** Which delivery of the event this is, from 1; 1 outside a consumer. */
    public static long attempt() {
        return ContextLocals.<Long>get(ATTEMPT).orElse(1L);
    }
}
