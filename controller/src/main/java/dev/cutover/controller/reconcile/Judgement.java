package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * A verdict as the plan reads it: the worker's exact verdict re-judged under the plan's canary checks and the stream's
 * comparison rules, from the structured facts of its compare detail (never from its reason strings), so a changed
 * plan applies to every hour already compared. Pure.
 * <ul>
 *   <li>NODATA stays NODATA (a side is missing).</li>
 *   <li>A worker PASS stays PASS unless the plan checks {@code schema} and the new job lacks a column or changed a
 *       column's type (it would lose data in production): then FAIL, unless {@code ignore_columns} hides it.</li>
 *   <li>A worker FAIL becomes PASS_UNDER_RULES only when every fact that made it fail (a column on one side only, a
 *       type change, different row counts, different checksums explained row by row by the keyed diff) is hidden by
 *       a rule ({@link RuleCoverage}); otherwise it stays FAIL, and the reasons say which facts no rule covered.</li>
 *   <li>A rule of the stream's own section naming a column neither side of the table has makes the hour a FAIL:
 *       a typo is reported, never silently ignored.</li>
 * </ul>
 *
 * @param kind    PASS (exact), PASS_UNDER_RULES (a rule hid a difference), FAIL, LATE (the new job landed the hour
 *                too late: {@link #late}, from {@link Lateness}; never produced from a verdict) or NODATA
 * @param reasons why the hour FAILs: the facts no rule covered, or the worker's own reasons; empty otherwise
 * @param applied the rules that hid something, e.g. {@code added_columns[user_agent_map]}, {@code row_count}
 * @param hidden  what they hid, one line per fact, e.g. "column user_agent_map only in event_airflow"
 */
public record Judgement(Kind kind, List<String> reasons, List<String> applied, List<String> hidden) {

    public enum Kind {
        PASS, PASS_UNDER_RULES, FAIL, LATE, NODATA;

        /** PASS or PASS_UNDER_RULES: counts towards the canary's pass streak. */
        public boolean passes() {
            return this == PASS || this == PASS_UNDER_RULES;
        }

        /** FAIL or LATE: breaks the pass streak and fails the canary window. */
        public boolean fails() {
            return this == FAIL || this == LATE;
        }
    }

    public static final Judgement EXACT_PASS = new Judgement(Kind.PASS, List.of(), List.of(), List.of());
    public static final Judgement NO_DATA = new Judgement(Kind.NODATA, List.of(), List.of(), List.of());

    /** An hour the new job landed too late ({@link Lateness}), whatever its content verdict. */
    public static Judgement late(String reason) {
        return new Judgement(Kind.LATE, List.of("late: " + reason), List.of(), List.of());
    }

    public Judgement {
        reasons = List.copyOf(reasons);
        applied = List.copyOf(applied);
        hidden = List.copyOf(hidden);
    }

    /** {@code stream}'s verdict under the plan's canary checks and the stream's comparison rules. */
    public static Judgement of(VerdictRecord record, String stream, MigrationPlan plan) {
        return of(record, plan.canary(), plan.rulesFor(stream));
    }

    public static Judgement of(VerdictRecord record, CanaryPolicy policy, StreamRules rules) {
        if (record.verdict() == Verdict.NODATA) {
            return NO_DATA;
        }
        if (rules.isEmpty()) {
            if (record.verdict() == Verdict.FAIL) {
                return new Judgement(Kind.FAIL, RuleCoverage.workerReasons(record), List.of(), List.of());
            }
            boolean schemaLoss = policy.checks().contains("schema") && schema(record)
                    .filter(s -> !s.onlyRight().isEmpty() || !s.typeMismatch().isEmpty()).isPresent();
            if (!schemaLoss) {
                return EXACT_PASS;
            }
        }
        return RuleCoverage.judge(record, policy, rules);
    }

    private static Optional<CompareDetail.SchemaDiff> schema(VerdictRecord record) {
        return Optional.ofNullable(record.detail()).flatMap(CompareDetail::schemaDiff);
    }
}
