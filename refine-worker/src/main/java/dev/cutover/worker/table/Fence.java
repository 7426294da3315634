package dev.cutover.worker.table;

import dev.cutover.protocol.FenceDecision;

/**
 * The epoch re-check right before a partition becomes visible: {@link FenceDecision.Proceed} or
 * {@link FenceDecision.Abort} with the reason (the epoch moved, or it cannot be confirmed). Route providers build
 * fences from the one comparison rule, {@link FenceDecision#check}.
 */
@FunctionalInterface
public interface Fence {

    /** Standalone {@code --database} mode: no controller, no fencing. */
    Fence NONE = () -> FenceDecision.PROCEED;

    FenceDecision check();
}
