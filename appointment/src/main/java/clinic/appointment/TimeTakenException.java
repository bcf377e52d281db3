package clinic.appointment;

import java.time.Instant;
import java.util.UUID;

/** The doctor already has an appointment overlapping the time asked for; {@code blocking} is it, when known. */
public class TimeTakenException extends RuntimeException {

    private final UUID blocking;

    public TimeTakenException(String doctorId, Instant start, UUID blocking) {
        super(blocking == null
                ? "Doctor " + doctorId + " already has an appointment overlapping " + start + "."
                : "Doctor " + doctorId + " already has appointment " + blocking + " overlapping " + start
                        + "; choose another time.");
        this.blocking = blocking;
    }

    public UUID blocking() {
        return blocking;
    }
}
