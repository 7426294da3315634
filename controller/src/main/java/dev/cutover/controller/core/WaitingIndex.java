package dev.cutover.controller.core;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePSet;

import java.util.Collection;
import java.util.Map;

/**
 * The streams whose gate may open when another stream's phase changes: in PREFLIGHT, or listed in the plan's order
 * and in SHADOW or READY_TO_PROMOTE (waiting for their turn or a slot). Every phase change schedules them; a first
 * cycle changes the phase of every stream, so finding them by a walk of all streams each time was quadratic (at
 * 50,000 streams, most of a 75 s first cycle). Kept for the last map of entries and moved along with the streams a
 * step changes ({@link #advance}, like {@link GateIndex}); anything else walks the streams once (what every phase
 * change did before). Used by the controller's thread only.
 */
final class WaitingIndex {

    private static volatile WaitingIndex last;

    private final PSortedMap<String, StreamEntry> streams;
    private final MigrationPlan plan;
    private final PSortedSet<String> waiting;

    private WaitingIndex(PSortedMap<String, StreamEntry> streams, MigrationPlan plan, PSortedSet<String> waiting) {
        this.streams = streams;
        this.plan = plan;
        this.waiting = waiting;
    }

    /** The waiting streams of {@code state}, by name. */
    static PSortedSet<String> of(ControllerState state) {
        WaitingIndex index = last;
        if (index != null && index.streams == state.streams() && index.plan == state.plan()) {
            return index.waiting;
        }
        PSortedSet<String> waiting = TreePSet.empty();
        for (Map.Entry<String, StreamEntry> entry : state.streams().entrySet()) {
            if (waits(entry.getValue().state(), state.plan())) {
                waiting = waiting.plus(entry.getKey());
            }
        }
        last = new WaitingIndex(state.streams(), state.plan(), waiting);
        return waiting;
    }

    /** {@code after} differs from {@code before} only in the entries of {@code changed}: the kept set moves along. */
    static void advance(ControllerState before, ControllerState after, Collection<String> changed) {
        WaitingIndex index = last;
        if (index == null || index.streams == after.streams() || index.streams != before.streams()
                || index.plan != after.plan()) {
            return;
        }
        PSortedSet<String> waiting = index.waiting;
        for (String name : changed) {
            StreamEntry entry = after.streams().get(name);
            waiting = entry != null && waits(entry.state(), after.plan()) ? waiting.plus(name) : waiting.minus(name);
        }
        last = new WaitingIndex(after.streams(), after.plan(), waiting);
    }

    private static boolean waits(StreamState s, MigrationPlan plan) {
        return s.phase() == Phase.PREFLIGHT
                || (plan.lists(s.stream()) && (s.phase() == Phase.SHADOW || s.phase() == Phase.READY_TO_PROMOTE));
    }
}
