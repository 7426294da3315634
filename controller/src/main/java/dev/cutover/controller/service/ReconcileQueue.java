package dev.cutover.controller.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs reconciles one at a time on one thread. A stream requested again while it waits is reconciled once
 * (events coalesce); a stream requested while it is being reconciled runs once more afterwards. Config polls
 * run on the same thread, so a flag write is followed by a poll before anything else. When a stream's phase
 * changes, the streams waiting for a cutover slot or their promotion turn are reconciled again.
 */
public final class ReconcileQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

    private final ControllerCore core;
    private final ExecutorService executor;
    private final Map<String, Trigger> pending = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private boolean draining;

    public ReconcileQueue(ControllerCore core) {
        this.core = core;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "cutover-reconciler");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void request(String stream, Trigger trigger) {
        request(Set.of(stream), trigger);
    }

    public synchronized void request(Collection<String> streams, Trigger trigger) {
        for (String stream : streams) {
            if (pending.putIfAbsent(stream, trigger) != null) {
                coalesced.incrementAndGet();
            }
        }
        if (!draining && !pending.isEmpty()) {
            draining = true;
            executor.execute(this::drain);
        }
    }

    /** Polls the config source on the reconcile thread and reconciles what changed. */
    public CompletableFuture<Void> pollNow() {
        return CompletableFuture.runAsync(() -> request(core.poll(), Trigger.CONFIG_CHANGE), executor);
    }

    /** Completes once everything requested before this call has been reconciled. */
    public CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> { }, executor);
    }

    public long reconciles() {
        return sequence.get();
    }

    public long coalescedRequests() {
        return coalesced.get();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private void drain() {
        while (true) {
            Map.Entry<String, Trigger> next;
            synchronized (this) {
                Iterator<Map.Entry<String, Trigger>> it = pending.entrySet().iterator();
                if (!it.hasNext()) {
                    draining = false;
                    return;
                }
                next = it.next();
                it.remove();
            }
            Reconciliation ctx = new Reconciliation(sequence.incrementAndGet(), next.getValue(), next.getKey());
            try {
                ControllerCore.Outcome outcome = core.reconcile(ctx);
                if (outcome.flagWritten()) {
                    request(core.poll(), Trigger.CONFIG_CHANGE);
                }
                if (outcome.phaseChanged()) {
                    Set<String> waiting = new java.util.LinkedHashSet<>(core.waitingForAGate());
                    waiting.remove(ctx.stream());
                    request(waiting, Trigger.RESYNC);
                }
            } catch (RuntimeException e) {
                LOG.error("{} failed; the next resync retries it: {}", ctx, e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
