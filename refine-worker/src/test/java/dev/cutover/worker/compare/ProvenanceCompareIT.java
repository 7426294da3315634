package dev.cutover.worker.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.schema.SchemaFingerprint;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.Aligner;
import dev.cutover.worker.table.Checksums;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.transform.TransformChain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provenance fast path of compare: when it decides, when it must not, and that a scan still finds the diff. */
class ProvenanceCompareIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String HOUR = "2026-11-21T05";
    private static final Hour H = Hour.parse(HOUR);

    private final SparkSession spark = TestSpark.get();
    private final Comparer comparer = new Comparer(spark, Fixtures.CLOCK);

    /** Counts the Spark jobs started while {@code action} runs (a scan starts at least one per side). */
    private final class Jobs extends SparkListener {
        private final AtomicInteger started = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            started.incrementAndGet();
        }

        Comparer.Result count(java.util.function.Supplier<Comparer.Result> action) {
            drain();
            started.set(0);
            spark.sparkContext().addSparkListener(this);
            try {
                Comparer.Result result = action.get();
                drain();
                return result;
            } finally {
                spark.sparkContext().removeSparkListener(this);
            }
        }

        /** Waits until every event posted so far has reached the listeners (job starts are delivered asynchronously). */
        private void drain() {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (Exception e) {
                throw new IllegalStateException("Spark's listener bus did not drain", e);
            }
        }
    }

    private static DatabaseName db(String name) {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS " + name);
        return DatabaseName.of(name);
    }

    private static void refine(String job, Path raw, DatabaseName db, Path state) {
        List<RefineReport> reports = Fixtures.reports();
        Fixtures.refine(job, raw, new FixedDatabaseRoutes(db), state, reports, true, 0.05, TransformChain.DEFAULTS);
        assertThat(reports).isNotEmpty().allSatisfy(r -> assertThat(r.ok()).as(String.valueOf(r.error())).isTrue());
    }

    @Test
    void equalHoursOfTwoJobsPassFromTheirProvenanceWithoutRunningASparkJob(@TempDir Path raw, @TempDir Path state) {
        DatabaseName left = db("it_prov_legacy");
        DatabaseName right = db("it_prov_airflow");
        Fixtures.generate(raw, NT, HOUR, HOUR, 200, 0.02, 0.02, 0, 31);
        Fixtures.generate(raw, "mediawiki.page-create", HOUR, HOUR, 120, 0.05, 0, 0, 32);
        refine("legacy", raw, left, state);
        refine("airflow", raw, right, state);
        Jobs jobs = new Jobs();

        for (String stream : List.of(NT, "mediawiki.page-create")) {
            Comparer.Result fast = jobs.count(() -> comparer.compare(stream, H, left, right));
            assertThat(fast.verdict()).as(fast.detail().toString()).isEqualTo(Verdict.PASS);
            assertThat(fast.detail().method()).isEqualTo("provenance");
            assertThat(jobs.started.get()).as("Spark jobs run by a provenance compare").isZero();
            assertThat(fast.detail().left().action()).isEqualTo("refine");
            assertThat(fast.detail().left().rows()).isPositive();

            Comparer.Result full = jobs.count(() -> comparer.compare(stream, H, left, right, true));
            assertThat(full.verdict()).as(full.detail().toString()).isEqualTo(Verdict.PASS);
            assertThat(full.detail().method()).isEqualTo("scan");
            assertThat(full.detail().scanReason()).isEqualTo("--full-scan");
            assertThat(jobs.started.get()).as("Spark jobs run by a full scan").isGreaterThanOrEqualTo(2);
            assertThat(full.detail().warnings()).isEmpty();
            for (boolean leftSide : List.of(true, false)) {
                // the checksum recorded during the write is the one a scan of the table computes
                CompareDetail.Side scanned = leftSide ? full.detail().left() : full.detail().right();
                CompareDetail.Side recorded = leftSide ? fast.detail().left() : fast.detail().right();
                assertThat(scanned.recorded().checksum()).isEqualTo(scanned.checksum())
                        .isEqualTo(recorded.checksum());
                assertThat(scanned.recorded().rows()).isEqualTo(scanned.rows());
            }
        }
        assertThat(comparer.compare("mediawiki.page-create", H, left, right).detail().left().partitions())
                .isEqualTo(2);

        JsonNode cliFast = cli(0, "compare", "--stream", NT, "--hour", HOUR, "--left", left.value(), "--right", right.value());
        assertThat(cliFast.get("method").asText()).isEqualTo("provenance");
        JsonNode cliFull = cli(0, "compare", "--stream", NT, "--hour", HOUR, "--left", left.value(), "--right", right.value(),
                "--full-scan");
        assertThat(cliFull.get("method").asText()).isEqualTo("scan");
        assertThat(cliFull.get("verdict").asText()).isEqualTo("PASS");
        assertThat(cliFull.fieldNames()).toIterable().containsExactlyInAnyOrder("stream", "hour", "table", "left",
                "right", "schema", "method", "scan_reason", "verdict", "reasons", "warnings", "evolve");
        assertThat(cliFull.get("schema").fieldNames()).toIterable().containsExactlyInAnyOrder("only_left",
                "only_right", "type_mismatch", "common");
        assertThat(cliFull.get("left").fieldNames()).toIterable().containsExactlyInAnyOrder("database",
                "partitions", "rows", "checksum", "recorded", "columns");
        assertThat(cliFull.get("left").get("recorded").fieldNames()).toIterable().containsExactlyInAnyOrder("rows",
                "checksum", "commit_id", "action");
    }

    /** Runs a worker command in this JVM (same Spark session) and returns its JSON output. */
    private static JsonNode cli(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config-source", TestSpark.productionConfig().toString(), "--schema-repo",
                TestSpark.schemas().toString()));
        int code = WorkerMain.run(all.toArray(String[]::new), ctx);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
        try {
            return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aChangedValueFallsBackToTheScanAndFailsWithTheKeyedDiff(@TempDir Path raw, @TempDir Path state) {
        DatabaseName left = db("it_prov_chg_left");
        DatabaseName right = db("it_prov_chg_right");
        Fixtures.generate(raw, NT, HOUR, HOUR, 150, 0, 0, 0, 33);
        refine("legacy", raw, left, state);
        CopyReport copy = new PartitionCopier(spark, Fixtures.CLOCK).copy(NT, H, left, right, "airflow", 2, Fence.NONE, null);
        assertThat(copy.ok()).as(String.valueOf(copy.error())).isTrue();
        Comparer.Result copied = comparer.compare(NT, H, left, right);
        assertThat(copied.detail().method()).isEqualTo("provenance");
        assertThat(copied.detail().right().action()).isEqualTo("copy");

        String id = Fixtures.hour(right.value(), "navigationtiming", HOUR).select("meta.id").orderBy("meta.id")
                .first().getString(0);
        Dataset<Row> changed = Fixtures.hour(right.value(), "navigationtiming", HOUR)
                .withColumn("wiki", when(col("meta.id").equalTo(id), lit("changedwiki")).otherwise(col("wiki")));
        CatalogTable table = new HiveTables(spark).table(right, "navigationtiming").orElseThrow();
        new PartitionCommitter(spark, Fixtures.CLOCK).commit(table, H, Aligner.align(changed, table.dataSchema(), List.of()),
                List.of(), new PartitionCommitter.Writer("airflow", NT, 3, "refine", SchemaFingerprint.of(table.dataSchema()),
                        null), () -> { }, Fence.NONE);

        Comparer.Result result = comparer.compare(NT, H, left, right);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.detail().method()).isEqualTo("scan");
        assertThat(result.detail().scanReason()).isEqualTo("the recorded row counts or checksums differ");
        CompareDetail.KeyedDiff diff = result.detail().diff();
        assertThat(diff.changed()).isEqualTo(1);
        assertThat(diff.leftOnly()).isZero();
        assertThat(diff.columnMismatches()).containsExactly(Map.entry("wiki", 1L));
        assertThat(diff.sampleIds()).contains(id);
        assertThat(result.detail().reasons()).contains("content checksums over the common columns differ");
    }

    @Test
    void aPartitionWrittenByPlainSqlIsScanned(@TempDir Path raw, @TempDir Path state) {
        DatabaseName left = db("it_prov_sql_left");
        DatabaseName right = db("it_prov_sql_right");
        Fixtures.generate(raw, NT, HOUR, HOUR, 80, 0, 0, 0, 34);
        refine("legacy", raw, left, state);
        CatalogTable source = new HiveTables(spark).table(left, "navigationtiming").orElseThrow();
        new HiveTables(spark).ensure(right, "navigationtiming", source.dataSchema(), false);
        String columns = String.join(", ", Stream.of(source.dataSchema().fieldNames()).map(c -> "`" + c + "`").toList());
        spark.sql("INSERT INTO it_prov_sql_right.navigationtiming PARTITION (year=2026, month=11, day=21, hour=5) SELECT "
                + columns + " FROM it_prov_sql_left.navigationtiming WHERE year=2026 AND month=11 AND day=21 AND hour=5");

        Comparer.Result result = comparer.compare(NT, H, left, right);

        assertThat(result.verdict()).as(result.detail().toString()).isEqualTo(Verdict.PASS);
        assertThat(result.detail().method()).isEqualTo("scan");
        assertThat(result.detail().scanReason()).startsWith("right: partition").endsWith("has no Cutover provenance");
        assertThat(result.detail().right().rows()).isEqualTo(result.detail().left().rows());
    }

    @Test
    void provenanceThatNoLongerDescribesThePartitionIsNotTrusted(@TempDir Path raw, @TempDir Path state,
                                                                 @TempDir Path elsewhere) throws IOException {
        DatabaseName left = db("it_prov_tamper_left");
        DatabaseName right = db("it_prov_tamper_right");
        Fixtures.generate(raw, NT, HOUR, HOUR, 90, 0, 0, 0, 35);
        refine("legacy", raw, left, state);
        PartitionCopier copier = new PartitionCopier(spark, Fixtures.CLOCK);
        Runnable recopy = () -> {
            assertThat(copier.copy(NT, H, left, right, "airflow", 1, Fence.NONE, null).ok()).isTrue();
            assertThat(comparer.compare(NT, H, left, right).detail().method()).isEqualTo("provenance");
        };
        recopy.run();

        // an older Cutover (no checksum algorithm recorded) or another definition
        alterRight(right, p -> withParameter(p, "cutover.checksum_algo", "sum-xxhash64-decimal38-v0"));
        assertScanned(left, right, Verdict.PASS, "right: partition", "recorded its checksum with algorithm sum-xxhash64-decimal38-v0, not "
                + Checksums.ALGORITHM);

        // recorded values that do not match the data: scanned only because they differ, and then reported
        recopy.run();
        alterRight(right, p -> withParameter(p, "cutover.checksum", "12345"));
        Comparer.Result lying = assertScanned(left, right, Verdict.PASS, "the recorded row counts or checksums differ", "");
        assertThat(lying.detail().warnings()).anyMatch(w -> w.startsWith("right (it_prov_tamper_right): the data does not match"));

        // the partition moved to a directory that is not its commit's
        recopy.run();
        CatalogTablePartition part = rightPartition(right);
        Path moved = elsewhere.resolve("moved");
        copyDir(Path.of(part.location()), moved);
        spark.sql("ALTER TABLE it_prov_tamper_right.navigationtiming PARTITION (year=2026, month=11, day=21, hour=5)"
                + " SET LOCATION '" + moved.toUri() + "'");
        assertScanned(left, right, Verdict.PASS, "right: partition", "not in the directory of its commit");

        // a data file deleted behind the metastore's back
        recopy.run();
        Path dir = Path.of(rightPartition(right).location());
        try (Stream<Path> files = Files.list(dir)) {
            Path data = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.delete(data);
        }
        spark.catalog().refreshTable("it_prov_tamper_right.navigationtiming");
        Comparer.Result deleted = assertScanned(left, right, Verdict.FAIL, "right: the data files of partition",
                "are not the ones its commit wrote");
        assertThat(deleted.detail().reasons()).anyMatch(r -> r.startsWith("row counts differ"));
    }

    private Comparer.Result assertScanned(DatabaseName left, DatabaseName right, Verdict verdict, String reasonStart,
                                          String reasonPart) {
        Comparer.Result result = comparer.compare(NT, H, left, right);
        assertThat(result.detail().method()).as(result.detail().toString()).isEqualTo("scan");
        assertThat(result.detail().scanReason()).startsWith(reasonStart).contains(reasonPart);
        assertThat(result.verdict()).as(result.detail().toString()).isEqualTo(verdict);
        return result;
    }

    private CatalogTablePartition rightPartition(DatabaseName right) {
        CatalogTable table = new HiveTables(spark).table(right, "navigationtiming").orElseThrow();
        return new PartitionCommitter(spark, Fixtures.CLOCK).partitionsOf(table, H).get(0);
    }

    /** Changes the right partition's parameters directly in the metastore, as a tool other than Cutover would. */
    private void alterRight(DatabaseName right, UnaryOperator<Map<String, String>> change) {
        CatalogTablePartition p = rightPartition(right);
        Map<String, String> params = change.apply(new java.util.LinkedHashMap<>(Scala.javaMap(p.parameters())));
        spark.sharedState().externalCatalog().alterPartitions(right.value(), "navigationtiming",
                Scala.seq(List.of(p.copy(p.spec(), p.storage(), Scala.map(params), p.createTime(), p.lastAccessTime(),
                        p.stats()))));
    }

    private static Map<String, String> withParameter(Map<String, String> params, String key, String value) {
        params.put(key, value);
        return params;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
