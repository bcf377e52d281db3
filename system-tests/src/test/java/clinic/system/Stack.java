package clinic.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jboss.logging.Logger;

import clinic.eventbus.testing.TestNats;

/**
 * The packaged services started together against the test PostgreSQL (their {@code *_test} databases, cleaned
 * and migrated by each database's owner in a step before) and the test run's NATS. The harness builds nothing: Maven packaged the
 * services before this module's tests run.
 */
final class Stack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Stack.class);
    static final List<String> SERVICES = List.of("appointment", "doctor-availability", "patient-contact",
            "notifications");

    private final Path root;
    private final Map<String, String> extraEnvironment;
    private final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();

    private Stack(Path root, Map<String, String> extraEnvironment) {
        this.root = root;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    static Path projectRoot() {
        String root = System.getProperty("clinic.project.root");
        return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
    }

    /**
     * Starts one instance of each service, all at once (start order must not matter), and waits until ready.
     * {@code extraEnvironment} goes to every service (e.g. the SMTP server of the run).
     */
    static Stack start(Map<String, String> extraEnvironment) throws Exception {
        Stack stack = new Stack(projectRoot(), extraEnvironment);
        try {
            stack.startAll(SERVICES, true);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** Starts one more instance of each named service, e.g. a second replica. */
    void startAll(List<String> services, boolean first) throws Exception {
        if (first) {
            migrateAll(services);
        }
        List<ServiceProcess> started = new ArrayList<>();
        for (String service : services) {
            List<ServiceProcess> replicas = instances.computeIfAbsent(service, s -> new ArrayList<>());
            String instance = service + "-" + (replicas.size() + 1);
            ServiceProcess process = ServiceProcess.start(root, service, instance, environment(service));
            replicas.add(process);
            started.add(process);
        }
        ExecutorService waiting = Executors.newFixedThreadPool(started.size());
        try {
            List<Future<Duration>> ready = new ArrayList<>();
            for (ServiceProcess process : started) {
                ready.add(waiting.submit(() -> process.awaitReady(Duration.ofSeconds(90))));
            }
            for (int i = 0; i < started.size(); i++) {
                LOG.infof("%s ready after %d ms", started.get(i).instance, ready.get(i).get().toMillis());
            }
        } finally {
            waiting.shutdownNow();
        }
    }

    /**
     * The migration step, all services at once: each database cleaned and migrated by its owner, as ./clinic up
     * does before it starts the services (which never get the owner's credentials).
     */
    private void migrateAll(List<String> services) throws Exception {
        ExecutorService migrating = Executors.newFixedThreadPool(services.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String service : services) {
                // What ./clinic up gives the step: the database and the owner's credentials, nothing else (no NATS
                // key, no identity settings), so a service that needs more to migrate fails here as it would there.
                Map<String, String> env = new HashMap<>();
                env.put("CLINIC_DATABASE", service.replace('-', '_') + "_test");
                String prefix = databaseEnvironmentPrefix(service);
                env.put("QUARKUS_FLYWAY_USERNAME", System.getenv(prefix + "_OWNER"));
                env.put("QUARKUS_FLYWAY_PASSWORD", System.getenv().getOrDefault(prefix + "_OWNER_PASSWORD", ""));
                // A clean schema for the run.
                env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
                env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
                done.add(migrating.submit(() -> {
                    ServiceProcess.migrate(root, service, env);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            migrating.shutdownNow();
        }
    }

    /** The environment a service is started with: its own database role, nothing of another's. */
    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>(extraEnvironment);
        env.put("NATS_URL", TestNats.url());
        if (TestNats.keys() != null) {
            // Its own NATS user, as in ./clinic up: the seed of its NKey, not the folder of everyone's.
            env.put("CLINIC_EVENTBUS_NATS_NKEY_FILE", TestNats.keys().resolve(service + ".nk").toString());
        }
        env.putAll(Identity.serviceEnvironment(service));
        env.put("CLINIC_DATABASE", service.replace('-', '_') + "_test");
        String prefix = databaseEnvironmentPrefix(service);
        for (String name : List.of(prefix + "_USER", prefix + "_PASSWORD")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** CLINIC_APPOINTMENT_DB, CLINIC_DOCTOR_AVAILABILITY_DB, ...: the prefix of a service's database settings. */
    static String databaseEnvironmentPrefix(String service) {
        return "CLINIC_" + service.replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_DB";
    }

    /** A replica that died is replaced by a new one of the same service (the gateway needs a reload). */
    void replace(ServiceProcess dead) throws Exception {
        List<ServiceProcess> replicas = instances.get(dead.service);
        int index = replicas.indexOf(dead);
        ServiceProcess process = ServiceProcess.start(root, dead.service, dead.instance + "r",
                environment(dead.service));
        replicas.set(index, process);
        process.awaitReady(Duration.ofSeconds(90));
    }

    ServiceProcess instance(String service) {
        return instances.get(service).get(0);
    }

    List<ServiceProcess> replicas(String service) {
        return instances.getOrDefault(service, List.of());
    }

    @Override
    public void close() throws InterruptedException {
        for (List<ServiceProcess> replicas : instances.values()) {
            for (ServiceProcess process : replicas) {
                process.close();
            }
        }
    }
}
