package dev.cutover.controller.service;

import dev.cutover.controller.kafka.KafkaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --kafka-*} options select the Kafka control plane; without {@code --kafka-bootstrap} the journal. */
class ControllerConfigKafkaTest {

    @TempDir
    Path dir;

    private Map<String, String> base() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), "cluster: t\norder: [s]\n");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("config-source", "streams.json");
        values.put("plan", plan.toString());
        values.put("state-dir", dir.resolve("state").toString());
        values.put("host", "127.0.0.1");
        return values;
    }

    @Test
    void withoutABootstrapTheJournalIsUsed() throws Exception {
        assertThat(ControllerConfig.fromMap(base()).kafka()).isEmpty();
    }

    @Test
    void theBootstrapSelectsKafkaWithTopicsAndClientSettingsPassedThrough() throws Exception {
        Path props = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
        Map<String, String> values = base();
        values.put("kafka-bootstrap", "k1:9092,k2:9092");
        values.put("kafka-routes-topic", "analytics.cutover.routes");
        values.put("kafka-properties", props.toString());
        values.put(ControllerConfig.KAFKA_PROPERTY, "sasl.mechanism=SCRAM-SHA-512\nclient.rack=eqiad");
        KafkaSettings kafka = ControllerConfig.fromMap(values).kafka().orElseThrow();
        assertThat(kafka.bootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(kafka.routesTopic()).isEqualTo("analytics.cutover.routes");
        assertThat(kafka.eventsTopic()).isEqualTo("cutover.events");
        assertThat(kafka.transactionalId()).isEqualTo("cutover-controller.analytics.cutover.routes");
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("client.rack", "eqiad");
    }

    @Test
    void kafkaOptionsWithoutABootstrapOrAMalformedPropertyAreReportedTogether() throws Exception {
        Map<String, String> values = base();
        values.put("kafka-reports-topic", "x.reports");
        values.put(ControllerConfig.KAFKA_PROPERTY, "acks");
        assertThatThrownBy(() -> ControllerConfig.fromMap(values))
                .isInstanceOf(ControllerConfig.InvalidConfigException.class)
                .hasMessageContaining("--kafka-property, --kafka-reports-topic given without --kafka-bootstrap")
                .hasMessageContaining("--kafka-property 'acks' is not key=value");
    }
}
