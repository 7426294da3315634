package dev.cutover.simulation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Known defects the simulation can switch on ({@code --inject-bug NAME}) to show that its invariant checker fails
 * when it should. Each is injected in the simulated world's adapters (a worker, the routes workers see, the config
 * intake), never in the controller's or the commit protocol's code.
 */
public enum InjectedBug {
    SKIP_COMMIT_FENCE("workers skip the epoch re-check and the storage fence before the switch", "I1 / fencing"),
    REUSE_EPOCH("a routing change is published under the epoch it replaces", "epochs strictly increase"),
    ROUTE_CUTOVER_HOUR_TO_BOTH("the cutover hour is routed to production for both jobs", "I1 / one leader per hour"),
    RESTORE_BY_RECOMPUTE("a rollback's restore copy is run as a refine (recompute)", "I3"),
    SKIP_PRESERVE("a rollback overwrites the new job's production output without preserving it", "I3"),
    APPLY_BAD_FETCH("a truncated config body is read leniently and applied", "I4");

    private final String description;
    private final String caughtBy;

    InjectedBug(String description, String caughtBy) {
        this.description = description;
        this.caughtBy = caughtBy;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    public String caughtBy() {
        return caughtBy;
    }

    public static Optional<InjectedBug> byWireName(String name) {
        return Arrays.stream(values()).filter(b -> b.wireName().equals(name)).findFirst();
    }
}
