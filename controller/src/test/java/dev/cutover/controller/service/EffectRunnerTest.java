package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Reply;
import dev.cutover.controller.core.Step;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.Revision;
import dev.cutover.streamconfig.source.SourceStatus;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/** The effect runner against mocked ports: order, failures turned into events, what a failed append stops. */
@ExtendWith(MockitoExtension.class)
class EffectRunnerTest {

    /** The override-layer head the step expects the layer at. */
    static final OverrideHead RECORDED = OverrideHead.of(3, "sha256:0a1b");

    static final String NAV = "eventlogging_NavigationTiming";
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final ControllerState NEXT = ControllerState.initial(MigrationPlan.defaults(List.of(NAV)),
            new SourceStatus(SourceStatus.State.READY, Optional.of(T0), Optional.empty(), Optional.empty()));
    static final Reconciliation CTX = new Reconciliation(7, Trigger.REPORT, NAV);
    static final FlagChange PROMOTE = new FlagChange(NAV, FlagChange.Kind.PROMOTE, "auto-promoter", "evidence");
    static final RouteLog.Batch BATCH = new RouteLog.Batch(List.of(), List.of(new AuditEvent(1, T0, NAV,
            "controller", "managed", "test", "v1")), List.of());

    @Mock
    EffectRunner.Ports ports;
    final MutableClock clock = new MutableClock(T0);

    private EffectRunner runner() {
        return new EffectRunner(ports, clock);
    }

    /** A reply that records how it was completed. */
    static final class RecordingReply implements Reply {
        final List<Object> bodies = new ArrayList<>();
        final List<DomainError> errors = new ArrayList<>();

        @Override
        public void succeed(Object body) {
            bodies.add(body);
        }

        @Override
        public void fail(DomainError error) {
            errors.add(error);
        }
    }

    private static Revision revision(long number) {
        return new Revision(number, NAV, CutoverSettings.DEFAULTS.flagPointer(), Optional.empty(),
                Optional.of(TextNode.valueOf("event")), "auto-promoter", "evidence", T0);
    }

    @Test
    void aFailingAppendStopsTheStepUncommittedRefusesTheWaitingRepliesAndBecomesAnEffectFailedEvent() {
        doThrow(new RouteLogException("cannot append to /state/routes.log: disk full")).when(ports).append(BATCH);
        RecordingReply accepted = new RecordingReply();
        RecordingReply refused = new RecordingReply();
        Effect.Append append = new Effect.Append(BATCH);
        Step step = new Step(NEXT, List.of(append, new Effect.Publish(), new Effect.WriteFlag(CTX, PROMOTE, RECORDED),
                new Effect.Respond(accepted, new Responses.RequestAccepted(NAV, true)),
                new Effect.Refuse(refused, new DomainError.Conflict("not now")),
                new Effect.Schedule(Set.of(NAV), Trigger.API), new Effect.PollNow(),
                new Effect.CountApplied(List.of())));
        clock.advance(java.time.Duration.ofSeconds(3));

        EffectRunner.Result result = runner().run(step);

        assertThat(result.committed()).isFalse();
        assertThat(result.followUps()).containsExactly(new Event.EffectFailed(T0.plusSeconds(3), append,
                "cannot append to /state/routes.log: disk full"));
        verify(ports).append(BATCH);
        verify(ports, never()).writeFlag(any(), any());
        verify(ports, never()).publish(any());
        verify(ports, never()).schedule(anySet(), any());
        verify(ports, never()).pollNow();
        verify(ports, never()).countApplied(anyList());
        verifyNoMoreInteractions(ports);
        assertThat(accepted.bodies).isEmpty();
        assertThat(accepted.errors).singleElement().isInstanceOfSatisfying(DomainError.Unavailable.class,
                e -> assertThat(e.message()).contains("not stored, nothing changed", "disk full"));
        assertThat(refused.errors).as("a refusal the step decided is given as decided")
                .containsExactly(new DomainError.Conflict("not now"));
    }

    @Test
    void aFailedReconcileIsCountedForItsStreamAndPublished() {
        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(new Effect.CountReconcileFailure(NAV),
                new Effect.Publish())));

        assertThat(result.committed()).isTrue();
        InOrder order = inOrder(ports);
        order.verify(ports).countReconcileFailure(NAV);
        order.verify(ports).publish(NEXT);
        verifyNoMoreInteractions(ports);
        ControllerMetrics metrics = new ControllerMetrics(() -> NEXT, new ReconcileQueue(), clock);
        metrics.recordReconcileFailure(NAV);
        metrics.recordReconcileFailure(NAV);
        assertThat(metrics.scrape()).contains("cutover_reconcile_failures_total{stream=\"" + NAV + "\"} 2.0");
    }

    @Test
    void effectsBeforeAFailingAppendHaveHappenedAndTheAppendIsTheLastPortCall() {
        Effect.Append second = new Effect.Append(BATCH);
        RouteLog.Batch first = new RouteLog.Batch(List.of(), List.of(), List.of());
        lenient().doThrow(new RouteLogException("fenced")).when(ports).append(BATCH);

        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(new Effect.Append(first),
                new Effect.Schedule(Set.of(NAV), Trigger.RESYNC), second, new Effect.Publish())));

        assertThat(result.committed()).isFalse();
        InOrder order = inOrder(ports);
        order.verify(ports).append(first);
        order.verify(ports).schedule(Set.of(NAV), Trigger.RESYNC);
        order.verify(ports).append(BATCH);
        verifyNoMoreInteractions(ports);
    }

    @Test
    void aSuccessfulAppendThenAFlagWriteCommitsAndReturnsTheWrittenRevisionAsFlagWritten() {
        when(ports.writeFlag(PROMOTE, RECORDED)).thenReturn(Optional.of(revision(4)));

        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(new Effect.Append(BATCH),
                new Effect.Publish(), new Effect.WriteFlag(CTX, PROMOTE, RECORDED))));

        assertThat(result.committed()).isTrue();
        assertThat(result.followUps()).containsExactly(new Event.FlagWritten(T0, CTX, PROMOTE,
                Optional.of(revision(4))));
        InOrder order = inOrder(ports);
        order.verify(ports).append(BATCH);
        order.verify(ports).publish(NEXT);
        order.verify(ports).writeFlag(PROMOTE, RECORDED);
        verifyNoMoreInteractions(ports);
    }

    @Test
    void aFlagWriteThatWroteNothingStillComesBackAsFlagWrittenWithoutARevision() {
        when(ports.writeFlag(PROMOTE, RECORDED)).thenReturn(Optional.empty());

        EffectRunner.Result result = runner().run(new Step(NEXT,
                List.of(new Effect.WriteFlag(CTX, PROMOTE, RECORDED))));

        assertThat(result.followUps()).containsExactly(new Event.FlagWritten(T0, CTX, PROMOTE, Optional.empty()));
    }

    @Test
    void aFailingFlagWriteBecomesAnEffectFailedEventButTheStepStaysCommittedAndGoesOn() {
        Effect.WriteFlag write = new Effect.WriteFlag(CTX, PROMOTE, RECORDED);
        when(ports.writeFlag(PROMOTE, RECORDED))
                .thenThrow(new IllegalStateException("overrides.json: read-only file system"));
        RecordingReply reply = new RecordingReply();

        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(new Effect.Append(BATCH), write,
                new Effect.Publish(), new Effect.Respond(reply, "ok"), new Effect.PollNow())));

        assertThat(result.committed()).isTrue();
        assertThat(result.followUps()).containsExactly(new Event.EffectFailed(T0, write,
                "overrides.json: read-only file system"));
        InOrder order = inOrder(ports);
        order.verify(ports).append(BATCH);
        order.verify(ports).writeFlag(PROMOTE, RECORDED);
        order.verify(ports).publish(NEXT);
        order.verify(ports).pollNow();
        assertThat(reply.bodies).containsExactly("ok");
    }

    private static final List<Effect.LandingLag> LAGS = List.of(new Effect.LandingLag("airflow",
            java.time.Duration.ofMinutes(41)));

    @Test
    void everyEffectIsPerformedOnceInTheOrderTheStepListsThem() {
        List<Report> reports = List.of();
        RecordingReply reply = new RecordingReply();
        RecordingReply refused = new RecordingReply();
        when(ports.writeFlag(PROMOTE, RECORDED)).thenReturn(Optional.of(revision(5)));

        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(new Effect.PollNow(),
                new Effect.CountApplied(reports), Effect.info("a log line touches no port"),
                new Effect.ObserveLandingLags(LAGS),
                new Effect.Schedule(Set.of(NAV), Trigger.REPORT), new Effect.Append(BATCH),
                new Effect.Respond(reply, new Responses.ReportsAccepted(0)),
                new Effect.Refuse(refused, new DomainError.NotFound("nope")),
                new Effect.WriteFlag(CTX, PROMOTE, RECORDED),
                new Effect.Publish())));

        assertThat(result.committed()).isTrue();
        InOrder order = inOrder(ports);
        order.verify(ports).pollNow();
        order.verify(ports).countApplied(reports);
        order.verify(ports).observeLandingLags(LAGS);
        order.verify(ports).schedule(Set.of(NAV), Trigger.REPORT);
        order.verify(ports).append(BATCH);
        order.verify(ports).writeFlag(PROMOTE, RECORDED);
        order.verify(ports).publish(NEXT);
        verifyNoMoreInteractions(ports);
        assertThat(reply.bodies).containsExactly(new Responses.ReportsAccepted(0));
        assertThat(refused.errors).containsExactly(new DomainError.NotFound("nope"));
    }

    @Test
    void aStepWithOnlyLogLinesAndRepliesTouchesNoPort() {
        RecordingReply reply = new RecordingReply();

        EffectRunner.Result result = runner().run(new Step(NEXT, List.of(Effect.warn("careful"),
                new Effect.Refuse(reply, new DomainError.Unavailable("standby")))));

        assertThat(result).isEqualTo(new EffectRunner.Result(true, List.of()));
        verifyNoInteractions(ports);
        assertThat(reply.errors).containsExactly(new DomainError.Unavailable("standby"));
    }

    private static RouteLog.Batch audit(long seq, String why) {
        return new RouteLog.Batch(List.of(), List.of(new AuditEvent(seq, T0, NAV, "controller", "managed", why, "v1")),
                List.of());
    }

    @Test
    void aGroupOfStepsStoresTheirAppendsAsOneBatchInOrderThenRunsTheRestAndPublishesTheLastStateOnce() {
        ControllerState second = NEXT.withRouteLog("second");
        Step one = new Step(NEXT, List.of(new Effect.Append(audit(1, "one")), new Effect.Publish(),
                new Effect.Schedule(Set.of(NAV), Trigger.RESYNC)));
        Step two = new Step(second, List.of(new Effect.Append(audit(2, "two")), new Effect.Publish()));

        EffectRunner.Result result = runner().runGroup(List.of(one, two));

        assertThat(result.committed()).isTrue();
        assertThat(result.followUps()).isEmpty();
        InOrder order = inOrder(ports);
        order.verify(ports).append(new RouteLog.Batch(List.of(), List.of(audit(1, "one").events().get(0),
                audit(2, "two").events().get(0)), List.of()));
        order.verify(ports).schedule(Set.of(NAV), Trigger.RESYNC);
        order.verify(ports).publish(second);
        verifyNoMoreInteractions(ports);
    }

    @Test
    void aGroupWhoseAppendFailsDoesNothingElseAndCommitsNoneOfItsSteps() {
        RouteLog.Batch merged = new RouteLog.Batch(List.of(), List.of(audit(1, "one").events().get(0),
                audit(2, "two").events().get(0)), List.of());
        doThrow(new RouteLogException("disk full")).when(ports).append(merged);
        Step one = new Step(NEXT, List.of(new Effect.Append(audit(1, "one")), new Effect.Publish()));
        Step two = new Step(NEXT.withRouteLog("second"), List.of(new Effect.Append(audit(2, "two")),
                new Effect.Schedule(Set.of(NAV), Trigger.RESYNC), new Effect.Publish()));

        EffectRunner.Result result = runner().runGroup(List.of(one, two));

        assertThat(result.committed()).isFalse();
        assertThat(result.followUps()).containsExactly(new Event.EffectFailed(T0, new Effect.Append(merged),
                "disk full"));
        verify(ports).append(merged);
        verifyNoMoreInteractions(ports);
    }

    @Test
    void onlyStepsThatFeedNothingBackMayShareAGroup() {
        assertThat(EffectRunner.groupable(new Step(NEXT, List.of(new Effect.Append(BATCH), new Effect.Publish(),
                new Effect.Schedule(Set.of(NAV), Trigger.RESYNC), Effect.info("x"),
                new Effect.CountReconcileFailure(NAV))))).isTrue();
        assertThat(EffectRunner.groupable(new Step(NEXT, List.of(new Effect.WriteFlag(CTX, PROMOTE, RECORDED)))))
                .isFalse();
        assertThat(EffectRunner.groupable(new Step(NEXT, List.of(new Effect.PollNow())))).isFalse();
    }
}
