package dev.cutover.simulation;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.MetastoreSwitch;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.StorageFence;
import dev.cutover.worker.commit.SwitchOutcome;
import dev.cutover.worker.commit.SwitchPlan;
import dev.cutover.worker.commit.SwitchStep;
import dev.cutover.worker.commit.TableDefinition;
import dev.cutover.worker.commit.TableRef;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One simulated Refine worker (one job): commits through the real commit protocol ({@link StorageFence} over the
 * warehouse's metastore: wait for {@code not_before}, stage, lease + epoch re-check ({@link FenceDecision}), switch
 * under the lease) and reports like the Spark worker. Faults crash it at every step of a commit, pause it between
 * its fence and its switch, jump its clock. The injected bugs that live in a worker are here.
 */
public final class SimWorker {

    /** A commit paused between its fence and its switch, resumed later. */
    record Paused(String stream, String table, Hour hour, WorkAction action, String database, String from, long epoch,
                  StorageFence.Lease lease, Content content, Instant resumeAt) {
    }

    /** What a commit writes. */
    record Content(long rows, String checksum, String source) {
    }

    private final String job;
    private final World world;
    private final Faults faults;
    private final Optional<InjectedBug> bug;
    private final Supplier<Instant> simClock;
    private Duration skew = Duration.ZERO;
    private final Clock clock;
    private final StorageFence fence;
    private final CommitLayout layout;
    private final List<Paused> paused = new ArrayList<>();
    private long suffix;
    private boolean pauseNext;

    SimWorker(String job, World world, Faults faults, Optional<InjectedBug> bug, Supplier<Instant> simClock) {
        this.job = job;
        this.world = world;
        this.faults = faults;
        this.bug = bug;
        this.simClock = simClock;
        this.clock = new VirtualClock(() -> simClock.get().plus(skew));
        this.fence = new StorageFence(world.warehouse().metastore(), clock);
        this.layout = new CommitLayout(clock, () -> String.format("%08x", (++suffix) & 0xffffffffL));
    }

    public String job() {
        return job;
    }

    /** A clock jump within the lease margin (the plan's margin covers skew up to it). */
    void jumpClock() {
        skew = Duration.ofSeconds(faults.random().nextInt(-50, 51));
    }

    /** The next commit pauses between its fence and its switch. */
    void pauseNext() {
        pauseNext = true;
    }

    boolean hasPaused() {
        return !paused.isEmpty();
    }

    /** Refines (or copies) into {@code database}; empty when it crashed or was held back (the hour stays due). */
    Optional<Report> commit(String stream, String table, Hour hour, WorkAction action, String database, String from,
                            long epoch, LeaseTerms terms) {
        if (faults.roll(FaultKind.CRASH_BEFORE_STAGING)) {
            world.trace(stream, job + " crashed before staging " + action.wireName() + " " + hour + " -> " + database);
            return Optional.empty();
        }
        TableRef ref = world.warehouse().ref(database, table);
        if (bug.filter(b -> b == InjectedBug.SKIP_COMMIT_FENCE).isEmpty()
                && fence.waiting(ref, hour, epoch, terms).isPresent()) {
            return Optional.empty();
        }
        Content content;
        if (action == WorkAction.COPY) {
            Optional<Warehouse.Written> source = world.warehouse().at(from, table, hour);
            if (source.isEmpty()) {
                return Optional.of(new CopyReport(null, job, stream, hour, database, from, table, epoch,
                        ReportStatus.FAILED, "no partition in " + from, 1L, null, null, null));
            }
            content = new Content(source.get().rows(), source.get().checksum(), from);
        } else {
            content = new Content(world.raw().rows(stream, hour), world.raw().checksum(stream, hour, job), "raw");
        }
        layout.newCommitId();
        if (faults.roll(FaultKind.CRASH_AFTER_STAGING)) {
            world.trace(stream, job + " crashed after staging " + action.wireName() + " " + hour + " -> " + database);
            return Optional.empty();
        }
        StorageFence.Lease lease = fence.lease(ref, hour, epoch, terms);
        if (bug.filter(b -> b == InjectedBug.SKIP_COMMIT_FENCE).isEmpty()) {
            FenceDecision decision = FenceDecision.check(stream, epoch, world.routes().currentEpoch(stream),
                    world.routes().source());
            if (decision instanceof FenceDecision.Abort abort) {
                world.trace(stream, job + " fenced " + action.wireName() + " " + hour + ": " + abort.reason());
                return Optional.empty();
            }
        }
        if (pauseNext) {
            pauseNext = false;
            Instant resume = simClock.get().plus(Duration.ofMinutes(30 + faults.random().nextInt(240)));
            paused.add(new Paused(stream, table, hour, action, database, from, epoch, lease, content, resume));
            world.trace(stream, job + " paused after its fence (" + action.wireName() + " " + hour + " -> " + database
                    + " epoch " + epoch + ") until " + resume);
            return Optional.empty();
        }
        if (faults.roll(FaultKind.CRASH_AFTER_FENCE)) {
            world.trace(stream, job + " crashed after its fence " + action.wireName() + " " + hour + " -> " + database);
            return Optional.empty();
        }
        return switchAndReport(stream, table, hour, action, database, from, epoch, lease, content);
    }

    /** Paused commits whose time has come go on from where they stopped (their lease may have ended). */
    List<Report> resumePaused() {
        List<Report> reports = new ArrayList<>();
        Instant now = simClock.get();
        for (Paused p : List.copyOf(paused)) {
            if (now.isBefore(p.resumeAt())) {
                continue;
            }
            paused.remove(p);
            world.trace(p.stream(), job + " resumed its paused commit " + p.hour() + " -> " + p.database() + " epoch "
                    + p.epoch());
            switchAndReport(p.stream(), p.table(), p.hour(), p.action(), p.database(), p.from(), p.epoch(), p.lease(),
                    p.content()).ifPresent(reports::add);
        }
        return reports;
    }

    private Optional<Report> switchAndReport(String stream, String table, Hour hour, WorkAction action,
                                             String database, String from, long epoch, StorageFence.Lease lease,
                                             Content content) {
        TableRef ref = world.warehouse().ref(database, table);
        String commitId = layout.newCommitId();
        URI location = Warehouse.location(ref);
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Warehouse.JOB, job);
        params.put(StorageFence.EPOCH_PARAMETER, Long.toString(epoch));
        params.put(Warehouse.ACTION, action.wireName());
        params.put(Warehouse.ROWS, Long.toString(content.rows()));
        params.put(Warehouse.CHECKSUM, content.checksum());
        params.put(Warehouse.SOURCE, content.source());
        params.put(Warehouse.COMMIT, commitId);
        Map<String, String> spec = CommitLayout.hourSpec(hour);
        List<PartitionRef> wanted = List.of(new PartitionRef(spec,
                CommitLayout.partitionDir(location, hour, commitId, spec), params));
        boolean exists = world.warehouse().metastore().table(ref).isPresent();
        Optional<SwitchStep.EnsureTable> ensure = exists ? Optional.empty() : Optional.of(new SwitchStep.EnsureTable(
                new TableDefinition(ref, location, Warehouse.PARTITION_COLUMNS, "{}"), false));
        Optional<Warehouse.Written> before = world.warehouse().at(database, table, hour);
        SwitchOutcome outcome;
        if (bug.filter(b -> b == InjectedBug.SKIP_COMMIT_FENCE).isPresent()) {
            List<PartitionRef> existing = exists ? world.warehouse().metastore().partitions(ref, hour) : List.of();
            SwitchPlan plan = SwitchPlan.of(ref, location, hour, ensure, existing, wanted, k -> k.startsWith("cutover."));
            outcome = new MetastoreSwitch(world.warehouse().metastore()).apply(plan.steps());
        } else {
            StorageFence.Result result = fence.switchHour(lease, location, ensure, wanted, k -> k.startsWith("cutover."));
            if (result instanceof StorageFence.Result.Refused refused) {
                world.trace(stream, job + " storage fence refused " + hour + " -> " + database + ": "
                        + refused.reason());
                return Optional.empty();
            }
            outcome = ((StorageFence.Result.Applied) result).outcome();
        }
        if (!(outcome instanceof SwitchOutcome.Switched)) {
            return Optional.empty();
        }
        world.checker().written(new World.Write(job, stream, table, hour, action, database, from, epoch, lease.until(),
                simClock.get(), content, before));
        if (faults.roll(FaultKind.CRASH_AFTER_SWITCH)) {
            world.trace(stream, job + " crashed after switching " + hour + " -> " + database + " (no report)");
            return Optional.empty();
        }
        if (action == WorkAction.COPY) {
            return Optional.of(new CopyReport(null, job, stream, hour, database, from, table, epoch, ReportStatus.OK,
                    null, 1L, content.rows(), content.checksum(), "fp-1"));
        }
        return Optional.of(new RefineReport(null, job, stream, hour, database, table, epoch, ReportStatus.OK, null, 1L,
                content.rows(), content.checksum(), "fp-1", 100L));
    }

    /** Compares the new job's side ({@code item.database()}) with legacy's ({@code item.from()}). */
    Report compare(String table, WorkItem item) {
        Optional<Warehouse.Written> left = world.warehouse().at(item.database(), table, item.hour());
        Optional<Warehouse.Written> right = world.warehouse().at(item.from(), table, item.hour());
        Verdict verdict;
        List<String> reasons = new ArrayList<>();
        if (left.isEmpty() || right.isEmpty()) {
            verdict = Verdict.NODATA;
            reasons.add("a side has no partition");
        } else if (left.get().rows() == right.get().rows() && left.get().checksum().equals(right.get().checksum())) {
            verdict = Verdict.PASS;
        } else {
            verdict = Verdict.FAIL;
            reasons.add("checksum differs");
        }
        return new CompareReport(null, job, item.stream(), item.hour(), item.database(), item.from(), table,
                item.epoch(), ReportStatus.OK, null, 1L, verdict, CompareDetail.of(verdict, reasons));
    }

    /** Drops a decommissioned job's shadow partition, under the storage fence. */
    Optional<Report> drop(String table, WorkItem item) {
        TableRef ref = world.warehouse().ref(item.database(), table);
        if (world.warehouse().metastore().table(ref).isEmpty()) {
            return Optional.empty();
        }
        StorageFence.Lease lease = fence.lease(ref, item.hour(), item.epoch(), LeaseTerms.of(item));
        StorageFence.DropResult result = fence.drop(lease);
        if (result instanceof StorageFence.DropResult.Dropped dropped) {
            world.checker().dropped(item.stream(), item.database(), item.hour());
            return Optional.of(new DropReport(null, job, item.stream(), item.hour(), item.database(), table,
                    item.epoch(), ReportStatus.OK, null, 1L, dropped.partitions().size()));
        }
        return Optional.empty();
    }
}
