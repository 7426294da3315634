package dev.cutover.worker.commit;

import dev.cutover.protocol.LeasePolicy;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The write lease terms one commit runs under, as its route or work item gives them ({@link LeasePolicy}): how
 * long its lease lasts once the epoch re-check has confirmed its epoch, and from when it may switch (empty: at
 * once).
 */
public record LeaseTerms(Duration length, Optional<Instant> notBefore) {

    /** No route to say otherwise (standalone and manual commands, tests): the default lease, at once. */
    public static final LeaseTerms DEFAULT = new LeaseTerms(LeasePolicy.DEFAULT.length(), Optional.empty());

    public LeaseTerms {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(notBefore, "notBefore");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a write lease must last longer than " + length);
        }
    }

    public static LeaseTerms of(Route route) {
        return new LeaseTerms(route.lease(), route.writableFrom());
    }

    public static LeaseTerms of(WorkItem item) {
        return new LeaseTerms(item.lease(), item.writableFrom());
    }
}
