package clinic.notifications;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port for the test run; tests may stop and start it. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static ServerSetup setup;
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            setup = new ServerSetup(socket.getLocalPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(setup.getPort()));
    }

    @Override
    public void stop() {
        stopServer();
    }

    static synchronized int port() {
        return setup.getPort();
    }

    static synchronized GreenMail server() {
        return server;
    }

    static synchronized void startServer() {
        // The port may still be held a moment by whatever had it last (a stopped server, a test's own socket).
        for (int attempt = 1;; attempt++) {
            server = new GreenMail(setup);
            try {
                server.start();
                return;
            } catch (IllegalStateException e) {
                server.stop();
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static synchronized void stopServer() {
        if (server != null) {
            server.stop();
        }
    }
}
