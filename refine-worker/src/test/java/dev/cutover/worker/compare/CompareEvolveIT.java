package dev.cutover.worker.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compare report carries the preflight's dry run: how the right (production) table would evolve to the
 * schema the left (new job's) table holds. An added column is expected; a dropped one is not.
 */
class CompareEvolveIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String HOUR = "2026-11-22T07";

    @Test
    void anAddedColumnIsAnExpectedChangeAndADroppedOneIsNot(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        for (String db : new String[] {"it_ev_prod", "it_ev_added", "it_ev_dropped"}) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + db);
        }
        Fixtures.generate(raw, NT, HOUR, HOUR, 40, 0, 0, 0, 31);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_ev_prod")), state, Fixtures.reports(),
                false, 0.05, "remove_canary_events,deduplicate");
        Fixtures.refine("airflow", raw, new FixedDatabaseRoutes(DatabaseName.of("it_ev_added")), state,
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS);
        Fixtures.refine("airflow", raw, new FixedDatabaseRoutes(DatabaseName.of("it_ev_dropped")), state,
                Fixtures.reports(), false, 0.05, "remove_canary_events,deduplicate,drop_columns(wiki)");
        Comparer comparer = new Comparer(spark, Fixtures.CLOCK);
        Hour hour = Hour.parse(HOUR);

        EvolvePlan added = comparer.compare(NT, hour, DatabaseName.of("it_ev_added"), DatabaseName.of("it_ev_prod"))
                .detail().evolve();
        assertThat(added.database()).isEqualTo("it_ev_prod");
        assertThat(added.toSchemaOf()).isEqualTo("it_ev_added");
        assertThat(added.expected()).isTrue();
        assertThat(added.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("normalized_host");
            assertThat(c.kind()).isEqualTo(EvolvePlan.Kind.ADD_COLUMN);
        });
        assertThat(added.ddl().get(0)).startsWith("ALTER TABLE `it_ev_prod`.`navigationtiming` ADD COLUMNS");

        EvolvePlan dropped = comparer.compare(NT, hour, DatabaseName.of("it_ev_dropped"), DatabaseName.of("it_ev_prod"))
                .detail().evolve();
        assertThat(dropped.expected()).isFalse();
        assertThat(dropped.changes()).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("wiki");
            assertThat(c.kind()).isEqualTo(EvolvePlan.Kind.MISSING_FIELD);
            assertThat(c.expected()).isFalse();
        });

        EvolvePlan same = comparer.compare(NT, hour.next(), DatabaseName.of("it_ev_prod"), DatabaseName.of("it_ev_prod"))
                .detail().evolve();
        assertThat(same.changes()).isEmpty();
        assertThat(same.expected()).isTrue();
    }
}
