package dev.cutover.model;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a worker reports after a work item or a routed refine ({@code POST /v1/reports}).
 * A refine/copy commit carries rows, checksum and schema fingerprint; a compare carries the verdict
 * and its detail (the compare JSON). {@code status} is {@code OK}, {@code FAILED} or {@code ABORTED}
 * (fenced: the epoch changed before commit; nothing was made visible).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkReport(@JsonProperty("id") String id,
                         @JsonProperty("action") WorkAction action,
                         @JsonProperty("job") String job,
                         @JsonProperty("stream") String stream,
                         @JsonProperty("hour") Hour hour,
                         @JsonProperty("database") String database,
                         @JsonProperty("table") String table,
                         @JsonProperty("epoch") long epoch,
                         @JsonProperty("rows") Long rows,
                         @JsonProperty("checksum") String checksum,
                         @JsonProperty("schema_fingerprint") String schemaFingerprint,
                         @JsonProperty("input_bytes") Long inputBytes,
                         @JsonProperty("duration_ms") Long durationMs,
                         @JsonProperty("status") Status status,
                         @JsonProperty("error") String error,
                         @JsonProperty("verdict") Verdict verdict,
                         @JsonProperty("detail") JsonNode detail) {

    public enum Status { OK, FAILED, ABORTED }

    public boolean ok() {
        return status == Status.OK;
    }
}
