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

    static synchronized GreenMail server() {
        return server;
    }

    static synchronized void startServer() {
        server = new GreenMail(setup);
        server.start();
    }

    static synchronized void stopServer() {
        if (server != null) {
            server.stop();
        }
    }
}
