package dev.cutover.controller.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.SourceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * F9 in the controller: a stream with routes that only a regex key could match, and that key gives up on its name
 * (catastrophic backtracking), is INVALID naming the key, with its routes kept; the reconcile does not stall.
 */
class RegexGaveUpReconcileTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SourceStatus READY = new SourceStatus(SourceStatus.State.READY, Optional.of(NOW),
            Optional.empty(), Optional.empty());
    private static final String NAME = "a".repeat(31) + "!";

    @Test
    void aStreamOnWhoseNameARegexKeyGivesUpIsInvalidNamingTheKeyWithItsRoutesKept() throws Exception {
        StreamState known = StreamState.initial(NAME, "legacy", NOW);
        ControllerState state = ControllerState.initial(MigrationPlan.defaults(List.of()), READY);
        state = Controller.step(state, new Event.Restored(NOW, new RouteLog.Restored(Map.of(NAME, known), List.of(),
                List.of()), Role.ACTIVE, Optional.empty(), READY, Optional.empty(), "test")).next();
        Snapshot snapshot = SnapshotParser.parse(("{\"streams\": {\"/^(a+)+\\\\1$/\": {\"consumers\":"
                + " {\"analytics_hive_ingestion\": {\"enabled\": true}}}, \"other\": {}}}")
                .getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), NOW);
        state = Controller.step(state, new Event.ConfigFetched(NOW, new PollOutcome.Unchanged(), Optional.of(snapshot),
                READY, Optional.empty())).next();
        ControllerState fetched = state;

        Step step = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Controller.step(fetched,
                new Event.ReconcileDue(NOW, new Reconciliation(1, Trigger.STARTUP, NAME))));

        StreamState after = step.next().state(NAME).orElseThrow();
        assertThat(after.phase()).isEqualTo(Phase.INVALID);
        assertThat(after.problems()).singleElement().asString().contains("regex key /^(a+)+\\1$/", "gave up", NAME);
        assertThat(after.segments()).isEqualTo(known.segments());
        assertThat(after.epoch()).isEqualTo(known.epoch());
    }
}
