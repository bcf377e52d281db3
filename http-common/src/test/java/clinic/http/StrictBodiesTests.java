package clinic.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

import clinic.http.testing.StrictBodies;

class StrictBodiesTests {

    @Test
    void aResourceThatReadsItsBodyAsATreeIsRefusedTwice() throws Exception {
        var lenient = new ClassFileImporter().importClasses(Class.forName("clinic.fixture.rest.LenientResource"));
        AssertionError unannotated = assertThrows(AssertionError.class, () -> StrictBodies.READ_STRICTLY.check(lenient));
        assertTrue(unannotated.getMessage().contains("LenientResource"), unannotated.getMessage());
        AssertionError tree = assertThrows(AssertionError.class, () -> StrictBodies.NO_JSON_TREES.check(lenient));
        assertTrue(tree.getMessage().contains("JsonNode"), tree.getMessage());
    }

    @Test
    void aResourceWithARecordReadStrictlyPasses() throws Exception {
        var strict = new ClassFileImporter().importClasses(Class.forName("clinic.fixture.rest.StrictResource"));
        StrictBodies.READ_STRICTLY.check(strict);
        StrictBodies.NO_JSON_TREES.check(strict);
    }
}
