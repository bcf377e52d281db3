package clinic.notifications.service;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import clinic.notifications.config.NotificationConfig;
import io.smallrye.mutiny.Uni;

/**
 * The SMS boundary: a Twilio-style HTTP API ({@code POST {url}/2010-04-01/Accounts/{sid}/Messages.json}, form
 * fields To, From and Body, HTTP Basic with the account and its token; 2xx is accepted). The JDK's HTTP client, so
 * nothing more to carry into a native image. As for e-mail, a timeout ends a send the provider never answers and
 * the circuit breaker stops hammering a provider that is down; the notification's attempts decide when to retry.
 */
@ApplicationScoped
public class SmsSender {

    private final NotificationConfig.Sms config;
    private final HttpClient client;

    public SmsSender(NotificationConfig config) {
        this.config = config.sms();
        this.client = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /** Whether SMS can be sent at all: enabled, with an account, its token and a sender number. */
    public boolean configured() {
        return config.enabled() && config.accountSid().isPresent() && config.authToken().isPresent()
                && config.from().isPresent();
    }

    /** A provider's refusal: its status and what it said, the number left out. */
    public static class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> send(String to, String text) {
        if (!configured()) {
            return Uni.createFrom().failure(new RefusedException("SMS is not configured"));
        }
        String sid = config.accountSid().get();
        String credentials = Base64.getEncoder().encodeToString((sid + ":" + config.authToken().get())
                .getBytes(StandardCharsets.UTF_8));
        String form = "To=" + encode(to) + "&From=" + encode(config.from().get()) + "&Body=" + encode(text);
        String base = config.url().toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/2010-04-01/Accounts/"
                + URLEncoder.encode(sid, StandardCharsets.UTF_8) + "/Messages.json"))
                .timeout(config.timeout())
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return Uni.createFrom().completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .ifNoItem().after(config.timeout()).fail()
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new RefusedException("the SMS provider answered " + response.statusCode() + ": "
                                + Phones.withoutNumbers(abbreviated(response.body())));
                    }
                    return null;
                });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
