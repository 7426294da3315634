package dev.cutover.worker.table;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.commit.Metastore;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.TableDefinition;
import dev.cutover.worker.commit.TableRef;
import dev.cutover.worker.spark.Scala;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The commit's {@link Metastore} port on the Hive metastore behind Spark's {@link ExternalCatalog}; tables are
 * created and evolved by {@link HiveTables}. A created partition takes the table's storage format, an altered one
 * keeps its own storage format and creation time; Spark's optimizer statistics are not carried (the partition
 * data changes, Cutover never computes them). Partitions are dropped with their metadata only, never their files.
 */
public final class HiveMetastore implements Metastore {

    private final SparkSession spark;
    private final Clock clock;
    private final HiveTables tables;

    public HiveMetastore(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.clock = clock;
        this.tables = new HiveTables(spark);
    }

    /** The table of {@code target} as a commit creates or evolves it. */
    public static TableDefinition definition(TableTarget target) {
        return new TableDefinition(ref(target), target.location(), HiveTables.partitionColumns(target.datacenter()),
                target.dataSchema().json());
    }

    public static TableRef ref(TableTarget target) {
        return new TableRef(target.database(), target.name());
    }

    public static TableRef ref(CatalogTable table) {
        return new TableRef(DatabaseName.of(table.identifier().database().get()),
                table.identifier().table());
    }

    /** The hour's partitions as Spark's catalog gives them. */
    public List<CatalogTablePartition> catalogPartitions(TableRef table, Hour hour) {
        return Scala.list(catalog().listPartitions(table.database().value(), table.name(),
                Scala.option(Scala.map(CommitLayout.hourSpec(hour)))));
    }

    @Override
    public List<PartitionRef> partitions(TableRef table, Hour hour) {
        return catalogPartitions(table, hour).stream()
                .map(p -> new PartitionRef(Scala.javaMap(p.spec()), p.location(), Scala.javaMap(p.parameters())))
                .toList();
    }

    @Override
    public void ensureTable(TableDefinition definition, boolean exists) {
        TableRef table = definition.table();
        StructType schema = (StructType) DataType.fromJson(definition.schema());
        if (exists) {
            tables.evolve(table.database(), table.name(), schema);
            return;
        }
        boolean datacenter = definition.partitionColumns().contains(HiveTables.DATACENTER);
        if (!definition.partitionColumns().equals(HiveTables.partitionColumns(datacenter))) {
            throw new IllegalArgumentException("a stream table is partitioned by " + HiveTables.partitionColumns(true)
                    + " or " + HiveTables.HOUR_COLUMNS + ", not " + definition.partitionColumns());
        }
        tables.create(table.database(), table.name(), schema, datacenter, definition.location());
    }

    @Override
    public void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) {
        CatalogStorageFormat base = catalog().getTable(table.database().value(), table.name()).storage();
        long now = clock.millis() / 1000;
        List<CatalogTablePartition> create = new ArrayList<>();
        for (PartitionRef p : partitions) {
            create.add(CatalogTablePartition.apply(Scala.map(p.spec()), storage(base, p.location()),
                    Scala.map(p.parameters()), now, now, scala.Option.empty()));
        }
        catalog().createPartitions(table.database().value(), table.name(), Scala.seq(create), ignoreIfExists);
    }

    @Override
    public void alterPartitions(TableRef table, List<PartitionRef> partitions) {
        long now = clock.millis() / 1000;
        List<CatalogTablePartition> alter = new ArrayList<>();
        for (PartitionRef p : partitions) {
            CatalogTablePartition current = catalog().getPartition(table.database().value(), table.name(),
                    Scala.map(p.spec()));
            alter.add(current.copy(current.spec(), storage(current.storage(), p.location()), Scala.map(p.parameters()),
                    current.createTime(), now, scala.Option.empty()));
        }
        catalog().alterPartitions(table.database().value(), table.name(), Scala.seq(alter));
    }

    @Override
    public void dropPartitions(TableRef table, List<Map<String, String>> specs) {
        catalog().dropPartitions(table.database().value(), table.name(),
                Scala.seq(specs.stream().map(Scala::map).toList()), true, false, true);
    }

    private ExternalCatalog catalog() {
        return spark.sharedState().externalCatalog();
    }

    private static CatalogStorageFormat storage(CatalogStorageFormat base, URI location) {
        return CatalogStorageFormat.apply(Scala.option(new Path(location).toUri()), base.inputFormat(),
                base.outputFormat(), base.serde(), base.compressed(), base.properties(), base.serdeName());
    }
}
