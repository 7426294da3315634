package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.WorkAction;

/**
 * What is in one database for one (stream, hour), as the last OK refine or copy report said.
 *
 * @param seq the report's sequence number in the controller; later reports have larger numbers
 */
public record Commit(@JsonProperty("job") String job,
                     @JsonProperty("database") String database,
                     @JsonProperty("epoch") long epoch,
                     @JsonProperty("action") WorkAction action,
                     @JsonProperty("rows") Long rows,
                     @JsonProperty("schema_fingerprint") String schemaFingerprint,
                     @JsonProperty("seq") long seq) {

    /** Written by {@code job} into {@code database} under {@code minEpoch} or later. */
    public boolean writtenBy(String job, String database, long minEpoch) {
        return this.job.equals(job) && this.database.equals(database) && epoch >= minEpoch;
    }
}
