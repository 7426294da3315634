package dev.cutover.simulation;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Step;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Segment;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants, checked as the simulation goes (after every controller step, every write, every table workers
 * are given) and once at the end: I1 (production written only by the hour's leader, never under an older epoch
 * than the partition's, never outside the writer's lease; at the end every production partition is its hour's
 * leader's), I2 (at the end every hour with raw input has a production partition), I3 (a rollback restores legacy's
 * hours by copy, never by recompute, and the new job's production output is preserved in its shadow first), I4 (a
 * bad fetch changes nothing), epochs strictly increasing with every routing change, no routing change of a stream
 * whose flag is invalid, at most max_concurrent_cutovers in CUTOVER or ROLLING_BACK when a cutover starts (a stream
 * group counting once), and a group's members cutting over at one hour and rolling back in the same step.
 */
public final class InvariantChecker implements ControllerHost.Listener {

    private final CutoverSettings settings;
    private final MigrationPlan plan;
    private final int maxConcurrent;
    private final World world;
    private final SimConfigSource source;
    private ControllerHost host;
    private final Map<String, StreamRecord> lastRecord = new HashMap<>();
    private final Set<String> inSlot = new HashSet<>();
    private Set<String> invalidAtLastFetch = Set.of();
    private long checks;
    private final SimulationResult.Counts counts;

    InvariantChecker(MigrationPlan plan, World world, SimConfigSource source, SimulationResult.Counts counts) {
        this.counts = counts;
        this.plan = plan;
        this.settings = plan.settings();
        this.maxConcurrent = plan.maxConcurrentCutovers();
        this.world = world;
        this.source = source;
    }

    void attach(ControllerHost controllerHost) {
        this.host = controllerHost;
    }

    public long checks() {
        return checks;
    }

    @Override
    public void stepped(ControllerState before, Event event, Step step, ControllerState after, boolean appended) {
        checks++;
        if (event instanceof Event.ConfigFetched fetched) {
            checkBadFetch(before, fetched, step, after);
        }
        if (!appended) {
            return;
        }
        for (Effect effect : step.effects()) {
            if (effect instanceof Effect.Append append) {
                append.batch().events().forEach(e -> {
                    if (e.stream() != null) {
                        world.trace(e.stream(), "controller: " + e.what() + " (" + e.who() + ")");
                    }
                });
                // each batch stream's record before this batch (the others' are unchanged in lastRecord)
                Map<String, StreamRecord> replaced = new HashMap<>();
                for (StreamRecord record : append.batch().routes()) {
                    replaced.putIfAbsent(record.state().stream(), lastRecord.get(record.state().stream()));
                    checkRecord(record);
                }
                if (!plan.groups().isEmpty()) {
                    checkGroups(replaced, append.batch().routes());
                }
            }
        }
    }

    /** I4: a failed, truncated, empty or shrunk fetch changes nothing. */
    private void checkBadFetch(ControllerState before, Event.ConfigFetched fetched, Step step, ControllerState after) {
        if (source.lastFault().isEmpty()) {
            invalidAtLastFetch = source.invalidStreams();
            return;
        }
        checks++;
        if (before.config().snapshot().isEmpty()
                && source.lastFault().equals(FaultKind.CONFIG_SHRINK.wireName())) {
            // a first config (no last-known-good to compare with) cannot be told from a shrunk one: it is applied
            invalidAtLastFetch = source.invalidStreams();
            return;
        }
        boolean same = before.config().snapshot().map(s -> s.contentHash())
                .equals(after.config().snapshot().map(s -> s.contentHash()));
        boolean scheduled = step.effects().stream().anyMatch(e -> e instanceof Effect.Schedule
                || (e instanceof Effect.Append a && !a.batch().routes().isEmpty()));
        if (!same || scheduled) {
            throw new Violation("I4", null, "a bad config fetch (" + source.lastFault() + ", outcome "
                    + fetched.outcome().getClass().getSimpleName() + ") changed the applied config or scheduled"
                    + " reconciles");
        }
    }

    private void checkRecord(StreamRecord record) {
        checks++;
        String stream = record.state().stream();
        StreamRecord previous = lastRecord.put(stream, record);
        RouteTable table = record.table();
        if (previous != null) {
            RouteTable old = previous.table();
            if (table.epoch() < old.epoch()) {
                throw new Violation("epochs strictly increase", stream, "epoch went back from " + old.epoch()
                        + " to " + table.epoch());
            }
            boolean rerouted = !old.segments().equals(table.segments());
            if (rerouted && table.epoch() <= old.epoch()) {
                throw new Violation("epochs strictly increase", stream, "routes changed under epoch " + table.epoch());
            }
            if (rerouted && invalidAtLastFetch.contains(stream)) {
                throw new Violation("no route change while INVALID", stream, "routes changed (epoch " + old.epoch()
                        + " -> " + table.epoch() + ") while the stream's flag is " + source.flag(stream));
            }
        }
        Phase phase = record.state().underlyingPhase();
        Phase was = previous == null ? null : previous.state().underlyingPhase();
        if (phase != was && phase == Phase.CUTOVER) {
            counts.cutovers++;
        }
        if (phase != was && phase == Phase.ROLLING_BACK) {
            counts.rollbacks++;
        }
        boolean wasInSlot = inSlot.contains(stream);
        String unit = plan.unitOf(stream);
        if (phase == Phase.CUTOVER && previous != null && previous.state().underlyingPhase() != Phase.CUTOVER
                && inSlot.stream().map(plan::unitOf).filter(u -> !u.equals(unit)).distinct().count()
                >= maxConcurrent) {
            throw new Violation("max_concurrent_cutovers", stream, "cutover started while " + inSlot
                    + " already hold the " + maxConcurrent + " slot(s)");
        }
        if (phase.holdsCutoverSlot()) {
            inSlot.add(stream);
        } else if (wasInSlot) {
            inSlot.remove(stream);
        }
    }

    /**
     * A group moves in one step: when a member starts its cutover, every member does, from the same hour; when a
     * cut-over member rolls back, every member that was cut over does too.
     */
    private void checkGroups(Map<String, StreamRecord> replaced, List<StreamRecord> batch) {
        java.util.function.Function<String, StreamRecord> before = stream -> replaced.containsKey(stream)
                ? replaced.get(stream) : lastRecord.get(stream);
        Map<String, StreamRecord> moved = new HashMap<>();
        batch.forEach(r -> moved.put(r.state().stream(), r));
        for (StreamRecord record : batch) {
            String stream = record.state().stream();
            Optional<StreamGroup> group = plan.groupOf(stream);
            StreamRecord was = before.apply(stream);
            if (group.isEmpty() || was == null) {
                continue;
            }
            checks++;
            Phase from = was.state().underlyingPhase();
            Phase to = record.state().underlyingPhase();
            if (to == Phase.CUTOVER && from != Phase.CUTOVER) {
                if (group.get().members().get(0).equals(stream)) {
                    counts.groupCutovers++;
                }
                for (String member : group.get().others(stream)) {
                    StreamRecord m = moved.get(member);
                    if (m == null || m.state().underlyingPhase() != Phase.CUTOVER
                            || !record.state().cutoverHour().equals(m.state().cutoverHour())) {
                        throw new Violation("groups move together", stream, "cut over from "
                                + record.state().cutoverHour() + " without " + member + " ("
                                + (m == null ? "not in the same step" : m.state().underlyingPhase() + " from "
                                + m.state().cutoverHour()) + ")");
                    }
                }
            }
            if (cutOver(from) && (to == Phase.ROLLING_BACK || to == Phase.SHADOW)) {
                for (String member : group.get().others(stream)) {
                    StreamRecord m = moved.get(member);
                    StreamRecord mWas = before.apply(member);
                    boolean memberWasCutOver = mWas != null && cutOver(mWas.state().underlyingPhase());
                    if (memberWasCutOver && (m == null || cutOver(m.state().underlyingPhase()))) {
                        throw new Violation("groups move together", stream, "rolled back without " + member);
                    }
                }
            }
        }
    }

    /** The new job leads (a decommissioned stream too: only its legacy job has stopped). */
    private static boolean cutOver(Phase phase) {
        return phase == Phase.CUTOVER || phase == Phase.PROMOTED || phase == Phase.READY_TO_DECOMMISSION
                || phase == Phase.DECOMMISSIONED;
    }

    /** The tables workers are given: a routing change comes with a higher epoch. */
    void routesGiven(String stream, RouteTable previous, RouteTable given) {
        checks++;
        if (previous == null) {
            return;
        }
        if (given.epoch() < previous.epoch()
                || (!given.segments().equals(previous.segments()) && given.epoch() <= previous.epoch())) {
            throw new Violation("epochs strictly increase", stream, "workers were given routes " + given.segments()
                    + " under epoch " + given.epoch() + " after " + previous.segments() + " under epoch "
                    + previous.epoch());
        }
    }

    /** I1 and I3 at the moment a partition becomes visible. */
    void written(World.Write w) {
        checks++;
        if (w.before().isPresent() && w.before().get().epoch() > w.epoch()) {
            throw violation("I1", w, "replaced a partition committed under the newer epoch " + w.before().get().epoch());
        }
        if (!w.at().isBefore(w.leaseUntil())) {
            throw violation("I1 (fencing reaches storage)", w, "wrote after its lease ended at " + w.leaseUntil());
        }
        String production = settings.productionDatabase().value();
        if (!production.equals(w.database())) {
            return;
        }
        world.trace(w.stream(), w.job() + " " + w.action().wireName() + " " + w.hour() + " -> " + production
                + " epoch " + w.epoch() + (w.from() == null ? "" : " from " + w.from()));
        Optional<RouteTable> truth = Optional.ofNullable(host.state().streams().get(w.stream()))
                .map(StreamEntry::table);
        if (truth.isPresent()) {
            long current = truth.get().epoch();
            if (w.epoch() > current) {
                throw violation("I1", w, "epoch " + w.epoch() + " is newer than the stream's " + current);
            }
            Segment segment = truth.get().routing().segmentFor(w.hour());
            if (w.epoch() == current && !segment.leader().equals(w.job())) {
                throw violation("I1", w, "the hour's leader under epoch " + current + " is " + segment.leader());
            }
        }
        String legacy = settings.legacyJob();
        if (w.job().equals(legacy) && w.action() == WorkAction.REFINE) {
            Optional<Warehouse.Written> shadow = world.warehouse().at(settings.legacyShadow().value(), w.table(),
                    w.hour());
            if (shadow.isPresent() && legacy.equals(shadow.get().job())) {
                throw violation("I3", w, "production restored by recompute although "
                        + settings.legacyShadow().value() + " holds legacy's output of the hour (copy it)");
            }
        }
        Optional<Warehouse.Written> before = w.before();
        if (before.isPresent() && settings.newJob().equals(before.get().job()) && !settings.newJob().equals(w.job())) {
            Optional<Warehouse.Written> kept = world.warehouse().at(settings.newShadow().value(), w.table(), w.hour());
            if (kept.isEmpty() || !kept.get().checksum().equals(before.get().checksum())) {
                throw violation("I3", w, "overwrote " + settings.newJob() + "'s production output without"
                        + " preserving it in " + settings.newShadow().value() + " first");
            }
        }
    }

    void dropped(String stream, String database, Hour hour) {
        checks++;
        if (settings.productionDatabase().value().equals(database)) {
            throw new Violation("I2", stream, "production partition " + hour + " dropped");
        }
    }

    /** I1 and I2 over every stream and hour, once the simulation has settled. */
    void atEnd(List<String> streams, Map<String, String> tables, Hour first, Hour last) {
        String production = settings.productionDatabase().value();
        for (String stream : streams) {
            Optional<RouteTable> table = Optional.ofNullable(host.state().streams().get(stream)).map(StreamEntry::table);
            for (Hour h = first; !h.isAfter(last); h = h.next()) {
                if (!world.raw().has(stream, h)) {
                    continue;
                }
                checks++;
                Optional<Warehouse.Written> written = world.warehouse().at(production, tables.get(stream), h);
                if (written.isEmpty()) {
                    throw new Violation("I2", stream, "hour " + h + " has raw input but no production partition");
                }
                if (table.isPresent()) {
                    Segment segment = table.get().routing().segmentFor(h);
                    if (!segment.leader().equals(written.get().job()) || written.get().epoch() < segment.epoch()) {
                        throw new Violation("I1", stream, "production " + h + " was last written by "
                                + written.get().job() + " under epoch " + written.get().epoch() + "; the hour's leader"
                                + " is " + segment.leader() + " from epoch " + segment.epoch());
                    }
                }
            }
        }
    }

    private static Violation violation(String invariant, World.Write w, String what) {
        return new Violation(invariant, w.stream(), w.job() + " " + w.action().wireName() + " of " + w.hour()
                + " into " + w.database() + " under epoch " + w.epoch() + ": " + what);
    }
}
