package dev.cutover.controller.core;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.notify.Notification;
import dev.cutover.controller.notify.Notifications;
import dev.cutover.controller.notify.Notifier;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.Revision;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.LAYER;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.READY;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.canaryHours;
import static dev.cutover.controller.core.CoreFixtures.compare;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.layerOf;
import static dev.cutover.controller.core.CoreFixtures.overrideApplied;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.reconcile;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Notifications#between} over states reached by stepping the controller itself (the fixtures of this package,
 * hence the package): which events are told, with which stable ids, and that nothing is replayed.
 */
class NotificationsTest {

    private static final Instant NOW = T0.plusSeconds(60);

    private static ControllerState fetched(ControllerState state, Snapshot latest) {
        return settle(Controller.step(state, new Event.ConfigFetched(T0, new PollOutcome.Applied(
                state.config().snapshot(), latest, SnapshotDiff.between(state.config().snapshot(), latest)),
                Optional.of(latest), READY, layerOf(state.plan()))));
    }

    private static List<Notification> between(ControllerState before, ControllerState after) {
        return Notifications.between(before, after, NOW);
    }

    @Test
    void aPhaseChangeIsToldWithItsAuditSequenceAsIdAndABlockedPreflightIsAHold() {
        ControllerState state = active(plan(), twoStreams());
        ControllerState flipped = fetched(state, config().managed(NAV).flag(DELETE, "event").disabled(OFF)
                .snapshot("v2"));
        assertThat(flipped.state(DELETE).orElseThrow().phase()).isEqualTo(Phase.BLOCKED);

        List<Notification> found = between(state, flipped);

        assertThat(found).extracting(Notification::kind).containsExactly(Notification.Kind.PHASE_CHANGED,
                Notification.Kind.HOLD);
        assertThat(found).extracting(Notification::phase).containsExactly("PREFLIGHT", "BLOCKED");
        assertThat(found).allSatisfy(n -> {
            assertThat(n.stream()).isEqualTo(DELETE);
            assertThat(n.id()).matches("audit-[0-9]+");
            assertThat(n.at()).isEqualTo(T0);
        });
        assertThat(found.get(0).text()).startsWith(DELETE + ": SHADOW -> PREFLIGHT by controller");
        assertThat(found.get(1).text()).contains("PREFLIGHT -> BLOCKED", "canary evidence insufficient");
        assertThat(found.get(1).id()).isEqualTo("audit-" + flipped.audit().lastSeq());
        assertThat(between(state, flipped)).as("the same states, the same notifications and ids").isEqualTo(found);
        assertThat(between(flipped, flipped)).isEmpty();
    }

    @Test
    void anInvalidFlagAndAVanishedStreamAreHolds() {
        ControllerState state = active(plan(), twoStreams());
        ControllerState invalid = fetched(state, config().managed(NAV).flag(DELETE, "event_mystery").disabled(OFF)
                .snapshot("v2"));
        ControllerState orphaned = fetched(invalid, config().flag(DELETE, "event_mystery").disabled(OFF)
                .snapshot("v3"));

        assertThat(between(state, invalid)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.HOLD);
            assertThat(n.phase()).isEqualTo("INVALID");
            assertThat(n.text()).contains("'event_mystery'");
        });
        assertThat(between(invalid, orphaned)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.HOLD);
            assertThat(n.stream()).isEqualTo(NAV);
            assertThat(n.phase()).isEqualTo("ORPHANED");
        });
        assertThat(between(state, orphaned)).as("two ticks' worth at once: both, in order").hasSize(2);
    }

    @Test
    void failedHoursAreToldOncePerStreamAndHour() {
        ControllerState state = active(plan(), twoStreams());
        ControllerState failed = canaryHours(state, DELETE, 2, Verdict.FAIL);

        List<Notification> found = between(state, failed);

        assertThat(found).extracting(Notification::id).containsExactly(DELETE + "|" + H0 + "|FAIL",
                DELETE + "|" + H0.plusHours(1) + "|FAIL");
        assertThat(found).allSatisfy(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.VERDICT_FAIL);
            assertThat(n.phase()).isEqualTo("SHADOW");
            assertThat(n.at()).isEqualTo(NOW);
        });
        assertThat(found.get(0).hour()).isEqualTo(H0);
        ControllerState more = canaryHours(failed, NAV, 1, Verdict.PASS);
        assertThat(between(failed, more)).as("NAV passes; DELETE's hours were told already").isEmpty();
    }

    @Test
    void aLateHourIsToldAsLate() {
        MigrationPlan plan = planWithLayer().withTimeliness(new TimelinessPolicy(
                Optional.of(Duration.ofMinutes(30)), Optional.empty(), Optional.empty(), 24));
        ControllerState state = active(plan, config().managed(NAV).layered("v1", 0));
        Instant later = T0.plus(Duration.ofMinutes(45));
        ControllerState legacy = step(state, T0, List.of(refine(S.legacyJob(), NAV, H0,
                S.productionDatabase().value(), 1)));
        ControllerState late = step(legacy, later, List.of(refine(S.newJob(), NAV, H0, S.newShadow().value(), 1)));
        ControllerState compared = step(late, later, List.of(compare(NAV, H0, 1, Verdict.PASS)));

        assertThat(between(state, compared)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.VERDICT_LATE);
            assertThat(n.id()).isEqualTo(NAV + "|" + H0 + "|LATE");
            assertThat(n.text()).contains("late: airflow landed");
        });
        assertThat(between(late, compared)).as("late already before the compare").isEmpty();
    }

    private static ControllerState step(ControllerState state, Instant at, List<Report> reports) {
        return Controller.step(state, new Event.ReportsReceived(at, reports, new RecordingReply())).next();
    }

    @Test
    void theAutoPromotersFlagWriteIsAnAutoPromotion() {
        ControllerState state = canaryHours(settle(restore(planWithLayer(), Role.ACTIVE,
                Optional.of(twoStreams().withOverrideRevision(3)), restored(List.of(), List.of(overrideApplied(1, 3))),
                LAYER)), NAV, 2, Verdict.PASS);
        Step reconciled = reconcile(state, NAV);
        FlagChange change = CoreFixtures.only(reconciled.effects(), Effect.WriteFlag.class).get(0).change();
        ControllerState written = Controller.step(reconciled.next(), new Event.FlagWritten(T0,
                new Reconciliation(9, Trigger.REPORT, NAV), change, Optional.of(new Revision(4, NAV, S.flagPointer(),
                Optional.empty(), Optional.of(TextNode.valueOf("event")), "auto-promoter", "evidence", T0)))).next();

        assertThat(between(state, written)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.AUTO_PROMOTED);
            assertThat(n.stream()).isEqualTo(NAV);
            assertThat(n.id()).isEqualTo("audit-" + written.audit().lastSeq());
            assertThat(n.text()).contains("auto-promoted", "flag set to event", "canary evidence");
        });
    }

    @Test
    void anOverrideLayerBehindIsAHoldToldOnceWhileItLasts() {
        ControllerState state = settle(restore(planWithLayer(), Role.ACTIVE,
                Optional.of(twoStreams().withOverrideRevision(3)), restored(List.of(), List.of(overrideApplied(1, 3))),
                LAYER));
        Snapshot behind = config().managed(NAV).managed(DELETE).disabled(OFF).layered("v0", 1);
        ControllerState held = fetched(state, behind);
        ControllerState stillHeld = fetched(held, behind);

        List<Notification> found = between(state, held);

        assertThat(found).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.HOLD);
            assertThat(n.stream()).isNull();
            assertThat(n.id()).startsWith("layer-behind|3|");
            assertThat(n.text()).contains("went backwards");
        });
        assertThat(between(held, stillHeld)).isEmpty();
        assertThat(between(state, stillHeld)).isEqualTo(found);
    }

    @Test
    void aStandbyTellsNothing() {
        ControllerState state = active(plan(), twoStreams());
        ControllerState failed = canaryHours(state, DELETE, 2, Verdict.FAIL);

        assertThat(between(state, failed.withLeadership(failed.leadership().deactivated()))).isEmpty();
    }

    @Test
    void theNotifierTakesTheFirstRestoredStateAsItsBaselineAndNeverReplaysHistory() {
        ControllerState unrestored = ControllerState.initial(plan(), READY);
        ControllerState restoredWithHistory = canaryHours(active(plan(), twoStreams()), DELETE, 2, Verdict.FAIL);
        ControllerState flipped = fetched(restoredWithHistory, config().managed(NAV).flag(DELETE, "event")
                .disabled(OFF).snapshot("v2"));
        AtomicReference<ControllerState> published = new AtomicReference<>(unrestored);
        List<Notification> sent = new ArrayList<>();
        Notifier notifier = new Notifier(published::get, sent::add, new MutableClock(NOW));

        assertThat(notifier.tick()).isEmpty();
        published.set(restoredWithHistory);
        assertThat(notifier.tick()).as("the baseline: its audit log and FAIL hours are history").isEmpty();
        assertThat(notifier.tick()).isEmpty();
        published.set(flipped);
        List<Notification> told = notifier.tick();

        assertThat(told).extracting(Notification::phase).containsExactly("PREFLIGHT", "BLOCKED");
        assertThat(sent).isEqualTo(told);
        assertThat(notifier.tick()).isEmpty();
    }
}
