package dev.cutover.worker.work;

import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.transform.TransformChain;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * One round of {@code work} for every job, in one Spark session: (a) the routed refine of every complete
 * raw hour not yet done under its current route, once the job's start delay allows ({@link StartDelays}), (b) the
 * job's work list from the controller, each item executed and reported with its id.
 */
public final class WorkLoop {

    private final RawLayout layout;
    private final RouteProvider routes;
    private final RoutedRefine routed;
    private final WorkExecutor executor;
    private final ControllerApiClient controller;
    private final ReportSink sink;
    private final PrintStream log;
    private final StartDelays delays;

    public WorkLoop(RawLayout layout, RouteProvider routes, RoutedRefine routed, WorkExecutor executor,
                    ControllerApiClient controller, ReportSink sink, PrintStream log) {
        this(layout, routes, routed, executor, controller, sink, log, StartDelays.NONE);
    }

    /** A loop whose routed refines start each hour no earlier than the job's start delay allows. */
    public WorkLoop(RawLayout layout, RouteProvider routes, RoutedRefine routed, WorkExecutor executor,
                    ControllerApiClient controller, ReportSink sink, PrintStream log, StartDelays delays) {
        this.delays = delays;
        this.layout = layout;
        this.routes = routes;
        this.routed = routed;
        this.executor = executor;
        this.controller = controller;
        this.sink = sink;
        this.log = log;
    }

    /**
     * What a round did across jobs. Idle = nothing was due, nothing was held back by a start delay and every work
     * list was empty.
     */
    public record Round(int due, int items, int failed, int errors, int delayed) {
        public Round(int due, int items, int failed, int errors) {
            this(due, items, failed, errors, 0);
        }

        public boolean idle() {
            return due == 0 && items == 0 && errors == 0 && delayed == 0;
        }
    }

    public Round round(Map<String, TransformChain> jobs, Hour since, Hour until) {
        routes.clear();
        List<RawHour> hours = layout.exists() ? layout.discover(s -> true, since, until)
                : List.of();
        if (hours.isEmpty() && !layout.exists()) {
            log.println("warning: raw directory " + layout.root() + " does not exist (yet); only work lists run");
        }
        int due = 0;
        int items = 0;
        int failed = 0;
        int errors = 0;
        int delayed = 0;
        for (Map.Entry<String, TransformChain> job : jobs.entrySet()) {
            RoutedRefine.Summary summary = routed.run(job.getKey(), job.getValue(), hours, false, delays);
            due += summary.due();
            delayed += summary.delayed();
            failed += summary.failed();
            errors += summary.routeErrors();
            List<WorkItem> work;
            try {
                work = controller.work(job.getKey());
            } catch (ApiCallException e) {
                log.println("warning: cannot fetch the work list of " + job.getKey() + ": " + e.getMessage());
                errors++;
                continue;
            }
            items += work.size();
            for (WorkItem item : work) {
                Report report = executor.execute(job.getKey(), job.getValue(), item);
                sink.send(report);
                log.printf("work[%s]: %s %s %s %s%s%n", job.getKey(), item.action().wireName(), item.stream(),
                        item.hour(), report.status(), report instanceof CompareReport c && c.verdict() != null
                                ? " " + c.verdict() : "");
                if (report.status() == ReportStatus.FAILED) {
                    failed++;
                    log.println("  " + report.error());
                }
            }
        }
        return new Round(due, items, failed, errors, delayed);
    }
}
