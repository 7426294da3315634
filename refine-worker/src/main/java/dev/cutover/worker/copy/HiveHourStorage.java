package dev.cutover.worker.copy;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.table.Provenance;
import dev.cutover.worker.work.HourStorage;
import java.time.Clock;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;

/**
 * The routed pass's view of the Hive metastore: who wrote a (database, stream, hour) as its partitions' provenance
 * records it (the hour's datacenter partitions share one provenance: rows and checksum cover the whole hour), and
 * a copy through {@link PartitionCopier} (the same fenced commit as a work item's copy).
 */
public final class HiveHourStorage implements HourStorage {

    private final HiveTables tables;
    private final PartitionCommitter committer;
    private final PartitionCopier copier;

    public HiveHourStorage(SparkSession spark, Clock clock, PartitionCopier copier) {
        this.tables = new HiveTables(spark);
        this.committer = new PartitionCommitter(spark, clock);
        this.copier = copier;
    }

    @Override
    public Optional<RoutedWrite.Held> held(String database, String stream, Hour hour) {
        Optional<CatalogTable> table = tables.table(DatabaseName.of(database), TableNames.forStream(stream));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        return committer.partitionsOf(table.get(), hour).stream()
                .map(p -> Provenance.fromParameters(Scala.javaMap(p.parameters())))
                .flatMap(Optional::stream)
                .findFirst()
                .map(p -> new RoutedWrite.Held(p.job(), p.epoch(), p.checksum()));
    }

    @Override
    public CopyReport copy(String job, String stream, Hour hour, String from, String to, long epoch, LeaseTerms terms,
                           Fence fence) {
        return copier.copy(stream, hour, DatabaseName.of(from), DatabaseName.of(to), job, epoch, terms, fence, null);
    }
}
