package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.MutableClock;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.spark.Scala;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The commit itself, on small tables: what follows the fence, a switch failing half-way, old commits kept. */
class PartitionCommitterIT {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final DatabaseName DB = DatabaseName.of("it_commit");
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_commit");
    }

    private static CatalogTable table(String name, boolean dc) {
        return new HiveTables(spark).ensure(DB, name, (StructType) DataType.fromDDL("id STRING"), dc);
    }

    /** Rows {@code id} (and {@code datacenter}) shaped for {@code table}. */
    private static Dataset<Row> rows(CatalogTable table, String... idAtDc) {
        boolean dc = HiveTables.hasDatacenter(table);
        List<Row> rows = new ArrayList<>();
        for (String s : idAtDc) {
            String[] parts = s.split("@");
            rows.add(dc ? RowFactory.create(parts[0], parts[1]) : RowFactory.create(parts[0]));
        }
        StructType schema = (StructType) DataType.fromDDL(dc ? "id STRING, datacenter STRING" : "id STRING");
        return Aligner.align(spark.createDataFrame(rows, schema), table.dataSchema(),
                dc ? List.of(HiveTables.DATACENTER) : List.of());
    }

    private static PartitionCommitter.Writer writer() {
        return new PartitionCommitter.Writer("test", "s", 1, "refine", "fp", null);
    }

    /** Commit times have second resolution: the tests' commits are a minute apart. */
    private static final MutableClock CLOCK = new MutableClock(Fixtures.CLOCK.instant());

    private static PartitionCommitter.Outcome.Committed commit(PartitionCommitter committer, CatalogTable table, String... rows) {
        CLOCK.advance(java.time.Duration.ofMinutes(1));
        CatalogTable current = spark.sharedState().externalCatalog().getTable(DB.value(), table.identifier().table());
        var outcome = committer.commit(current, HOUR, rows(current, rows), List.of(), writer(), () -> { }, Fence.NONE);
        assertThat(outcome).isInstanceOf(PartitionCommitter.Outcome.Committed.class);
        return (PartitionCommitter.Outcome.Committed) outcome;
    }

    /** Partition spec (datacenter, or "hour") -> location, as the metastore has them. */
    private static Map<String, String> locations(CatalogTable table) {
        Map<String, String> result = new TreeMap<>();
        for (CatalogTablePartition p : new PartitionCommitter(spark, CLOCK).partitionsOf(table, HOUR)) {
            result.put(Scala.javaMap(p.spec()).getOrDefault(HiveTables.DATACENTER, "hour"), new org.apache.hadoop.fs.Path(
                    p.location()).toUri().getPath());
        }
        return result;
    }

    private static List<String> ids(String table) {
        return spark.table(DB.value() + "." + table).where("year = 2026 and month = 11 and day = 23 and hour = 1")
                .select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
    }

    private static Path commitDir(CatalogTable table, String commitId) {
        return Path.of(PartitionCommitter.commitLocation(table, HOUR, commitId, Map.of()).toUri().getPath());
    }

    private static List<String> commitDirs(CatalogTable table) throws IOException {
        Path dir = commitDir(table, "x").getParent();
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nothingButTheMetastoreSwitchFollowsTheFenceCheck() {
        CatalogTable table = table("pc_order", true);
        List<String> steps = new ArrayList<>();
        PartitionCommitter committer = new PartitionCommitter(spark, CLOCK, steps::add);
        commit(committer, table, "a@eqiad");
        steps.clear();
        commit(committer, table, "b@eqiad", "c@codfw");

        int fence = steps.indexOf("fence");
        assertThat(steps.subList(0, fence)).contains("write", "validate", "prepare");
        int lastSwitch = fence;
        for (int i = fence + 1; i < steps.size(); i++) {
            if (steps.get(i).startsWith("switch:")) {
                lastSwitch = i;
            }
        }
        assertThat(steps.subList(fence + 1, lastSwitch + 1)).as(steps.toString()).isNotEmpty()
                .allMatch(s -> s.startsWith("switch:")).contains("switch:create", "switch:alter");
    }

    @Test
    void aSwitchFailingAfterTheCreateRestoresThePreviousPartitionsAndKeepsTheNewFiles() throws IOException {
        CatalogTable table = table("pc_restore", true);
        commit(new PartitionCommitter(spark, CLOCK), table, "a@eqiad");
        Map<String, String> before = locations(table);
        List<String> dirsBefore = commitDirs(table);

        PartitionCommitter failing = new PartitionCommitter(spark, CLOCK, step -> {
            if (step.equals("switch:alter")) {
                throw new IllegalStateException("metastore went away");
            }
        });
        assertThatThrownBy(() -> commit(failing, table, "b@eqiad", "c@codfw"))
                .hasMessageContaining("it_commit.pc_restore").hasMessageContaining(HOUR.toString())
                .hasMessageContaining("metastore went away").hasMessageContaining("previous partitions were restored");

        assertThat(locations(table)).isEqualTo(before);
        assertThat(ids("pc_restore")).containsExactly("a");
        List<String> dirsAfter = commitDirs(table);
        assertThat(dirsAfter).as("the new commit's files are never deleted once the switch started").hasSize(2)
                .containsAll(dirsBefore);
        String kept = dirsAfter.stream().filter(d -> !dirsBefore.contains(d)).findFirst().orElseThrow();
        try (Stream<Path> files = Files.walk(commitDir(table, kept))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.endsWith(".parquet"));
        }

        // the next commits of the hour work; the leftover goes with the commit it was meant to replace
        String next = commit(new PartitionCommitter(spark, CLOCK), table, "d@eqiad").provenance().commitId();
        assertThat(ids("pc_restore")).containsExactly("d");
        String last = commit(new PartitionCommitter(spark, CLOCK), table, "e@eqiad").provenance().commitId();
        assertThat(ids("pc_restore")).containsExactly("e");
        assertThat(commitDirs(table)).containsExactlyInAnyOrder(next, last);
    }

    @Test
    void aSwitchWhoseRestoreFailsTooLeavesTheDataAndSaysWhatIsVisible() throws IOException {
        CatalogTable table = table("pc_norestore", true);
        commit(new PartitionCommitter(spark, CLOCK), table, "a@eqiad");
        List<String> dirsBefore = commitDirs(table);

        PartitionCommitter failing = new PartitionCommitter(spark, CLOCK, step -> {
            if (step.equals("switch:alter") || step.startsWith("restore:")) {
                throw new IllegalStateException("metastore went away at " + step);
            }
        });
        assertThatThrownBy(() -> commit(failing, table, "b@eqiad", "c@codfw"))
                .hasMessageContaining("metastore went away at switch:alter")
                .hasMessageContaining("could not be restored").hasMessageContaining("kept");

        List<String> dirsAfter = commitDirs(table);
        assertThat(dirsAfter).hasSize(2).containsAll(dirsBefore);
        String kept = dirsAfter.stream().filter(d -> !dirsBefore.contains(d)).findFirst().orElseThrow();
        // codfw was created and still points at the new commit: its files must be there
        assertThat(locations(table).get("codfw")).startsWith(commitDir(table, kept).toString());
        assertThat(ids("pc_norestore")).containsExactly("a", "c");
    }

    @Test
    void thePreviousCommitIsKeptUntilTheNextOneAndOlderOnesAreDeleted() throws IOException {
        CatalogTable table = table("pc_retention", false);
        PartitionCommitter committer = new PartitionCommitter(spark, CLOCK);
        String first = commit(committer, table, "a").provenance().commitId();
        String second = commit(committer, table, "b").provenance().commitId();

        assertThat(commitDirs(table)).containsExactlyInAnyOrder(first, second);
        try (Stream<Path> files = Files.list(commitDir(table, first))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("a query still reading the previous commit finds it")
                    .anyMatch(n -> n.endsWith(".parquet"));
        }
        assertThat(ids("pc_retention")).containsExactly("b");

        String third = commit(committer, table, "c").provenance().commitId();
        assertThat(commitDirs(table)).containsExactlyInAnyOrder(second, third);
        assertThat(locations(table).get("hour")).isEqualTo(commitDir(table, third).toString());
        assertThat(ids("pc_retention")).containsExactly("c");
    }
}
