package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The canary evidence of one stream: its fresh verdicts (given after both compared commits) on hours from
 * {@code since} on, judged under the plan's checks and the stream's comparison rules ({@link Judgement}) and weighed
 * against its canary policy. PASS and PASS_UNDER_RULES hours pass; FAIL and LATE hours fail (they break the streak
 * and fail the window); NODATA hours are skipped. Pure.
 *
 * @param passStreak    consecutive passing hours ending at the newest compared hour
 * @param failHours     failing hours within the policy window (ending at the newest compared hour)
 * @param verdicts      the fresh verdicts considered, oldest first (NODATA excluded)
 */
public record CanaryEvidence(int passStreak, List<Hour> failHours, List<HourVerdict> verdicts, int required) {

    public record HourVerdict(Hour hour, Judgement judgement) {
        public Judgement.Kind kind() {
            return judgement.kind();
        }
    }

    public boolean sufficient() {
        return passStreak >= required && failHours.isEmpty();
    }

    /** The evidence with the LATE hours of {@code timeliness} counted ({@link Lateness#lateHours}). */
    public static CanaryEvidence of(StreamState state, StreamObservations observed, CutoverSettings settings,
                                    CanaryPolicy policy, StreamRules rules, Hour since, TimelinessPolicy timeliness) {
        NavigableMap<Hour, String> late = Lateness.lateHours(state, observed, settings, timeliness, since);
        if (late.isEmpty()) {
            return of(state, observed, settings, policy, rules, since);
        }
        java.util.TreeMap<Hour, VerdictRecord> fresh = new java.util.TreeMap<>();
        for (Hour hour : observed.hours().tailMap(since, true).keySet()) {
            HourPlans.freshVerdict(state, hour, observed.at(hour), settings).ifPresent(v -> fresh.put(hour, v));
        }
        return of(fresh, policy, rules, since, late);
    }

    public static CanaryEvidence of(StreamState state, StreamObservations observed, CutoverSettings settings,
                                    CanaryPolicy policy, StreamRules rules, Hour since) {
        List<HourVerdict> verdicts = new ArrayList<>();
        for (Map.Entry<Hour, ?> entry : observed.hours().tailMap(since, true).entrySet()) {
            Hour hour = entry.getKey();
            String left = state.databaseFor(settings.newJob(), hour, settings);
            String right = state.databaseFor(settings.legacyJob(), hour, settings);
            Optional<VerdictRecord> verdict = observed.at(hour).freshVerdict(left, right);
            verdict.map(v -> Judgement.of(v, policy, rules)).filter(j -> j.kind() != Judgement.Kind.NODATA)
                    .ifPresent(j -> verdicts.add(new HourVerdict(hour, j)));
        }
        return judged(verdicts, policy);
    }

    /**
     * The same evidence from the fresh verdicts of the stream's hours under its routes ({@link HourPlans#verdicts}):
     * what {@link #of(StreamState, StreamObservations, CutoverSettings, CanaryPolicy, StreamRules, Hour)} gives,
     * without deriving every hour's verdict again.
     */
    public static CanaryEvidence of(SortedMap<Hour, VerdictRecord> fresh, CanaryPolicy policy, StreamRules rules,
                                    Hour since) {
        List<HourVerdict> verdicts = new ArrayList<>();
        for (Map.Entry<Hour, VerdictRecord> entry : fresh.tailMap(since).entrySet()) {
            Judgement j = Judgement.of(entry.getValue(), policy, rules);
            if (j.kind() != Judgement.Kind.NODATA) {
                verdicts.add(new HourVerdict(entry.getKey(), j));
            }
        }
        return judged(verdicts, policy);
    }

    /**
     * Whether the evidence from {@code since} on is {@link #sufficient()}: the same answer as {@link #of(SortedMap,
     * CanaryPolicy, StreamRules, Hour)}, reading only the newest verdicts (the pass streak and the policy window).
     */
    public static boolean sufficient(NavigableMap<Hour, VerdictRecord> fresh, CanaryPolicy policy, StreamRules rules,
                                     Hour since) {
        int required = policy.consecutivePassHours();
        int streak = 0;
        boolean streakOpen = true;
        Hour expected = null;
        Hour windowStart = null;
        for (Map.Entry<Hour, VerdictRecord> entry : fresh.tailMap(since, true).descendingMap().entrySet()) {
            Judgement.Kind v = Judgement.of(entry.getValue(), policy, rules).kind();
            if (v == Judgement.Kind.NODATA) {
                continue;
            }
            Hour hour = entry.getKey();
            if (windowStart == null) {
                windowStart = hour.plusHours(1 - (long) policy.windowHours());
            }
            boolean inWindow = !hour.isBefore(windowStart);
            if (inWindow && v.fails()) {
                return false;
            }
            if (streakOpen && v.passes() && (expected == null || hour.equals(expected))) {
                streak++;
                expected = hour.previous();
            } else {
                streakOpen = false;
            }
            if ((!streakOpen || streak >= required) && !inWindow) {
                break;
            }
        }
        return streak >= required;
    }

    /** Whether the pass streak from {@code since} on is at least {@code n} ({@link #passStreak()}), read from the newest. */
    public static boolean passStreakAtLeast(NavigableMap<Hour, VerdictRecord> fresh, CanaryPolicy policy,
                                            StreamRules rules, Hour since, int n) {
        int streak = 0;
        Hour expected = null;
        for (Map.Entry<Hour, VerdictRecord> entry : fresh.tailMap(since, true).descendingMap().entrySet()) {
            if (streak >= n) {
                break;
            }
            Judgement.Kind v = Judgement.of(entry.getValue(), policy, rules).kind();
            if (v == Judgement.Kind.NODATA) {
                continue;
            }
            if (!v.passes() || (expected != null && !entry.getKey().equals(expected))) {
                break;
            }
            streak++;
            expected = entry.getKey().previous();
        }
        return streak >= n;
    }

    /**
     * The evidence with the stream's LATE hours ({@link Lateness#lateHours}, with their reasons) counted: a late hour
     * is a failure of its own kind, whatever its content verdict (a late hour without a verdict yet counts too).
     */
    public static CanaryEvidence of(SortedMap<Hour, VerdictRecord> fresh, CanaryPolicy policy, StreamRules rules,
                                    Hour since, NavigableMap<Hour, String> late) {
        if (late.tailMap(since, true).isEmpty()) {
            return of(fresh, policy, rules, since);
        }
        java.util.TreeMap<Hour, Judgement> merged = new java.util.TreeMap<>();
        for (Map.Entry<Hour, VerdictRecord> entry : fresh.tailMap(since).entrySet()) {
            merged.put(entry.getKey(), Judgement.of(entry.getValue(), policy, rules));
        }
        late.tailMap(since, true).forEach((hour, reason) -> merged.put(hour, Judgement.late(reason)));
        List<HourVerdict> verdicts = new ArrayList<>();
        merged.forEach((hour, j) -> {
            if (j.kind() != Judgement.Kind.NODATA) {
                verdicts.add(new HourVerdict(hour, j));
            }
        });
        return judged(verdicts, policy);
    }

    /** {@link #sufficient(NavigableMap, CanaryPolicy, StreamRules, Hour)} with the LATE hours counted. */
    public static boolean sufficient(NavigableMap<Hour, VerdictRecord> fresh, CanaryPolicy policy, StreamRules rules,
                                     Hour since, NavigableMap<Hour, String> late) {
        return late.tailMap(since, true).isEmpty() ? sufficient(fresh, policy, rules, since)
                : of(fresh, policy, rules, since, late).sufficient();
    }

    /** {@link #passStreakAtLeast(NavigableMap, CanaryPolicy, StreamRules, Hour, int)} with the LATE hours counted. */
    public static boolean passStreakAtLeast(NavigableMap<Hour, VerdictRecord> fresh, CanaryPolicy policy,
                                            StreamRules rules, Hour since, int n, NavigableMap<Hour, String> late) {
        return late.tailMap(since, true).isEmpty() ? passStreakAtLeast(fresh, policy, rules, since, n)
                : of(fresh, policy, rules, since, late).passStreak() >= n;
    }

    private static CanaryEvidence judged(List<HourVerdict> verdicts, CanaryPolicy policy) {
        int streak = 0;
        Hour expected = null;
        for (int i = verdicts.size() - 1; i >= 0; i--) {
            HourVerdict v = verdicts.get(i);
            if (!v.kind().passes() || (expected != null && !v.hour().equals(expected))) {
                break;
            }
            streak++;
            expected = v.hour().previous();
        }
        List<Hour> fails = new ArrayList<>();
        if (!verdicts.isEmpty()) {
            Hour windowStart = verdicts.get(verdicts.size() - 1).hour().plusHours(1 - (long) policy.windowHours());
            for (HourVerdict v : verdicts) {
                if (v.kind().fails() && !v.hour().isBefore(windowStart)) {
                    fails.add(v.hour());
                }
            }
        }
        return new CanaryEvidence(streak, List.copyOf(fails), List.copyOf(verdicts), policy.consecutivePassHours());
    }

    /**
     * All content FAIL hours among the considered verdicts (for auto-rollback after a cutover; a LATE hour after the
     * cutover is production's delay, not wrong data, and does not roll back).
     */
    public List<Hour> allFailHours() {
        return verdicts.stream().filter(v -> v.kind() == Judgement.Kind.FAIL).map(HourVerdict::hour).toList();
    }

    /**
     * One line for audit events and status, e.g. "3/3 consecutive PASS hours up to 2026-11-22T07, no FAIL", or, when
     * rules hid differences in hours of the streak, "3/3 consecutive PASS hours up to 2026-11-22T07 (2 under rules:
     * added_columns[user_agent_map]), no FAIL".
     */
    public String summary() {
        String upTo = verdicts.isEmpty() ? "no compared hours yet"
                : "up to " + verdicts.get(verdicts.size() - 1).hour();
        List<Hour> late = verdicts.stream().filter(v -> v.kind() == Judgement.Kind.LATE && failHours.contains(v.hour()))
                .map(HourVerdict::hour).toList();
        List<Hour> content = failHours.stream().filter(h -> !late.contains(h)).toList();
        String fail = failHours.isEmpty() ? "no FAIL" : (content.isEmpty() ? "" : "FAIL at " + content)
                + (content.isEmpty() || late.isEmpty() ? "" : ", ") + (late.isEmpty() ? "" : "LATE at " + late);
        return passStreak + "/" + required + " consecutive PASS hours " + upTo + underRules() + ", " + fail;
    }

    /** The pass streak's hours that passed under rules, and which rules, or "". */
    private String underRules() {
        int count = 0;
        LinkedHashSet<String> rules = new LinkedHashSet<>();
        for (int i = verdicts.size() - passStreak; i < verdicts.size(); i++) {
            Judgement j = verdicts.get(i).judgement();
            if (j.kind() == Judgement.Kind.PASS_UNDER_RULES) {
                count++;
                rules.addAll(j.applied());
            }
        }
        return count == 0 ? "" : " (" + count + " under rules: " + String.join(", ", rules) + ")";
    }
}
