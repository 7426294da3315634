package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.compare.Comparer;
import dev.cutover.worker.copy.HiveHourStorage;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routed pass over a real Hive metastore after a rollback of an hour the controller never heard of: production
 * holds airflow's output, legacy's shadow holds legacy's. Legacy waits, airflow preserves its output by a copy (the
 * copy's recorded checksum equals production's, so legacy sees it preserved), legacy restores by a copy.
 */
class RoutedWriteIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String HOUR = "2026-11-22T05";
    private static final Databases DBS = new Databases("it_rw_prod",
            Map.of("legacy", "it_rw_legacy", "airflow", "it_rw_airflow"));

    /**
     * The hour after a rollback the controller never heard of: airflow's output in production, legacy's in its
     * shadow (both refined from the same generated raw hour, {@code seed}).
     */
    private static SparkSession rolledBackWithoutReports(Databases dbs, Path raw, Path state, long seed) {
        SparkSession spark = TestSpark.get();
        String production = dbs.production();
        String legacyShadow = dbs.shadowOf("legacy").orElseThrow();
        for (String db : List.of(production, legacyShadow, dbs.shadowOf("airflow").orElseThrow())) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + db);
        }
        Fixtures.generate(raw, NT, HOUR, HOUR, 50, 0, 0, 0, seed);
        Fixtures.refine("airflow", raw, new FixedDatabaseRoutes(DatabaseName.of(production)), state.resolve("a0"),
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of(legacyShadow)), state.resolve("l0"),
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS);
        return spark;
    }

    @Test
    void anUnreportedHourIsPreservedThenRestoredByCopiesNotRecomputed(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = rolledBackWithoutReports(DBS, raw, state, 41);
        Hour hour = Hour.parse(HOUR);
        HiveHourStorage storage = new HiveHourStorage(spark, Fixtures.CLOCK, new PartitionCopier(spark, Fixtures.CLOCK));
        RoutedWrite.Held airflowOutput = storage.held("it_rw_prod", NT, hour).orElseThrow();
        assertThat(airflowOutput.job()).isEqualTo("airflow");

        RouteProvider rolledBack = new RolledBackRoutes("it_rw_prod", "it_rw_airflow", 3);
        List<Report> reports = new ArrayList<>();
        Refiner refiner = new Refiner(spark, new StreamSchemas(Fixtures.CONFIG, Fixtures.schemas()), Fixtures.CLOCK,
                0.05);
        RoutedRefine routed = new RoutedRefine(refiner::refine, rolledBack, new DoneMarkers(state.resolve("r")),
                reports::add, Fixtures.CLOCK, System.err, RoutedRefine.DEFAULT_RETRY, storage, DBS);
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);

        assertThat(routed.run("legacy", chain, Fixtures.hours(raw), false).due()).as("legacy waits").isZero();
        assertThat(storage.held("it_rw_prod", NT, hour)).contains(airflowOutput);

        routed.run("airflow", chain, Fixtures.hours(raw), false);
        assertThat(storage.held("it_rw_airflow", NT, hour)).hasValueSatisfying(h -> {
            assertThat(h.job()).isEqualTo("airflow");
            assertThat(h.checksum()).as("preserved as it was").isEqualTo(airflowOutput.checksum());
        });

        routed.run("legacy", chain, Fixtures.hours(raw), false);
        RoutedWrite.Held legacyShadow = storage.held("it_rw_legacy", NT, hour).orElseThrow();
        assertThat(storage.held("it_rw_prod", NT, hour)).contains(new RoutedWrite.Held("legacy", 3,
                legacyShadow.checksum()));
        assertThat(reports).extracting(Report::job, Report::action, Report::database).containsExactly(
                tuple("airflow", WorkAction.COPY, "it_rw_airflow"),
                tuple("legacy", WorkAction.COPY, "it_rw_prod"));
        assertThat(reports.get(1)).isInstanceOfSatisfying(CopyReport.class,
                c -> assertThat(c.from()).isEqualTo("it_rw_legacy"));
    }

    /**
     * The same hour through the controller's work items, which are planned from the reports it received (found by
     * the simulation, seed 8: reports lost while the controller was down, then made stale by the rollback). A
     * restore copy listed over the new job's unreported production output waits until that output is preserved; a
     * refine listed for legacy while its shadow holds its output (a report the controller never got) is done as a
     * copy, not a recompute.
     */
    @Test
    void workItemsPlannedWithoutTheUnreportedOutputWaitForItsPreservationAndCopyInsteadOfRecomputing(
            @TempDir Path raw, @TempDir Path state) {
        Databases dbs = new Databases("it_rw_wprod", Map.of("legacy", "it_rw_wlegacy", "airflow", "it_rw_wairflow"));
        SparkSession spark = rolledBackWithoutReports(dbs, raw, state, 43);
        Hour hour = Hour.parse(HOUR);
        PartitionCopier copier = new PartitionCopier(spark, Fixtures.CLOCK);
        HiveHourStorage storage = new HiveHourStorage(spark, Fixtures.CLOCK, copier);
        RoutedWrite.Held airflowOutput = storage.held("it_rw_wprod", NT, hour).orElseThrow();
        RouteProvider rolledBack = new RolledBackRoutes("it_rw_wprod", "it_rw_wairflow", 3);
        Refiner refiner = new Refiner(spark, new StreamSchemas(Fixtures.CONFIG, Fixtures.schemas()), Fixtures.CLOCK,
                0.05);
        RoutedRefine routed = new RoutedRefine(refiner::refine, rolledBack, new DoneMarkers(state.resolve("r")),
                r -> true, Fixtures.CLOCK, System.err, RoutedRefine.DEFAULT_RETRY, storage, dbs);
        WorkExecutor executor = new WorkExecutor(refiner, new Comparer(spark, Fixtures.CLOCK), copier,
                new RawLayout(raw, Fixtures.CONFIG), rolledBack, routed, Fixtures.CLOCK);
        TransformChain chain = TransformChain.parse(TransformChain.DEFAULTS);

        Report restore = executor.execute("legacy", chain, new WorkItem("w-1", NT, hour, WorkAction.COPY,
                "it_rw_wprod", "it_rw_wlegacy", 3));
        assertThat(restore.status()).isEqualTo(ReportStatus.ABORTED);
        assertThat(restore.error()).contains("waits: it_rw_wprod holds airflow's output of the hour",
                "not yet preserved in it_rw_wairflow");
        assertThat(storage.held("it_rw_wprod", NT, hour)).as("nothing overwritten").contains(airflowOutput);

        Report rerun = executor.execute("legacy", chain, new WorkItem("w-2", NT, hour, WorkAction.REFINE,
                "it_rw_wprod", null, 3));
        assertThat(rerun.status()).as("a refine item waits too").isEqualTo(ReportStatus.ABORTED);

        Report preserve = executor.execute("airflow", chain, new WorkItem("w-3", NT, hour, WorkAction.COPY,
                "it_rw_wairflow", "it_rw_wprod", 3));
        assertThat(preserve.ok()).as(String.valueOf(preserve.error())).isTrue();

        Report restored = executor.execute("legacy", chain, new WorkItem("w-4", NT, hour, WorkAction.REFINE,
                "it_rw_wprod", null, 3));
        assertThat(restored).as("legacy's shadow holds its output: copied, not recomputed")
                .isInstanceOfSatisfying(CopyReport.class, c -> {
                    assertThat(c.ok()).as(String.valueOf(c.error())).isTrue();
                    assertThat(c.from()).isEqualTo("it_rw_wlegacy");
                    assertThat(c.id()).isEqualTo("w-4");
                });
        RoutedWrite.Held legacyShadow = storage.held("it_rw_wlegacy", NT, hour).orElseThrow();
        assertThat(storage.held("it_rw_wprod", NT, hour)).contains(new RoutedWrite.Held("legacy", 3,
                legacyShadow.checksum()));
    }
}
