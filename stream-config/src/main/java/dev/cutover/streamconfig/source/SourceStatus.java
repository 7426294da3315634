package dev.cutover.streamconfig.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The health of a config source as shown in status and metrics.
 *
 * @param state        READY (last fetch fine), STALE (serving last-known-good after failures),
 *                     ERROR (no good snapshot at all, or a permanent failure)
 * @param lastSuccess  when the last good fetch (changed or unchanged) happened
 * @param lastError    the last failure's message, if the last fetch failed
 * @param errorSince   when the current run of failures started
 */
public record SourceStatus(State state, Optional<Instant> lastSuccess, Optional<String> lastError,
                           Optional<Instant> errorSince) {

    public enum State { READY, STALE, ERROR }

    /** How long the current run of failures has lasted at {@code now}. */
    public Optional<Duration> errorAge(Instant now) {
        return errorSince.map(since -> Duration.between(since, now));
    }
}
