package dev.cutover.controller.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Polls the config source (conditional fetches; the tracker backs off on failures and honours Retry-After) with
 * +-10% jitter, and reconciles every stream periodically (full resync) as a backstop for the event-driven path.
 * Timers are cancelled on stop.
 */
public final class PollerVerticle extends VerticleBase {

    private final ControllerCore core;
    private final ReconcileQueue queue;
    private final ControllerMetrics metrics;
    private final Duration resyncInterval;
    private final DoubleSupplier jitter;
    private long pollTimer = -1;
    private long resyncTimer = -1;
    private volatile boolean stopped;

    public PollerVerticle(ControllerCore core, ReconcileQueue queue, ControllerMetrics metrics, Duration resyncInterval,
                          DoubleSupplier jitter) {
        this.core = core;
        this.queue = queue;
        this.metrics = metrics;
        this.resyncInterval = resyncInterval;
        this.jitter = jitter;
    }

    @Override
    public Future<?> start() {
        queue.request(core.allStreams(), Trigger.STARTUP);
        pollTimer = vertx.setTimer(1, id -> poll());
        resyncTimer = vertx.setPeriodic(resyncInterval.toMillis(),
                id -> queue.request(core.allStreams(), Trigger.RESYNC));
        return Future.succeededFuture();
    }

    private void poll() {
        long started = System.nanoTime();
        Future.fromCompletionStage(queue.pollNow(), context).onComplete(ar -> {
            metrics.recordPoll(Duration.ofNanos(System.nanoTime() - started));
            if (!core.synced()) {
                queue.request(core.allStreams(), Trigger.STARTUP);
                queue.idle().thenRun(core::markSynced);
            }
            if (stopped) {
                return;
            }
            long delay = core.nextPollDelay().toMillis();
            long jittered = Math.max(1, Math.round(delay * (0.9 + 0.2 * jitter.getAsDouble())));
            pollTimer = vertx.setTimer(jittered, id -> poll());
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(resyncTimer);
        return Future.succeededFuture();
    }
}
