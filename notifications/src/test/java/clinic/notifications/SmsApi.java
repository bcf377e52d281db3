package clinic.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An HTTP server that speaks the Twilio Messages API as far as the SMS sender uses it: POST
 * /2010-04-01/Accounts/{sid}/Messages.json with Basic credentials and a form; 201 with a message resource, or the
 * statuses a test queues (401 for wrong credentials, as the real one).
 */
public class SmsApi implements QuarkusTestResourceLifecycleManager {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "test-auth-token";
    static final String FROM = "+15005550006";

    /** One message the API was asked to send: its form fields and its Authorization header. */
    record Received(Map<String, String> form, String authorization, String path) {
    }

    private static final List<Received> RECEIVED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Deque<Integer> ANSWERS = new ConcurrentLinkedDeque<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", SmsApi::handle);
        server.start();
        return Map.of("clinic.notifications.sms.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "clinic.notifications.sms.account-sid", ACCOUNT, "clinic.notifications.sms.auth-token", TOKEN,
                "clinic.notifications.sms.from", FROM);
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    /** The next answers, in order, before it accepts again. */
    static void answerNext(Integer... statuses) {
        ANSWERS.addAll(List.of(statuses));
    }

    /** The messages sent to the number so far. */
    static List<Received> sentTo(String number) {
        return RECEIVED.stream().filter(r -> number.equals(r.form().get("To"))).toList();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        try (InputStream body = exchange.getRequestBody()) {
            for (String pair : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        String path = exchange.getRequestURI().getPath();
        RECEIVED.add(new Received(form, authorization, path));
        Integer queued = ANSWERS.poll();
        int status = !expected.equals(authorization) ? 401
                : !path.equals("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")
                        || !"POST".equals(exchange.getRequestMethod()) ? 404
                        : queued != null ? queued : 201;
        String answer = status == 201
                ? "{\"sid\": \"SM" + Integer.toHexString(RECEIVED.size()) + "\", \"status\": \"queued\", \"to\": \""
                        + form.get("To") + "\"}"
                : "{\"code\": 21211, \"message\": \"The 'To' number " + form.get("To") + " is not a valid phone"
                        + " number.\", \"status\": " + status + "}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static List<Received> all() {
        return new ArrayList<>(RECEIVED);
    }
}
