package clinic.notifications.service;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import clinic.http.ICalendar;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * The SMTP boundary. A timeout ({@code clinic.notifications.smtp-timeout}) keeps a server that accepts and never
 * answers from holding a delivery round: the fault-tolerance {@code @Timeout} did not end such a send, so the
 * send itself gives up. The circuit breaker stops hammering a server that is down (the notification's own
 * attempts and backoff decide when to try again).
 */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;
    private final NotificationConfig config;

    public EmailSender(ReactiveMailer mailer, NotificationConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 10, delayUnit = ChronoUnit.SECONDS)
    /** Sends a text e-mail; an invitation (text/calendar) goes with it as {@code appointment.ics}. */
    public Uni<Void> send(String to, String subject, String text, String invitation) {
        Mail mail = Mail.withText(to, subject, text);
        if (invitation != null) {
            String method = invitation.contains("\r\nMETHOD:CANCEL\r\n") ? "CANCEL" : "REQUEST";
            mail.addAttachment("appointment.ics", invitation.getBytes(StandardCharsets.UTF_8),
                    ICalendar.MEDIA_TYPE + "; charset=utf-8; method=" + method);
        }
        return mailer.send(mail).ifNoItem().after(config.smtpTimeout()).fail();
    }
}
