package dev.cutover.worker.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrateIT {

    private static JsonNode migrate(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Fixtures.CLOCK, s -> TestSpark.get());
        assertThat(WorkerMain.run(new String[] {"migrate", "--migrations-dir", dir.toString()}, ctx)).isZero();
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void appliesTheRepositoryMigrationsOnceAndASecondRunDoesNothing() throws Exception {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../migrations/hive").normalize();
        var spark = TestSpark.get();
        // TestSpark (and possibly an earlier test) created them: start from a metastore without them, so the
        // checks below see what migrate did. Other tests are unaffected: migrate creates them again.
        for (String db : List.of("event", "event_airflow", "event_systemd", "cutover_meta")) {
            spark.sql("DROP DATABASE IF EXISTS `" + db + "` CASCADE");
            assertThat(spark.catalog().databaseExists(db)).isFalse();
        }
        JsonNode first = migrate(dir);
        assertThat(first.get("applied").toString()).contains("V1 databases");
        JsonNode second = migrate(dir);
        assertThat(second.get("applied")).isEmpty();
        assertThat(second.get("already_applied").toString()).contains("V1 databases");
        assertThat(spark.catalog().databaseExists("event")).isTrue();
        assertThat(spark.catalog().databaseExists("event_airflow")).isTrue();
        assertThat(spark.catalog().databaseExists("event_systemd")).isTrue();
        assertThat(spark.catalog().getDatabase("event").description()).contains("production");
        assertThat(spark.catalog().getDatabase("event_systemd").description()).contains("legacy");
        assertThat(spark.table("cutover_meta.schema_migrations").count()).isEqualTo(1);
    }

    @Test
    void splitsStatementsAndSkipsComments() {
        assertThat(Migrator.statements("-- c\nCREATE DATABASE a;\nCREATE DATABASE b COMMENT 'x;y';\n"))
                .containsExactly("CREATE DATABASE a", "CREATE DATABASE b COMMENT 'x;y'");
    }
}
