package dev.cutover.worker.work;

import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.poll.ExponentialBackoff;
import dev.cutover.worker.Errors;
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
 * same (database, epoch) with unchanged input; refine the rest, report each and mark the OK ones done.
 * A FAILED hour is not marked: the next run tries it again. Within one long-running process (work --loop)
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

    private final Refiner refiner;
    private final RouteProvider routes;
    private final DoneMarkers markers;
    private final ReportSink sink;
    private final Clock clock;
    private final PrintStream progressOut;
    private final ExponentialBackoff retry;
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();

    public RoutedRefine(Refiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut) {
        this(refiner, routes, markers, sink, clock, progressOut, DEFAULT_RETRY);
    }

    public RoutedRefine(Refiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut, ExponentialBackoff retry) {
        this.retry = retry;
        this.refiner = refiner;
        this.routes = routes;
        this.markers = markers;
        this.sink = sink;
        this.clock = clock;
        this.progressOut = progressOut;
    }

    /** What a pass did. {@code due} = hours refined (or attempted); {@code routeErrors} = hours not routable now. */
    public record Summary(int due, int ok, int failed, int aborted, int routeErrors, List<RefineReport> reports) {
        public boolean anyFailed() {
            return failed > 0;
        }
    }

    public Summary run(String job, TransformChain transforms, List<RawHour> hours, boolean ignoreDone) {
        List<RawHour> complete = hours.stream().filter(RawHour::complete).toList();
        List<Due> due = new ArrayList<>();
        int routeErrors = 0;
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
                due.add(new Due(raw, r));
            } catch (ApiCallException | RoutesUnavailableException e) {
                routeErrors++;
                progressOut.println("warning: no route for " + raw.stream() + " " + raw.hour() + " (job " + job + "): "
                        + e.getMessage());
            }
        }
        Progress progress = new Progress(progressOut, clock, "refine[" + job + "]", due.size());
        List<RefineReport> reports = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        int aborted = 0;
        for (Due d : due) {
            RefineReport report;
            try {
                DatabaseName db = DatabaseName.of(d.route().database());
                report = refiner.refine(new Refiner.Request(d.raw(), job, transforms, db, d.route().epoch(),
                        routes.fence(d.raw().stream(), d.route().epoch()), null));
            } catch (IllegalArgumentException e) {
                report = failed(job, d, "route database '" + d.route().database() + "' is invalid: " + e.getMessage());
            } catch (Exception e) {
                // the refiner reports its own failures; this is anything else (e.g. the fence itself): this hour only
                report = failed(job, d, "refine " + d.raw().stream() + " " + d.raw().hour() + " failed: "
                        + Errors.rootMessage(e));
            }
            sink.send(report);
            try {
                record(job, d.raw(), report);
            } catch (RuntimeException e) {
                progressOut.println("warning: " + d.raw().stream() + " " + d.raw().hour() + " (job " + job + ") is not"
                        + " marked done and will be refined again: " + Errors.rootMessage(e));
            }
            progress.hourDone(report);
            reports.add(report);
            switch (report.status()) {
                case OK -> ok++;
                case FAILED -> failed++;
                case ABORTED -> aborted++;
            }
        }
        return new Summary(due.size(), ok, failed, aborted, routeErrors, reports);
    }

    /**
     * Marks an OK outcome done for the route it ran under. A FAILED one is not marked (an earlier marker, if
     * any, is left as it is): it stays due, and this process retries it after the backoff. ABORTED ones stay due.
     */
    public void record(String job, RawHour raw, RefineReport report) {
        String key = key(job, raw);
        switch (report.status()) {
            case OK -> {
                backoff.remove(key);
                markers.record(job, raw, new DoneMarkers.Marker(report.database(), report.epoch(), raw.mtime(),
                        raw.bytes(), report.status().name(), report.rows(), clock.instant().toString()));
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

    private boolean backingOff(String job, RawHour raw, String database, long epoch) {
        Backoff b = backoff.get(key(job, raw));
        return b != null && b.sameAttempt(raw, database, epoch) && clock.instant().isBefore(b.retryAt());
    }

    private static String key(String job, RawHour raw) {
        return job + "\u0000" + raw.stream() + "\u0000" + raw.hour();
    }

    private static RefineReport failed(String job, Due d, String error) {
        return new Attempt(null, job, d.raw().stream(), d.raw().hour(), d.route().database(), null, d.route().epoch(), 0)
                .refineFailed(error, d.raw().bytes());
    }

    private record Due(RawHour raw, Route route) {
    }
}
