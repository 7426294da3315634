package dev.cutover.demo;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's promise that {@code ./cutover} works on a fresh clone: the launcher builds what a command needs itself.
 * Regression: it built with {@code -Dmaven.test.skip=true}, which does not build the {@code commit} module's test jar
 * that refine-worker depends on, so every worker command (and {@code ./cutover demo}) failed on a fresh clone with
 * "Could not find artifact dev.cutover:commit:jar:tests"; CI never saw it because it builds everything first.
 */
class LauncherFreshCloneIT {

    @Test
    void aWorkerCommandBuildsAndRunsOnAFreshClone() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path clone = Path.of("target", "fresh-clone").toAbsolutePath();
        delete(clone);
        Process git = new ProcessBuilder("git", "clone", "-q", home.toString(), clone.toString())
                .redirectErrorStream(true).start();
        assertThat(git.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(git.exitValue()).as(new String(git.getInputStream().readAllBytes())).isZero();

        Path output = Path.of("target", "fresh-clone.out").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(List.of(clone.resolve("cutover").toString(), "generate", "--help"))
                .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("CUTOVER_NO_BUILD");
        Process launcher = builder.start();
        boolean finished = launcher.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            launcher.destroyForcibly().waitFor();
        }
        String out = Files.readString(output);

        assertThat(finished).as(out).isTrue();
        assertThat(launcher.exitValue()).as(out).isZero();
        assertThat(out).contains("cutover: building refine-worker").contains("--raw-dir");
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
