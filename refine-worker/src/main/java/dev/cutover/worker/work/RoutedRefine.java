package dev.cutover.worker.work;

import dev.cutover.model.Route;
import dev.cutover.model.WorkReport;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.Progress;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.ControllerClient;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.transform.TransformChain;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The routed refine pass of one job over a set of raw hours: for each complete hour, ask the route
 * provider where it goes; skip unmanaged streams, "do not write" routes and hours already done under the
 * same (database, epoch) with unchanged input; refine the rest, report each and mark it done.
 */
public final class RoutedRefine {

    private final Refiner refiner;
    private final RouteProvider routes;
    private final DoneMarkers markers;
    private final ReportSink sink;
    private final Clock clock;
    private final PrintStream progressOut;

    public RoutedRefine(Refiner refiner, RouteProvider routes, DoneMarkers markers, ReportSink sink, Clock clock,
                        PrintStream progressOut) {
        this.refiner = refiner;
        this.routes = routes;
        this.markers = markers;
        this.sink = sink;
        this.clock = clock;
        this.progressOut = progressOut;
    }

    /** What a pass did. {@code due} = hours refined (or attempted); {@code routeErrors} = hours not routable now. */
    public record Summary(int due, int ok, int failed, int aborted, int routeErrors, List<WorkReport> reports) {
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
                if (route.isEmpty() || route.get().database() == null) {
                    continue;
                }
                Route r = route.get();
                if (!ignoreDone && markers.isDone(job, raw, r.database(), r.epoch())) {
                    continue;
                }
                due.add(new Due(raw, r));
            } catch (ControllerClient.ControllerException e) {
                routeErrors++;
                progressOut.println("warning: no route for " + raw.stream() + " " + raw.hour() + " (job " + job + "): "
                        + e.getMessage());
            }
        }
        Progress progress = new Progress(progressOut, clock, "refine[" + job + "]", due.size());
        List<WorkReport> reports = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        int aborted = 0;
        for (Due d : due) {
            WorkReport report;
            try {
                DatabaseName db = DatabaseName.of(d.route().database());
                report = refiner.refine(new Refiner.Request(d.raw(), job, transforms, db, d.route().epoch(),
                        routes.fence(d.raw().stream(), d.route().epoch()), null));
            } catch (IllegalArgumentException e) {
                report = new WorkReport(null, dev.cutover.model.WorkAction.REFINE, job, d.raw().stream(), d.raw().hour(),
                        d.route().database(), null, d.route().epoch(), null, null, null, d.raw().bytes(), 0L,
                        WorkReport.Status.FAILED, "route database '" + d.route().database() + "' is invalid: "
                        + e.getMessage(), null, null);
            }
            sink.send(report);
            record(job, d.raw(), report);
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

    /** Marks OK and FAILED outcomes done for the route they ran under; ABORTED ones stay due. */
    public void record(String job, RawHour raw, WorkReport report) {
        if (report.status() == WorkReport.Status.ABORTED) {
            return;
        }
        markers.record(job, raw, new DoneMarkers.Marker(report.database(), report.epoch(), raw.mtime(), raw.bytes(),
                report.status().name(), report.rows(), clock.instant().toString()));
    }

    private record Due(RawHour raw, Route route) {
    }
}
