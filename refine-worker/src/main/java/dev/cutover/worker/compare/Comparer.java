package dev.cutover.worker.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareDetail.KeyedDiff;
import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.table.Checksums;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.transform.Transforms;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.types.StructField;

/**
 * Compares one (stream, hour) between two databases:
 * <ol>
 *   <li>schema diff of the data columns (only left, only right, same name with a different type);</li>
 *   <li>the provenance fast path (unless {@code fullScan}): when both tables have the same schema and both
 *       hours' recorded row counts and checksums can be trusted ({@link RecordedHour}) and are equal, the
 *       verdict is PASS without reading any data ({@code "method": "provenance"}); in every other case
 *       the data is scanned ({@code "method": "scan"}, {@code scan_reason} says why);</li>
 *   <li>the scan: one aggregation pass per side, row count and the order-independent checksum over the
 *       common columns (same name and type, see {@link Checksums});</li>
 *   <li>when they differ and both sides have {@code meta.id}: a keyed diff ({@link KeyedDiffs}: a full outer join
 *       on {@code meta.id} of per-column hashes) with rows only on one side, rows on both, changed rows, per-column
 *       mismatch counts, the largest differences of numeric columns and up to 10 sample ids.</li>
 * </ol>
 * The result is the protocol's typed {@link CompareDetail} (the {@code detail} of a compare report, and what
 * {@code compare} prints). Verdict: NODATA when either side has no partition for the hour ({@code "method": "metastore"}); PASS when
 * both sides have the same columns with the same types and equal counts and checksums; FAIL otherwise, with
 * {@code reasons}. A column present on one side only fails the comparison (it is not ignored): a job that
 * silently drops a column is exactly what the canary must catch, and both jobs read the same schema
 * repository, so a legitimate schema change reaches both sides together. A scan also reports a side whose
 * trusted-looking provenance does not match its data in {@code warnings}. Each side names its table's data columns
 * (the controller checks its comparison rules against them). This verdict is the exact one: the controller re-judges
 * it under the migration plan's comparison rules from these facts. Every result also carries
 * {@code evolve}: the dry-run evolution of the right table to the left table's schema (the preflight's input).
 */
public final class Comparer {

    private final SparkSession spark;
    private final HiveTables tables;
    private final PartitionCommitter partitions;

    public Comparer(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.tables = new HiveTables(spark);
        this.partitions = new PartitionCommitter(spark, clock);
    }

    /** The verdict and what was found (the {@code detail} of a compare report). */
    public record Result(Verdict verdict, CompareDetail detail) {
    }

    /** One side as the metastore has it: the hour's partitions, and its data when it has any. */
    private record Side(DatabaseName db, int partitions, Dataset<Row> data, RecordedHour.Outcome recorded,
                        List<String> columns) {
        boolean hasData() {
            return data != null;
        }

        CompareDetail.Side located() {
            return new CompareDetail.Side(db.value(), partitions, null, null, null, null, null, columns);
        }
    }

    /** What every detail of one comparison names: the (stream, hour), the table, the evolve dry run. */
    private record Subject(String stream, Hour hour, String table, EvolvePlan evolve) {
        Result noData(Side left, Side right) {
            return new Result(Verdict.NODATA, new CompareDetail(stream, hour, table, left.located(), right.located(),
                    null, "metastore", null, Verdict.NODATA, List.of(), List.of(), null, evolve));
        }

        Result fromProvenance(CompareDetail.Side left, CompareDetail.Side right, SchemaDiff schema) {
            return new Result(Verdict.PASS, new CompareDetail(stream, hour, table, left, right, schema, "provenance",
                    null, Verdict.PASS, List.of(), List.of(), null, evolve));
        }

        Result scanned(CompareDetail.Side left, CompareDetail.Side right, SchemaDiff schema, String scanReason,
                       List<String> reasons, List<String> warnings, KeyedDiff diff) {
            Verdict verdict = reasons.isEmpty() ? Verdict.PASS : Verdict.FAIL;
            return new Result(verdict, new CompareDetail(stream, hour, table, left, right, schema, "scan", scanReason,
                    verdict, reasons, warnings, diff, evolve));
        }
    }

    /** Compares with the provenance fast path where it applies. */
    public Result compare(String stream, Hour hour, DatabaseName left, DatabaseName right) {
        return compare(stream, hour, left, right, false);
    }

    /** @param fullScan always scan the data (audits), never decide from the recorded provenance */
    public Result compare(String stream, Hour hour, DatabaseName left, DatabaseName right, boolean fullScan) {
        String table = TableNames.forStream(stream);
        Side l = side(left, table, hour);
        Side r = side(right, table, hour);
        Subject subject = new Subject(stream, hour, table, evolve(left, right, table).orElse(null));
        if (!l.hasData() || !r.hasData()) {
            return subject.noData(l, r);
        }
        CompareRules.Columns columns = CompareRules.columns(l.data().schema(), r.data().schema());
        String scanReason = fullScan ? "--full-scan" : fastPathRefusal(l, r, columns.diff().same());
        if (scanReason == null) {
            return subject.fromProvenance(recorded(l, (RecordedHour.Trusted) l.recorded()),
                    recorded(r, (RecordedHour.Trusted) r.recorded()), columns.diff());
        }
        return scan(subject, l, r, columns, scanReason);
    }

    /**
     * The {@code evolve --dry-run} of {@code right}'s table to the schema {@code left}'s table holds (what the
     * left job writes). Before a cutover, left is the new job's shadow database and right is production, so this
     * is exactly the preflight's dry run; the controller reads it from the compare report. Metastore only, no data
     * read. Empty when the left table does not exist.
     */
    private Optional<EvolvePlan> evolve(DatabaseName left, DatabaseName right, String table) {
        Optional<CatalogTable> l = tables.table(left, table);
        if (l.isEmpty() || !tables.databaseExists(right)) {
            return Optional.empty();
        }
        return Optional.of(tables.plan(right, table, l.get().dataSchema(), HiveTables.hasDatacenter(l.get()))
                .toSchemaOf(left.value()));
    }

    /** Null when the recorded provenance decides PASS; otherwise why the data must be scanned. */
    private static String fastPathRefusal(Side l, Side r, boolean sameSchema) {
        if (!(l.recorded() instanceof RecordedHour.Trusted lr)) {
            return "left: " + ((RecordedHour.Untrusted) l.recorded()).reason();
        }
        if (!(r.recorded() instanceof RecordedHour.Trusted rr)) {
            return "right: " + ((RecordedHour.Untrusted) r.recorded()).reason();
        }
        if (!sameSchema || !lr.fingerprint().equals(rr.fingerprint())) {
            return "the two tables' schemas differ";
        }
        if (lr.rows() != rr.rows() || !lr.checksum().equals(rr.checksum())) {
            return "the recorded row counts or checksums differ";
        }
        return null;
    }

    /** A side decided from its commit's provenance: the recorded numbers stand in for a scan. */
    private static CompareDetail.Side recorded(Side side, RecordedHour.Trusted t) {
        return new CompareDetail.Side(side.db().value(), side.partitions(), t.rows(), t.checksum(), t.commitId(),
                t.action(), null, side.columns());
    }

    private Result scan(Subject subject, Side l, Side r, CompareRules.Columns columns, String scanReason) {
        List<String> common = columns.common();
        Row ls = l.data().agg(count(lit(1)), Checksums.checksum(common)).first();
        Row rs = r.data().agg(count(lit(1)), Checksums.checksum(common)).first();
        List<String> warnings = new ArrayList<>();
        CompareDetail.Side left = scanned(l, ls, "left", warnings);
        CompareDetail.Side right = scanned(r, rs, "right", warnings);
        boolean sameCount = left.rows().equals(right.rows());
        boolean sameSum = left.checksum().equals(right.checksum());
        List<String> reasons = CompareRules.reasons(columns.diff(), l.db().value(), r.db().value(), left.rows(),
                right.rows(), sameSum);
        KeyedDiff diff = null;
        if (!(sameCount && sameSum) && Transforms.hasPath(l.data().schema(), "meta.id")
                && Transforms.hasPath(r.data().schema(), "meta.id")) {
            diff = KeyedDiffs.of(l.data(), r.data(), common);
        }
        return subject.scanned(left, right, columns.diff(), scanReason, reasons, warnings, diff);
    }

    /**
     * The scanned numbers of a side, with what its commit recorded when that looked trustworthy; one whose
     * provenance looked trustworthy but does not match its data is warned of.
     */
    private static CompareDetail.Side scanned(Side side, Row stats, String name, List<String> warnings) {
        long rows = stats.getLong(0);
        String checksum = Checksums.text(stats.get(1));
        if (!(side.recorded() instanceof RecordedHour.Trusted t)) {
            return new CompareDetail.Side(side.db().value(), side.partitions(), rows, checksum, null, null, null,
                    side.columns());
        }
        if (t.rows() != rows || !t.checksum().equals(checksum)) {
            warnings.add(name + " (" + side.db() + "): the data does not match the rows and checksum its commit "
                    + t.commitId() + " recorded (" + t.rows() + ", " + t.checksum() + "); files were changed behind"
                    + " Cutover's back");
        }
        return new CompareDetail.Side(side.db().value(), side.partitions(), rows, checksum, null, null,
                new CompareDetail.Recorded(t.rows(), t.checksum(), t.commitId(), t.action()), side.columns());
    }

    private Side side(DatabaseName db, String table, Hour hour) {
        Optional<CatalogTable> t = tables.table(db, table);
        List<CatalogTablePartition> parts = t.map(ct -> partitions.partitionsOf(ct, hour)).orElse(List.of());
        List<String> columns = t.map(ct -> List.of(ct.dataSchema().fieldNames())).orElse(null);
        if (t.isEmpty() || parts.isEmpty()) {
            return new Side(db, parts.size(), null, null, columns);
        }
        Map<String, String> spec = PartitionCommitter.hourSpec(hour);
        Column where = lit(true);
        for (Map.Entry<String, String> e : spec.entrySet()) {
            where = where.and(col("`" + e.getKey() + "`").equalTo(Integer.parseInt(e.getValue())));
        }
        List<Column> data = new ArrayList<>();
        for (StructField f : t.get().dataSchema().fields()) {
            data.add(col("`" + f.name() + "`"));
        }
        Dataset<Row> rows = spark.table(db.quoted() + ".`" + table + "`").where(where).select(data.toArray(Column[]::new));
        RecordedHour.Outcome recorded = RecordedHour.check(t.get(), hour, parts, spark.sparkContext().hadoopConfiguration());
        return new Side(db, parts.size(), rows, recorded, columns);
    }
}
