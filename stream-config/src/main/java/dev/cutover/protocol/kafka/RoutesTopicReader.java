package dev.cutover.protocol.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RouteTable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the controller's compacted routes topic (key = stream, value = the stream's {@link RouteTable} among other
 * fields) from its beginning to its end as of now, committed records only. A worker uses it while the controller's
 * API is unreachable: only the controller writes routes, so they cannot change while none runs, and
 * {@link RouteTable#route} answers exactly as the controller would.
 */
public final class RoutesTopicReader {

    private final String bootstrap;
    private final String topic;
    private final Map<String, String> clientProperties;
    private final Databases fallback;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param clientProperties passed to the consumer first (security settings); the reader's own settings
     *                         (read_committed, no offsets committed) are applied after them
     * @param fallback         the databases for a value written by a controller that did not record its plan's
     *                         databases yet (every current controller does)
     */
    public RoutesTopicReader(String bootstrap, String topic, Map<String, String> clientProperties, Databases fallback,
                             Clock clock, Duration timeout) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.fallback = fallback;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The topic and its brokers, for messages. */
    public String describe() {
        return "routes topic " + topic + " on " + bootstrap;
    }

    /**
     * Every stream's route table as the topic holds it now.
     *
     * @throws RoutesUnavailableException naming the topic and the problem when it cannot be read to its end in time,
     *                                    or holds a value that is not a route table (the worker never guesses)
     */
    public Map<String, RouteTable> read() throws RoutesUnavailableException {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, RouteTable> read = new HashMap<>();
        Map<String, Object> props = new TreeMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cutover-worker-routes");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!atEnd(consumer, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new RoutesUnavailableException("reading " + describe() + " did not reach its end within "
                            + timeout.toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    fold(record, read, fallback);
                }
            }
            return read;
        } catch (KafkaException e) {
            throw new RoutesUnavailableException("cannot read " + describe() + ": " + e.getMessage()
                    + " (check --kafka-bootstrap and the client settings)", e);
        }
    }

    private static void fold(ConsumerRecord<String, byte[]> record, Map<String, RouteTable> read,
                             Databases fallback) throws RoutesUnavailableException {
        if (record.value() == null) {
            read.remove(record.key());
            return;
        }
        try {
            read.put(record.key(), parse(record.value(), fallback));
        } catch (IllegalArgumentException | NullPointerException | java.io.IOException e) {
            throw new RoutesUnavailableException("the route of " + record.key() + " at " + record.topic() + "-"
                    + record.partition() + " offset " + record.offset() + " cannot be read: " + e.getMessage()
                    + " (only the controller writes this topic; the worker does not guess routes)", e);
        }
    }

    /** A routes-topic value as a route table; a value without the plan's databases gets {@code fallback}'s. */
    public static RouteTable parse(byte[] value, Databases fallback) throws java.io.IOException {
        JsonNode tree = ProtocolJson.MAPPER.readTree(value);
        if (tree instanceof ObjectNode object && !object.hasNonNull("databases")) {
            object.set("databases", ProtocolJson.MAPPER.valueToTree(fallback));
        }
        return ProtocolJson.MAPPER.treeToValue(tree, RouteTable.class);
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The routes topic could not be read (the message names it and the problem). */
    public static final class RoutesUnavailableException extends Exception {
        public RoutesUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
