package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.compare.Comparer;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing work item (a Spark task failure included) returns a FAILED report; the next items still run. */
class WorkExecutorIT {

    private static final String NT = "eventlogging_NavigationTiming";

    @Test
    void itemsWhoseSparkJobFailsReturnFailedReportsAndTheNextItemsStillRun(@TempDir Path raw, @TempDir Path state)
            throws Exception {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_exec");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_exec_copy");
        Fixtures.generate(raw, NT, "2026-11-22T20", "2026-11-22T21", 40, 0, 0, 0, 20);
        Fixtures.truncateGzip(raw, "2026-11-22T20", 16);
        Refiner refiner = new Refiner(spark, new StreamSchemas(Fixtures.CONFIG, Fixtures.schemas()), Fixtures.CLOCK, 0.05);
        var routes = new FixedDatabaseRoutes(DatabaseName.of("it_exec"));
        RoutedRefine routed = new RoutedRefine(refiner, routes, new DoneMarkers(state), r -> true, Fixtures.CLOCK, System.err);
        WorkExecutor executor = new WorkExecutor(refiner, new Comparer(spark, Fixtures.CLOCK),
                new PartitionCopier(spark, Fixtures.CLOCK), new RawLayout(raw, Fixtures.CONFIG), routes, routed, Fixtures.CLOCK);
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);
        Hour bad = Hour.parse("2026-11-22T20");
        Hour good = Hour.parse("2026-11-22T21");

        Report refineBad = executor.execute("legacy", chain, new WorkItem("e-1", NT, bad, WorkAction.REFINE, "it_exec", null, 1));
        assertThat(refineBad).isInstanceOf(RefineReport.class);
        assertThat(refineBad.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(refineBad.id()).isEqualTo("e-1");
        assertThat(refineBad.error()).contains(NT).contains("2026-11-22T20").containsIgnoringCase("end of input");

        RefineReport refineGood = (RefineReport) executor.execute("legacy", chain, new WorkItem("e-2", NT, good,
                WorkAction.REFINE, "it_exec", null, 1));
        assertThat(refineGood.ok()).as(String.valueOf(refineGood.error())).isTrue();
        assertThat(refineGood.rows()).isEqualTo(40);
        assertThat(refineGood.problems()).isEmpty();

        // the committed partition's data file is damaged behind Cutover's back: copying it fails in a Spark task
        var table = new HiveTables(spark).table(DatabaseName.of("it_exec"), "navigationtiming").orElseThrow();
        Path dir = Path.of(new dev.cutover.worker.table.PartitionCommitter(spark, Fixtures.CLOCK).partitionsOf(table, good)
                .get(0).location());
        try (Stream<Path> files = Files.list(dir)) {
            Path data = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(data);
            Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        spark.catalog().refreshTable("it_exec.navigationtiming");
        Report copy = executor.execute("legacy", chain, new WorkItem("e-3", NT, good, WorkAction.COPY, "it_exec_copy",
                "it_exec", 1));
        assertThat(copy.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(copy.problems()).as("a failed report is well-formed").isEmpty();
        assertThat(copy.id()).isEqualTo("e-3");
        assertThat(copy.error()).contains("copy " + NT + " 2026-11-22T21 from it_exec into it_exec_copy failed");
        assertThat(new HiveTables(spark).table(DatabaseName.of("it_exec_copy"), "navigationtiming"))
                .as("a failed copy creates nothing").isEmpty();

        Report drop = executor.execute("legacy", chain, new WorkItem("e-4", NT, good, WorkAction.DROP, "it_exec", null, 1));
        assertThat(drop.ok()).as(String.valueOf(drop.error())).isTrue();
        assertThat(drop).isInstanceOfSatisfying(DropReport.class, d -> assertThat(d.partitions()).isEqualTo(1));
        assertThat(spark.sql("SHOW PARTITIONS it_exec.navigationtiming").count()).isZero();
    }
}
