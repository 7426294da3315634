package dev.cutover.controller.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.TestReports;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.source.SourceStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builders for the table tests of the pure controller: plans, config snapshots, reports, and states reached by
 * stepping the controller itself ({@link #restore}, {@link #settle}) rather than built by hand.
 */
final class CoreFixtures {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String CREATE = "mediawiki.page-create";
    /** A stream in the config whose hive ingestion is disabled: never managed. */
    static final String OFF = "eventlogging_Disabled";
    static final CutoverSettings S = CutoverSettings.DEFAULTS;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final Path LAYER_FILE = Path.of("/srv/cutover/overrides.json");
    static final Optional<LayerInfo> LAYER = Optional.of(new LayerInfo(LAYER_FILE, true, List.of()));
    static final SourceStatus READY = new SourceStatus(SourceStatus.State.READY, Optional.of(T0), Optional.empty(),
            Optional.empty());
    static final RouteLog.Restored NOTHING = new RouteLog.Restored(Map.of(), List.of(), List.of());

    private CoreFixtures() {
    }

    /** NAV then DELETE in plan order, promoted automatically after 2 PASS hours; no override layer. */
    static MigrationPlan plan() {
        return MigrationPlan.defaults(List.of(NAV, DELETE)).withCanary(new CanaryPolicy(2, 24,
                CanaryPolicy.KNOWN_CHECKS)).withAutomation(true, 0, Duration.ofHours(1));
    }

    /** {@link #plan()} with a writable override layer: the controller writes the flag itself. */
    static MigrationPlan planWithLayer() {
        return plan().withOverrideLayer(Optional.of(LAYER_FILE));
    }

    /** A stream config: streams with hive ingestion enabled (and a flag value, if any) or disabled. */
    static Config config() {
        return new Config(new LinkedHashMap<>());
    }

    static final class Config {
        private final Map<String, ObjectNode> streams;

        private Config(Map<String, ObjectNode> streams) {
            this.streams = streams;
        }

        Config managed(String stream) {
            return entry(stream, true, null);
        }

        Config flag(String stream, String database) {
            return entry(stream, true, database);
        }

        Config disabled(String stream) {
            return entry(stream, false, null);
        }

        private Config entry(String stream, boolean enabled, String database) {
            ObjectNode settings = JsonNodeFactory.instance.objectNode();
            settings.put("stream", stream);
            ObjectNode hive = settings.putObject("consumers").putObject("analytics_hive_ingestion");
            hive.put("enabled", enabled);
            if (database != null) {
                hive.put("hive_database", database);
            }
            Map<String, ObjectNode> next = new LinkedHashMap<>(streams);
            next.put(stream, settings);
            return new Config(next);
        }

        Snapshot snapshot(String version) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode all = root.putObject("streams");
            streams.forEach(all::set);
            try {
                return SnapshotParser.fromTree(root, "test-config", Optional.of(version), T0);
            } catch (ConfigParseException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The snapshot as a layered source builds it, with the override layer at {@code revision}. */
        Snapshot layered(String version, long revision) {
            return snapshot(version).withOverrideRevision(revision);
        }
    }

    /** NAV and DELETE managed, OFF disabled. */
    static Snapshot twoStreams() {
        return config().managed(NAV).managed(DELETE).disabled(OFF).snapshot("v1");
    }

    /** What a route log restore returns: these streams' states and audit events, no reports. */
    static RouteLog.Restored restored(List<StreamState> routes, List<AuditEvent> events) {
        Map<String, StreamState> byStream = new LinkedHashMap<>();
        routes.forEach(s -> byStream.put(s.stream(), s));
        return new RouteLog.Restored(byStream, events, List.of());
    }

    static Step restore(MigrationPlan plan, Role role, Optional<Snapshot> lastKnownGood, RouteLog.Restored restored,
                        Optional<LayerInfo> layer) {
        return Controller.step(ControllerState.initial(plan, READY), new Event.Restored(T0, restored, role,
                lastKnownGood, READY, layer, "journal /state/routes.log"));
    }

    /** The one active controller over its journal, restored with {@code snapshot} and every stream reconciled. */
    static ControllerState active(MigrationPlan plan, Snapshot snapshot) {
        return settle(restore(plan, Role.ACTIVE, Optional.of(snapshot), NOTHING, layerOf(plan)));
    }

    static Optional<LayerInfo> layerOf(MigrationPlan plan) {
        return plan.overrideLayer().isPresent() ? LAYER : Optional.empty();
    }

    /**
     * The step's next state after the reconciles its {@link Effect.Schedule} effects asked for (and those these
     * asked for in turn) ran, in request order, each stream once while it waits: as the controller loop runs them.
     * Other effects are not performed (no flag is written).
     */
    static ControllerState settle(Step step) {
        Deque<String> waiting = new ArrayDeque<>();
        Set<String> queued = new LinkedHashSet<>();
        ControllerState state = step.next();
        schedule(step, waiting, queued);
        long seq = 0;
        while (!waiting.isEmpty()) {
            String stream = waiting.poll();
            queued.remove(stream);
            Step next = Controller.step(state, due(++seq, Trigger.RESYNC, stream));
            state = next.next();
            schedule(next, waiting, queued);
        }
        return state;
    }

    private static void schedule(Step step, Deque<String> waiting, Set<String> queued) {
        for (Effect effect : step.effects()) {
            if (effect instanceof Effect.Schedule s) {
                s.streams().stream().sorted().filter(queued::add).forEach(waiting::add);
            }
        }
    }

    static Event.ReconcileDue due(long seq, Trigger trigger, String stream) {
        return new Event.ReconcileDue(T0, new Reconciliation(seq, trigger, stream));
    }

    static Step reconcile(ControllerState state, String stream) {
        return Controller.step(state, due(1, Trigger.RESYNC, stream));
    }

    /** Reports received over HTTP and applied, with their reconciles. */
    static ControllerState received(ControllerState state, List<Report> reports) {
        return settle(Controller.step(state, new Event.ReportsReceived(T0, reports, new RecordingReply())));
    }

    static Report refine(String job, String stream, Hour hour, String database, long epoch) {
        return TestReports.ok(null, WorkAction.REFINE, job, stream, hour, database, epoch, null);
    }

    static Report copy(String job, String stream, Hour hour, String database, long epoch) {
        return TestReports.ok(null, WorkAction.COPY, job, stream, hour, database, epoch, null);
    }

    /** The new job's compare of an hour in shadow: airflow's shadow output against production. */
    static Report compare(String stream, Hour hour, long epoch, Verdict verdict) {
        return TestReports.ok(null, WorkAction.COMPARE, S.newJob(), stream, hour, S.newShadow().value(), epoch,
                verdict);
    }

    /** Hours 0 .. n-1 of {@code stream} in shadow: both jobs' commits. */
    static List<Report> commits(String stream, int n) {
        List<Report> reports = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            reports.add(refine(S.legacyJob(), stream, H0.plusHours(h), S.productionDatabase().value(), 1));
            reports.add(refine(S.newJob(), stream, H0.plusHours(h), S.newShadow().value(), 1));
        }
        return reports;
    }

    /** The compares of hours 0 .. n-1 of {@code stream} in shadow, each with {@code verdict}. */
    static List<Report> compares(String stream, int n, Verdict verdict) {
        List<Report> reports = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            reports.add(compare(stream, H0.plusHours(h), 1, verdict));
        }
        return reports;
    }

    /**
     * Hours 0 .. n-1 of {@code stream} in shadow as workers report them, not reconciled yet: both jobs' commits in
     * one batch, then, once recorded, their compares with {@code verdict} (a verdict counts only for recorded commits).
     */
    static ControllerState canaryHours(ControllerState state, String stream, int n, Verdict verdict) {
        ControllerState committed = Controller.step(state, new Event.ReportsReceived(T0, commits(stream, n),
                new RecordingReply())).next();
        return Controller.step(committed, new Event.ReportsReceived(T0, compares(stream, n, verdict),
                new RecordingReply())).next();
    }

    static List<ReportRecord> numbered(long firstSeq, List<Report> reports) {
        List<ReportRecord> records = new ArrayList<>();
        for (Report r : reports) {
            records.add(new ReportRecord(firstSeq + records.size(), T0, r));
        }
        return records;
    }

    /** An audit event stamped by an earlier controller, recording override-layer revision {@code revision}. */
    static AuditEvent overrideApplied(long seq, long revision) {
        return new AuditEvent(seq, T0.minusSeconds(3600), null, "controller", "override layer revision " + revision
                + " applied", "config change", "v0", revision, null);
    }

    /** A stream state as a route log restores it: NAV in {@code phase}, routes as a cutover at H0+2 left them. */
    static StreamState inPhase(String stream, Phase phase) {
        StreamState shadow = StreamState.initial(stream, S.legacyJob(), T0.minusSeconds(7200));
        if (phase == Phase.SHADOW || phase == Phase.PREFLIGHT
                || phase == Phase.BLOCKED) {
            return shadow.withPhase(phase, T0.minusSeconds(3600));
        }
        return shadow.withRoutesFrom(H0.plusHours(2), S.newJob(), false, H0.plusHours(2))
                .withPhase(phase, T0.minusSeconds(3600)).withPromotedAt(T0.minusSeconds(3600));
    }

    /** The effects without log lines, for order assertions. */
    static List<Effect> withoutLogs(List<Effect> effects) {
        return effects.stream().filter(e -> !(e instanceof Effect.Log)).toList();
    }

    /** The messages of the log effects of {@code level}. */
    static List<String> logs(List<Effect> effects, Effect.Level level) {
        return effects.stream().filter(Effect.Log.class::isInstance).map(Effect.Log.class::cast)
                .filter(l -> l.level() == level).map(Effect.Log::message).toList();
    }

    static <T extends Effect> List<T> only(List<Effect> effects, Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one append of a step. */
    static RouteLog.Batch appended(Step step) {
        List<Effect.Append> appends = only(step.effects(), Effect.Append.class);
        if (appends.size() != 1) {
            throw new AssertionError("expected one Append, got " + step.effects());
        }
        return appends.get(0).batch();
    }

    /** A reply that records how it was completed. */
    static final class RecordingReply implements Reply {
        final List<Object> bodies = new ArrayList<>();
        final List<DomainError> errors = new ArrayList<>();

        @Override
        public void succeed(Object body) {
            bodies.add(body);
        }

        @Override
        public void fail(DomainError error) {
            errors.add(error);
        }
    }
}
