package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.AsyncApiDocument;
import clinic.eventbus.EventType;
import io.restassured.path.json.JsonPath;

/**
 * The documents the gateway serves, as a client's tools read them: every OpenAPI document (each service's and
 * the merged one) and the AsyncAPI document pass Redocly CLI's lint with the rules in redocly.yaml, and the
 * merged document holds every service's paths.
 */
@ExtendWith(SharedStack.class)
class ApiDocumentsTests {

    private static final Path OUT = Path.of("target", "documents");

    @Test
    void everyServedDocumentPassesRedoclyLint() throws Exception {
        Files.createDirectories(OUT);
        List<Path> documents = new ArrayList<>();
        for (String service : Stack.SERVICES) {
            documents.add(save("/openapi/" + service + "?format=json", service + ".openapi.json"));
        }
        documents.add(save("/openapi", "merged.openapi.json"));
        documents.add(save("/asyncapi", "asyncapi.json"));
        for (Path document : documents) {
            lint(document);
        }
    }

    @Test
    void theMergedDocumentHoldsEveryServicesPathsOnce() {
        JsonPath merged = given().baseUri(gateway()).get("/openapi").then().statusCode(200)
                .contentType(containsString("application/json")).extract().jsonPath();
        List<String> operationIds = new ArrayList<>();
        for (String service : Stack.SERVICES) {
            JsonPath own = given().baseUri(gateway()).queryParam("format", "json").get("/openapi/" + service)
                    .then().statusCode(200).extract().jsonPath();
            for (String path : own.<String, Object>getMap("paths").keySet()) {
                assertTrue(merged.getMap("paths").containsKey(path), service + "'s " + path + " is in /openapi");
            }
        }
        merged.getMap("paths").values().forEach(item -> ((Map<?, ?>) item).values()
                .forEach(op -> operationIds.add(String.valueOf(((Map<?, ?>) op).get("operationId")))));
        assertEquals(operationIds.size(), operationIds.stream().distinct().count(), "operation ids are unique");
    }

    @Test
    void theServedAsyncApiDocumentIsWhatTheEventCatalogueGenerates() throws Exception {
        String served = given().baseUri(gateway()).get("/asyncapi").then().statusCode(200).extract().asString();
        assertEquals(new ObjectMapper().readTree(served), AsyncApiDocument.generate(), "GET /asyncapi differs from"
                + " what clinic.eventbus.AsyncApiDocument generates from the catalogue: build eventbus again");
    }

    @Test
    void theEventPageListsEveryCataloguedEvent() {
        String page = given().baseUri(gateway()).get("/docs/events").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        for (EventType type : EventType.values()) {
            assertTrue(page.contains(type.subject()), "/docs/events lists " + type.subject());
        }
        JsonPath document = given().baseUri(gateway()).get("/asyncapi").then().statusCode(200)
                .contentType(containsString("application/json")).extract().jsonPath();
        assertEquals("3.0.0", document.getString("asyncapi"));
    }

    private static String gateway() {
        return SharedStack.get().gateway().baseUri();
    }

    private static Path save(String path, String name) throws IOException {
        String body = given().baseUri(gateway()).get(path).then().statusCode(200).extract().asString();
        Path file = OUT.resolve(name);
        Files.writeString(file, body, StandardCharsets.UTF_8);
        return file;
    }

    /** Redocly CLI (installed for the test run, pinned in scripts/lib.sh); its findings are the failure message. */
    private static void lint(Path document) throws Exception {
        String redocly = System.getenv("CLINIC_REDOCLY");
        assertTrue(redocly != null && Files.isExecutable(Path.of(redocly)),
                "CLINIC_REDOCLY names Redocly CLI; scripts/test-environment.sh installs it");
        Commands.Result lint = Commands.run(null, null, Map.of(), Duration.ofMinutes(2), redocly, "lint",
                "--config", "redocly.yaml", "--format", "stylish", document.toString());
        String output = lint.output();
        assertEquals(0, lint.status(), "redocly lint " + document + ":\n" + output);
        assertTrue(!output.contains(" warning "), "redocly lint " + document + " warns:\n" + output);
    }
}
