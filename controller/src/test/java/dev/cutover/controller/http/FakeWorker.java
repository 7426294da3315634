package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.model.WorkReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A test-only worker that speaks the real HTTP contract: it asks for routes and work lists and posts reports,
 * without Spark. Compare verdicts come from a function of (stream, hour).
 */
public final class FakeWorker {

    private final ApiClient api;
    private final BiFunction<String, Hour, Verdict> verdicts;

    public FakeWorker(ApiClient api, BiFunction<String, Hour, Verdict> verdicts) {
        this.api = api;
        this.verdicts = verdicts;
    }

    /** Routed refine of one hour of one stream for one job, as the worker's refine does. */
    public void refine(String job, String stream, Hour hour) {
        JsonNode route = api.get("/v1/routes?job=" + job + "&hour=" + hour + "&stream=" + stream).json()
                .path("routes").path(stream);
        if (route.isMissingNode() || route.path("database").isNull()) {
            return;
        }
        post(report(null, WorkAction.REFINE, job, stream, hour, route.path("database").asText(),
                route.path("epoch").asLong(), null));
    }

    /** Runs the job's current work list once; returns how many items were done. */
    public int runWork(String job) {
        JsonNode items = api.get("/v1/work?job=" + job).json().path("items");
        List<WorkReport> reports = new ArrayList<>();
        for (JsonNode item : items) {
            WorkAction action = WorkAction.fromWire(item.path("action").asText());
            String stream = item.path("stream").asText();
            Hour hour = Hour.parse(item.path("hour").asText());
            reports.add(report(item.path("id").asText(), action, job, stream, hour, item.path("database").asText(null),
                    item.path("epoch").asLong(), action == WorkAction.COMPARE ? verdicts.apply(stream, hour) : null));
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

    private void post(Object body) {
        ApiClient.Response response = api.post("/v1/reports", body);
        if (response.status() != 202) {
            throw new IllegalStateException("report rejected: " + response.status() + " " + response.text());
        }
    }

    public static WorkReport report(String id, WorkAction action, String job, String stream, Hour hour,
                                    String database, long epoch, Verdict verdict) {
        return new WorkReport(id, action, job, stream, hour, database, "t", epoch, 10L, "sum", "fp", 100L, 5L,
                WorkReport.Status.OK, null, verdict, null);
    }
}
