package clinic.http.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls to endpoints as a given caller, and the checks every service's access tests share. */
public final class Access {

    private Access() {
    }

    /** One request: method, path and JSON body (or null). */
    public record Call(String method, String path, Object body) {

        public static Call get(String path) {
            return new Call("GET", path, null);
        }

        public static Call delete(String path) {
            return new Call("DELETE", path, null);
        }

        public static Call post(String path, Object body) {
            return new Call("POST", path, body);
        }

        public static Call put(String path, Object body) {
            return new Call("PUT", path, body);
        }

        public Response as(String token) {
            return send(this, Tokens.header(token));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static Response send(Call call, String authorization) {
        RequestSpecification request = given().header("Authorization", authorization);
        if (call.body() != null) {
            request = request.contentType(ContentType.JSON).body(call.body());
        }
        return request.when().request(call.method(), call.path());
    }

    /**
     * Every call, with no token and with each forgery, answers 401 problem+json (an OperationOutcome under the FHIR
     * API) with a Bearer challenge; a valid token with no clinic role answers 403.
     */
    public static void assertRefusedWithoutAValidToken(List<Call> calls) {
        Map<String, String> tokens = new LinkedHashMap<>(Tokens.forgeries());
        tokens.put("no token", null);
        List<String> failures = new ArrayList<>();
        for (Call call : calls) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                Response response = send(call, token.getValue() == null ? AdminByDefault.ANONYMOUS
                        : Tokens.header(token.getValue()));
                String challenge = response.header("WWW-Authenticate");
                if (response.statusCode() != 401 || !isProblem(response) || challenge == null
                        || !challenge.startsWith("Bearer ")) {
                    failures.add(call + " with " + token.getKey() + ": " + response.statusCode() + " " + challenge
                            + " " + abbreviated(response.asString()));
                }
            }
            Response roleless = send(call, Tokens.header(Tokens.noRole()));
            if (roleless.statusCode() != 403 || !isProblem(roleless)) {
                failures.add(call + " with no clinic role: " + roleless.statusCode() + " "
                        + abbreviated(roleless.asString()));
            }
        }
        assertThat(String.join("\n", failures), failures, empty());
    }

    /**
     * An answer to a stranger holds none of another patient's details (id, name, e-mail, phone, ...): not in its
     * body, not in a header (but {@code Link}, whose URIs are the caller's own request with another page number).
     * Case is ignored, as a detail echoed in other case still tells.
     */
    public static void assertTellsNothingOf(String what, Response response, List<String> secrets) {
        StringBuilder answer = new StringBuilder(response.asString());
        response.headers().asList().stream().filter(header -> !header.getName().equalsIgnoreCase("Link"))
                .forEach(header -> answer.append('\n').append(header.getName()).append(": ")
                        .append(header.getValue()));
        String text = answer.toString().toLowerCase(java.util.Locale.ROOT);
        for (String secret : secrets) {
            assertThat(what + " tells " + secret, text.contains(secret.toLowerCase(java.util.Locale.ROOT)),
                    org.hamcrest.Matchers.is(false));
        }
    }

    /** A problem in the API's own form: problem+json, or under the FHIR API an OperationOutcome. */
    public static boolean isProblem(Response response) {
        String type = response.contentType();
        return type != null && (type.startsWith("application/problem+json") || type.startsWith("application/fhir+json")
                && "OperationOutcome".equals(response.jsonPath().getString("resourceType")));
    }

    public static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
