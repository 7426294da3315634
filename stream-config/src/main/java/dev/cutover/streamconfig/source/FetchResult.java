package dev.cutover.streamconfig.source;

import dev.cutover.streamconfig.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outcome of one {@link ConfigSource#fetch}. */
public sealed interface FetchResult {

    /** New content that parsed into a snapshot with at least one stream. */
    record Changed(Snapshot snapshot) implements FetchResult {
    }

    /** The source says nothing changed since the previous snapshot (HTTP 304, same content hash). */
    record Unchanged(Instant checkedAt) implements FetchResult {
    }

    /**
     * Nothing usable came back; nothing is applied.
     *
     * @param error      a one-line message naming the source and the problem
     * @param kind       what kind of failure, which decides the backoff
     * @param retryAfter what the server asked for (HTTP Retry-After), if anything
     */
    record Failed(String error, FailureKind kind, Optional<Duration> retryAfter) implements FetchResult {
    }

    enum FailureKind {
        /** Timeouts, connection errors, 5xx, 429: retry with backoff. */
        TRANSIENT,
        /** 401/403/404: a configuration problem; retry only after a long backoff. */
        PERMANENT,
        /** A response arrived but is unusable: truncated, invalid JSON/YAML, empty, no streams. */
        INVALID_CONTENT
    }
}
