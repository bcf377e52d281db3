package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
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

    /**
     * A service listens on loopback only unless told otherwise: from this machine's other addresses its port is
     * closed, so nothing reaches it but through the gateway (or a local operator).
     */
    @Test
    void everyServiceListensOnLoopbackOnly() throws Exception {
        List<InetAddress> outward = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                Collections.list(network.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                        .forEach(outward::add);
            }
        }
        Assumptions.assumeFalse(outward.isEmpty(), "this machine has no address but loopback");
        for (String service : Stack.SERVICES) {
            int port = stack.instance(service).port;
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            for (InetAddress address : outward) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 2000);
                    fail(service + " answers on " + address.getHostAddress() + ":" + port);
                } catch (ConnectException | java.net.SocketTimeoutException refused) {
                    // as it should be
                }
            }
        }
    }

    @Test
    void servicesStartingTogetherCreateEachStreamOnce() throws Exception {
        try (Connection nats = TestNats.connect()) {
            var jsm = nats.jetStreamManagement();
            for (String stream : List.of("APPOINTMENTS", "AVAILABILITY", "PATIENTS", "NOTIFICATIONS", "DEADLETTER")) {
                StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
                assertEquals(1, config.getSubjects().size(), stream + " has one wildcard subject");
            }
        }
    }
}
