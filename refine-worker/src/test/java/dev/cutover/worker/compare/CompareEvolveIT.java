package dev.cutover.worker.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

        JsonNode added = comparer.compare(NT, hour, DatabaseName.of("it_ev_added"), DatabaseName.of("it_ev_prod"))
                .detail().get("evolve");
        assertThat(added.get("database").asText()).isEqualTo("it_ev_prod");
        assertThat(added.get("to_schema_of").asText()).isEqualTo("it_ev_added");
        assertThat(added.get("expected").asBoolean()).isTrue();
        assertThat(added.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("path").asText()).isEqualTo("normalized_host");
            assertThat(c.get("kind").asText()).isEqualTo("ADD_COLUMN");
        });
        assertThat(added.get("ddl").get(0).asText()).startsWith("ALTER TABLE `it_ev_prod`.`navigationtiming` ADD COLUMNS");

        JsonNode dropped = comparer.compare(NT, hour, DatabaseName.of("it_ev_dropped"), DatabaseName.of("it_ev_prod"))
                .detail().get("evolve");
        assertThat(dropped.get("expected").asBoolean()).isFalse();
        assertThat(dropped.get("changes")).anySatisfy(c -> {
            assertThat(c.get("path").asText()).isEqualTo("wiki");
            assertThat(c.get("kind").asText()).isEqualTo("MISSING_FIELD");
            assertThat(c.get("expected").asBoolean()).isFalse();
        });

        JsonNode same = comparer.compare(NT, hour.next(), DatabaseName.of("it_ev_prod"), DatabaseName.of("it_ev_prod"))
                .detail().get("evolve");
        assertThat(same.get("changes")).isEmpty();
        assertThat(same.get("expected").asBoolean()).isTrue();
    }
}
