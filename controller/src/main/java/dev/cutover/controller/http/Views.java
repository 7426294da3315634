package dev.cutover.controller.http;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainException;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.reconcile.Lateness;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.reconcile.Judgement;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Invocations;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Segment;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.TableNames;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the API shows, computed from one published {@link ControllerState} (pure; no lock, no I/O). Routes come from
 * each stream's published route table ({@link dev.cutover.protocol.RouteTable#route}, the one routing rule).
 */
public final class Views {

    private Views() {
    }

    public static Responses.Ready ready(ControllerState state) {
        Responses.RecordedLayer layer = state.plan().overrideLayer().isEmpty() ? null : new Responses.RecordedLayer(
                state.watermark().known(), state.watermark().recorded().hash().orElse(null),
                state.watermark().hold().isPresent());
        return new Responses.Ready(state.ready(), state.leadership().role().wireName(), state.configProblems(), layer);
    }

    /**
     * Routes of every managed stream (or one) for a job and hour, as routed refines see them; the epoch is always the
     * stream's current one (fencing).
     *
     * @throws DomainException (400) for a job the plan does not know
     */
    public static Map<String, Route> routes(ControllerState state, String job, Hour hour, Optional<String> stream) {
        requireJob(state, job);
        Map<String, Route> routes = new LinkedHashMap<>();
        if (stream.isPresent()) {
            state.entry(stream.get()).ifPresent(e -> routes.put(stream.get(), e.table().route(job, hour)));
            return routes;
        }
        for (StreamEntry entry : state.streams().values()) {
            routes.put(entry.state().stream(), entry.table().route(job, hour));
        }
        return routes;
    }

    /**
     * The job's runs over [{@code from}, {@code to}) for a job that does not call Cutover, rendered from every managed
     * stream's published route table ({@link Invocations#render}), and the hours held from them.
     *
     * @throws DomainException (400) for a job the plan does not know, or a range that selects no hour or too many
     */
    public static Invocations invocations(ControllerState state, String job, Hour from, Hour to) {
        if (job == null || !state.settings().jobs().contains(job)) {
            throw DomainException.badRequest("unknown job '" + job + "'; this controller knows "
                    + state.settings().jobs() + ": ask for /v1/jobs/" + state.settings().newJob()
                    + "/invocations?from=...&to=... or /v1/jobs/" + state.settings().legacyJob() + "/invocations?...");
        }
        List<RouteTable> tables = new ArrayList<>();
        for (StreamEntry entry : state.streams().values()) {
            tables.add(entry.table());
        }
        try {
            return Invocations.render(job, tables, from, to);
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest(e.getMessage());
        }
    }

    /** The stream's current epoch; 404 when it is not managed. */
    public static Responses.Epoch epoch(ControllerState state, String stream) {
        return state.state(stream).map(s -> new Responses.Epoch(stream, s.epoch())).orElseThrow(() ->
                DomainException.notFound("stream '" + stream + "' is not managed by this controller"));
    }

    /** The job's work list across streams, oldest hour first. */
    public static List<WorkItem> work(ControllerState state, String job) {
        requireJob(state, job);
        return state.work(job);
    }

    public static Responses.Streams streams(ControllerState state) {
        List<Responses.StreamSummary> summaries = new ArrayList<>();
        for (StreamEntry entry : state.streams().values()) {
            StreamState s = entry.state();
            List<String> last = verdicts(state, s.stream(), 5).stream().map(v -> v.hour() + " " + v.verdict())
                    .toList();
            summaries.add(new Responses.StreamSummary(s.stream(), TableNames.forStream(s.stream()), s.phase().name(),
                    s.currentLeader(), s.epoch(), flag(state, s.stream()).orElse(null), s.cutoverHour(),
                    problems(state, s.stream()), last, List.copyOf(lateInCanaryWindow(state, s).keySet())));
        }
        return new Responses.Streams(summaries, state.configProblems());
    }

    public static Responses.StreamDetail detail(ControllerState state, String stream) {
        StreamEntry entry = state.entry(stream).orElseThrow(() -> DomainException.notFound("stream '" + stream
                + "' is not managed by this controller (see GET /v1/streams)"));
        StreamState s = entry.state();
        return new Responses.StreamDetail(s.stream(), TableNames.forStream(s.stream()), s.phase().name(),
                s.currentLeader(), s.epoch(), flag(state, stream).orElse(null), s.cutoverHour(),
                problems(state, stream), routeViews(state, s), verdicts(state, stream, 48), entry.work().size(),
                landings(state, s, 48), Lateness.tooSlow(s, state.observed(stream), state.settings(),
                        state.plan().timeliness(), s.canaryFrom()).orElse(null));
    }

    /**
     * Each observed hour's landings by job, under the hour's routes, with why it is LATE ({@link Lateness}) when it
     * is: oldest first, at most {@code limit} (the newest kept); hours no job's commit landed in are left out.
     */
    public static List<Responses.LandingView> landings(ControllerState state, StreamState s, int limit) {
        StreamObservations observed = state.observed(s.stream());
        List<Responses.LandingView> views = new ArrayList<>();
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().entrySet()) {
            Hour hour = entry.getKey();
            Map<String, Instant> landed = new LinkedHashMap<>();
            for (String job : state.settings().jobs()) {
                entry.getValue().landing(job, s.databaseFor(job, hour, state.settings()))
                        .ifPresent(at -> landed.put(job, at));
            }
            if (!landed.isEmpty()) {
                views.add(new Responses.LandingView(hour, landed, Lateness.late(s, observed, hour, state.settings(),
                        state.plan().timeliness()).orElse(null)));
            }
        }
        return views.size() <= limit ? views : views.subList(views.size() - limit, views.size());
    }

    /**
     * The LATE hours ({@link Lateness}) of the stream's canary window: from its canary start on, within the plan's
     * {@code canary.window_hours} ending at the newest observed hour.
     */
    public static NavigableMap<Hour, String> lateInCanaryWindow(ControllerState state, StreamState s) {
        StreamObservations observed = state.observed(s.stream());
        if (observed.hours().isEmpty() || !state.plan().timeliness().judgesLandings()) {
            return new TreeMap<>();
        }
        Hour windowStart = observed.hours().lastKey().plusHours(1 - (long) state.plan().canary().windowHours());
        Hour since = windowStart.isAfter(s.canaryFrom()) ? windowStart : s.canaryFrom();
        return Lateness.lateHours(s, observed, state.settings(), state.plan().timeliness(), since);
    }

    /** Problems of a stream: the controller's, its own, its last failed reconcile and its last failed work reports. */
    public static List<String> problems(ControllerState state, String stream) {
        List<String> problems = new ArrayList<>(state.configProblems());
        state.state(stream).ifPresent(s -> problems.addAll(s.problems()));
        state.entry(stream).flatMap(StreamEntry::reconcileProblem).ifPresent(problems::add);
        problems.addAll(state.reports().failuresOf(stream));
        return problems;
    }

    /** The routes of a stream, as the API shows them: each segment with the database of every job. */
    public static List<Responses.RouteView> routeViews(ControllerState state, StreamState s) {
        List<Responses.RouteView> views = new ArrayList<>();
        for (Segment segment : s.segments()) {
            Map<String, String> databases = new LinkedHashMap<>();
            for (String job : state.settings().jobs()) {
                databases.put(job, s.databaseFor(job, segment.fromHour(), state.settings()));
            }
            views.add(new Responses.RouteView(segment.fromHour(), segment.epoch(), segment.leader(), databases));
        }
        return views;
    }

    /**
     * Verdicts by hour, oldest first (at most {@code limit}, newest kept), as the plan's checks and the stream's
     * comparison rules judge them ({@link Judgement}): the kind, the reasons of a FAIL, the rules that applied and
     * what they hid. An hour the new job landed too late ({@link Lateness}, when the plan checks timeliness) is
     * LATE whatever its content verdict, with or without one.
     */
    public static List<Responses.VerdictView> verdicts(ControllerState state, String stream, int limit) {
        StreamObservations observed = state.observed(stream);
        Optional<StreamState> s = state.state(stream);
        boolean timeliness = state.plan().timeliness().judgesLandings() && s.isPresent();
        List<Map.Entry<Hour, Optional<String>>> hours = new ArrayList<>();
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().entrySet()) {
            Optional<String> late = timeliness ? Lateness.late(s.get(), observed, entry.getKey(), state.settings(),
                    state.plan().timeliness()) : Optional.empty();
            if (entry.getValue().verdict().isPresent() || late.isPresent()) {
                hours.add(Map.entry(entry.getKey(), late));
            }
        }
        StreamRules rules = state.plan().rulesFor(stream);
        List<Responses.VerdictView> views = new ArrayList<>();
        for (Map.Entry<Hour, Optional<String>> entry : hours.subList(Math.max(0, hours.size() - limit),
                hours.size())) {
            Optional<VerdictRecord> verdict = observed.at(entry.getKey()).verdict();
            Judgement j = entry.getValue().map(Judgement::late)
                    .orElseGet(() -> Judgement.of(verdict.orElseThrow(), state.plan().canary(), rules));
            views.add(new Responses.VerdictView(entry.getKey(), j.kind().name(), j.reasons(), j.applied(),
                    j.hidden(), verdict.map(VerdictRecord::detail).orElse(null)));
        }
        return views;
    }

    /** The flag value in the applied snapshot, if any. */
    public static Optional<String> flag(ControllerState state, String stream) {
        return state.config().snapshot().flatMap(s -> s.lookup(stream))
                .flatMap(c -> c.text(state.settings().flagPointer()));
    }

    private static void requireJob(ControllerState state, String job) {
        if (job == null || !state.settings().jobs().contains(job)) {
            throw DomainException.badRequest("unknown job '" + job + "'; this controller knows "
                    + state.settings().jobs());
        }
    }
}
