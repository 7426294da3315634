package dev.cutover.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cutover.worker.work.WorkLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The round scheduler of {@code work}: a round that throws anything never silently ends the loop. */
class WorkCommandRoundsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private WorkCommand command(boolean loop, boolean untilIdle, Integer maxRounds) {
        WorkCommand c = new WorkCommand(new WorkerContext(System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), s -> {
                    throw new AssertionError("no Spark session is needed here");
                }));
        c.loop = loop;
        c.untilIdle = untilIdle;
        c.maxRounds = maxRounds;
        return c;
    }

    @Test
    void aLoopKeepsGoingAfterRoundsThatThrowACheckedSparkExceptionOrAnError() throws Exception {
        WorkCommand work = command(true, true, null);
        AtomicInteger calls = new AtomicInteger();
        WorkCommand.Round round = until -> switch (calls.incrementAndGet()) {
            case 1 -> throw new SparkException("Job aborted due to stage failure: truncated gzip");
            case 2 -> throw new NoClassDefFoundError("some/Missing");
            case 3 -> new WorkLoop.Round(2, 1, 1, 0);
            default -> new WorkLoop.Round(0, 0, 0, 0);
        };

        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> work.runRounds(round, Duration.ofMillis(5)));

        assertThat(code).as("failed rounds and items make the exit code 1").isEqualTo(1);
        assertThat(calls).hasValue(4);
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("work: round 1 failed: org.apache.spark.SparkException: Job aborted due to stage failure")
                .contains("work: round 2 failed: java.lang.NoClassDefFoundError: some/Missing")
                .contains("work: round 3: 2 hours due, 1 work items, 1 failed")
                .contains("work: round 4: 0 hours due, 0 work items, 0 failed");
    }

    @Test
    void withoutLoopAFailingRoundEndsTheCommandWithItsError() {
        WorkCommand work = command(false, true, null);
        SparkException boom = new SparkException("Task failed while writing rows");

        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> work.runRounds(until -> {
                    throw boom;
                }, Duration.ofMillis(5)))).isSameAs(boom);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("work: round 1 failed:");
    }

    @Test
    void aLoopWithMaxRoundsStopsAtTheLastRoundEvenWhenItFails() {
        WorkCommand work = command(true, false, 2);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> work.runRounds(until -> {
            calls.incrementAndGet();
            throw new SparkException("metastore unreachable");
        }, Duration.ofMillis(5)))).isInstanceOf(SparkException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void startDelaysAreParsedFromTheCommandLineAndARoundHoldingAnHourBackIsNotIdle() throws Exception {
        WorkCommand work = command(false, true, null);
        new picocli.CommandLine(work).parseArgs("--job", "legacy", "--job", "airflow", "--raw-dir", "/srv/raw",
                "--start-delay", "airflow=45m", "--start-delay", "airflow=2h@^mediawiki\\.");

        dev.cutover.worker.work.StartDelays delays = work.startDelays();
        assertThat(delays.of("airflow", "mediawiki.page-create")).contains(Duration.ofMinutes(45));
        assertThat(delays.of("legacy", "mediawiki.page-create")).isEmpty();
        assertThat(delays.delays()).hasSize(2);

        AtomicInteger calls = new AtomicInteger();
        WorkCommand.Round round = until -> calls.incrementAndGet() == 1 ? new WorkLoop.Round(0, 0, 0, 0, 1)
                : new WorkLoop.Round(0, 0, 0, 0);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> work.runRounds(round, Duration.ofMillis(5))))
                .isZero();
        assertThat(calls).as("the round holding an hour back was not idle").hasValue(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 hours not yet due (--start-delay)");

        WorkCommand bad = command(false, true, null);
        new picocli.CommandLine(bad).parseArgs("--job", "legacy", "--raw-dir", "/srv/raw",
                "--start-delay", "airflow=5m");
        assertThatThrownBy(bad::startDelays).hasMessageContaining("job 'airflow' is not one this worker runs");
    }
}
