package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A revert of one member of a stream group, as the pure reconciler decides it. */
class GroupRollbackTest {

    private static final CutoverSettings S = CutoverSettings.DEFAULTS;
    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");
    private static final StreamGroup PAIR = new StreamGroup("pair", List.of("a", "b"));
    private static final MigrationPlan PLAN = MigrationPlan.defaults(List.of("a", "b")).withGroups(List.of(PAIR));

    private static StreamState cutOver(String stream, Phase phase) {
        return StreamState.initial(stream, S.legacyJob(), T).withRoutesFrom(H, S.newJob(), false, H)
                .withPhase(phase, T);
    }

    private static Decision revert(StreamState a, StreamState b) {
        StreamScenario flags = new StreamScenario("a");
        GroupView view = new GroupView(PAIR, List.of(new GroupView.Member("b", Optional.of(b), true, false, List.of(),
                StreamObservations.none("b"))));
        return Reconciler.reconcile(new ReconcileInput("a", Optional.of(flags.flag(null)), Optional.of(a),
                StreamObservations.none("a"), PLAN, () -> Gate.OPEN, true, T, 0, Optional.empty(),
                () -> Optional.of(view)));
    }

    @Test
    void aRevertRollsTheOtherMemberBackInTheSameDecisionAndRevertsItsFlag() {
        Decision d = revert(cutOver("a", Phase.PROMOTED), cutOver("b", Phase.PROMOTED));

        assertThat(d.next().orElseThrow().currentLeader()).isEqualTo(S.legacyJob());
        assertThat(d.group()).containsOnlyKeys("b");
        StreamState b = d.group().get("b").next().orElseThrow();
        assertThat(b.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(b.currentLeader()).isEqualTo(S.legacyJob());
        assertThat(b.cutoverHour()).isEqualTo(H);
        assertThat(d.flagChange()).get().satisfies(f -> assertThat(f.streams()).containsExactly("b"));
    }

    @Test
    void aRevertIsRefusedWhileAnotherMemberIsDecommissionedRoutesUnchanged() {
        StreamState a = cutOver("a", Phase.PROMOTED);

        Decision d = revert(a, cutOver("b", Phase.DECOMMISSIONED));

        StreamState next = d.next().orElseThrow();
        assertThat(next.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(next.epoch()).isEqualTo(a.epoch());
        assertThat(next.segments()).isEqualTo(a.segments());
        assertThat(next.problems()).singleElement().asString().contains("b of group pair [a, b] is decommissioned")
                .contains("set the flag back to event");
        assertThat(d.group()).isEmpty();
        assertThat(d.flagChange()).isEmpty();
    }
}
