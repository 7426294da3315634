package dev.cutover.controller.routelog;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import java.util.List;

/** OK reports of each action for route log tests. */
public final class TestReports {

    private TestReports() {
    }

    public static Report ok(String id, WorkAction action, String job, String stream, Hour hour, String database,
                            long epoch, Verdict verdict) {
        return switch (action) {
            case REFINE -> new RefineReport(id, job, stream, hour, database, stream, epoch, ReportStatus.OK, null, 1L,
                    5L, "c", "fp", 1L);
            case COPY -> new CopyReport(id, job, stream, hour, database, "event_systemd", stream, epoch,
                    ReportStatus.OK, null, 1L, 5L, "c", "fp");
            case DROP -> new DropReport(id, job, stream, hour, database, stream, epoch, ReportStatus.OK, null, 1L, 1);
            case COMPARE -> new CompareReport(id, job, stream, hour, database == null ? "event_airflow" : database,
                    "event", stream, epoch, ReportStatus.OK, null, 1L, verdict, CompareDetail.of(verdict, List.of()));
        };
    }
}
