package dev.cutover.controller.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.SourceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * F10 through {@link Controller#step}: when a stream appears whose table another managed stream already writes, both
 * become INVALID naming each other and keep their routes; when it goes away, the first one resumes.
 */
class TableCollisionReconcileTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SourceStatus READY = new SourceStatus(SourceStatus.State.READY, Optional.of(NOW),
            Optional.empty(), Optional.empty());
    private static final String ON = "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true}}}";

    private long seq;

    private static Snapshot snapshot(String... streams) throws ConfigParseException {
        StringBuilder json = new StringBuilder("{\"streams\": {");
        for (int i = 0; i < streams.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(streams[i]).append("\": ").append(ON);
        }
        return SnapshotParser.parse(json.append("}}").toString().getBytes(StandardCharsets.UTF_8), "test",
                Optional.empty(), NOW);
    }

    /** Applies {@code snapshot}, then reconciles every stream the steps schedule until none is left. */
    private ControllerState apply(ControllerState state, Snapshot snapshot) {
        Step fetched = Controller.step(state, new Event.ConfigFetched(NOW, new PollOutcome.Unchanged(),
                Optional.of(snapshot), READY, Optional.empty()));
        Deque<String> due = new ArrayDeque<>();
        schedule(fetched, due);
        ControllerState next = fetched.next();
        for (int i = 0; i < 100 && !due.isEmpty(); i++) {
            Step step = Controller.step(next, new Event.ReconcileDue(NOW,
                    new Reconciliation(++seq, Trigger.CONFIG_CHANGE, due.poll())));
            schedule(step, due);
            next = step.next();
        }
        assertThat(due).as("settled").isEmpty();
        return next;
    }

    private static void schedule(Step step, Deque<String> due) {
        for (Effect effect : step.effects()) {
            if (effect instanceof Effect.Schedule s) {
                s.streams().stream().sorted().filter(x -> !due.contains(x)).forEach(due::add);
            }
        }
    }

    private static ControllerState started() {
        ControllerState state = ControllerState.initial(MigrationPlan.defaults(List.of()), READY);
        return Controller.step(state, new Event.Restored(NOW, new RouteLog.Restored(Map.of(), List.of(), List.of()),
                Role.ACTIVE, Optional.empty(), READY, Optional.empty(), "test")).next();
    }

    @Test
    void twoManagedStreamsOnOneTableAreBothInvalidNamingTheOtherWithRoutesUnchanged() throws Exception {
        ControllerState before = apply(started(), snapshot("a/b", "other"));
        StreamState first = before.state("a/b").orElseThrow();
        assertThat(first.phase()).isEqualTo(Phase.SHADOW);

        ControllerState after = apply(before, snapshot("a/b", "a-b", "other"));

        StreamState ab = after.state("a/b").orElseThrow();
        assertThat(ab.phase()).isEqualTo(Phase.INVALID);
        assertThat(ab.problems()).singleElement().asString().contains("stream a/b:", "table a_b", "a-b");
        assertThat(ab.epoch()).isEqualTo(first.epoch());
        assertThat(ab.segments()).isEqualTo(first.segments());
        StreamState dash = after.state("a-b").orElseThrow();
        assertThat(dash.phase()).isEqualTo(Phase.INVALID);
        assertThat(dash.problems()).singleElement().asString().contains("stream a-b:", "table a_b", "a/b");
        assertThat(after.state("other").orElseThrow().phase()).isEqualTo(Phase.SHADOW);
    }

    @Test
    void whenTheOtherStreamIsGoneTheFirstOneResumes() throws Exception {
        ControllerState colliding = apply(apply(started(), snapshot("a/b", "other")), snapshot("a/b", "a-b", "other"));

        ControllerState resolved = apply(colliding, snapshot("a/b", "other"));

        assertThat(resolved.state("a/b").orElseThrow().phase()).isEqualTo(Phase.SHADOW);
        assertThat(resolved.state("a/b").orElseThrow().problems()).isEmpty();
        assertThat(resolved.state("a-b").orElseThrow().phase()).isEqualTo(Phase.ORPHANED);
    }
}
