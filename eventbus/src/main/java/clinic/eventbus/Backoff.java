package clinic.eventbus;

import java.time.Duration;

/** Retry delays (redeliveries, delivery attempts): doubling from the initial delay per attempt, capped. */
public final class Backoff {

    private Backoff() {
    }

    /** The delay before the next delivery after delivery number {@code deliveredCount} (1-based) failed. */
    public static Duration after(long deliveredCount, Duration initial, Duration max) {
        long attempt = Math.max(1, deliveredCount);
        if (attempt > 40) {
            return max;
        }
        long millis = initial.toMillis() << (attempt - 1);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
