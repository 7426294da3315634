package dev.cutover.streamconfig;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Single-stream lookups served from a Caffeine cache: refresh-after-write, so a lookup older than
 * {@code refreshAfter} is refreshed in the background while the stale value is still served; a failed
 * refresh keeps serving the old value. Entries never expire on their own (stale beats nothing); the size
 * is bounded. Time comes from the injected {@link Ticker}, refreshes run on the injected {@link Executor}.
 */
public final class StreamLookup {

    private final LoadingCache<String, Optional<StreamConfig>> cache;

    /**
     * @param loader       the authoritative lookup (may be slow or fail; exceptions keep the stale value)
     * @param refreshAfter how old a value may get before a lookup triggers a refresh
     * @param maximumSize  at most this many streams are cached
     */
    public StreamLookup(Function<String, Optional<StreamConfig>> loader, Duration refreshAfter, long maximumSize,
                        Ticker ticker, Executor executor) {
        Objects.requireNonNull(loader, "loader");
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(refreshAfter)
                .maximumSize(maximumSize)
                .ticker(ticker)
                .executor(executor)
                .build(loader::apply);
    }

    /**
     * Lookups over whatever snapshot {@code snapshots} supplies now (e.g. {@code tracker::current}), with the
     * EventStreamConfig rules of {@link Snapshot#lookup}. No snapshot at all reads as "not found".
     */
    public static StreamLookup over(Supplier<Optional<Snapshot>> snapshots, Duration refreshAfter, Ticker ticker,
                                    Executor executor) {
        Objects.requireNonNull(snapshots, "snapshots");
        return new StreamLookup(stream -> snapshots.get().flatMap(s -> s.lookup(stream)), refreshAfter, 100_000,
                ticker, executor);
    }

    /** The config for {@code stream} (possibly stale, never older than the last successful load). */
    public Optional<StreamConfig> find(String stream) {
        return cache.get(Objects.requireNonNull(stream, "stream"));
    }

    /** Drops every cached value (the next lookups load afresh), e.g. after a new snapshot was applied. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    public long size() {
        return cache.estimatedSize();
    }
}
