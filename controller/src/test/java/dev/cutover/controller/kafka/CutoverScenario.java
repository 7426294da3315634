package dev.cutover.controller.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.http.FakeWorker;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One stream (NavigationTiming) driven through a cutover by a fake worker over real HTTP, for the Kafka control
 * plane ITs: the config and plan files, the controller options, waits (Awaitility) and an API snapshot.
 * Reports are applied asynchronously on Kafka (produced, then consumed), so every step waits for its effect.
 */
final class CutoverScenario {

    static final String NAV = "eventlogging_NavigationTiming";
    static final Hour H0 = Hour.parse("2026-11-20T00");

    private final Path dir;

    CutoverScenario(Path dir) throws IOException {
        this.dir = dir;
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"),
                dir.resolve("streams.json"));
        Files.writeString(dir.resolve("plan.yaml"), """
                cluster: kafka-test
                order: [eventlogging_NavigationTiming]
                canary: {consecutive_pass_hours: 2, window_hours: 24}
                auto_promote: false
                """);
    }

    Path configFile() {
        return dir.resolve("streams.json");
    }

    Path planFile() {
        return dir.resolve("plan.yaml");
    }

    /** Shared by every replica: the flag is written here (by a person in these tests). */
    Path overrideFile() {
        return dir.resolve("overrides.json");
    }

    /** {@code ./cutover controller} options of one replica (its own state dir) on these Kafka settings. */
    List<String> controllerArgs(String replica, KafkaSettings kafka) {
        return new ArrayList<>(List.of("--config-source", configFile().toString(), "--plan", planFile().toString(),
                "--state-dir", dir.resolve(replica).toString(), "--override-file", overrideFile().toString(),
                "--host", "127.0.0.1", "--port", "0", "--poll-interval", "200ms",
                "--kafka-bootstrap", kafka.bootstrap(), "--kafka-routes-topic", kafka.routesTopic(),
                "--kafka-events-topic", kafka.eventsTopic(), "--kafka-reports-topic", kafka.reportsTopic(),
                "--kafka-leader-topic", kafka.leaderTopic(), "--kafka-group", kafka.group(),
                "--kafka-property", "client.dns.lookup=use_all_dns_ips"));
    }

    /** Waits up to {@code timeout} for {@code what}, asking every 50 ms (the controller applies reports async). */
    static ConditionFactory waitingFor(String what, Duration timeout) {
        return await(what).atMost(timeout).pollInterval(Duration.ofMillis(50));
    }

    static ConditionFactory waitingFor(String what) {
        return waitingFor(what, Duration.ofSeconds(60));
    }

    static String role(ApiClient api) {
        ApiClient.Response ready = api.get("/ready");
        return ready.status() == 200 ? ready.json().path("role").asText() : "not ready";
    }

    static String phase(ApiClient api) {
        return api.get("/v1/streams/" + NAV).json().path("phase").asText();
    }

    /**
     * Three PASS hours in shadow, then the flag set to production: the stream stops in CUTOVER at cutover hour
     * H0+3, its rerun by the new job listed but not done yet (a cutover in flight).
     */
    void driveIntoCutover(ApiClient api, KafkaSettings kafka) {
        FakeWorker worker = new FakeWorker(api.base(), api.token(), (s, h) -> Verdict.PASS);
        waitingFor("the stream is managed").until(() -> api.get("/v1/streams/" + NAV).status() == 200);
        for (int h = 0; h < 3; h++) {
            Hour hour = H0.plusHours(h);
            for (String job : List.of("legacy", "airflow")) {
                worker.refine(job, NAV, hour);
            }
            waitingFor("compare of " + hour)
                    .until(() -> api.get("/v1/work?job=airflow").json().path("items").size() > 0);
            worker.runWork("airflow");
            int verdicts = h + 1;
            waitingFor("verdict of " + hour)
                    .until(() -> api.get("/v1/streams/" + NAV).json().path("verdicts").size() == verdicts);
        }
        OverrideLayer.open(overrideFile(), Clock.systemUTC())
                .set(NAV, CutoverSettings.DEFAULTS.flagPointer(), TextNode.valueOf("event"), "erin", "T7");
        waitingFor("cutover").until(() -> phase(api).equals("CUTOVER"));
        worker.refine("legacy", NAV, H0.plusHours(3));
        waitingFor("every report applied").until(() -> reportsApplied(kafka));
    }

    /** Whether the active controller applied every report on the topic (its reports group has no lag). */
    static boolean reportsApplied(KafkaSettings kafka) {
        TopicPartition reports = new TopicPartition(kafka.reportsTopic(), 0);
        try (Admin admin = Admin.create(kafka.client(Map.of()))) {
            long end = admin.listOffsets(Map.of(reports, OffsetSpec.latest())).partitionResult(reports)
                    .get(10, TimeUnit.SECONDS).offset();
            OffsetAndMetadata applied = admin.listConsumerGroupOffsets(KafkaReportConsumer.groupId(kafka))
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(reports);
            return applied != null && applied.offset() >= end;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the reports lag: " + e.getMessage(), e);
        }
    }

    /** Options as {@code ControllerConfig.fromMap} takes them (what {@code ./cutover controller} builds). */
    Map<String, String> controllerOptions(String replica, KafkaSettings kafka) {
        List<String> args = controllerArgs(replica, kafka);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            options.merge(args.get(i).substring(2), args.get(i + 1), (a, b) -> a + "\n" + b);
        }
        return options;
    }

    /** Finishes the cutover in flight: the new job refines the cutover hour into production; PROMOTED. */
    void finishCutover(ApiClient api) {
        new FakeWorker(api.base(), api.token(), (s, h) -> Verdict.PASS).refine("airflow", NAV, H0.plusHours(3));
        waitingFor("the cutover completes").until(() -> phase(api).equals("PROMOTED"));
    }

    /** What a worker and an operator see: routes per job and hour, the stream, work lists and epoch. */
    static Map<String, JsonNode> snapshot(ApiClient api) {
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

    static ApiClient client(String url) {
        return new ApiClient(url, Optional.empty());
    }
}
