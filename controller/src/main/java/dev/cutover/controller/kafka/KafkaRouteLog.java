package dev.cutover.controller.kafka;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.protocol.Report;
import dev.cutover.controller.routelog.StreamRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production route log: {@link Batch#routes()} go to a compacted topic keyed by stream, {@link Batch#events()}
 * to the audit topic, {@link Batch#reports()} to the reports topic, each {@link #append} in one Kafka transaction.
 *
 * <p><b>Fencing.</b> Every controller replica uses the same transactional id. {@link #restore()} first calls
 * {@code initTransactions}, which aborts whatever the previous holder left open and fences it: from then on that
 * older instance's writes fail with {@link ProducerFencedException} (or {@link InvalidProducerEpochException}, or
 * {@link InvalidTxnStateException} when the newer instance aborted a transaction of the older one in flight),
 * its {@link #append} throws {@link RouteLogFencedException} and it refuses all further writes. Only then are the
 * topics read to their end (read_committed), so the restored state is final: nobody else can add to it.
 *
 * <p><b>Reports.</b> Workers may produce reports straight to the reports topic ({@link KafkaReportSink}); the
 * controller's own {@link #append} writes them there too. Restore numbers every report by its position
 * ({@code seq = offset + 1}, the topic has one partition), so every replica and every restart sees the same
 * numbers; {@code received_at} is the record timestamp.
 *
 * <p><b>Routes</b> carry the stream's route table (the plan's databases and the holds; {@link
 * KafkaJson#writeRoute}), so a worker that reads them while no controller answers routes exactly as the API does.
 *
 * <p><b>Compaction.</b> {@link #compact()} does nothing: Kafka's log cleaner compacts the routes topic by stream;
 * the audit and report topics are kept (infinite retention unless an operator sets one).
 *
 * <p>Not thread-safe beyond the synchronisation of its methods; one instance per controller process.
 */
public final class KafkaRouteLog implements RouteLog {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRouteLog.class);

    private enum State { NEW, OPEN, FENCED, BROKEN, CLOSED }

    private final KafkaSettings settings;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;
    private State state = State.NEW;
    private String brokenBecause = "";
    private long reportsEnd;

    /** No I/O here; {@link #restore()} connects. */
    public KafkaRouteLog(KafkaSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Creates or checks the topics, fences every older controller with this transactional id, then reads the
     * topics to their end.
     *
     * @throws RouteLogException when Kafka is unreachable, a topic is misconfigured or a stored route is corrupt
     */
    @Override
    public synchronized Restored restore() {
        if (state != State.NEW) {
            throw new IllegalStateException("restore() runs once, on a new route log (state " + state + ")");
        }
        try (Admin admin = Admin.create(settings.client(Map.of(AdminClientConfig.CLIENT_ID_CONFIG,
                settings.transactionalId() + "-admin")))) {
            KafkaTopics.ensure(settings, admin);
        }
        producer = new KafkaProducer<>(producerProperties());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new RouteLogException("cannot initialise transactions with transactional id "
                    + settings.transactionalId() + " on Kafka " + settings.bootstrap() + ": " + e.getMessage()
                    + " (the principal needs Write and Describe on that transactional id; check the brokers)", e);
        }
        Restored restored;
        try {
            restored = read();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        state = State.OPEN;
        LOG.info("restored {} streams, {} audit events and {} reports from {}", restored.routes().size(),
                restored.events().size(), restored.reports().size(), describe());
        return restored;
    }

    private Map<String, Object> producerProperties() {
        return settings.client(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.readTimeout().toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Everything committed on the topics as of now, and the end offsets it was read up to. */
    record TopicSnapshot(Restored restored, Map<TopicPartition, Long> end) {
        long reportsEnd(KafkaSettings settings) {
            return end.getOrDefault(new TopicPartition(settings.reportsTopic(), 0), 0L);
        }
    }

    private Restored read() {
        TopicSnapshot snapshot = readAll(settings, settings.transactionalId() + "-restore", clock);
        reportsEnd = snapshot.reportsEnd(settings);
        return snapshot.restored();
    }

    /**
     * Reads the three topics to their end (read_committed). Used by {@link #restore()} after fencing, and by a
     * standby catching up (it does not fence: it only reads).
     *
     * @throws RouteLogException when Kafka cannot be read or a stored route is corrupt
     */
    static TopicSnapshot readAll(KafkaSettings settings, String clientId, Clock clock) {
        RouteFold routes = new RouteFold();
        List<AuditEvent> events = new ArrayList<>();
        List<ReportRecord> reports = new ArrayList<>();
        Map<TopicPartition, Long> end = TopicReader.readToEnd(settings, clientId,
                List.of(settings.routesTopic(), settings.eventsTopic(), settings.reportsTopic()), clock, record -> {
                    if (record.topic().equals(settings.routesTopic())) {
                        routes.apply(record);
                    } else if (record.topic().equals(settings.eventsTopic())) {
                        events.add(decode(record, AuditEvent.class, "audit event"));
                    } else {
                        reportRecord(record, settings).ifPresent(reports::add);
                    }
                });
        return new TopicSnapshot(new Restored(routes.routes(), events, reports, routes.epochs()), end);
    }

    /**
     * The stream state a routes-topic record holds, or empty for a tombstone.
     *
     * @throws RouteLogException when it is not a stream state or not the state of its key
     */
    static Optional<StreamState> route(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        StreamState stream = decode(record, StreamState.class, "route");
        if (!stream.stream().equals(record.key())) {
            throw corrupt(record, "route", "its key " + record.key() + " is not its stream " + stream.stream());
        }
        return Optional.of(stream);
    }

    static <T> T decode(ConsumerRecord<String, byte[]> record, Class<T> type, String what) {
        try {
            return KafkaJson.read(record.value(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(record, what, e.getMessage());
        }
    }

    static RouteLogException corrupt(ConsumerRecord<String, byte[]> record, String what, String problem) {
        return new RouteLogException("the " + what + " at " + record.topic() + "-" + record.partition() + " offset "
                + record.offset() + " (key " + record.key() + ") cannot be read: " + problem + ". Only the controller"
                + " writes this topic; find out what else did, and delete that record with kafka-delete-records.sh"
                + " or write the stream's last good value again (the controller never guesses routes)");
    }

    /**
     * A report record as the controller numbers it ({@code seq = offset + 1}, received at the record timestamp),
     * or empty (with a warning) when a producer wrote something that is not a report: one bad worker never stops
     * the controller.
     */
    static Optional<ReportRecord> reportRecord(ConsumerRecord<String, byte[]> record, KafkaSettings settings) {
        try {
            Report report = KafkaJson.read(record.value(), Report.class);
            return Optional.of(new ReportRecord(record.offset() + 1,
                    Instant.ofEpochMilli(record.timestamp()), report));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("skipping {}-{} offset {} on {}: not a worker report ({})", record.topic(), record.partition(),
                    record.offset(), settings.bootstrap(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Where the reports topic ended when {@link #restore()} read it: a report consumer continues from here. */
    public synchronized long reportsEndOffset() {
        return reportsEnd;
    }

    /**
     * Writes the batch in one transaction: all of it becomes visible to read_committed readers, or none.
     *
     * @throws RouteLogFencedException when another controller took over (this instance refuses writes from now on)
     * @throws RouteLogException       when Kafka failed; nothing of the batch is visible
     */
    @Override
    public synchronized void append(Batch batch) {
        switch (state) {
            case NEW -> throw new IllegalStateException("restore() the route log before appending to it");
            case FENCED -> throw new RouteLogFencedException("this controller was fenced by a newer one with"
                    + " transactional id " + settings.transactionalId() + " and no longer writes; it must step down",
                    null);
            case BROKEN -> throw new RouteLogException("the Kafka route log is unusable after an earlier failure ("
                    + brokenBecause + "); restart the controller so it restores from the topics");
            case CLOSED -> throw new RouteLogException("the Kafka route log is closed");
            case OPEN -> { }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records(batch)) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw failed(e);
        }
    }

    private List<ProducerRecord<String, byte[]>> records(Batch batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (StreamRecord route : batch.routes()) {
            records.add(new ProducerRecord<>(settings.routesTopic(), route.state().stream(),
                    KafkaJson.writeRoute(route)));
        }
        for (AuditEvent event : batch.events()) {
            records.add(new ProducerRecord<>(settings.eventsTopic(), 0, event.at().toEpochMilli(), event.stream(),
                    KafkaJson.write(event)));
        }
        for (ReportRecord report : batch.reports()) {
            records.add(new ProducerRecord<>(settings.reportsTopic(), 0, report.receivedAt().toEpochMilli(),
                    report.report().stream(), KafkaJson.write(report.report())));
        }
        return records;
    }

    private RouteLogException failed(KafkaException e) {
        if (isFenced(e)) {
            state = State.FENCED;
            producer.close(Duration.ZERO);
            LOG.warn("fenced: another controller initialised transactional id {}; stepping down from writing",
                    settings.transactionalId());
            return new RouteLogFencedException("this controller was fenced: another controller with transactional id "
                    + settings.transactionalId() + " took over, so the batch was not written; step down (standby)"
                    + " and restore from the topics when elected again", e);
        }
        try {
            producer.abortTransaction();
            return new RouteLogException("cannot write to Kafka " + settings.bootstrap() + ": " + e.getMessage()
                    + " (the transaction was aborted, nothing of the batch is visible; retry)", e);
        } catch (KafkaException abortFailed) {
            if (isFenced(abortFailed)) {
                return failed(abortFailed);
            }
            state = State.BROKEN;
            brokenBecause = e.getMessage();
            producer.close(Duration.ZERO);
            return new RouteLogException("cannot write to Kafka " + settings.bootstrap() + " and cannot abort the"
                    + " transaction (" + e.getMessage() + "; then " + abortFailed.getMessage() + "): the batch may or"
                    + " may not be visible, so this route log stops; restart the controller so it restores from the"
                    + " topics", e);
        }
    }

    private static boolean isFenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException) {
                return true;
            }
        }
        return false;
    }

    /** Nothing to do: the log cleaner compacts the routes topic; audit events and reports are kept. */
    @Override
    public void compact() {
        // Kafka's log compaction keeps the latest route per stream.
    }

    /** Whether this route log still writes (not fenced, not broken, not closed). */
    public synchronized boolean usable() {
        return state == State.OPEN;
    }

    /** Whether Kafka fenced this instance (another controller took over). */
    public synchronized boolean fenced() {
        return state == State.FENCED;
    }

    @Override
    public String describe() {
        return "kafka " + settings.bootstrap() + " (routes " + settings.routesTopic() + ", events "
                + settings.eventsTopic() + ", reports " + settings.reportsTopic() + ", transactional id "
                + settings.transactionalId() + ")";
    }

    @Override
    public synchronized void close() {
        if (producer != null && state != State.FENCED && state != State.BROKEN && state != State.CLOSED) {
            producer.close(Duration.ofSeconds(5));
        }
        state = State.CLOSED;
    }
}
