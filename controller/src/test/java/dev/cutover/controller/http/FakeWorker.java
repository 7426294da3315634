package dev.cutover.controller.http;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A worker without Spark that talks to the controller through the worker's own client
 * ({@link ControllerApiClient}): it asks for routes and work lists and posts typed reports, so every test that
 * drives a controller with it exercises the real contract on both sides. Compare verdicts come from a function of
 * (stream, hour).
 */
public final class FakeWorker {

    private final ControllerApiClient client;
    private final BiFunction<String, Hour, Verdict> verdicts;

    public FakeWorker(String url, Optional<String> token, BiFunction<String, Hour, Verdict> verdicts) {
        this.client = new ControllerApiClient(URI.create(url), token, Duration.ofSeconds(30));
        this.verdicts = verdicts;
    }

    public ControllerApiClient client() {
        return client;
    }

    /** Routed refine of one hour of one stream for one job, as the worker's refine does. */
    public void refine(String job, String stream, Hour hour) {
        Optional<Route> route = call(() -> client.route(job, hour, stream));
        if (route.isEmpty() || !route.get().writes()) {
            return;
        }
        post(List.of(refineReport(null, job, stream, hour, route.get().database(), route.get().epoch())));
    }

    /** Runs the job's current work list once; returns how many items were done. */
    public int runWork(String job) {
        List<Report> reports = new ArrayList<>();
        for (WorkItem item : call(() -> client.work(job))) {
            reports.add(report(job, item, verdicts.apply(item.stream(), item.hour())));
        }
        if (!reports.isEmpty()) {
            post(reports);
        }
        return reports.size();
    }

    /** Runs both jobs' work lists until they are empty or only compares remain after one pass. */
    public void drain(List<String> jobs) {
        for (int round = 0; round < 5; round++) {
            int done = 0;
            for (String job : jobs) {
                done += runWork(job);
            }
            if (done == 0) {
                return;
            }
        }
    }

    private void post(List<Report> reports) {
        call(() -> client.report(reports));
    }

    public static RefineReport refineReport(String id, String job, String stream, Hour hour, String database,
                                            long epoch) {
        return new RefineReport(id, job, stream, hour, database, "t", epoch, ReportStatus.OK, null, 5L, 10L, "sum",
                "fp", 100L);
    }

    /** The OK report of a work item as a worker would send it ({@code verdict} for a compare). */
    public static Report report(String job, WorkItem item, Verdict verdict) {
        return switch (item.action()) {
            case REFINE -> refineReport(item.id(), job, item.stream(), item.hour(), item.database(), item.epoch());
            case COPY -> new CopyReport(item.id(), job, item.stream(), item.hour(), item.database(), item.from(), "t",
                    item.epoch(), ReportStatus.OK, null, 5L, 10L, "sum", "fp");
            case DROP -> new DropReport(item.id(), job, item.stream(), item.hour(), item.database(), "t",
                    item.epoch(), ReportStatus.OK, null, 5L, 1);
            case COMPARE -> new CompareReport(item.id(), job, item.stream(), item.hour(), item.database(),
                    item.from(), "t", item.epoch(), ReportStatus.OK, null, 5L, verdict,
                    CompareDetail.of(verdict, List.of()));
        };
    }

    private interface Call<T> {
        T run() throws ApiCallException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (ApiCallException e) {
            throw new IllegalStateException(e.getMessage() + (e.problems().isEmpty() ? "" : " " + e.problems()), e);
        }
    }
}
