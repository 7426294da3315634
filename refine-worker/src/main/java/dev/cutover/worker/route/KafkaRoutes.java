package dev.cutover.worker.route;

import dev.cutover.protocol.Databases;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.kafka.RoutesTopicReader;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.worker.table.Fence;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes and epochs from the controller's compacted routes topic, read by the protocol's {@link RoutesTopicReader}
 * and answered by the one routing rule, {@link RouteTable#route}: the same answer the controller's API gives,
 * holds included (an hour the controller's work list handles is "do not write" here too). The topic is read to its
 * end once per round (until {@link #clear}); a fence reads it again, so a commit is checked against the newest
 * epoch Kafka holds, through {@link FenceDecision#check}. Safe while no controller runs: only the controller writes
 * routes, so they cannot change meanwhile. A job the plan does not name writes none of the streams (logged once
 * per job).
 */
public final class KafkaRoutes implements RouteProvider {

    /** Where the route tables come from: every stream's table as the topic holds it now. */
    @FunctionalInterface
    public interface Tables {
        Map<String, RouteTable> read() throws RoutesUnavailableException;
    }

    private final Tables source;
    private final String description;
    private final PrintStream log;
    private final Set<String> unknownJobsLogged = new HashSet<>();
    private Map<String, RouteTable> tables;

    /** @param log where the warning about a job the plan does not name goes */
    public KafkaRoutes(Tables source, String description, PrintStream log) {
        this.source = source;
        this.description = description;
        this.log = log;
    }

    /**
     * The routes topic of {@code link}.
     *
     * @param fallback the databases for a value written before the controller recorded its plan's (the worker's
     *                 settings)
     */
    public static KafkaRoutes of(KafkaLink link, Databases fallback, Clock clock, Duration timeout, PrintStream log) {
        RoutesTopicReader reader = new RoutesTopicReader(link.bootstrap(), link.routesTopic(),
                link.clientProperties(), fallback, clock, timeout);
        return new KafkaRoutes(reader::read, reader.describe(), log);
    }

    @Override
    public synchronized Optional<Route> route(String job, String stream, Hour hour)
            throws RoutesUnavailableException {
        if (tables == null) {
            tables = source.read();
        }
        RouteTable table = tables.get(stream);
        if (table == null) {
            return Optional.empty();
        }
        if (!table.databases().knows(job) && unknownJobsLogged.add(job)) {
            log.println("warning: job '" + job + "' is not a job of the migration plan the route of " + stream
                    + " on " + description + " was written under (its jobs: " + table.databases().jobs().keySet()
                    + "), so it writes none of the streams routed there; check the job name this worker runs as");
        }
        return Optional.of(table.route(job, hour));
    }

    /** The stream's current epoch as the routes topic holds it now, or empty when it is not managed. */
    public Optional<Long> epoch(String stream) throws RoutesUnavailableException {
        return Optional.ofNullable(source.read().get(stream)).map(RouteTable::epoch);
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return () -> {
            try {
                return FenceDecision.check(stream, epoch, epoch(stream), describe());
            } catch (RoutesUnavailableException e) {
                return FenceDecision.unconfirmed(stream, epoch, e.getMessage());
            }
        };
    }

    @Override
    public synchronized void clear() {
        tables = null;
    }

    @Override
    public String describe() {
        return description;
    }
}
