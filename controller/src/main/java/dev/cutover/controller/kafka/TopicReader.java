package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.RouteLogException;
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
import java.util.function.Consumer;

/**
 * Reads whole topics from their beginning up to their end as of the start of the read, committed records only
 * ({@code isolation.level=read_committed}: records of open or aborted transactions are never seen). No consumer
 * group: partitions are assigned, nothing is committed.
 */
final class TopicReader {

    private TopicReader() {
    }

    static Map<String, Object> consumerProperties(KafkaSettings settings, String clientId) {
        return settings.client(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    /**
     * Hands every record of {@code topics} to {@code sink}, partition by partition in offset order (records of
     * different partitions interleave), and returns the end offsets it read up to.
     *
     * @throws RouteLogException when Kafka cannot be read within the settings' read timeout
     */
    static Map<TopicPartition, Long> readToEnd(KafkaSettings settings, String clientId, List<String> topics,
                                               Clock clock, Consumer<ConsumerRecord<String, byte[]>> sink) {
        Instant deadline = clock.instant().plus(settings.readTimeout());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(settings, clientId))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, settings.readTimeout())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, settings.readTimeout()));
            while (!reachedEnd(consumer, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new RouteLogException("reading " + topics + " from Kafka " + settings.bootstrap()
                            + " did not reach the end within " + settings.readTimeout().toSeconds() + " s (positions "
                            + positions(consumer, end) + ", ends " + end + "); check the brokers");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
            return end;
        } catch (KafkaException e) {
            throw new RouteLogException("cannot read " + topics + " from Kafka " + settings.bootstrap() + ": "
                    + e.getMessage() + " (check --kafka-bootstrap and the client security settings)", e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        end.keySet().forEach(tp -> positions.put(tp, consumer.position(tp)));
        return positions;
    }
}
