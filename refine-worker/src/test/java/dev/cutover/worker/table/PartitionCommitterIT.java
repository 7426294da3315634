package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.testkit.MutableClock;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.commit.InstrumentedMetastore;
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

/**
 * The commit itself on the real Hive metastore, on small tables: what follows the fence, a fenced commit, a switch
 * failing half-way (failures injected through the {@link InstrumentedMetastore} port), old commits kept.
 */
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

    /** The real metastore, recording its calls (and failing those a test picks). */
    private static InstrumentedMetastore hive() {
        return new InstrumentedMetastore(new HiveMetastore(spark, CLOCK));
    }

    @Test
    void nothingButTheMetastoreSwitchFollowsTheFenceCheck() throws IOException {
        CatalogTable table = table("pc_order", true);
        commit(new PartitionCommitter(spark, CLOCK), table, "a@eqiad");
        InstrumentedMetastore metastore = hive();
        PartitionCommitter committer = new PartitionCommitter(spark, CLOCK, metastore);
        List<String> events = new ArrayList<>();
        List<InstrumentedMetastore.Kind> beforeFence = new ArrayList<>();
        Fence fence = () -> {
            events.add("fence");
            beforeFence.addAll(metastore.kinds());
            return FenceDecision.PROCEED;
        };
        CLOCK.advance(java.time.Duration.ofMinutes(1));
        var outcome = committer.commit(table, HOUR, rows(table, "b@eqiad", "c@codfw"), List.of(), writer(),
                () -> events.add("validate"), fence);

        assertThat(events).containsExactly("validate", "fence");
        assertThat(beforeFence).as("prepare reads the hour's partitions, nothing else").containsExactly(
                InstrumentedMetastore.Kind.PARTITIONS);
        List<InstrumentedMetastore.Kind> afterFence = metastore.kinds().subList(beforeFence.size(), metastore.kinds().size());
        assertThat(afterFence).containsExactly(InstrumentedMetastore.Kind.CREATE, InstrumentedMetastore.Kind.ALTER);
        String commitId = ((PartitionCommitter.Outcome.Committed) outcome).provenance().commitId();
        try (Stream<Path> files = Files.walk(commitDir(table, commitId))) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("_COMMIT.json");
        }
    }

    @Test
    void aFencedCommitDeletesItsStagedFilesAndChangesNothing() throws IOException {
        CatalogTable table = table("pc_fenced", true);
        commit(new PartitionCommitter(spark, CLOCK), table, "a@eqiad");
        Map<String, String> before = locations(table);
        List<String> dirsBefore = commitDirs(table);
        List<List<String>> stagedAtFence = new ArrayList<>();
        Fence moved = () -> {
            try {
                stagedAtFence.add(commitDirs(table));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new FenceDecision.Abort("epoch moved");
        };
        CLOCK.advance(java.time.Duration.ofMinutes(1));
        var outcome = new PartitionCommitter(spark, CLOCK).commit(table, HOUR, rows(table, "b@eqiad"), List.of(),
                writer(), () -> { }, moved);

        assertThat(outcome).isEqualTo(new PartitionCommitter.Outcome.Aborted("epoch moved"));
        assertThat(stagedAtFence.get(0)).as("the files were staged before the fence").hasSize(2);
        assertThat(commitDirs(table)).isEqualTo(dirsBefore);
        assertThat(locations(table)).isEqualTo(before);
    }

    @Test
    void aTableThatCannotBeCreatedLeavesNoTableAndNoStagedFiles() throws IOException {
        StructType schema = (StructType) DataType.fromDDL("id STRING");
        TableTarget target = new HiveTables(spark).target(DB, "pc_nocreate", schema, false);
        InstrumentedMetastore metastore = hive().failOnce(
                InstrumentedMetastore.Call.is(InstrumentedMetastore.Kind.ENSURE_TABLE),
                InstrumentedMetastore.Timing.BEFORE, "metastore went away");
        Dataset<Row> data = spark.createDataFrame(List.of(RowFactory.create("a")), schema);

        assertThatThrownBy(() -> new PartitionCommitter(spark, CLOCK, metastore).commit(target, HOUR, data, List.of(),
                writer(), () -> { }, Fence.NONE))
                .hasMessage("cannot create table it_commit.pc_nocreate for " + HOUR + ": metastore went away");
        assertThat(metastore.kinds()).containsExactly(InstrumentedMetastore.Kind.ENSURE_TABLE);
        assertThat(new HiveTables(spark).table(DB, "pc_nocreate")).isEmpty();
        Path hourDir = Path.of(CommitLayout.hourDir(target.location(), HOUR).getPath());
        if (Files.exists(hourDir)) {
            try (Stream<Path> dirs = Files.list(hourDir)) {
                assertThat(dirs).as("the staged files are deleted: nothing points at them").isEmpty();
            }
        }
    }

    @Test
    void aSwitchFailingAfterTheCreateRestoresThePreviousPartitionsAndKeepsTheNewFiles() throws IOException {
        CatalogTable table = table("pc_restore", true);
        commit(new PartitionCommitter(spark, CLOCK), table, "a@eqiad");
        Map<String, String> before = locations(table);
        List<String> dirsBefore = commitDirs(table);

        InstrumentedMetastore metastore = hive().failOnce(InstrumentedMetastore.Call.is(InstrumentedMetastore.Kind.ALTER),
                InstrumentedMetastore.Timing.BEFORE, "metastore went away");
        PartitionCommitter failing = new PartitionCommitter(spark, CLOCK, metastore);
        assertThatThrownBy(() -> commit(failing, table, "b@eqiad", "c@codfw"))
                .hasMessageContaining("it_commit.pc_restore").hasMessageContaining(HOUR.toString())
                .hasMessageContaining("metastore went away").hasMessageContaining("previous partitions were restored");
        assertThat(metastore.kinds()).as("the started calls are undone in reverse order").containsExactly(
                InstrumentedMetastore.Kind.PARTITIONS, InstrumentedMetastore.Kind.CREATE, InstrumentedMetastore.Kind.ALTER,
                InstrumentedMetastore.Kind.ALTER, InstrumentedMetastore.Kind.DROP);

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

        InstrumentedMetastore metastore = hive()
                .failOnce(InstrumentedMetastore.Call.is(InstrumentedMetastore.Kind.ALTER),
                        InstrumentedMetastore.Timing.BEFORE, "metastore went away at switch:alter")
                .failAlways(InstrumentedMetastore.Call.is(InstrumentedMetastore.Kind.ALTER)
                                .or(InstrumentedMetastore.Call.is(InstrumentedMetastore.Kind.DROP)),
                        InstrumentedMetastore.Timing.BEFORE, "metastore went away at restore");
        PartitionCommitter failing = new PartitionCommitter(spark, CLOCK, metastore);
        assertThatThrownBy(() -> commit(failing, table, "b@eqiad", "c@codfw"))
                .hasMessageContaining("metastore went away at switch:alter")
                .hasMessageContaining("undoing alter: metastore went away at restore")
                .hasMessageContaining("undoing create: metastore went away at restore")
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
