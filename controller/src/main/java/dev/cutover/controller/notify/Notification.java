package dev.cutover.controller.notify;

import dev.cutover.protocol.Hour;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing worth telling people about, as {@link Notifications#between} derives it from two published states.
 *
 * @param id     a stable key of the event, the same whichever controller or tick derives it: {@code audit-<seq>} for
 *               an audited event (phase change, hold of a stream, auto-promotion), {@code <stream>|<hour>|FAIL} or
 *               {@code |LATE} for a verdict, {@code layer-behind|<revision>|<reason hash>} for the override layer.
 *               Receivers get it as {@code X-Cutover-Event-Id}; the sender never sends an id twice
 * @param stream the stream it is about; null for the whole controller (the override layer)
 * @param phase  the stream's phase after the event (the target of a transition); null when none applies
 * @param hour   the hour of a verdict; null otherwise
 * @param text   one line for people, e.g. {@code eventlogging_X: SHADOW -> PREFLIGHT (why: ...)}
 * @param at     when it happened (the audit event's time, else when it was seen)
 */
public record Notification(String id, Kind kind, String stream, String phase, Hour hour, String text, Instant at) {

    /** What happened. */
    public enum Kind {
        /** A stream moved to another phase (audited). */
        PHASE_CHANGED,
        /**
         * Something holds a stream or the whole controller: a stream became INVALID, ORPHANED or BLOCKED, or the
         * override layer is behind (config snapshots held).
         */
        HOLD,
        /** An hour's comparison FAILed under the plan's rules. */
        VERDICT_FAIL,
        /** The new job landed an hour too late (the plan's timeliness). */
        VERDICT_LATE,
        /** The auto-promoter wrote a stream's flag to the override layer. */
        AUTO_PROMOTED
    }

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
