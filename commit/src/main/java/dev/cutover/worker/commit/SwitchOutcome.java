package dev.cutover.worker.commit;

import java.util.List;

/** What {@link MetastoreSwitch} did: every step applied, or a step failed and the started ones were (not) undone. */
public sealed interface SwitchOutcome {

    /** Every step applied, in order. */
    record Switched(List<SwitchStep> steps) implements SwitchOutcome {

        public Switched {
            steps = List.copyOf(steps);
        }
    }

    /**
     * A step failed; {@code started} are the steps begun before it and itself, in order (not itself when its call was
     * refused before it was made: then {@link #error()} is a {@link SwitchRefused}).
     */
    sealed interface Failed extends SwitchOutcome {

        SwitchStep failedAt();

        Exception error();

        List<SwitchStep> started();

        /**
         * Whether a partition call was started: from then on some partition may have pointed at the new commit's
         * files (for a moment, or still, see {@link NotRestored}), so they are kept. Before, nothing points at them.
         */
        default boolean partitionCallsStarted() {
            return started().stream().anyMatch(s -> !(s instanceof SwitchStep.EnsureTable));
        }
    }

    /** A step failed and every started step that can be undone was undone (in reverse order): as before. */
    record Restored(SwitchStep failedAt, Exception error, List<SwitchStep> started, List<SwitchStep> undone)
            implements Failed {

        public Restored {
            started = List.copyOf(started);
            undone = List.copyOf(undone);
        }
    }

    /**
     * A step failed and undoing failed too, for {@code undoFailures} (the other undo steps were still tried): some
     * partitions may point at the new commit.
     */
    record NotRestored(SwitchStep failedAt, Exception error, List<SwitchStep> started, List<UndoFailure> undoFailures)
            implements Failed {

        public NotRestored {
            started = List.copyOf(started);
            undoFailures = List.copyOf(undoFailures);
        }
    }

    /** Undoing {@code step} with {@code undo} failed. */
    record UndoFailure(SwitchStep step, SwitchStep undo, Exception error) {
    }
}
