package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cutover.streamconfig.DatabaseName;

import java.util.ArrayList;
import java.util.List;

/**
 * What a worker reports after a work item or a routed refine ({@code POST /v1/reports}, or the reports topic): one
 * type per action, told apart on the wire by {@code "action"} ({@code refine}, {@code copy}, {@code drop},
 * {@code compare}). Every report names the job, the (stream, hour), the database written (or, for a compare, the
 * left side), the epoch it ran under and how it ended.
 *
 * <p>{@link #problems()} is the type's own validation: every field a report of its kind and status must have. A
 * report with problems is refused as a whole, listing all of them. Whether a well-formed report is consistent with
 * the controller's routes is the controller's business (its report intake), not the type's.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "action")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RefineReport.class, name = "refine"),
        @JsonSubTypes.Type(value = CopyReport.class, name = "copy"),
        @JsonSubTypes.Type(value = DropReport.class, name = "drop"),
        @JsonSubTypes.Type(value = CompareReport.class, name = "compare")})
public sealed interface Report permits RefineReport, CopyReport, DropReport, CompareReport {

    /** The work item's id; null for a routed refine (no work item). */
    String id();

    String job();

    String stream();

    Hour hour();

    /** The database written (refine, copy, drop) or the left side of a compare. */
    String database();

    long epoch();

    ReportStatus status();

    /** Why it failed or was aborted; null when OK. */
    String error();

    /** How long the attempt took, when measured. */
    Long durationMs();

    /** The action, written as {@code "action"} whatever type the report is serialized as. */
    @JsonProperty("action")
    WorkAction action();

    @JsonIgnore
    default boolean ok() {
        return status() == ReportStatus.OK;
    }

    /** Every problem of this report as its type sees it (empty when well-formed). */
    List<String> problems();

    /** The same report with another id (the controller's work item id, or none). */
    Report withId(String id);

    /** Problems of the fields every report has. */
    static List<String> commonProblems(Report r) {
        List<String> problems = new ArrayList<>();
        if (r.stream() == null || r.stream().isBlank()) {
            problems.add("stream is required");
        }
        if (r.hour() == null) {
            problems.add("hour is required (YYYY-MM-DDTHH)");
        }
        if (r.job() == null || r.job().isBlank()) {
            problems.add("job is required");
        }
        if (r.status() == null) {
            problems.add("status is required (OK, FAILED or ABORTED)");
        } else if (!r.ok() && (r.error() == null || r.error().isBlank())) {
            problems.add("a " + r.status() + " report needs the error");
        }
        if (r.epoch() < 1) {
            problems.add("epoch must be a positive integer (got " + r.epoch() + ")");
        }
        databaseProblem("database", r.database(), true).ifPresent(problems::add);
        if (r.durationMs() != null && r.durationMs() < 0) {
            problems.add("duration_ms must not be negative");
        }
        return problems;
    }

    /** A problem with a database field: missing when required, or not a valid database name. */
    static java.util.Optional<String> databaseProblem(String field, String value, boolean required) {
        if (value == null) {
            return required ? java.util.Optional.of(field + " is required") : java.util.Optional.empty();
        }
        return DatabaseName.isValid(value) && value.equals(value.trim().toLowerCase(java.util.Locale.ROOT))
                ? java.util.Optional.empty()
                : java.util.Optional.of(field + " '" + value + "' is not a valid database name");
    }

    /** Problems of an OK commit's numbers (refine, copy). */
    static List<String> commitProblems(Report r, Long rows, String checksum) {
        List<String> problems = new ArrayList<>();
        if (r.ok()) {
            if (rows == null || rows < 0) {
                problems.add("an OK " + r.action().wireName() + " report needs rows (>= 0)");
            }
            if (checksum == null || checksum.isBlank()) {
                problems.add("an OK " + r.action().wireName() + " report needs the checksum");
            }
        }
        return problems;
    }
}
