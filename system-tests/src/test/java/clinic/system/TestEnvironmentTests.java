package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What Maven runs before each module's tests (scripts/test-environment.sh), asked by another process while this
 * run's environment is up: it refuses, says which Maven run holds the checkout, and leaves nothing behind. (The
 * run itself is its success path: every test here runs in it.)
 */
class TestEnvironmentTests {

    private static final Path ROOT = Path.of(System.getProperty("clinic.project.root", "..")).toAbsolutePath()
            .normalize();
    private static final Path RUNS = ROOT.resolve(".clinic/test-runs");

    @Test
    void aSecondRunOnTheSameCheckoutIsRefusedAndLeavesNothingBehind() throws Exception {
        List<Path> before = runs();
        assertEquals(1, before.size(), "this Maven run's environment: " + before);

        // exec: the script's parent is this test's JVM, which is not the Maven process that holds the checkout.
        Commands.Result second = Commands.run(null, null, Map.of(), Duration.ofMinutes(2), "bash", "-c",
                "exec \"$0\" \"$@\"", ROOT.resolve("scripts/test-environment.sh").toString(),
                Path.of("").toAbsolutePath().toString(), "false", "false", ROOT.toString(), "");
        String output = second.output();

        assertEquals(1, second.status(), output);
        String owner = before.get(0).getFileName().toString().split("-")[0];
        assertTrue(output.contains("Maven process " + owner + " is running tests on this checkout"), output);
        assertEquals(before, runs(), "only this run's environment");
    }

    private static List<Path> runs() throws Exception {
        try (Stream<Path> runs = Files.list(RUNS)) {
            return runs.sorted().toList();
        }
    }
}
