package dev.cutover.controller.routelog;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.AuditEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the journal's records add up to: the latest record per stream, every audit event, the reports, and the
 * highest epoch each stream ever had. A stream's epoch never goes back: a record that would lower it is refused.
 */
final class JournalState {

    /** Events and reports per record of a compacted snapshot (keeps records small). */
    static final int CHUNK = 1000;

    private final Map<String, StreamRecord> routes = new LinkedHashMap<>();
    private final List<AuditEvent> events = new ArrayList<>();
    private final List<ReportRecord> reports = new ArrayList<>();
    private final Map<String, Long> highest = new TreeMap<>();
    /** Stream records applied, superseded ones included (what a compaction would drop is this minus the streams). */
    private long routeRecords;

    /** Why {@code record} cannot follow what is here (a stream's epoch would go back), or empty when it can. */
    Optional<String> problemWith(JournalRecord record) {
        for (StreamRecord route : record.routes()) {
            StreamState state = route.state();
            StreamRecord before = routes.get(state.stream());
            if (before != null && state.epoch() < before.state().epoch()) {
                return Optional.of("the epoch of stream " + state.stream() + " goes back from "
                        + before.state().epoch() + " to " + state.epoch() + " (epochs are never reused)");
            }
        }
        return Optional.empty();
    }

    void apply(JournalRecord record) {
        for (StreamRecord route : record.routes()) {
            routes.put(route.state().stream(), route);
            routeRecords++;
            highest.merge(route.state().stream(), route.state().epoch(), Math::max);
        }
        record.epochs().forEach((stream, epoch) -> highest.merge(stream, epoch, Math::max));
        events.addAll(record.events());
        reports.addAll(record.reports());
    }

    /** Raises the highest epochs to {@code epochs} where those are higher (a repair keeps what it cut off). */
    void raiseEpochs(Map<String, Long> epochs) {
        epochs.forEach((stream, epoch) -> highest.merge(stream, epoch, Math::max));
    }

    /** Keeps {@code kept} as the reports: what {@link ReportCompaction} kept of them (computed once per compaction). */
    void replaceReports(List<ReportRecord> kept) {
        List<ReportRecord> copy = List.copyOf(kept);
        reports.clear();
        reports.addAll(copy);
    }

    /** The reports a compaction keeps ({@link ReportCompaction}); pass them to {@link #snapshot(List)}. */
    List<ReportRecord> compactedReports() {
        return ReportCompaction.compact(reports);
    }

    /** The records of a compacted journal: every stream and the highest epochs, then events and reports in chunks. */
    List<JournalRecord> snapshot() {
        return snapshot(compactedReports());
    }

    /** {@link #snapshot()} given the reports {@link #compactedReports()} kept. */
    List<JournalRecord> snapshot(List<ReportRecord> kept) {
        List<JournalRecord> records = new ArrayList<>();
        records.add(new JournalRecord(List.copyOf(routes.values()), List.of(), List.of(), highest));
        for (int i = 0; i < events.size(); i += CHUNK) {
            records.add(new JournalRecord(List.of(), events.subList(i, Math.min(events.size(), i + CHUNK)),
                    List.of(), Map.of()));
        }
        for (int i = 0; i < kept.size(); i += CHUNK) {
            records.add(new JournalRecord(List.of(), List.of(), kept.subList(i, Math.min(kept.size(), i + CHUNK)),
                    Map.of()));
        }
        return records;
    }

    RouteLog.Restored restored() {
        Map<String, StreamState> states = new LinkedHashMap<>();
        routes.forEach((stream, record) -> states.put(stream, record.state()));
        return new RouteLog.Restored(states, events, reports, highest);
    }

    /** The highest epoch each stream ever had (at least its current one). */
    Map<String, Long> highestEpochs() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(highest));
    }

    /**
     * The share of what is held that a compaction keeping {@code kept} of the reports would drop: superseded stream
     * records and reports ({@link ReportCompaction}); audit events are always kept.
     */
    double supersededShare(List<ReportRecord> kept) {
        long held = routeRecords + reports.size() + events.size();
        long superseded = (routeRecords - routes.size()) + (reports.size() - kept.size());
        return held == 0 ? 0 : (double) superseded / held;
    }

    int streams() {
        return routes.size();
    }

    int events() {
        return events.size();
    }

    int reports() {
        return reports.size();
    }
}
