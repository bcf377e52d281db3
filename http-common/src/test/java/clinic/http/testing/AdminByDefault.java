package clinic.http.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * A request a test sends without an {@code Authorization} header goes as an admin, so tests of behaviour other
 * than access need not repeat a token; tests of access set their own header, and {@link #ANONYMOUS} sends none.
 * Every request and answer is then held to the service's OpenAPI document ({@link DocumentedApi}).
 */
public class AdminByDefault implements QuarkusTestBeforeEachCallback {

    /** The Authorization value that makes a request go without any Authorization header. */
    public static final String ANONYMOUS = "anonymous (no header)";

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(new AddToken(Tokens.header(Tokens.admin())), new DocumentedApi());
    }

    static final class AddToken implements Filter {

        private final String admin;

        AddToken(String admin) {
            this.admin = admin;
        }

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            String given = request.getHeaders().getValue("Authorization");
            if (given == null) {
                request.header("Authorization", admin);
            } else if (given.equals(ANONYMOUS)) {
                request.removeHeader("Authorization");
            }
            return context.next(request, response);
        }
    }
}
