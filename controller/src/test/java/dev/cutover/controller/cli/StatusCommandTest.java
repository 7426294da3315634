package dev.cutover.controller.cli;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.Responses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code ./cutover status} prints: verdicts (PASS under rules apart from an exact PASS) and LATE hours. */
class StatusCommandTest {

    private static Responses.StreamSummary row(List<Hour> late) {
        return new Responses.StreamSummary("s", "s", "SHADOW", "legacy", 1, null, null, List.of(), List.of(), late);
    }

    private static Responses.StreamSummary nav(List<String> verdicts) {
        return new Responses.StreamSummary("eventlogging_NavigationTiming", "navigationtiming", "SHADOW", "legacy", 1,
                null, null, List.of(), verdicts);
    }

    @Test
    void theLateColumnCountsTheCanaryWindowsLateHoursAndNamesTheNewest() {
        assertThat(StatusCommand.late(row(List.of()))).isEqualTo("-");
        assertThat(StatusCommand.late(row(List.of(Hour.parse("2026-11-22T05"), Hour.parse("2026-11-22T07")))))
                .isEqualTo("2 (last 2026-11-22T07)");
    }

    @Test
    void aPassUnderRulesIsShownApartFromAnExactPassAndExplainedBelowTheTable() {
        String out = StatusCommand.render(List.of(nav(List.of("2026-11-22T05 PASS", "2026-11-22T06 PASS_UNDER_RULES",
                "2026-11-22T07 FAIL"))));

        assertThat(out).contains("05h:PASS 06h:PASS* 07h:FAIL");
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).startsWith("* PASS under the plan's comparison"
                + " rules (compare_rules)").contains("GET /v1/streams/STREAM");
    }

    @Test
    void exactVerdictsNeedNoFootnote() {
        String out = StatusCommand.render(List.of(nav(List.of("2026-11-22T05 PASS", "2026-11-22T06 NODATA"))));

        assertThat(out).contains("05h:PASS 06h:NODATA").doesNotContain("*");
    }

    private static Responses.StreamSummary inPhase(String name, String phase) {
        return new Responses.StreamSummary(name, name, phase, "legacy", 1, null, null, List.of(), List.of(),
                List.of());
    }

    @Test
    void theWatchHeaderCountsStreamsPerPhaseInLifecycleOrder() {
        assertThat(StatusCommand.phases(List.of(inPhase("a", "CUTOVER"), inPhase("b", "SHADOW"),
                inPhase("c", "SHADOW"), inPhase("d", "BLOCKED")))).isEqualTo("4 streams: SHADOW 2, BLOCKED 1, CUTOVER 1");
        assertThat(StatusCommand.phases(List.of())).isEqualTo("0 streams");
        assertThat(StatusCommand.phases(List.of(inPhase("a", "SHADOW")))).isEqualTo("1 stream: SHADOW 1");
    }
}
