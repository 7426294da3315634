package dev.cutover.simulation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: bad options exit 2 naming the problem; a run prints its summary. */
class SimulateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesAnUnknownFaultNamingTheKnownOnes() {
        assertThat(run("--faults", "config-5xx,gremlins")).isEqualTo(2);
        assertThat(err()).contains("unknown fault 'gremlins'", "config-5xx", "controller-kill");
    }

    @Test
    void refusesAnUnknownBug() {
        assertThat(run("--inject-bug", "everything")).isEqualTo(2);
        assertThat(err()).contains("unknown bug 'everything'", "skip-commit-fence");
    }

    @Test
    void refusesOutOfRangeSizesAllAtOnce() {
        assertThat(run("--streams", "0", "--days", "0")).isEqualTo(2);
        assertThat(err()).contains("--streams must be", "--days must be");
    }

    @Test
    void refusesANonNumberAndAnUnknownOption() {
        assertThat(run("--streams", "many")).isEqualTo(2);
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("--streams", "--frobnicate");
    }

    @Test
    void refusesARateThatIsNoFaultOrNoProbability() {
        assertThat(run("--rate", "controller-kill=2", "--rate", "gremlins=0.1", "--rate", "clock-jump")).isEqualTo(2);
        assertThat(err()).contains("the rate in 'controller-kill=2' must be a number from 0 to 1",
                "'gremlins=0.1' is not FAULT=RATE", "'clock-jump' is not FAULT=RATE");
    }

    @Test
    void aRateChangesHowOftenAFaultStrikes() {
        assertThat(run("--streams", "5", "--days", "1", "--faults", "controller-kill", "--rate", "controller-kill=0",
                "--json")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"controller-kill\" : 0",
                "\"controller_restarts\" : 0");
        out.reset();

        assertThat(run("--streams", "5", "--days", "1", "--faults", "controller-kill", "--rate", "controller-kill=1",
                "--json")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\"controller-kill\" : 0",
                "\"controller_restarts\" : 0");
    }

    @Test
    void refusesAKafkaOptionWithoutABootstrapAddress() {
        assertThat(run("--kafka")).isEqualTo(2);
        assertThat(err()).contains("--kafka");
        assertThat(run("--kafka", " ")).isEqualTo(2);
        assertThat(err()).contains("is no bootstrap address");
    }

    @Test
    void printsTheSummaryAsJson() {
        assertThat(run("--streams", "5", "--days", "1", "--seed", "3", "--faults", "none", "--json")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"seed\" : 3", "\"violations\" : 0",
                "\"invariant_checks\"");
    }
}
