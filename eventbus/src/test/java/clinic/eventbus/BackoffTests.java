package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTests {

    private final Duration initial = Duration.ofSeconds(1);
    private final Duration max = Duration.ofSeconds(30);

    @Test
    void doublesPerDelivery() {
        assertEquals(Duration.ofSeconds(1), Backoff.after(1, initial, max));
        assertEquals(Duration.ofSeconds(2), Backoff.after(2, initial, max));
        assertEquals(Duration.ofSeconds(16), Backoff.after(5, initial, max));
    }

    @Test
    void isCappedAndNeverOverflows() {
        assertEquals(max, Backoff.after(6, initial, max));
        assertEquals(max, Backoff.after(63, initial, max));
        assertEquals(max, Backoff.after(Long.MAX_VALUE, initial, max));
    }

    @Test
    void treatsAnUnknownCountAsTheFirstDelivery() {
        assertEquals(initial, Backoff.after(0, initial, max));
    }
}
