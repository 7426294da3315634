package dev.cutover.controller.core;

import dev.cutover.controller.model.Note;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.SwitchState;
import dev.cutover.streamconfig.poll.PollOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Config fetches (I4: a failed, held or backwards fetch changes nothing) and the audited acceptance of an override
 * layer that went backwards or was replaced.
 */
final class ConfigSteps {

    private ConfigSteps() {
    }

    static Step fetched(ControllerState state, Event.ConfigFetched e) {
        ControllerState next = state.withConfig(state.config().fetched(e.latest(), e.status(), e.layer()));
        List<Effect> effects = Step.collecting();
        if (e.outcome() instanceof PollOutcome.Failed failed) {
            effects.add(Effect.warn("config poll failed, nothing changed: " + failed.error()));
        } else if (e.outcome() instanceof PollOutcome.Held held) {
            effects.add(Effect.warn("config snapshot held, nothing changed: " + held.reason()));
        } else if (e.latest().isPresent()) {
            return applyOrHold(next, e.at(), e.latest().get(), effects);
        }
        effects.add(new Effect.Publish());
        return new Step(next, effects);
    }

    private static Step applyOrHold(ControllerState state, Instant at, Snapshot latest, List<Effect> effects) {
        Optional<String> hold = state.watermark().check(latest, state.config().layer());
        if (hold.isPresent()) {
            if (!hold.equals(state.watermark().hold())) {
                effects.add(Effect.error("config snapshot held, nothing changed: " + hold.get()));
            }
            effects.add(new Effect.Publish());
            return new Step(state.withWatermark(state.watermark().holding(hold)), effects);
        }
        ControllerState next = state;
        if (state.watermark().hold().isPresent()) {
            effects.add(Effect.info("override layer is back at " + headOf(latest).map(OverrideHead::describe)
                    .orElse("revision 0") + " (" + state.watermark().recorded().describe() + " or a later version of"
                    + " it is expected): config is applied again"));
            next = next.withWatermark(state.watermark().holding(Optional.empty()));
        }
        boolean same = next.config().snapshot().map(s -> s.contentHash().equals(latest.contentHash())
                && s.overrideHead().equals(latest.overrideHead())).orElse(false);
        if (!same) {
            Adopted adopted = adopt(next, at, latest, effects);
            next = adopted.state();
            if (!adopted.changed().isEmpty()) {
                effects.add(new Effect.Schedule(adopted.changed(), Trigger.CONFIG_CHANGE));
            }
        }
        if (!next.config().synced() && next.config().awaiting().isEmpty()) {
            next = next.withConfig(next.config().awaiting(next.allStreams()));
            effects.add(new Effect.Schedule(next.allStreams(), Trigger.STARTUP));
        }
        effects.add(new Effect.Publish());
        return new Step(next, effects);
    }

    private record Adopted(ControllerState state, Set<String> changed) {
    }

    /**
     * Makes {@code latest} the snapshot the controller acts on; records a new override-layer head (an audit event
     * makes it durable when this controller is active and had not recorded it). The streams to reconcile are the
     * changed ones and the streams sharing a table with one of them (a table collision may start or end).
     */
    private static Adopted adopt(ControllerState state, Instant at, Snapshot latest, List<Effect> effects) {
        SnapshotDiff diff = SnapshotDiff.between(state.config().snapshot(), latest);
        ControllerState applied = state.withConfig(state.config().withSnapshot(Optional.of(latest)));
        ControllerState next = applied;
        effects.add(Effect.info("config applied from " + latest.origin() + " (version " + latest.version().orElse("-")
                + "): " + diff.added().size() + " added, " + diff.removed().size() + " removed, "
                + diff.changed().size() + " changed"));
        Optional<OverrideHead> head = headOf(latest);
        OverrideWatermark moved = head.map(h -> applied.watermark().movedTo(h)).orElse(applied.watermark());
        if (!moved.equals(applied.watermark())) {
            long revision = moved.known();
            next = next.withWatermark(moved);
            if (next.leadership().active()) {
                String attribution = next.config().layer().map(l -> l.attribution(revision)).orElse("");
                AuditEvent event = next.stamp(List.of(), at, null, Note.controller("override layer revision "
                        + revision + " applied", "config change" + attribution))
                        .withOverrideHead(revision, moved.recorded().hash().orElse(null));
                effects.add(new Effect.Append(new RouteLog.Batch(List.of(), List.of(event), List.of())));
                next = next.withAudit(next.audit().plus(List.of(event)));
            }
        }
        Set<String> changed = new LinkedHashSet<>(diff.affected());
        changed.addAll(SwitchState.tableMates(latest, diff.affected()));
        state.config().snapshot().ifPresent(before -> changed.addAll(SwitchState.tableMates(before, diff.affected())));
        return new Adopted(next, changed);
    }

    /** The head of the layer {@code snapshot} was built with: its lineage's, or its revision alone (older saves). */
    private static Optional<OverrideHead> headOf(Snapshot snapshot) {
        return snapshot.overrideHead().or(() -> snapshot.overrideRevision().isPresent()
                ? Optional.of(OverrideHead.revisionOnly(snapshot.overrideRevision().getAsLong())) : Optional.empty());
    }

    static Step acceptOverride(ControllerState state, Event.OverrideAcceptRequested e) {
        Optional<String> refusal = state.leadership().refusal("the accept request");
        if (refusal.isPresent()) {
            return Step.stay(state, new Effect.Refuse(e.reply(), new DomainError.Unavailable(refusal.get())));
        }
        Optional<Snapshot> latest = state.config().latest();
        Optional<LayerInfo> layer = state.config().layer();
        if (layer.isEmpty() || latest.isEmpty() || state.watermark().check(latest.get(), layer).isEmpty()) {
            return Step.stay(state, new Effect.Refuse(e.reply(), new DomainError.Conflict("nothing to accept: no"
                    + " config snapshot is held because of the override layer (it is the recorded "
                    + state.watermark().recorded().describe() + " or a later version of it, or none is configured)")));
        }
        OverrideHead head = headOf(latest.get()).orElse(OverrideHead.revisionOnly(0));
        long actual = head.revision();
        if (actual != e.revision()) {
            return Step.stay(state, new Effect.Refuse(e.reply(), DomainError.BadRequest.of(List.of("the held override"
                    + " layer is at revision " + actual + ", not " + e.revision() + "; accept the revision you checked"
                    + " (GET /ready shows the problem)"))));
        }
        AuditEvent accepted = new AuditEvent(state.audit().lastSeq() + 1, e.at(), null, e.who(), "override layer "
                + layer.get().file() + " accepted at " + head.describe() + " (revision " + state.watermark().known()
                + " was applied before): config is applied from it again", e.why(),
                latest.get().version().orElse(null), actual, true, head.hash().orElse(null));
        List<Effect> effects = new ArrayList<>();
        ControllerState next = state.withAudit(state.audit().plus(List.of(accepted)))
                .withWatermark(state.watermark().accepted(head));
        Adopted adopted = adopt(next, e.at(), latest.get(), effects);
        List<AuditEvent> events = new ArrayList<>(List.of(accepted));
        effects.stream().filter(Effect.Append.class::isInstance).map(a -> ((Effect.Append) a).batch().events())
                .forEach(events::addAll);
        effects.removeIf(Effect.Append.class::isInstance);
        effects.add(0, new Effect.Append(new RouteLog.Batch(List.of(), events, List.of())));
        effects.add(Effect.warn("[api] " + e.who() + ": " + accepted.what() + " (why: " + e.why() + ")"));
        next = adopted.state();
        Set<String> affected = new LinkedHashSet<>(adopted.changed());
        affected.addAll(next.streams().keySet());
        if (!next.config().synced()) {
            next = next.withConfig(next.config().awaiting(next.allStreams()));
            affected.addAll(next.allStreams());
        }
        effects.add(new Effect.Publish());
        effects.add(new Effect.Respond(e.reply(), new Responses.OverrideLayerAccepted(true, actual)));
        effects.add(new Effect.Schedule(affected, Trigger.API));
        return new Step(next, effects);
    }
}
