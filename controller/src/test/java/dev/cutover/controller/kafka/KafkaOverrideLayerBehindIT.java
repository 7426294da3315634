package dev.cutover.controller.kafka;

import dev.cutover.testkit.KafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.service.ControllerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cutover.controller.kafka.CutoverScenario.NAV;
import static dev.cutover.controller.kafka.CutoverScenario.waitingFor;
import static dev.cutover.controller.kafka.CutoverScenario.client;
import static dev.cutover.controller.kafka.CutoverScenario.phase;
import static dev.cutover.controller.kafka.CutoverScenario.role;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka control plane with a replica whose override layer is not the shared one (its own empty file, as on an
 * emptyDir): when it takes over from the replica that promoted a stream, it holds the config instead of rolling the
 * stream back, says why on {@code /ready}, and proceeds once it reads the shared layer.
 */
@ExtendWith(KafkaBroker.class)
class KafkaOverrideLayerBehindIT {

    @TempDir
    Path dir;

    /** Routes, work lists, epochs and the stream's routing as the API shows them (not its flag or problems). */
    private static Map<String, JsonNode> routing(ApiClient api) {
        Map<String, JsonNode> seen = CutoverScenario.snapshot(api);
        ObjectNode stream = (ObjectNode) seen.get("stream").deepCopy();
        stream.remove(List.of("flag", "problems"));
        seen.put("stream", stream);
        return seen;
    }

    private static String readyRole(ApiClient api) {
        return api.get("/ready").json().path("role").asText();
    }

    @Test
    void aReplicaWithAnEmptyOverrideLayerHoldsAfterTakingOverInsteadOfRollingBackThePromotedStream()
            throws Exception {
        CutoverScenario scenario = new CutoverScenario(dir);
        KafkaSettings kafka = TestTopics.settings("override-behind");
        Path own = dir.resolve("b-overrides.json");
        List<String> argsB = scenario.controllerArgs("b", kafka);
        argsB.set(argsB.indexOf(scenario.overrideFile().toString()), own.toString());
        try (ControllerProcess a = ControllerProcess.start(scenario.controllerArgs("a", kafka))) {
            ApiClient apiA = client(a.url());
            waitingFor("the first replica is active").until(() -> role(apiA).equals("active"));
            scenario.driveIntoCutover(apiA, kafka);
            scenario.finishCutover(apiA);
            Map<String, JsonNode> before = routing(apiA);

            try (ControllerProcess b = ControllerProcess.start(argsB)) {
                ApiClient apiB = client(b.url());
                waitingFor("the second replica is a standby").until(() -> readyRole(apiB).equals("standby"));
                a.kill();
                waitingFor("the standby takes over", Duration.ofSeconds(30))
                        .until(() -> readyRole(apiB).equals("active"));

                JsonNode ready = apiB.get("/ready").json();
                assertThat(ready.path("problems").get(0).asText()).contains(own + " went backwards: it is missing",
                        "revision 1", "CUTOVER_OVERRIDE_FILE");
                assertThat(routing(apiB)).as("nothing rolled back").isEqualTo(before);
                assertThat(phase(apiB)).isEqualTo("PROMOTED");
                assertThat(apiB.get("/metrics").text()).contains("cutover_override_layer_held 1.0");
                assertThat(Files.exists(own)).as("nothing was written to the stale layer").isFalse();

                Files.copy(scenario.overrideFile(), own);
                waitingFor("the shared layer is read: config applies again")
                        .until(() -> apiB.get("/ready").status() == 200);
                assertThat(apiB.get("/ready").json().has("problems")).isFalse();
                assertThat(phase(apiB)).isEqualTo("PROMOTED");
                assertThat(routing(apiB)).isEqualTo(before);
            }
        }
    }
}
