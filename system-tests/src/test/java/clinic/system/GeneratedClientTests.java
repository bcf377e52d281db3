package clinic.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a client generated from the merged {@code /openapi} document can rely on: a TypeScript client
 * (openapi-typescript and openapi-fetch) compiles in strict mode against a scripted
 * day of calls ({@code src/test/typescript/journey.mts}: a doctor, working hours, a patient, free slots, a booking,
 * reads, a list with typed query parameters, a move under If-Match, a cancellation, history, notifications, a
 * problem), then runs it through the gateway; and so does a Java client (openapi-generator, java.net.http) built
 * with every warning an error against the same day ({@code src/test/java-client}), by a Maven run of its own.
 */
@ExtendWith(SharedStack.class)
class GeneratedClientTests {

    private static final Path SOURCES = Path.of("src", "test", "typescript");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path nodeModules;

    @BeforeAll
    static void tools() {
        String modules = System.getenv("CLINIC_NODE_MODULES");
        assertTrue(modules != null && Files.isDirectory(Path.of(modules, "openapi-fetch")),
                "CLINIC_NODE_MODULES names the Node tools (scripts/test-environment.sh installs them with npm)");
        nodeModules = Path.of(modules);
    }

    @Test
    void aTypeScriptClientOfTheDocumentCompilesStrictlyAndRunsADay() throws Exception {
        Path client = project("typescript-client", served());
        String compiled = run(client, Map.of(), tool("tsc"), "-p", ".");
        assertEquals("", compiled.strip(), "tsc --strict on the client of /openapi");
        String output = run(client, Map.of("CLINIC_GATEWAY", SharedStack.get().gateway().baseUri(),
                "CLINIC_STAFF_TOKEN", Identity.token("staff"), "CLINIC_PATIENT_TOKEN", Identity.token("patient"),
                "CLINIC_PATIENT_ID", "patient-123"), "node", "out/journey.mjs");
        assertTrue(output.contains("booked, moved, cancelled"), output);
    }

    @Test
    void aJavaClientOfTheDocumentCompilesWithoutWarningsAndRunsADay() throws Exception {
        Path client = Path.of("target", "java-client").toAbsolutePath();
        copyTree(Path.of("src", "test", "java-client"), client);
        Files.writeString(client.resolve("openapi.json"), JSON.writeValueAsString(served()), StandardCharsets.UTF_8);
        String quarkus = Pattern.compile("<quarkus.platform.version>([^<]+)<")
                .matcher(Files.readString(Path.of("..", "pom.xml"))).results().findFirst().orElseThrow().group(1);
        String output = run(client, Map.of("CLINIC_GATEWAY", SharedStack.get().gateway().baseUri(),
                "CLINIC_STAFF_TOKEN", Identity.token("staff"), "CLINIC_PATIENT_TOKEN", Identity.token("patient"),
                "CLINIC_PATIENT_ID", "patient-123"), Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-q", "-ntp", "-Dquarkus.platform.version=" + quarkus, "compile", "exec:java");
        assertTrue(output.contains("booked, moved, cancelled"), output);
    }

    /**
     * The compilation is what holds the document to account: from a copy that leaves every answer's fields optional
     * and the paging parameters text, the same script does not compile.
     */
    @Test
    void theSameScriptDoesNotCompileAgainstALooserDocument() throws Exception {
        JsonNode document = served();
        document.path("components").path("schemas").forEach(schema -> ((ObjectNode) schema).remove("required"));
        document.path("paths").forEach(item -> item.forEach(operation -> operation.path("parameters")
                .forEach(parameter -> {
                    if (parameter.path("name").asText().equals("size")) {
                        ((ObjectNode) parameter).putObject("schema").put("type", "string");
                    }
                })));
        Path client = project("typescript-client-loose", document);
        Commands.Result tsc = Commands.run(client, null, Map.of(), Duration.ofMinutes(5), tool("tsc"), "-p", ".");
        String output = tsc.output();
        assertNotEquals(0, tsc.status(), "tsc refuses the script against the looser document");
        assertTrue(output.contains("is possibly 'undefined'"), output);
        assertTrue(output.contains("Type 'number' is not assignable to type 'string'"), output);
    }

    private static JsonNode served() throws IOException {
        return JSON.readTree(given().baseUri(SharedStack.get().gateway().baseUri()).get("/openapi").then()
                .statusCode(200).extract().asString());
    }

    /** A folder with the script, its configuration, the types generated from the document and the Node tools. */
    private static Path project(String name, JsonNode document) throws Exception {
        Path dir = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("openapi.json"), JSON.writeValueAsString(document), StandardCharsets.UTF_8);
        for (String file : List.of("journey.mts", "tsconfig.json")) {
            Files.copy(SOURCES.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path link = dir.resolve("node_modules");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, nodeModules);
        String generated = run(dir, Map.of(), tool("openapi-typescript"), "openapi.json", "-o", "api.d.ts");
        assertTrue(Files.exists(dir.resolve("api.d.ts")), "openapi-typescript wrote api.d.ts:\n" + generated);
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String tool(String name) {
        return nodeModules.resolve(".bin").resolve(name).toString();
    }

    /** Runs a command in dir; its output, after it succeeded. */
    private static String run(Path dir, Map<String, String> environment, String... command) throws Exception {
        Commands.Result result = Commands.run(dir, null, environment, Duration.ofMinutes(5), command);
        assertEquals(0, result.status(), String.join(" ", command) + ":\n" + result.output());
        return result.output();
    }
}
