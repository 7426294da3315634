package dev.cutover.controller.core;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.SourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.LAYER;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.NOTHING;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.appended;
import static dev.cutover.controller.core.CoreFixtures.due;
import static dev.cutover.controller.core.CoreFixtures.inPhase;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.overrideApplied;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.reconcile;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static dev.cutover.controller.core.CoreFixtures.withoutLogs;
import static org.assertj.core.api.Assertions.assertThat;

/** Restoring from the route log and the roles of a replica, step by step: Restored, Activated, Deactivated, following. */
class RoleStepsTest {

    static final String GONE = "mediawiki.gone";

    @Test
    void aRestoredJournalIsActiveSchedulesEveryStreamAndIsReadyOnlyAfterTheLastOneIsReconciled() {
        Snapshot config = twoStreams();
        StreamState gone = StreamState.initial(GONE, S.legacyJob(), T0.minusSeconds(60));

        Step step = restore(plan(), Role.ACTIVE, Optional.of(config), restored(List.of(gone), List.of()),
                Optional.empty());

        ControllerState state = step.next();
        assertThat(state.leadership()).isEqualTo(new Leadership(Role.ACTIVE, true));
        assertThat(state.config().snapshot()).contains(config);
        assertThat(withoutLogs(step.effects())).as("the snapshot's streams and the restored ones")
                .containsExactly(new Effect.Schedule(Set.of(NAV, DELETE, OFF, GONE), Trigger.STARTUP),
                        new Effect.Publish());
        List<String> order = List.of(GONE, OFF, DELETE, NAV);
        for (int i = 0; i < order.size(); i++) {
            assertThat(state.ready()).as("ready before %s is reconciled", order.get(i)).isFalse();
            state = Controller.step(state, due(i + 1, Trigger.STARTUP, order.get(i))).next();
        }
        assertThat(state.ready()).isTrue();
        assertThat(state.state(GONE).map(StreamState::phase)).as("kept, never rolled back").contains(Phase.ORPHANED);
        assertThat(state.state(NAV).map(StreamState::phase)).contains(Phase.SHADOW);
        assertThat(state.streams()).doesNotContainKey(OFF);
    }

    @ParameterizedTest(name = "restored as {0}")
    @EnumSource(Role.class)
    void theRoleARouteLogIsRestoredAsIsTheRoleTheControllerHas(Role role) {
        ControllerState state = restore(plan(), role, Optional.of(twoStreams()), NOTHING, Optional.empty()).next();

        assertThat(state.leadership()).isEqualTo(new Leadership(role, true));
        assertThat(state.leadership().mayWrite()).isEqualTo(role == Role.ACTIVE);
    }

    @Test
    void withoutAnySnapshotNothingIsScheduledAndTheControllerIsNotReady() {
        Step step = restore(plan(), Role.ACTIVE, Optional.empty(), restored(List.of(inPhase(NAV, Phase.SHADOW)),
                List.of()), Optional.empty());

        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
        assertThat(step.next().ready()).isFalse();
        assertThat(step.next().streams()).as("restored routes are served").containsKey(NAV);
    }

    @Test
    void aHeldOverrideLayerAppliesNoSnapshotKeepsTheRoutesAndShowsTheProblem() {
        StreamState promoted = inPhase(NAV, Phase.PROMOTED);
        RouteLog.Restored log = restored(List.of(promoted), List.of(overrideApplied(1, 3)));

        Step step = restore(planWithLayer(), Role.ACTIVE, Optional.of(twoStreams().withOverrideRevision(1)), log,
                LAYER);

        ControllerState state = step.next();
        assertThat(withoutLogs(step.effects())).as("nothing scheduled").containsExactly(new Effect.Publish());
        assertThat(logs(step.effects(), Effect.Level.ERROR)).singleElement().asString()
                .contains("config snapshot held", "went backwards", "revision 1", "revision 3");
        assertThat(state.config().snapshot()).isEmpty();
        assertThat(state.state(NAV)).contains(promoted);
        assertThat(state.configProblems()).singleElement().asString().contains(CoreFixtures.LAYER_FILE.toString(),
                "it is at revision 1", "revision 3");
        assertThat(state.ready()).isFalse();
        assertThat(state.sourceStatus(T0).state()).as("no usable snapshot").isEqualTo(SourceStatus.State.ERROR);
    }

    @Test
    void anActivatedStandbyReloadsTheRouteLogReconcilesEveryStreamAndWritesEachTableAgain() {
        ControllerState standby = settle(restore(plan(), Role.STANDBY, Optional.of(twoStreams()), NOTHING,
                Optional.empty()));
        assertThat(standby.ready()).as("a standby that skipped every stream").isTrue();
        StreamState nav = inPhase(NAV, Phase.SHADOW);
        AuditEvent managed = new AuditEvent(7, T0, NAV, "controller", "managed", "test", "v1");

        Step step = Controller.step(standby, new Event.Activated(T0, restored(List.of(nav), List.of(managed))));

        ControllerState active = step.next();
        assertThat(active.leadership()).isEqualTo(new Leadership(Role.ACTIVE, true));
        assertThat(active.state(NAV)).contains(nav);
        assertThat(active.audit().lastSeq()).isEqualTo(7);
        assertThat(withoutLogs(step.effects())).containsExactly(
                new Effect.Schedule(Set.of(NAV, DELETE, OFF), Trigger.STARTUP), new Effect.Publish());
        assertThat(active.ready()).as("an applied snapshot that is not held stays applied: no readiness dip on"
                + " failover").isTrue();

        Step first = reconcile(active, NAV);
        assertThat(first.next().state(NAV)).as("nothing to decide").contains(nav);
        assertThat(appended(first).routes()).as("the routes topic gets the table of the new active controller")
                .containsExactly(new StreamRecord(nav, active.entry(NAV).orElseThrow().table()));
        assertThat(first.next().entry(NAV).orElseThrow().tableUnwritten()).isFalse();
        assertThat(reconcile(first.next(), NAV).effects()).as("written once").containsExactly(new Effect.Publish());
    }

    @ParameterizedTest(name = "{0} -> standby, warned: {1}")
    @CsvSource({"ACTIVE, true", "STANDBY, false"})
    void aDeactivatedControllerIsAStandbyThatStillKnowsItsState(Role before, boolean warned) {
        ControllerState state = settle(restore(plan(), before, Optional.of(twoStreams()), NOTHING, Optional.empty()));

        Step step = Controller.step(state, new Event.Deactivated("fenced by a newer controller"));

        assertThat(step.next().leadership()).isEqualTo(new Leadership(Role.STANDBY, true));
        assertThat(step.next().streams()).isEqualTo(state.streams());
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
        assertThat(logs(step.effects(), Effect.Level.WARN)).hasSize(warned ? 1 : 0);
    }

    @Test
    void aFollowedRouteReplacesTheStreamAndATombstoneRemovesIt() {
        ControllerState standby = settle(restore(plan(), Role.STANDBY, Optional.of(twoStreams()),
                restored(List.of(inPhase(NAV, Phase.SHADOW)), List.of()), Optional.empty()));
        StreamState cutover = inPhase(NAV, Phase.CUTOVER);

        Step followed = Controller.step(standby, new Event.RouteFollowed(NAV, Optional.of(cutover)));
        assertThat(followed.effects()).containsExactly(new Effect.Publish());
        assertThat(followed.next().state(NAV)).contains(cutover);
        assertThat(followed.next().entry(NAV).orElseThrow().table().epoch()).isEqualTo(cutover.epoch());

        Step deleted = Controller.step(followed.next(), new Event.RouteFollowed(NAV, Optional.empty()));
        assertThat(deleted.effects()).containsExactly(new Effect.Publish());
        assertThat(deleted.next().streams()).doesNotContainKey(NAV);
    }

    @Test
    void aFollowedAuditEventIsAppendedAndRaisesTheOverrideWatermark() {
        ControllerState standby = restore(planWithLayer(), Role.STANDBY, Optional.empty(), NOTHING, LAYER).next();
        AuditEvent written = new AuditEvent(12, T0, NAV, "auto-promoter", "flag set", "evidence", "v1", 4L, null);

        Step step = Controller.step(standby, new Event.AuditFollowed(written));

        assertThat(step.effects()).containsExactly(new Effect.Publish());
        assertThat(step.next().audit().events()).containsExactly(written);
        assertThat(step.next().audit().lastSeq()).isEqualTo(12);
        assertThat(step.next().watermark().known()).isEqualTo(4);
    }
}
