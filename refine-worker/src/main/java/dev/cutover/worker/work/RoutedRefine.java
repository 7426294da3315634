package dev.cutover.worker.work;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.poll.ExponentialBackoff;
import dev.cutover.worker.Errors;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.report.Progress;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.transform.TransformChain;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routed refine pass of one job over a set of raw hours: for each complete hour, ask the route
 * provider where it goes; skip unmanaged streams, "do not write" routes and hours already done under the
 * same (database, epoch) with unchanged input; refine the rest (under the route's epoch and write lease terms),
 * or, with a view of storage ({@link HourStorage}), do what {@link RoutedWrite} decides from what the databases hold
 * (an hour the controller never heard of: copy instead of recompute, wait while production holds the other job's
 * unpreserved output),
 * report each and mark the OK ones done once their report was delivered: an OK hour whose report did not arrive
 * stays due and is refined and reported again (the controller's work lists are level-triggered, so a second report
 * of an hour is harmless). A FAILED hour is not marked: the next run tries it again.
 * Within one long-running process (work --loop)
 * it is retried after a backoff ({@link #DEFAULT_RETRY}), not every round; a new route or new input makes it
 * due at once.
 */
public final class RoutedRefine {

    /**
     * How long a long-running worker waits before retrying a failed hour: 5 minutes, doubling up to 1 hour
     * (no jitter: the retries of one worker need no spreading).
     */
    public static final ExponentialBackoff DEFAULT_RETRY = new ExponentialBackoff(Duration.ofMinutes(5), 2.0,
            Duration.ofHours(1), 0.0);

    /** The failures in a row of one (job, stream, hour) under one route and input, and when to try again. */
    private record Backoff(String database, long epoch, long rawMtime, long rawBytes, int failures, Instant retryAt) {
        boolean sameAttempt(RawHour raw, String db, long e) {
            return java.util.Objects.equals(database, db) && epoch == e && rawMtime == raw.mtime() && rawBytes == raw.bytes();
        }
    }

    /** Refines one hour: the {@link Refiner}; unit tests pass a fake. */
    @FunctionalInterface
    public interface HourRefiner {
        RefineReport refine(Refiner.Request request);
    }

    private final HourRefiner refiner;
    private final RouteProvider routes;
    private final DoneMarkers markers;
    private final ReportSink sink;
    private final Clock clock;
    private final PrintStream progressOut;
    private final ExponentialBackoff retry;
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final HourStorage storage;
    private final Databases databases;

    public RoutedRefine(Refiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut) {
        this(refiner, routes, markers, sink, clock, progressOut, DEFAULT_RETRY);
    }

    public RoutedRefine(Refiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut, ExponentialBackoff retry) {
        this(refiner::refine, routes, markers, sink, clock, progressOut, retry);
    }

    public RoutedRefine(HourRefiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut, ExponentialBackoff retry) {
        this(refiner, routes, markers, sink, clock, progressOut, retry, HourStorage.NONE, null);
    }

    /**
     * A pass that reads what storage holds before each routed write ({@link RoutedWrite}) and copies when that is
     * what the hour needs; {@code databases} are the plan's (production and each job's shadow).
     */
    public RoutedRefine(HourRefiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut, ExponentialBackoff retry, HourStorage storage, Databases databases) {
        this.storage = storage;
        this.databases = databases;
        this.retry = retry;
        this.refiner = refiner;
        this.routes = routes;
        this.markers = markers;
        this.sink = sink;
        this.clock = clock;
        this.progressOut = progressOut;
    }

    /**
     * What a pass did. {@code due} = hours refined (or attempted); {@code routeErrors} = hours not routable now;
     * {@code delayed} = hours to write that the job's start delay ({@link StartDelays}) holds back for now.
     */
    public record Summary(int due, int ok, int failed, int aborted, int routeErrors, List<Report> reports,
                          int delayed) {
        public boolean anyFailed() {
            return failed > 0;
        }
    }

    public Summary run(String job, TransformChain transforms, List<RawHour> hours, boolean ignoreDone) {
        return run(job, transforms, hours, ignoreDone, StartDelays.NONE);
    }

    /**
     * The pass, starting no hour before the job's start delay after the hour was marked complete ({@code delays},
     * by this pass's clock): such an hour is left for a later pass.
     */
    public Summary run(String job, TransformChain transforms, List<RawHour> hours, boolean ignoreDone,
                       StartDelays delays) {
        List<RawHour> complete = hours.stream().filter(RawHour::complete).toList();
        List<Due> due = new ArrayList<>();
        int routeErrors = 0;
        int delayed = 0;
        for (RawHour raw : complete) {
            try {
                Optional<Route> route = routes.route(job, raw.stream(), raw.hour());
                if (route.isEmpty() || !route.get().writes()) {
                    continue;
                }
                Route r = route.get();
                if (!ignoreDone && (markers.isDone(job, raw, r.database(), r.epoch())
                        || backingOff(job, raw, r.database(), r.epoch()))) {
                    continue;
                }
                if (!delays.due(job, raw, clock.instant())) {
                    delayed++;
                    continue;
                }
                RoutedWrite.Decision decision = decide(job, raw, r);
                if (decision instanceof RoutedWrite.Wait wait) {
                    progressOut.println("refine[" + job + "]: " + raw.stream() + " " + raw.hour() + " waits: "
                            + wait.reason());
                    continue;
                }
                due.add(new Due(raw, r, decision));
            } catch (ApiCallException | RoutesUnavailableException e) {
                routeErrors++;
                progressOut.println("warning: no route for " + raw.stream() + " " + raw.hour() + " (job " + job + "): "
                        + e.getMessage());
            }
        }
        Progress progress = new Progress(progressOut, clock, "refine[" + job + "]", due.size());
        List<Report> reports = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        int aborted = 0;
        for (Due d : due) {
            Report report;
            try {
                DatabaseName db = DatabaseName.of(d.route().database());
                if (d.decision() instanceof RoutedWrite.Copy copy) {
                    report = storage.copy(job, d.raw().stream(), d.raw().hour(), copy.from(), db.value(),
                            d.route().epoch(), LeaseTerms.of(d.route()),
                            routes.fence(d.raw().stream(), d.route().epoch()));
                } else {
                    report = refiner.refine(new Refiner.Request(d.raw(), job, transforms, db, d.route().epoch(),
                            LeaseTerms.of(d.route()), routes.fence(d.raw().stream(), d.route().epoch()), null));
                }
            } catch (IllegalArgumentException e) {
                report = failed(job, d, "route database '" + d.route().database() + "' is invalid: " + e.getMessage());
            } catch (Exception e) {
                // the refiner reports its own failures; this is anything else (e.g. the fence itself): this hour only
                report = failed(job, d, "refine " + d.raw().stream() + " " + d.raw().hour() + " failed: "
                        + Errors.rootMessage(e));
            }
            if (deliver(report) || report.status() != ReportStatus.OK) {
                try {
                    record(job, d.raw(), report);
                } catch (RuntimeException e) {
                    progressOut.println("warning: " + d.raw().stream() + " " + d.raw().hour() + " (job " + job
                            + ") is not marked done and will be refined again: " + Errors.rootMessage(e));
                }
            } else {
                progressOut.println("warning: the report of " + d.raw().stream() + " " + d.raw().hour() + " (job " + job
                        + ") was not delivered, so the hour is not marked done: it is refined and reported again next"
                        + " round");
            }
            progress.hourDone(report);
            reports.add(report);
            switch (report.status()) {
                case OK -> ok++;
                case FAILED -> failed++;
                case ABORTED -> aborted++;
            }
        }
        return new Summary(due.size(), ok, failed, aborted, routeErrors, reports, delayed);
    }

    /**
     * Marks an OK outcome done for the route it ran under. A FAILED one is not marked (an earlier marker, if
     * any, is left as it is): it stays due, and this process retries it after the backoff. ABORTED ones stay due.
     */
    public void record(String job, RawHour raw, Report report) {
        String key = key(job, raw);
        switch (report.status()) {
            case OK -> {
                backoff.remove(key);
                markers.record(job, raw, new DoneMarkers.Marker(report.database(), report.epoch(), raw.mtime(),
                        raw.bytes(), report.status().name(), rows(report), clock.instant().toString()));
            }
            case FAILED -> backoff.compute(key, (k, b) -> {
                int failures = b != null && b.sameAttempt(raw, report.database(), report.epoch()) ? b.failures() + 1 : 1;
                return new Backoff(report.database(), report.epoch(), raw.mtime(), raw.bytes(), failures,
                        clock.instant().plus(retry.delay(failures - 1, 0.5)));
            });
            case ABORTED -> {
            }
        }
    }

    /** Sends the report; whether it reached every destination (a sink that throws did not deliver it). */
    private boolean deliver(Report report) {
        try {
            return sink.send(report);
        } catch (RuntimeException e) {
            progressOut.println("warning: report for " + report.stream() + " " + report.hour() + " not delivered: "
                    + Errors.rootMessage(e));
            return false;
        }
    }

    private boolean backingOff(String job, RawHour raw, String database, long epoch) {
        Backoff b = backoff.get(key(job, raw));
        return b != null && b.sameAttempt(raw, database, epoch) && clock.instant().isBefore(b.retryAt());
    }

    private static String key(String job, RawHour raw) {
        return job + "\u0000" + raw.stream() + "\u0000" + raw.hour();
    }

    private static Report failed(String job, Due d, String error) {
        Attempt attempt = new Attempt(null, job, d.raw().stream(), d.raw().hour(), d.route().database(), null,
                d.route().epoch(), 0);
        return d.decision() instanceof RoutedWrite.Copy copy ? attempt.copyFailed(copy.from(), error)
                : attempt.refineFailed(error, d.raw().bytes());
    }

    static Long rows(Report report) {
        if (report instanceof RefineReport refine) {
            return refine.rows();
        }
        return report instanceof CopyReport copy ? copy.rows() : null;
    }

    /** What the routed write of this hour does, from what storage holds ({@link RoutedWrite}). */
    private RoutedWrite.Decision decide(String job, RawHour raw, Route route) {
        return decide(job, raw.stream(), raw.hour(), route.database());
    }

    /**
     * What a write of {@code job} into {@code database} of (stream, hour) does, given what storage holds
     * ({@link RoutedWrite#decide}): refine, copy (the job's own output from its shadow, or its production output
     * into its shadow) or wait. Always refine without a view of storage. A work item's refine follows it too: an hour
     * whose reports never reached the controller may hold output the controller does not know of.
     */
    public RoutedWrite.Decision decide(String job, String stream, Hour hour, String database) {
        if (storage == HourStorage.NONE || databases == null) {
            return new RoutedWrite.Refine();
        }
        return RoutedWrite.decide(job, database, databases, db -> storage.held(db, stream, hour),
                other -> keepsShadow(other, stream, hour));
    }

    /** Why a work item's write into {@code database} must wait ({@link RoutedWrite#productionHold}), or empty. */
    public Optional<String> productionHold(String job, String stream, Hour hour, String database) {
        if (storage == HourStorage.NONE || databases == null) {
            return Optional.empty();
        }
        return RoutedWrite.productionHold(job, database, databases, db -> storage.held(db, stream, hour),
                other -> keepsShadow(other, stream, hour));
    }

    /** Copies the hour as {@link RoutedWrite} decided it (a work item's refine that became a copy). */
    public Report copy(String job, String stream, Hour hour, String from, String database, long epoch,
                       LeaseTerms terms) {
        return storage.copy(job, stream, hour, from, database, epoch, terms, routes.fence(stream, epoch));
    }

    /** Whether {@code job}'s routes still give it a shadow for the hour (not once its output stopped). */
    private boolean keepsShadow(String job, String stream, Hour hour) {
        try {
            Optional<Route> route = routes.route(job, stream, hour);
            return route.isPresent() && (route.get().writes() || !route.get().reason().contains("stopped"));
        } catch (ApiCallException | RoutesUnavailableException e) {
            return true;
        }
    }

    private record Due(RawHour raw, Route route, RoutedWrite.Decision decision) {
    }
}
