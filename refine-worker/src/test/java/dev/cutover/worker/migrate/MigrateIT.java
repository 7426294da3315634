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
        JsonNode first = migrate(dir);
        assertThat(first.get("applied").toString()).contains("V1 databases");
        JsonNode second = migrate(dir);
        assertThat(second.get("applied")).isEmpty();
        assertThat(second.get("already_applied").toString()).contains("V1 databases");
        var spark = TestSpark.get();
        assertThat(spark.catalog().databaseExists("event")).isTrue();
        assertThat(spark.catalog().databaseExists("event_airflow")).isTrue();
        assertThat(spark.catalog().databaseExists("event_systemd")).isTrue();
        assertThat(spark.table("cutover_meta.schema_migrations").count()).isEqualTo(1);
    }

    @Test
    void splitsStatementsAndSkipsComments() {
        assertThat(Migrator.statements("-- c\nCREATE DATABASE a;\nCREATE DATABASE b COMMENT 'x;y';\n"))
                .containsExactly("CREATE DATABASE a", "CREATE DATABASE b COMMENT 'x;y'");
    }
}
