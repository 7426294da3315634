package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.streamconfig.SwitchState;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything one reconcile of one stream looks at.
 *
 * @param desired      what the current good snapshot asks for; empty when the stream is absent from it
 * @param current      the stream's state in the route log; empty when it was never managed
 * @param gates        the stream's gate, computed when the reconcile asks for it (only a stream that may start a
 *                     cutover or be promoted does: the gate looks at every stream)
 * @param flagWritable whether the controller can write the flag (a writable override layer is configured)
 * @param highestEpoch the highest epoch the stream ever had as far as the route log knows (0: none); its next epoch
 *                     is above it, even when its state is gone
 * @param plans        the hour plans the controller keeps for the stream's current state and {@code observed}, when
 *                     it has them (the canary evidence is read from their fresh verdicts instead of every hour)
 * @param group        the other members of the stream's group, when it is in one (computed when asked for)
 */
public record ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                             StreamObservations observed, MigrationPlan plan, Supplier<Gate> gates,
                             boolean flagWritable, Instant now, long highestEpoch, Optional<HourPlans> plans,
                             Supplier<Optional<GroupView>> group) {

    public ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                          StreamObservations observed, MigrationPlan plan, Supplier<Gate> gates,
                          boolean flagWritable, Instant now, long highestEpoch, Optional<HourPlans> plans) {
        this(stream, desired, current, observed, plan, gates, flagWritable, now, highestEpoch, plans,
                Optional::empty);
    }

    public ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                          StreamObservations observed, MigrationPlan plan, Gate gate, boolean flagWritable,
                          Instant now, long highestEpoch) {
        this(stream, desired, current, observed, plan, () -> gate, flagWritable, now, highestEpoch,
                Optional.empty());
    }

    /** A stream whose highest epoch is its current state's. */
    public ReconcileInput(String stream, Optional<SwitchState> desired, Optional<StreamState> current,
                          StreamObservations observed, MigrationPlan plan, Gate gate, boolean flagWritable,
                          Instant now) {
        this(stream, desired, current, observed, plan, gate, flagWritable, now, 0);
    }

    /** The stream's gate (computed by {@link #gates} on each call). */
    public Gate gate() {
        return gates.get();
    }
}
