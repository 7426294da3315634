package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.copy.HiveHourStorage;
import dev.cutover.worker.copy.PartitionCopier;
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

    @Test
    void anUnreportedHourIsPreservedThenRestoredByCopiesNotRecomputed(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        for (String db : List.of("it_rw_prod", "it_rw_legacy", "it_rw_airflow")) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + db);
        }
        Fixtures.generate(raw, NT, HOUR, HOUR, 50, 0, 0, 0, 41);
        Fixtures.refine("airflow", raw, new FixedDatabaseRoutes(DatabaseName.of("it_rw_prod")), state.resolve("a0"),
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_rw_legacy")), state.resolve("l0"),
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS);
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
}
