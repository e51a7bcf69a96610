package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged command as users run it, {@code java -jar spool.jar} with no JVM options: it needs the jar,
 * so it runs after {@code package} (the surefire execution {@code packaged-jar} in this module's pom),
 * never in the {@code test} phase.
 */
class SpoolJarIT {

    private static final Path JAR = Path.of(System.getProperty("spool.jar", "target/spool.jar"));

    private static SpoolCli.Result javaJar(String... args) throws Exception {
        assertThat(JAR).as("the packaged jar; run `mvnw verify`, not `mvnw test`").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return SpoolCli.run(command, null, null, Map.of());
    }

    @Test
    void javaJar_jobRun_printsOutputAndNoRestrictedMethodWarning() throws Exception {
        SpoolCli.Result result = javaJar("echo", "hi", ":::", "x");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("hi x\n");
        assertThat(result.err()).as("the manifest's Enable-Native-Access: ALL-UNNAMED").isEmpty();
    }

    @Test
    void javaJar_exampleWithProcessWorkers_childJvmsFromTheJarRunWithoutWarnings() throws Exception {
        SpoolCli.Result result = javaJar("example", "threads-vs-processes");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("same results on both: true");
        assertThat(result.err()).as(result.toString()).isEmpty();
    }
}
