package clinic.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tool the tests run (a checker from npm, Chromium, Maven, a script of the project): its output goes to a file
 * and is read once the tool ended, so a tool that hangs meets the time limit instead of blocking the read.
 */
final class Commands {

    record Result(int status, String output) {
    }

    private Commands() {
    }

    /** Runs the command in dir (the test's own when null), its output to the given file (a temporary one when null). */
    static Result run(Path dir, Path output, Map<String, String> environment, Duration limit, String... command)
            throws IOException, InterruptedException {
        Path log = output != null ? output : Files.createTempFile("command", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + limit + ":\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
