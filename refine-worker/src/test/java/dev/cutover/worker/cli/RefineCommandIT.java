package dev.cutover.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefineCommandIT {

    private static final String NT = "eventlogging_NavigationTiming";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--config-source", TestSpark.productionConfig().toString(), "--schema-repo",
                TestSpark.schemas().toString()));
        int code = WorkerMain.run(all.toArray(String[]::new), ctx);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refineReportsEachHourAndExitsOneWhenAnHourFailedThenInspectShowsTheWriters(@TempDir Path raw,
                                                                                    @TempDir Path state) throws Exception {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_cli");
        Fixtures.generate(raw, NT, "2026-11-22T14", "2026-11-22T14", 80, 0, 0, 0, 14);
        Fixtures.generate(raw, NT, "2026-11-22T15", "2026-11-22T15", 80, 0, 0, 0.5, 15);
        Fixtures.generate(raw, NT, "2026-11-22T16", "2026-11-22T16", 80, 0, 0, 0, 16);
        Path reportFile = state.resolve("reports.jsonl");

        Run refine = run("refine", "--job", "airflow", "--raw-dir", raw.toString(), "--database", "it_cli",
                "--since", "2026-11-22T14", "--until", "2026-11-22T16", "--stream", "NavigationTiming",
                "--transforms", "remove_canary_events,deduplicate,drop_columns(event.cacheHost)@" + NT,
                "--report-file", reportFile.toString(), "--state-dir", state.toString());

        assertThat(refine.code()).as(refine.err()).isEqualTo(1);
        List<JsonNode> reports = refine.out().lines().map(RefineCommandIT::json).toList();
        assertThat(reports).extracting(r -> r.get("hour").asText() + " " + r.get("status").asText())
                .containsExactly("2026-11-22T14 OK", "2026-11-22T15 FAILED");
        assertThat(reports.get(1).get("error").asText()).contains(NT).contains("2026-11-22T15");
        assertThat(Files.readAllLines(reportFile)).hasSize(2);
        assertThat(refine.err()).contains("refine[airflow]: 1/2 hours").contains("events/s");
        assertThat(TestSpark.get().table("it_cli.navigationtiming").schema().apply("event").dataType().simpleString())
                .doesNotContain("cacheHost");

        Run inspect = run("inspect", "--database", "it_cli", "--stream", NT, "--json");
        assertThat(inspect.code()).isZero();
        JsonNode parts = json(inspect.out());
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).get("job").asText()).isEqualTo("airflow");
        assertThat(parts.get(0).get("action").asText()).isEqualTo("refine");
        assertThat(parts.get(0).get("hour").asText()).isEqualTo("2026-11-22T14");
        assertThat(parts.get(0).get("rows").asLong()).isEqualTo(80);
        assertThat(run("inspect", "--database", "it_cli").out()).contains("navigationtiming").contains("airflow");
    }

    @Test
    void aTruncatedGzipFailsOnlyItsHourWithTheCauseAndTheOtherHoursCommit(@TempDir Path raw, @TempDir Path state) {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_cli_gz");
        Fixtures.generate(raw, NT, "2026-11-22T17", "2026-11-22T19", 60, 0, 0, 0, 17);
        Fixtures.truncateGzip(raw, "2026-11-22T18", 16);

        Run refine = run("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "it_cli_gz",
                "--stream", "NavigationTiming", "--state-dir", state.toString());

        assertThat(refine.code()).as(refine.err()).isEqualTo(1);
        List<JsonNode> reports = refine.out().lines().map(RefineCommandIT::json).toList();
        assertThat(reports).extracting(r -> r.get("hour").asText() + " " + r.get("status").asText())
                .containsExactly("2026-11-22T17 OK", "2026-11-22T18 FAILED", "2026-11-22T19 OK");
        assertThat(reports.get(1).get("error").asText()).contains(NT).contains("2026-11-22T18")
                .containsIgnoringCase("end of input");
        assertThat(TestSpark.get().sql("SHOW PARTITIONS it_cli_gz.navigationtiming").collectAsList())
                .extracting(Object::toString).containsExactly("[year=2026/month=11/day=22/hour=17]",
                        "[year=2026/month=11/day=22/hour=19]");
        assertThat(Fixtures.hour("it_cli_gz", "navigationtiming", "2026-11-22T19").count()).isEqualTo(60);
        assertThat(refine.err()).contains("1 failed");
    }

    @Test
    void badUsageExitsTwoWithAClearMessage(@TempDir Path raw) {
        Run noTarget = run("refine", "--job", "legacy", "--raw-dir", raw.toString());
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--database").contains("--controller");
        Run badDb = run("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "bad-name;drop");
        assertThat(badDb.code()).isEqualTo(2);
        assertThat(badDb.err()).contains("bad-name;drop").contains("not a valid database name");
    }

    @Test
    void aRangeThatSelectsNoHourExitsTwoWithOneLineAndRefinesNothingInRefineAndWork(@TempDir Path raw,
                                                                                @TempDir Path state) {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_cli_empty");
        Fixtures.generate(raw, NT, "2026-11-22T14", "2026-11-22T14", 20, 0, 0, 0, 14);

        Run same = run("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "it_cli_empty",
                "--since", "2026-11-22T14", "--until", "2026-11-22T14", "--state-dir", state.toString());
        assertThat(same.code()).isEqualTo(2);
        assertThat(same.out()).isEmpty();
        assertThat(same.err().lines()).singleElement().asString()
                .isEqualTo("error: --since 2026-11-22T14 --until 2026-11-22T14 selects no hour: --until is exclusive,"
                        + " so the range [2026-11-22T14, 2026-11-22T14) is empty; to refine hour 2026-11-22T14 pass"
                        + " --until 2026-11-22T15 (or a later hour)");
        assertThat(TestSpark.get().catalog().tableExists("it_cli_empty", "navigationtiming")).isFalse();

        Run backwards = run("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "it_cli_empty",
                "--since", "2026-11-22T15", "--until", "2026-11-22T14", "--state-dir", state.toString());
        assertThat(backwards.code()).isEqualTo(2);
        assertThat(backwards.err().lines()).singleElement().asString().contains("selects no hour")
                .doesNotContain("hours due");

        Run work = run("work", "--job", "legacy", "--controller", "http://127.0.0.1:9", "--raw-dir", raw.toString(),
                "--since", "2026-11-22T14", "--until", "2026-11-22T14", "--state-dir", state.toString());
        assertThat(work.code()).isEqualTo(2);
        assertThat(work.err().lines()).singleElement().asString().contains("selects no hour")
                .contains("--until 2026-11-22T15");

        Run oneHour = run("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "it_cli_empty",
                "--since", "2026-11-22T14", "--until", "2026-11-22T15", "--state-dir", state.toString());
        assertThat(oneHour.code()).as(oneHour.err()).isZero();
        assertThat(oneHour.err()).contains("1 hours due, 1 OK");
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(s, e);
        }
    }
}
