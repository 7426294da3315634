package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.Strategy;
import dev.cutover.protocol.Hour;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Computes a stream's {@link Gate} from all streams (pure): a cutover slot is taken by every stream in CUTOVER or
 * ROLLING_BACK, early PROMOTED (fewer than N compared PASS hours since its cutover) or with a promotion written
 * but not yet seen in config; incremental promotion goes in plan order (an earlier eligible stream goes first);
 * all-at-once waits until every listed stream is eligible. An INVALID or ORPHANED stream counts by the phase it
 * resumes (its routes are kept: a cutover or rollback suspended that way still holds its slot). A stream group of
 * the plan is one unit: its members together take one slot, and it is eligible (in its first member's place) only
 * when every member is.
 */
public final class GatePolicy {

    private GatePolicy() {
    }

    /** What the gate asks of a stream's canary evidence from an hour on (however the caller keeps its verdicts). */
    public interface Evidence {
        /** {@link CanaryEvidence#sufficient()} of the evidence from {@code since}. */
        boolean sufficient(StreamState state, Hour since);

        /** Whether {@link CanaryEvidence#passStreak()} of the evidence from {@code since} is at least {@code n}. */
        boolean passStreakAtLeast(StreamState state, Hour since, int n);

        /** Both answers from the whole {@link CanaryEvidence} of each call. */
        static Evidence of(BiFunction<StreamState, Hour, CanaryEvidence> evidence) {
            return new Evidence() {
                @Override
                public boolean sufficient(StreamState state, Hour since) {
                    return evidence.apply(state, since).sufficient();
                }

                @Override
                public boolean passStreakAtLeast(StreamState state, Hour since, int n) {
                    return evidence.apply(state, since).passStreak() >= n;
                }
            };
        }
    }

    public static Gate gate(String stream, Map<String, StreamState> states,
                            Function<String, StreamObservations> observations, MigrationPlan plan,
                            Collection<String> promotionsInFlight) {
        return gate(stream, states, fromObservations(observations, plan), plan, promotionsInFlight);
    }

    /** {@link #gate(String, Map, Function, MigrationPlan, Collection)} with the evidence read through {@code evidence}. */
    public static Gate gate(String stream, Map<String, StreamState> states, Evidence evidence, MigrationPlan plan,
                            Collection<String> promotionsInFlight) {
        return gate(stream, summarize(states, evidence, plan), plan, promotionsInFlight);
    }

    /**
     * What every stream's gate is computed from, once for all streams: the streams holding a slot (as the reason
     * names them, in {@code states} order), where the first eligible stream is in plan order, and whether every
     * listed stream is eligible (all at once).
     *
     * @param busy          each slot holder's name and its reason text, e.g. {@code b (CUTOVER)}
     * @param firstEligible the position in plan order of the first eligible stream; -1 when none is
     * @param allEligible   every stream of the plan order is eligible
     * @param positions     each listed stream's first position in plan order
     */
    public record Summary(List<Map.Entry<String, String>> busy, int firstEligible, boolean allEligible,
                          Map<String, Integer> positions) {
    }

    public static Summary summarize(Map<String, StreamState> states, Evidence evidence, MigrationPlan plan) {
        return summarize(states, s -> occupiesSlot(s, evidence, plan), s -> eligible(s, evidence, plan), plan);
    }

    /** {@link #summarize(Map, Evidence, MigrationPlan)} with each stream's answers given (e.g. kept per stream). */
    public static Summary summarize(Map<String, StreamState> states, Predicate<StreamState> occupiesSlot,
                                    Predicate<StreamState> eligible, MigrationPlan plan) {
        List<Map.Entry<String, String>> busy = new ArrayList<>();
        for (StreamState other : states.values()) {
            if (occupiesSlot.test(other)) {
                busy.add(Map.entry(other.stream(), other.stream() + " (" + other.phase() + ")"));
            }
        }
        List<String> order = plan.order();
        int first = -1;
        Map<String, Integer> positions = positions(order);
        boolean allAtOnce = plan.strategy() == Strategy.ALL_AT_ONCE;
        boolean all = true;
        Predicate<String> eligibleByName = name -> {
            StreamState listed = states.get(name);
            return listed != null && eligible.test(listed);
        };
        for (int i = 0; i < order.size() && (first < 0 || (allAtOnce && all)); i++) {
            boolean ok = eligibleByName.test(order.get(i));
            if (ok && first < 0 && unitEligible(order.get(i), eligibleByName, plan)) {
                first = i;
            }
            all &= ok;
        }
        return new Summary(List.copyOf(busy), first, allAtOnce && all, positions);
    }

    /**
     * Whether the unit {@code stream} belongs to is eligible, given that the stream is: a stream on its own is; a
     * group member only when every member of its group is ({@code eligible} answers by name).
     */
    public static boolean unitEligible(String stream, Predicate<String> eligible, MigrationPlan plan) {
        return plan.groupOf(stream).map(g -> g.members().stream().allMatch(eligible)).orElse(true);
    }

    private record Positions(List<String> order, Map<String, Integer> positions) {
    }

    private static volatile Positions lastPositions;

    /** Each listed stream's first position in {@code order} (kept for the last order asked about). */
    private static Map<String, Integer> positions(List<String> order) {
        Positions last = lastPositions;
        if (last != null && last.order == order) {
            return last.positions;
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            positions.putIfAbsent(order.get(i), i);
        }
        Map<String, Integer> kept = Map.copyOf(positions);
        lastPositions = new Positions(order, kept);
        return kept;
    }

    /** The gate of {@code stream} from the streams' {@link Summary}. */
    public static Gate gate(String stream, Summary summary, MigrationPlan plan, Collection<String> promotionsInFlight) {
        int others;
        if (plan.groups().isEmpty()) {
            others = 0;
            for (Map.Entry<String, String> holder : summary.busy()) {
                if (!holder.getKey().equals(stream)) {
                    others++;
                }
            }
            for (String promoting : promotionsInFlight) {
                if (!promoting.equals(stream)) {
                    others++;
                }
            }
        } else {
            // a group takes one slot: count the units (groups, streams) other than the stream's own
            String own = plan.unitOf(stream);
            java.util.Set<String> units = new java.util.HashSet<>();
            summary.busy().forEach(holder -> units.add(plan.unitOf(holder.getKey())));
            promotionsInFlight.forEach(promoting -> units.add(plan.unitOf(promoting)));
            units.remove(own);
            others = units.size();
        }
        boolean allAtOnce = plan.strategy() == Strategy.ALL_AT_ONCE;
        boolean slotFree = allAtOnce || others < plan.maxConcurrentCutovers();
        // the reason is only read when the slot is taken; a reconcile of every stream asks for the gate
        String reason = slotFree ? "" : busyReason(stream, summary, plan, promotionsInFlight);
        boolean turn;
        if (allAtOnce) {
            turn = summary.allEligible();
        } else {
            int position = plan.groups().isEmpty() ? summary.positions().getOrDefault(stream, plan.order().size())
                    : Math.min(plan.unitRank(stream), plan.order().size());
            turn = slotFree && (summary.firstEligible() < 0 || summary.firstEligible() >= position);
        }
        return new Gate(slotFree, turn, reason);
    }

    private static String busyReason(String stream, Summary summary, MigrationPlan plan,
                                     Collection<String> promotionsInFlight) {
        List<String> busy = new ArrayList<>();
        String own = plan.unitOf(stream);
        for (Map.Entry<String, String> holder : summary.busy()) {
            if (!plan.unitOf(holder.getKey()).equals(own)) {
                busy.add(holder.getValue());
            }
        }
        promotionsInFlight.stream().filter(s -> !plan.unitOf(s).equals(own))
                .forEach(s -> busy.add(s + " (promotion written)"));
        return busy + " in progress (max_concurrent_cutovers " + plan.maxConcurrentCutovers() + ")";
    }

    /** Whether {@code state} takes a cutover slot (see the class comment). */
    public static boolean occupiesSlot(StreamState state, Evidence evidence, MigrationPlan plan) {
        Phase phase = state.underlyingPhase();
        if (phase.holdsCutoverSlot()) {
            return true;
        }
        if (phase == Phase.PROMOTED && state.cutoverHour() != null) {
            return !evidence.passStreakAtLeast(state, state.cutoverHour(), plan.canary().consecutivePassHours());
        }
        return false;
    }

    /** In SHADOW (or READY_TO_PROMOTE) with sufficient canary evidence. */
    public static boolean eligible(StreamState state, Function<String, StreamObservations> observations,
                                   MigrationPlan plan) {
        return eligible(state, fromObservations(observations, plan), plan);
    }

    private static Evidence fromObservations(Function<String, StreamObservations> observations, MigrationPlan plan) {
        return Evidence.of((state, since) -> CanaryEvidence.of(state, observations.apply(state.stream()),
                plan.settings(), plan.canary(), plan.rulesFor(state.stream()), since, plan.timeliness()));
    }

    /** {@link #eligible(StreamState, Function, MigrationPlan)} with the evidence read through {@code evidence}. */
    public static boolean eligible(StreamState state, Evidence evidence, MigrationPlan plan) {
        if (state == null || (state.phase() != Phase.SHADOW && state.phase() != Phase.READY_TO_PROMOTE)) {
            return false;
        }
        return evidence.sufficient(state, state.canaryFrom());
    }
}
