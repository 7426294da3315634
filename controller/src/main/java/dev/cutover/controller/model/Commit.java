package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.WorkAction;

import java.time.Instant;
import java.util.Optional;

/**
 * What is in one database for one (stream, hour), as the last OK refine or copy report said.
 *
 * @param seq        the report's sequence number in the controller; later reports have larger numbers
 * @param landedAt   when the job's first commit of this hour in this database landed: the controller's receipt time
 *                   ({@link ReportRecord#receivedAt()}) of that report, never a worker's clock. A rerun or re-copy
 *                   of the same job into the same database keeps it; another job's commit replaces it with its own.
 *                   Null only for a commit folded from a report without a receipt time
 * @param durationMs how long the refine that made this commit took ({@code duration_ms} of the report); null for a
 *                   copy or when the worker did not measure it
 */
public record Commit(@JsonProperty("job") String job,
                     @JsonProperty("database") String database,
                     @JsonProperty("epoch") long epoch,
                     @JsonProperty("action") WorkAction action,
                     @JsonProperty("rows") Long rows,
                     @JsonProperty("schema_fingerprint") String schemaFingerprint,
                     @JsonProperty("seq") long seq,
                     @JsonProperty("landed_at") Instant landedAt,
                     @JsonProperty("duration_ms") Long durationMs) {

    /** A commit without timeliness (no landing time, no refine duration). */
    public Commit(String job, String database, long epoch, WorkAction action, Long rows, String schemaFingerprint,
                  long seq) {
        this(job, database, epoch, action, rows, schemaFingerprint, seq, null, null);
    }

    /** Written by {@code job} into {@code database} under {@code minEpoch} or later. */
    public boolean writtenBy(String job, String database, long minEpoch) {
        return this.job.equals(job) && this.database.equals(database) && epoch >= minEpoch;
    }

    /** {@link #landedAt()}, when known. */
    public Optional<Instant> landing() {
        return Optional.ofNullable(landedAt);
    }

    /** {@link #durationMs()} of the refine that made this commit, when it was a refine and measured. */
    public Optional<Long> refineDurationMs() {
        return action == WorkAction.REFINE ? Optional.ofNullable(durationMs) : Optional.empty();
    }
}
