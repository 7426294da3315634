package dev.cutover.worker.report;

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

/**
 * One attempt of the worker at a (stream, hour), as every report of it names it: the work item ({@code id}, null
 * for a routed refine), the job, the database written (for a compare: its left side), the table (null when it was
 * never determined), the epoch it ran under and how long it took. Its methods build the protocol's typed report of
 * each outcome by name: {@code refined}, {@code refineAborted}, {@code refineFailed}, and so on for copy, drop and
 * compare.
 */
public record Attempt(String id, String job, String stream, Hour hour, String database, String table, long epoch,
                      long durationMs) {

    /** The refine committed {@code rows} rows of {@code inputBytes} raw bytes. */
    public RefineReport refined(long rows, String checksum, String schemaFingerprint, long inputBytes) {
        return refine(ReportStatus.OK, null, rows, checksum, schemaFingerprint, inputBytes);
    }

    /** The fence aborted the refine: nothing was made visible. */
    public RefineReport refineAborted(String reason, String schemaFingerprint, long inputBytes) {
        return refine(ReportStatus.ABORTED, reason, null, null, schemaFingerprint, inputBytes);
    }

    /** The refine failed before anything was made visible; {@code inputBytes} when the raw input is known. */
    public RefineReport refineFailed(String error, Long inputBytes) {
        return refine(ReportStatus.FAILED, error, null, null, null, inputBytes);
    }

    /** The copy from {@code from} committed {@code rows} rows. */
    public CopyReport copied(String from, long rows, String checksum, String schemaFingerprint) {
        return copy(from, ReportStatus.OK, null, rows, checksum, schemaFingerprint);
    }

    public CopyReport copyAborted(String from, String reason, String schemaFingerprint) {
        return copy(from, ReportStatus.ABORTED, reason, null, null, schemaFingerprint);
    }

    public CopyReport copyFailed(String from, String error) {
        return copy(from, ReportStatus.FAILED, error, null, null, null);
    }

    /** The hour's {@code partitions} partitions were dropped (none when there were none). */
    public DropReport dropped(int partitions) {
        return drop(ReportStatus.OK, null, partitions);
    }

    public DropReport dropAborted(String reason) {
        return drop(ReportStatus.ABORTED, reason, null);
    }

    public DropReport dropFailed(String error) {
        return drop(ReportStatus.FAILED, error, null);
    }

    /** The comparison with {@code from} (the right side) found {@code detail}. */
    public CompareReport compared(String from, Verdict verdict, CompareDetail detail) {
        return new CompareReport(id, job, stream, hour, database, from, table, epoch, ReportStatus.OK, null,
                durationMs, verdict, detail);
    }

    public CompareReport compareFailed(String from, String error) {
        return new CompareReport(id, job, stream, hour, database, from, table, epoch, ReportStatus.FAILED, error,
                durationMs, null, null);
    }

    /**
     * A failure of any action (a work item that could not run); {@code from} is the copy's source or the compare's
     * right side, null for the others.
     */
    public Report failed(WorkAction action, String from, String error) {
        return switch (action) {
            case REFINE -> refineFailed(error, null);
            case COPY -> copyFailed(from, error);
            case DROP -> dropFailed(error);
            case COMPARE -> compareFailed(from, error);
        };
    }

    private RefineReport refine(ReportStatus status, String error, Long rows, String checksum, String fingerprint,
                                Long inputBytes) {
        return new RefineReport(id, job, stream, hour, database, table, epoch, status, error, durationMs, rows,
                checksum, fingerprint, inputBytes);
    }

    private CopyReport copy(String from, ReportStatus status, String error, Long rows, String checksum,
                            String fingerprint) {
        return new CopyReport(id, job, stream, hour, database, from, table, epoch, status, error, durationMs, rows,
                checksum, fingerprint);
    }

    private DropReport drop(ReportStatus status, String error, Integer partitions) {
        return new DropReport(id, job, stream, hour, database, table, epoch, status, error, durationMs, partitions);
    }
}
