package dev.cutover.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One real Kafka broker in this JVM (KRaft, a combined broker + controller node, data in a temporary folder), 
 * the Kafka tests and {@code ./cutover demo --kafka}: the same broker code as a production cluster, from Maven
 * Central, with single-replica internal topics. Never used by the controller service itself, which only connects
 * to {@code --kafka-bootstrap}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Duration startup;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Duration startup) {
        this.cluster = cluster;
        this.startup = startup;
    }

    /** Formats and starts the broker; returns once it accepts clients. */
    public static EmbeddedKafka start() throws Exception {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setNumBrokerNodes(1).setNumControllerNodes(1).setCombined(true).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        PrintStream stdout = System.out;
        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        try {
            // format() prints the bootstrap metadata like kafka-storage.sh does; keep it for failures only.
            System.setOut(new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
            cluster.format();
            System.setOut(stdout);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            System.setOut(stdout);
            cluster.close();
            throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage() + "\n"
                    + formatOutput.toString(StandardCharsets.UTF_8), e);
        } finally {
            System.setOut(stdout);
        }
        return new EmbeddedKafka(cluster, Duration.ofNanos(System.nanoTime() - started));
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    public Duration startup() {
        return startup;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
