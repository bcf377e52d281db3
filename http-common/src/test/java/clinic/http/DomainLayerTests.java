package clinic.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

import clinic.http.testing.DomainLayer;

class DomainLayerTests {

    @Test
    void aServiceThatBuildsAProblemIsRefused() throws Exception {
        Class<?> speaksHttp = Class.forName("clinic.fixture.service.HttpSpeakingService");
        AssertionError refused = assertThrows(AssertionError.class,
                () -> DomainLayer.RULE.check(new ClassFileImporter().importClasses(speaksHttp)));
        assertTrue(refused.getMessage().contains("HttpSpeakingService"), refused.getMessage());
    }

    @Test
    void aServiceThatThrowsADomainExceptionPasses() throws Exception {
        DomainLayer.RULE.check(new ClassFileImporter()
                .importClasses(Class.forName("clinic.fixture.service.DomainSpeakingService")));
    }
}
