package dev.cutover.controller.service;

import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Trigger;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streams waiting to be reconciled, oldest request first. A stream requested again while it waits is
 * reconciled once (requests coalesce, the first trigger is kept); a stream requested while it is being reconciled
 * runs once more afterwards. Used by the controller loop's thread only; the counters may be read from anywhere.
 */
public final class ReconcileQueue {

    private final Map<String, Trigger> pending = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private volatile int size;

    public void request(Collection<String> streams, Trigger trigger) {
        for (String stream : streams) {
            if (pending.putIfAbsent(stream, trigger) != null) {
                coalesced.incrementAndGet();
            }
        }
        size = pending.size();
    }

    /** The next stream to reconcile, numbered; empty when none waits. */
    public Optional<Reconciliation> next() {
        Iterator<Map.Entry<String, Trigger>> it = pending.entrySet().iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<String, Trigger> next = it.next();
        it.remove();
        size = pending.size();
        return Optional.of(new Reconciliation(sequence.incrementAndGet(), next.getValue(), next.getKey()));
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Reconciles handed out so far. */
    public long reconciles() {
        return sequence.get();
    }

    /** Requests that found their stream already waiting. */
    public long coalescedRequests() {
        return coalesced.get();
    }

    public int pendingCount() {
        return size;
    }
}
