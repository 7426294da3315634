package dev.cutover.controller.core;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hold;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.LAYER;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.NOTHING;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.READY;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.appended;
import static dev.cutover.controller.core.CoreFixtures.canaryHours;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.copy;
import static dev.cutover.controller.core.CoreFixtures.due;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.only;
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

/** One stream's reconcile (ReconcileDue) and the result of the flag write it asked for (FlagWritten). */
class ReconcileStepsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void theFirstPassOverASnapshotCountsEveryStreamForReadinessButOnlyAnActiveControllerDecides(Role role) {
        ControllerState state = restore(plan(), role, Optional.of(twoStreams()), NOTHING, Optional.empty()).next();

        for (String stream : List.of(NAV, DELETE, OFF)) {
            assertThat(state.ready()).isFalse();
            Step step = Controller.step(state, due(1, Trigger.STARTUP, stream));
            if (role == Role.STANDBY) {
                assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
                assertThat(logs(step.effects(), Effect.Level.DEBUG)).singleElement().asString()
                        .contains("skipped: standby");
            }
            state = step.next();
        }

        assertThat(state.ready()).isTrue();
        assertThat(state.streams().keySet()).containsExactlyInAnyOrderElementsOf(
                role == Role.ACTIVE ? Set.of(NAV, DELETE) : Set.of());
    }

    @Test
    void withoutAGoodSnapshotAReconcileIsSkippedButCountedAndTheControllerStaysUnready() {
        ControllerState standby = restore(planWithLayer(), Role.STANDBY,
                Optional.of(twoStreams().withOverrideRevision(1)), NOTHING, LAYER).next();
        ControllerState held = Controller.step(standby, new Event.Activated(T0, restored(List.of(),
                List.of(overrideApplied(1, 3))))).next();
        assertThat(held.config().snapshot()).as("the layer behind is held").isEmpty();
        assertThat(held.config().awaiting()).contains(NAV);

        Step step = reconcile(held, NAV);

        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
        assertThat(logs(step.effects(), Effect.Level.DEBUG)).singleElement().asString()
                .contains("no good config snapshot");
        assertThat(step.next().config().awaiting()).doesNotContain(NAV);
        assertThat(step.next().streams()).doesNotContainKey(NAV);
        assertThat(step.next().ready()).isFalse();
    }

    @Test
    void aNewlyManagedStreamIsStoredWithItsTableAndItsAuditNoteThenPublished() {
        ControllerState state = restore(plan(), Role.ACTIVE, Optional.of(twoStreams()), NOTHING,
                Optional.empty()).next();

        Step step = reconcile(state, NAV);

        StreamEntry entry = step.next().entry(NAV).orElseThrow();
        assertThat(entry.state()).isEqualTo(StreamState.initial(NAV, S.legacyJob(), T0, state.plan().writeLease()));
        RouteLog.Batch batch = appended(step);
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Append(batch), new Effect.Publish());
        assertThat(batch.routes()).containsExactly(new StreamRecord(entry.state(), entry.table()));
        assertThat(batch.events()).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.stream()).isEqualTo(NAV);
            assertThat(e.what()).startsWith("managed: legacy leads");
            assertThat(e.configRevision()).isEqualTo("v1");
        });
        assertThat(entry.tableUnwritten()).isFalse();
        assertThat(step.next().audit().lastSeq()).isEqualTo(1);
    }

    @Test
    void aReconcileThatDecidesNothingNewOnlyPublishes() {
        ControllerState state = active(plan(), twoStreams());

        Step step = reconcile(state, NAV);

        assertThat(step.effects()).containsExactly(new Effect.Publish());
        assertThat(step.next().streams()).isEqualTo(state.streams());
    }

    @Test
    void aStreamWhoseRouteTableChangedIsStoredAgainEvenWhenItsStateDidNot() {
        ControllerState state = active(plan(), twoStreams());
        StreamState nav = state.state(NAV).orElseThrow();
        ControllerState reported = Controller.step(state, new Event.ReportsReceived(T0,
                List.of(copy(S.legacyJob(), NAV, H0, "event", 1)), new RecordingReply())).next();
        StreamEntry entry = reported.entry(NAV).orElseThrow();
        assertThat(entry.table().holds()).as("a restored hour stays a copy: legacy must not refine it again")
                .singleElement().extracting(Hold::job, Hold::from, Hold::to)
                .containsExactly(S.legacyJob(), H0, H0);
        assertThat(entry.tableUnwritten()).isTrue();

        Step step = reconcile(reported, NAV);

        assertThat(step.next().state(NAV)).contains(nav);
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Append(new RouteLog.Batch(
                List.of(new StreamRecord(nav, entry.table())), List.of(), List.of())), new Effect.Publish());
        assertThat(step.next().entry(NAV).orElseThrow().tableUnwritten()).isFalse();
    }

    @Test
    void aPhaseChangeSchedulesTheStreamsWaitingForAGateAndNoChangeSchedulesNothing() {
        ControllerState state = active(plan(), twoStreams());
        ControllerState evidence = canaryHours(state, NAV, 2, Verdict.PASS);

        Step step = reconcile(evidence, NAV);

        assertThat(step.next().state(NAV).map(StreamState::phase)).as("no writable layer: the patch is shown")
                .contains(Phase.READY_TO_PROMOTE);
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Append(appended(step)),
                new Effect.Publish(), new Effect.Schedule(Set.of(DELETE), Trigger.RESYNC));
        assertThat(only(step.effects(), Effect.WriteFlag.class)).isEmpty();

        assertThat(only(reconcile(step.next(), NAV).effects(), Effect.Schedule.class)).isEmpty();
    }

    /** NAV with canary evidence, under a plan with a writable layer at revision 3, not reconciled since. */
    private static ControllerState promotable() {
        ControllerState state = settle(restore(planWithLayer(), Role.ACTIVE,
                Optional.of(twoStreams().withOverrideRevision(3)), restored(List.of(), List.of(overrideApplied(1, 3))),
                LAYER));
        return canaryHours(state, NAV, 2, Verdict.PASS);
    }

    @Test
    void sufficientEvidenceAsksForTheFlagWriteLastWhenALayerIsConfiguredAndNotHeld() {
        Step step = reconcile(promotable(), NAV);

        List<Effect> effects = step.effects();
        assertThat(effects.get(effects.size() - 1)).isInstanceOfSatisfying(Effect.WriteFlag.class, w -> {
            assertThat(w.ctx()).isEqualTo(new Reconciliation(1, Trigger.RESYNC, NAV));
            assertThat(w.change().stream()).isEqualTo(NAV);
            assertThat(w.change().kind()).isEqualTo(FlagChange.Kind.PROMOTE);
            assertThat(w.change().who()).isEqualTo("auto-promoter");
            assertThat(w.change().why()).startsWith("canary evidence: ");
            assertThat(w.expected()).as("the layer must be the recorded head or later")
                    .isEqualTo(promotable().watermark().recorded());
        });
        assertThat(step.next().state(NAV).map(StreamState::phase)).as("the controller reacts to config only")
                .contains(Phase.SHADOW);
    }

    @Test
    void noFlagIsWrittenWhileTheOverrideLayerIsHeld() {
        ControllerState state = promotable();
        Snapshot behind = config().managed(NAV).managed(DELETE).disabled(OFF).layered("v0", 1);
        ControllerState held = Controller.step(state, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                state.config().snapshot(), behind, SnapshotDiff.between(state.config().snapshot(), behind)),
                Optional.of(behind), READY, LAYER)).next();
        assertThat(held.configProblems()).isNotEmpty();

        Step step = reconcile(held, NAV);

        assertThat(only(step.effects(), Effect.WriteFlag.class)).isEmpty();
        assertThat(logs(step.effects(), Effect.Level.WARN)).singleElement().asString()
                .contains("PROMOTE not written to the override layer while it is behind");
    }

    @Test
    void aPromotionAlreadyWrittenIsNotWrittenAgain() {
        ControllerState state = promotable();
        ControllerState written = Controller.step(state, flagWritten(FlagChange.Kind.PROMOTE, revision(4, "event")))
                .next();

        Step step = reconcile(written, NAV);

        assertThat(only(step.effects(), Effect.WriteFlag.class)).isEmpty();
        assertThat(logs(step.effects(), Effect.Level.WARN)).isEmpty();
    }

    private static Revision revision(long number, String newValue) {
        return new Revision(number, NAV, S.flagPointer(), Optional.empty(),
                Optional.ofNullable(newValue).map(TextNode::valueOf), "auto-promoter", "evidence", T0);
    }

    private static Event.FlagWritten flagWritten(FlagChange.Kind kind, Revision revision) {
        return new Event.FlagWritten(T0, new Reconciliation(9, Trigger.REPORT, NAV),
                new FlagChange(NAV, kind, kind == FlagChange.Kind.PROMOTE ? "auto-promoter" : "auto-rollback",
                        "evidence"), Optional.ofNullable(revision));
    }

    @Test
    void aFlagWriteThatWroteNothingChangesNothing() {
        ControllerState state = promotable();

        for (Event.FlagWritten nothing : List.of(flagWritten(FlagChange.Kind.PROMOTE, null),
                flagWritten(FlagChange.Kind.REVERT, revision(0, null)))) {
            Step step = Controller.step(state, nothing);
            assertThat(step.next()).isSameAs(state);
            assertThat(step.effects()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FlagChange.Kind.class)
    void aWrittenFlagIsAuditedWithItsRevisionThenTheConfigIsPolledAtOnce(FlagChange.Kind kind) {
        ControllerState state = promotable();

        Step step = Controller.step(state, flagWritten(kind, revision(4, kind == FlagChange.Kind.PROMOTE ? "event"
                : "event_airflow")));

        AuditEvent event = appended(step).events().get(0);
        assertThat(step.effects()).hasSize(4);
        assertThat(step.effects().get(0)).isEqualTo(new Effect.Append(new RouteLog.Batch(List.of(), List.of(event),
                List.of())));
        assertThat(step.effects().get(1)).isEqualTo(new Effect.Publish());
        assertThat(step.effects().get(2)).isInstanceOf(Effect.Log.class);
        assertThat(step.effects().get(3)).isEqualTo(new Effect.PollNow());
        assertThat(event.seq()).isEqualTo(state.audit().lastSeq() + 1);
        assertThat(event.stream()).isEqualTo(NAV);
        assertThat(event.overrideRevision()).isEqualTo(4);
        assertThat(event.what()).isEqualTo((kind == FlagChange.Kind.PROMOTE ? "flag set to event" : "flag reverted")
                + " in the override layer (revision 4)");
        ControllerState next = step.next();
        assertThat(next.watermark().known()).isEqualTo(4);
        assertThat(next.promotionsInFlight().contains(NAV)).isEqualTo(kind == FlagChange.Kind.PROMOTE);
        assertThat(next.audit().events()).endsWith(event);
    }

    @Test
    void aWrittenFlagRecordsTheLayersNewHeadWithItsHash() {
        Revision written = revision(4, "event").sealed(new Revision.Seal("sha256:r3", "sha256:streams", "sha256:r4"));

        Step step = Controller.step(promotable(), flagWritten(FlagChange.Kind.PROMOTE, written));

        assertThat(step.next().watermark().recorded()).isEqualTo(
                dev.cutover.streamconfig.OverrideHead.of(4, "sha256:r4"));
        assertThat(appended(step).events().get(0).overrideHash()).isEqualTo("sha256:r4");
    }

    @Test
    void aPromotionInFlightEndsWhenTheStreamLeavesShadow() {
        ControllerState written = Controller.step(promotable(), flagWritten(FlagChange.Kind.PROMOTE,
                revision(4, "event"))).next();
        Snapshot promoted = config().managed(NAV).managed(DELETE).disabled(OFF).flag(NAV, "event").layered("v2", 4);
        ControllerState fetched = Controller.step(written, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                written.config().snapshot(), promoted, SnapshotDiff.between(written.config().snapshot(), promoted)),
                Optional.of(promoted), READY, LAYER)).next();

        Step step = reconcile(fetched, NAV);

        assertThat(step.next().state(NAV).map(StreamState::phase)).contains(Phase.CUTOVER);
        assertThat(step.next().promotionsInFlight()).isEmpty();
    }
}
