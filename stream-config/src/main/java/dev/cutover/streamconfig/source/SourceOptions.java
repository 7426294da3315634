package dev.cutover.streamconfig.source;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a config source. Immutable; {@link #defaults()} plus {@code with...} copies.
 *
 * @param clock          stamps snapshots and resolves HTTP-date Retry-After values
 * @param userAgent      sent on every HTTP request (Wikimedia's User-Agent policy asks for contact info)
 * @param connectTimeout HTTP connect timeout
 * @param readTimeout    HTTP timeout for one whole response (headers and body)
 * @param streams        MediaWiki API only: ask for these streams only (empty = all streams)
 * @param constraints    MediaWiki API only: the {@code constraints} parameter, e.g.
 *                       {@code destination_event_service=eventgate-analytics}
 * @param batchSize      MediaWiki API only: at most this many names per request (the API allows 250 for
 *                       normal users); several requests are merged into one snapshot
 */
public record SourceOptions(Clock clock, String userAgent, Duration connectTimeout, Duration readTimeout,
                            List<String> streams, Optional<String> constraints, int batchSize) {

    public static final String DEFAULT_USER_AGENT =
            "Cutover/0.1 (https://github.com/cutover/cutover; data-platform)";
    public static final int MAX_BATCH = 250;

    public SourceOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        streams = List.copyOf(streams);
        Objects.requireNonNull(constraints, "constraints");
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must be set (e.g. '" + DEFAULT_USER_AGENT + "')");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive (connect " + connectTimeout
                    + ", read " + readTimeout + ")");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH + " (got " + batchSize + ")");
        }
    }

    /** System UTC clock, {@link #DEFAULT_USER_AGENT}, 5 s connect, 30 s read, all streams, batches of 250. */
    public static SourceOptions defaults() {
        return new SourceOptions(Clock.systemUTC(), DEFAULT_USER_AGENT, Duration.ofSeconds(5), Duration.ofSeconds(30),
                List.of(), Optional.empty(), MAX_BATCH);
    }

    public SourceOptions withClock(Clock value) {
        return new SourceOptions(value, userAgent, connectTimeout, readTimeout, streams, constraints, batchSize);
    }

    public SourceOptions withUserAgent(String value) {
        return new SourceOptions(clock, value, connectTimeout, readTimeout, streams, constraints, batchSize);
    }

    public SourceOptions withTimeouts(Duration connect, Duration read) {
        return new SourceOptions(clock, userAgent, connect, read, streams, constraints, batchSize);
    }

    public SourceOptions withStreams(List<String> value) {
        return new SourceOptions(clock, userAgent, connectTimeout, readTimeout, value, constraints, batchSize);
    }

    public SourceOptions withConstraints(String value) {
        return new SourceOptions(clock, userAgent, connectTimeout, readTimeout, streams, Optional.ofNullable(value),
                batchSize);
    }

    public SourceOptions withBatchSize(int value) {
        return new SourceOptions(clock, userAgent, connectTimeout, readTimeout, streams, constraints, value);
    }
}
