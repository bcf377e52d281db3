package clinic.http.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import clinic.eventbus.testing.ProductionClasses;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

/**
 * The build's rule that every request body is one record with constraints, read strictly: a resource that takes
 * a body reads it with {@link StrictJson} (on its class), and no resource reads a body as a JSON tree to pick
 * apart by hand. Each service module checks its own classes with {@link #check(String)}.
 */
public final class StrictBodies {

    private static final DescribedPredicate<JavaClass> TAKE_BODIES = new DescribedPredicate<>("take request bodies") {
        @Override
        public boolean test(JavaClass resource) {
            return resource.getMethods().stream().anyMatch(method -> (method.isAnnotatedWith(POST.class)
                    || method.isAnnotatedWith(PUT.class) || method.isAnnotatedWith(PATCH.class))
                    && method.getRawParameterTypes().stream().noneMatch(StrictBodies::isFhirResource));
        }
    };

    /**
     * A body of a FHIR model type is read by HAPI's parser with its strict error handler (an element R4 does not
     * define is refused), not by Jackson.
     */
    private static boolean isFhirResource(JavaClass type) {
        return type.getPackageName().startsWith("org.hl7.fhir.");
    }

    private static final DescribedPredicate<JavaAnnotation<?>> STRICT =
            new DescribedPredicate<>("@CustomDeserialization(StrictJson.class)") {
        @Override
        public boolean test(JavaAnnotation<?> annotation) {
            return annotation.getRawType().isEquivalentTo(CustomDeserialization.class)
                    && annotation.get("value").map(value -> value instanceof JavaClass type
                            && type.isEquivalentTo(StrictJson.class)).orElse(false);
        }
    };

    public static final ArchRule READ_STRICTLY = classes()
            .that().areAnnotatedWith(Path.class).and().areNotInterfaces().and(TAKE_BODIES)
            .should().beAnnotatedWith(STRICT)
            .because("a body read leniently takes \"5\" for 5 and drops unknown fields")
            .allowEmptyShould(true);

    public static final ArchRule NO_JSON_TREES = noClasses()
            .that().areAnnotatedWith(Path.class).and().areNotInterfaces()
            .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.JsonNode")
            .because("a body is a record whose constraints the OpenAPI document shows, not a tree read by hand")
            .allowEmptyShould(true);

    private StrictBodies() {
    }

    /** Checks the production classes of {@code rootPackage} (found on the class path, tests left out). */
    public static void check(String rootPackage) {
        var classes = ProductionClasses.of(rootPackage);
        READ_STRICTLY.check(classes);
        NO_JSON_TREES.check(classes);
    }
}
