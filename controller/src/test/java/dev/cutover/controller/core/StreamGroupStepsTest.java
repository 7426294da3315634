package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.poll.PollOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.cutover.controller.core.CoreFixtures.CREATE;
import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.READY;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.canaryHours;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.only;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.reconcile;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream group of the plan ({@code groups: {pair: [NAV, DELETE]}}): promoted only when every member has earned
 * its evidence (one flag write for the group), cut over at one hour in one route-log batch, rolled back together,
 * and counted as one cutover slot.
 */
class StreamGroupStepsTest {

    private static final StreamGroup PAIR = new StreamGroup("pair", List.of(NAV, DELETE));

    private static MigrationPlan plan() {
        return planWithLayer().withGroups(List.of(PAIR));
    }

    private static ControllerState start() {
        return active(plan(), config().managed(NAV).managed(DELETE).managed(CREATE).layered("v1", 0));
    }

    private static ControllerState configChanged(ControllerState state, Snapshot latest) {
        return settle(Controller.step(state, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                state.config().snapshot(), latest, SnapshotDiff.between(state.config().snapshot(), latest)),
                Optional.of(latest), READY, CoreFixtures.layerOf(state.plan()))));
    }

    private static Phase phase(ControllerState state, String stream) {
        return state.state(stream).orElseThrow().phase();
    }

    @Test
    void aGroupIsPromotedOnlyWhenEveryMemberHasEarnedItsEvidenceWithOneFlagWriteForAllOfIt() {
        ControllerState navOnly = canaryHours(start(), NAV, 2, Verdict.PASS);

        assertThat(only(reconcile(navOnly, NAV).effects(), Effect.WriteFlag.class))
                .as("NAV has its evidence, DELETE has none: the group waits").isEmpty();

        ControllerState both = canaryHours(navOnly, DELETE, 2, Verdict.PASS);
        List<Effect.WriteFlag> writes = only(reconcile(both, NAV).effects(), Effect.WriteFlag.class);

        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.change().kind()).isEqualTo(FlagChange.Kind.PROMOTE);
            assertThat(w.change().streams()).containsExactlyInAnyOrder(NAV, DELETE);
            assertThat(w.change().why()).contains("every member of group pair");
        });
    }

    @Test
    void oneMembersFlagAloneChangesNoRouteTheMemberWaitsForItsGroup() {
        ControllerState state = canaryHours(canaryHours(start(), NAV, 2, Verdict.PASS), DELETE, 2, Verdict.PASS);
        long navEpoch = state.state(NAV).orElseThrow().epoch();

        ControllerState flipped = configChanged(state, config().flag(NAV, "event").managed(DELETE).managed(CREATE)
                .layered("v2", 0));

        StreamState nav = flipped.state(NAV).orElseThrow();
        assertThat(nav.phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(nav.epoch()).isEqualTo(navEpoch);
        assertThat(nav.problems()).singleElement().asString().contains("waiting to cut over together with group pair")
                .contains(DELETE + " (SHADOW, its flag does not say event)");
        assertThat(phase(flipped, DELETE)).isEqualTo(Phase.SHADOW);
    }

    @Test
    void theMembersCutOverAtOneHourInOneBatchAndARollbackOfOneRollsBackTheGroup() {
        ControllerState state = canaryHours(canaryHours(start(), NAV, 2, Verdict.PASS), DELETE, 2, Verdict.PASS);
        // legacy has committed NAV's production up to hour 3, DELETE's only up to hour 1
        List<Report> ahead = new ArrayList<>();
        for (int h = 2; h < 4; h++) {
            ahead.add(refine(S.legacyJob(), NAV, H0.plusHours(h), S.productionDatabase().value(), 1));
        }
        state = Controller.step(state, new Event.ReportsReceived(T0, ahead, new RecordingReply())).next();
        long navEpoch = state.state(NAV).orElseThrow().epoch();
        long deleteEpoch = state.state(DELETE).orElseThrow().epoch();

        Snapshot both = config().flag(NAV, "event").flag(DELETE, "event").managed(CREATE).layered("v2", 0);
        ControllerState cut = configChanged(state, both);

        StreamState nav = cut.state(NAV).orElseThrow();
        StreamState delete = cut.state(DELETE).orElseThrow();
        assertThat(List.of(nav.phase(), delete.phase())).containsOnly(Phase.CUTOVER);
        assertThat(nav.cutoverHour()).isEqualTo(H0.plusHours(4)).isEqualTo(delete.cutoverHour());
        assertThat(nav.epoch()).isEqualTo(navEpoch + 1);
        assertThat(delete.epoch()).isEqualTo(deleteEpoch + 1);

        // the step that cut the group over stored both members in one batch
        Step second = reconcile(configChangedWithoutSettling(state, both), DELETE);
        ControllerState afterSecond = second.next();
        List<String> stored = new ArrayList<>();
        for (Effect e : second.effects()) {
            if (e instanceof Effect.Append a) {
                a.batch().routes().stream().map(StreamRecord::state).map(StreamState::stream).forEach(stored::add);
            }
        }
        assertThat(phase(afterSecond, NAV)).isEqualTo(Phase.CUTOVER);
        assertThat(stored).containsExactlyInAnyOrder(NAV, DELETE);

        // NAV's entry is reverted: the whole group rolls back, DELETE's flag is reverted in one write
        Step reverted = Controller.step(cut, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                cut.config().snapshot(), config().managed(NAV).flag(DELETE, "event").managed(CREATE)
                .layered("v3", 0), SnapshotDiff.between(cut.config().snapshot(), config().managed(NAV)
                .flag(DELETE, "event").managed(CREATE).layered("v3", 0))), Optional.of(config().managed(NAV)
                .flag(DELETE, "event").managed(CREATE).layered("v3", 0)), READY, CoreFixtures.layerOf(plan())));
        ControllerState rolledBack = reverted.next();
        List<Effect.WriteFlag> writes = new ArrayList<>();
        for (String stream : List.of(NAV, DELETE, CREATE)) {
            Step step = reconcile(rolledBack, stream);
            writes.addAll(only(step.effects(), Effect.WriteFlag.class));
            rolledBack = step.next();
        }
        for (String member : List.of(NAV, DELETE)) {
            StreamState s = rolledBack.state(member).orElseThrow();
            assertThat(s.phase()).as(member).isIn(Phase.ROLLING_BACK, Phase.SHADOW, Phase.PREFLIGHT, Phase.BLOCKED);
            assertThat(s.databaseFor(S.legacyJob(), H0.plusHours(4), S)).as(member + ": legacy leads from the"
                    + " cutover hour again").isEqualTo(S.productionDatabase().value());
        }
        assertThat(rolledBack.state(NAV).orElseThrow().epoch()).isEqualTo(navEpoch + 2);
        assertThat(rolledBack.state(DELETE).orElseThrow().epoch()).isEqualTo(deleteEpoch + 2);
        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.change().kind()).isEqualTo(FlagChange.Kind.REVERT);
            assertThat(w.change().streams()).containsExactly(DELETE);
        });
    }

    /** The config change applied, each stream's reconcile not run yet. */
    private static ControllerState configChangedWithoutSettling(ControllerState state, Snapshot latest) {
        ControllerState applied = Controller.step(state, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                state.config().snapshot(), latest, SnapshotDiff.between(state.config().snapshot(), latest)),
                Optional.of(latest), READY, CoreFixtures.layerOf(state.plan()))).next();
        return reconcile(applied, NAV).next();
    }
}
