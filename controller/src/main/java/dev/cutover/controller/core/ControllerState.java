package dev.cutover.controller.core;

import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.reconcile.GatePolicy;
import dev.cutover.controller.reconcile.HourPlans;
import dev.cutover.controller.reconcile.StreamEvidence;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.SourceStatus;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the controller knows, as one immutable value: the input and output of {@link Controller#step}, and
 * what readers (the HTTP API, metrics) see once published. Persistent collections make a step that touches one
 * stream cheap whatever the number of streams.
 *
 * @param streams            every managed stream with its published routes and work
 * @param promotionsInFlight streams whose promotion was written to the flag but not seen in config yet
 * @param routeLog           where routes, events and reports are kept, for messages
 * @param highestEpochs      the highest epoch the route log ever stored per stream, also for streams it no longer
 *                           holds a state of: a stream's next epoch is above it (epochs are never reused)
 */
public record ControllerState(MigrationPlan plan, Leadership leadership, ConfigState config,
                              PSortedMap<String, StreamEntry> streams, Observations observations, AuditLog audit,
                              OverrideWatermark watermark, ReportIntake reports, PSet<String> promotionsInFlight,
                              String routeLog, PMap<String, Long> highestEpochs) {

    /** Before anything was restored. */
    public static ControllerState initial(MigrationPlan plan, SourceStatus status) {
        return new ControllerState(plan, Leadership.STARTING, ConfigState.initial(status), TreePMap.empty(),
                Observations.EMPTY, AuditLog.EMPTY, OverrideWatermark.NONE, ReportIntake.EMPTY, HashTreePSet.empty(),
                "(not restored yet)", HashTreePMap.empty());
    }

    public CutoverSettings settings() {
        return plan.settings();
    }

    public Optional<StreamEntry> entry(String stream) {
        return Optional.ofNullable(streams.get(stream));
    }

    public Optional<StreamState> state(String stream) {
        return entry(stream).map(StreamEntry::state);
    }

    public StreamObservations observed(String stream) {
        return observations.of(stream);
    }

    /**
     * The canary evidence of the streams as the gate asks for it: read from each entry's fresh verdicts when the
     * entry follows the state's routes and the current observations (only the newest verdicts are read), else from
     * the whole evidence derived from the observations.
     */
    public GatePolicy.Evidence evidence() {
        return new GatePolicy.Evidence() {
            @Override
            public boolean sufficient(StreamState state, Hour since) {
                return streamEvidence(state).sufficient(state, since);
            }

            @Override
            public boolean passStreakAtLeast(StreamState state, Hour since, int n) {
                return streamEvidence(state).passStreakAtLeast(state, since, n);
            }
        };
    }

    private StreamEvidence streamEvidence(StreamState state) {
        return new StreamEvidence(plan, observed(state.stream()), Optional.ofNullable(plansFor(state)));
    }

    /** The entry's plans when they follow {@code state}'s routes and the current observations, else null. */
    private HourPlans plansFor(StreamState state) {
        StreamEntry entry = streams.get(state.stream());
        StreamObservations observed = observations.streams().get(state.stream());
        return entry != null && observed != null && entry.plans().observed() == observed
                && entry.plans().derivedFor(state, settings()) ? entry.plans() : null;
    }

    /** {@code job}'s work list across streams, oldest hour first (read from an index of the streams with work). */
    public List<WorkItem> work(String job) {
        return WorkIndex.of(this).items(job);
    }

    /** Every stream's state by name, as a read-only view (no copy). */
    public Map<String, StreamState> states() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, StreamState>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, StreamState>> iterator() {
                        Iterator<Entry<String, StreamEntry>> it = streams.entrySet().iterator();
                        return new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public Entry<String, StreamState> next() {
                                Entry<String, StreamEntry> e = it.next();
                                return Map.entry(e.getKey(), e.getValue().state());
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return streams.size();
                    }
                };
            }

            @Override
            public StreamState get(Object key) {
                StreamEntry entry = streams.get(key);
                return entry == null ? null : entry.state();
            }

            @Override
            public boolean containsKey(Object key) {
                return streams.containsKey(key);
            }

            @Override
            public int size() {
                return streams.size();
            }
        };
    }

    /** Every stream worth reconciling: the named streams of the snapshot and every stream with a state. */
    public Set<String> allStreams() {
        Set<String> all = new LinkedHashSet<>();
        config.snapshot().ifPresent(s -> s.namedStreams().forEach(c -> all.add(c.name())));
        all.addAll(streams.keySet());
        return all;
    }

    /** Ready once the route log is restored, a snapshot is applied and every stream was reconciled against it. */
    public boolean ready() {
        return leadership.restored() && config.snapshot().isPresent() && config.synced();
    }

    /** Problems of the whole controller (a held config snapshot), for {@code /ready}, status and every stream. */
    public List<String> configProblems() {
        return watermark.hold().stream().toList();
    }

    /** The source status, or STALE (ERROR without any usable snapshot) while a snapshot is held. */
    public SourceStatus sourceStatus(Instant now) {
        SourceStatus status = config.status();
        if (watermark.hold().isEmpty()) {
            return status;
        }
        return new SourceStatus(config.snapshot().isPresent() ? SourceStatus.State.STALE : SourceStatus.State.ERROR,
                status.lastSuccess(), watermark.hold(), status.errorSince().or(() -> Optional.of(now)));
    }

    /** An audit event about {@code stream} (null: the whole controller) at the applied config and layer revision. */
    public AuditEvent stamp(List<AuditEvent> drafted, Instant at, String stream, Note note) {
        Long override = config.snapshot().flatMap(s -> s.overrideRevision().isPresent()
                ? Optional.of(s.overrideRevision().getAsLong()) : Optional.empty()).orElse(null);
        String hash = config.snapshot().flatMap(Snapshot::overrideHead).flatMap(OverrideHead::hash).orElse(null);
        return audit.stamp(drafted, at, stream, note, config.revision().orElse(null), override)
                .withOverrideHead(override, hash);
    }

    public ControllerState withLeadership(Leadership next) {
        return new ControllerState(plan, next, config, streams, observations, audit, watermark, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withConfig(ConfigState next) {
        return new ControllerState(plan, leadership, next, streams, observations, audit, watermark, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withStreams(PSortedMap<String, StreamEntry> next) {
        return new ControllerState(plan, leadership, config, next, observations, audit, watermark, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withObservations(Observations next) {
        return new ControllerState(plan, leadership, config, streams, next, audit, watermark, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withAudit(AuditLog next) {
        return new ControllerState(plan, leadership, config, streams, observations, next, watermark, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withWatermark(OverrideWatermark next) {
        return new ControllerState(plan, leadership, config, streams, observations, audit, next, reports,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withReports(ReportIntake next) {
        return new ControllerState(plan, leadership, config, streams, observations, audit, watermark, next,
                promotionsInFlight, routeLog, highestEpochs);
    }

    public ControllerState withPromotionsInFlight(PSet<String> next) {
        return new ControllerState(plan, leadership, config, streams, observations, audit, watermark, reports, next,
                routeLog, highestEpochs);
    }

    public ControllerState withHighestEpochs(PMap<String, Long> next) {
        return new ControllerState(plan, leadership, config, streams, observations, audit, watermark, reports,
                promotionsInFlight, routeLog, next);
    }

    /** The highest epoch {@code stream} ever had as far as the route log knows; 0 when none. */
    public long highestEpoch(String stream) {
        return highestEpochs.getOrDefault(stream, 0L);
    }

    public ControllerState withRouteLog(String next) {
        return new ControllerState(plan, leadership, config, streams, observations, audit, watermark, reports,
                promotionsInFlight, next, highestEpochs);
    }

    /** The state with {@code stream}'s entry recomputed from {@code next} and its observations. */
    public ControllerState withStream(StreamState next) {
        StreamEntry before = streams.get(next.stream());
        StreamEntry entry = before == null ? StreamEntry.of(next, observed(next.stream()), settings(), Optional.empty())
                : before.next(next, observed(next.stream()), settings(), before.published(), Optional.empty());
        return withStreams(streams.plus(next.stream(), entry));
    }

    /** The state with the entries of {@code names} recomputed (their observations changed; a failed reconcile stays). */
    public ControllerState refreshed(Set<String> names) {
        return refreshed(names, Map.of());
    }

    /**
     * {@link #refreshed(Set)} knowing which hours' observations changed per stream ({@code hours}): only those are
     * derived again (every hour of a stream not in {@code hours} is compared with what its entry was derived from).
     */
    public ControllerState refreshed(Set<String> names, Map<String, ? extends Collection<Hour>> hours) {
        PSortedMap<String, StreamEntry> next = streams;
        for (String name : names) {
            StreamEntry entry = next.get(name);
            if (entry != null) {
                next = next.plus(name, entry.next(entry.state(), observed(name), settings(), entry.published(),
                        Optional.ofNullable(hours.get(name))).withReconcileProblem(entry.reconcileProblem()));
            }
        }
        return withStreams(next);
    }
}
