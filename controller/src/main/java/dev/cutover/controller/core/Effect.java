package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.OverrideHead;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a step asks the world to do, as data, in order. The effect runner performs them: a failing {@link Append}
 * stops the rest and keeps the state as it was before the step; any failure comes back as an
 * {@link Event.EffectFailed}.
 */
public sealed interface Effect {

    /** Store a batch durably (routes, audit events, reports), all or nothing. */
    record Append(RouteLog.Batch batch) implements Effect {
    }

    /** Make the step's next state what readers see. */
    record Publish() implements Effect {
    }

    /**
     * Write the flag in the writable override layer, which must be {@code expected} (the recorded head) or a later
     * version of it; the result comes back as {@link Event.FlagWritten}.
     */
    record WriteFlag(Reconciliation ctx, FlagChange change, OverrideHead expected) implements Effect {
    }

    /** Reconcile these streams (coalesced with any already waiting). */
    record Schedule(Set<String> streams, Trigger trigger) implements Effect {
        public Schedule(Collection<String> streams, Trigger trigger) {
            this(Set.copyOf(streams), trigger);
        }
    }

    /** Poll the config source now (a flag was written). */
    record PollNow() implements Effect {
    }

    record Respond(Reply reply, Object body) implements Effect {
    }

    record Refuse(Reply reply, DomainError error) implements Effect {
    }

    /** Count reports this active controller applied (metrics). */
    record CountApplied(List<Report> reports) implements Effect {
        public CountApplied {
            reports = List.copyOf(reports);
        }
    }

    /**
     * Observe how long after their hours ended these commits landed: each the job's first refine of an hour in a
     * database, landed when this active controller received it (metrics: {@code cutover_landing_lag_seconds{job}}).
     */
    record ObserveLandingLags(List<LandingLag> lags) implements Effect {
        public ObserveLandingLags {
            lags = List.copyOf(lags);
        }
    }

    /** One landing: {@code job}'s commit landed {@code lag} after its hour ended (zero when before). */
    record LandingLag(String job, Duration lag) {
    }

    /** Count a reconcile of {@code stream} that failed (metrics). */
    record CountReconcileFailure(String stream) implements Effect {
    }

    record Log(Level level, String message) implements Effect {
    }

    enum Level { DEBUG, INFO, WARN, ERROR }

    static Log info(String message) {
        return new Log(Level.INFO, message);
    }

    static Log warn(String message) {
        return new Log(Level.WARN, message);
    }

    static Log error(String message) {
        return new Log(Level.ERROR, message);
    }

    static Log debug(String message) {
        return new Log(Level.DEBUG, message);
    }
}
