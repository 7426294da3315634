package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.streamconfig.DatabaseName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvolveIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int code, JsonNode json, String err) {
    }

    private static Run evolve(Path repo, boolean dryRun) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        String[] args = {"evolve", "--stream", NT, "--database", "it_evolve", "--config-source",
                TestSpark.productionConfig().toString(), "--schema-repo", repo.toString()};
        if (dryRun) {
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--dry-run"))
                    .toArray(String[]::new);
        }
        int code = WorkerMain.run(args, ctx);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isBlank() ? null : JSON.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    private static Path repoWith(Path dir, String version, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path title = Files.createDirectories(dir.resolve("analytics/legacy/navigationtiming"));
        ObjectNode schema = (ObjectNode) JSON.readTree(TestSpark.schemas()
                .resolve("analytics/legacy/navigationtiming/1.7.0.json").toFile());
        edit.accept(schema);
        Files.writeString(title.resolve(version + ".json"), JSON.writeValueAsString(schema));
        return dir;
    }

    @Test
    void dryRunCallsAddedFieldsExpectedAndATypeChangeUnexpectedAndNestedAdditionsApplyOverOldData(
            @TempDir Path added, @TempDir Path retyped, @TempDir Path raw, @TempDir Path state) throws Exception {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_evolve");
        Fixtures.generate(raw, NT, "2026-11-22T13", "2026-11-22T13", 50, 0, 0, 0, 13);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_evolve")), state, Fixtures.reports(),
                false, 0.05, TransformChain.DEFAULTS);

        repoWith(added, "1.8.0", s -> {
            ((ObjectNode) s.at("/properties/event/properties")).putObject("newMetric").put("type", "integer");
            ((ObjectNode) s.get("properties")).putObject("extra_field").put("type", "string");
        });
        Run dry = evolve(added, true);
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.json().get("expected").asBoolean()).isTrue();
        assertThat(dry.json().get("changes").toString()).contains("\"path\":\"event.newMetric\",\"kind\":\"ADD_NESTED_FIELD\"")
                .contains("\"path\":\"extra_field\",\"kind\":\"ADD_COLUMN\"");
        assertThat(dry.err()).contains("ADD COLUMNS (`extra_field` STRING)").contains("CHANGE COLUMN `event`");
        assertThat(spark.table("it_evolve.navigationtiming").columns()).doesNotContain("extra_field");

        repoWith(retyped, "1.8.0", s -> ((ObjectNode) s.at("/properties/event/properties/connectEnd")).put("type", "string"));
        Run bad = evolve(retyped, true);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.json().get("expected").asBoolean()).isFalse();
        JsonNode change = bad.json().get("changes").get(0);
        assertThat(change.get("path").asText()).isEqualTo("event.connectEnd");
        assertThat(change.get("kind").asText()).isEqualTo("CHANGE_TYPE");
        assertThat(change.get("expected").asBoolean()).isFalse();

        Run applied = evolve(added, false);
        assertThat(applied.code()).as(applied.err()).isZero();
        spark.catalog().refreshTable("it_evolve.navigationtiming");
        assertThat(spark.table("it_evolve.navigationtiming").columns()).contains("extra_field");
        assertThat(spark.table("it_evolve.navigationtiming").where("event.newMetric is null and extra_field is null").count())
                .isEqualTo(50);
    }
}
