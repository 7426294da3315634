package dev.cutover.controller.kafka;

import dev.cutover.testkit.KafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.service.ControllerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.cutover.controller.kafka.CutoverScenario.waitingFor;
import static dev.cutover.controller.kafka.CutoverScenario.client;
import static dev.cutover.controller.kafka.CutoverScenario.role;
import static dev.cutover.controller.kafka.CutoverScenario.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two controller processes on one Kafka control plane: one active, one hot standby. The active one is killed
 * (SIGKILL: no goodbye to the group) in the middle of a cutover; the standby takes over within 30 s with
 * identical routes and finishes the cutover.
 */
@ExtendWith(KafkaBroker.class)
class KafkaFailoverIT {

    @TempDir
    Path dir;

    @Test
    void theStandbyTakesOverWithin30SecondsWithIdenticalRoutesAndFinishesTheCutoverInFlight() throws Exception {
        CutoverScenario scenario = new CutoverScenario(dir);
        KafkaSettings kafka = TestTopics.settings("failover");
        try (ControllerProcess a = ControllerProcess.start(scenario.controllerArgs("a", kafka));
             ControllerProcess b = ControllerProcess.start(scenario.controllerArgs("b", kafka))) {
            ApiClient apiA = client(a.url());
            ApiClient apiB = client(b.url());
            waitingFor("one active and one standby replica")
                    .until(() -> (role(apiA) + "," + role(apiB)).matches("active,standby|standby,active"));
            boolean aActive = role(apiA).equals("active");
            ControllerProcess active = aActive ? a : b;
            ApiClient activeApi = aActive ? apiA : apiB;
            ApiClient standbyApi = aActive ? apiB : apiA;

            assertThat(activeApi.get("/metrics").text()).contains("cutover_controller_active 1.0");
            assertThat(standbyApi.get("/metrics").text()).contains("cutover_controller_active 0.0");

            scenario.driveIntoCutover(activeApi, kafka);
            Map<String, JsonNode> before = snapshot(activeApi);
            waitingFor("the standby follows the active one's state").until(() -> snapshot(standbyApi).equals(before));
            ApiClient.Response refused = standbyApi.post("/v1/streams/" + CutoverScenario.NAV + "/decommission",
                    Map.of("who", "test", "why", "a standby does not write"));
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.text()).contains("standby");

            active.kill();
            long killed = System.nanoTime();
            waitingFor("the standby takes over", Duration.ofSeconds(30)).until(() -> role(standbyApi).equals("active"));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("[KafkaFailoverIT] standby active " + takeover.toMillis() + " ms after the kill");
            assertThat(takeover).isLessThan(Duration.ofSeconds(30));
            assertThat(snapshot(standbyApi)).isEqualTo(before);
            assertThat(standbyApi.get("/metrics").text()).contains("cutover_controller_active 1.0");

            scenario.finishCutover(standbyApi);
        }
    }
}
