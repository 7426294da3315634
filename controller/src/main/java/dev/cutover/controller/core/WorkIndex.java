package dev.cutover.controller.core;

import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.protocol.WorkItem;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The streams that have work, for one map of stream entries, so that a job's work list ({@code GET /v1/work}, asked
 * by every worker every few seconds) walks those streams only, not all of them (at 50,000 streams a full walk took
 * 5 ms, and a thousand polling workers made it the controller's main cost). A step that changes a few streams moves
 * the index along ({@link #advance}, like {@link GateIndex}); a reader of a published state finds its index among
 * the last few kept, or builds one. Immutable (persistent collections).
 */
final class WorkIndex {

    private static final int KEPT = 4;
    private static volatile List<WorkIndex> recent = List.of();

    private final PSortedMap<String, StreamEntry> streams;
    private final PSortedMap<String, StreamEntry> withWork;

    private WorkIndex(PSortedMap<String, StreamEntry> streams, PSortedMap<String, StreamEntry> withWork) {
        this.streams = streams;
        this.withWork = withWork;
    }

    /** The index of {@code state}'s entries: a kept one, else a new one (kept). */
    static WorkIndex of(ControllerState state) {
        PSortedMap<String, StreamEntry> streams = state.streams();
        for (WorkIndex index : recent) {
            if (index.streams == streams) {
                return index;
            }
        }
        PSortedMap<String, StreamEntry> withWork = TreePMap.empty();
        for (Map.Entry<String, StreamEntry> entry : streams.entrySet()) {
            if (!entry.getValue().work().isEmpty()) {
                withWork = withWork.plus(entry.getKey(), entry.getValue());
            }
        }
        return remember(new WorkIndex(streams, withWork));
    }

    /**
     * {@code after} differs from {@code before} only in the entries of {@code changed}: a kept index of
     * {@code before} moves along to {@code after} (else the first reader builds one).
     */
    static void advance(ControllerState before, ControllerState after, Collection<String> changed) {
        if (before.streams() == after.streams()) {
            return;
        }
        for (WorkIndex index : recent) {
            if (index.streams == before.streams()) {
                PSortedMap<String, StreamEntry> withWork = index.withWork;
                for (String name : changed) {
                    StreamEntry entry = after.streams().get(name);
                    withWork = entry == null || entry.work().isEmpty() ? withWork.minus(name)
                            : withWork.plus(name, entry);
                }
                remember(new WorkIndex(after.streams(), withWork));
                return;
            }
        }
    }

    private static synchronized WorkIndex remember(WorkIndex index) {
        List<WorkIndex> kept = new ArrayList<>(KEPT);
        kept.add(index);
        for (WorkIndex older : recent) {
            if (kept.size() < KEPT && older.streams != index.streams) {
                kept.add(older);
            }
        }
        recent = List.copyOf(kept);
        return index;
    }

    /** {@code job}'s work across streams, oldest hour first. */
    List<WorkItem> items(String job) {
        List<WorkItem> items = new ArrayList<>();
        for (StreamEntry entry : withWork.values()) {
            for (PlannedWork w : entry.work()) {
                if (w.job().equals(job)) {
                    items.add(w.item());
                }
            }
        }
        items.sort(Comparator.comparing(WorkItem::hour).thenComparing(WorkItem::stream));
        return items;
    }
}
