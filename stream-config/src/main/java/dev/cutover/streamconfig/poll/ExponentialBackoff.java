package dev.cutover.streamconfig.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * An immutable exponential backoff with jitter, after Kafka's {@code ExponentialBackoff}: attempt {@code n}
 * (0-based) waits {@code initial * multiplier^n}, times a random factor in {@code [1 - jitter, 1 + jitter)},
 * capped at {@code max}. The random value is passed in, so tests are deterministic.
 */
public record ExponentialBackoff(Duration initial, double multiplier, Duration max, double jitter) {

    public ExponentialBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max (got " + initial + ", " + max + ")");
        }
        if (multiplier < 1.0 || jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("backoff needs multiplier >= 1 and 0 <= jitter < 1 (got "
                    + multiplier + ", " + jitter + ")");
        }
    }

    /**
     * @param attempts failed attempts before this one (0 for the first retry)
     * @param random   a value in {@code [0, 1)}; 0.5 means no jitter
     */
    public Duration delay(long attempts, double random) {
        double exponent = Math.min(attempts, 64);
        double term = initial.toMillis() * Math.pow(multiplier, exponent);
        double factor = 1.0 - jitter + 2.0 * jitter * random;
        double millis = term * factor;
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
