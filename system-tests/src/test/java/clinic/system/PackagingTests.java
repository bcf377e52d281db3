package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What a Docker user runs and what a native build compiles, checked where no Docker engine or GraalVM runs:
 * the compose file as data, the Dockerfiles it names, and the reflection configuration of the native-image
 * sources that {@code ./clinic test} generates.
 */
class PackagingTests {

    private static final Path ROOT = Stack.projectRoot();
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("appointment", 8081, "patient-contact", 8082,
            "doctor-availability", 8083, "notifications", 8084);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    @Test
    void composeRunsTheWholeStackWithHealthChecksEverywhere() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertEquals(List.of("postgres", "nats", "keycloak", "keycloak-permissions", "migrate-appointment",
                "migrate-doctor-availability",
                "migrate-patient-contact", "migrate-notifications", "appointment", "doctor-availability",
                "patient-contact", "notifications", "nginx"), new ArrayList<>(services.keySet()));
        services.forEach((name, service) -> {
            assertTrue(service.containsKey("restart"), name + " has a restart policy");
            assertTrue(service.containsKey("mem_limit"), name + " has a memory limit");
            if (name.startsWith("migrate-") || name.equals("keycloak-permissions")) {
                assertEquals("no", service.get("restart"), name + " runs once");
            } else {
                assertTrue(service.containsKey("healthcheck"), name + " has a health check");
            }
        });
    }

    /** Only the gateway is published; NATS monitoring and Keycloak on request, on the host's loopback only. */
    @Test
    @SuppressWarnings("unchecked")
    void onlyTheGatewayIsPublishedAndMonitoringOnRequestOnLoopback() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertTrue(((List<?>) services.get("nginx").get("ports")).stream().anyMatch(p -> p.toString().endsWith(":86")));
        services.forEach((name, service) -> assertTrue(name.equals("nginx") || !service.containsKey("ports"),
                name + " is not published"));
        assertTrue(((List<?>) services.get("nats").get("command")).contains("-js"), "JetStream is on");
        Map<String, Map<String, Object>> exposed;
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.expose.yml"))) {
            exposed = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(in).get("services");
        }
        assertEquals(java.util.Set.of("nats", "keycloak"), exposed.keySet());
        exposed.forEach((name, service) -> ((List<?>) service.get("ports")).forEach(port -> assertTrue(
                port.toString().startsWith("127.0.0.1:"), name + " is published on loopback only: " + port)));
        assertTrue(((List<?>) exposed.get("nats").get("ports")).get(0).toString().endsWith(":8222"));
    }

    /**
     * Least privilege in compose as in ./clinic up: each service holds its own database role and NATS key (and no
     * other's), its database is migrated by a one-shot run as the owner before it starts, and NATS takes only the
     * users generated from the event catalogue.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachServiceHoldsItsOwnRoleAndKeyAndIsMigratedByItsOwnerFirst() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (String service : SERVICE_PORTS.keySet()) {
            String prefix = Stack.databaseEnvironmentPrefix(service);
            Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
            assertEquals("clinic_" + service.replace('-', '_'), environment.get(prefix + "_USER"));
            environment.keySet().forEach(name -> assertFalse(name.contains("OWNER") || name.startsWith("QUARKUS_FLYWAY")
                    || (name.endsWith("_DB_PASSWORD") && !name.equals(prefix + "_PASSWORD")), service + " holds " + name));
            List<Map<String, String>> secrets = (List<Map<String, String>>) services.get(service).get("secrets");
            assertEquals(List.of(Map.of("source", "nats-" + service, "target", "nats-key")), secrets);
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(service)
                    .get("depends_on");
            assertEquals("service_completed_successfully", dependsOn.get("migrate-" + service).get("condition"));
            Map<String, Object> migrate = (Map<String, Object>) services.get("migrate-" + service).get("environment");
            assertEquals("clinic_" + service.replace('-', '_') + "_owner", migrate.get("QUARKUS_FLYWAY_USERNAME"));
            assertEquals("true", migrate.get("QUARKUS_INIT_AND_EXIT"));
        }
        String nats = Files.readString(ROOT.resolve("docker/nats/nats.conf"));
        assertTrue(nats.contains("include authorization.conf"), "NATS takes the generated users only");
        assertTrue(((List<String>) services.get("nats").get("volumes")).stream()
                .anyMatch(v -> v.contains("authorization.conf")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsBuiltNativeFromAnExistingDockerfileAndWaitsForItsDependencies() throws IOException {
        for (Map.Entry<String, Integer> entry : SERVICE_PORTS.entrySet()) {
            Map<String, Object> service = services().get(entry.getKey());
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            Path context = ROOT.resolve((String) build.get("context")).normalize();
            Path dockerfile = context.resolve((String) build.get("dockerfile"));
            assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
            assertTrue(dockerfile.toString().endsWith("Dockerfile.native"));
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("mandrel"), "built with Mandrel");
            assertTrue(text.contains("USER 1001"), "runs as a non-root user");
            assertTrue(text.contains("EXPOSE " + entry.getValue()));
            assertTrue(Files.isRegularFile(ROOT.resolve(entry.getKey()).resolve("src/main/docker/Dockerfile.jvm")));
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            assertEquals(Integer.toString(entry.getValue()), environment.get("QUARKUS_HTTP_PORT"));
            assertEquals("nats://nats:4222", environment.get("NATS_URL"));
            assertEquals("postgres", environment.get("CLINIC_DB_HOST"));
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            assertEquals("service_healthy", dependsOn.get("postgres").get("condition"));
            assertEquals("service_healthy", dependsOn.get("nats").get("condition"));
        }
    }

    /** Maven refuses a reactor whose modules' POMs are missing: an image's build copies every one it lists. */
    @Test
    void everyImageThatBuildsWithTheParentPomCopiesEveryModulesPom() throws IOException {
        var modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml"))).results().map(m -> m.group(1)).toList();
        assertTrue(modules.contains("deadletters"), modules.toString());
        List<Path> dockerfiles = new ArrayList<>(List.of(ROOT.resolve("nginx/Dockerfile")));
        for (String service : SERVICE_PORTS.keySet()) {
            dockerfiles.add(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.native"));
        }
        for (Path dockerfile : dockerfiles) {
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("COPY pom.xml ./"), dockerfile + " builds with the parent POM");
            for (String module : modules) {
                assertTrue(text.contains("COPY " + module + "/pom.xml " + module + "/"), dockerfile + " copies "
                        + module + "/pom.xml");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGatewayUsesTheSameTemplateWithEveryVariableSet() throws IOException {
        Map<String, Object> nginx = services().get("nginx");
        List<String> volumes = (List<String>) nginx.get("volumes");
        for (String volume : volumes) {
            Path source = ROOT.resolve(volume.split(":")[0]).normalize();
            assertTrue(Files.exists(source), source + " exists");
        }
        // The event catalogue's page is build output: the gateway's image makes it from the sources.
        Map<String, Object> build = (Map<String, Object>) nginx.get("build");
        String dockerfile = Files.readString(ROOT.resolve((String) build.get("dockerfile")));
        assertTrue(dockerfile.contains("/build/eventbus/target/event-docs.js /etc/nginx/event-docs.js"), dockerfile);
        Map<String, Object> environment = (Map<String, Object>) nginx.get("environment");
        String template = Files.readString(ROOT.resolve("nginx/nginx.conf.template"));
        var placeholders = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+)}").matcher(template);
        while (placeholders.find()) {
            assertTrue(environment.containsKey(placeholders.group(1)), placeholders.group(1) + " is set for nginx");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void keycloakRunsTheRealmOfTheRepositoryWithSecretsFromTheEnvironmentOnly() throws IOException {
        Map<String, Object> keycloak = services().get("keycloak");
        List<String> volumes = (List<String>) keycloak.get("volumes");
        assertTrue(volumes.stream().anyMatch(v -> v.startsWith("./keycloak/clinic-realm.json:")), volumes.toString());
        assertTrue(Files.isRegularFile(ROOT.resolve("keycloak/clinic-realm.json")));
        Map<String, Object> environment = (Map<String, Object>) keycloak.get("environment");
        for (String secret : List.of("KC_BOOTSTRAP_ADMIN_PASSWORD", "CLINIC_DEMO_PASSWORD", "CLINIC_REGISTRATION_SECRET")) {
            assertTrue(environment.get(secret).toString().matches("\\$\\{[A-Z_]+:\\?.*}"),
                    secret + " must come from the environment: " + environment.get(secret));
        }
        String realm = Files.readString(ROOT.resolve("keycloak/clinic-realm.json"));
        assertTrue(realm.contains("\"${CLINIC_DEMO_PASSWORD}\""), "demo passwords are placeholders");
        assertTrue(realm.contains("\"${CLINIC_REGISTRATION_SECRET}\""), "the client secret is a placeholder");
        for (String service : SERVICE_PORTS.keySet()) {
            Map<String, Object> env = (Map<String, Object>) services().get(service).get("environment");
            assertTrue(env.get("CLINIC_OIDC_JWKS_URL").toString().startsWith("http://keycloak:8080/"), service);
        }
    }

    /** The first start of compose's PostgreSQL makes the roles and databases with ./clinic's own SQL. */
    @Test
    void thePostgresInitScriptMakesTheRolesAndDatabasesWithTheSameSql() throws IOException {
        String init = Files.readString(ROOT.resolve("docker/postgres/init.sh"));
        for (String database : List.of("appointment", "doctor_availability", "patient_contact", "notifications")) {
            assertTrue(init.contains(database), database);
        }
        for (String script : List.of("login-role.sql", "owned-database.sql", "grant-connect.sql",
                "service-database.sql")) {
            assertTrue(init.contains(script), script);
            assertTrue(Files.isRegularFile(ROOT.resolve("scripts/database").resolve(script)), script);
        }
        assertTrue(init.contains("database=keycloak -v owner=clinic_keycloak"), "Keycloak's database has its own role");
    }

    /**
     * Every event payload and every REST DTO (the JSON records of a service's {@code rest} package: they carry
     * the snake_case {@code @JsonNaming}) must be registered for reflection, or Jackson cannot read or write it
     * in a native executable.
     */
    @ParameterizedTest
    @ValueSource(strings = { "appointment", "doctor-availability", "patient-contact", "notifications" })
    void theNativeReflectionConfigurationRegistersEveryPayloadAndDto(String service) throws Exception {
        Path sources = ROOT.resolve(service).resolve("target/native-sources");
        assumeTrue(Files.isDirectory(sources), "./clinic test generates the native-image sources first");
        String reflection;
        try (Stream<Path> files = Files.list(sources);
                JarFile runner = new JarFile(files.filter(p -> p.toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow().toFile())) {
            reflection = new String(runner.getInputStream(runner.getEntry("META-INF/native-image/reflect-config.json"))
                    .readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> required = new ArrayList<>(List.of("clinic.eventbus.payload.AppointmentEventData",
                "clinic.eventbus.payload.AvailabilityEventData", "clinic.eventbus.payload.PatientEventData",
                "clinic.eventbus.payload.NotificationEventData", "clinic.eventbus.payload.DeadLetterData",
                "clinic.eventbus.payload.Reason", "clinic.http.Problem", "clinic.http.Problem$FieldError"));
        required.addAll(restRecords(service));
        assertTrue(restRecords(service).size() > 0, "the service has REST DTOs");
        for (String type : required) {
            assertTrue(reflection.contains("\"" + type + "\""), type + " is registered for reflection in " + service);
        }
    }

    /** The JSON records among the compiled classes of the service's rest package. */
    private static List<String> restRecords(String service) throws Exception {
        Path classes = ROOT.resolve(service).resolve("target/classes");
        List<URL> path = new ArrayList<>(List.of(classes.toUri().toURL()));
        try (Stream<Path> libs = Files.walk(ROOT.resolve(service).resolve("target/quarkus-app/lib"))) {
            for (Path lib : libs.filter(p -> p.toString().endsWith(".jar")).toList()) {
                path.add(lib.toUri().toURL());
            }
        }
        List<String> records = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(path.toArray(URL[]::new), null);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")
                    && classes.relativize(p).toString().contains("/rest/")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = loader.loadClass(name);
                if (type.isRecord() && java.util.Arrays.stream(type.getAnnotations()).anyMatch(a -> a.annotationType()
                        .getName().equals("com.fasterxml.jackson.databind.annotation.JsonNaming"))) {
                    records.add(name);
                }
            }
        }
        return records;
    }
}
