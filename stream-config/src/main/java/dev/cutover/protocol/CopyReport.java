package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/**
 * A copy of the partition of (stream, hour) from {@code from} into {@code database} (a rollback's restore, or the
 * preservation of the new job's production output in its shadow database): on OK, what was committed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action"}) // the type id first: a reader then never buffers the report
public record CopyReport(@JsonProperty("id") String id,
                         @JsonProperty("job") String job,
                         @JsonProperty("stream") String stream,
                         @JsonProperty("hour") Hour hour,
                         @JsonProperty("database") String database,
                         @JsonProperty("from") String from,
                         @JsonProperty("table") String table,
                         @JsonProperty(value = "epoch", required = true) @JsonSetter(nulls = Nulls.FAIL) long epoch,
                         @JsonProperty("status") ReportStatus status,
                         @JsonProperty("error") String error,
                         @JsonProperty("duration_ms") Long durationMs,
                         @JsonProperty("rows") Long rows,
                         @JsonProperty("checksum") String checksum,
                         @JsonProperty("schema_fingerprint") String schemaFingerprint) implements Report {

    @Override
    public WorkAction action() {
        return WorkAction.COPY;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(Report.commonProblems(this));
        Report.databaseProblem("from", from, true).ifPresent(problems::add);
        if (from != null && from.equals(database)) {
            problems.add("a copy needs two different databases (from and database are both '" + from + "')");
        }
        problems.addAll(Report.commitProblems(this, rows, checksum));
        return problems;
    }

    @Override
    public CopyReport withId(String newId) {
        return new CopyReport(newId, job, stream, hour, database, from, table, epoch, status, error, durationMs, rows,
                checksum, schemaFingerprint);
    }
}
