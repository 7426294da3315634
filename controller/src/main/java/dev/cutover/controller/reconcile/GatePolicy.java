package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.Strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    public static Gate gate(String stream, Map<String, StreamState> states,
                            Function<String, StreamObservations> observations, MigrationPlan plan,
                            Collection<String> promotionsInFlight) {
        List<String> busy = new ArrayList<>();
        for (StreamState other : states.values()) {
            if (!other.stream().equals(stream) && occupiesSlot(other, observations, plan)) {
                busy.add(other.stream() + " (" + other.phase() + ")");
            }
        }
        promotionsInFlight.stream().filter(s -> !s.equals(stream)).forEach(s -> busy.add(s + " (promotion written)"));
        boolean allAtOnce = plan.strategy() == Strategy.ALL_AT_ONCE;
        boolean slotFree = allAtOnce || busy.size() < plan.maxConcurrentCutovers();
        String reason = busy + " in progress (max_concurrent_cutovers " + plan.maxConcurrentCutovers() + ")";
        boolean turn;
        if (allAtOnce) {
            turn = plan.order().stream().allMatch(s -> eligible(states.get(s), observations, plan));
        } else {
            turn = slotFree && plan.order().stream().takeWhile(s -> !s.equals(stream))
                    .noneMatch(s -> eligible(states.get(s), observations, plan));
        }
        return new Gate(slotFree, turn, reason);
    }

    private static boolean occupiesSlot(StreamState state, Function<String, StreamObservations> observations,
                                        MigrationPlan plan) {
        Phase phase = state.underlyingPhase();
        if (phase.holdsCutoverSlot()) {
            return true;
        }
        if (phase == Phase.PROMOTED && state.cutoverHour() != null) {
            CanaryEvidence since = CanaryEvidence.of(state, observations.apply(state.stream()), plan.settings(),
                    plan.canary(), state.cutoverHour());
            return since.passStreak() < plan.canary().consecutivePassHours();
        }
        return false;
    }

    /** In SHADOW (or READY_TO_PROMOTE) with sufficient canary evidence. */
    public static boolean eligible(StreamState state, Function<String, StreamObservations> observations,
                                   MigrationPlan plan) {
        if (state == null || (state.phase() != Phase.SHADOW && state.phase() != Phase.READY_TO_PROMOTE)) {
            return false;
        }
        return CanaryEvidence.of(state, observations.apply(state.stream()), plan.settings(), plan.canary(),
                state.canaryFrom()).sufficient();
    }
}
