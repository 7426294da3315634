package dev.cutover.streamconfig.poll;

import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import java.util.Objects;
import java.util.Optional;

/** What one {@link ConfigTracker#poll()} did. Only {@link Applied} changes the current snapshot. */
public sealed interface PollOutcome {

    /** A new snapshot became current (and was persisted as last-known-good). */
    record Applied(Optional<Snapshot> previous, Snapshot current, SnapshotDiff diff) implements PollOutcome {
        public Applied {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(diff, "diff");
        }
    }

    /** The source has nothing new. */
    record Unchanged() implements PollOutcome {
    }

    /** A suspicious snapshot (losing too many streams) is held until it repeats; nothing changed. */
    record Held(String reason) implements PollOutcome {
    }

    /** Nothing usable came back (see the message); nothing changed. */
    record Failed(String error) implements PollOutcome {
    }
}
