package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.Report;

import java.time.Instant;

/**
 * A worker report as the controller received it: numbered, stamped, stored in the route log.
 *
 * @param receivedAt when the controller received it, by the controller's clock (for a report read from the Kafka
 *                   reports topic: the record's timestamp)
 * @param landedAt   set only by a journal compaction, on the refine or copy report it keeps for a (stream, hour,
 *                   database) whose commit is a rerun of the same job: when that job's first commit there landed
 *                   (the report that said so was compacted away), so {@link Commit#landedAt()} survives compaction.
 *                   Null on every report as received, and in journals written before it existed
 */
public record ReportRecord(@JsonProperty("seq") long seq,
                           @JsonProperty("received_at") Instant receivedAt,
                           @JsonProperty("report") Report report,
                           @JsonProperty("landed_at") @JsonInclude(JsonInclude.Include.NON_NULL) Instant landedAt) {

    /** A report as received (no landing carried over). */
    public ReportRecord(long seq, Instant receivedAt, Report report) {
        this(seq, receivedAt, report, null);
    }

    /** This record carrying {@code landing} as its commit's first landing (null: none carried). */
    public ReportRecord withLandedAt(Instant landing) {
        return new ReportRecord(seq, receivedAt, report, landing);
    }

    /**
     * When the commit this report makes landed, if it is the job's first commit of the hour in its database: the
     * carried {@link #landedAt()} when there is one, else {@link #receivedAt()}.
     */
    public Instant landing() {
        return landedAt != null ? landedAt : receivedAt;
    }
}
