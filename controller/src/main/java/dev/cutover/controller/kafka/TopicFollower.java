package dev.cutover.controller.kafka;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.routelog.RouteLogException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A standby's view of the control plane: follows the routes, audit and reports topics (read_committed, so only
 * whole transactions of the active controller) from where its catch-up read ended, and hands every record to the
 * {@link ControlPlaneTarget}. It never writes. A record it cannot read is skipped with a warning: the standby
 * restores everything again (and fails loudly on a corrupt route) when it becomes active.
 */
final class TopicFollower extends PollingThread {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaSettings settings;
    private final String clientId;
    private final Map<TopicPartition, Long> from;
    private final ControlPlaneTarget target;
    private KafkaConsumer<String, byte[]> consumer;

    TopicFollower(KafkaSettings settings, String member, Map<TopicPartition, Long> from, ControlPlaneTarget target) {
        super("cutover-follower-" + member);
        this.settings = settings;
        this.clientId = member + "-follower";
        this.from = Map.copyOf(from);
        this.target = target;
    }

    @Override
    void open() {
        consumer = new KafkaConsumer<>(TopicReader.consumerProperties(settings, clientId));
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    @Override
    void step() {
        List<ReportRecord> reports = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            try {
                if (record.topic().equals(settings.routesTopic())) {
                    target.followRoute(record.key(), KafkaRouteLog.route(record));
                } else if (record.topic().equals(settings.eventsTopic())) {
                    target.followEvent(KafkaRouteLog.decode(record, AuditEvent.class, "audit event"));
                } else {
                    KafkaRouteLog.reportRecord(record, settings).ifPresent(reports::add);
                }
            } catch (RouteLogException e) {
                LOG.warn("standby skips a record it cannot read: {}", e.getMessage());
            }
        }
        if (!reports.isEmpty()) {
            target.applyReports(reports);
        }
    }

    @Override
    void release() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
