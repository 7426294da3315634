package dev.cutover.controller.core;

import dev.cutover.streamconfig.source.Revision;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the controller knows of its writable override layer when a config fetch completed: its file, whether the
 * file exists, and its history of revisions (who wrote which revision, why). Read by the poller (file I/O), handed
 * to the pure step with the fetch.
 */
public record LayerInfo(Path file, boolean exists, List<Revision> history) {

    public LayerInfo {
        history = List.copyOf(history);
    }

    /** Who last wrote {@code stream}'s entry, for audit notes caused by a config change. */
    public String attribution(String stream) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Revision r = history.get(i);
            if (r.streams().contains(stream)) {
                return " [override layer revision " + r.number() + " by " + r.who() + ": " + r.why() + "]";
            }
        }
        return "";
    }

    /** Who wrote {@code revision}, for the audit note recording it. */
    public String attribution(long revision) {
        Optional<Revision> found = history.stream().filter(r -> r.number() == revision).findFirst();
        return found.map(r -> " [" + String.join(", ", r.streams()) + " by " + r.who() + ": " + r.why() + "]")
                .orElse("");
    }
}
