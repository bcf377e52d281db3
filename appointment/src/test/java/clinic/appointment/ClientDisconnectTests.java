package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Clients that go away in the middle of a booking must not take the service with them: a transaction that has
 * begun ends with its commit or rollback, and its connection goes back to the pool.
 */
@QuarkusTest
class ClientDisconnectTests {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void bookingsStillWorkAfterManyClientsHungUpMidRequest() throws Exception {
        List<String> broken = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler watcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = String.valueOf(record.getMessage());
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                        && (message.contains("live transaction") || message.contains("non-threadsafe")
                                || message.contains("Failed to rollback"))) {
                    broken.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(watcher);
        try {
            hangUpMidRequest();
        } finally {
            Logger.getLogger("").removeHandler(watcher);
        }

        assertTrue(broken.isEmpty(), "transactions were cut off when their clients left: " + broken);
        // More bookings than the pool has connections: each needs one back from the hung-up requests.
        for (int i = 0; i < 40; i++) {
            book(patient(), doctor(), slot());
        }
    }

    private void hangUpMidRequest() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> hangUps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int wait = i % 20;
            hangUps.add(clients.submit(() -> {
                String body = "{\"patient_id\":\"" + patient() + "\",\"doctor_id\":\"" + doctor()
                        + "\",\"appointment_time\":\"" + slot() + "\"}";
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /appointments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(wait);
                }
                return null;
            }));
        }
        for (Future<?> hangUp : hangUps) {
            hangUp.get();
        }
        clients.shutdown();
        // Let the abandoned requests run to their end before looking at what they left behind.
        Thread.sleep(2000);
    }
}
