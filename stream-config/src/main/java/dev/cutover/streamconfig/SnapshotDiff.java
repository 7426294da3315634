package dev.cutover.streamconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed between two snapshots, by config key (stream names and {@code /regex/} keys alike).
 *
 * @param added   keys only in the newer snapshot, in its order
 * @param removed keys only in the older snapshot, in its order
 * @param changed keys in both whose settings differ -> the leaf JSON pointers that differ (RFC 6901: a key
 *                containing {@code /} or {@code ~} is escaped as {@code ~1} / {@code ~0}; array elements by
 *                index; a subtree that appeared, disappeared or changed type contributes all its leaves)
 */
public record SnapshotDiff(Set<String> added, Set<String> removed, Map<String, List<String>> changed) {

    public SnapshotDiff {
        added = Collections.unmodifiableSet(new LinkedHashSet<>(added));
        removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        changed.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        changed = Collections.unmodifiableMap(copy);
    }

    /** The diff from {@code before} (empty: nothing known yet, so every key is added) to {@code after}. */
    public static SnapshotDiff between(Optional<Snapshot> before, Snapshot after) {
        Objects.requireNonNull(after, "after");
        Map<String, StreamConfig> old = before.map(Snapshot::streams).orElse(Map.of());
        Set<String> added = new LinkedHashSet<>();
        Map<String, List<String>> changed = new LinkedHashMap<>();
        after.streams().forEach((key, config) -> {
            StreamConfig previous = old.get(key);
            if (previous == null) {
                added.add(key);
            } else if (!previous.equals(config)) {
                changed.put(key, JsonTrees.changedLeaves(previous.settings(), config.settings()));
            }
        });
        Set<String> removed = new LinkedHashSet<>();
        old.keySet().stream().filter(k -> !after.streams().containsKey(k)).forEach(removed::add);
        return new SnapshotDiff(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** Every key that was added, removed or changed. */
    public Set<String> affected() {
        Set<String> all = new LinkedHashSet<>(added);
        all.addAll(removed);
        all.addAll(changed.keySet());
        return Collections.unmodifiableSet(all);
    }
}
