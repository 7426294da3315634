package dev.cutover.controller.service;

import dev.cutover.controller.model.AuditEvent;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.ObservationStore;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.RouteSegment;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.reconcile.CanaryEvidence;
import dev.cutover.controller.reconcile.Decision;
import dev.cutover.controller.reconcile.EffectiveVerdict;
import dev.cutover.controller.reconcile.Gate;
import dev.cutover.controller.reconcile.GatePolicy;
import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.controller.reconcile.ReconcileInput;
import dev.cutover.controller.reconcile.Reconciler;
import dev.cutover.controller.reconcile.WorkPlanner;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.protocol.WorkItem;
import dev.cutover.model.WorkReport;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.SwitchState;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.Revision;
import dev.cutover.streamconfig.source.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The executor around the pure {@link Reconciler}: owns the current snapshot, the stream states, the observed
 * commits and the route log, and performs what a {@link Decision} says (store, audit, write the flag).
 * Thread-safe: every method is synchronized; the {@link ReconcileQueue} serializes reconciles.
 */
public final class ControllerCore {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerCore.class);

    private final MigrationPlan plan;
    private final CutoverSettings settings;
    private final ConfigTracker tracker;
    private final RouteLog routeLog;
    private final Optional<FlagWriter> flagWriter;
    private final Optional<ReportIntake> intake;
    private final Clock clock;
    private final Map<String, StreamState> states = new TreeMap<>();
    private ObservationStore observations = new ObservationStore();
    private final List<AuditEvent> events = new ArrayList<>();
    private final Set<String> promotionsInFlight = new HashSet<>();
    private final Map<String, String> lastFailure = new TreeMap<>();
    private Optional<Snapshot> snapshot = Optional.empty();
    /** The lowest override-layer revision this controller may act on (folded from the audit log). */
    private long knownOverrideRevision;
    /** Why the latest config snapshot is held (its override layer went backwards), if it is. */
    private Optional<String> overrideHold = Optional.empty();
    private long reportSeq;
    private long auditSeq;
    private boolean restored;
    private boolean synced;
    private volatile boolean active;
    private final CompletableFuture<Void> firstActive = new CompletableFuture<>();
    private volatile Consumer<List<WorkReport>> reportsApplied = reports -> { };

    /** A single controller over its own route log (the journal): always active, reports applied on receipt. */
    public ControllerCore(MigrationPlan plan, ConfigTracker tracker, RouteLog routeLog, Optional<FlagWriter> flagWriter,
                          Clock clock) {
        this(plan, tracker, routeLog, flagWriter, clock, Optional.empty(), true);
    }

    /**
     * @param intake when present, accepted reports are handed to it (e.g. sent to Kafka) instead of being stored
     *               and applied here; they come back through {@link #applyReports} when they are consumed
     * @param active whether this controller starts as the active one; a standby neither reconciles nor writes
     *               until {@link #activate}
     */
    public ControllerCore(MigrationPlan plan, ConfigTracker tracker, RouteLog routeLog, Optional<FlagWriter> flagWriter,
                          Clock clock, Optional<ReportIntake> intake, boolean active) {
        this.plan = plan;
        this.settings = plan.settings();
        this.tracker = tracker;
        this.routeLog = routeLog;
        this.flagWriter = flagWriter;
        this.intake = intake;
        this.clock = clock;
        this.active = active;
        if (active) {
            firstActive.complete(null);
        }
    }

    /** Restores the route log and the last-known-good snapshot (no network I/O). */
    public synchronized void start() {
        RouteLog.Restored restoredLog = routeLog.restore();
        load(restoredLog);
        routeLog.compact();
        snapshot = tracker.start();
        holdIfBehind();
        restored = true;
        LOG.info("restored {} streams, {} audit events and {} reports from {}; config {}", states.size(), events.size(),
                restoredLog.reports().size(), routeLog.describe(),
                snapshot.map(s -> "from the last-known-good snapshot (" + s.size() + " entries)").orElse("not loaded yet"));
    }

    /** Replaces everything this controller knows with what the route log holds. */
    private void load(RouteLog.Restored restoredLog) {
        states.clear();
        events.clear();
        observations = new ObservationStore();
        lastFailure.clear();
        promotionsInFlight.clear();
        states.putAll(restoredLog.routes());
        events.addAll(restoredLog.events());
        auditSeq = events.stream().mapToLong(AuditEvent::seq).max().orElse(0);
        knownOverrideRevision = OverrideLayerCheck.highestKnown(events);
        for (ReportRecord record : restoredLog.reports()) {
            observations.apply(record);
            noteFailure(record.report());
        }
        reportSeq = observations.lastSeq();
    }

    /**
     * Becomes the active controller on freshly restored state (read after every older writer was fenced): from
     * now on it reconciles and writes. The caller then asks for a full reconcile.
     */
    public synchronized void activate(RouteLog.Restored restoredLog) {
        load(restoredLog);
        holdIfBehind();
        active = true;
        firstActive.complete(null);
        LOG.info("active: restored {} streams, {} audit events and {} reports from {}", states.size(), events.size(),
                restoredLog.reports().size(), routeLog.describe());
    }

    /**
     * Becomes a standby: stops reconciling and writing. Returns once no reconcile is running (they hold the same
     * lock), so nothing is written after this.
     */
    public synchronized void deactivate(String reason) {
        if (active) {
            LOG.warn("standby from now on ({}): not reconciling, not writing", reason);
        }
        active = false;
    }

    /** A standby catching up from scratch: everything it knows is replaced (it does not write). */
    public synchronized void reload(RouteLog.Restored restoredLog) {
        load(restoredLog);
        holdIfBehind();
    }

    /** A standby following the routes topic: the stream's latest state as the active controller stored it. */
    public synchronized void followRoute(String stream, Optional<StreamState> state) {
        if (state.isPresent()) {
            states.put(stream, state.get());
        } else {
            states.remove(stream);
        }
    }

    /** A standby following the audit topic. */
    public synchronized void followEvent(AuditEvent event) {
        events.add(event);
        auditSeq = Math.max(auditSeq, event.seq());
        knownOverrideRevision = OverrideLayerCheck.fold(knownOverrideRevision, event);
    }

    /**
     * Called with the reports this controller applies while it is active, wherever they came from: received over
     * HTTP and stored here (journal), consumed from the reports topic (Kafka), or restored on activation without
     * any controller having applied them before ({@link #countRestoredReports}). Metrics count them.
     */
    public void onReportsApplied(Consumer<List<WorkReport>> listener) {
        reportsApplied = listener;
    }

    /**
     * Reports restored on activation that no controller had applied before (e.g. produced to the reports topic
     * while no controller ran): they were folded in by {@link #activate}; this counts them as applied.
     */
    public void countRestoredReports(List<ReportRecord> records) {
        if (active) {
            notifyApplied(records);
        }
    }

    private void notifyApplied(List<ReportRecord> records) {
        if (!records.isEmpty()) {
            reportsApplied.accept(records.stream().map(ReportRecord::report).toList());
        }
    }

    /** Whether this controller reconciles and writes (a standby only follows). */
    public boolean active() {
        return active;
    }

    /** Where routes, audit events and reports are kept (journal path or Kafka topics), for logs and status. */
    public String routeLogDescription() {
        return routeLog.describe();
    }

    /**
     * Completes when this controller first becomes active: at once for a single controller over the journal, when
     * elected for a replica of the Kafka control plane (it may be a standby again later; see {@link #active}).
     */
    public CompletableFuture<Void> firstActivation() {
        return firstActive;
    }

    /** {@code active} or {@code standby}, for {@code /ready} and status. */
    public String role() {
        return active ? "active" : "standby";
    }

    /** Ready once the route log is restored, a snapshot is loaded and every stream was reconciled against it. */
    public synchronized boolean ready() {
        return restored && snapshot.isPresent() && synced;
    }

    /** Marks the first full reconcile pass over a loaded snapshot as done. */
    public synchronized void markSynced() {
        synced = snapshot.isPresent();
    }

    public synchronized boolean synced() {
        return synced;
    }

    public MigrationPlan plan() {
        return plan;
    }

    /** The tracker's status, or STALE (ERROR without any usable snapshot) while a snapshot is held. */
    public synchronized SourceStatus sourceStatus() {
        SourceStatus status = tracker.status();
        if (overrideHold.isEmpty()) {
            return status;
        }
        return new SourceStatus(snapshot.isPresent() ? SourceStatus.State.STALE : SourceStatus.State.ERROR,
                status.lastSuccess(), overrideHold, status.errorSince().or(() -> Optional.of(clock.instant())));
    }

    /**
     * Polls the config source once; returns the streams whose config changed (I4: a failure changes nothing, and
     * neither does a snapshot whose override layer went backwards: see {@link OverrideLayerCheck}).
     */
    public synchronized Set<String> poll() {
        PollOutcome outcome = tracker.poll();
        if (outcome instanceof PollOutcome.Failed failed) {
            LOG.warn("config poll failed, nothing changed: {}", failed.error());
            return Set.of();
        }
        if (outcome instanceof PollOutcome.Held held) {
            LOG.warn("config snapshot held, nothing changed: {}", held.reason());
            return Set.of();
        }
        Optional<Snapshot> latest = tracker.current();
        if (latest.isEmpty()) {
            return Set.of();
        }
        Optional<String> hold = holdReason(latest.get());
        if (hold.isPresent()) {
            if (!hold.equals(overrideHold)) {
                LOG.error("config snapshot held, nothing changed: {}", hold.get());
            }
            overrideHold = hold;
            return Set.of();
        }
        if (overrideHold.isPresent()) {
            LOG.info("override layer is back at revision {} (expected at least {}): config is applied again",
                    OverrideLayerCheck.revisionOf(latest.get()).orElse(0), knownOverrideRevision);
            overrideHold = Optional.empty();
        }
        if (snapshot.isPresent() && snapshot.get().contentHash().equals(latest.get().contentHash())) {
            return Set.of();
        }
        return adopt(latest.get());
    }

    /** Makes {@code next} the snapshot this controller acts on; returns the streams whose config changed. */
    private Set<String> adopt(Snapshot next) {
        SnapshotDiff diff = SnapshotDiff.between(snapshot, next);
        snapshot = Optional.of(next);
        recordOverrideRevision(next);
        LOG.info("config applied from {} (version {}): {} added, {} removed, {} changed", next.origin(),
                next.version().orElse("-"), diff.added().size(), diff.removed().size(), diff.changed().size());
        return new LinkedHashSet<>(diff.affected());
    }

    /**
     * Raises the expected override revision to the applied snapshot's; when this active controller had not recorded
     * that revision yet (someone else wrote the layer), an audit event makes it durable in the route log.
     */
    private void recordOverrideRevision(Snapshot applied) {
        OptionalLong revision = OverrideLayerCheck.revisionOf(applied);
        if (revision.isEmpty() || revision.getAsLong() <= knownOverrideRevision) {
            return;
        }
        knownOverrideRevision = revision.getAsLong();
        if (!active) {
            return;
        }
        AuditEvent event = new AuditEvent(++auditSeq, clock.instant(), null, Note.CONTROLLER,
                "override layer revision " + revision.getAsLong() + " applied", "config change"
                + layerAttribution(revision.getAsLong()), applied.version().orElse(null), revision.getAsLong(), null);
        try {
            routeLog.append(new RouteLog.Batch(List.of(), List.of(event), List.of()));
            events.add(event);
        } catch (RuntimeException e) {
            LOG.warn("cannot record override layer revision {} in {} (the next audit event records it): {}",
                    revision.getAsLong(), routeLog.describe(), e.getMessage());
        }
    }

    /** Why {@code latest} must not be acted on (its override layer went backwards), if so. */
    private Optional<String> holdReason(Snapshot latest) {
        if (flagWriter.isEmpty()) {
            return Optional.empty();
        }
        java.nio.file.Path file = flagWriter.get().layer().file();
        return OverrideLayerCheck.hold(latest, knownOverrideRevision, file, Files.exists(file));
    }

    /** After a restore: a current snapshot whose override layer is behind the route log is not acted on. */
    private void holdIfBehind() {
        Optional<Snapshot> latest = snapshot.isPresent() ? snapshot : tracker.current();
        overrideHold = latest.flatMap(this::holdReason);
        if (overrideHold.isPresent()) {
            LOG.error("config snapshot held, nothing applied: {}", overrideHold.get());
            snapshot = Optional.empty();
            synced = false;
        }
    }

    /**
     * Accepts an override layer that went back to a lower revision on purpose (audited): from now on
     * {@code revision} is the expected one and the held snapshot is applied. Nothing happens unless the layer
     * is held at exactly that revision.
     *
     * @return the streams to reconcile
     * @throws IllegalStateException    when nothing is held (the message says what the layer is at)
     * @throws IllegalArgumentException when the held layer is at another revision
     */
    public synchronized Set<String> acceptOverrideRevision(long revision, String who, String why) {
        if (!active) {
            throw new NotActiveException("this controller is a standby; send the accept request to the active"
                    + " controller (GET /ready shows each one's role)");
        }
        Optional<Snapshot> latest = tracker.current();
        if (flagWriter.isEmpty() || latest.isEmpty() || holdReason(latest.get()).isEmpty()) {
            throw new IllegalStateException("nothing to accept: no config snapshot is held because of the override"
                    + " layer (it is at or above revision " + knownOverrideRevision + ", or none is configured)");
        }
        long actual = OverrideLayerCheck.revisionOf(latest.get()).orElse(0);
        if (actual != revision) {
            throw new IllegalArgumentException("the held override layer is at revision " + actual + ", not "
                    + revision + "; accept the revision you checked (GET /ready shows the problem)");
        }
        AuditEvent event = new AuditEvent(++auditSeq, clock.instant(), null, who, "override layer "
                + flagWriter.get().layer().file() + " accepted at revision " + actual + " (revision "
                + knownOverrideRevision + " was applied before): config is applied from it again", why,
                latest.get().version().orElse(null), actual, true);
        routeLog.append(new RouteLog.Batch(List.of(), List.of(event), List.of()));
        events.add(event);
        LOG.warn("[api] {}: {} (why: {})", who, event.what(), why);
        knownOverrideRevision = actual;
        overrideHold = Optional.empty();
        Set<String> affected = adopt(latest.get());
        affected.addAll(states.keySet());
        return affected;
    }

    /** Problems of the whole controller (a held config snapshot), for {@code /ready}, status and every stream. */
    public synchronized List<String> configProblems() {
        return overrideHold.stream().toList();
    }

    public synchronized java.time.Duration nextPollDelay() {
        return tracker.nextDelay();
    }

    /** Every stream worth reconciling: the named streams of the snapshot and every stream with a state. */
    public synchronized Set<String> allStreams() {
        Set<String> all = new LinkedHashSet<>();
        snapshot.ifPresent(s -> s.namedStreams().forEach(c -> all.add(c.name())));
        all.addAll(states.keySet());
        return all;
    }

    /**
     * What a reconcile did that the queue must follow up on.
     *
     * @param flagWritten  the flag was written: poll again at once so the change is picked up
     * @param phaseChanged the phase changed: streams waiting for a cutover slot or their promotion turn may go now
     */
    public record Outcome(boolean flagWritten, boolean phaseChanged) {
        static final Outcome NOTHING = new Outcome(false, false);
    }

    /** Streams whose gate may open when another stream's phase changes (waiting in plan order or for a slot). */
    public synchronized Set<String> waitingForAGate() {
        Set<String> waiting = new LinkedHashSet<>();
        for (StreamState s : states.values()) {
            if (s.phase() == Phase.PREFLIGHT || (plan.lists(s.stream())
                    && (s.phase() == Phase.SHADOW || s.phase() == Phase.READY_TO_PROMOTE))) {
                waiting.add(s.stream());
            }
        }
        return waiting;
    }

    /** Reconciles one stream and applies the decision. */
    public synchronized Outcome reconcile(Reconciliation ctx) {
        if (!active) {
            LOG.debug("{} skipped: standby", ctx);
            return Outcome.NOTHING;
        }
        if (snapshot.isEmpty()) {
            LOG.debug("{} skipped: no good config snapshot yet", ctx);
            return Outcome.NOTHING;
        }
        String stream = ctx.stream();
        Optional<SwitchState> desired = snapshot.get().lookup(stream)
                .map(config -> SwitchState.read(stream, config, settings));
        Optional<StreamState> current = Optional.ofNullable(states.get(stream));
        StreamObservations observed = observations.view(stream);
        Decision decision = Reconciler.reconcile(new ReconcileInput(stream, desired, current, observed, plan,
                gate(stream), flagWriter.isPresent(), clock.instant()));
        decision.next().ifPresent(next -> {
            if (!next.phase().equals(Phase.SHADOW) && !next.phase().equals(Phase.READY_TO_PROMOTE)) {
                promotionsInFlight.remove(stream);
            }
        });
        List<AuditEvent> audit = new ArrayList<>();
        String attribution = ctx.trigger() == Trigger.CONFIG_CHANGE ? layerAttribution(stream) : "";
        decision.notes().forEach(note -> audit.add(stamp(stream,
                new Note(note.who(), note.what(), note.why() + attribution))));
        boolean stateChanged = decision.next().isPresent() && !decision.next().equals(current);
        if (stateChanged || !audit.isEmpty()) {
            routeLog.append(new RouteLog.Batch(decision.next().stream().toList(), audit, List.of()));
            decision.next().ifPresent(next -> states.put(stream, next));
            events.addAll(audit);
            audit.forEach(e -> LOG.info("{} {}: {} (why: {})", ctx, e.who(), e.what(), e.why()));
        }
        boolean phaseChanged = decision.next().map(StreamState::phase).orElse(null)
                != current.map(StreamState::phase).orElse(null);
        boolean written = decision.flagChange().map(change -> writeFlag(ctx, change)).orElse(false);
        return new Outcome(written, phaseChanged);
    }

    /** Who last wrote this stream's entry in the override layer, for audit notes caused by a config change. */
    private String layerAttribution(String stream) {
        if (flagWriter.isEmpty()) {
            return "";
        }
        List<Revision> history = flagWriter.get().layer().history();
        for (int i = history.size() - 1; i >= 0; i--) {
            Revision r = history.get(i);
            if (r.stream().equals(stream)) {
                return " [override layer revision " + r.number() + " by " + r.who() + ": " + r.why() + "]";
            }
        }
        return "";
    }

    /** Who wrote a revision of the override layer, for the audit note recording it. */
    private String layerAttribution(long revision) {
        return flagWriter.get().layer().history().stream().filter(r -> r.number() == revision).findFirst()
                .map(r -> " [" + r.stream() + " by " + r.who() + ": " + r.why() + "]").orElse("");
    }

    private boolean writeFlag(Reconciliation ctx, FlagChange change) {
        if (flagWriter.isEmpty() || promotionsInFlight.contains(change.stream()) && change.kind() == FlagChange.Kind.PROMOTE) {
            return false;
        }
        if (overrideHold.isPresent()) {
            LOG.warn("{} {} not written to the override layer while it is behind: {}", ctx, change.kind(),
                    overrideHold.get());
            return false;
        }
        Optional<Revision> revision = flagWriter.get().apply(change);
        if (revision.isEmpty() || revision.get().isNoop()) {
            return false;
        }
        if (change.kind() == FlagChange.Kind.PROMOTE) {
            promotionsInFlight.add(change.stream());
        }
        String what = (change.kind() == FlagChange.Kind.PROMOTE ? "flag set to " + settings.productionDatabase()
                : "flag reverted") + " in the override layer (revision " + revision.get().number() + ")";
        knownOverrideRevision = Math.max(knownOverrideRevision, revision.get().number());
        AuditEvent event = stamp(change.stream(), new Note(change.who(), what, change.why()), knownOverrideRevision);
        routeLog.append(new RouteLog.Batch(List.of(), List.of(event), List.of()));
        events.add(event);
        LOG.info("{} {}: {} (why: {})", ctx, event.who(), event.what(), event.why());
        return true;
    }

    private AuditEvent stamp(String stream, Note note) {
        OptionalLong override = snapshot.map(OverrideLayerCheck::revisionOf).orElse(OptionalLong.empty());
        return stamp(stream, note, override.isPresent() ? override.getAsLong() : null);
    }

    private AuditEvent stamp(String stream, Note note, Long overrideRevision) {
        String revision = snapshot.map(s -> s.version().orElse(s.contentHash().substring(0, 12))).orElse(null);
        return new AuditEvent(++auditSeq, clock.instant(), stream, note.who(), note.what(), note.why(), revision,
                overrideRevision, null);
    }

    private Gate gate(String stream) {
        return GatePolicy.gate(stream, states, observations::view, plan, promotionsInFlight);
    }

    /**
     * Accepts a batch of worker reports: validates all, numbers and stores them, folds them in.
     *
     * @return the streams to reconcile
     * @throws IllegalArgumentException naming every bad report (nothing is stored then)
     */
    public Set<String> accept(List<WorkReport> reports) {
        validate(reports);
        if (intake.isPresent()) {
            intake.get().submit(reports);
            return Set.of();
        }
        return store(reports);
    }

    private void validate(List<WorkReport> reports) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            WorkReport r = reports.get(i);
            String where = "report " + i + (r.id() == null ? "" : " (" + r.id() + ")") + ": ";
            if (r.stream() == null || r.hour() == null || r.action() == null || r.status() == null) {
                problems.add(where + "stream, hour, action and status are required");
            } else if (r.job() == null || !settings.jobs().contains(r.job())) {
                problems.add(where + "job '" + r.job() + "' is not one of " + settings.jobs());
            } else if (r.ok() && r.action() != dev.cutover.protocol.WorkAction.COMPARE && r.database() == null) {
                problems.add(where + "an OK " + r.action().wireName() + " report needs the database");
            } else if (r.ok() && r.action() == dev.cutover.protocol.WorkAction.COMPARE && r.verdict() == null) {
                problems.add(where + "an OK compare report needs the verdict");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private synchronized Set<String> store(List<WorkReport> reports) {
        List<ReportRecord> records = new ArrayList<>();
        for (WorkReport report : reports) {
            records.add(new ReportRecord(++reportSeq, clock.instant(), report));
        }
        routeLog.append(new RouteLog.Batch(List.of(), List.of(), records));
        Set<String> streams = apply(records);
        notifyApplied(records);
        return streams;
    }

    /**
     * Folds in reports that are already stored (consumed from the reports topic, numbered by their offsets).
     * Reports a worker got wrong are skipped with a warning: one bad worker never stops the controller.
     *
     * @return the streams to reconcile
     */
    public synchronized Set<String> applyReports(List<ReportRecord> records) {
        List<ReportRecord> good = new ArrayList<>();
        for (ReportRecord record : records) {
            try {
                validate(List.of(record.report()));
                good.add(record);
            } catch (IllegalArgumentException e) {
                LOG.warn("report {} skipped: {}", record.seq(), e.getMessage());
            }
        }
        reportSeq = Math.max(reportSeq, records.stream().mapToLong(ReportRecord::seq).max().orElse(0));
        Set<String> streams = apply(good);
        if (active) {
            notifyApplied(good);
        }
        return streams;
    }

    private Set<String> apply(List<ReportRecord> records) {
        Set<String> streams = new LinkedHashSet<>();
        for (ReportRecord record : records) {
            observations.apply(record);
            streams.add(record.report().stream());
            noteFailure(record.report());
        }
        return streams;
    }

    private void noteFailure(WorkReport r) {
        if (r.stream() == null || r.action() == null) {
            return;
        }
        String key = r.stream() + "\u0000" + r.job() + " " + r.action().wireName() + " " + r.hour();
        if (r.ok()) {
            lastFailure.remove(key);
        } else {
            lastFailure.put(key, r.status() + ": " + r.error());
        }
    }

    public synchronized Optional<StreamState> state(String stream) {
        return Optional.ofNullable(states.get(stream));
    }

    public synchronized Map<String, StreamState> states() {
        return Map.copyOf(states);
    }

    public synchronized StreamObservations observations(String stream) {
        return observations.view(stream);
    }

    public synchronized Optional<Snapshot> snapshot() {
        return snapshot;
    }

    /**
     * Routes of every managed stream (or one) for a job and hour, as routed refines see them: the database, or
     * null ("do not write") when the work list handles that hour or the job's output is already in place
     * ({@link WorkPlanner#routedRefineAllowed}). The epoch is always the stream's current one (fencing).
     */
    public synchronized Map<String, Route> routes(String job, Hour hour, Optional<String> stream) {
        requireJob(job);
        Map<String, Route> routes = new LinkedHashMap<>();
        for (StreamState state : states.values()) {
            if (stream.isEmpty() || stream.get().equals(state.stream())) {
                HourObservation obs = observations.view(state.stream()).at(hour);
                routes.put(state.stream(), WorkPlanner.routedRefineAllowed(state, job, hour, obs, settings)
                        ? state.route(job, hour, settings) : new Route(null, state.epoch()));
            }
        }
        return routes;
    }

    public synchronized Optional<Long> epoch(String stream) {
        return Optional.ofNullable(states.get(stream)).map(StreamState::epoch);
    }

    /** The job's work list across streams, oldest hour first. */
    public synchronized List<WorkItem> work(String job) {
        requireJob(job);
        List<WorkItem> items = new ArrayList<>();
        for (StreamState state : states.values()) {
            for (PlannedWork w : WorkPlanner.plan(state, observations.view(state.stream()), settings)) {
                if (w.job().equals(job)) {
                    items.add(w.item());
                }
            }
        }
        items.sort(Comparator.comparing(WorkItem::hour).thenComparing(WorkItem::stream));
        return items;
    }

    private void requireJob(String job) {
        if (job == null || !settings.jobs().contains(job)) {
            throw new IllegalArgumentException("unknown job '" + job + "'; this controller knows " + settings.jobs());
        }
    }

    public synchronized List<AuditEvent> events(long since, int limit) {
        return events.stream().filter(e -> e.seq() > since).limit(limit).toList();
    }

    /** The flag value in the current snapshot, if any. */
    public synchronized Optional<String> flag(String stream) {
        return snapshot.flatMap(s -> s.lookup(stream)).flatMap(c -> c.text(settings.flagPointer()));
    }

    /**
     * An explicit, audited request: override a preflight block, or decommission the legacy job.
     *
     * @throws IllegalStateException when the stream is not in a phase that allows it (the message says which)
     */
    public synchronized void request(String stream, Request request, String who, String why) {
        if (!active) {
            throw new NotActiveException("this controller is a standby; send " + request.name().toLowerCase(
                    java.util.Locale.ROOT) + " requests to the active controller (GET /ready shows each one's role)");
        }
        StreamState state = Optional.ofNullable(states.get(stream)).orElseThrow(() ->
                new java.util.NoSuchElementException("stream '" + stream + "' is not managed by this controller"));
        StreamState next;
        if (request == Request.OVERRIDE) {
            if (state.phase() != Phase.BLOCKED && state.phase() != Phase.PREFLIGHT) {
                throw new IllegalStateException("stream " + stream + " is " + state.phase()
                        + "; only a BLOCKED (or PREFLIGHT) stream's preflight can be overridden");
            }
            next = state.withOverridden(true);
        } else {
            if (state.phase() != Phase.READY_TO_DECOMMISSION) {
                throw new IllegalStateException("stream " + stream + " is " + state.phase()
                        + "; decommission is possible once it is READY_TO_DECOMMISSION (after the soak period)");
            }
            next = state.withDecommissionRequested(true);
        }
        AuditEvent event = stamp(stream, new Note(who, request == Request.OVERRIDE ? "preflight overridden"
                : "decommission requested", why));
        routeLog.append(new RouteLog.Batch(List.of(next), List.of(event), List.of()));
        states.put(stream, next);
        events.add(event);
        LOG.info("[api {}] {}: {} (why: {})", stream, who, event.what(), why);
    }

    public enum Request { OVERRIDE, DECOMMISSION }

    /** Problems of a stream: the controller's ({@link #configProblems}), its own and its last failed work reports. */
    public synchronized List<String> problems(String stream) {
        List<String> problems = new ArrayList<>(configProblems());
        problems.addAll(Optional.ofNullable(states.get(stream)).map(StreamState::problems).orElse(List.of()));
        lastFailure.forEach((key, error) -> {
            if (key.startsWith(stream + "\u0000")) {
                problems.add("worker: " + key.substring(stream.length() + 1) + " " + error);
            }
        });
        return problems;
    }

    /** The routes of a stream, as the API shows them. */
    public synchronized List<StreamView.RouteView> routeViews(StreamState state) {
        List<StreamView.RouteView> views = new ArrayList<>();
        for (RouteSegment segment : state.segments()) {
            Map<String, String> databases = new LinkedHashMap<>();
            for (String job : settings.jobs()) {
                databases.put(job, state.databaseFor(job, segment.fromHour(), settings));
            }
            views.add(new StreamView.RouteView(segment.fromHour().toString(), segment.epoch(), segment.leader(),
                    databases));
        }
        return views;
    }

    /**
     * Verdicts by hour, oldest first (at most {@code limit}, newest kept), as the plan's checks read them
     * ({@link EffectiveVerdict}); {@code detail} is the worker's compare JSON unchanged.
     */
    public synchronized List<StreamView.VerdictView> verdicts(String stream, int limit) {
        List<StreamView.VerdictView> views = new ArrayList<>();
        for (Map.Entry<Hour, HourObservation> entry : observations.view(stream).hours().entrySet()) {
            entry.getValue().verdict().ifPresent(v -> views.add(new StreamView.VerdictView(entry.getKey().toString(),
                    EffectiveVerdict.of(v, plan.canary()).name(), v.detail())));
        }
        return views.size() <= limit ? views : views.subList(views.size() - limit, views.size());
    }

    public void close() {
        routeLog.close();
    }

    /** A config entry for tests and the plan command. */
    public synchronized Optional<StreamConfig> config(String stream) {
        return snapshot.flatMap(s -> s.lookup(stream));
    }
}
