package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * {@code ./clinic deadletters} runs scripts/DeadLetterCommand.java against eventbus' classes: it must compile
 * against them, or the tool fails only when someone needs it.
 */
class DeadLetterCommandTests {

    @Test
    void theCommandCompilesAgainstEventbus() throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path out = Files.createTempDirectory("deadletters-command");
        StringWriter errors = new StringWriter();
        var task = compiler.getTask(errors, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                null, compiler.getStandardFileManager(null, null, null)
                        .getJavaFileObjects(Path.of("../scripts/DeadLetterCommand.java")));
        assertEquals(true, task.call(), errors.toString());
        assertTrue(Files.exists(out.resolve("DeadLetterCommand.class")));
    }
}
