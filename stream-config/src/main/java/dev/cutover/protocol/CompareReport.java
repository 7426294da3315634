package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/**
 * A comparison of (stream, hour) between {@code database} (left: the new job's side) and {@code from} (right: the
 * legacy job's side): on OK, the verdict and the typed {@link CompareDetail}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action"}) // the type id first: a reader then never buffers the report
public record CompareReport(@JsonProperty("id") String id,
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
                            @JsonProperty("verdict") Verdict verdict,
                            @JsonProperty("detail") CompareDetail detail) implements Report {

    @Override
    public WorkAction action() {
        return WorkAction.COMPARE;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(Report.commonProblems(this));
        Report.databaseProblem("from", from, false).ifPresent(problems::add);
        if (ok() && verdict == null) {
            problems.add("an OK compare report needs the verdict (PASS, FAIL or NODATA)");
        }
        if (ok() && detail == null) {
            problems.add("an OK compare report needs its detail");
        } else if (ok() && detail.verdict() == null) {
            problems.add("an OK compare report's detail must say what the comparison found (its verdict, at least)");
        }
        if (ok() && verdict != null && detail != null && detail.verdict() != null && detail.verdict() != verdict) {
            problems.add("the verdict " + verdict + " contradicts its detail's " + detail.verdict());
        }
        return problems;
    }

    @Override
    public CompareReport withId(String newId) {
        return new CompareReport(newId, job, stream, hour, database, from, table, epoch, status, error, durationMs,
                verdict, detail);
    }
}
