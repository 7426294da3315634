package dev.cutover.worker.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.cutover.protocol.RefineReport;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.Errors;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.schema.SchemaFingerprint;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.Aligner;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.table.TableTarget;
import dev.cutover.worker.transform.TransformChain;
import java.time.Clock;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Refines one raw (stream, hour) into one database: read with the stream's schema (PERMISSIVE), drop
 * corrupt lines (failing the hour above the threshold), apply the job's transforms, shape the rows like the
 * table will be and commit the partition(s) atomically under the fence (the commit's switch creates or
 * evolves the table, after the checks). Every
 * outcome is a {@link RefineReport}: OK, FAILED (naming stream, hour and cause) or ABORTED (fenced).
 */
public final class Refiner {

    private final StreamSchemas schemas;
    private final HiveTables tables;
    private final PartitionCommitter committer;
    private final RawReader reader;
    private final Clock clock;
    private final double corruptThreshold;

    public Refiner(SparkSession spark, StreamSchemas schemas, Clock clock, double corruptThreshold) {
        this.schemas = schemas;
        this.tables = new HiveTables(spark);
        this.committer = new PartitionCommitter(spark, clock);
        this.reader = new RawReader(spark);
        this.clock = clock;
        this.corruptThreshold = corruptThreshold;
    }

    /**
     * One hour to refine: where to, under which epoch and lease terms (from its route or work item), for which work
     * item (null for a routed refine).
     */
    public record Request(RawHour raw, String job, TransformChain transforms, DatabaseName database, long epoch,
                          LeaseTerms terms, Fence fence, String itemId) {

        /** A request under the default lease terms (no route says otherwise). */
        public Request(RawHour raw, String job, TransformChain transforms, DatabaseName database, long epoch,
                       Fence fence, String itemId) {
            this(raw, job, transforms, database, epoch, LeaseTerms.DEFAULT, fence, itemId);
        }
    }

    public RefineReport refine(Request r) {
        long started = clock.millis();
        String table = TableNames.forStream(r.raw().stream());
        try {
            StreamSchemas.StreamSchema schema = schemas.forStream(r.raw().stream());
            Dataset<Row> raw = reader.read(r.raw(), schema.readSchema(), schema.tableSchema());
            Observation input = new Observation("input_" + Long.toHexString(System.nanoTime()));
            Dataset<Row> observed = raw.observe(input, count(lit(1)).as("lines"), count(col(RawReader.CORRUPT)).as("corrupt"));
            Dataset<Row> clean = observed.where(col(RawReader.CORRUPT).isNull()).drop(RawReader.CORRUPT);
            Dataset<Row> transformed = r.transforms().apply(r.raw().stream(), clean);
            boolean dc = r.raw().hasDatacenters();
            StructType output = dc ? dropField(transformed.schema(), HiveTables.DATACENTER) : transformed.schema();
            // lower-cased top-level names, descriptions as comments (TableShape); the data keeps its names until
            // it is aligned to the table, matching names case-insensitively
            StructType shaped = r.transforms().tableShape(r.raw().stream()).apply(output, schema.tableSchema());
            // Nothing is changed yet: the table is created or evolved by the commit's metastore switch, after the
            // corrupt-record check and the fence, so a failed or fenced commit leaves it as it was. The staged
            // files are written with the schema the table will have.
            TableTarget target = tables.target(r.database(), table, shaped, dc);
            if (target.datacenter() != dc) {
                throw new IllegalStateException("table " + r.database() + "." + table + (dc ? " has no" : " has a")
                        + " datacenter partition column but the raw layout " + (dc ? "has" : "has no") + " datacenters");
            }
            Dataset<Row> aligned = Aligner.align(transformed, target.dataSchema(),
                    dc ? List.of(HiveTables.DATACENTER) : List.of());
            String fingerprint = SchemaFingerprint.of(target.dataSchema());
            PartitionCommitter.Writer writer = new PartitionCommitter.Writer(r.job(), r.raw().stream(), r.epoch(),
                    "refine", fingerprint, null);
            PartitionCommitter.Outcome outcome = committer.commit(target, r.raw().hour(), aligned,
                    r.raw().datacenters(), writer, r.terms(), () -> checkCorrupt(input, raw, r.raw()), r.fence());
            if (outcome instanceof PartitionCommitter.Outcome.Aborted aborted) {
                return attempt(r, table, started).refineAborted(aborted.reason(), fingerprint, r.raw().bytes());
            }
            var committed = (PartitionCommitter.Outcome.Committed) outcome;
            return attempt(r, table, started).refined(committed.provenance().rows(), committed.provenance().checksum(),
                    fingerprint, r.raw().bytes());
        } catch (Exception e) {
            // Spark task failures (an unreadable or truncated file, a failed write) arrive as SparkException, a
            // checked exception Scala does not declare: they fail this hour only, like any other error
            return attempt(r, table, started).refineFailed("refine " + r.raw().stream() + " " + r.raw().hour() + " into "
                    + r.database() + " failed: " + Errors.rootMessage(e), r.raw().bytes());
        }
    }

    private void checkCorrupt(Observation input, Dataset<Row> rawRows, RawHour raw) {
        // Normally counted during the write; when Spark reports no metrics (input optimized away), count
        // again (referencing a data column too: Spark refuses queries on only the corrupt column).
        Row metrics = Scala.observed(input, 120).orElseGet(() -> rawRows.agg(count(lit(1)), count(col(RawReader.CORRUPT)),
                count(col("`" + rawRows.columns()[0] + "`"))).first());
        long lines = metrics.getLong(0);
        long corrupt = metrics.getLong(1);
        if (lines > 0 && (double) corrupt / lines > corruptThreshold) {
            throw new CorruptRecordsException(String.format("%d of %d lines (%.1f%%) of %s %s are not valid JSON for"
                    + " the schema, above the threshold of %.1f%%; fix or re-import the raw hour, or raise"
                    + " --corrupt-threshold", corrupt, lines, 100.0 * corrupt / lines, raw.stream(), raw.hour(),
                    100 * corruptThreshold));
        }
    }

    private Attempt attempt(Request r, String table, long started) {
        return new Attempt(r.itemId(), r.job(), r.raw().stream(), r.raw().hour(), r.database().value(), table,
                r.epoch(), clock.millis() - started);
    }

    static StructType dropField(StructType schema, String name) {
        return new StructType(java.util.Arrays.stream(schema.fields()).filter(f -> !f.name().equals(name))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    }
}
