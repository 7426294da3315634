package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.Hour;
import dev.cutover.testkit.MutableClock;
import dev.cutover.worker.raw.RawHour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The due rule of {@code --start-delay}: an hour is due its delay after its raw input was marked complete. */
class StartDelaysTest {

    private static final Hour H = Hour.parse("2026-11-22T07");
    private static final Instant IMPORTED = Instant.parse("2026-11-22T08:05:00Z");
    private final MutableClock clock = new MutableClock(IMPORTED);

    private static RawHour raw(String stream, long... flagTimes) {
        List<RawHour.Dir> dirs = new java.util.ArrayList<>();
        for (int i = 0; i < flagTimes.length; i++) {
            dirs.add(new RawHour.Dir(Optional.of("dc" + i), new Path("file:/raw/dc" + i + "." + stream),
                    flagTimes[i] > 0, flagTimes[i]));
        }
        return new RawHour(stream, H, dirs, 10, IMPORTED.plusSeconds(3600).toEpochMilli());
    }

    private static long at(Instant instant) {
        return instant.toEpochMilli();
    }

    @Test
    void anHourIsDueItsDelayAfterItsLastImportedFlagByTheGivenClock() {
        StartDelays delays = StartDelays.parse(List.of("airflow=45m"), List.of("legacy", "airflow"));
        RawHour hour = raw("mediawiki.page-create", at(IMPORTED.minusSeconds(600)), at(IMPORTED));

        assertThat(delays.dueAt("airflow", hour)).as("the second datacenter's flag completes the hour")
                .contains(IMPORTED.plus(Duration.ofMinutes(45)));
        assertThat(delays.due("airflow", hour, clock.instant())).isFalse();
        clock.advance(Duration.ofMinutes(44));
        assertThat(delays.due("airflow", hour, clock.instant())).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(delays.due("airflow", hour, clock.instant())).isTrue();
        assertThat(delays.due("legacy", hour, IMPORTED)).as("a job without a delay starts at once").isTrue();
    }

    @Test
    void theFirstDelayWhoseRegexFindsTheStreamApplies() {
        StartDelays delays = StartDelays.parse(List.of("airflow=2h@^mediawiki\\.page", "airflow=10m"),
                List.of("airflow"));

        assertThat(delays.of("airflow", "mediawiki.page-create")).contains(Duration.ofHours(2));
        assertThat(delays.of("airflow", "eventlogging_NavigationTiming")).contains(Duration.ofMinutes(10));
        assertThat(delays.of("legacy", "mediawiki.page-create")).isEmpty();
    }

    @Test
    void withoutTheFlagsTimeTheHoursNewestModificationCounts() {
        StartDelays delays = StartDelays.parse(List.of("airflow=30m"), List.of("airflow"));
        RawHour unknown = new RawHour("s", H, List.of(new RawHour.Dir(Optional.empty(), new Path("file:/raw/s"),
                true)), 10, at(IMPORTED));

        assertThat(unknown.completedAt()).isEmpty();
        assertThat(delays.dueAt("airflow", unknown)).contains(IMPORTED.plus(Duration.ofMinutes(30)));
    }

    @Test
    void badValuesAreAllNamedWithTheFormExpected() {
        assertThatThrownBy(() -> StartDelays.parse(List.of("45m", "airflow=soon", "cron=5m", "airflow=5m@(",
                "airflow=5m@"), List.of("legacy", "airflow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--start-delay '45m' names no job")
                .hasMessageContaining("--start-delay 'airflow=soon': 'soon' is not a duration")
                .hasMessageContaining("job 'cron' is not one this worker runs [legacy, airflow]")
                .hasMessageContaining("'(' is not a regex")
                .hasMessageContaining("has an empty stream regex")
                .hasMessageContaining("expected JOB=DURATION[@STREAM_REGEX]");
        assertThat(StartDelays.parse(null, List.of("airflow"))).isEqualTo(StartDelays.NONE);
    }
}
