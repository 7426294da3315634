package dev.cutover.demo;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cutover demo --fast} through the launcher with the real worker (Spark), as CI runs it. The launcher runs
 * the demo on this module's {@code target/classes} plus its {@code target/classpath.txt} and the worker on
 * refine-worker's: the parent pom writes every module's {@code classpath.txt} at {@code package}, this test runs in
 * {@code verify} after it, and the reactor builds refine-worker (listed before demo in the parent pom) first.
 * {@code CUTOVER_NO_BUILD=1} keeps the launcher from calling Maven inside the build. The demo exits non-zero when
 * its I1-I3 check fails, which fails this test and the build.
 */
class DemoIT {

    /** Runs {@code ./cutover demo --fast [more]} into {@code target/<name>}; returns its output once it exited 0. */
    private static String demo(String name, String... more) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        for (String module : new String[] {"demo", "refine-worker"}) {
            assertThat(home.resolve(module).resolve("target/classpath.txt"))
                    .as(module + " must be packaged first (mvn -B verify builds the reactor in order; alone:"
                            + " mvn -B verify -pl refine-worker,demo -am)").exists();
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
        assertRestoredByCopies(out);
        assertThat(state.resolve("controller").resolve("routes.journal")).exists();
        assertThat(new File(state.toFile(), "logs")).isDirectory();
        Matcher took = Pattern.compile("demo took (\\d+) s").matcher(out);
        assertThat(took.find()).as("the demo reports its duration; output:%n%s", out).isTrue();
        assertThat(Integer.parseInt(took.group(1))).as("'./cutover demo --fast' takes under 5 minutes on 2 cores")
                .isLessThan(300);
    }

    /**
     * The hours the rollback restored (from the hour it re-routed to legacy up to the last hour that arrived before
     * it, as the demo's own output says) are legacy's copies in the proof table, not recomputes.
     */
    private static void assertRestoredByCopies(String out) {
        Matcher rollback = Pattern.compile("PROMOTED -> ROLLING_BACK: from (\\S+) ").matcher(out);
        assertThat(rollback.find()).as("the rollback's audit event names its first hour; output:%n%s", out).isTrue();
        String from = rollback.group(1);
        List<String> restored = new ArrayList<>();
        Matcher arrived = Pattern.compile("\\] 4\\. Hour (\\S+) arrives").matcher(out);
        while (arrived.find()) {
            if (arrived.group(1).compareTo(from) >= 0) {
                restored.add(arrived.group(1));
            }
        }
        assertThat(restored).as("hours committed after the cutover and before the rollback").isNotEmpty();
        for (String hour : restored) {
            assertThat(out).as("hour %s restored by a copy; output:%n%s", hour, out).containsPattern(
                    Pattern.quote(Demo.NAV) + "\\s+" + Pattern.quote(hour) + "\\s+-\\s+legacy\\s+\\d+\\s+copy\\s");
        }
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
        assertRestoredByCopies(out);
        assertThat(Path.of("target", "demo-kafka-it", "controller", "routes.journal")).doesNotExist();
    }
}
