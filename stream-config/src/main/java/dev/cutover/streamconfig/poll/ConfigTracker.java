package dev.cutover.streamconfig.poll;

import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.FetchResult;
import dev.cutover.streamconfig.source.SourceStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poller support around one {@link ConfigSource}: keeps the current (last-known-good) snapshot, persists it
 * in the state directory and starts from it, and decides what a fetch may change.
 *
 * <ul>
 *   <li>A failed, empty, unparseable or streams-less fetch changes nothing ({@link PollOutcome.Failed}).</li>
 *   <li>A fetch that loses more than {@link TrackerPolicy#maxShrinkShare()} of the known keys is held
 *       ({@link PollOutcome.Held}) and applied only when the same content (hash) came back on
 *       {@link TrackerPolicy#shrinkConfirmations()} polls in a row; any other poll result in between (the full
 *       config, other content, a failure, "unchanged") starts the count again, so a source flapping between full and
 *       shrunk never applies the shrunk one.</li>
 *   <li>Status: READY after a good poll; STALE while serving the last-known-good after a transient failure or
 *       a hold, or before the first poll when started from disk; ERROR with no snapshot at all or after
 *       401/403/404 (a configuration problem).</li>
 *   <li>{@link #nextDelay()}: the poll interval after a good poll, exponential backoff with jitter after a
 *       transient failure, the long delay after a permanent one; never shorter than the server's Retry-After, which
 *       is honoured up to the permanent-failure delay.</li>
 * </ul>
 * The constructor does no I/O; {@link #start()} (called by {@link #current()} and {@link #poll()} if needed)
 * loads the persisted snapshot. Thread-safe; polls are serialized.
 */
public final class ConfigTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigTracker.class);

    private final ConfigSource source;
    private final SnapshotStore store;
    private final Clock clock;
    private final TrackerPolicy policy;

    private volatile Optional<Snapshot> current = Optional.empty();
    private volatile SourceStatus status;
    private volatile boolean started;
    /** The shrunk content held by the last polls, and how many polls in a row answered it. */
    private String heldHash;
    private int heldPolls;
    private long failures;
    private volatile Duration nextDelay;

    public ConfigTracker(ConfigSource source, Path stateDir, Clock clock, TrackerPolicy policy) {
        this.source = Objects.requireNonNull(source, "source");
        this.store = new SnapshotStore(Objects.requireNonNull(stateDir, "stateDir"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nextDelay = Duration.ZERO;
        this.status = new SourceStatus(SourceStatus.State.ERROR, Optional.empty(),
                Optional.of(source.describe() + ": not read yet"), Optional.empty());
    }

    /** Loads the persisted last-known-good snapshot once; later calls return the current one. */
    public synchronized Optional<Snapshot> start() {
        if (started) {
            return current;
        }
        try {
            current = store.load();
            current.ifPresent(s -> {
                LOG.info("starting from the last-known-good config saved at {} ({} streams, fetched {})",
                        store.file(), s.size(), s.fetchedAt());
                status = new SourceStatus(SourceStatus.State.STALE, Optional.of(s.fetchedAt()),
                        Optional.of(source.describe() + ": not read yet; serving the saved last-known-good"),
                        Optional.empty());
            });
        } catch (IOException e) {
            LOG.warn("ignoring the saved config: {}", e.getMessage());
            status = new SourceStatus(SourceStatus.State.ERROR, Optional.empty(),
                    Optional.of("saved config unusable: " + e.getMessage()), Optional.empty());
        } finally {
            started = true;
        }
        return current;
    }

    /** The last-known-good snapshot, if any. Never waits for a poll in progress (once started). */
    public Optional<Snapshot> current() {
        if (!started) {
            start();
        }
        return current;
    }

    public SourceStatus status() {
        return status;
    }

    /** How long to wait before the next poll (zero before the first one). */
    public Duration nextDelay() {
        return nextDelay;
    }

    public ConfigSource source() {
        return source;
    }

    /** One fetch from the source, applied (or not) by the rules in the class comment. */
    public synchronized PollOutcome poll() {
        PollOutcome outcome = fetchAndJudge();
        if (!(outcome instanceof PollOutcome.Held)) {
            // Only identical shrunk polls in a row count: anything else in between starts the count again.
            heldHash = null;
            heldPolls = 0;
        }
        return outcome;
    }

    private PollOutcome fetchAndJudge() {
        start();
        FetchResult result;
        try {
            result = source.fetch(current);
        } catch (RuntimeException e) {
            result = new FetchResult.Failed(source.describe() + ": unexpected error (" + e + ")",
                    FetchResult.FailureKind.TRANSIENT, Optional.empty());
        }
        Instant now = clock.instant();
        if (result instanceof FetchResult.Failed failed) {
            return failed(failed, now);
        }
        if (result instanceof FetchResult.Unchanged) {
            if (current.isEmpty()) {
                return failed(new FetchResult.Failed(source.describe() + ": answered 'unchanged' but no snapshot is"
                        + " known", FetchResult.FailureKind.TRANSIENT, Optional.empty()), now);
            }
            current = current.map(s -> s.withFetchedAt(now));
            succeeded(now);
            return new PollOutcome.Unchanged();
        }
        return changed(((FetchResult.Changed) result).snapshot(), now);
    }

    private PollOutcome changed(Snapshot fetched, Instant now) {
        Optional<Snapshot> previous = current;
        if (previous.isPresent() && previous.get().contentHash().equals(fetched.contentHash())) {
            current = Optional.of(fetched);
            if (!previous.get().overrideHead().equals(fetched.overrideHead())) {
                save(fetched); // the same content from another version of the override layer: start from that one
            }
            succeeded(now);
            return new PollOutcome.Unchanged();
        }
        Optional<String> suspicion = previous.flatMap(p -> shrink(p, fetched));
        heldPolls = fetched.contentHash().equals(heldHash) ? heldPolls + 1 : 1;
        heldHash = fetched.contentHash();
        if (suspicion.isPresent() && heldPolls < policy.shrinkConfirmations()) {
            String reason = suspicion.get() + "; held (" + heldPolls + " of " + policy.shrinkConfirmations()
                    + "): applied only when the same content comes back on " + policy.shrinkConfirmations()
                    + " polls in a row, any other answer starts the count again; if the streams were removed on"
                    + " purpose, wait for it, otherwise fix the source";
            LOG.warn("{}", reason);
            failures = 0;
            nextDelay = policy.pollInterval();
            status = new SourceStatus(SourceStatus.State.STALE, status.lastSuccess(), Optional.of(reason),
                    status.errorSince().or(() -> Optional.of(now)));
            return new PollOutcome.Held(reason);
        }
        save(fetched);
        current = Optional.of(fetched);
        succeeded(now);
        SnapshotDiff diff = SnapshotDiff.between(previous, fetched);
        LOG.info("applied config from {}: {} streams, {} added, {} removed, {} changed", fetched.origin(),
                fetched.size(), diff.added().size(), diff.removed().size(), diff.changed().size());
        return new PollOutcome.Applied(previous, fetched, diff);
    }

    private void save(Snapshot fetched) {
        try {
            store.save(fetched);
        } catch (IOException e) {
            LOG.warn("applied the new config but could not save it as last-known-good in {}: {}", store.file(),
                    e.toString());
        }
    }

    private Optional<String> shrink(Snapshot known, Snapshot fetched) {
        long lost = known.streams().keySet().stream().filter(k -> !fetched.streams().containsKey(k)).count();
        double share = known.size() == 0 ? 0.0 : (double) lost / known.size();
        if (share <= policy.maxShrinkShare()) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "suspicious config from %s: it lacks %d of the %d known streams (%.0f%% > %.0f%%)",
                fetched.origin(), lost, known.size(), share * 100, policy.maxShrinkShare() * 100));
    }

    private void succeeded(Instant now) {
        failures = 0;
        nextDelay = policy.pollInterval();
        status = new SourceStatus(SourceStatus.State.READY, Optional.of(now), Optional.empty(), Optional.empty());
    }

    private PollOutcome failed(FetchResult.Failed failed, Instant now) {
        boolean permanent = failed.kind() == FetchResult.FailureKind.PERMANENT;
        Duration delay = permanent ? policy.permanentFailureDelay()
                : policy.backoff().delay(failures, policy.random().getAsDouble());
        if (failed.retryAfter().isPresent() && failed.retryAfter().get().compareTo(delay) > 0) {
            // Honoured up to the permanent-failure delay: a wrong or hostile header never stops polling for good.
            Duration cap = policy.permanentFailureDelay();
            delay = failed.retryAfter().get().compareTo(cap) > 0 ? cap : failed.retryAfter().get();
        }
        failures++;
        nextDelay = delay;
        SourceStatus.State state = permanent || current.isEmpty() ? SourceStatus.State.ERROR : SourceStatus.State.STALE;
        status = new SourceStatus(state, status.lastSuccess(), Optional.of(failed.error()),
                status.errorSince().or(() -> Optional.of(now)));
        LOG.warn("config fetch failed ({}; next try in {}): {}", failed.kind(), delay, failed.error());
        return new PollOutcome.Failed(failed.error());
    }
}
