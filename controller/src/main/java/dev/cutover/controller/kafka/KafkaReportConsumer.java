package dev.cutover.controller.kafka;

import dev.cutover.controller.model.ReportRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's side of the reports topic: it follows the topic (read_committed) and, once it has applied
 * what {@link #poll} returned, {@link #commit()}s the position in consumer group {@code <group>-reports}. Reports
 * are numbered like {@link KafkaRouteLog#restore()} numbers them ({@code seq = offset + 1}).
 *
 * <p>The partition is assigned, not subscribed: only the active controller runs one (leadership is decided by
 * {@link ControllerLeadership}), and its start position is explicit: where the route log's restore stopped
 * ({@link #startAt}), or the group's committed position ({@link #startAtCommitted()}). The committed position is
 * the "applied up to" mark, so the group's lag is the number of reports no controller has applied yet.
 *
 * <p>Not thread-safe: one thread polls, applies and commits.
 */
public final class KafkaReportConsumer implements AutoCloseable {

    private final KafkaSettings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;

    /** Creates the consumer; no network I/O until the first call. */
    public KafkaReportConsumer(KafkaSettings settings, String clientId) {
        this.settings = settings;
        Map<String, Object> props = new HashMap<>(TopicReader.consumerProperties(settings, clientId));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(settings));
        this.consumer = new KafkaConsumer<>(props);
        this.partition = new TopicPartition(settings.reportsTopic(), 0);
        consumer.assign(List.of(partition));
    }

    public static String groupId(KafkaSettings settings) {
        return settings.group() + "-reports";
    }

    /** Continues at {@code offset} (e.g. {@link KafkaRouteLog#reportsEndOffset()}). */
    public void startAt(long offset) {
        consumer.seek(partition, offset);
    }

    /** The group's committed position (the first report no controller has applied), empty when none is. */
    public Optional<Long> committed() {
        return Optional.ofNullable(consumer.committed(Set.of(partition), settings.readTimeout()).get(partition))
                .map(OffsetAndMetadata::offset);
    }

    /** Continues after the last committed report, or at the beginning when nothing was committed yet. */
    public void startAtCommitted() {
        Optional<OffsetAndMetadata> committed = Optional.ofNullable(
                consumer.committed(Set.of(partition), settings.readTimeout()).get(partition));
        if (committed.isPresent()) {
            consumer.seek(partition, committed.get().offset());
        } else {
            consumer.seekToBeginning(List.of(partition));
        }
    }

    /** The reports that arrived since the last poll, in topic order; malformed records are skipped (logged). */
    public List<ReportRecord> poll(Duration timeout) {
        List<ReportRecord> reports = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            KafkaRouteLog.reportRecord(record, settings).ifPresent(reports::add);
        }
        return reports;
    }

    /** Marks everything returned by {@link #poll} so far as applied. */
    public void commit() {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(consumer.position(partition))),
                settings.readTimeout());
    }

    /** The offset of the next report {@link #poll} returns. */
    public long position() {
        return consumer.position(partition, settings.readTimeout());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
