package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
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

    /** All failing hours among the considered verdicts (for auto-rollback after a cutover). */
    public List<Hour> allFailHours() {
        return verdicts.stream().filter(v -> v.kind().fails()).map(HourVerdict::hour).toList();
    }

    /**
     * One line for audit events and status, e.g. "3/3 consecutive PASS hours up to 2026-11-22T07, no FAIL", or, when
     * rules hid differences in hours of the streak, "3/3 consecutive PASS hours up to 2026-11-22T07 (2 under rules:
     * added_columns[user_agent_map]), no FAIL".
     */
    public String summary() {
        String upTo = verdicts.isEmpty() ? "no compared hours yet"
                : "up to " + verdicts.get(verdicts.size() - 1).hour();
        String fail = failHours.isEmpty() ? "no FAIL" : "FAIL at " + failHours;
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
