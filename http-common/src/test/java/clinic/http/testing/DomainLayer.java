package clinic.http.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

import clinic.eventbus.testing.ProductionClasses;

/**
 * The build's rule that a service's domain speaks no HTTP: its services, messaging and repositories throw domain
 * exceptions and return domain values; the resources and mappers of its {@code rest} package choose statuses and
 * problems. Each service module checks its own classes with {@link #check(String)}.
 */
public final class DomainLayer {

    public static final ArchRule RULE = noClasses()
            .that().resideInAnyPackage("..service..", "..messaging..", "..repository..")
            .should().dependOnClassesThat().haveFullyQualifiedName("clinic.http.ProblemException")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("clinic.http.Problem")
            .orShould().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("statuses are chosen by the rest package's resources and mappers, from domain exceptions")
            .allowEmptyShould(true);

    private DomainLayer() {
    }

    /** Checks the production classes of {@code rootPackage} (found on the class path, tests left out). */
    public static void check(String rootPackage) {
        RULE.check(ProductionClasses.of(rootPackage));
    }
}
