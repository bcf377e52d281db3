package clinic.notifications.service;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * The SMTP boundary. A timeout keeps a hanging server from holding a delivery round; the circuit breaker stops
 * hammering a server that is down (the notification's own attempts and backoff decide when to try again).
 * Values can be changed in configuration, e.g.
 * {@code quarkus.fault-tolerance."clinic.notifications.service.EmailSender/send".timeout.value=5000}.
 */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> send(String to, String subject, String text) {
        return mailer.send(Mail.withText(to, subject, text));
    }
}
