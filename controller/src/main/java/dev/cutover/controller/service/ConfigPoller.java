package dev.cutover.controller.service;

import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.LayerInfo;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.OverrideLayer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Polls the config source on a thread of its own (conditional fetches; the tracker backs off on failures and
 * honours Retry-After) with +-10% jitter, and hands every outcome to the controller loop as an
 * {@link Event.ConfigFetched}. A fetch that hangs delays only the next poll: the loop goes on with reports and
 * reconciles, and readers never wait for it. Also posts the periodic full resync. Timers are cancelled on stop.
 */
public final class ConfigPoller extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigPoller.class);

    private final ConfigTracker tracker;
    private final Optional<OverrideLayer> layer;
    private final Consumer<Event> post;
    private final Consumer<Duration> latency;
    private final Duration resyncInterval;
    private final DoubleSupplier jitter;
    private final Clock clock;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private WorkerExecutor fetcher;
    private long pollTimer = -1;
    private long resyncTimer = -1;
    private boolean inFlight;
    private boolean again;
    private volatile boolean stopped;

    /**
     * @param post    hands an event to the controller loop
     * @param latency told how long each poll took (metrics)
     */
    public ConfigPoller(ConfigTracker tracker, Optional<OverrideLayer> layer, Consumer<Event> post,
                        Consumer<Duration> latency, Duration resyncInterval, DoubleSupplier jitter, Clock clock) {
        this.tracker = tracker;
        this.layer = layer;
        this.post = post;
        this.latency = latency;
        this.resyncInterval = resyncInterval;
        this.jitter = jitter;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        fetcher = vertx.createSharedWorkerExecutor("cutover-config-poller", 1);
        pollTimer = vertx.setTimer(1, id -> poll());
        resyncTimer = vertx.setPeriodic(resyncInterval.toMillis(), id -> post.accept(new Event.ResyncDue()));
        return Future.succeededFuture();
    }

    /**
     * Polls as soon as possible (after the poll in flight, if one is); the future completes once a poll that
     * started after this call was handed to the loop.
     */
    public CompletableFuture<Void> pollNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (context == null || stopped) {
            // not started yet: its first poll comes at once anyway; stopped: nothing polls any more
            return CompletableFuture.completedFuture(null);
        }
        context.runOnContext(v -> {
            waiting.add(done);
            if (inFlight) {
                again = true;
            } else {
                vertx.cancelTimer(pollTimer);
                poll();
            }
        });
        return done;
    }

    private void poll() {
        if (stopped) {
            return;
        }
        inFlight = true;
        List<CompletableFuture<Void>> served = new ArrayList<>(waiting);
        waiting.clear();
        long started = System.nanoTime();
        fetcher.<Event>executeBlocking(this::fetch, false).onComplete(ar -> {
            inFlight = false;
            latency.accept(Duration.ofNanos(System.nanoTime() - started));
            if (ar.succeeded()) {
                post.accept(ar.result());
            } else {
                LOG.error("config poll failed unexpectedly; polling goes on: {}", ar.cause().toString());
            }
            served.forEach(f -> f.complete(null));
            if (stopped) {
                return;
            }
            if (again || !waiting.isEmpty()) {
                again = false;
                pollTimer = vertx.setTimer(1, id -> poll());
                return;
            }
            long delay = tracker.nextDelay().toMillis();
            long jittered = Math.max(1, Math.round(delay * (0.9 + 0.2 * jitter.getAsDouble())));
            pollTimer = vertx.setTimer(jittered, id -> poll());
        });
    }

    /** One fetch (network I/O) and the override layer's file and history (file I/O), on the fetcher thread. */
    private Event fetch() {
        PollOutcome outcome = tracker.poll();
        return new Event.ConfigFetched(clock.instant(), outcome, tracker.current(), tracker.status(), layerInfo());
    }

    /** What the step needs to know of the override layer, read now (file I/O). */
    public Optional<LayerInfo> layerInfo() {
        return layer.map(l -> {
            try {
                return new LayerInfo(l.file(), Files.exists(l.file()), l.history());
            } catch (RuntimeException e) {
                LOG.warn("cannot read the override layer {}'s history: {}", l.file(), e.getMessage());
                return new LayerInfo(l.file(), Files.exists(l.file()), List.of());
            }
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(resyncTimer);
        waiting.forEach(f -> f.complete(null));
        return fetcher == null ? Future.succeededFuture() : fetcher.close();
    }
}
