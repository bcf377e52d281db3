package clinic.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A contract suite made from the merged {@code /openapi} document alone by a third-party tool: Portman turns it
 * into a Postman collection with contract tests for every operation (a 2xx status, the documented content type, a
 * JSON body that matches the answer's schema, the documented headers) and newman runs it through the gateway. The
 * configuration kept in {@code src/test/portman} orders the calls and feeds the ids of the records the run creates
 * (a doctor, a patient, an appointment, a time off, an account) into the calls after them.
 */
@ExtendWith(SharedStack.class)
class ContractSuiteTests {

    private static final Path CONFIGURATION = Path.of("src", "test", "portman");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOperationOfTheDocumentPassesItsGeneratedContractTests() throws Exception {
        String modules = System.getenv("CLINIC_NODE_MODULES");
        assertTrue(modules != null && Files.isDirectory(Path.of(modules, "@apideck", "portman")),
                "CLINIC_NODE_MODULES names the Node tools (scripts/test-environment.sh installs them with npm)");
        String gateway = SharedStack.get().gateway().baseUri();
        Path dir = Path.of("target", "portman").toAbsolutePath();
        Files.createDirectories(dir);
        String document = given().baseUri(gateway).get("/openapi").then().statusCode(200).extract().asString();
        Files.writeString(dir.resolve("openapi.json"), document, StandardCharsets.UTF_8);
        try (var files = Files.list(CONFIGURATION)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // Every failure in one run (Portman's newman stops at the first by default), and a report to read them from.
        Files.writeString(dir.resolve("newman-options.json"), """
                {"abortOnFailure": false, "reporters": ["cli", "json"],
                 "reporter": {"json": {"export": "newman.json"}}}""");
        Files.deleteIfExists(dir.resolve("newman.json"));

        // Portman gives PORTMAN_* variables to the collection: {{bearerToken}}.
        Commands.Result portman = Commands.run(dir, dir.resolve("portman.out"),
                Map.of("PORTMAN_BEARER_TOKEN", Identity.token("admin")), Duration.ofMinutes(5),
                Path.of(modules, ".bin", "portman").toString(), "--local", "openapi.json", "--baseUrl", gateway,
                "--portmanConfigFile", "portman-config.json", "--output", "collection.json", "--runNewman", "true",
                "--newmanOptionsFile", "newman-options.json");
        String output = portman.output();

        Path report = dir.resolve("newman.json");
        assertTrue(Files.exists(report), "newman ran (target/portman/portman.out):\n" + tail(output));
        JsonNode run = JSON.readTree(report.toFile()).path("run");
        List<String> failures = new ArrayList<>();
        run.path("failures").forEach(failure -> failures.add(failure.path("source").path("name").asText() + ": "
                + failure.path("error").path("test").asText() + " " + failure.path("error").path("message").asText()));
        assertEquals(List.of(), failures, "the contract tests Portman made from /openapi");
        // Every operation called (the requests the suite's scripts send to make throwaway records count apart).
        Set<String> called = new HashSet<>();
        run.path("executions").forEach(execution -> called.add(execution.path("item").path("id").asText()));
        assertEquals(operations(JSON.readTree(document)), called.size(), "one call per operation of the document");
        assertTrue(run.path("stats").path("assertions").path("total").asInt() > 0, "contract tests ran");
        assertEquals(0, portman.status(), tail(output));
    }

    private static int operations(JsonNode document) {
        int count = 0;
        for (JsonNode item : document.path("paths")) {
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                count += item.has(method) ? 1 : 0;
            }
        }
        return count;
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
