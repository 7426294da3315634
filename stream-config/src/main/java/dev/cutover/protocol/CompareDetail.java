package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a compare found for one (stream, hour): both sides, the schema diff, how the verdict was reached
 * ({@code metastore}: a side has no partition; {@code provenance}: the recorded checksums decided; {@code scan}: the
 * data was read), the reasons for a FAIL, the keyed diff on {@code meta.id} and the dry-run evolution of the right
 * table to the left table's schema (the preflight's input).
 *
 * @param left   the new job's side ({@code database} of the report)
 * @param right  the legacy job's side ({@code from} of the report)
 * @param schema the data columns' diff; null when a side has no partition
 * @param evolve the {@code evolve --dry-run} of the right table to the left table's schema; null when the left table
 *               does not exist
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompareDetail(@JsonProperty("stream") String stream,
                            @JsonProperty("hour") Hour hour,
                            @JsonProperty("table") String table,
                            @JsonProperty("left") Side left,
                            @JsonProperty("right") Side right,
                            @JsonProperty("schema") SchemaDiff schema,
                            @JsonProperty("method") String method,
                            @JsonProperty("scan_reason") String scanReason,
                            @JsonProperty("verdict") Verdict verdict,
                            @JsonProperty("reasons") List<String> reasons,
                            @JsonProperty("warnings") List<String> warnings,
                            @JsonProperty("diff") KeyedDiff diff,
                            @JsonProperty("evolve") EvolvePlan evolve) {

    public CompareDetail {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A detail that only says what was found (tests, simulations): no schema information. */
    public static CompareDetail of(Verdict verdict, List<String> reasons) {
        return new CompareDetail(null, null, null, null, null, null, null, null, verdict, reasons, List.of(), null,
                null);
    }

    public Optional<SchemaDiff> schemaDiff() {
        return Optional.ofNullable(schema);
    }

    public Optional<EvolvePlan> evolvePlan() {
        return Optional.ofNullable(evolve);
    }

    /**
     * One side of the comparison: the database, how many partitions the hour has there, the numbers read or
     * recorded, (after a scan) what its commit recorded, and the table's data columns.
     *
     * @param columns the data columns of the side's table, as it spells them; null when the table does not exist or
     *                the report comes from a worker that did not send them (the controller then cannot check that a
     *                comparison rule names a column of the table)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(@JsonProperty("database") String database,
                       @JsonProperty("partitions") Integer partitions,
                       @JsonProperty("rows") Long rows,
                       @JsonProperty("checksum") String checksum,
                       @JsonProperty("commit_id") String commitId,
                       @JsonProperty("action") String action,
                       @JsonProperty("recorded") Recorded recorded,
                       @JsonProperty("columns") List<String> columns) {
        public Side {
            columns = columns == null ? null : List.copyOf(columns);
        }

        /** A side without its column names. */
        public Side(String database, Integer partitions, Long rows, String checksum, String commitId, String action,
                    Recorded recorded) {
            this(database, partitions, rows, checksum, commitId, action, recorded, null);
        }

        public Optional<List<String>> columnNames() {
            return Optional.ofNullable(columns);
        }
    }

    /** What a side's commit recorded in its provenance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recorded(@JsonProperty("rows") Long rows,
                           @JsonProperty("checksum") String checksum,
                           @JsonProperty("commit_id") String commitId,
                           @JsonProperty("action") String action) {
    }

    /**
     * The data columns' diff: columns only on the left (the new job adds them), only on the right (the new job lacks
     * them) and columns of both with different types.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaDiff(@JsonProperty("only_left") List<String> onlyLeft,
                             @JsonProperty("only_right") List<String> onlyRight,
                             @JsonProperty("type_mismatch") List<TypeMismatch> typeMismatch,
                             @JsonProperty("common") int common) {
        public SchemaDiff {
            onlyLeft = onlyLeft == null ? List.of() : List.copyOf(onlyLeft);
            onlyRight = onlyRight == null ? List.of() : List.copyOf(onlyRight);
            typeMismatch = typeMismatch == null ? List.of() : List.copyOf(typeMismatch);
        }

        /** Whether both sides have the same columns with the same types. */
        public boolean same() {
            return onlyLeft.isEmpty() && onlyRight.isEmpty() && typeMismatch.isEmpty();
        }
    }

    /** A column both sides have with different types (SQL type names). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TypeMismatch(@JsonProperty("column") String column,
                               @JsonProperty("left") String left,
                               @JsonProperty("right") String right) {
    }

    /**
     * The keyed diff on {@code meta.id}: rows on one side only, changed rows, mismatches per column, samples, and the
     * facts the controller's comparison rules read: how many rows matched on both sides and, per numeric column, how
     * far the key-matched values are apart.
     *
     * @param rowsBoth the rows whose key is on both sides (the denominator of a column's mismatch share); null in
     *                 reports of older workers
     * @param numeric  per numeric common column (top-level numeric types), the differences among key-matched rows;
     *                 null in reports of older workers
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyedDiff(@JsonProperty("key") String key,
                            @JsonProperty("left_only") long leftOnly,
                            @JsonProperty("right_only") long rightOnly,
                            @JsonProperty("changed") long changed,
                            @JsonProperty("column_mismatches") Map<String, Long> columnMismatches,
                            @JsonProperty("sample_ids") List<String> sampleIds,
                            @JsonProperty("rows_both") @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsBoth,
                            @JsonProperty("numeric") @JsonInclude(JsonInclude.Include.NON_NULL)
                            Map<String, NumericDiff> numeric) {
        public KeyedDiff {
            columnMismatches = columnMismatches == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnMismatches));
            sampleIds = sampleIds == null ? List.of() : List.copyOf(sampleIds);
            numeric = numeric == null ? null
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numeric));
        }

        /** A keyed diff without the rules' facts (what older workers report). */
        public KeyedDiff(String key, long leftOnly, long rightOnly, long changed, Map<String, Long> columnMismatches,
                         List<String> sampleIds) {
            this(key, leftOnly, rightOnly, changed, columnMismatches, sampleIds, null, null);
        }

        public Optional<Long> matchedRows() {
            return Optional.ofNullable(rowsBoth);
        }

        /** The numeric differences of {@code column} (matched case-insensitively, as Hive matches names). */
        public Optional<NumericDiff> numericOf(String column) {
            if (numeric == null) {
                return Optional.empty();
            }
            NumericDiff exact = numeric.get(column);
            if (exact != null) {
                return Optional.of(exact);
            }
            return numeric.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    /**
     * How far a numeric column's values are apart among the key-matched rows whose values differ.
     *
     * @param maxAbs       the largest {@code |left - right|} (0 when no value differs)
     * @param maxRel       the largest {@code |left - right| / max(|left|, |right|)} (0 when no value differs)
     * @param incomparable rows whose values differ without a finite difference: a null, NaN or infinity on one side
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NumericDiff(@JsonProperty("max_abs") double maxAbs,
                              @JsonProperty("max_rel") double maxRel,
                              @JsonProperty("incomparable") long incomparable) {
    }
}
