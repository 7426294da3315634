package dev.cutover.controller.core;

/**
 * The controller as a pure function: {@code step(state, event) -> (state, effects)}. No I/O, no clock, no threads:
 * time comes with the events, effects are data the runner performs in order. Each kind of event is handled by a
 * small class of its own.
 */
public final class Controller {

    private Controller() {
    }

    public static Step step(ControllerState state, Event event) {
        if (event instanceof Event.Restored e) {
            return RoleSteps.restored(state, e);
        }
        if (event instanceof Event.Activated e) {
            return RoleSteps.activated(state, e);
        }
        if (event instanceof Event.Deactivated e) {
            return RoleSteps.deactivated(state, e);
        }
        if (event instanceof Event.Reloaded e) {
            return RoleSteps.reloaded(state, e);
        }
        if (event instanceof Event.RouteFollowed e) {
            return RoleSteps.routeFollowed(state, e);
        }
        if (event instanceof Event.AuditFollowed e) {
            return RoleSteps.auditFollowed(state, e);
        }
        if (event instanceof Event.ConfigFetched e) {
            return ConfigSteps.fetched(state, e);
        }
        if (event instanceof Event.OverrideAcceptRequested e) {
            return ConfigSteps.acceptOverride(state, e);
        }
        if (event instanceof Event.ResyncDue e) {
            return Step.stay(state, new Effect.Schedule(state.allStreams(), Trigger.RESYNC));
        }
        if (event instanceof Event.ReportsReceived e) {
            return ReportSteps.received(state, e);
        }
        if (event instanceof Event.ReportsConsumed e) {
            return ReportSteps.consumed(state, e);
        }
        if (event instanceof Event.RestoredReportsCounted e) {
            return ReportSteps.restoredCounted(state, e);
        }
        if (event instanceof Event.OperatorRequested e) {
            return OperatorSteps.requested(state, e);
        }
        if (event instanceof Event.ReconcileDue e) {
            return ReconcileSteps.due(state, e);
        }
        if (event instanceof Event.FlagWritten e) {
            return ReconcileSteps.flagWritten(state, e);
        }
        if (event instanceof Event.EffectFailed e) {
            return effectFailed(state, e);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** A failed effect changes nothing; what it was for is retried by the next event or the periodic resync. */
    private static Step effectFailed(ControllerState state, Event.EffectFailed e) {
        String what;
        if (e.effect() instanceof Effect.Append a) {
            what = "storing " + a.batch().routes().size() + " route(s), " + a.batch().events().size()
                    + " audit event(s) and " + a.batch().reports().size() + " report(s) in " + state.routeLog()
                    + " failed, so none of it was applied; the next resync retries it";
        } else if (e.effect() instanceof Effect.WriteFlag w) {
            what = w.ctx() + " writing the flag (" + w.change().kind() + " " + w.change().stream()
                    + ") to the override layer failed; the next reconcile retries it";
        } else {
            what = e.effect().getClass().getSimpleName() + " failed";
        }
        return Step.stay(state, Effect.error(what + ": " + e.error()));
    }
}
