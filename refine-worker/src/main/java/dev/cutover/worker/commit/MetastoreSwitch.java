package dev.cutover.worker.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a commit's switch steps in order. When one fails, every started step, the failing one included (a call
 * that failed may still have taken effect, and each undo is harmless if it did not), is undone in reverse order;
 * an undo that fails does not stop the others. Never throws for a failing metastore call: the outcome says what
 * happened.
 */
public final class MetastoreSwitch {

    private final Metastore metastore;

    public MetastoreSwitch(Metastore metastore) {
        this.metastore = metastore;
    }

    public SwitchOutcome apply(List<SwitchStep> steps) {
        List<SwitchStep> started = new ArrayList<>();
        for (SwitchStep step : steps) {
            started.add(step);
            try {
                step.applyTo(metastore);
            } catch (Exception e) {
                // Spark's catalog throws checked exceptions (AnalysisException) it does not declare
                return undo(started, step, e);
            }
        }
        return new SwitchOutcome.Switched(steps);
    }

    private SwitchOutcome undo(List<SwitchStep> started, SwitchStep failedAt, Exception error) {
        List<SwitchStep> undone = new ArrayList<>();
        List<SwitchOutcome.UndoFailure> failures = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            SwitchStep step = started.get(i);
            Optional<SwitchStep> undo = step.undo();
            if (undo.isEmpty()) {
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
