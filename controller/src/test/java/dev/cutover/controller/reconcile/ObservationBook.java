package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamObservations;
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

/** Test helper: the persistent observations behind a mutable reference, and OK reports built by action. */
final class ObservationBook {

    private Observations observations = Observations.EMPTY;

    void apply(ReportRecord record) {
        observations = observations.apply(record);
    }

    StreamObservations view(String stream) {
        return observations.of(stream);
    }

    /** An OK report of {@code action} as a worker would send it. */
    static Report ok(WorkAction action, String job, String stream, Hour hour, String database, long epoch,
                     Verdict verdict, String detailJson, String fingerprint) {
        return switch (action) {
            case REFINE -> new RefineReport(null, job, stream, hour, database, "t", epoch, ReportStatus.OK, null, 1L,
                    10L, "c", fingerprint, 1L);
            case COPY -> new CopyReport(null, job, stream, hour, database, "other", "t", epoch, ReportStatus.OK, null,
                    1L, 10L, "c", fingerprint);
            case DROP -> new DropReport(null, job, stream, hour, database, "t", epoch, ReportStatus.OK, null, 1L, 1);
            case COMPARE -> new CompareReport(null, job, stream, hour, database, null, "t", epoch, ReportStatus.OK,
                    null, 1L, verdict, detailJson == null ? CompareDetail.of(verdict, java.util.List.of())
                    : ProtocolJson.read(detailJson, CompareDetail.class));
        };
    }
}
