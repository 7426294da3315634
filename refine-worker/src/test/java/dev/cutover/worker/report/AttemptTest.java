package dev.cutover.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptTest {

    private static final Hour H = Hour.parse("2026-11-22T10");
    private static final Attempt ITEM = new Attempt("copy/s/2026-11-22T10", "legacy", "s", H, "event", "s", 3, 12);
    private static final Attempt ROUTED = new Attempt(null, "airflow", "s", H, "event_airflow", "s", 3, 40);

    @Test
    void everyOutcomeIsAWellFormedReportOfItsAction() {
        List<Report> reports = List.of(
                ROUTED.refined(10, "c", "fp", 2048),
                ROUTED.refineAborted("epoch of s moved from 3 to 4 before commit", "fp", 2048),
                ROUTED.refineFailed("refine s 2026-11-22T10 into event_airflow failed: truncated gzip", 2048L),
                ITEM.copied("event_systemd", 10, "c", "fp"),
                ITEM.copyAborted("event_systemd", "epoch moved", "fp"),
                ITEM.copyFailed("event_systemd", "nothing to copy"),
                ITEM.dropped(2),
                ITEM.dropAborted("epoch moved"),
                ITEM.dropFailed("metastore down"),
                ITEM.compared("event_systemd", Verdict.PASS, CompareDetail.of(Verdict.PASS, List.of())),
                ITEM.compareFailed("event_systemd", "compare failed"));

        assertThat(reports).allSatisfy(r -> assertThat(r.problems()).as(r.toString()).isEmpty());
        assertThat(reports).extracting(Report::action).containsExactly(WorkAction.REFINE, WorkAction.REFINE,
                WorkAction.REFINE, WorkAction.COPY, WorkAction.COPY, WorkAction.COPY, WorkAction.DROP, WorkAction.DROP,
                WorkAction.DROP, WorkAction.COMPARE, WorkAction.COMPARE);
        assertThat(reports).extracting(Report::status).containsExactly(ReportStatus.OK, ReportStatus.ABORTED,
                ReportStatus.FAILED, ReportStatus.OK, ReportStatus.ABORTED, ReportStatus.FAILED, ReportStatus.OK,
                ReportStatus.ABORTED, ReportStatus.FAILED, ReportStatus.OK, ReportStatus.FAILED);
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.epoch()).isEqualTo(3);
            assertThat(r.stream()).isEqualTo("s");
            assertThat(r.hour()).isEqualTo(H);
        });
    }

    @Test
    void aCommitCarriesItsNumbersAndAnAttemptThatDidNotCommitCarriesNone() {
        RefineReport refined = ROUTED.refined(10, "c", "fp", 2048);
        assertThat(refined.id()).isNull();
        assertThat(refined.rows()).isEqualTo(10);
        assertThat(refined.checksum()).isEqualTo("c");
        assertThat(refined.schemaFingerprint()).isEqualTo("fp");
        assertThat(refined.inputBytes()).isEqualTo(2048);
        assertThat(refined.durationMs()).isEqualTo(40);

        RefineReport aborted = ROUTED.refineAborted("epoch moved", "fp", 2048);
        assertThat(aborted.rows()).isNull();
        assertThat(aborted.checksum()).isNull();
        assertThat(aborted.error()).isEqualTo("epoch moved");

        CopyReport copied = ITEM.copied("event_systemd", 7, "c", "fp");
        assertThat(copied.from()).isEqualTo("event_systemd");
        assertThat(copied.database()).isEqualTo("event");
        assertThat(copied.id()).isEqualTo("copy/s/2026-11-22T10");
    }

    @Test
    void aWorkItemThatCouldNotRunFailsAsAReportOfItsOwnAction() {
        assertThat(ITEM.failed(WorkAction.REFINE, null, "raw input is missing")).isInstanceOf(RefineReport.class);
        assertThat(ITEM.failed(WorkAction.COPY, "event_systemd", "x")).isInstanceOfSatisfying(CopyReport.class,
                c -> assertThat(c.from()).isEqualTo("event_systemd"));
        assertThat(ITEM.failed(WorkAction.DROP, null, "x")).isInstanceOf(DropReport.class);
        assertThat(ITEM.failed(WorkAction.COMPARE, "event_systemd", "x")).isInstanceOfSatisfying(CompareReport.class,
                c -> assertThat(c.verdict()).isNull());
    }

    @Test
    void theJsonOfAReportNamesItsActionAndReadsBackAsTheSameReport() {
        Report report = ITEM.copied("event_systemd", 10, "c", "fp");

        String json = ReportSink.toJson(report);

        assertThat(json).contains("\"action\":\"copy\"").contains("\"from\":\"event_systemd\"");
        assertThat(ProtocolJson.read(json, Report.class)).isEqualTo(report);
    }
}
