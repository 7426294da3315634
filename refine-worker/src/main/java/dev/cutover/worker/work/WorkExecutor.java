package dev.cutover.worker.work;

import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.Errors;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.compare.Comparer;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.transform.TransformChain;
import java.time.Clock;
import java.util.Optional;

/**
 * Executes one work item of the controller's list and returns its report (with the item id):
 * refine (stream, hour) into {@code database}; compare {@code database} (left) with {@code from} (right);
 * copy from {@code from} into {@code database}; drop in {@code database}. Writes are fenced on the
 * item's epoch and run under its write lease terms ({@link LeaseTerms}).
 * A bad item (invalid database, missing raw input) fails that item only.
 */
public final class WorkExecutor {

    private final Refiner refiner;
    private final Comparer comparer;
    private final PartitionCopier copier;
    private final RawLayout layout;
    private final RouteProvider fences;
    private final RoutedRefine routed;
    private final Clock clock;

    public WorkExecutor(Refiner refiner, Comparer comparer, PartitionCopier copier, RawLayout layout,
                        RouteProvider fences, RoutedRefine routed, Clock clock) {
        this.refiner = refiner;
        this.comparer = comparer;
        this.copier = copier;
        this.layout = layout;
        this.fences = fences;
        this.routed = routed;
        this.clock = clock;
    }

    public Report execute(String job, TransformChain transforms, WorkItem item) {
        long started = clock.millis();
        try {
            DatabaseName db = DatabaseName.of(item.database());
            return switch (item.action()) {
                case REFINE -> refineOrCopy(job, transforms, item, db, started);
                case COMPARE -> compare(job, item, db, started);
                case COPY -> copy(job, item, db, started);
                case DROP -> copier.drop(item.stream(), item.hour(), db, job, item.epoch(), LeaseTerms.of(item),
                        fences.fence(item.stream(), item.epoch()), item.id());
            };
        } catch (Exception e) {
            // a Spark task failure (unreadable input, failed write) is a SparkException, a checked exception
            return failed(job, item, clock.millis() - started, item.action().wireName() + " " + item.stream() + " "
                    + item.hour() + " failed: " + Errors.rootMessage(e));
        }
    }

    /**
     * A refine item does what {@link RoutedRefine#decide} makes of what storage holds, as a routed write does: wait
     * while production holds the other job's unpreserved output, copy the job's own output from its shadow (a
     * restore is a copy, not a recompute), else refine. The controller plans from the reports it received; storage
     * may hold output whose report never reached it.
     */
    private Report refineOrCopy(String job, TransformChain transforms, WorkItem item, DatabaseName db, long started) {
        RoutedWrite.Decision decision = routed.decide(job, item.stream(), item.hour(), db.value());
        if (decision instanceof RoutedWrite.Wait wait) {
            return attempt(job, item, clock.millis() - started).refineAborted("waits: " + wait.reason(), null, 0L);
        }
        if (decision instanceof RoutedWrite.Copy copy) {
            Report report = routed.copy(job, item.stream(), item.hour(), copy.from(), db.value(), item.epoch(),
                    LeaseTerms.of(item));
            return report.withId(item.id());
        }
        return refine(job, transforms, item, db);
    }

    /** A copy into production waits while production holds the other job's unpreserved output (I3). */
    private Report copy(String job, WorkItem item, DatabaseName db, long started) {
        Optional<String> hold = routed.productionHold(job, item.stream(), item.hour(), db.value());
        if (hold.isPresent()) {
            return attempt(job, item, clock.millis() - started).copyAborted(item.from(), "waits: " + hold.get(), null);
        }
        return copier.copy(item.stream(), item.hour(), DatabaseName.of(item.from()), db, job, item.epoch(),
                LeaseTerms.of(item), fences.fence(item.stream(), item.epoch()), item.id());
    }

    private Report refine(String job, TransformChain transforms, WorkItem item, DatabaseName db) {
        Optional<RawHour> raw = layout.discover(s -> s.equals(item.stream()), item.hour(), item.hour().next()).stream()
                .findFirst();
        if (raw.isEmpty() || !raw.get().complete()) {
            return failed(job, item, 0, "refine " + item.stream() + " " + item.hour() + ": raw input "
                    + (raw.isEmpty() ? "is missing" : "is not complete (no _IMPORTED flag)") + " under " + layout.root());
        }
        RefineReport report = refiner.refine(new Refiner.Request(raw.get(), job, transforms, db, item.epoch(),
                LeaseTerms.of(item), fences.fence(item.stream(), item.epoch()), item.id()));
        routed.record(job, raw.get(), report);
        return report;
    }

    private CompareReport compare(String job, WorkItem item, DatabaseName left, long started) {
        DatabaseName right = DatabaseName.of(item.from());
        Comparer.Result result = comparer.compare(item.stream(), item.hour(), left, right);
        return attempt(job, item, clock.millis() - started).compared(right.value(), result.verdict(), result.detail());
    }

    private static Report failed(String job, WorkItem item, long took, String error) {
        return attempt(job, item, took).failed(item.action(), item.from(), error);
    }

    private static Attempt attempt(String job, WorkItem item, long took) {
        return new Attempt(item.id(), job, item.stream(), item.hour(), item.database(),
                TableNames.forStream(item.stream()), item.epoch(), took);
    }
}
