package clinic.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import clinic.eventbus.testing.FreshStreams;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.restassured.specification.RequestSpecification;

/**
 * Starts the stack and its gateway once for every test class that uses this extension, and stops them after
 * the last test of the run.
 */
final class SharedStack implements BeforeAllCallback {

    private static Running running;

    record Running(Stack stack, Gateway gateway, GreenMail smtp, TraceCollector traces)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            gateway.close();
            stack.close();
            smtp.stop();
            traces.close();
        }
    }

    static Running get() {
        return running;
    }

    /** A request to the shared stack's gateway, as the demo admin (a token from the test Keycloak). */
    static RequestSpecification api() {
        return given().baseUri(running.gateway().baseUri()).header("Authorization", Identity.bearer("admin"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedStack.class) {
            if (running == null) {
                // The services start on empty streams, not on what the modules' tests published.
                FreshStreams.deleteAll();
                Identity.awaitReady(Duration.ofMinutes(4));
                GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                smtp.start();
                TraceCollector traces = TraceCollector.start();
                Stack stack = Stack.start(Map.of(
                        // Every trace is kept and exported to the tests' own OTLP receiver.
                        "CLINIC_TRACE_SAMPLE_RATIO", "1",
                        "CLINIC_OTLP_ENDPOINT", traces.endpoint(),
                        "CLINIC_OTLP_PROTOCOL", "http/protobuf",
                        "CLINIC_TRACE_SQL", "true",
                        // Each event handled is logged (with its trace id).
                        "QUARKUS_LOG_CATEGORY__CLINIC_EVENTBUS__LEVEL", "DEBUG",
                        "SMTP_ENABLED", "true",
                        "SMTP_HOST", "127.0.0.1",
                        "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                        "SMTP_START_TLS", "DISABLED",
                        // Reminders are looked for every second, so a test sees one fire within seconds.
                        "CLINIC_NOTIFICATIONS_REMINDER_POLL", "1s"));
                try {
                    running = new Running(stack, Gateway.start(stack), smtp, traces);
                } catch (Exception | Error e) {
                    stack.close();
                    smtp.stop();
                    traces.close();
                    throw e;
                }
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class, running);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
