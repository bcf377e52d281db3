package clinic.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes the HTTP conventions every service shares into its OpenAPI document, so no resource has to repeat them
 * and none can forget one: every error is {@code application/problem+json}; an endpoint that needs a token
 * documents 401 and 403; one with a path parameter 404; every operation a {@code default} problem for what else
 * can go wrong (406, 415, 429 at the gateway...); a paged list ({@code page} and {@code size}, whole numbers
 * within {@link Paging}'s bounds) its {@code X-Total-Count} and {@code Link} headers; every response has a
 * description; every property of an answer is required (a generated client need not test for absence).
 */
public class ApiDocumentConventions implements OASFilter {

    public static final String ETAG = "ETag";
    public static final String LOCATION = "Location";
    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final String LINK = "Link";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final String COMPONENT_PREFIX = "#/components/schemas/";
    static final String PROBLEM_SCHEMA = COMPONENT_PREFIX + "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        commonHeaders(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> document(path, method, operation)));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> components = openAPI.getComponents().getSchemas();
            requireAnswerProperties(openAPI, components);
            components.values().forEach(schema -> inlineNullableReferences(schema, components));
        }
        feedTokenScheme(openAPI);
        removeUnused(openAPI);
    }

    /** The security scheme a route names when it also takes a calendar feed token ({@code ?feed_token=}). */
    public static final String FEED_TOKEN = "feedToken";

    /**
     * Declared here rather than by annotation: a scheme declared by annotation becomes the one Quarkus names on
     * every route with roles, in the place of the bearer token.
     */
    private static void feedTokenScheme(OpenAPI openAPI) {
        boolean named = openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .anyMatch(operation -> operation.getSecurity() != null && operation.getSecurity().stream()
                        .anyMatch(requirement -> requirement.hasScheme(FEED_TOKEN)));
        if (!named) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(FEED_TOKEN, OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.APIKEY)
                .in(org.eclipse.microprofile.openapi.models.security.SecurityScheme.In.QUERY).name("feed_token")
                .description("A calendar feed token (POST /appointments/calendar-feeds): reads the one calendar"
                        + " it was made for, and nothing else"));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (secured) {
            addIfMissing(responses, "401", "No valid bearer token (missing, expired, or not from the clinic's"
                    + " identity provider)");
            addIfMissing(responses, "403", "The token's role may not do this");
        }
        if (path.contains("{")) {
            addIfMissing(responses, "404", "No such resource, or one the caller may not see");
        }
        if (hasParameters(operation) || operation.getRequestBody() != null) {
            addIfMissing(responses, "400", "Invalid input; the problem names each bad field");
        }
        addIfMissing(responses, APIResponses.DEFAULT, "Any other error, e.g. 406, 413, 415, or 429 at the gateway");
        if (isPaged(operation)) {
            typePaging(operation);
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                header(ok, TOTAL_COUNT);
                header(ok, LINK);
            }
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            String status = entry.getKey();
            APIResponse response = entry.getValue();
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(reason(status));
            }
            if (isError(status) && response.getRef() == null) {
                problemContent(response);
            }
        }
    }

    private static boolean hasParameters(Operation operation) {
        return operation.getParameters() != null && !operation.getParameters().isEmpty();
    }

    private static boolean isPaged(Operation operation) {
        if (!hasParameters(operation)) {
            return false;
        }
        boolean page = false;
        boolean size = false;
        for (Parameter parameter : operation.getParameters()) {
            page |= "page".equals(parameter.getName());
            size |= "size".equals(parameter.getName());
        }
        return page && size;
    }

    /** The resources take page and size as text, to name a bad one in their own words; a client sends numbers. */
    private static void typePaging(Operation operation) {
        for (Parameter parameter : operation.getParameters()) {
            if ("page".equals(parameter.getName())) {
                parameter.setSchema(integerSchema().minimum(BigDecimal.ONE).defaultValue(1));
                describeIfMissing(parameter, "The page, from 1");
            } else if ("size".equals(parameter.getName())) {
                parameter.setSchema(integerSchema().minimum(BigDecimal.ONE)
                        .maximum(new BigDecimal(Paging.MAX_SIZE)).defaultValue(Integer.valueOf(Paging.DEFAULT_SIZE)));
                describeIfMissing(parameter, "Items per page");
            }
        }
    }

    private static void describeIfMissing(Parameter parameter, String description) {
        if (parameter.getDescription() == null || parameter.getDescription().isBlank()) {
            parameter.setDescription(description);
        }
    }

    /**
     * Every property of a schema an answer carries is in every answer: the services' JSON writes a null as
     * {@code null} and leaves nothing out. So each schema reachable from a 2xx answer, and not from a request
     * body (where a field may be left out), requires all its properties unless it lists its own.
     */
    private static void requireAnswerProperties(OpenAPI openAPI, Map<String, Schema> components) {
        Set<String> answers = new HashSet<>();
        Set<String> requests = new HashSet<>();
        operations(openAPI).forEach(op -> {
            schemas(requestContent(op)).forEach(schema -> collect(schema, requests));
            op.getResponses().getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    schemas(response.getContent()).forEach(schema -> collect(schema, answers));
                }
            });
        });
        close(answers, components);
        close(requests, components);
        answers.removeAll(requests);
        for (String ref : answers) {
            Schema schema = components.get(ref.substring(COMPONENT_PREFIX.length()));
            if (schema != null && schema.getProperties() != null && !schema.getProperties().isEmpty()
                    && (schema.getRequired() == null || schema.getRequired().isEmpty())) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        }
    }

    /** Adds the schemas the named ones refer to, until nothing new turns up. */
    private static void close(Set<String> used, Map<String, Schema> schemas) {
        int before;
        do {
            before = used.size();
            for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
                if (used.contains(COMPONENT_PREFIX + entry.getKey())) {
                    collect(entry.getValue(), used);
                }
            }
        } while (used.size() > before);
    }

    private static boolean isError(String status) {
        return APIResponses.DEFAULT.equals(status) || status.startsWith("4") || status.startsWith("5");
    }

    private static void addIfMissing(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /** Errors are problem details whatever a resource declared: a 4xx answered as JSON would be a bug. */
    private static void problemContent(APIResponse response) {
        Content content = response.getContent();
        if (content != null && content.hasMediaType(Problem.MEDIA_TYPE)) {
            return;
        }
        Schema schema = OASFactory.createSchema().ref(PROBLEM_SCHEMA);
        if (content != null && content.getMediaTypes() != null) {
            for (var media : content.getMediaTypes().values()) {
                if (media.getSchema() != null) {
                    schema = media.getSchema();
                }
            }
        }
        response.setContent(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(schema)));
    }

    private static void header(APIResponse response, String name) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
            response.addHeader(name, OASFactory.createHeader().ref(name));
        }
    }

    /** The headers the services answer with, for resources to refer to as {@code @Header(name = X, ref = X)}. */
    private static void commonHeaders(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        var components = openAPI.getComponents();
        components.addHeader(ETAG, OASFactory.createHeader().description("The version, for If-Match")
                .schema(stringSchema().addExample("\"3\"")));
        components.addHeader(LOCATION, OASFactory.createHeader().description("Where the new resource is")
                .schema(stringSchema()));
        components.addHeader(TOTAL_COUNT, OASFactory.createHeader().description("How many items match, over all"
                + " pages").schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int64")));
        components.addHeader(LINK, OASFactory.createHeader().description("RFC 8288 links to the first, previous,"
                + " next and last pages").schema(stringSchema()));
        components.addHeader(PREFERENCE_APPLIED, OASFactory.createHeader().description("wait=N when the answer"
                + " waited as Prefer asked").schema(stringSchema().addExample("wait=5")));
        components.addHeader(IDEMPOTENT_REPLAYED, OASFactory.createHeader().description("true when an"
                + " Idempotency-Key replayed an earlier answer").schema(stringSchema().addExample("true")));
    }

    /**
     * A nullable property that refers to another schema is written out in place. In an OpenAPI 3.0 document the
     * reference would sit in an {@code allOf} beside {@code nullable: true}, and validators hold {@code null} to
     * the {@code allOf}, which refuses it: a client would be told {@code "status_reason": null} is invalid.
     */
    private static void inlineNullableReferences(Schema schema, Map<String, Schema> components) {
        if (schema.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> {
            List<Schema> alternatives = new ArrayList<>();
            if (property.getAnyOf() != null) {
                alternatives.addAll(property.getAnyOf());
            }
            if (property.getAllOf() != null) {
                alternatives.addAll(property.getAllOf());
            }
            boolean nullable = (property.getType() != null && property.getType().contains(Schema.SchemaType.NULL))
                    || alternatives.stream().anyMatch(a -> a.getType() != null
                            && a.getType().equals(List.of(Schema.SchemaType.NULL)));
            List<Schema> references = alternatives.stream().filter(a -> a.getRef() != null).toList();
            if (!nullable || references.size() != 1) {
                return property;
            }
            Schema target = components.get(references.get(0).getRef().substring(COMPONENT_PREFIX.length()));
            if (target == null) {
                return property;
            }
            Schema inline = OASFactory.createSchema();
            inline.setAll(new LinkedHashMap<>(target.getAll()));
            List<Schema.SchemaType> types = new ArrayList<>(target.getType() == null ? List.of() : target.getType());
            types.add(Schema.SchemaType.NULL);
            inline.setType(types);
            if (property.getDescription() != null) {
                inline.setDescription(property.getDescription());
            }
            return inline;
        });
        // The model hands out an unmodifiable view of the properties.
        schema.setProperties(properties);
        // An object written out in place (a nested record) has properties of its own to go through.
        properties.values().forEach(property -> inlineNullableReferences(property, components));
    }

    /**
     * Drops the schemas and headers nothing refers to: those written out in place above, and those of classes
     * scanned from shared jars that this service's API does not use.
     */
    private static void removeUnused(OpenAPI openAPI) {
        var components = openAPI.getComponents();
        Set<String> used = new HashSet<>();
        operations(openAPI).forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> collect(p.getSchema(), used));
            }
            schemas(requestContent(op)).forEach(schema -> collect(schema, used));
            op.getResponses().getAPIResponses().values().forEach(response -> {
                schemas(response.getContent()).forEach(schema -> collect(schema, used));
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(h -> {
                        if (h.getRef() != null) {
                            used.add(h.getRef());
                        }
                    });
                }
            });
        });
        close(used, components.getSchemas() == null ? Map.of() : components.getSchemas());
        if (components.getSchemas() != null) {
            new ArrayList<>(components.getSchemas().keySet()).stream()
                    .filter(name -> !used.contains(COMPONENT_PREFIX + name)).forEach(components::removeSchema);
        }
        if (components.getHeaders() != null) {
            new ArrayList<>(components.getHeaders().keySet()).stream()
                    .filter(name -> !used.contains("#/components/headers/" + name)).forEach(components::removeHeader);
        }
    }

    private static Stream<Operation> operations(OpenAPI openAPI) {
        return openAPI.getPaths().getPathItems().values().stream().flatMap(item -> item.getOperations().values()
                .stream());
    }

    private static Content requestContent(Operation operation) {
        return operation.getRequestBody() == null ? null : operation.getRequestBody().getContent();
    }

    /** The schemas of a request's or an answer's media types (none without content). */
    private static Stream<Schema> schemas(Content content) {
        return content == null || content.getMediaTypes() == null ? Stream.empty()
                : content.getMediaTypes().values().stream().map(media -> media.getSchema());
    }

    private static void collect(Schema schema, Set<String> used) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            used.add(schema.getRef());
        }
        collect(schema.getItems(), used);
        collect(schema.getAdditionalPropertiesSchema(), used);
        for (List<Schema> group : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(s -> collect(s, used));
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> collect(s, used));
        }
    }

    private static Schema integerSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32");
    }

    private static Schema stringSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static String reason(String status) {
        return switch (status) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "204" -> "No content";
            case "304" -> "Not modified";
            case "400" -> "Invalid input";
            case "401" -> "No valid bearer token";
            case "403" -> "Not allowed for this role";
            case "404" -> "Not found";
            case "409" -> "Conflict";
            case "412" -> "If-Match names an older version";
            case "413" -> "Request body too large";
            case "422" -> "Not processable";
            case "429" -> "Too many requests";
            default -> "Status " + status;
        };
    }
}
