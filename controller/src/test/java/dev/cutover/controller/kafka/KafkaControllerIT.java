package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.TestBatches;
import dev.cutover.testkit.KafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.http.FakeWorker;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.service.ControllerConfig;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cutover.controller.kafka.CutoverScenario.H0;
import static dev.cutover.controller.kafka.CutoverScenario.NAV;
import static dev.cutover.controller.kafka.CutoverScenario.waitingFor;
import static dev.cutover.controller.kafka.CutoverScenario.client;
import static dev.cutover.controller.kafka.CutoverScenario.role;
import static dev.cutover.controller.kafka.CutoverScenario.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller service on the Kafka control plane (in this JVM, against the shared real broker). */
@ExtendWith(KafkaBroker.class)
class KafkaControllerIT {

    @TempDir
    Path dir;

    private ControllerService start(CutoverScenario scenario, String replica, KafkaSettings kafka) throws Exception {
        return ControllerService.start(ControllerConfig.fromMap(scenario.controllerOptions(replica, kafka)),
                Clock.systemUTC());
    }

    @Test
    void routesSurviveAControllerRestart() throws Exception {
        CutoverScenario scenario = new CutoverScenario(dir);
        KafkaSettings kafka = TestTopics.settings("restart");
        Map<String, JsonNode> before;
        try (ControllerService first = start(scenario, "first", kafka)) {
            ApiClient api = client(first.url());
            waitingFor("the only replica is elected").until(() -> role(api).equals("active"));
            scenario.driveIntoCutover(api, kafka);
            before = snapshot(api);
            assertThat(before.get("epochs").path("epoch").asLong()).isEqualTo(2);
        }
        try (ControllerService second = start(scenario, "second", kafka)) {
            ApiClient api = client(second.url());
            waitingFor("the restarted replica is elected").until(() -> role(api).equals("active"));
            assertThat(snapshot(api)).isEqualTo(before);
            scenario.finishCutover(api);
        }
    }

    /** The {@code cutover_reports} count for refine reports with status OK on this replica (0 when none yet). */
    private static double refinesCounted(ApiClient api) {
        for (String line : api.get("/metrics").text().split("\n")) {
            if (line.startsWith("cutover_reports_total{action=\"refine\",status=\"OK\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void reportsProducedWhileNoControllerRunsAreAllAppliedLaterAndCountedOnce() throws Exception {
        CutoverScenario scenario = new CutoverScenario(dir);
        KafkaSettings kafka = TestTopics.settings("offline-reports");
        long epoch;
        try (ControllerService first = start(scenario, "first", kafka)) {
            ApiClient api = client(first.url());
            waitingFor("the stream is managed")
                    .until(() -> role(api).equals("active") && api.get("/v1/streams/" + NAV).status() == 200);
            epoch = api.get("/v1/epochs?stream=" + NAV).json().path("epoch").asLong();
            waitingFor("the reports group marks where this controller began")
                    .until(() -> CutoverScenario.reportsApplied(kafka));
        }
        List<Report> reports = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            reports.add(FakeWorker.refineReport(null, "legacy", NAV, H0.plusHours(h), "event", epoch));
            reports.add(FakeWorker.refineReport(null, "airflow", NAV, H0.plusHours(h), "event_airflow", epoch));
        }
        try (KafkaReportSink sink = new KafkaReportSink(kafka, Clock.systemUTC(), "offline-worker")) {
            assertThat(sink.send(reports)).hasSize(8);
        }
        try (ControllerService second = start(scenario, "second", kafka)) {
            ApiClient api = client(second.url());
            waitingFor("elected").until(() -> role(api).equals("active"));
            waitingFor("four compares listed")
                    .until(() -> api.get("/v1/work?job=airflow").json().path("items").size() == 4);
            List<String> compared = new ArrayList<>();
            api.get("/v1/work?job=airflow").json().path("items").forEach(item -> {
                assertThat(item.path("action").asText()).isEqualTo("compare");
                compared.add(item.path("hour").asText());
            });
            assertThat(compared).containsExactly("2026-11-20T00", "2026-11-20T01", "2026-11-20T02", "2026-11-20T03");
            waitingFor("the 8 reports no controller had applied are counted").until(() -> refinesCounted(api) == 8);

            try (KafkaReportSink sink = new KafkaReportSink(kafka, Clock.systemUTC(), "live-worker")) {
                sink.send(List.of(FakeWorker.refineReport(null, "legacy", NAV, H0.plusHours(4), "event", epoch)));
            }
            waitingFor("a report produced straight to the topic is counted once applied")
                    .until(() -> refinesCounted(api) == 9);
            assertThat(api.post("/v1/reports", FakeWorker.refineReport(null, "airflow", NAV,
                    H0.plusHours(4), "event_airflow", epoch)).status()).isEqualTo(202);
            waitingFor("a report posted over HTTP is counted once applied").until(() -> refinesCounted(api) == 10);
        }
        try (ControllerService third = start(scenario, "third", kafka)) {
            ApiClient api = client(third.url());
            waitingFor("elected").until(() -> role(api).equals("active"));
            try (KafkaReportSink sink = new KafkaReportSink(kafka, Clock.systemUTC(), "live-worker")) {
                sink.send(List.of(FakeWorker.refineReport(null, "legacy", NAV, H0.plusHours(5), "event", epoch)));
            }
            waitingFor("the new report is applied").until(() -> refinesCounted(api) > 0);
            assertThat(refinesCounted(api)).as("only the new report: those an earlier controller applied are not"
                    + " counted again").isEqualTo(1);
        }
    }

    @Test
    void aFencedControllerStepsDownAndRestoresFromTheTopicsBeforeWritingAgain() throws Exception {
        CutoverScenario scenario = new CutoverScenario(dir);
        KafkaSettings kafka = TestTopics.settings("fenced");
        try (ControllerService controller = start(scenario, "zombie", kafka)) {
            ApiClient api = client(controller.url());
            waitingFor("the stream is managed")
                    .until(() -> role(api).equals("active") && api.get("/v1/streams/" + NAV).status() == 200);
            KafkaRouteLog intruder = new KafkaRouteLog(kafka, Clock.systemUTC());
            StreamState managed = intruder.restore().routes().get(NAV);
            StreamState marked = managed.withProblems(List.of("written by the intruder"));
            intruder.append(TestBatches.batch(List.of(marked), List.of(new AuditEvent(1000, Instant.now(), NAV,
                    "intruder", "marked the stream", "fencing test", null)), List.of()));

            // The controller still believes it is active; its next write is rejected by Kafka.
            OverrideLayer.open(scenario.overrideFile(), Clock.systemUTC())
                    .set(NAV, CutoverSettings.DEFAULTS.flagPointer(), TextNode.valueOf("event"), "erin", "T7");

            waitingFor("the fenced controller restored what the intruder wrote")
                    .until(() -> api.get("/v1/events").json().path("events").findValuesAsText("who")
                            .contains("intruder"));
            waitingFor("re-elected, it restored and reconciled the flag change")
                    .until(() -> role(api).equals("active") && !CutoverScenario.phase(api).equals("SHADOW"));
            assertThatThrownBy(() -> intruder.append(TestBatches.batch(List.of(managed), List.of(), List.of())))
                    .isInstanceOf(RouteLogFencedException.class);
            intruder.close();
        }
        try (KafkaRouteLog reader = new KafkaRouteLog(kafka, Clock.systemUTC())) {
            RouteLog.Restored restored = reader.restore();
            assertThat(restored.events()).extracting(AuditEvent::who).contains("intruder");
            assertThat(restored.routes().get(NAV).phase().name()).isNotEqualTo("SHADOW");
        }
    }
}
