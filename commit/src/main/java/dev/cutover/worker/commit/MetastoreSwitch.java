package dev.cutover.worker.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a commit's switch steps in order. When one fails, every started step, the failing one included (a call
 * that failed may still have taken effect, and each undo is harmless if it did not), is undone in reverse order;
 * an undo that fails does not stop the others. A {@link Guard} is asked before every call, undo calls included:
 * a call it refuses is not made (a refused step fails the switch with {@link SwitchRefused}, a refused undo is an
 * {@link SwitchOutcome.UndoFailure}). Never throws for a failing metastore call: the outcome says what happened.
 */
public final class MetastoreSwitch {

    /** Whether a metastore call may be made now: empty when it may, else why not (see {@link StorageFence}). */
    @FunctionalInterface
    public interface Guard {

        Guard NONE = Optional::empty;

        Optional<String> refusal();
    }

    private final Metastore metastore;

    public MetastoreSwitch(Metastore metastore) {
        this.metastore = metastore;
    }

    public SwitchOutcome apply(List<SwitchStep> steps) {
        return apply(steps, Guard.NONE);
    }

    public SwitchOutcome apply(List<SwitchStep> steps, Guard guard) {
        List<SwitchStep> started = new ArrayList<>();
        for (SwitchStep step : steps) {
            Optional<String> refusal = guard.refusal();
            if (refusal.isPresent()) {
                return undo(started, step, new SwitchRefused(refusal.get()), guard);
            }
            started.add(step);
            try {
                step.applyTo(metastore);
            } catch (Exception e) {
                // Spark's catalog throws checked exceptions (AnalysisException) it does not declare
                return undo(started, step, e, guard);
            }
        }
        return new SwitchOutcome.Switched(steps);
    }

    private SwitchOutcome undo(List<SwitchStep> started, SwitchStep failedAt, Exception error, Guard guard) {
        List<SwitchStep> undone = new ArrayList<>();
        List<SwitchOutcome.UndoFailure> failures = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            SwitchStep step = started.get(i);
            Optional<SwitchStep> undo = step.undo();
            if (undo.isEmpty()) {
                continue;
            }
            Optional<String> refusal = guard.refusal();
            if (refusal.isPresent()) {
                failures.add(new SwitchOutcome.UndoFailure(step, undo.get(), new SwitchRefused(refusal.get())));
                continue;
            }
            try {
                undo.get().applyTo(metastore);
                undone.add(undo.get());
            } catch (Exception e) {
                failures.add(new SwitchOutcome.UndoFailure(step, undo.get(), e));
            }
        }
        return failures.isEmpty()
                ? new SwitchOutcome.Restored(failedAt, error, started, undone)
                : new SwitchOutcome.NotRestored(failedAt, error, started, failures);
    }
}
