package clinic.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookings, reschedules and cancellations through the gateway at a steady rate, each request recorded with its
 * answer: a status, or none (an error or a timeout: the outcome is unknown). Every booking has a time of its own,
 * so every booking should be confirmed; every booking carries an Idempotency-Key, so an unknown outcome can be
 * resolved afterwards by sending it again.
 */
final class ChaosLoad implements AutoCloseable {

    /** One request and what came of it; {@code status} 0 when no answer came. */
    record Op(String kind, String appointmentId, String key, String body, int status, String error, Instant at,
            Instant answered, boolean gatewayLostUpstream) {
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Instant BASE = Instant.parse("2032-01-05T00:00:00Z");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI gateway;
    private final String tag;
    private final int threads;
    private final Duration pause;
    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Op> ops = new CopyOnWriteArrayList<>();
    /** Accepted bookings not yet chosen for a reschedule or a cancellation. */
    private final List<String> untouched = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, String> doctorOf = new ConcurrentHashMap<>();

    ChaosLoad(URI gateway, String tag, int threads, double opsPerSecond) {
        this.gateway = gateway;
        this.tag = tag;
        this.threads = threads;
        this.pause = Duration.ofMillis((long) (1000 * threads / opsPerSecond));
        this.workers = Executors.newFixedThreadPool(threads);
    }

    void start() {
        running.set(true);
        for (int i = 0; i < threads; i++) {
            workers.submit(this::loop);
        }
    }

    List<Op> stop() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        return List.copyOf(ops);
    }

    private void loop() {
        while (running.get()) {
            long started = System.nanoTime();
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 15 && !untouched.isEmpty()) {
                cancel(take());
            } else if (roll < 30 && !untouched.isEmpty()) {
                reschedule(take());
            } else {
                book(next.getAndIncrement());
            }
            long left = pause.toNanos() - (System.nanoTime() - started);
            if (left > 0) {
                try {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private String take() {
        try {
            return untouched.remove(ThreadLocalRandom.current().nextInt(untouched.size()));
        } catch (IndexOutOfBoundsException taken) {
            return null;
        }
    }

    /** Ten doctors per run; a booking's hour is its own, so no two bookings ever overlap. */
    private void book(int n) {
        String doctor = "chaos-" + tag + "-doctor-" + (n % 10);
        Instant time = BASE.plus(n / 10, ChronoUnit.HOURS);
        String body = "{\"patient_id\":\"chaos-" + tag + "-patient-" + n + "\",\"doctor_id\":\"" + doctor
                + "\",\"appointment_time\":\"" + time + "\",\"duration_minutes\":30}";
        String key = tag + "-" + n;
        Op op = send("book", null, key, body, HttpRequest.newBuilder(gateway.resolve("/appointments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (op.status() == 201 && op.appointmentId() != null) {
            doctorOf.put(op.appointmentId(), doctor);
            untouched.add(op.appointmentId());
        }
    }

    /** A new time in the far half of the calendar, where no booking goes. */
    private void reschedule(String id) {
        if (id == null) {
            return;
        }
        Instant time = BASE.plus(3650, ChronoUnit.DAYS).plus(next.getAndIncrement(), ChronoUnit.HOURS);
        String body = "{\"appointment_time\":\"" + time + "\"}";
        send("reschedule", id, null, body, HttpRequest.newBuilder(gateway.resolve("/appointments/" + id))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void cancel(String id) {
        if (id == null) {
            return;
        }
        send("cancel", id, null, null, HttpRequest.newBuilder(gateway.resolve("/appointments/" + id)).DELETE());
    }

    private Op send(String kind, String id, String key, String body, HttpRequest.Builder request) {
        Instant at = Instant.now();
        Op op;
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15))
                    .header("Authorization", Identity.bearer("admin")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String appointment = id;
            if (appointment == null) {
                Matcher matcher = ID.matcher(response.body());
                appointment = matcher.find() ? matcher.group(1) : null;
            }
            // The gateway's own answer when the service closed or refused the connection (nginx's 502, told as
            // 503 problem+json): for a request in flight on a replica that was killed, its outcome is unknown.
            boolean lostUpstream = response.statusCode() == 503 && response.body().contains("is not answering");
            op = new Op(kind, appointment, key, body, response.statusCode(), null, at, Instant.now(), lostUpstream);
        } catch (Exception e) {
            op = new Op(kind, id, key, body, 0, e.toString(), at, Instant.now(), false);
        }
        ops.add(op);
        return op;
    }

    /**
     * Sends a booking whose outcome was unknown again, under its key: the answer says which appointment it is
     * (it was made then, or is made now), or that the request itself was refused.
     */
    Op resolve(Op unknown) {
        return send("book-again", null, unknown.key(), unknown.body(), HttpRequest.newBuilder(
                gateway.resolve("/appointments")).header("Content-Type", "application/json")
                .header("Idempotency-Key", unknown.key()).POST(HttpRequest.BodyPublishers.ofString(unknown.body())));
    }

    /** A booking of a time nobody else books, answered once confirmed (or after 2 s): for recovery time. */
    boolean probeConfirms() {
        String body = "{\"patient_id\":\"chaos-probe\",\"doctor_id\":\"chaos-probe-" + UUID.randomUUID()
                + "\",\"appointment_time\":\"" + BASE.plus(7300, ChronoUnit.DAYS) + "\"}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve("/appointments"))
                    .header("Content-Type", "application/json").header("Prefer", "wait=2")
                    .header("Authorization", Identity.bearer("admin")).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201 && response.body().contains("\"status\":\"confirmed\"");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        running.set(false);
        workers.shutdownNow();
    }
}
