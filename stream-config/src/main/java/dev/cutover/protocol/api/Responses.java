package dev.cutover.protocol.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the controller API, one record per endpoint: the Vert.x server writes them and every client (the
 * worker, the CLI, the demo, tests) reads them. Field names are part of the contract.
 */
public final class Responses {

    private Responses() {
    }

    /** {@code GET /healthy}. */
    public record Healthy(@JsonProperty("healthy") boolean healthy) {
    }

    /**
     * {@code GET /ready}: 200 when ready, 503 otherwise; the role either way; the controller's problems; the
     * override layer as the controller recorded it, when it has one.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ready(@JsonProperty("ready") boolean ready,
                        @JsonProperty("role") String role,
                        @JsonProperty("problems") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems,
                        @JsonProperty("override_layer") @JsonInclude(JsonInclude.Include.NON_NULL)
                        RecordedLayer overrideLayer) {
        public Ready {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }

        public Ready(boolean ready, String role, List<String> problems) {
            this(ready, role, problems, null);
        }
    }

    /**
     * The override layer as the controller recorded it (its audit log): the head the layer must be or descend from,
     * which {@code ./cutover promote|rollback} check before writing, and whether the layer's newest version is held.
     *
     * @param revision the recorded revision
     * @param hash     the recorded head hash; null when recorded before layers had hashes (the revision alone counts)
     * @param held     whether the newest version of the layer is held (not that head nor a later version of it)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordedLayer(@JsonProperty(value = "revision", required = true) long revision,
                                @JsonProperty("hash") @JsonInclude(JsonInclude.Include.NON_NULL) String hash,
                                @JsonProperty("held") boolean held) {
    }

    /** {@code GET /v1/routes?job=&hour=[&stream=]}: stream -> route for the managed streams. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Routes(@JsonProperty("job") String job,
                         @JsonProperty("hour") Hour hour,
                         @JsonProperty("routes") Map<String, Route> routes) {
        public Routes {
            routes = routes == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(routes));
        }
    }

    /** {@code GET /v1/epochs?stream=}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Epoch(@JsonProperty("stream") String stream,
                        @JsonProperty(value = "epoch", required = true) long epoch) {
    }

    /** {@code GET /v1/work?job=}: the job's work list, oldest hour first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Work(@JsonProperty("items") List<WorkItem> items) {
        public Work {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /*
     * GET /v1/jobs/{job}/invocations?from=&to= answers with dev.cutover.protocol.Invocations itself: the renderer's
     * result is the body (runs and held hours), as both sides compile against it.
     */

    /** {@code GET /v1/events?since=&limit=}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Events(@JsonProperty("events") List<AuditEvent> events) {
        public Events {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /** {@code POST /v1/reports}: 202 with how many reports were accepted (all or none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReportsAccepted(@JsonProperty("accepted") int accepted) {
    }

    /** {@code POST /v1/streams/{stream}/override|decommission}: 202. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestAccepted(@JsonProperty("stream") String stream,
                                  @JsonProperty("accepted") boolean accepted) {
    }

    /** {@code POST /v1/override-layer/accept}: 202. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OverrideLayerAccepted(@JsonProperty("accepted") boolean accepted,
                                        @JsonProperty("revision") long revision) {
    }

    /** Every 4xx and 5xx: one line, and every problem when there are several (a refused report batch). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(@JsonProperty("error") String error,
                        @JsonProperty("problems") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems) {
        public Error {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }

        public static Error of(String error) {
            return new Error(error, List.of());
        }
    }

    /** {@code GET /v1/streams}: every managed stream, and the controller's own problems. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Streams(@JsonProperty("streams") List<StreamSummary> streams,
                          @JsonProperty("problems") List<String> problems) {
        public Streams {
            streams = streams == null ? List.of() : List.copyOf(streams);
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    /** One row of {@code GET /v1/streams}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StreamSummary(@JsonProperty("stream") String stream,
                                @JsonProperty("table") String table,
                                @JsonProperty("phase") String phase,
                                @JsonProperty("leader") String leader,
                                @JsonProperty("epoch") long epoch,
                                @JsonProperty("flag") String flag,
                                @JsonProperty("cutover_hour") Hour cutoverHour,
                                @JsonProperty("problems") List<String> problems,
                                @JsonProperty("last_verdicts") List<String> lastVerdicts,
                                @JsonProperty("late_hours") List<Hour> lateHours) {
        public StreamSummary {
            problems = problems == null ? List.of() : List.copyOf(problems);
            lastVerdicts = lastVerdicts == null ? List.of() : List.copyOf(lastVerdicts);
            lateHours = lateHours == null ? List.of() : List.copyOf(lateHours);
        }

        /** A row without late hours. */
        public StreamSummary(String stream, String table, String phase, String leader, long epoch, String flag,
                             Hour cutoverHour, List<String> problems, List<String> lastVerdicts) {
            this(stream, table, phase, leader, epoch, flag, cutoverHour, problems, lastVerdicts, List.of());
        }
    }

    /** {@code GET /v1/streams/{stream}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StreamDetail(@JsonProperty("stream") String stream,
                               @JsonProperty("table") String table,
                               @JsonProperty("phase") String phase,
                               @JsonProperty("leader") String leader,
                               @JsonProperty("epoch") long epoch,
                               @JsonProperty("flag") String flag,
                               @JsonProperty("cutover_hour") Hour cutoverHour,
                               @JsonProperty("problems") List<String> problems,
                               @JsonProperty("routes") List<RouteView> routes,
                               @JsonProperty("verdicts") List<VerdictView> verdicts,
                               @JsonProperty("work_backlog") int workBacklog,
                               @JsonProperty("landings") List<LandingView> landings,
                               @JsonProperty("too_slow") String tooSlow) {
        public StreamDetail {
            problems = problems == null ? List.of() : List.copyOf(problems);
            routes = routes == null ? List.of() : List.copyOf(routes);
            verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
            landings = landings == null ? List.of() : List.copyOf(landings);
        }

        /** A detail without timeliness. */
        public StreamDetail(String stream, String table, String phase, String leader, long epoch, String flag,
                            Hour cutoverHour, List<String> problems, List<RouteView> routes,
                            List<VerdictView> verdicts, int workBacklog) {
            this(stream, table, phase, leader, epoch, flag, cutoverHour, problems, routes, verdicts, workBacklog,
                    List.of(), null);
        }
    }

    /**
     * One hour's landings: when each job's commit of it landed in the database its route gives (the controller's
     * receipt time of the job's first commit there), and why the hour is LATE when it is.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LandingView(@JsonProperty("hour") Hour hour,
                              @JsonProperty("landed") Map<String, Instant> landed,
                              @JsonProperty("late") String late) {
        public LandingView {
            landed = landed == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(landed));
        }
    }

    /** One segment of a stream's routes with the database of each job. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RouteView(@JsonProperty("from_hour") Hour fromHour,
                            @JsonProperty("epoch") long epoch,
                            @JsonProperty("leader") String leader,
                            @JsonProperty("databases") Map<String, String> databases) {
    }

    /**
     * One hour's verdict as the plan reads it (its checks and comparison rules), with the worker's compare detail.
     *
     * @param verdict PASS (exact), PASS_UNDER_RULES, FAIL, LATE or NODATA
     * @param reasons why the hour FAILs (the facts no rule covered)
     * @param applied the comparison rules that hid a difference, e.g. {@code added_columns[user_agent_map]}
     * @param hidden  what they hid, one line per difference
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VerdictView(@JsonProperty("hour") Hour hour,
                              @JsonProperty("verdict") String verdict,
                              @JsonProperty("reasons") List<String> reasons,
                              @JsonProperty("applied") List<String> applied,
                              @JsonProperty("hidden") List<String> hidden,
                              @JsonProperty("detail") CompareDetail detail) {
        public VerdictView {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            applied = applied == null ? List.of() : List.copyOf(applied);
            hidden = hidden == null ? List.of() : List.copyOf(hidden);
        }

        /** A verdict no rule touched. */
        public VerdictView(Hour hour, String verdict, CompareDetail detail) {
            this(hour, verdict, List.of(), List.of(), List.of(), detail);
        }
    }
}
