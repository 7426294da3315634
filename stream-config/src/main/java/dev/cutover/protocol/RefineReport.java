package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/**
 * A refine of raw input of (stream, hour) into {@code database}: on OK, the committed rows, content checksum and
 * schema fingerprint, and the raw input's size.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action"}) // the type id first: a reader then never buffers the report
public record RefineReport(@JsonProperty("id") String id,
                           @JsonProperty("job") String job,
                           @JsonProperty("stream") String stream,
                           @JsonProperty("hour") Hour hour,
                           @JsonProperty("database") String database,
                           @JsonProperty("table") String table,
                           @JsonProperty(value = "epoch", required = true) @JsonSetter(nulls = Nulls.FAIL) long epoch,
                           @JsonProperty("status") ReportStatus status,
                           @JsonProperty("error") String error,
                           @JsonProperty("duration_ms") Long durationMs,
                           @JsonProperty("rows") Long rows,
                           @JsonProperty("checksum") String checksum,
                           @JsonProperty("schema_fingerprint") String schemaFingerprint,
                           @JsonProperty("input_bytes") Long inputBytes) implements Report {

    @Override
    public WorkAction action() {
        return WorkAction.REFINE;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(Report.commonProblems(this));
        problems.addAll(Report.commitProblems(this, rows, checksum));
        return problems;
    }

    @Override
    public RefineReport withId(String newId) {
        return new RefineReport(newId, job, stream, hour, database, table, epoch, status, error, durationMs, rows,
                checksum, schemaFingerprint, inputBytes);
    }

    /** A refine that failed before anything was made visible. */
    public static RefineReport failed(String id, String job, String stream, Hour hour, String database, long epoch,
                                      String error, Long durationMs, Long inputBytes) {
        return new RefineReport(id, job, stream, hour, database, null, epoch, ReportStatus.FAILED, error, durationMs,
                null, null, null, inputBytes);
    }
}
