package clinic.appointment.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.TransitionRefusedException;
import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.SafeContexts;
import clinic.http.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** A request waiting for its appointment to reach a state (Prefer: wait, the wait for a confirmation). */
@ApplicationScoped
public class StateWaits {

    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final AppointmentService appointments;
    private final ChangeSignals signals;
    private final AppointmentConfig config;
    private final Clock clock = Clock.systemUTC();

    public StateWaits(AppointmentService appointments, ChangeSignals signals, AppointmentConfig config) {
        this.appointments = appointments;
        this.signals = signals;
        this.config = config;
    }

    /** The state once the saga settled or {@code waitSeconds} ran out; at once without a wait. */
    public Uni<Appointment> settled(Appointment appointment, Integer waitSeconds) {
        if (waitSeconds == null || waitSeconds == 0 || appointment.settled()) {
            return Uni.createFrom().item(appointment);
        }
        return awaitState(appointment.id, Appointment::settled, Duration.ofSeconds(waitSeconds));
    }

    /**
     * A booking asked to be confirmed: the appointment once the saga confirmed it (waiting up to the configured
     * time), refused when it was rejected or is still waiting then.
     */
    public Uni<Appointment> confirmed(Appointment appointment) {
        if (appointment.status() == AppointmentStatus.CONFIRMED) {
            return Uni.createFrom().item(appointment);
        }
        Duration wait = config.confirmWait();
        return awaitState(appointment.id, a -> a.status() != AppointmentStatus.SCHEDULED, wait).map(a -> {
            if (a.status() == AppointmentStatus.CONFIRMED) {
                return a;
            }
            if (a.status() == AppointmentStatus.SCHEDULED) {
                throw new TransitionRefusedException("The doctor's availability has not confirmed this booking yet"
                        + " (waited " + wait.toSeconds() + " s); try again shortly.");
            }
            String why = a.statusReason() == null ? "" : ": " + a.statusReason().message();
            throw new TransitionRefusedException("The appointment cannot be confirmed; it is " + a.statusCode + why);
        });
    }

    /**
     * Waits until {@code done} holds for the appointment or the time is up, and answers its state then. Woken by
     * {@link ChangeSignals}; the state is read again after every signal, so a missed signal costs only time.
     */
    public Uni<Appointment> awaitState(UUID id, Predicate<Appointment> done, Duration timeout) {
        Context context = Vertx.currentContext();
        return awaitState(id, done, clock.instant().plus(timeout), SafeContexts.on(context));
    }

    private Uni<Appointment> awaitState(UUID id, Predicate<Appointment> done, Instant deadline, Executor executor) {
        CompletableFuture<Void> signal = signals.next(id);
        return appointments.find(id, Scope.EVERYONE).chain(appointment -> {
            Duration left = Duration.between(clock.instant(), deadline);
            if (done.test(appointment) || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(appointment);
            }
            // The state is read again at least every second: a signal lost with a NATS hiccup costs only that.
            Duration wait = left.compareTo(RECHECK) < 0 ? left : RECHECK;
            return Uni.createFrom().completionStage(signal)
                    .ifNoItem().after(wait).recoverWithItem((Void) null)
                    .emitOn(executor)
                    .chain(() -> awaitState(id, done, deadline, executor));
        })
                // Every round's signal is forgotten when the wait ends, however it ends (answered, failed, the
                // client gone): a waiter keeps the subscription through its rounds instead of making it again.
                .onTermination().invoke(() -> signals.forget(id, signal));
    }
}
