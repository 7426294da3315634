package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.commit.Metastore;
import dev.cutover.worker.commit.MetastoreContract;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.TableDefinition;
import dev.cutover.worker.commit.TableRef;
import dev.cutover.worker.spark.Scala;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The commit's metastore port on the real (embedded) Hive metastore: the contract, and what only Hive has. */
class HiveMetastoreIT extends MetastoreContract {

    private static final DatabaseName DB = DatabaseName.of("it_metastore");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static SparkSession spark;
    private static HiveMetastore metastore;

    @BeforeAll
    static void start() {
        spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS " + DB.quoted());
        metastore = new HiveMetastore(spark, Fixtures.CLOCK);
    }

    @Override
    protected Metastore metastore() {
        return metastore;
    }

    @Override
    protected TableDefinition newTable(List<String> columns) {
        String name = "ms_" + TABLES.incrementAndGet();
        return new TableDefinition(new TableRef(DB, name), URI.create(new HiveTables(spark).location(DB, name)), columns,
                StructType.fromDDL("id STRING").json());
    }

    @Override
    protected String widerSchema() {
        return StructType.fromDDL("id STRING, dt STRING").json();
    }

    private static ExternalCatalog catalog() {
        return spark.sharedState().externalCatalog();
    }

    @Test
    void anEvolutionAddsTheColumnsToTheTable() {
        TableDefinition table = newTable(HiveTables.partitionColumns(false));
        metastore.ensureTable(table, false);

        metastore.ensureTable(new TableDefinition(table.table(), table.location(), table.partitionColumns(),
                widerSchema()), true);
        assertThat(catalog().getTable(DB.value(), table.table().name()).dataSchema().fieldNames())
                .containsExactly("id", "dt");
    }

    @Test
    void aTablePartitionedOtherwiseThanAStreamTableIsRefused() {
        TableDefinition table = newTable(List.of("year", "hour"));

        assertThatThrownBy(() -> metastore.ensureTable(table, false)).hasMessageContaining("[year, hour]");
    }

    @Test
    void anAlteredPartitionKeepsItsStorageFormatAndCreationTime() {
        TableDefinition table = newTable(HiveTables.partitionColumns(false));
        metastore.ensureTable(table, false);
        Map<String, String> spec = CommitLayout.hourSpec(HOUR);
        metastore.createPartitions(table.table(), List.of(new PartitionRef(spec,
                CommitLayout.partitionDir(table.location(), HOUR, "20261123T020000-00000001", spec), Map.of())), false);
        CatalogTablePartition before = catalog().getPartition(DB.value(), table.table().name(), Scala.map(spec));

        URI moved = CommitLayout.partitionDir(table.location(), HOUR, "20261123T030000-00000002", spec);
        metastore.alterPartitions(table.table(), List.of(new PartitionRef(spec, moved, Map.of("cutover.job", "test"))));
        CatalogTablePartition after = catalog().getPartition(DB.value(), table.table().name(), Scala.map(spec));
        assertThat(after.location().getPath()).isEqualTo(moved.getPath());
        assertThat(after.createTime()).isEqualTo(before.createTime());
        assertThat(after.storage().inputFormat()).isEqualTo(before.storage().inputFormat());
        assertThat(after.storage().serde()).isEqualTo(before.storage().serde());
        assertThat(Scala.javaMap(after.parameters())).containsEntry("cutover.job", "test");
    }
}
