package dev.cutover.controller.routelog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.AuditEvent;

import java.util.List;
import java.util.Map;

/**
 * One journal record: an appended batch, or a part of a compacted snapshot. {@code epochs} is the highest epoch
 * each stream ever had, written by compaction and by a repair (it outlives a stream record that was cut off, so an
 * epoch is never handed out twice); appended batches leave it empty.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record JournalRecord(@JsonProperty("routes") List<StreamRecord> routes,
                     @JsonProperty("events") List<AuditEvent> events,
                     @JsonProperty("reports") List<ReportRecord> reports,
                     @JsonProperty("epochs") Map<String, Long> epochs) {

    JournalRecord {
        routes = routes == null ? List.of() : List.copyOf(routes);
        events = events == null ? List.of() : List.copyOf(events);
        reports = reports == null ? List.of() : List.copyOf(reports);
        epochs = epochs == null ? Map.of() : Map.copyOf(epochs);
    }

    static JournalRecord of(RouteLog.Batch batch) {
        return new JournalRecord(batch.routes(), batch.events(), batch.reports(), Map.of());
    }

    static JournalRecord epochs(Map<String, Long> epochs) {
        return new JournalRecord(List.of(), List.of(), List.of(), epochs);
    }

    @JsonIgnore
    RouteLog.Batch batch() {
        return new RouteLog.Batch(routes, events, reports);
    }
}
