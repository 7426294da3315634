package dev.cutover.controller.cli;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.Responses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status table's LATE column. */
class StatusCommandTest {

    private static Responses.StreamSummary row(List<Hour> late) {
        return new Responses.StreamSummary("s", "s", "SHADOW", "legacy", 1, null, null, List.of(), List.of(), late);
    }

    @Test
    void theLateColumnCountsTheCanaryWindowsLateHoursAndNamesTheNewest() {
        assertThat(StatusCommand.late(row(List.of()))).isEqualTo("-");
        assertThat(StatusCommand.late(row(List.of(Hour.parse("2026-11-22T05"), Hour.parse("2026-11-22T07")))))
                .isEqualTo("2 (last 2026-11-22T07)");
    }
}
