package dev.cutover.worker.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.Fixtures;
import dev.cutover.testkit.MutableClock;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.generate.RawGenerator;
import dev.cutover.worker.inspect.Inspector;
import dev.cutover.worker.route.ControllerRoutes;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.work.RoutedRefine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
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
        spark.sql("CREATE DATABASE IF NOT EXISTS it_fence_late");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_retry");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_plain");
    }

    @Test
    void generatedEventsAreRefinedWithoutCanariesOrDuplicatesAndARerunGivesTheSamePartition(@TempDir Path raw,
                                                                                            @TempDir Path state) {
        List<RawGenerator.HourSummary> gen = Fixtures.generate(raw, NT, "2026-11-22T00", "2026-11-22T01", 400, 0.1, 0.1, 0, 3);
        List<RefineReport> reports = Fixtures.reports();
        var routes = new FixedDatabaseRoutes(DatabaseName.of("it_refine"));
        RoutedRefine.Summary first = Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS);

        assertThat(first.ok()).isEqualTo(2);
        assertThat(reports).allMatch(RefineReport::ok);
        Dataset<Row> h0 = Fixtures.hour("it_refine", "navigationtiming", "2026-11-22T00");
        assertThat(h0.count()).isEqualTo(gen.get(0).expectedRows()).isEqualTo(reports.get(0).rows());
        assertThat(h0.where("meta.domain = 'canary'").count()).isZero();
        assertThat(h0.select("meta.id").distinct().count()).isEqualTo(h0.count());
        assertThat(h0.where("normalized_host.project_family is null").count()).isZero();
        assertThat(spark.table("it_refine.navigationtiming").columns()).contains("_schema", "year", "month", "day", "hour");

        // done-markers make a second pass cheap; forcing it rewrites the same content
        assertThat(Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS).due()).isZero();
        List<RefineReport> again = Fixtures.reports();
        Fixtures.refine("legacy", raw, routes, state, again, true, 0.05, TransformChain.DEFAULTS);
        assertThat(again).extracting(RefineReport::checksum).isEqualTo(reports.stream().map(RefineReport::checksum).toList());
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
            var routes = new ControllerRoutes(new ControllerApiClient(controller.url(), Optional.empty(), Duration.ofSeconds(5)));
            List<RefineReport> reports = Fixtures.reports();
            Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS);
            assertThat(reports).singleElement().matches(RefineReport::ok);
            var before = new Inspector(new HiveTables(spark)).list(DatabaseName.of("it_fence"), Optional.of("navigationtiming"));

            Fixtures.generate(raw, NT, "2026-11-22T05", "2026-11-22T05", 150, 0, 0, 0, 6);
            controller.epochs.put(NT, 2L); // the controller re-routed after the worker got its route
            routes.clear();
            List<RefineReport> second = Fixtures.reports();
            Fixtures.refine("legacy", raw, routes, state, second, false, 0.05, TransformChain.DEFAULTS);

            assertThat(second).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(ReportStatus.ABORTED);
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
    void anEpochThatMovesAtTheFenceAfterTheStagedWriteAbortsAndLeavesTheOldPartitionAndTheTableSchemaIntact(
            @TempDir Path raw, @TempDir Path state) throws Exception {
        Fixtures.generate(raw, NT, "2026-11-22T06", "2026-11-22T06", 100, 0, 0, 0, 5);
        DatabaseName db = DatabaseName.of("it_fence_late");
        try (FakeController controller = new FakeController(null)) {
            controller.route("legacy", NT, db.value(), 1);
            var routes = new ControllerRoutes(new ControllerApiClient(controller.url(), Optional.empty(), Duration.ofSeconds(5)));
            List<RefineReport> reports = Fixtures.reports();
            // the first commit has no "wiki" column; the next one would add it
            Fixtures.refine("legacy", raw, routes, state, reports, false, 0.05, TransformChain.DEFAULTS + ",drop_columns(wiki)");
            assertThat(reports).singleElement().matches(RefineReport::ok);
            StructType schemaBefore = spark.table(db + ".navigationtiming").schema();
            assertThat(schemaBefore.fieldNames()).doesNotContain("wiki");
            var before = new Inspector(new HiveTables(spark)).list(db, Optional.of("navigationtiming"));
            Path oldCommit = Path.of(java.net.URI.create(before.get(0).location()));
            Path hourCommits = oldCommit.getParent();

            Fixtures.generate(raw, NT, "2026-11-22T06", "2026-11-22T06", 150, 0, 0, 0, 6);
            RawHour hour = Fixtures.hours(raw).get(0);
            Fence real = routes.fence(NT, 1);
            AtomicInteger calls = new AtomicInteger();
            List<Path> stagedAtFence = new ArrayList<>();
            List<String> stagedFiles = new ArrayList<>();
            Fence flipsOnFirstCheck = () -> {
                if (calls.getAndIncrement() == 0) {
                    try (Stream<Path> dirs = Files.list(hourCommits)) {
                        dirs.filter(d -> !d.equals(oldCommit)).forEach(stagedAtFence::add);
                        for (Path staged : stagedAtFence) {
                            try (Stream<Path> files = Files.list(staged)) {
                                files.forEach(f -> stagedFiles.add(f.getFileName().toString()));
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    controller.epochs.put(NT, 2L); // the controller re-routes while the worker is at its fence
                }
                return real.check();
            };
            Refiner refiner = new Refiner(spark, new StreamSchemas(Fixtures.CONFIG, Fixtures.schemas()), Fixtures.CLOCK, 0.05);
            RefineReport aborted = refiner.refine(new Refiner.Request(hour, "legacy", TransformChain.parse(TransformChain.DEFAULTS),
                    db, 1, flipsOnFirstCheck, null));

            assertThat(aborted.status()).as(String.valueOf(aborted.error())).isEqualTo(ReportStatus.ABORTED);
            assertThat(aborted.error()).contains("epoch").contains("1").contains("2");
            assertThat(calls).hasValue(1);
            assertThat(stagedAtFence).as("the staged write exists when the fence is checked").hasSize(1);
            assertThat(stagedFiles).contains("_COMMIT.json").anyMatch(n -> n.startsWith("part-") && n.endsWith(".parquet"));
            assertThat(stagedAtFence.get(0)).as("aborted staging is deleted").doesNotExist();
            assertThat(spark.table(db + ".navigationtiming").schema()).as("a fenced commit does not evolve the table")
                    .isEqualTo(schemaBefore);
            assertThat(Fixtures.hour(db.value(), "navigationtiming", "2026-11-22T06").count()).isEqualTo(100);
            assertThat(new Inspector(new HiveTables(spark)).list(db, Optional.of("navigationtiming"))).isEqualTo(before);
            try (Stream<Path> dirs = Files.list(hourCommits)) {
                assertThat(dirs.toList()).containsExactly(oldCommit);
            }
        }
    }

    @Test
    void aFailedHourIsNotMarkedDoneSoTheNextRunRetriesIt(@TempDir Path raw, @TempDir Path state) {
        List<RawGenerator.HourSummary> gen = Fixtures.generate(raw, NT, "2026-11-22T03", "2026-11-22T03", 100, 0, 0, 0.3, 4);
        var routes = new FixedDatabaseRoutes(DatabaseName.of("it_retry"));
        RoutedRefine.Summary failed = Fixtures.refine("legacy", raw, routes, state, Fixtures.reports(), false, 0.05,
                TransformChain.DEFAULTS);
        assertThat(failed.failed()).isEqualTo(1);
        assertThat(new DoneMarkers(state).isDone("legacy", Fixtures.hours(raw).get(0), "it_retry", 0)).isFalse();

        // the next run (here with a threshold the operator raised) tries the hour again
        List<RefineReport> reports = Fixtures.reports();
        RoutedRefine.Summary retried = Fixtures.refine("legacy", raw, routes, state, reports, false, 0.5, TransformChain.DEFAULTS);
        assertThat(retried.due()).isEqualTo(1);
        assertThat(reports).singleElement().matches(RefineReport::ok);
        assertThat(reports.get(0).rows()).isEqualTo(gen.get(0).expectedRows());
        assertThat(Fixtures.refine("legacy", raw, routes, state, Fixtures.reports(), false, 0.5, TransformChain.DEFAULTS)
                .due()).as("an OK hour is done").isZero();
    }

    @Test
    void aLongRunningWorkerRetriesAFailedHourAfterABackoffNotEveryRound(@TempDir Path raw, @TempDir Path state) {
        Fixtures.generate(raw, NT, "2026-11-22T04", "2026-11-22T04", 50, 0, 0, 0.5, 4);
        MutableClock clock = new MutableClock(Fixtures.CLOCK.instant());
        Refiner refiner = new Refiner(spark, new StreamSchemas(Fixtures.CONFIG, Fixtures.schemas()), clock, 0.05);
        RoutedRefine routed = new RoutedRefine(refiner, new FixedDatabaseRoutes(DatabaseName.of("it_retry")),
                new DoneMarkers(state), r -> { }, clock, System.err, RoutedRefine.DEFAULT_RETRY);
        List<RawHour> hours = Fixtures.hours(raw);
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);

        assertThat(routed.run("legacy", chain, hours, false).failed()).isEqualTo(1);
        assertThat(routed.run("legacy", chain, hours, false).due()).as("backing off").isZero();
        clock.advance(RoutedRefine.DEFAULT_RETRY.initial().plusSeconds(1));
        assertThat(routed.run("legacy", chain, hours, false).failed()).as("retried after the backoff").isEqualTo(1);
        clock.advance(RoutedRefine.DEFAULT_RETRY.initial().plusSeconds(1));
        assertThat(routed.run("legacy", chain, hours, false).due()).as("the backoff grows").isZero();
        assertThat(routed.run("legacy", chain, hours, true).due()).as("--ignore-done forces it").isEqualTo(1);
    }

    @Test
    void plainJsonLinesAreRefinedEndToEnd(@TempDir Path raw, @TempDir Path state) throws Exception {
        List<RawGenerator.HourSummary> gen = Fixtures.generatePlain(raw, NT, "2026-11-22T02", "2026-11-22T02", 120, 2);
        try (Stream<Path> files = Files.walk(raw)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("part-")))
                    .containsExactly("part-00000.json");
        }
        List<RefineReport> reports = Fixtures.reports();
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_plain")), state, reports, false, 0.05,
                TransformChain.DEFAULTS);
        assertThat(reports).singleElement().matches(RefineReport::ok);
        assertThat(gen.get(0).expectedRows()).isEqualTo(120);
        assertThat(Fixtures.hour("it_plain", "navigationtiming", "2026-11-22T02").count()).isEqualTo(120)
                .isEqualTo(reports.get(0).rows());
        assertThat(Fixtures.hour("it_plain", "navigationtiming", "2026-11-22T02").select("meta.id").distinct().count())
                .isEqualTo(120);
    }

    @Test
    void tooManyCorruptLinesOrAMissingSchemaFailThatHourOnly(@TempDir Path raw, @TempDir Path state) throws Exception {
        Fixtures.generate(raw, NT, "2026-11-22T07", "2026-11-22T07", 200, 0, 0, 0.3, 7);
        Path noSchema = dev.cutover.worker.raw.RawLayout.hourDir(raw, "eventlogging_CentralNoticeImpression",
                dev.cutover.protocol.Hour.parse("2026-11-22T07"));
        Files.createDirectories(noSchema);
        Files.writeString(noSchema.resolve("part-0.json"), "{\"meta\": {\"id\": \"x\"}}\n");
        Files.writeString(noSchema.resolve("_IMPORTED"), "");
        List<RawGenerator.HourSummary> ok = Fixtures.generate(raw, NT, "2026-11-22T08", "2026-11-22T08", 200, 0, 0, 0.01, 8);
        List<RefineReport> reports = Fixtures.reports();
        RoutedRefine.Summary s = Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_corrupt")),
                state, reports, false, 0.05, TransformChain.DEFAULTS);

        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.ok()).isEqualTo(1);
        RefineReport missing = reports.get(0);
        assertThat(missing.stream()).isEqualTo("eventlogging_CentralNoticeImpression");
        assertThat(missing.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(missing.error()).contains("2026-11-22T07").contains("no schema 'analytics/legacy/centralnoticeimpression'");
        RefineReport corrupt = reports.get(1);
        assertThat(corrupt.status()).isEqualTo(ReportStatus.FAILED);
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
        List<RefineReport> reports = Fixtures.reports();
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_dc")), state, reports, false, 0.05,
                TransformChain.DEFAULTS);
        assertThat(reports).allMatch(RefineReport::ok);
        assertThat(Fixtures.hour("it_dc", "mediawiki_page_create", "2026-11-22T09").count()).isEqualTo(gen.get(0).expectedRows());
        assertThat(spark.sql("SHOW PARTITIONS it_dc.mediawiki_page_create").collectAsList()).hasSize(2);
        // an hour of only canary events is an empty partition, not a missing one (I2)
        assertThat(spark.sql("SHOW PARTITIONS it_dc.mediawiki_page_delete").collectAsList()).hasSize(2);
        assertThat(Fixtures.hour("it_dc", "mediawiki_page_delete", "2026-11-22T09").count()).isZero();
    }
}
