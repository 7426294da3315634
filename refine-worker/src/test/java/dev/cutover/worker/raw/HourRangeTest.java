package dev.cutover.worker.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.cutover.protocol.Hour;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HourRangeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T16:30:00Z"), ZoneOffset.UTC);
    private static final Hour H14 = Hour.parse("2026-11-22T14");

    @Test
    void untilIsExclusiveSoARangeEndingAtItsStartSelectsNoHourAndSaysHowToSelectIt() {
        assertThatThrownBy(() -> HourRange.requireSomeHour(H14, H14,
                HourRange.given("2026-11-22T14", "2026-11-22T14", H14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--since 2026-11-22T14 --until 2026-11-22T14 selects no hour: --until is exclusive, so the"
                        + " range [2026-11-22T14, 2026-11-22T14) is empty; to refine hour 2026-11-22T14 pass --until"
                        + " 2026-11-22T15 (or a later hour)");
    }

    @Test
    void aRangeEndingBeforeItStartsIsRefusedTooAndTheOneHourRangeIsAccepted() {
        Hour h15 = H14.next();
        assertThatThrownBy(() -> HourRange.requireSomeHour(h15, H14, HourRange.given("2026-11-22T15", "2026-11-22T14", H14)))
                .hasMessageStartingWith("--since 2026-11-22T15 --until 2026-11-22T14 selects no hour")
                .hasMessageNotContaining("\n");
        assertThatNoException().isThrownBy(() -> HourRange.requireSomeHour(H14, h15, "unused"));
    }

    @Test
    void theMessageNamesTheDefaultUntilWhenOnlySinceWasGiven() {
        Hour since = HourRange.parse("0", CLOCK, "--since");
        Hour defaultUntil = Hour.containing(CLOCK.instant()).next();
        assertThat(since).isEqualTo(Hour.parse("2026-11-22T16"));
        assertThatNoException().isThrownBy(() -> HourRange.requireSomeHour(since, defaultUntil, "unused"));
        Hour future = Hour.parse("2026-11-22T18");
        assertThatThrownBy(() -> HourRange.requireSomeHour(future, defaultUntil,
                HourRange.given("2026-11-22T18", null, defaultUntil)))
                .hasMessageStartingWith("--since 2026-11-22T18 with the default --until (the hour after the current"
                        + " one, 2026-11-22T17) selects no hour");
        assertThat(HourRange.given(null, "2h", since)).isEqualTo("--until 2h");
    }
}
