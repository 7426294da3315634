package dev.cutover.controller.core;

import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.poll.PollOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.cutover.controller.core.CoreFixtures.CREATE;
import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.LAYER;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.NOTHING;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.READY;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.appended;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.only;
import static dev.cutover.controller.core.CoreFixtures.overrideApplied;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static dev.cutover.controller.core.CoreFixtures.withoutLogs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Config fetches (I4) and the audited acceptance of an override layer that went backwards. */
class ConfigStepsTest {

    private static Event.ConfigFetched applied(ControllerState state, Snapshot latest) {
        return new Event.ConfigFetched(T0, new PollOutcome.Applied(state.config().snapshot(), latest,
                SnapshotDiff.between(state.config().snapshot(), latest)), Optional.of(latest), READY,
                CoreFixtures.layerOf(state.plan()));
    }

    static Stream<Arguments> fetchesThatChangeNothing() {
        Snapshot current = twoStreams();
        return Stream.of(
                arguments("failed", new PollOutcome.Failed("HTTP 503 from the API"), current, true),
                arguments("held as suspicious", new PollOutcome.Held("it loses 2 of 3 streams"), current, true),
                arguments("unchanged (re-stamped)", new PollOutcome.Unchanged(),
                        current.withFetchedAt(T0.plusSeconds(60)), false));
    }

    @ParameterizedTest(name = "a {0} fetch")
    @MethodSource("fetchesThatChangeNothing")
    void aFailedHeldOrUnchangedFetchChangesNothing(String what, PollOutcome outcome, Snapshot latest, boolean warned) {
        ControllerState state = active(plan(), twoStreams());

        Step step = Controller.step(state, new Event.ConfigFetched(T0, outcome, Optional.of(latest), READY,
                Optional.empty()));

        ControllerState next = step.next();
        assertThat(next.config().snapshot()).containsSame(state.config().snapshot().orElseThrow());
        assertThat(next.streams()).isEqualTo(state.streams());
        assertThat(next.audit()).isEqualTo(state.audit());
        assertThat(next.watermark()).isEqualTo(state.watermark());
        assertThat(next.ready()).isTrue();
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
        assertThat(logs(step.effects(), Effect.Level.WARN)).hasSize(warned ? 1 : 0)
                .allSatisfy(w -> assertThat(w).contains("nothing changed"));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                arguments("a flag set", config().managed(NAV).flag(DELETE, "event").disabled(OFF), Set.of(DELETE)),
                arguments("a stream added", config().managed(NAV).managed(DELETE).managed(CREATE).disabled(OFF),
                        Set.of(CREATE)),
                arguments("a stream removed", config().managed(NAV).disabled(OFF), Set.of(DELETE)),
                arguments("ingestion enabled", config().managed(NAV).managed(DELETE).managed(OFF), Set.of(OFF)));
    }

    @ParameterizedTest(name = "{0}: {2} scheduled")
    @MethodSource("changes")
    void aChangedSnapshotIsAppliedAndSchedulesExactlyTheChangedStreams(String what, CoreFixtures.Config newer,
                                                                       Set<String> changed) {
        ControllerState state = active(plan(), twoStreams());
        Snapshot latest = newer.snapshot("v2");

        Step step = Controller.step(state, applied(state, latest));

        assertThat(step.next().config().snapshot()).contains(latest);
        assertThat(step.next().config().revision()).contains("v2");
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Schedule(changed, Trigger.CONFIG_CHANGE),
                new Effect.Publish());
        assertThat(step.next().streams()).as("reconciles change streams, not the fetch").isEqualTo(state.streams());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void aRaisedOverrideRevisionIsRecordedAndOnlyAnActiveControllerAppendsItsAuditEvent(Role role) {
        ControllerState state = settle(restore(planWithLayer(), role, Optional.of(twoStreams().withOverrideRevision(1)),
                NOTHING, LAYER));
        Snapshot latest = config().managed(NAV).flag(DELETE, "event").disabled(OFF).layered("v2", 2);

        Step step = Controller.step(state, applied(state, latest));

        assertThat(step.next().watermark().known()).isEqualTo(2);
        Effect schedule = new Effect.Schedule(Set.of(DELETE), Trigger.CONFIG_CHANGE);
        if (role == Role.STANDBY) {
            assertThat(withoutLogs(step.effects())).containsExactly(schedule, new Effect.Publish());
            assertThat(step.next().audit()).isEqualTo(state.audit());
            return;
        }
        AuditEvent event = appended(step).events().get(0);
        assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Append(new RouteLog.Batch(List.of(),
                List.of(event), List.of())), schedule, new Effect.Publish());
        assertThat(event.seq()).isEqualTo(state.audit().lastSeq() + 1);
        assertThat(event.stream()).as("an event of the whole controller").isNull();
        assertThat(event.what()).isEqualTo("override layer revision 2 applied");
        assertThat(event.overrideRevision()).isEqualTo(2);
        assertThat(event.configRevision()).isEqualTo("v2");
        assertThat(step.next().audit().events()).endsWith(event);
    }

    /** The active controller applied the layer at revision 3 (recorded in its audit log). */
    private static ControllerState appliedAtRevision3() {
        return settle(restore(planWithLayer(), Role.ACTIVE, Optional.of(twoStreams().withOverrideRevision(3)),
                restored(List.of(), List.of(overrideApplied(1, 3))), LAYER));
    }

    /** The layer went back to revision 1 (and shows DELETE's flag as set). */
    private static Snapshot behind() {
        return config().managed(NAV).flag(DELETE, "event").disabled(OFF).layered("v2", 1);
    }

    @Test
    void aSnapshotWhoseOverrideLayerWentBackwardsIsHeldOnceAndReleasedWhenTheLayerIsBack() {
        ControllerState state = appliedAtRevision3();
        assertThat(state.ready()).isTrue();

        Step held = Controller.step(state, applied(state, behind()));
        assertThat(withoutLogs(held.effects())).containsExactly(new Effect.Publish());
        assertThat(logs(held.effects(), Effect.Level.ERROR)).singleElement().asString().contains("went backwards");
        assertThat(held.next().config().snapshot()).isEqualTo(state.config().snapshot());
        assertThat(held.next().config().latest()).contains(behind());
        assertThat(held.next().configProblems()).singleElement().asString().contains("it is at revision 1");

        Step again = Controller.step(held.next(), applied(held.next(), behind()));
        assertThat(again.effects()).as("said once").containsExactly(new Effect.Publish());

        Step back = Controller.step(again.next(), applied(again.next(), state.config().snapshot().orElseThrow()));
        assertThat(withoutLogs(back.effects())).as("same content: nothing to reconcile")
                .containsExactly(new Effect.Publish());
        assertThat(logs(back.effects(), Effect.Level.INFO)).singleElement().asString()
                .contains("back at revision 3");
        assertThat(back.next().configProblems()).isEmpty();
    }

    @Test
    void acceptingWhenNothingIsHeldIsAConflict() {
        ControllerState state = appliedAtRevision3();
        RecordingReply reply = new RecordingReply();

        Step step = Controller.step(state, new Event.OverrideAcceptRequested(T0, 3, "erin", "T3", reply));

        assertThat(step.next()).isSameAs(state);
        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class, r -> {
            assertThat(r.reply()).isSameAs(reply);
            assertThat(r.error()).isInstanceOf(DomainError.Conflict.class);
            assertThat(r.error().message()).contains("nothing to accept");
        });
    }

    @Test
    void aStandbyRefusesAnAcceptAsUnavailable() {
        ControllerState standby = settle(restore(planWithLayer(), Role.STANDBY,
                Optional.of(twoStreams().withOverrideRevision(1)), NOTHING, LAYER));

        Step step = Controller.step(standby, new Event.OverrideAcceptRequested(T0, 1, "erin", "T3",
                new RecordingReply()));

        assertThat(step.next()).isSameAs(standby);
        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class,
                r -> assertThat(r.error()).isInstanceOf(DomainError.Unavailable.class));
    }

    @Test
    void acceptingAnotherRevisionThanTheHeldOneIsABadRequestNamingBoth() {
        ControllerState state = appliedAtRevision3();
        ControllerState held = Controller.step(state, applied(state, behind())).next();

        Step step = Controller.step(held, new Event.OverrideAcceptRequested(T0, 2, "erin", "T3",
                new RecordingReply()));

        assertThat(step.next()).isSameAs(held);
        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class, r -> {
            assertThat(r.error()).isInstanceOf(DomainError.BadRequest.class);
            assertThat(r.error().message()).contains("revision 1, not 2");
        });
    }

    @Test
    void anAcceptedLayerIsAuditedClearsTheHoldAppliesTheSnapshotAndSchedulesEveryStream() {
        ControllerState state = appliedAtRevision3();
        ControllerState held = Controller.step(state, applied(state, behind())).next();
        RecordingReply reply = new RecordingReply();

        Step step = Controller.step(held, new Event.OverrideAcceptRequested(T0, 1, "erin", "T3: reset on purpose",
                reply));

        AuditEvent accepted = appended(step).events().get(0);
        assertThat(withoutLogs(step.effects())).containsExactly(
                new Effect.Append(new RouteLog.Batch(List.of(), List.of(accepted), List.of())),
                new Effect.Publish(),
                new Effect.Respond(reply, new Responses.OverrideLayerAccepted(true, 1)),
                new Effect.Schedule(Set.of(NAV, DELETE), Trigger.API));
        assertThat(accepted.seq()).isEqualTo(held.audit().lastSeq() + 1);
        assertThat(accepted.overrideAccepted()).isTrue();
        assertThat(accepted.overrideRevision()).isEqualTo(1);
        assertThat(accepted.who()).isEqualTo("erin");
        assertThat(accepted.why()).isEqualTo("T3: reset on purpose");
        assertThat(accepted.what()).contains(CoreFixtures.LAYER_FILE.toString(), "accepted at revision 1",
                "revision 3 was applied before");
        ControllerState next = step.next();
        assertThat(next.watermark()).isEqualTo(new OverrideWatermark(1, Optional.empty()));
        assertThat(next.configProblems()).isEmpty();
        assertThat(next.config().snapshot()).contains(behind());
        assertThat(next.audit().events()).endsWith(accepted);
        assertThat(OverrideWatermark.of(next.audit().events()).known()).as("a restart folds the same watermark")
                .isEqualTo(1);
    }

    // --- the override layer identified by content ---------------------------------------------------------------

    static final OverrideHead EMPTY = OverrideHead.of(0, "sha256:empty");
    static final OverrideHead R1 = OverrideHead.of(1, "sha256:r1");
    static final OverrideHead R2 = OverrideHead.of(2, "sha256:r2");
    /** Revision 2 written into an older copy at revision 1. */
    static final OverrideHead FORK = OverrideHead.of(2, "sha256:fork");

    private static Snapshot built(CoreFixtures.Config config, OverrideHead... chain) {
        List<OverrideHead> ancestors = new java.util.ArrayList<>(List.of(EMPTY));
        ancestors.addAll(List.of(chain));
        return config.snapshot("v2").withOverrideLineage(new OverrideLineage(chain[chain.length - 1], ancestors,
                Optional.empty()));
    }

    /** The active controller applied (and recorded) the layer at {@link #R2}, which promoted DELETE. */
    private static ControllerState appliedAtR2() {
        ControllerState state = settle(restore(planWithLayer(), Role.ACTIVE,
                Optional.of(built(config().managed(NAV).managed(DELETE).disabled(OFF), R1)), NOTHING, LAYER));
        Snapshot r2 = built(config().managed(NAV).flag(DELETE, "event").disabled(OFF), R1, R2);
        return settle(Controller.step(state, applied(state, r2)));
    }

    @Test
    void anAppliedLayerVersionIsRecordedWithItsHashInTheAuditLog() {
        ControllerState state = appliedAtR2();

        assertThat(state.watermark().recorded()).isEqualTo(R2);
        AuditEvent recorded = state.audit().events().stream()
                .filter(e -> e.what().equals("override layer revision 2 applied")).findFirst().orElseThrow();
        assertThat(recorded.overrideRevision()).isEqualTo(2);
        assertThat(recorded.overrideHash()).isEqualTo("sha256:r2");
        assertThat(OverrideWatermark.of(state.audit().events()).recorded()).as("a restart folds the same head")
                .isEqualTo(R2);
    }

    @Test
    void aLayerWrittenToAfterAnOlderCopyWasRestoredIsHeldAlthoughItsRevisionCaughtUp() {
        ControllerState state = appliedAtR2();
        Snapshot fork = built(config().managed(NAV).managed(DELETE).flag(CREATE, "event").disabled(OFF), R1, FORK);

        Step held = Controller.step(state, applied(state, fork));

        assertThat(withoutLogs(held.effects())).containsExactly(new Effect.Publish());
        assertThat(held.next().config().snapshot()).isEqualTo(state.config().snapshot());
        assertThat(held.next().audit()).isEqualTo(state.audit());
        assertThat(held.next().watermark().recorded()).isEqualTo(R2);
        assertThat(held.next().configProblems()).singleElement().asString().contains("was replaced",
                "revision 2 (sha256:fork)", "revision 2 (sha256:r2)");
    }

    @Test
    void theFirstHashOfARevisionRecordedWithoutOneIsRecordedAlthoughTheContentIsTheSame() {
        Snapshot content = config().managed(NAV).managed(DELETE).disabled(OFF).snapshot("v1");
        ControllerState state = settle(restore(planWithLayer(), Role.ACTIVE,
                Optional.of(content.withOverrideRevision(1)), restored(List.of(), List.of(overrideApplied(1, 1))),
                LAYER));

        Step step = Controller.step(state, applied(state, built(config().managed(NAV).managed(DELETE).disabled(OFF),
                R1)));

        assertThat(step.next().watermark().recorded()).isEqualTo(R1);
        assertThat(appended(step).events()).singleElement().satisfies(e -> {
            assertThat(e.overrideRevision()).isEqualTo(1);
            assertThat(e.overrideHash()).isEqualTo("sha256:r1");
        });
        assertThat(only(step.effects(), Effect.Schedule.class)).as("nothing changed to reconcile").isEmpty();
    }

    @Test
    void anAcceptedForkIsRecordedWithItsHashAndAppliedFromThen() {
        ControllerState state = appliedAtR2();
        Snapshot fork = built(config().managed(NAV).managed(DELETE).flag(CREATE, "event").disabled(OFF), R1, FORK);
        ControllerState held = Controller.step(state, applied(state, fork)).next();

        Step step = Controller.step(held, new Event.OverrideAcceptRequested(T0, 2, "erin", "T3: keep the fork",
                new RecordingReply()));

        AuditEvent accepted = appended(step).events().get(0);
        assertThat(accepted.acceptsOverrideRevision()).isTrue();
        assertThat(accepted.overrideHash()).isEqualTo("sha256:fork");
        assertThat(accepted.what()).contains("accepted at revision 2 (sha256:fork)");
        assertThat(step.next().watermark()).isEqualTo(new OverrideWatermark(FORK, Optional.empty()));
        assertThat(step.next().config().snapshot()).contains(fork);
        assertThat(OverrideWatermark.of(step.next().audit().events()).recorded()).isEqualTo(FORK);
    }
}
