package dev.cutover.controller.core;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.reconcile.GatePolicy;
import dev.cutover.protocol.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

/**
 * The gate summary is shared by reconciles of the same streams, moved along by reports, and always what summarizing
 * every stream gives.
 */
class GateSummaryMemoTest {

    @Test
    void theSummaryIsSharedWhileTheStreamsStayAndFollowsThemWhenTheyChange() {
        MigrationPlan plan = CoreFixtures.plan();
        ControllerState state = CoreFixtures.active(plan, CoreFixtures.twoStreams());
        GatePolicy.Summary first = ReconcileSteps.gateSummary(state);
        assertThat(ReconcileSteps.gateSummary(state)).isSameAs(first);
        assertThat(GatePolicy.gate(NAV, first, plan, Set.of()).cutoverSlotFree()).isTrue();

        ControllerState busy = state.withStream(CoreFixtures.inPhase(DELETE, Phase.CUTOVER));
        GatePolicy.Summary second = ReconcileSteps.gateSummary(busy);
        assertThat(second.busy()).extracting(Map.Entry::getKey).containsExactly(DELETE);
        assertThat(GatePolicy.gate(NAV, second, plan, Set.of()).cutoverSlotFree()).isFalse();
        assertThat(GatePolicy.gate(NAV, second, plan, Set.of()).reason()).contains(DELETE + " (CUTOVER)");
        assertThat(GatePolicy.gate(DELETE, second, plan, Set.of()).cutoverSlotFree()).isTrue();

        assertThat(ReconcileSteps.gateSummary(state).busy()).isEmpty();
    }

    @Test
    void aStreamWhoseReportsMakeItEligibleIsAskedAgain() {
        MigrationPlan plan = CoreFixtures.plan();
        ControllerState state = CoreFixtures.active(plan, CoreFixtures.twoStreams());
        assertThat(ReconcileSteps.gateSummary(state).firstEligible()).isEqualTo(-1);

        ControllerState eligible = CoreFixtures.canaryHours(state, DELETE, 2, Verdict.PASS);
        GatePolicy.Summary summary = ReconcileSteps.gateSummary(eligible);
        assertThat(summary).isEqualTo(GatePolicy.summarize(eligible.states(), eligible.evidence(), plan));
        assertThat(summary.firstEligible()).isEqualTo(1);
        assertThat(GatePolicy.gate(NAV, summary, plan, Set.of()).promotionTurn()).isTrue();
        assertThat(GatePolicy.gate(DELETE, summary, plan, Set.of()).promotionTurn()).isTrue();
        assertThat(GatePolicy.gate(DELETE, summary, plan, Set.of()))
                .isEqualTo(GatePolicy.gate(DELETE, eligible.states(), eligible::observed, plan, Set.of()));

        ControllerState both = CoreFixtures.canaryHours(eligible, NAV, 2, Verdict.PASS);
        assertThat(ReconcileSteps.gateSummary(both))
                .isEqualTo(GatePolicy.summarize(both.states(), both.evidence(), plan));
        assertThat(GatePolicy.gate(DELETE, ReconcileSteps.gateSummary(both), plan, Set.of()).promotionTurn())
                .isFalse();
    }
}
