package dev.cutover.controller.core;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.inPhase;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.only;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.reconcile;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.http.Views;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * F7 remainder: a stream whose reconcile throws is contained. The step keeps the stream's state, marks it reconciled
 * (so the controller still becomes ready and the other streams go on), shows the failure among the stream's problems
 * and counts it ({@code cutover_reconcile_failures{stream}}); the next reconcile that succeeds clears it.
 *
 * <p>The state that makes the reconciler throw: a production commit for 9999-12-31T23, the last hour an
 * {@link Hour} can name, restored from a journal written before implausible hours were refused. Rolling back asks
 * for the hour after the last one committed to production, which does not exist.
 */
class ReconcileFailureTest {

    static final Hour LAST = Hour.of(9999, 12, 31, 23);

    /** NAV in CUTOVER with the impossible commit restored, and the flag as {@code flags} says. */
    private static ControllerState restoredWith(Snapshot snapshot) {
        StreamState cutover = inPhase(NAV, Phase.CUTOVER);
        List<ReportRecord> reports = List.of(new ReportRecord(1, T0.minusSeconds(86_400),
                refine(S.newJob(), NAV, LAST, S.productionDatabase().value(), 2)));
        return restore(plan(), Role.ACTIVE, Optional.of(snapshot), new RouteLog.Restored(Map.of(NAV, cutover),
                List.of(), reports), Optional.empty()).next();
    }

    /** The flag reverted: NAV rolls back, which needs the hour after the last committed one. */
    private static Snapshot reverted() {
        return config().managed(NAV).managed(DELETE).snapshot("v2");
    }

    @Test
    void aReconcileThatThrowsKeepsTheStreamsStateShowsTheProblemAndCountsIt() {
        ControllerState state = restoredWith(reverted());

        Step step = reconcile(state, NAV);

        ControllerState next = step.next();
        assertThat(next.state(NAV)).as("state kept").isEqualTo(state.state(NAV));
        assertThat(next.config().awaiting()).as("reconciled, failed or not").doesNotContain(NAV);
        assertThat(next.entry(NAV).orElseThrow().reconcileProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("stream " + NAV + ": the last reconcile failed", "9999", "its state is kept"));
        assertThat(Views.problems(next, NAV)).anySatisfy(p -> assertThat(p).contains("the last reconcile failed"));
        assertThat(only(step.effects(), Effect.Append.class)).as("nothing stored").isEmpty();
        assertThat(only(step.effects(), Effect.CountReconcileFailure.class))
                .containsExactly(new Effect.CountReconcileFailure(NAV));
        assertThat(logs(step.effects(), Effect.Level.ERROR)).singleElement().asString()
                .startsWith("[reconcile #1 resync " + NAV + "]").contains("failed");
        assertThat(step.effects()).contains(new Effect.Publish());
    }

    @Test
    void theOtherStreamsAreReconciledAndTheControllerBecomesReady() {
        ControllerState settled = settle(restore(plan(), Role.ACTIVE, Optional.of(reverted()),
                new RouteLog.Restored(Map.of(NAV, inPhase(NAV, Phase.CUTOVER)), List.of(),
                        List.of(new ReportRecord(1, T0, refine(S.newJob(), NAV, LAST, "event", 2)))),
                Optional.empty()));

        assertThat(settled.ready()).isTrue();
        assertThat(settled.state(DELETE)).isPresent();
        assertThat(settled.state(NAV).map(StreamState::phase)).contains(Phase.CUTOVER);
        assertThat(Views.streams(settled).streams()).filteredOn(s -> s.stream().equals(NAV)).singleElement()
                .satisfies(s -> assertThat(s.problems()).anySatisfy(p -> assertThat(p)
                        .contains("the last reconcile failed")));
    }

    @Test
    void aReportDoesNotHideTheProblemAndTheNextSuccessfulReconcileClearsIt() {
        ControllerState failed = reconcile(restoredWith(reverted()), NAV).next();
        ControllerState reported = Controller.step(failed, new Event.ReportsReceived(T0, List.of(
                refine(S.legacyJob(), NAV, CoreFixtures.H0, "event", 1)), new CoreFixtures.RecordingReply())).next();
        assertThat(reported.observed(NAV).at(CoreFixtures.H0).in("event")).as("the report was applied").isPresent();
        assertThat(reported.entry(NAV).orElseThrow().reconcileProblem()).as("and the problem stays").isPresent();

        ControllerState flagBack = restoredWith(config().flag(NAV, "event").managed(DELETE).snapshot("v3"));
        ControllerState recovered = reconcile(flagBack.withStreams(flagBack.streams().plus(NAV,
                failed.entry(NAV).orElseThrow())), NAV).next();

        assertThat(recovered.entry(NAV).orElseThrow().reconcileProblem()).isEmpty();
        assertThat(Views.problems(recovered, NAV)).noneSatisfy(p -> assertThat(p).contains("reconcile failed"));
    }
}
