package dev.cutover.worker.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.model.WorkReport;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.generate.RawGenerator;
import dev.cutover.worker.inspect.Inspector;
import dev.cutover.worker.route.ControllerClient;
import dev.cutover.worker.route.ControllerRoutes;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.work.RoutedRefine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefineIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_refine");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_fence");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_corrupt");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_dc");
    }

    @Test
    void generatedEventsAreRefinedWithoutCanariesOrDuplicatesAndARerunGivesTheSamePartition(@TempDir Path raw,
                                                                                            @TempDir Path state) {
        List<RawGenerator.HourSummary> gen = Fixtures.generate(raw, NT, "2026-11-22T00", "2026-11-22T01", 400, 0.1, 0.1, 0, 3);
        List<WorkReport> reports = Fixtures.reports();
        var routes = new FixedDatabaseRoutes(DatabaseName.of("it_refine"));
        RoutedRefine.Summary first = Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS);

        assertThat(first.ok()).isEqualTo(2);
        assertThat(reports).allMatch(WorkReport::ok);
        Dataset<Row> h0 = Fixtures.hour("it_refine", "navigationtiming", "2026-11-22T00");
        assertThat(h0.count()).isEqualTo(gen.get(0).expectedRows()).isEqualTo(reports.get(0).rows());
        assertThat(h0.where("meta.domain = 'canary'").count()).isZero();
        assertThat(h0.select("meta.id").distinct().count()).isEqualTo(h0.count());
        assertThat(h0.where("normalized_host.project_family is null").count()).isZero();
        assertThat(spark.table("it_refine.navigationtiming").columns()).contains("_schema", "year", "month", "day", "hour");

        // done-markers make a second pass cheap; forcing it rewrites the same content
        assertThat(Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS).due()).isZero();
        List<WorkReport> again = Fixtures.reports();
        Fixtures.refine("legacy", raw, routes, state, again, true, 0.05, TransformChain.DEFAULTS);
        assertThat(again).extracting(WorkReport::checksum).isEqualTo(reports.stream().map(WorkReport::checksum).toList());
        assertThat(Fixtures.hour("it_refine", "navigationtiming", "2026-11-22T00").count()).isEqualTo(gen.get(0).expectedRows());
        assertThat(spark.sql("SHOW PARTITIONS it_refine.navigationtiming").count()).isEqualTo(2);

        var parts = new Inspector(new HiveTables(spark)).list(DatabaseName.of("it_refine"), Optional.of("navigationtiming"));
        assertThat(parts).hasSize(2).allSatisfy(p -> {
            assertThat(p.job()).isEqualTo("legacy");
            assertThat(p.action()).isEqualTo("refine");
            assertThat(p.stream()).isEqualTo(NT);
        });
        assertThat(parts.get(0).rows()).isEqualTo(gen.get(0).expectedRows());
    }

    @Test
    void anEpochChangeBeforeCommitAbortsAndLeavesTheOldPartitionIntact(@TempDir Path raw, @TempDir Path state) throws Exception {
        Fixtures.generate(raw, NT, "2026-11-22T05", "2026-11-22T05", 100, 0, 0, 0, 5);
        try (FakeController controller = new FakeController(null)) {
            controller.route("legacy", NT, "it_fence", 1);
            var routes = new ControllerRoutes(new ControllerClient(controller.url(), Optional.empty(), Duration.ofSeconds(5)));
            List<WorkReport> reports = Fixtures.reports();
            Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS);
            assertThat(reports).singleElement().matches(WorkReport::ok);
            var before = new Inspector(new HiveTables(spark)).list(DatabaseName.of("it_fence"), Optional.of("navigationtiming"));

            Fixtures.generate(raw, NT, "2026-11-22T05", "2026-11-22T05", 150, 0, 0, 0, 6);
            controller.epochs.put(NT, 2L); // the controller re-routed after the worker got its route
            routes.clear();
            List<WorkReport> second = Fixtures.reports();
            Fixtures.refine("legacy", raw, routes, state, second, false, 0.05, TransformChain.DEFAULTS);

            assertThat(second).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(WorkReport.Status.ABORTED);
                assertThat(r.error()).contains("epoch").contains("1").contains("2");
            });
            assertThat(Fixtures.hour("it_fence", "navigationtiming", "2026-11-22T05").count()).isEqualTo(100);
            var after = new Inspector(new HiveTables(spark)).list(DatabaseName.of("it_fence"), Optional.of("navigationtiming"));
            assertThat(after).isEqualTo(before);
            Path commits = Path.of(java.net.URI.create(after.get(0).location())).getParent();
            try (Stream<Path> dirs = Files.list(commits)) {
                assertThat(dirs.toList()).as("aborted staging is deleted").hasSize(1);
            }
            assertThat(controller.requests).anyMatch(r -> r.startsWith("GET /v1/epochs?stream=" + NT));
        }
    }

    @Test
    void tooManyCorruptLinesOrAMissingSchemaFailThatHourOnly(@TempDir Path raw, @TempDir Path state) throws Exception {
        Fixtures.generate(raw, NT, "2026-11-22T07", "2026-11-22T07", 200, 0, 0, 0.3, 7);
        Path noSchema = dev.cutover.worker.raw.RawLayout.hourDir(raw, "eventlogging_CentralNoticeImpression",
                dev.cutover.model.Hour.parse("2026-11-22T07"));
        Files.createDirectories(noSchema);
        Files.writeString(noSchema.resolve("part-0.json"), "{\"meta\": {\"id\": \"x\"}}\n");
        Files.writeString(noSchema.resolve("_IMPORTED"), "");
        List<RawGenerator.HourSummary> ok = Fixtures.generate(raw, NT, "2026-11-22T08", "2026-11-22T08", 200, 0, 0, 0.01, 8);
        List<WorkReport> reports = Fixtures.reports();
        RoutedRefine.Summary s = Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_corrupt")),
                state, reports, false, 0.05, TransformChain.DEFAULTS);

        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.ok()).isEqualTo(1);
        WorkReport missing = reports.get(0);
        assertThat(missing.stream()).isEqualTo("eventlogging_CentralNoticeImpression");
        assertThat(missing.status()).isEqualTo(WorkReport.Status.FAILED);
        assertThat(missing.error()).contains("2026-11-22T07").contains("no schema 'analytics/legacy/centralnoticeimpression'");
        WorkReport corrupt = reports.get(1);
        assertThat(corrupt.status()).isEqualTo(WorkReport.Status.FAILED);
        assertThat(corrupt.error()).contains(NT).contains("2026-11-22T07").contains("threshold");
        assertThat(Fixtures.hour("it_corrupt", "navigationtiming", "2026-11-22T07").count()).isZero();
        assertThat(spark.sql("SHOW PARTITIONS it_corrupt.navigationtiming").collectAsList()).hasSize(1);
        assertThat(Fixtures.hour("it_corrupt", "navigationtiming", "2026-11-22T08").count()).isEqualTo(ok.get(0).expectedRows());
    }

    @Test
    void datacenterLayoutGetsOnePartitionPerDatacenterIncludingEmptyOnes(@TempDir Path raw, @TempDir Path state) {
        List<RawGenerator.HourSummary> gen = Fixtures.generate(raw, "mediawiki.page-create", "2026-11-22T09",
                "2026-11-22T09", 100, 0.05, 0, 0, 9);
        Fixtures.generate(raw, "mediawiki.page-delete", "2026-11-22T09", "2026-11-22T09", 1, 0, 1.0, 0, 9);
        List<WorkReport> reports = Fixtures.reports();
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_dc")), state, reports, false, 0.05,
                TransformChain.DEFAULTS);
        assertThat(reports).allMatch(WorkReport::ok);
        assertThat(Fixtures.hour("it_dc", "mediawiki_page_create", "2026-11-22T09").count()).isEqualTo(gen.get(0).expectedRows());
        assertThat(spark.sql("SHOW PARTITIONS it_dc.mediawiki_page_create").collectAsList()).hasSize(2);
        // an hour of only canary events is an empty partition, not a missing one (I2)
        assertThat(spark.sql("SHOW PARTITIONS it_dc.mediawiki_page_delete").collectAsList()).hasSize(2);
        assertThat(Fixtures.hour("it_dc", "mediawiki_page_delete", "2026-11-22T09").count()).isZero();
    }
}
