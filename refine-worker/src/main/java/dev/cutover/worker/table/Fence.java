package dev.cutover.worker.table;

import java.util.Optional;

/**
 * The epoch re-check right before a partition becomes visible. {@link #check} returns the reason to abort
 * (the epoch moved, or it cannot be confirmed), or empty to go ahead.
 */
@FunctionalInterface
public interface Fence {

    /** Standalone {@code --database} mode: no controller, no fencing. */
    Fence NONE = () -> Optional.empty();

    Optional<String> check();
}
