package clinic.appointment.service;

import java.util.function.Consumer;

import clinic.appointment.Appointment;

/**
 * How a booking, move or cancellation sooner than the doctor's notice is met: a patient's is refused; staff may
 * act sooner, and each time they do {@code overridden} is told (the resource audits it).
 */
public record Notice(boolean enforced, Consumer<Appointment> overridden) {

    /** Refused when too late: a patient's request. */
    public static final Notice ENFORCED = new Notice(true, appointment -> {
    });

    public static Notice overridable(Consumer<Appointment> overridden) {
        return new Notice(false, overridden);
    }
}
