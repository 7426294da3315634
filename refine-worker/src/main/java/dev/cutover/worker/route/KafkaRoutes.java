package dev.cutover.worker.route;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.model.RouteHistory;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.worker.table.Fence;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes and epochs read from the controller's compacted routes topic (key = stream, value = the stream's routing
 * history, {@link RouteHistory}), committed records only. The topic is read to its end once per round (until
 * {@link #clear}); a fence reads it again, so a commit is checked against the newest epoch Kafka holds. Safe while
 * no controller runs: only the controller writes routes, so they cannot change meanwhile.
 *
 * <p>Routes are computed as the controller computes them for a routed refine, with the migration plan's database
 * and job names that the controller writes into every value ({@link RouteHistory#databases()}); only a value
 * written before the controller recorded them falls back to the settings given here. A job the plan does not
 * name writes none of the streams (logged once per job). Unlike the controller, this cannot know which hours are
 * already committed, so a routed refine that is not needed may run again (it rewrites the same partition).
 */
public final class KafkaRoutes implements RouteProvider {

    private final KafkaLink link;
    private final CutoverSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final PrintStream log;
    private final Set<String> unknownJobsLogged = new HashSet<>();
    private Map<String, RouteHistory> histories;

    /** {@code settings}: the names for values written without the plan's databases; {@code log}: warnings. */
    public KafkaRoutes(KafkaLink link, CutoverSettings settings, Clock clock, Duration timeout, PrintStream log) {
        this.link = link;
        this.settings = settings;
        this.clock = clock;
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public synchronized Optional<Route> route(String job, String stream, Hour hour)
            throws ControllerClient.ControllerException {
        if (histories == null) {
            histories = read();
        }
        RouteHistory history = histories.get(stream);
        if (history == null) {
            return Optional.empty();
        }
        if (!history.knows(job, settings) && unknownJobsLogged.add(job)) {
            log.println("warning: job '" + job + "' is not a job of the migration plan the route of " + stream
                    + " on " + link.routesTopic() + " was written under (its jobs: "
                    + history.databasesOr(settings).jobs().keySet() + "), so it writes none of the streams routed"
                    + " there; check the job name this worker runs as");
        }
        return Optional.of(history.route(job, hour, settings));
    }

    /** The stream's current epoch as the routes topic holds it now, or empty when it is not managed. */
    public Optional<Long> epoch(String stream) throws ControllerClient.ControllerException {
        return Optional.ofNullable(read().get(stream)).map(RouteHistory::epoch);
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return () -> {
            try {
                return FenceDecision.check(stream, epoch, epoch(stream), describe());
            } catch (ControllerClient.ControllerException e) {
                return FenceDecision.unconfirmed(stream, epoch, e.getMessage());
            }
        };
    }

    /**
     * Every stream's routing history: the topic read from its beginning to its end as of now.
     *
     * @throws ControllerClient.ControllerException when Kafka cannot be read in time (the message names it)
     */
    Map<String, RouteHistory> read() throws ControllerClient.ControllerException {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, RouteHistory> read = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(link.client(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "cutover-worker-routes",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(link.routesTopic(), timeout)) {
                partitions.add(new TopicPartition(link.routesTopic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!atEnd(consumer, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new ControllerClient.ControllerException("reading routes topic " + link.routesTopic()
                            + " on " + link.bootstrap() + " did not reach its end within " + timeout.toSeconds()
                            + " s", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    fold(record, read);
                }
            }
            return read;
        } catch (KafkaException e) {
            throw new ControllerClient.ControllerException("cannot read routes topic " + link.routesTopic() + " on "
                    + link.bootstrap() + ": " + e.getMessage() + " (check --kafka-bootstrap and the client"
                    + " settings)", e);
        }
    }

    private static void fold(ConsumerRecord<String, byte[]> record, Map<String, RouteHistory> read)
            throws ControllerClient.ControllerException {
        if (record.value() == null) {
            read.remove(record.key());
            return;
        }
        try {
            read.put(record.key(), RouteHistory.parse(record.value()));
        } catch (IllegalArgumentException e) {
            throw new ControllerClient.ControllerException("the route of " + record.key() + " at " + record.topic()
                    + "-" + record.partition() + " offset " + record.offset() + " cannot be read: " + e.getMessage()
                    + " (only the controller writes this topic; the worker does not guess routes)", e);
        }
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void clear() {
        histories = null;
    }

    @Override
    public String describe() {
        return "routes topic " + link.routesTopic() + " on " + link.bootstrap();
    }
}
