package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One stream's canary evidence as the plan reads it: its verdicts judged under the comparison rules
 * ({@link Judgement}), its LATE hours counted as failures ({@link Lateness}, when the plan checks timeliness), and
 * whether its refines are too slow. Read from the hour plans the controller keeps when they follow the stream's
 * routes and observations, else derived from the observations. Pure.
 */
public final class StreamEvidence {

    private final MigrationPlan plan;
    private final StreamObservations observed;
    private final Optional<HourPlans> plans;

    /**
     * @param plans the hour plans kept for the stream, when they follow {@code state}'s routes and {@code observed}
     */
    public StreamEvidence(MigrationPlan plan, StreamObservations observed, Optional<HourPlans> plans) {
        this.plan = plan;
        this.observed = observed;
        this.plans = plans;
    }

    private CutoverSettings settings() {
        return plan.settings();
    }

    private NavigableMap<Hour, String> late(StreamState state, Hour since) {
        TimelinessPolicy t = plan.timeliness();
        return t.judgesLandings() ? Lateness.lateHours(state, observed, settings(), t, since) : new TreeMap<>();
    }

    /** Why the new job's refines are too slow for the plan ({@code canary.timeliness.duration_ratio}), if they are. */
    public Optional<String> tooSlow(StreamState state, Hour since) {
        return Lateness.tooSlow(state, observed, settings(), plan.timeliness(), since);
    }

    /** The whole evidence from {@code since}. */
    public CanaryEvidence of(StreamState state, Hour since) {
        StreamRules rules = plan.rulesFor(state.stream());
        if (plans.isPresent()) {
            return CanaryEvidence.of(plans.get().verdicts(), plan.canary(), rules, since, late(state, since));
        }
        return CanaryEvidence.of(state, observed, settings(), plan.canary(), rules, since, plan.timeliness());
    }

    /** {@link CanaryEvidence#sufficient()} of {@link #of}, and not {@link #tooSlow}; from the newest verdicts. */
    public boolean sufficient(StreamState state, Hour since) {
        if (tooSlow(state, since).isPresent()) {
            return false;
        }
        NavigableMap<Hour, String> late = late(state, since);
        if (plans.isPresent() && late.isEmpty()) {
            return plans.get().sufficient(plan.canary(), plan.rulesFor(state.stream()), since);
        }
        if (plans.isPresent()) {
            return CanaryEvidence.sufficient(plans.get().verdicts(), plan.canary(), plan.rulesFor(state.stream()),
                    since, late);
        }
        return of(state, since).sufficient();
    }

    /** Whether {@link CanaryEvidence#passStreak()} of {@link #of} is at least {@code n}. */
    public boolean passStreakAtLeast(StreamState state, Hour since, int n) {
        if (plans.isPresent()) {
            return CanaryEvidence.passStreakAtLeast(plans.get().verdicts(), plan.canary(),
                    plan.rulesFor(state.stream()), since, n, late(state, since));
        }
        return of(state, since).passStreak() >= n;
    }
}
