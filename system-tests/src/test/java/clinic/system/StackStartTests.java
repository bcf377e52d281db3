package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;

/** The four packaged services start together, become ready, and agree on one stream catalogue. */
@ExtendWith(SharedStack.class)
class StackStartTests {

    private Stack stack;

    @BeforeEach
    void stack() {
        stack = SharedStack.get().stack();
    }

    @Test
    void everyServiceReportsReadyWithNatsAndDatabase() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : Stack.SERVICES) {
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(stack.instance(service).uri("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), service + ": " + ready.body());
            assertTrue(ready.body().contains("\"nats\""), service + " reports its NATS connection");
        }
    }

    @Test
    void servicesStartingTogetherCreateEachStreamOnce() throws Exception {
        try (Connection nats = Nats.connect(TestNats.url())) {
            var jsm = nats.jetStreamManagement();
            for (String stream : List.of("APPOINTMENTS", "AVAILABILITY", "PATIENTS", "NOTIFICATIONS", "DEADLETTER")) {
                StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
                assertEquals(1, config.getSubjects().size(), stream + " has one wildcard subject");
            }
        }
    }
}
