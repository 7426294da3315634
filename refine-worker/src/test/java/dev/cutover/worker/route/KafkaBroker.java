package dev.cutover.worker.route;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real in-process KRaft broker (combined broker + controller node) for the worker's Kafka tests, started by
 * the first test class that uses the extension and stopped when the run ends (the controller module has the same
 * helper). Each test gets topics of its own, created like the controller creates them.
 */
public final class KafkaBroker implements BeforeAllCallback {

    static {
        for (String noisy : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            System.setProperty("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
    }

    private static final class Running implements AutoCloseable {
        final KafkaClusterTestKit cluster;

        Running() throws Exception {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setNumBrokerNodes(1).setNumControllerNodes(1).setCombined(true).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> {
                    try {
                        return new Running();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
                    }
                }, Running.class);
    }

    /** A link to fresh routes (compacted) and reports topics, one partition each, as the controller makes them. */
    public static KafkaLink newTopics(String name) throws Exception {
        String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        KafkaLink link = new KafkaLink(running.cluster.bootstrapServers(), prefix + "cutover.routes",
                prefix + "cutover.reports", Map.of());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", link.bootstrap()))) {
            admin.createTopics(List.of(
                    new NewTopic(link.routesTopic(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(link.reportsTopic(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return link;
    }
}
