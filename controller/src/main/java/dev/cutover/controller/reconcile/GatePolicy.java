package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.Strategy;
import dev.cutover.protocol.Hour;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Computes a stream's {@link Gate} from all streams (pure): a cutover slot is taken by every stream in CUTOVER or
 * ROLLING_BACK, early PROMOTED (fewer than N compared PASS hours since its cutover) or with a promotion written
 * but not yet seen in config; incremental promotion goes in plan order (an earlier eligible stream goes first);
 * all-at-once waits until every listed stream is eligible. An INVALID or ORPHANED stream counts by the phase it
 * resumes (its routes are kept: a cutover or rollback suspended that way still holds its slot).
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
        List<String> busy = new ArrayList<>();
        for (StreamState other : states.values()) {
            if (!other.stream().equals(stream) && occupiesSlot(other, evidence, plan)) {
                busy.add(other.stream() + " (" + other.phase() + ")");
            }
        }
        promotionsInFlight.stream().filter(s -> !s.equals(stream)).forEach(s -> busy.add(s + " (promotion written)"));
        boolean allAtOnce = plan.strategy() == Strategy.ALL_AT_ONCE;
        boolean slotFree = allAtOnce || busy.size() < plan.maxConcurrentCutovers();
        String reason = busy + " in progress (max_concurrent_cutovers " + plan.maxConcurrentCutovers() + ")";
        boolean turn;
        if (allAtOnce) {
            turn = plan.order().stream().allMatch(s -> eligible(states.get(s), evidence, plan));
        } else {
            turn = slotFree && plan.order().stream().takeWhile(s -> !s.equals(stream))
                    .noneMatch(s -> eligible(states.get(s), evidence, plan));
        }
        return new Gate(slotFree, turn, reason);
    }

    private static boolean occupiesSlot(StreamState state, Evidence evidence, MigrationPlan plan) {
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
                plan.settings(), plan.canary(), since));
    }

    private static boolean eligible(StreamState state, Evidence evidence, MigrationPlan plan) {
        if (state == null || (state.phase() != Phase.SHADOW && state.phase() != Phase.READY_TO_PROMOTE)) {
            return false;
        }
        return evidence.sufficient(state, state.canaryFrom());
    }
}
