package dev.cutover.controller.core;

import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.streamconfig.Snapshot;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.util.List;
import java.util.Optional;

/** Restoring from the route log, and the roles of a replica: activation, stepping down, following the topics. */
final class RoleSteps {

    private RoleSteps() {
    }

    static Step restored(ControllerState state, Event.Restored e) {
        ControllerState next = load(state, e.restored()).withRouteLog(e.routeLog())
                .withLeadership(state.leadership().restoredAs(e.role()))
                .withConfig(state.config().fetched(e.lastKnownGood(), e.status(), e.layer()));
        List<Effect> effects = Step.collecting();
        effects.add(Effect.info("restored " + next.streams().size() + " streams, " + e.restored().events().size()
                + " audit events and " + e.restored().reports().size() + " reports from " + e.routeLog() + "; config "
                + e.lastKnownGood().map(s -> "from the last-known-good snapshot (" + s.size() + " entries)")
                .orElse("not loaded yet") + "; " + e.role().wireName()));
        return applyHeldOrCurrent(next, e.lastKnownGood(), effects);
    }

    static Step activated(ControllerState state, Event.Activated e) {
        ControllerState next = load(state, e.restored()).withLeadership(state.leadership().activated());
        List<Effect> effects = Step.collecting();
        effects.add(Effect.info("active: restored " + next.streams().size() + " streams, "
                + e.restored().events().size() + " audit events and " + e.restored().reports().size()
                + " reports from " + state.routeLog()));
        return reapply(next, effects);
    }

    static Step deactivated(ControllerState state, Event.Deactivated e) {
        List<Effect> effects = Step.collecting();
        if (state.leadership().active()) {
            effects.add(Effect.warn("standby from now on (" + e.reason() + "): not reconciling, not writing"));
        }
        effects.add(new Effect.Publish());
        return new Step(state.withLeadership(state.leadership().deactivated()), effects);
    }

    static Step reloaded(ControllerState state, Event.Reloaded e) {
        return reapply(load(state, e.restored()), Step.collecting());
    }

    /**
     * After the audit log was replaced: the snapshot in use (or the newest fetched) is checked against the restored
     * watermark again. Held: nothing is applied (not ready). Otherwise it stays, and every stream is reconciled.
     */
    private static Step reapply(ControllerState state, List<Effect> effects) {
        Optional<Snapshot> current = state.config().snapshot().or(() -> state.config().latest());
        if (current.isPresent() && state.watermark().check(current.get(), state.config().layer()).isEmpty()
                && state.config().snapshot().isPresent()) {
            effects.add(new Effect.Schedule(state.allStreams(), Trigger.STARTUP));
            effects.add(new Effect.Publish());
            return new Step(state, effects);
        }
        return applyHeldOrCurrent(state.withConfig(state.config().withSnapshot(Optional.empty())), current, effects);
    }

    static Step routeFollowed(ControllerState state, Event.RouteFollowed e) {
        ControllerState next = e.state().isPresent() ? state.withStream(e.state().get())
                : state.withStreams(state.streams().minus(e.stream()));
        return Step.stay(next, new Effect.Publish());
    }

    static Step auditFollowed(ControllerState state, Event.AuditFollowed e) {
        ControllerState next = state.withAudit(state.audit().plus(List.of(e.event())))
                .withWatermark(state.watermark().fold(e.event()));
        return Step.stay(next, new Effect.Publish());
    }

    /**
     * Applies {@code candidate} unless the override layer behind it went backwards (then it is held: routes kept,
     * not ready), and starts the first full reconcile pass over it.
     */
    private static Step applyHeldOrCurrent(ControllerState state, Optional<Snapshot> candidate, List<Effect> effects) {
        Optional<String> hold = candidate.flatMap(s -> state.watermark().check(s, state.config().layer()));
        ControllerState next = state.withWatermark(state.watermark().holding(hold));
        if (hold.isPresent()) {
            effects.add(Effect.error("config snapshot held, nothing applied: " + hold.get()));
        } else if (candidate.isPresent()) {
            next = next.withConfig(next.config().withSnapshot(candidate));
            next = next.withConfig(next.config().awaiting(next.allStreams()));
            effects.add(new Effect.Schedule(next.allStreams(), Trigger.STARTUP));
        }
        effects.add(new Effect.Publish());
        return new Step(next, effects);
    }

    /** Everything the route log holds replaces what this controller knew (the config is kept). */
    private static ControllerState load(ControllerState state, RouteLog.Restored restored) {
        Observations observations = Observations.fold(restored.reports());
        ControllerState next = state.withObservations(observations)
                .withAudit(AuditLog.of(restored.events()))
                .withWatermark(OverrideWatermark.of(restored.events()))
                .withReports(ReportIntake.EMPTY.fold(restored.reports()))
                .withPromotionsInFlight(HashTreePSet.empty())
                .withHighestEpochs(HashTreePMap.from(restored.epochs()));
        PSortedMap<String, StreamEntry> streams = TreePMap.empty();
        for (StreamState stream : restored.routes().values()) {
            streams = streams.plus(stream.stream(), StreamEntry.of(stream, observations.of(stream.stream()),
                    state.settings(), Optional.empty()));
        }
        return next.withStreams(streams);
    }
}
