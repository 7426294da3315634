package dev.cutover.controller.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainException;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.StreamGroup;
import dev.cutover.controller.reconcile.ConfigPatch;
import dev.cutover.controller.reconcile.Preflight;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.CutoverSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web console shows, computed from one published {@link ControllerState} (pure, like {@link Views}): the
 * board of every managed stream and one stream's page. A verdict strip covers the {@value #STRIP_HOURS} complete
 * hours before the current one (or, when no stream has evidence that recent, the {@value #STRIP_HOURS} hours up to
 * the newest hour any stream has: a backfill, the demo's past hours), one character per hour: {@code P} PASS, {@code R} PASS under rules, {@code F}
 * FAIL, {@code L} late, {@code N} NODATA, {@code .} not yet.
 */
public final class ConsoleViews {

    public static final int STRIP_HOURS = 72;
    private static final int AUDIT_LIMIT = 200;

    private ConsoleViews() {
    }

    /** The board: counts per phase, then every managed stream in plan order (streams the plan does not list last). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Board(@JsonProperty("at") Instant at,
                        @JsonProperty("cluster") String cluster,
                        @JsonProperty("role") String role,
                        @JsonProperty("ready") boolean ready,
                        @JsonProperty("problems") List<String> problems,
                        @JsonProperty("override_layer") Responses.RecordedLayer overrideLayer,
                        @JsonProperty("layer_hold") String layerHold,
                        @JsonProperty("writes_need_token") boolean writesNeedToken,
                        @JsonProperty("first_hour") Hour firstHour,
                        @JsonProperty("counts") Map<String, Integer> counts,
                        @JsonProperty("streams") List<Row> streams) {

        /** The same board, as of {@code when}. */
        public Board at(Instant when) {
            return new Board(when, cluster, role, ready, problems, overrideLayer, layerHold, writesNeedToken,
                    firstHour, counts, streams);
        }
    }

    /** One stream on the board. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(@JsonProperty("stream") String stream,
                      @JsonProperty("order") Integer order,
                      @JsonProperty("group") String group,
                      @JsonProperty("phase") String phase,
                      @JsonProperty("leader") String leader,
                      @JsonProperty("epoch") long epoch,
                      @JsonProperty("flag") String flag,
                      @JsonProperty("cutover_hour") Hour cutoverHour,
                      @JsonProperty("strip") String strip,
                      @JsonProperty("problems") List<String> problems) {
    }

    /** A stream's page: its detail, its 72 hours of verdicts, its audit trail, its preflight and its patches. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(@JsonProperty("detail") Responses.StreamDetail detail,
                       @JsonProperty("cluster") String cluster,
                       @JsonProperty("role") String role,
                       @JsonProperty("ready") boolean ready,
                       @JsonProperty("order") Integer order,
                       @JsonProperty("group") Group group,
                       @JsonProperty("first_hour") Hour firstHour,
                       @JsonProperty("strip") String strip,
                       @JsonProperty("verdicts") List<Responses.VerdictView> verdicts,
                       @JsonProperty("audit") List<AuditEvent> audit,
                       @JsonProperty("preflight") PreflightView preflight,
                       @JsonProperty("patch") Patches patch,
                       @JsonProperty("writes_need_token") boolean writesNeedToken) {
    }

    /** The stream group a stream is promoted and rolled back with. */
    public record Group(@JsonProperty("name") String name, @JsonProperty("members") List<String> members) {
    }

    /**
     * What the preflight would find now: the worker's dry run of evolving the production table (its newest one, with
     * the compared hour it came with; none yet = null) and the schema problems that would block the cutover.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PreflightView(@JsonProperty("hour") Hour hour,
                                @JsonProperty("evolve") EvolvePlan evolve,
                                @JsonProperty("problems") List<String> problems) {
    }

    /**
     * The config changes that promote and revert the stream (with its group): promote and rollback stay config
     * changes; the console shows them and the CLI commands that write them into the override layer.
     */
    public record Patches(@JsonProperty("promote") String promote,
                          @JsonProperty("revert") String revert,
                          @JsonProperty("promote_command") String promoteCommand,
                          @JsonProperty("revert_command") String revertCommand) {
    }

    public static Board board(ControllerState state, Instant now, boolean writesNeedToken) {
        Hour first = firstHour(state, now);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            counts.put(phase.name(), 0);
        }
        List<Row> rows = new ArrayList<>();
        for (StreamEntry entry : state.streams().values()) {
            StreamState s = entry.state();
            counts.merge(s.phase().name(), 1, Integer::sum);
            rows.add(new Row(s.stream(), order(state, s.stream()), state.plan().groupOf(s.stream())
                    .map(StreamGroup::name).orElse(null), s.phase().name(), s.currentLeader(), s.epoch(),
                    Views.flag(state, s.stream()).orElse(null), s.cutoverHour(), strip(Views.verdicts(state, s.stream(), STRIP_HOURS), first),
                    ownProblems(state, s.stream())));
        }
        rows.sort(Comparator.comparingInt((Row r) -> r.order() == null ? Integer.MAX_VALUE : r.order())
                .thenComparing(Row::stream));
        Responses.Ready ready = Views.ready(state);
        return new Board(now, state.plan().cluster(), ready.role(), ready.ready(), state.configProblems(),
                ready.overrideLayer(), state.watermark().hold().orElse(null), writesNeedToken, first, counts, rows);
    }

    /**
     * @throws DomainException (404) for a stream this controller does not manage
     */
    public static Page page(ControllerState state, String stream, Instant now, boolean writesNeedToken) {
        Responses.StreamDetail detail = Views.detail(state, stream);
        Hour first = firstHour(state, now);
        CutoverSettings settings = state.settings();
        List<String> members = new ArrayList<>(List.of(stream));
        Optional<StreamGroup> group = state.plan().groupOf(stream);
        group.ifPresent(g -> members.addAll(g.others(stream)));
        Optional<Map.Entry<Hour, EvolvePlan>> dryRun = Preflight.newestDryRun(state.observed(stream), settings);
        PreflightView preflight = new PreflightView(dryRun.map(Map.Entry::getKey).orElse(null),
                dryRun.map(Map.Entry::getValue).orElse(null),
                Preflight.schemaProblems(state.state(stream).orElseThrow(), state.observed(stream), settings));
        Patches patches = new Patches(ConfigPatch.promote(settings, members), ConfigPatch.revert(settings, members),
                "./cutover promote " + stream, "./cutover rollback " + stream);
        Responses.Ready ready = Views.ready(state);
        List<Responses.VerdictView> verdicts = Views.verdicts(state, stream, STRIP_HOURS);
        return new Page(detail, state.plan().cluster(), ready.role(), ready.ready(), order(state, stream),
                group.map(g -> new Group(g.name(), g.members())).orElse(null), first, strip(verdicts, first),
                verdicts, audit(state, stream), preflight, patches,
                writesNeedToken);
    }

    /**
     * The first hour of the strip: it ends with the last complete hour before {@code now}, unless no stream has an
     * observed hour in that window; then it ends with the newest observed hour (the strip shows evidence, not only
     * empty hours).
     */
    static Hour firstHour(ControllerState state, Instant now) {
        Hour last = Hour.containing(now).previous();
        Hour newest = null;
        for (String stream : state.streams().keySet()) {
            java.util.NavigableMap<Hour, ?> hours = state.observed(stream).hours();
            if (!hours.isEmpty() && (newest == null || hours.lastKey().isAfter(newest))) {
                newest = hours.lastKey();
            }
        }
        if (newest != null && newest.isBefore(last.plusHours(1 - STRIP_HOURS))) {
            last = newest;
        }
        return last.plusHours(1 - STRIP_HOURS);
    }

    /** The verdict strip from {@code first} of these verdicts, one character per hour (see the class comment). */
    static String strip(List<Responses.VerdictView> verdicts, Hour first) {
        char[] marks = new char[STRIP_HOURS];
        java.util.Arrays.fill(marks, '.');
        for (Responses.VerdictView v : verdicts) {
            long index = java.time.Duration.between(first.toInstant(), v.hour().toInstant()).toHours();
            if (index >= 0 && index < STRIP_HOURS) {
                marks[(int) index] = mark(v.verdict());
            }
        }
        return new String(marks);
    }

    static char mark(String verdict) {
        switch (verdict) {
            case "PASS":
                return 'P';
            case "PASS_UNDER_RULES":
                return 'R';
            case "FAIL":
                return 'F';
            case "LATE":
                return 'L';
            case "NODATA":
                return 'N';
            default:
                return '?';
        }
    }

    /** Position in the plan's order, from 1; null when the plan does not list the stream. */
    private static Integer order(ControllerState state, String stream) {
        int rank = state.plan().rank(stream);
        return rank == Integer.MAX_VALUE ? null : rank + 1;
    }

    /** The stream's problems without the controller's (the board shows those once, at the top). */
    private static List<String> ownProblems(ControllerState state, String stream) {
        List<String> problems = new ArrayList<>(Views.problems(state, stream));
        problems.removeAll(state.configProblems());
        return problems;
    }

    /** The stream's audit events, oldest first, the newest {@value #AUDIT_LIMIT}. */
    static List<AuditEvent> audit(ControllerState state, String stream) {
        List<AuditEvent> events = new ArrayList<>();
        for (AuditEvent event : state.audit().events()) {
            if (stream.equals(event.stream())) {
                events.add(event);
            }
        }
        return events.size() <= AUDIT_LIMIT ? events : events.subList(events.size() - AUDIT_LIMIT, events.size());
    }
}
