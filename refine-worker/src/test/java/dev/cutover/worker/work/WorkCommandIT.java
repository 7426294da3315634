package dev.cutover.worker.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkCommandIT {

    private static final String NT = "eventlogging_NavigationTiming";

    @Test
    void oneProcessRefinesBothJobsRunsTheWorkListAndStopsWhenIdle(@TempDir Path raw, @TempDir Path state) throws Exception {
        var spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_work_prod");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_work_shadow");
        Fixtures.generate(raw, NT, "2026-11-22T10", "2026-11-22T11", 150, 0.05, 0.05, 0, 10);
        Path token = Files.writeString(state.resolve("token"), "s3cret\n");
        try (FakeController controller = new FakeController("s3cret")) {
            controller.route("legacy", NT, "it_work_prod", 3);
            controller.route("airflow", NT, "it_work_shadow", 3);
            controller.work.put("airflow", List.of(new WorkItem("w-1", NT, Hour.parse("2026-11-22T10"), WorkAction.COMPARE,
                    "it_work_prod", "it_work_shadow", 3), new WorkItem("w-2", NT, Hour.parse("2026-11-22T11"),
                    WorkAction.DROP, "it_work_shadow", null, 3)));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            WorkerContext ctx = new WorkerContext(System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
                    Fixtures.CLOCK, s -> spark);
            int code = WorkerMain.run(new String[] {"work", "--job", "legacy", "--job", "airflow", "--controller",
                    controller.url().toString(), "--token-file", token.toString(), "--raw-dir", raw.toString(),
                    "--until-idle", "--poll-interval", "10ms", "--max-rounds", "5", "--state-dir", state.toString(),
                    "--config-source", TestSpark.productionConfig().toString(), "--schema-repo",
                    TestSpark.schemas().toString()}, ctx);

            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            List<RefineReport> refines = controller.reports.stream().filter(RefineReport.class::isInstance)
                    .map(RefineReport.class::cast).toList();
            assertThat(refines).hasSize(4).allMatch(Report::ok).allMatch(r -> r.id() == null && r.epoch() == 3);
            assertThat(refines).extracting(Report::job).containsOnly("legacy", "airflow");
            Report compare = controller.reports.stream().filter(r -> "w-1".equals(r.id())).findFirst().orElseThrow();
            assertThat(compare).isInstanceOfSatisfying(CompareReport.class, c -> {
                assertThat(c.verdict()).isEqualTo(Verdict.PASS);
                assertThat(c.from()).isEqualTo("it_work_shadow");
                assertThat(c.detail().left().rows()).isPositive();
            });
            Report drop = controller.reports.stream().filter(r -> "w-2".equals(r.id())).findFirst().orElseThrow();
            assertThat(drop.ok()).isTrue();
            assertThat(drop.action()).isEqualTo(WorkAction.DROP);
            assertThat(spark.sql("SHOW PARTITIONS it_work_shadow.navigationtiming").count()).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("round 2: 0 hours due, 0 work items");
            assertThat(state.resolve("refined/airflow/" + NT + "/2026-11-22T10.json")).exists();
            assertThat(controller.requests).anyMatch(r -> r.startsWith("GET /v1/epochs"));
        }
    }
}
