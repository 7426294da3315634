package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.controller.reconcile.Decision;
import dev.cutover.controller.reconcile.Gate;
import dev.cutover.controller.reconcile.GatePolicy;
import dev.cutover.controller.reconcile.GroupView;
import dev.cutover.controller.reconcile.ReconcileInput;
import dev.cutover.controller.reconcile.Reconciler;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.SwitchState;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.Revision;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One stream's reconcile: the pure {@link Reconciler} decides, this step turns the decision into the next state and
 * its effects (store the stream and its audit notes, write the flag, reconcile the streams waiting for a gate). A
 * reconcile that throws is contained to its stream ({@link #failed}).
 */
final class ReconcileSteps {

    private ReconcileSteps() {
    }

    static Step due(ControllerState state, Event.ReconcileDue e) {
        Reconciliation ctx = e.ctx();
        String stream = ctx.stream();
        ControllerState next = state.withConfig(state.config().reconciled(stream));
        if (!state.leadership().active()) {
            return Step.stay(next, Effect.debug(ctx + " skipped: standby"), new Effect.Publish());
        }
        if (state.config().snapshot().isEmpty()) {
            return Step.stay(next, Effect.debug(ctx + " skipped: no good config snapshot yet"), new Effect.Publish());
        }
        Step step;
        try {
            step = decide(state, next, e);
        } catch (RuntimeException failure) {
            step = failed(next, ctx, failure);
        }
        List<String> changed = new ArrayList<>();
        changed.add(stream);
        state.plan().groupOf(stream).ifPresent(g -> changed.addAll(g.others(stream)));
        GateIndex.advance(state, step.next(), changed);
        WorkIndex.advance(state, step.next(), changed);
        WaitingIndex.advance(state, step.next(), changed);
        return step;
    }

    /**
     * A reconcile that threw (a state the reconciler cannot handle, e.g. observations restored from an older
     * journal): the stream keeps its state and counts as reconciled, so the other streams and readiness go on; the
     * failure is the stream's problem until a reconcile succeeds, logged and counted. The next event or resync
     * tries again.
     */
    private static Step failed(ControllerState next, Reconciliation ctx, RuntimeException failure) {
        String stream = ctx.stream();
        String problem = "stream " + stream + ": the last reconcile failed (" + failure.getClass().getSimpleName()
                + ": " + failure.getMessage() + "); its state is kept and every resync tries again; look at its"
                + " observations and routes (GET /v1/streams/" + stream + ") and the controller's log";
        ControllerState kept = next.entry(stream).map(entry -> next.withStreams(next.streams().plus(stream,
                entry.withReconcileProblem(Optional.of(problem))))).orElse(next);
        return Step.stay(kept, Effect.error(ctx + " failed, state kept: " + failure),
                new Effect.CountReconcileFailure(stream), new Effect.Publish());
    }

    private static Step decide(ControllerState state, ControllerState reconciled, Event.ReconcileDue e) {
        Reconciliation ctx = e.ctx();
        String stream = ctx.stream();
        ControllerState next = reconciled;
        Optional<SwitchState> desired = SwitchState.read(stream, state.config().snapshot().get(), state.settings());
        Optional<StreamState> current = state.state(stream);
        Gate[] gate = new Gate[1];
        Supplier<Gate> gates = () -> {
            if (gate[0] == null) {
                gate[0] = GatePolicy.gate(stream, gateSummary(state), state.plan(), state.promotionsInFlight());
            }
            return gate[0];
        };
        Decision decision = Reconciler.reconcile(new ReconcileInput(stream, desired, current, state.observed(stream),
                state.plan(), gates, state.plan().overrideLayer().isPresent(), e.at(), state.highestEpoch(stream),
                state.entry(stream).map(StreamEntry::plans), () -> groupView(state, stream)));
        if (decision.next().isEmpty()) {
            return Step.stay(next, new Effect.Publish());
        }
        StreamState decided = decision.next().get();
        List<String> moved = new ArrayList<>();
        moved.add(stream);
        moved.addAll(decision.group().keySet());
        for (String member : moved) {
            StreamState s = member.equals(stream) ? decided : decision.group().get(member).next().orElseThrow();
            if (s.phase() != Phase.SHADOW && s.phase() != Phase.READY_TO_PROMOTE) {
                next = next.withPromotionsInFlight(next.promotionsInFlight().minus(member));
            }
        }
        String attribution = ctx.trigger() == Trigger.CONFIG_CHANGE
                ? state.config().layer().map(l -> l.attribution(stream)).orElse("") : "";
        List<AuditEvent> audit = new ArrayList<>();
        for (Note note : decision.notes()) {
            audit.add(next.stamp(audit, e.at(), stream, new Note(note.who(), note.what(), note.why() + attribution)));
        }
        next = next.withStream(decided);
        StreamEntry entry = next.entry(stream).orElseThrow();
        List<Effect> effects = Step.collecting();
        List<StreamRecord> records = new ArrayList<>();
        if (!decision.next().equals(current) || !audit.isEmpty() || entry.tableUnwritten()) {
            records.add(new StreamRecord(decided, entry.table()));
            next = next.withStreams(next.streams().plus(stream, entry.written()));
        }
        // the other members of a group that cuts over or rolls back together: stored in the same batch
        for (Map.Entry<String, Decision> member : decision.group().entrySet()) {
            StreamState memberState = member.getValue().next().orElseThrow();
            for (Note note : member.getValue().notes()) {
                audit.add(next.stamp(audit, e.at(), member.getKey(), note));
            }
            next = next.withStream(memberState);
            StreamEntry memberEntry = next.entry(member.getKey()).orElseThrow();
            records.add(new StreamRecord(memberState, memberEntry.table()));
            next = next.withStreams(next.streams().plus(member.getKey(), memberEntry.written()));
        }
        if (!records.isEmpty()) {
            effects.add(new Effect.Append(new RouteLog.Batch(records, audit, List.of())));
            next = next.withAudit(next.audit().plus(audit));
            audit.forEach(a -> effects.add(Effect.info(ctx + " " + a.who() + ": " + a.what() + " (why: " + a.why()
                    + ")")));
        }
        effects.add(new Effect.Publish());
        if (current.map(StreamState::phase).orElse(null) != decided.phase() || !decision.group().isEmpty()) {
            WaitingIndex.advance(state, next, moved);
            Set<String> waiting = new LinkedHashSet<>(WaitingIndex.of(next));
            waiting.remove(stream);
            if (!waiting.isEmpty()) {
                effects.add(new Effect.Schedule(waiting, Trigger.RESYNC));
            }
        }
        if (decision.flagChange().isPresent()) {
            flagWrite(next, ctx, decision.flagChange().get(), effects);
        }
        return new Step(next, effects);
    }

    /**
     * Every stream's gate comes from one summary of all streams, read from the kept {@link GateIndex}: reconciles
     * that change nothing (a stream waiting for its turn, reconciled whenever another stream's phase changes) and
     * reports move it along instead of asking every stream again.
     */
    static GatePolicy.Summary gateSummary(ControllerState state) {
        return GateIndex.summary(state);
    }

    /** Asks for the flag write unless it cannot or need not happen now. */
    private static void flagWrite(ControllerState state, Reconciliation ctx, FlagChange change, List<Effect> effects) {
        if (state.plan().overrideLayer().isEmpty()) {
            return;
        }
        if (change.kind() == FlagChange.Kind.PROMOTE && state.promotionsInFlight().contains(change.stream())) {
            return;
        }
        if (state.watermark().hold().isPresent()) {
            effects.add(Effect.warn(ctx + " " + change.kind() + " not written to the override layer while it is"
                    + " behind: " + state.watermark().hold().get()));
            return;
        }
        effects.add(new Effect.WriteFlag(ctx, change, state.watermark().recorded()));
    }

    static Step flagWritten(ControllerState state, Event.FlagWritten e) {
        Optional<Revision> revision = e.revision();
        if (revision.isEmpty() || revision.get().isNoop()) {
            return Step.stay(state);
        }
        FlagChange change = e.change();
        ControllerState next = state;
        if (change.kind() == FlagChange.Kind.PROMOTE) {
            for (String s : change.streams()) {
                next = next.withPromotionsInFlight(next.promotionsInFlight().plus(s));
            }
        }
        String what = (change.kind() == FlagChange.Kind.PROMOTE ? "flag set to "
                + state.settings().productionDatabase() : "flag reverted") + " in the override layer (revision "
                + revision.get().number() + ")" + (change.also().isEmpty() ? ""
                : ", with " + change.also() + " in the same revision");
        next = next.withWatermark(next.watermark().movedTo(new OverrideHead(revision.get().number(),
                revision.get().hash())));
        AuditEvent event = next.stamp(List.of(), e.at(), change.stream(), new Note(change.who(), what, change.why()))
                .withOverrideHead(next.watermark().known(), next.watermark().recorded().hash().orElse(null));
        next = next.withAudit(next.audit().plus(List.of(event)));
        return new Step(next, List.of(
                new Effect.Append(new RouteLog.Batch(List.of(), List.of(event), List.of())),
                new Effect.Publish(),
                Effect.info(e.ctx() + " " + event.who() + ": " + event.what() + " (why: " + event.why() + ")"),
                new Effect.PollNow()));
    }

    /**
     * What the reconcile of {@code stream} sees of the other members of its group: each one's state, flag, promotion
     * eligibility and preflight problems. Empty when it is in no group.
     */
    private static Optional<GroupView> groupView(ControllerState state, String stream) {
        Optional<StreamGroup> group = state.plan().groupOf(stream);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        GatePolicy.Evidence evidence = state.evidence();
        List<GroupView.Member> others = new ArrayList<>();
        for (String member : group.get().others(stream)) {
            Optional<StreamState> s = state.state(member);
            boolean flagSaysNew = state.config().snapshot().flatMap(snap -> SwitchState.read(member, snap,
                    state.settings())).map(w -> w.position() == SwitchState.Position.NEW_LEADS).orElse(false);
            boolean eligible = s.map(x -> GatePolicy.eligible(x, evidence, state.plan())).orElse(false);
            List<String> problems = s.map(x -> Reconciler.preflightProblems(x, state.observed(member), evidence,
                    state.settings())).orElse(List.of());
            others.add(new GroupView.Member(member, s, flagSaysNew, eligible, problems, state.observed(member)));
        }
        return Optional.of(new GroupView(group.get(), others));
    }
}
