package clinic.eventbus.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The classes a module's structure rules are checked against. */
public final class ProductionClasses {

    private ProductionClasses() {
    }

    /** The production classes of {@code rootPackage}, found on the class path, tests left out; never none. */
    public static JavaClasses of(String rootPackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        if (classes.isEmpty()) {
            // A rule checked against nothing passes: a wrong package name must not.
            throw new AssertionError("no production classes found in " + rootPackage);
        }
        return classes;
    }
}
