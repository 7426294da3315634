package dev.cutover.controller.core;

import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.Responses;

import java.util.List;
import java.util.Optional;

/** The explicit, audited requests of a person: override a preflight block, decommission the legacy job. */
final class OperatorSteps {

    private OperatorSteps() {
    }

    static Step requested(ControllerState state, Event.OperatorRequested e) {
        String name = e.action() == Event.OperatorAction.OVERRIDE ? "override" : "decommission";
        Optional<String> refusal = state.leadership().refusal(name + " requests");
        if (refusal.isPresent()) {
            return refuse(state, e, new DomainError.Unavailable(refusal.get()));
        }
        Optional<StreamState> current = state.state(e.stream());
        if (current.isEmpty()) {
            return refuse(state, e, new DomainError.NotFound("stream '" + e.stream()
                    + "' is not managed by this controller (see GET /v1/streams)"));
        }
        StreamState s = current.get();
        StreamState next;
        String what;
        if (e.action() == Event.OperatorAction.OVERRIDE) {
            if (s.phase() != Phase.BLOCKED && s.phase() != Phase.PREFLIGHT) {
                return refuse(state, e, new DomainError.Conflict("stream " + e.stream() + " is " + s.phase()
                        + "; only a BLOCKED (or PREFLIGHT) stream's preflight can be overridden"));
            }
            next = s.withOverridden(true);
            what = "preflight overridden";
        } else {
            if (s.phase() != Phase.READY_TO_DECOMMISSION) {
                return refuse(state, e, new DomainError.Conflict("stream " + e.stream() + " is " + s.phase()
                        + "; decommission is possible once it is READY_TO_DECOMMISSION (after the soak period)"));
            }
            next = s.withDecommissionRequested(true);
            what = "decommission requested";
        }
        AuditEvent event = state.stamp(List.of(), e.at(), e.stream(), new Note(e.who(), what, e.why()));
        ControllerState after = state.withStream(next).withAudit(state.audit().plus(List.of(event)));
        StreamEntry entry = after.entry(e.stream()).orElseThrow();
        after = after.withStreams(after.streams().plus(e.stream(), entry.written()));
        return new Step(after, List.of(
                new Effect.Append(new RouteLog.Batch(List.of(new StreamRecord(next, entry.table())), List.of(event),
                        List.of())),
                new Effect.Publish(),
                Effect.info("[api " + e.stream() + "] " + e.who() + ": " + what + " (why: " + e.why() + ")"),
                new Effect.Respond(e.reply(), new Responses.RequestAccepted(e.stream(), true)),
                new Effect.Schedule(List.of(e.stream()), Trigger.API)));
    }

    private static Step refuse(ControllerState state, Event.OperatorRequested e, DomainError error) {
        return Step.stay(state, new Effect.Refuse(e.reply(), error));
    }
}
