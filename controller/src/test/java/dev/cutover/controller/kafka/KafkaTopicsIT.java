package dev.cutover.controller.kafka;

import dev.cutover.testkit.KafkaBroker;
import dev.cutover.controller.routelog.RouteLogException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(KafkaBroker.class)
class KafkaTopicsIT {

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static void create(String topic, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
                .all().get();
    }

    @Test
    void createsMissingTopicsWithTheSettingsTheControlPlaneNeeds() throws Exception {
        KafkaSettings settings = TestTopics.settings("create");
        try (KafkaRouteLog log = new KafkaRouteLog(settings, Clock.systemUTC())) {
            log.restore();
        }
        assertThat(config(settings.routesTopic()).get("cleanup.policy").value()).isEqualTo("compact");
        for (String topic : List.of(settings.eventsTopic(), settings.reportsTopic())) {
            assertThat(config(topic).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config(topic).get("retention.ms").value()).isEqualTo("-1");
            assertThat(partitions(topic)).isEqualTo(1);
        }
        assertThat(partitions(settings.leaderTopic())).isEqualTo(1);
    }

    @Test
    void refusesARoutesTopicThatIsNotCompactedNamingTheTopicTheSettingAndTheFix() throws Exception {
        KafkaSettings settings = TestTopics.settings("notcompacted");
        create(settings.routesTopic(), 1, Map.of("cleanup.policy", "delete"));

        try (KafkaRouteLog log = new KafkaRouteLog(settings, Clock.systemUTC())) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("Kafka topic " + settings.routesTopic())
                    .hasMessageContaining("--kafka-routes-topic").hasMessageContaining("CUTOVER_KAFKA_ROUTES_TOPIC")
                    .hasMessageContaining("cleanup.policy=delete")
                    .hasMessageContaining("--add-config cleanup.policy=compact");
        }
        assertThat(config(settings.routesTopic()).get("cleanup.policy").value()).isEqualTo("delete");
    }

    @Test
    void refusesAnAuditTopicWithSeveralPartitionsOrCompactionReportingBothProblems() throws Exception {
        KafkaSettings settings = TestTopics.settings("badevents");
        create(settings.eventsTopic(), 3, Map.of("cleanup.policy", "compact"));

        try (KafkaRouteLog log = new KafkaRouteLog(settings, Clock.systemUTC())) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("Kafka topic " + settings.eventsTopic())
                    .hasMessageContaining("has 3 partitions but needs exactly 1")
                    .hasMessageContaining("must not be compacted");
        }
    }

    @Test
    void acceptsTopicsAnOperatorCreatedWithTheRightSettings() throws Exception {
        KafkaSettings settings = TestTopics.settings("precreated");
        create(settings.routesTopic(), 3, Map.of("cleanup.policy", "compact"));
        create(settings.eventsTopic(), 1, Map.of("retention.ms", "31536000000"));

        try (KafkaRouteLog log = new KafkaRouteLog(settings, Clock.systemUTC())) {
            log.restore();
            log.append(dev.cutover.controller.routelog.TestBatches.batch(
                    List.of(dev.cutover.controller.model.StreamState.initial("s", "legacy",
                            java.time.Instant.parse("2026-11-23T00:00:00Z"))), List.of(), List.of()));
        }
        try (KafkaRouteLog log = new KafkaRouteLog(settings, Clock.systemUTC())) {
            assertThat(log.restore().routes()).containsOnlyKeys("s");
        }
        assertThat(partitions(settings.routesTopic())).isEqualTo(3);
    }
}
