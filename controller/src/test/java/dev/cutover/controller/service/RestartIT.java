package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.http.FakeWorker;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kills the controller process (SIGKILL) mid-cutover and shows identical routes after the restart. */
class RestartIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final Hour H0 = Hour.parse("2026-11-20T00");

    @TempDir
    Path dir;

    private List<String> args() throws Exception {
        Path config = dir.resolve("streams.json");
        if (!Files.exists(config)) {
            Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
            Files.writeString(dir.resolve("plan.yaml"), """
                    cluster: restart-test
                    order: [eventlogging_NavigationTiming]
                    canary: {consecutive_pass_hours: 2, window_hours: 24}
                    auto_promote: false
                    override_layer: overrides.json
                    """);
        }
        return List.of("--config-source", config.toString(), "--plan", dir.resolve("plan.yaml").toString(),
                "--state-dir", dir.resolve("state").toString(), "--host", "127.0.0.1", "--port", "0",
                "--poll-interval", "200ms");
    }

    /** Waits for {@code what} (the controller runs in another process: its API is asked every 50 ms). */
    private static ConditionFactory waitingFor(String what) {
        return await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    private static Map<String, JsonNode> snapshot(ApiClient api) {
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        for (int h = 0; h <= 5; h++) {
            for (String job : List.of("legacy", "airflow")) {
                String path = "/v1/routes?job=" + job + "&hour=" + H0.plusHours(h);
                seen.put(path, api.get(path).json());
            }
        }
        seen.put("stream", api.get("/v1/streams/" + NAV).json());
        seen.put("work-legacy", api.get("/v1/work?job=legacy").json());
        seen.put("work-airflow", api.get("/v1/work?job=airflow").json());
        seen.put("epochs", api.get("/v1/epochs?stream=" + NAV).json());
        return seen;
    }

    @Test
    void routesAreIdenticalAfterTheControllerIsKilledMidCutover() throws Exception {
        Map<String, JsonNode> before;
        try (ControllerProcess first = ControllerProcess.start(args())) {
            ApiClient api = new ApiClient(first.url(), Optional.empty());
            FakeWorker worker = new FakeWorker(api.base(), api.token(), (s, h) -> Verdict.PASS);
            waitingFor("ready").until(() -> api.get("/ready").status() == 200);
            for (int h = 0; h < 3; h++) {
                int hour = h;
                for (String job : List.of("legacy", "airflow")) {
                    worker.refine(job, NAV, H0.plusHours(hour));
                }
                waitingFor("compare item")
                        .until(() -> api.get("/v1/work?job=airflow").json().path("items").size() > 0);
                worker.runWork("airflow");
            }
            OverrideLayer.open(dir.resolve("state/overrides.json"), Clock.systemUTC())
                    .set(NAV, CutoverSettings.DEFAULTS.flagPointer(), TextNode.valueOf("event"), "erin", "T7");
            waitingFor("cutover")
                    .until(() -> api.get("/v1/streams/" + NAV).json().path("phase").asText().equals("CUTOVER"));
            worker.refine("legacy", NAV, H0.plusHours(3));
            waitingFor("verdicts settled")
                    .until(() -> api.get("/v1/streams/" + NAV).json().path("verdicts").size() == 3);
            before = snapshot(api);
            assertThat(before.get("stream").path("phase").asText()).as("mid-cutover: H not rerun yet")
                    .isEqualTo("CUTOVER");
            assertThat(before.get("epochs").path("epoch").asLong()).isEqualTo(2);
            first.kill();
        }

        try (ControllerProcess second = ControllerProcess.start(args())) {
            ApiClient api = new ApiClient(second.url(), Optional.empty());
            waitingFor("ready after restart").until(() -> api.get("/ready").status() == 200);
            Map<String, JsonNode> after = snapshot(api);
            assertThat(after).isEqualTo(before);

            new FakeWorker(api.base(), api.token(), (s, h) -> Verdict.PASS).refine("airflow", NAV, H0.plusHours(3));
            waitingFor("the cutover completes after the restart")
                    .until(() -> api.get("/v1/streams/" + NAV).json().path("phase").asText().equals("PROMOTED"));
        }
    }
}
