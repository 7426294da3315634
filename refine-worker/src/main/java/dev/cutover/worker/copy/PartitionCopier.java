package dev.cutover.worker.copy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.Errors;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.schema.SchemaFingerprint;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.Aligner;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.table.TableTarget;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;

/**
 * Rollback's tools: copies the partitions of one (stream, hour) from one database into another through
 * the same atomic, fenced commit as refine (provenance action {@code copy}, {@code source} = the database
 * copied from), and drops the partitions of one (stream, hour) (fenced as well).
 */
public final class PartitionCopier {

    private final SparkSession spark;
    private final HiveTables tables;
    private final PartitionCommitter committer;
    private final Clock clock;

    public PartitionCopier(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.tables = new HiveTables(spark);
        this.committer = new PartitionCommitter(spark, clock);
        this.clock = clock;
    }

    public CopyReport copy(String stream, Hour hour, DatabaseName from, DatabaseName to, String job, long epoch,
                           Fence fence, String itemId) {
        long started = clock.millis();
        String table = TableNames.forStream(stream);
        try {
            if (from.equals(to)) {
                throw new IllegalArgumentException("copy from " + from + " into itself");
            }
            CatalogTable source = tables.table(from, table).orElseThrow(() -> new IllegalStateException(
                    "nothing to copy: table " + from + "." + table + " does not exist"));
            List<Map<String, String>> parts = committer.partitionsOf(source, hour).stream()
                    .map(p -> Scala.javaMap(p.spec())).toList();
            if (parts.isEmpty()) {
                throw new IllegalStateException("nothing to copy: " + from + "." + table + " has no partition for " + hour);
            }
            boolean dc = HiveTables.hasDatacenter(source);
            Column where = lit(true);
            for (Map.Entry<String, String> e : PartitionCommitter.hourSpec(hour).entrySet()) {
                where = where.and(col("`" + e.getKey() + "`").equalTo(Integer.parseInt(e.getValue())));
            }
            Dataset<Row> data = spark.table(from.quoted() + ".`" + table + "`").where(where);
            // created or evolved by the commit's switch, after the fence (see TableTarget)
            TableTarget target = tables.target(to, table, source.dataSchema(), dc);
            if (target.datacenter() != dc) {
                throw new IllegalStateException("table " + to + "." + table + (dc ? " has no" : " has a")
                        + " datacenter partition column but " + from + "." + table + (dc ? " has one" : " has none"));
            }
            Dataset<Row> aligned = Aligner.align(data, target.dataSchema(), dc ? List.of(HiveTables.DATACENTER) : List.of());
            List<String> dcs = parts.stream().map(p -> p.get(HiveTables.DATACENTER)).filter(d -> d != null).toList();
            String fingerprint = SchemaFingerprint.of(target.dataSchema());
            PartitionCommitter.Outcome outcome = committer.commit(target, hour, aligned, dcs,
                    new PartitionCommitter.Writer(job, stream, epoch, "copy", fingerprint, from.value()), () -> { }, fence);
            Attempt attempt = attempt(itemId, job, stream, hour, to, table, epoch, started);
            if (outcome instanceof PartitionCommitter.Outcome.Aborted a) {
                return attempt.copyAborted(from.value(), a.reason(), fingerprint);
            }
            var c = (PartitionCommitter.Outcome.Committed) outcome;
            return attempt.copied(from.value(), c.provenance().rows(), c.provenance().checksum(), fingerprint);
        } catch (Exception e) {
            // a Spark task failure (unreadable input, failed write) is a SparkException, a checked exception
            return attempt(itemId, job, stream, hour, to, table, epoch, started).copyFailed(from.value(),
                    "copy " + stream + " " + hour + " from " + from + " into " + to + " failed: " + Errors.rootMessage(e));
        }
    }

    public DropReport drop(String stream, Hour hour, DatabaseName db, String job, long epoch, Fence fence, String itemId) {
        long started = clock.millis();
        String table = TableNames.forStream(stream);
        try {
            Optional<CatalogTable> t = tables.table(db, table);
            if (fence.check() instanceof FenceDecision.Abort abort) {
                return attempt(itemId, job, stream, hour, db, table, epoch, started).dropAborted(abort.reason());
            }
            int dropped = t.map(ct -> committer.drop(ct, hour).size()).orElse(0);
            return attempt(itemId, job, stream, hour, db, table, epoch, started).dropped(dropped);
        } catch (Exception e) {
            // a Spark task failure (unreadable input, failed write) is a SparkException, a checked exception
            return attempt(itemId, job, stream, hour, db, table, epoch, started).dropFailed("drop " + stream + " " + hour
                    + " in " + db + " failed: " + Errors.rootMessage(e));
        }
    }

    private Attempt attempt(String id, String job, String stream, Hour hour, DatabaseName db, String table, long epoch,
                            long started) {
        return new Attempt(id, job, stream, hour, db.value(), table, epoch, clock.millis() - started);
    }
}
