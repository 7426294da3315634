package dev.cutover.worker.cli;

import dev.cutover.worker.route.KafkaLink;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaOptionsTest {

    private static KafkaOptions parse(String... args) {
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void withoutABootstrapTheControllerIsTheOnlySource() {
        assertThat(parse().link()).isEmpty();
    }

    @Test
    void topicsDefaultToTheControllersAndPropertiesPassThrough() {
        KafkaLink link = parse("--kafka-bootstrap", "k1:9092,k2:9092", "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-512").link().orElseThrow();
        assertThat(link.bootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(link.routesTopic()).isEqualTo("cutover.routes");
        assertThat(link.reportsTopic()).isEqualTo("cutover.reports");
        assertThat(link.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void aKafkaOptionWithoutTheBootstrapOrAPropertyWithoutValueIsAClearError() {
        assertThatThrownBy(() -> parse("--kafka-routes-topic", "x.routes").link())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without --kafka-bootstrap");
        assertThatThrownBy(() -> parse("--kafka-bootstrap", "k:9092", "--kafka-property", "acks").link())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acks' is not KEY=VALUE");
    }
}
