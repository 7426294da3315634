package dev.cutover.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.core.ReportIntake;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.ReportStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F14: what the controller keeps of a stream's reports is bounded, however many a worker sends: across a restart
 * (restore, then compaction, as {@link ControllerService#start} does) the journal holds the newest OK report per
 * (stream, hour, database) and no failure, and the failures shown as the stream's problems are the latest
 * {@link ReportIntake#FAILURES_PER_STREAM}.
 */
class ReportRetentionTest {

    static final String NAV = "eventlogging_NavigationTiming";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private static RefineReport ok(int rows) {
        return new RefineReport(null, "legacy", NAV, H0, "event", "t", 1, ReportStatus.OK, null, 5L, (long) rows,
                "c" + rows, "fp", 1L);
    }

    private static RefineReport failed(int hour) {
        return RefineReport.failed(null, "legacy", NAV, H0.plusHours(hour), "event", 1, "timeout", 5L, null);
    }

    @Test
    void aRestartKeepsTheNewestOkReportPerPartitionAndTheLatestFailuresOnly() {
        long seq = 0;
        try (JournalRouteLog log = new JournalRouteLog(dir, 10_000)) {
            log.restore();
            for (int i = 0; i < 500; i++) {
                List<ReportRecord> batch = new ArrayList<>();
                batch.add(new ReportRecord(++seq, T0, ok(i)));
                batch.add(new ReportRecord(++seq, T0, failed(1 + i)));
                log.append(new RouteLog.Batch(List.of(), List.of(), batch));
            }
        }

        try (JournalRouteLog log = new JournalRouteLog(dir, 10_000)) {
            RouteLog.Restored before = log.restore();
            assertThat(before.reports()).as("before compaction every report is there").hasSize(1000);
            assertThat(ReportIntake.EMPTY.fold(before.reports()).failuresOf(NAV))
                    .hasSize(ReportIntake.FAILURES_PER_STREAM);
            log.compact();
        }
        try (JournalRouteLog log = new JournalRouteLog(dir, 10_000)) {
            List<ReportRecord> kept = log.restore().reports();
            assertThat(kept).singleElement().satisfies(r -> {
                assertThat(r.seq()).isEqualTo(999);
                assertThat(((RefineReport) r.report()).rows()).isEqualTo(499);
            });
        }
    }
}
