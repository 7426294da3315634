package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/** A drop of the partitions of (stream, hour) in {@code database} (a decommissioned job's shadow output). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action"}) // the type id first: a reader then never buffers the report
public record DropReport(@JsonProperty("id") String id,
                         @JsonProperty("job") String job,
                         @JsonProperty("stream") String stream,
                         @JsonProperty("hour") Hour hour,
                         @JsonProperty("database") String database,
                         @JsonProperty("table") String table,
                         @JsonProperty(value = "epoch", required = true) @JsonSetter(nulls = Nulls.FAIL) long epoch,
                         @JsonProperty("status") ReportStatus status,
                         @JsonProperty("error") String error,
                         @JsonProperty("duration_ms") Long durationMs,
                         @JsonProperty("partitions") Integer partitions) implements Report {

    @Override
    public WorkAction action() {
        return WorkAction.DROP;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(Report.commonProblems(this));
        if (partitions != null && partitions < 0) {
            problems.add("partitions must not be negative");
        }
        return problems;
    }

    @Override
    public DropReport withId(String newId) {
        return new DropReport(newId, job, stream, hour, database, table, epoch, status, error, durationMs, partitions);
    }
}
