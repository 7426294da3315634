package dev.cutover.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Write leases, the time-bounded half of fencing (DESIGN.md, failure model: "Fencing reaches storage").
 *
 * <ul>
 *   <li>A worker's right to write a (stream, hour) under its epoch lasts {@code length} from the moment it sent the
 *       epoch re-check that confirmed the epoch, measured on its own clock; it makes no metastore call of that
 *       commit (not even an undo) once the lease has ended. Routes and work items carry the length
 *       ({@code lease_ms}); without it a worker takes {@link #DEFAULT}'s.</li>
 *   <li>When the controller publishes a routing change at {@code T} (a new segment), the hours of the new segment
 *       are switched under the new epoch only from {@code T + length + margin} on ({@link #notBefore}), where
 *       {@code length} is the longest lease an older writer may still hold: their leases have ended by then. Routes
 *       and work items carry that time ({@code not_before}).</li>
 * </ul>
 *
 * Assumptions, which {@code margin} must cover together: the clock offset between the controller and any worker;
 * the time the controller takes from deciding a routing change to publishing it (a journal fsync, a Kafka
 * transaction within its timeout: a change that is not published in time is decided again, at a new time); and the
 * time one metastore call takes to apply after a worker issued it.
 */
public record LeasePolicy(Duration length, Duration margin) {

    /** 10 minutes of lease, 1 minute of margin: a cutover's new leader waits 11 minutes before its first commit. */
    public static final LeasePolicy DEFAULT = new LeasePolicy(Duration.ofMinutes(10), Duration.ofMinutes(1));

    public LeasePolicy {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(margin, "margin");
        if (length.isNegative() || length.isZero() || length.toMillis() == 0) {
            throw new IllegalArgumentException("a write lease must last at least a millisecond, not " + length);
        }
        if (margin.isNegative()) {
            throw new IllegalArgumentException("the write lease margin must not be negative: " + margin);
        }
    }

    /**
     * When writes under an epoch published at {@code publishedAt} may switch, given the longest lease an older
     * writer may still hold.
     */
    public Instant notBefore(Instant publishedAt, Duration olderLeases) {
        return publishedAt.plus(olderLeases).plus(margin);
    }

    /** A lease length as carried by routes and work items: {@code lease_ms}, or the default when absent. */
    public static Duration lengthOf(Long leaseMs) {
        return leaseMs == null ? DEFAULT.length() : Duration.ofMillis(leaseMs);
    }
}
