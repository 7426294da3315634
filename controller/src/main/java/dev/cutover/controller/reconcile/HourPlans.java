package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.protocol.Hold;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Segment;
import dev.cutover.streamconfig.CutoverSettings;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a stream's routes make of each observed hour, kept per hour so that a report recomputes only the hours it
 * touched: the hour's work items ({@link WorkPlanner#plan}), each job's routed-refine hold ({@link RouteHolds#of}) and
 * the hour's fresh verdict ({@link CanaryEvidence}). Only non-empty hours are kept. Valid for the observations it was
 * derived from and the parts of the state the plans depend on (stream, epoch, segments, decommissioned): when those
 * change, everything is derived again. Pure and persistent; {@link #work()}, {@link #holds()} and
 * {@link #verdicts()} are what a derivation from scratch gives.
 */
public final class HourPlans {

    private final String stream;
    private final long epoch;
    private final List<Segment> segments;
    private final boolean decommissioned;
    private final CutoverSettings settings;
    private final StreamObservations observed;
    private final PSortedMap<Hour, List<PlannedWork>> work;
    private final List<PSortedMap<Hour, String>> holdsByJob;
    private final PSortedMap<Hour, VerdictRecord> verdicts;
    private final List<Hold> holds;
    private final List<PlannedWork> workList;
    private volatile Sufficiency lastSufficiency;

    /** The last answer of {@link #sufficient} (a pure function of these plans, kept for the next reconcile). */
    private record Sufficiency(CanaryPolicy policy, StreamRules rules, Hour since, boolean sufficient) {
    }

    private HourPlans(StreamState state, CutoverSettings settings, StreamObservations observed,
                      PSortedMap<Hour, List<PlannedWork>> work, List<PSortedMap<Hour, String>> holdsByJob,
                      PSortedMap<Hour, VerdictRecord> verdicts, HourPlans previous) {
        this.stream = state.stream();
        this.epoch = state.epoch();
        this.segments = state.segments();
        this.decommissioned = state.underlyingPhase() == Phase.DECOMMISSIONED;
        this.settings = settings;
        this.observed = observed;
        this.work = work;
        this.holdsByJob = List.copyOf(holdsByJob);
        this.verdicts = verdicts;
        this.holds = previous != null && previous.holdsByJob.equals(this.holdsByJob) ? previous.holds : fold();
        this.workList = previous != null && previous.work == work ? previous.workList : flatten(work);
    }

    /** Everything derived from scratch. */
    public static HourPlans of(StreamState state, StreamObservations observed, CutoverSettings settings) {
        TreeMap<Hour, List<PlannedWork>> work = new TreeMap<>();
        List<TreeMap<Hour, String>> holds = new ArrayList<>();
        settings.jobs().forEach(j -> holds.add(new TreeMap<>()));
        TreeMap<Hour, VerdictRecord> verdicts = new TreeMap<>();
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().entrySet()) {
            Hour hour = entry.getKey();
            HourObservation obs = entry.getValue();
            List<PlannedWork> items = WorkPlanner.planHour(state, hour, obs, settings);
            if (!items.isEmpty()) {
                work.put(hour, items);
            }
            for (int j = 0; j < settings.jobs().size(); j++) {
                Optional<String> hold = WorkPlanner.routedRefineHold(state, settings.jobs().get(j), hour, obs,
                        settings, items);
                if (hold.isPresent()) {
                    holds.get(j).put(hour, hold.get());
                }
            }
            freshVerdict(state, hour, obs, settings).ifPresent(v -> verdicts.put(hour, v));
        }
        List<PSortedMap<Hour, String>> holdsByJob = new ArrayList<>();
        holds.forEach(h -> holdsByJob.add(TreePMap.from(h)));
        return new HourPlans(state, settings, observed, TreePMap.from(work), holdsByJob, TreePMap.from(verdicts),
                null);
    }

    /**
     * The plans for {@code state} and {@code next}: when the state's routes are the ones these were derived for, only
     * {@code changed} hours are derived again (every hour whose observation differs, when {@code changed} is empty);
     * otherwise everything.
     */
    public HourPlans next(StreamState state, StreamObservations next, CutoverSettings with,
                          Optional<Collection<Hour>> changed) {
        if (!derivedFor(state, with)) {
            return of(state, next, with);
        }
        if (next == observed) {
            return this;
        }
        Collection<Hour> hours = changed.isPresent() ? changed.get() : differing(observed, next);
        PSortedMap<Hour, List<PlannedWork>> w = work;
        List<PSortedMap<Hour, String>> h = new ArrayList<>(holdsByJob);
        PSortedMap<Hour, VerdictRecord> v = verdicts;
        for (Hour hour : hours) {
            HourObservation obs = next.hours().get(hour);
            List<PlannedWork> items = obs == null ? List.of() : WorkPlanner.planHour(state, hour, obs, settings);
            w = put(w, hour, items.isEmpty() ? null : items);
            for (int j = 0; j < settings.jobs().size(); j++) {
                String hold = obs == null ? null : WorkPlanner.routedRefineHold(state, settings.jobs().get(j), hour,
                        obs, settings, items).orElse(null);
                h.set(j, put(h.get(j), hour, hold));
            }
            v = put(v, hour, obs == null ? null : freshVerdict(state, hour, obs, settings).orElse(null));
        }
        return new HourPlans(state, settings, next, w, h, v, this);
    }

    /** Whether these plans follow from {@code state}'s routes (what the plans depend on is the same). */
    public boolean derivedFor(StreamState state, CutoverSettings with) {
        return with == settings && state.stream().equals(stream) && state.epoch() == epoch
                && (state.underlyingPhase() == Phase.DECOMMISSIONED) == decommissioned
                && state.segments().equals(segments);
    }

    /** The observations these plans were derived from. */
    public StreamObservations observed() {
        return observed;
    }

    /** The work lists, hour by hour ({@link WorkPlanner#plan}). */
    public List<PlannedWork> work() {
        return workList;
    }

    /** The routed-refine holds as runs ({@link RouteHolds#of}). */
    public List<Hold> holds() {
        return holds;
    }

    /** The fresh verdict of every hour that has one, under these routes. */
    public PSortedMap<Hour, VerdictRecord> verdicts() {
        return verdicts;
    }

    /**
     * {@link CanaryEvidence#sufficient(java.util.NavigableMap, CanaryPolicy, StreamRules, Hour)} of
     * {@link #verdicts()}.
     */
    public boolean sufficient(CanaryPolicy policy, StreamRules rules, Hour since) {
        Sufficiency last = lastSufficiency;
        if (last != null && last.policy == policy && last.rules == rules && last.since.equals(since)) {
            return last.sufficient;
        }
        boolean sufficient = CanaryEvidence.sufficient(verdicts, policy, rules, since);
        lastSufficiency = new Sufficiency(policy, rules, since, sufficient);
        return sufficient;
    }

    /** The hour's verdict if both compared commits are still the ones in the databases the routes give. */
    static Optional<VerdictRecord> freshVerdict(StreamState state, Hour hour, HourObservation obs,
                                                CutoverSettings settings) {
        if (obs.verdict().isEmpty()) {
            return Optional.empty();
        }
        String left = state.databaseFor(settings.newJob(), hour, settings);
        String right = state.databaseFor(settings.legacyJob(), hour, settings);
        return obs.freshVerdict(left, right);
    }

    private List<Hold> fold() {
        List<Hold> out = new ArrayList<>();
        for (int j = 0; j < holdsByJob.size(); j++) {
            String job = settings.jobs().get(j);
            Hour from = null;
            Hour to = null;
            String reason = null;
            for (Map.Entry<Hour, String> entry : holdsByJob.get(j).entrySet()) {
                Hour hour = entry.getKey();
                if (reason != null && entry.getValue().equals(reason) && to.next().equals(hour)) {
                    to = hour;
                    continue;
                }
                if (reason != null) {
                    out.add(new Hold(job, from, to, reason));
                }
                from = hour;
                to = hour;
                reason = entry.getValue();
            }
            if (reason != null) {
                out.add(new Hold(job, from, to, reason));
            }
        }
        return List.copyOf(out);
    }

    private static List<PlannedWork> flatten(PSortedMap<Hour, List<PlannedWork>> work) {
        List<PlannedWork> out = new ArrayList<>();
        work.values().forEach(out::addAll);
        return List.copyOf(out);
    }

    private static <V> PSortedMap<Hour, V> put(PSortedMap<Hour, V> map, Hour hour, V value) {
        V before = map.get(hour);
        if (value == null) {
            return before == null ? map : map.minus(hour);
        }
        return value.equals(before) ? map : map.plus(hour, value);
    }

    /** The hours whose observation is not the same value in both (added, removed or replaced). */
    private static Collection<Hour> differing(StreamObservations before, StreamObservations after) {
        List<Hour> hours = new ArrayList<>();
        for (Map.Entry<Hour, HourObservation> e : after.hours().entrySet()) {
            if (before.hours().get(e.getKey()) != e.getValue()) {
                hours.add(e.getKey());
            }
        }
        for (Hour hour : before.hours().keySet()) {
            if (!after.hours().containsKey(hour)) {
                hours.add(hour);
            }
        }
        return hours;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourPlans other && other.work.equals(work) && other.holdsByJob.equals(holdsByJob)
                && other.verdicts.equals(verdicts);
    }

    @Override
    public int hashCode() {
        return work.hashCode() * 31 + verdicts.hashCode();
    }
}
