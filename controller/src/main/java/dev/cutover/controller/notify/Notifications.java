package dev.cutover.controller.notify;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.http.Views;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.reconcile.Judgement;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.Responses;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened between two published states, as notifications: pure, so the same two states always give the same
 * notifications with the same ids.
 * <ul>
 *   <li>every audit event after the previous state's last one that records a phase change ({@code SHADOW ->
 *       PREFLIGHT ...}): PHASE_CHANGED, or HOLD when the stream became INVALID, ORPHANED or BLOCKED;</li>
 *   <li>every audited flag write of the auto-promoter: AUTO_PROMOTED;</li>
 *   <li>the override layer behind (a config snapshot held) where it was not, or for another reason: HOLD;</li>
 *   <li>an hour of a stream judged FAIL or LATE that was not before: VERDICT_FAIL, VERDICT_LATE. Only the streams
 *       whose observations or state changed are judged again (compared by identity: persistent structures), so a tick
 *       costs what changed, not the number of streams.</li>
 * </ul>
 * Only an active controller notifies: a standby follows the active one's audit log and would repeat its events.
 */
public final class Notifications {

    /** How many of a changed stream's newest judged hours are compared (older hours do not change verdict). */
    static final int VERDICT_HOURS = 48;

    /** {@code A -> B}, {@code A -> B: ...}, {@code A -> B (routes ...)}, {@code A -> B -> C}: the last phase named. */
    private static final Pattern TRANSITION = Pattern.compile("^([A-Z_]+)((?: -> [A-Z_]+)+)");

    private static final Set<Phase> HOLDS = Set.of(Phase.INVALID, Phase.ORPHANED, Phase.BLOCKED);

    private Notifications() {
    }

    /** The notifications of what changed from {@code previous} to {@code current}, oldest first; {@code now}: when. */
    public static List<Notification> between(ControllerState previous, ControllerState current, Instant now) {
        List<Notification> found = new ArrayList<>();
        if (!current.leadership().active()) {
            return found;
        }
        audited(previous, current, found);
        layerHold(previous, current, now, found);
        verdicts(previous, current, now, found);
        return found;
    }

    private static void audited(ControllerState previous, ControllerState current, List<Notification> found) {
        long since = previous.audit().lastSeq();
        if (current.audit().lastSeq() <= since) {
            return;
        }
        for (AuditEvent event : current.audit().since(since, Integer.MAX_VALUE)) {
            audited(event).ifPresent(found::add);
        }
    }

    /** The notification an audit event stands for, if any. */
    static Optional<Notification> audited(AuditEvent event) {
        String id = "audit-" + event.seq();
        String why = event.why() == null || event.why().isBlank() ? "" : " (why: " + event.why() + ")";
        String subject = event.subject().orElse("controller");
        if (Note.AUTO_PROMOTER.equals(event.who()) && event.what().startsWith("flag set to")) {
            return Optional.of(new Notification(id, Notification.Kind.AUTO_PROMOTED, event.stream(), null, null,
                    subject + ": auto-promoted, " + event.what() + why, event.at()));
        }
        Optional<Phase> target = target(event.what());
        if (target.isEmpty() || event.stream() == null) {
            return Optional.empty();
        }
        Notification.Kind kind = HOLDS.contains(target.get()) ? Notification.Kind.HOLD
                : Notification.Kind.PHASE_CHANGED;
        return Optional.of(new Notification(id, kind, event.stream(), target.get().name(), null,
                subject + ": " + event.what() + " by " + event.who() + why, event.at()));
    }

    /** The phase a transition's audit text ends in, e.g. PREFLIGHT for {@code SHADOW -> PREFLIGHT}. */
    static Optional<Phase> target(String what) {
        Matcher m = TRANSITION.matcher(what == null ? "" : what);
        if (!m.find()) {
            return Optional.empty();
        }
        String[] names = m.group(2).split(" -> ");
        try {
            Phase.valueOf(m.group(1));
            return Optional.of(Phase.valueOf(names[names.length - 1].trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void layerHold(ControllerState previous, ControllerState current, Instant now,
                                  List<Notification> found) {
        Optional<String> hold = current.watermark().hold();
        if (hold.isEmpty() || hold.equals(previous.watermark().hold())) {
            return;
        }
        String id = "layer-behind|" + current.watermark().known() + "|" + Integer.toHexString(hold.get().hashCode());
        found.add(new Notification(id, Notification.Kind.HOLD, null, null, null, "config held: " + hold.get(), now));
    }

    private static void verdicts(ControllerState previous, ControllerState current, Instant now,
                                 List<Notification> found) {
        if (previous.observations() == current.observations() && previous.streams() == current.streams()
                && previous.plan() == current.plan()) {
            return;
        }
        boolean samePlan = previous.plan() == current.plan();
        for (Map.Entry<String, StreamEntry> e : current.streams().entrySet()) {
            String stream = e.getKey();
            StreamObservations before = previous.observations().streams().get(stream);
            StreamObservations after = current.observations().streams().get(stream);
            StreamEntry was = previous.streams().get(stream);
            if (after == null || (samePlan && before == after && was != null
                    && (was == e.getValue() || was.state().equals(e.getValue().state())))) {
                continue;
            }
            Map<Hour, String> judged = new HashMap<>();
            if (before != null) {
                Views.verdicts(previous, stream, VERDICT_HOURS).forEach(v -> judged.put(v.hour(), v.verdict()));
            }
            for (Responses.VerdictView v : Views.verdicts(current, stream, VERDICT_HOURS)) {
                Optional<Notification.Kind> kind = kind(v.verdict());
                if (kind.isPresent() && !v.verdict().equals(judged.get(v.hour()))) {
                    found.add(new Notification(stream + "|" + v.hour() + "|" + v.verdict(), kind.get(), stream,
                            e.getValue().state().phase().name(), v.hour(), stream + ": " + v.hour() + " " + v.verdict()
                            + (v.reasons().isEmpty() ? "" : ": " + String.join("; ", v.reasons())), now));
                }
            }
        }
    }

    private static Optional<Notification.Kind> kind(String verdict) {
        if (verdict.equals(Judgement.Kind.FAIL.name())) {
            return Optional.of(Notification.Kind.VERDICT_FAIL);
        }
        if (verdict.equals(Judgement.Kind.LATE.name())) {
            return Optional.of(Notification.Kind.VERDICT_LATE);
        }
        return Optional.empty();
    }
}
