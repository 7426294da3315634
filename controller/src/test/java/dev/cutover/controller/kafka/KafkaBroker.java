package dev.cutover.controller.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real in-process KRaft broker (combined broker + controller node) for every Kafka test in the JVM: started
 * by the first test class that uses the extension, stopped when the test run ends. Tests isolate themselves with
 * their own topic names ({@link #settings(String)}).
 */
public final class KafkaBroker implements BeforeAllCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // The broker and the clients log every config at INFO; keep the test output readable.
        for (String noisy : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper")) {
            System.setProperty("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
    }

    /** Held in the root store, so JUnit closes it after the last test. */
    private static final class Running implements AutoCloseable {
        final KafkaClusterTestKit cluster;
        final Duration startup;

        Running() throws Exception {
            long started = System.nanoTime();
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
            startup = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("[KafkaBroker] KRaft broker ready at " + cluster.bootstrapServers() + " in "
                    + startup.toMillis() + " ms");
        }

        @Override
        public void close() {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the in-process Kafka broker: " + e.getMessage(), e);
            }
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

    public static String bootstrap() {
        if (running == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaBroker.class)");
        }
        return running.cluster.bootstrapServers();
    }

    /** Settings with topic names, transactional id and group of their own (prefix {@code <name>-<n>-}). */
    public static KafkaSettings settings(String name) {
        String prefix = name + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        return KafkaSettings.defaults(bootstrap()).withTopicPrefix(prefix);
    }
}
