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
        assertThat(out).containsPattern("console: http://127\\.0\\.0\\.1:\\d+/console/ \\(the migration board");
        assertThat(out).contains("I1-I3: OK for all")
                .contains("PREFLIGHT -> CUTOVER")
                .contains("CUTOVER -> PROMOTED")
                .contains("ROLLING_BACK -> SHADOW");
        // NavigationTiming: promoted under a comparison rule (its new job adds a column), the rule in its verdicts
        assertThat(out).contains("[auto-promoter] eventlogging_NavigationTiming: flag set to event")
                .contains("2/2 consecutive PASS hours up to 2026-11-22T01 (2 under rules: added_columns[is_wmf_domain])")
                .containsPattern("eventlogging_NavigationTiming\\s+PROMOTED\\s+airflow\\s+2\\s+\\S+\\s+00:PASS\\* 01:PASS\\*")
                .contains("PASS* = PASS under the plan's comparison rules [added_columns[is_wmf_domain]]");
        // the group: one flag write, one cutover hour, rolled back together
        assertThat(out).containsPattern("\\[auto-promoter\\] mediawiki\\.(page-create|revision-create): flag set to event"
                + " in the override layer \\(revision \\d+\\), with \\[mediawiki\\.(page-create|revision-create)\\] in"
                + " the same revision");
        assertThat(hourOf(out, Demo.CREATE, "PREFLIGHT -> CUTOVER")).isEqualTo(hourOf(out, Demo.REVISION,
                "PREFLIGHT -> CUTOVER"));
        assertThat(hourOf(out, Demo.CREATE, "(?:PROMOTED|CUTOVER) -> ROLLING_BACK")).isEqualTo(hourOf(out,
                Demo.REVISION, "(?:PROMOTED|CUTOVER) -> ROLLING_BACK"));
        assertThat(out).contains("rolled back with group edits").contains("rolls back together");
        // held back: page-delete by FAIL verdicts (a dropped column), page_change by LATE hours
        assertThat(out).containsPattern("mediawiki\\.page-delete\\s+SHADOW\\s+legacy\\s+1\\s+-\\s+00:FAIL")
                .containsPattern("mediawiki\\.page_change\\.v1\\s+SHADOW\\s+legacy\\s+1\\s+-\\s+[0-9: A-Z*]*LATE")
                .contains("late: airflow landed");
        assertThat(out).doesNotContain("[auto-promoter] mediawiki.page-delete")
                .doesNotContain("[auto-promoter] mediawiki.page_change.v1");
        assertRestoredByCopies(out);
        assertThat(state.resolve("controller").resolve("routes.journal")).exists();
        assertThat(new File(state.toFile(), "logs")).isDirectory();
        Matcher took = Pattern.compile("demo took (\\d+) s").matcher(out);
        assertThat(took.find()).as("the demo reports its duration; output:%n%s", out).isTrue();
        assertThat(Integer.parseInt(took.group(1))).as("'./cutover demo --fast' takes under 5 minutes on 2 cores")
                .isLessThan(300);
    }

    /** The hour in the first audit event of {@code stream} matching {@code transition}, e.g. its cutover hour. */
    private static String hourOf(String out, String stream, String transition) {
        Matcher m = Pattern.compile(Pattern.quote(stream) + ": " + transition + ": from (\\S+) ").matcher(out);
        assertThat(m.find()).as("%s: %s; output:%n%s", stream, transition, out).isTrue();
        return m.group(1);
    }

    /**
     * The hours the rollback restored (from the hour it re-routed to legacy up to the last hour that arrived before
     * it, as the demo's own output says) are legacy's copies in the proof table, not recomputes, for both members of
     * the group.
     */
    private static void assertRestoredByCopies(String out) {
        String from = hourOf(out, Demo.CREATE, "(?:PROMOTED|CUTOVER) -> ROLLING_BACK");
        List<String> restored = new ArrayList<>();
        Matcher arrived = Pattern.compile("\\] 4\\. Hour (\\S+) arrives").matcher(out);
        while (arrived.find()) {
            if (arrived.group(1).compareTo(from) >= 0) {
                restored.add(arrived.group(1));
            }
        }
        assertThat(restored).as("hours committed after the cutover and before the rollback").isNotEmpty();
        for (String stream : List.of(Demo.CREATE, Demo.REVISION)) {
            for (String hour : restored) {
                assertThat(out).as("%s hour %s restored by a copy; output:%n%s", stream, hour, out).containsPattern(
                        Pattern.quote(stream) + "\\s+" + Pattern.quote(hour) + "\\s+\\S+\\s+legacy\\s+\\d+\\s+copy\\s");
            }
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
