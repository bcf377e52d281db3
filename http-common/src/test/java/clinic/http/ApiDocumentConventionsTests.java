package clinic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** The conventions written into every service's document, on a document made for the test: no service needed. */
class ApiDocumentConventionsTests {

    @Test
    void everyPropertyOfAnAnswerIsRequiredButNotOfABodyNorOfASchemaThatSaysOtherwise() {
        OpenAPI document = document();
        new ApiDocumentConventions().filterOpenAPI(document);
        var schemas = document.getComponents().getSchemas();

        assertEquals(List.of("id", "child"), schemas.get("Thing").getRequired(), "an answer's own schema");
        assertEquals(List.of("name"), schemas.get("Child").getRequired(), "a schema an answer refers to");
        assertNull(schemas.get("NewThing").getRequired(), "a request body may leave fields out");
        assertNull(schemas.get("Shared").getRequired(), "a schema a request body uses too");
        assertEquals(List.of("kept"), schemas.get("Listed").getRequired(), "a schema with its own list");
    }

    @Test
    void aPagedListTakesPageAndSizeAsBoundedWholeNumbers() {
        OpenAPI document = document();
        new ApiDocumentConventions().filterOpenAPI(document);
        List<Parameter> parameters = document.getPaths().getPathItem("/things").getGET().getParameters();

        Schema page = parameters.get(0).getSchema();
        assertEquals(List.of(Schema.SchemaType.INTEGER), page.getType());
        assertEquals(BigDecimal.ONE, page.getMinimum());
        Schema size = parameters.get(1).getSchema();
        assertEquals(List.of(Schema.SchemaType.INTEGER), size.getType());
        assertEquals(new BigDecimal(Paging.MAX_SIZE), size.getMaximum());
        assertEquals(Integer.valueOf(Paging.DEFAULT_SIZE), size.getDefaultValue());
        assertEquals("Items per page", parameters.get(1).getDescription());
    }

    /** GET /things (paged) answers Thing, Shared and Listed; POST /things takes NewThing with Shared. */
    private static OpenAPI document() {
        var components = OASFactory.createComponents()
                .addSchema("Thing", object("id", "child").addProperty("child", ref("Child")))
                .addSchema("Child", object("name"))
                .addSchema("NewThing", object("name", "shared").addProperty("shared", ref("Shared")))
                .addSchema("Shared", object("note"))
                .addSchema("Listed", object("kept", "optional").required(List.of("kept")));
        Operation list = OASFactory.createOperation()
                .addParameter(query("page")).addParameter(query("size"))
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", answer(OASFactory.createSchema()
                        .addType(Schema.SchemaType.ARRAY).items(ref("Thing"))))
                        .addAPIResponse("201", answer(ref("Shared"))).addAPIResponse("202", answer(ref("Listed"))));
        Operation create = OASFactory.createOperation()
                .requestBody(OASFactory.createRequestBody().content(json(ref("NewThing"))))
                .responses(OASFactory.createAPIResponses().addAPIResponse("201", answer(ref("Thing"))));
        return OASFactory.createOpenAPI().components(components).paths(OASFactory.createPaths()
                .addPathItem("/things", OASFactory.createPathItem().GET(list).POST(create)));
    }

    private static Schema object(String... properties) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        for (String property : properties) {
            schema.addProperty(property, OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        }
        return schema;
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static Parameter query(String name) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static APIResponse answer(Schema schema) {
        return OASFactory.createAPIResponse().description("an answer").content(json(schema));
    }

    private static Content json(Schema schema) {
        return OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(schema));
    }
}
