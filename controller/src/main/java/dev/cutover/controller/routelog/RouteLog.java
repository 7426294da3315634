package dev.cutover.controller.routelog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;

import java.util.List;
import java.util.Map;

/**
 * Where the controller keeps what it decided and what it was told: per-stream routes and phases, the audit log
 * and the worker reports. The embedded default is {@link JournalRouteLog} (an fsynced append-only file under
 * the state directory). The production implementation maps one-to-one onto Kafka: {@link Batch#routes()} to a
 * compacted routes topic keyed by stream, {@link Batch#events()} to an audit topic, {@link Batch#reports()} to a
 * reports topic, each {@link #append} one producer transaction (a zombie controller is fenced by Kafka).
 */
public interface RouteLog extends AutoCloseable {

    /** What one reconcile or one report batch changed; stored atomically (all or nothing). */
    record Batch(List<StreamRecord> routes, List<AuditEvent> events, List<ReportRecord> reports) {
        public Batch {
            routes = List.copyOf(routes);
            events = List.copyOf(events);
            reports = List.copyOf(reports);
        }

        @JsonIgnore
        public boolean isEmpty() {
            return routes.isEmpty() && events.isEmpty() && reports.isEmpty();
        }
    }

    /**
     * Everything stored: the latest state per stream, every audit event and the reports still needed, in order, and
     * the highest epoch each stream ever had ({@code epochs}: at least its state's epoch; it also names streams whose
     * state is gone, cut off by a journal repair or removed by a routes-topic tombstone, so their next epoch is
     * above it).
     */
    record Restored(Map<String, StreamState> routes, List<AuditEvent> events, List<ReportRecord> reports,
                    Map<String, Long> epochs) {
        public Restored {
            routes = Map.copyOf(routes);
            events = List.copyOf(events);
            reports = List.copyOf(reports);
            Map<String, Long> highest = new java.util.TreeMap<>(epochs);
            routes.values().forEach(state -> highest.merge(state.stream(), state.epoch(), Math::max));
            epochs = Map.copyOf(highest);
        }

        /** Nothing known beyond the states themselves. */
        public Restored(Map<String, StreamState> routes, List<AuditEvent> events, List<ReportRecord> reports) {
            this(routes, events, reports, Map.of());
        }
    }

    /** Reads back everything stored. Called once, before the first {@link #append}. */
    Restored restore();

    /**
     * Stores a batch durably: when this returns, the batch survives a crash; a crash during the call leaves
     * either all of it or none of it.
     *
     * @throws RouteLogException when it cannot be stored (nothing of it is visible)
     */
    void append(Batch batch);

    /** Drops what restore no longer needs (superseded routes, reports overwritten by later ones). */
    void compact();

    /**
     * The compaction a controller runs when it starts, right after {@link #restore()}: {@link #compact()} unless the
     * log judges it not worth it now (the journal: too little superseded).
     *
     * @return whether it compacted
     */
    default boolean compactAtStart() {
        compact();
        return true;
    }

    /** A short description for logs and status, e.g. the journal path or the topic names. */
    String describe();

    @Override
    void close();
}
