package dev.cutover.controller.routelog;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.RouteTable;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.List;

/** Route log batches for tests: stream states with the route tables their segments give (no holds). */
public final class TestBatches {

    private TestBatches() {
    }

    public static RouteLog.Batch batch(List<StreamState> states, List<AuditEvent> events, List<ReportRecord> reports) {
        return new RouteLog.Batch(states.stream().map(TestBatches::record).toList(), events, reports);
    }

    public static StreamRecord record(StreamState state) {
        return new StreamRecord(state, RouteTable.of(state.stream(), state.routing(),
                Databases.of(CutoverSettings.DEFAULTS), List.of()));
    }
}
