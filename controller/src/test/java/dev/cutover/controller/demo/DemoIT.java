package dev.cutover.controller.demo;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cutover demo --fast} through the launcher with the real worker (Spark), as CI runs it. The reactor
 * builds refine-worker before controller, and {@code package} wrote both modules' {@code target/classpath.txt};
 * {@code CUTOVER_NO_BUILD=1} keeps the launcher from calling Maven inside the build. The demo exits non-zero when
 * its I1-I3 check fails, which fails this test and the build.
 */
class DemoIT {

    /** Runs {@code ./cutover demo --fast [more]} into {@code target/<name>}; returns its output once it exited 0. */
    private static String demo(String name, String... more) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        for (String module : new String[] {"controller", "refine-worker"}) {
            assertThat(home.resolve(module).resolve("target/classpath.txt"))
                    .as(module + " must be packaged first (mvn -B verify builds the reactor in order)").exists();
        }
        Path state = Path.of("target", name).toAbsolutePath();
        Path output = Path.of("target", name + ".out").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(home.resolve("cutover").toString(),
                "demo", "--fast", "--state-dir", state.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CUTOVER_NO_BUILD", "1");
        Process demo = builder.start();
        boolean finished = demo.waitFor(12, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroyForcibly().waitFor();
        }
        String out = Files.readString(output);

        assertThat(finished).as("demo finished within 12 minutes; output:%n%s", out).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", out).isZero();
        return out;
    }

    @Test
    void fastDemoPromotesHoldsBackRollsBackAndProvesI1ToI3OnTheWarehouse() throws Exception {
        String out = demo("demo-it");
        Path state = Path.of("target", "demo-it").toAbsolutePath();
        assertThat(out).contains("I1-I3: OK for all")
                .contains("[auto-promoter] eventlogging_NavigationTiming: flag set to event")
                .contains("PREFLIGHT -> CUTOVER")
                .contains("CUTOVER -> PROMOTED")
                .contains("PROMOTED -> ROLLING_BACK")
                .contains("ROLLING_BACK -> SHADOW")
                .containsPattern("mediawiki\\.page-delete\\s+SHADOW\\s+legacy\\s+1\\s+-\\s+00:FAIL");
        assertThat(out).doesNotContain("[auto-promoter] mediawiki.page-delete");
        assertThat(state.resolve("controller").resolve("routes.journal")).exists();
        assertThat(new File(state.toFile(), "logs")).isDirectory();
    }

    @Test
    void theDemoRunsWithRoutesAuditAndReportsOnAnInProcessKafkaBroker() throws Exception {
        String out = demo("demo-kafka-it", "--kafka");
        assertThat(out).contains("Kafka: in-process KRaft broker at")
                .contains("(active; route log: kafka ")
                .contains("its reports go to the Kafka reports topic")
                .contains("CUTOVER -> PROMOTED")
                .contains("ROLLING_BACK -> SHADOW")
                .contains("I1-I3: OK for all");
        assertThat(Path.of("target", "demo-kafka-it", "controller", "routes.journal")).doesNotExist();
    }
}
