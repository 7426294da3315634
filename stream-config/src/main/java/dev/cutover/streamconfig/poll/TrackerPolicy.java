package dev.cutover.streamconfig.poll;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How a {@link ConfigTracker} polls and judges its source. Immutable; per-source state lives in the tracker.
 *
 * @param pollInterval          the delay after a good poll (changed, unchanged or held)
 * @param backoff               the delays after transient failures (timeouts, 429, 5xx, unusable content)
 * @param permanentFailureDelay the long delay after 401/403/404 (a configuration problem); also the longest
 *                              Retry-After that is honoured
 * @param maxShrinkShare        a new snapshot losing more than this share of the known keys is held until it
 *                              repeats (0.5: losing more than half)
 * @param shrinkConfirmations   how many polls in a row must answer the same shrunk content before it is applied
 *                              (3: held twice, applied on the third; 1: applied at once)
 * @param random                jitter source, values in {@code [0, 1)}
 */
public record TrackerPolicy(Duration pollInterval, ExponentialBackoff backoff, Duration permanentFailureDelay,
                            double maxShrinkShare, int shrinkConfirmations, DoubleSupplier random) {

    public TrackerPolicy {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(permanentFailureDelay, "permanentFailureDelay");
        Objects.requireNonNull(random, "random");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive (got " + pollInterval + ")");
        }
        if (!(maxShrinkShare > 0.0 && maxShrinkShare <= 1.0)) {
            throw new IllegalArgumentException("maxShrinkShare must be in (0, 1] (got " + maxShrinkShare + ")");
        }
        if (shrinkConfirmations < 1) {
            throw new IllegalArgumentException("shrinkConfirmations must be at least 1 (got " + shrinkConfirmations
                    + "); 1 applies a shrunk config at once");
        }
    }

    /**
     * Poll every minute; back off 5 s doubling to 10 min with 20% jitter; 1 h after 401/403/404; hold a loss of more
     * than 50% until 3 polls in a row answer it.
     */
    public static TrackerPolicy defaults() {
        return new TrackerPolicy(Duration.ofMinutes(1),
                new ExponentialBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(10), 0.2),
                Duration.ofHours(1), 0.5, 3, () -> ThreadLocalRandom.current().nextDouble());
    }

    public TrackerPolicy withPollInterval(Duration value) {
        return new TrackerPolicy(value, backoff, permanentFailureDelay, maxShrinkShare, shrinkConfirmations, random);
    }

    public TrackerPolicy withBackoff(ExponentialBackoff value) {
        return new TrackerPolicy(pollInterval, value, permanentFailureDelay, maxShrinkShare, shrinkConfirmations,
                random);
    }

    public TrackerPolicy withPermanentFailureDelay(Duration value) {
        return new TrackerPolicy(pollInterval, backoff, value, maxShrinkShare, shrinkConfirmations, random);
    }

    public TrackerPolicy withMaxShrinkShare(double value) {
        return new TrackerPolicy(pollInterval, backoff, permanentFailureDelay, value, shrinkConfirmations, random);
    }

    public TrackerPolicy withShrinkConfirmations(int value) {
        return new TrackerPolicy(pollInterval, backoff, permanentFailureDelay, maxShrinkShare, value, random);
    }

    public TrackerPolicy withRandom(DoubleSupplier value) {
        return new TrackerPolicy(pollInterval, backoff, permanentFailureDelay, maxShrinkShare, shrinkConfirmations,
                value);
    }
}
