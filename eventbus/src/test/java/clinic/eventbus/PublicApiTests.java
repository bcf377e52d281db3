package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;

import clinic.eventbus.testing.ProductionClasses;

/** What a service may use of eventbus is small and written down: each public type is in the README's table. */
class PublicApiTests {

    @Test
    void everyPublicTypeIsDescribedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> undescribed = ProductionClasses.of("clinic.eventbus").stream()
                .filter(type -> type.getPackageName().equals("clinic.eventbus") && type.isTopLevelClass())
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName)
                .filter(name -> !readme.matches("(?s).*`" + name + "[`.#(].*"))
                .sorted().toList();
        assertEquals(List.of(), undescribed, "public types of clinic.eventbus missing from eventbus/README.md");
    }
}
