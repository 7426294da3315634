package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.streamconfig.SwitchState;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything one reconcile of one stream looks at.
 *
 * @param desired      what the current good snapshot asks for; empty when the stream is absent from it
 * @param current      the stream's state in the route log; empty when it was never managed
 * @param flagWritable whether the controller can write the flag (a writable override layer is configured)
 * @param highestEpoch the highest epoch the stream ever had as far as the route log knows (0: none); its next epoch
 *                     is above it, even when its state is gone
 */
public record ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                             StreamObservations observed, MigrationPlan plan, Gate gate, boolean flagWritable,
                             Instant now, long highestEpoch) {

    /** A stream whose highest epoch is its current state's. */
    public ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                          StreamObservations observed, MigrationPlan plan, Gate gate, boolean flagWritable,
                          Instant now) {
        this(stream, desired, current, observed, plan, gate, flagWritable, now, 0);
    }
}
