package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.Numbers;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.plan.Tolerance;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareDetail.KeyedDiff;
import dev.cutover.protocol.CompareDetail.NumericDiff;
import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.CompareDetail.Side;
import dev.cutover.protocol.CompareDetail.TypeMismatch;
import dev.cutover.protocol.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Goes through the facts of one compare detail and, for each, finds the rule that hides it or says why none does
 * ({@link Judgement}). Facts: the schema diff (a worker FAIL: every column on one side only and every type change; a
 * worker PASS: what the canary's {@code schema} check reads), the row counts and the checksums of both sides. A
 * checksum difference is explained only row by row, by a keyed diff that accounts for every row of both sides
 * ({@code rows_both} plus a side's only-rows is its row count): rows on one side only are covered by
 * {@code row_count}, each differing column by {@code ignore_columns}, {@code tolerances} (numeric columns: every
 * differing value within the absolute or every one within the relative tolerance) or {@code mismatch_share}.
 */
final class RuleCoverage {

    private final StreamRules rules;
    private final String left;
    private final String right;
    private final Set<String> applied = new LinkedHashSet<>();
    private final List<String> hidden = new ArrayList<>();
    private final List<String> uncovered = new ArrayList<>();
    private int facts;

    private RuleCoverage(StreamRules rules, CompareDetail detail) {
        this.rules = rules;
        this.left = database(detail == null ? null : detail.left(), "the new job's side");
        this.right = database(detail == null ? null : detail.right(), "the legacy job's side");
    }

    static Judgement judge(VerdictRecord record, CanaryPolicy policy, StreamRules rules) {
        CompareDetail detail = record.detail();
        RuleCoverage c = new RuleCoverage(rules, detail);
        List<String> typos = c.typos(detail);
        boolean pass = record.verdict() == Verdict.PASS;
        Optional<SchemaDiff> schema = Optional.ofNullable(detail).flatMap(CompareDetail::schemaDiff);
        if (schema.isPresent()) {
            if (!pass) {
                schema.get().onlyLeft().forEach(c::onlyLeft);
            }
            if (!pass || policy.checks().contains("schema")) {
                schema.get().onlyRight().forEach(c::onlyRight);
                schema.get().typeMismatch().forEach(c::typeChange);
            }
        }
        if (!pass && detail != null && detail.left() != null && detail.right() != null) {
            c.rows(detail.left(), detail.right());
            c.checksums(detail.left(), detail.right(), detail.diff());
        }
        List<String> reasons = new ArrayList<>(typos);
        if (!pass && c.facts == 0) {
            // A FAIL whose detail carries no fact a rule could read: nothing to re-judge.
            reasons.addAll(workerReasons(record));
            return new Judgement(Judgement.Kind.FAIL, reasons, List.of(), List.of());
        }
        reasons.addAll(c.uncovered);
        Judgement.Kind kind = !reasons.isEmpty() ? Judgement.Kind.FAIL
                : c.hidden.isEmpty() ? Judgement.Kind.PASS : Judgement.Kind.PASS_UNDER_RULES;
        return new Judgement(kind, reasons, List.copyOf(c.applied), c.hidden);
    }

    /** The worker's reasons for a FAIL (one generic line when it gave none). */
    static List<String> workerReasons(VerdictRecord record) {
        List<String> reasons = record.detail() == null ? List.of() : record.detail().reasons();
        return reasons.isEmpty() ? List.of("the worker's verdict is FAIL") : reasons;
    }

    /** A rule of the stream's own section naming a column neither side of the table has (when both sides say). */
    private List<String> typos(CompareDetail detail) {
        if (detail == null || detail.left() == null || detail.right() == null || detail.left().columns() == null
                || detail.right().columns() == null || rules.checked().isEmpty()) {
            return List.of();
        }
        Set<String> columns = new LinkedHashSet<>();
        detail.left().columns().forEach(col -> columns.add(col.toLowerCase(Locale.ROOT)));
        detail.right().columns().forEach(col -> columns.add(col.toLowerCase(Locale.ROOT)));
        String table = detail.table() == null ? "the table" : detail.table();
        List<String> typos = new ArrayList<>();
        for (StreamRules.NamedColumn named : rules.checked()) {
            if (!columns.contains(named.column().toLowerCase(Locale.ROOT))) {
                typos.add("rule " + named + " names column " + named.column() + ", which neither side of " + table
                        + " has (" + left + ", " + right + "); fix the plan's compare_rules");
            }
        }
        return typos;
    }

    private void onlyLeft(String column) {
        String fact = "column " + column + " only in " + left;
        Optional<String> ignored = rules.ignored(column);
        Optional<String> added = rules.added(column);
        if (ignored.isPresent()) {
            hide("ignore_columns[" + ignored.get() + "]", fact);
        } else if (added.isPresent()) {
            hide("added_columns[" + added.get() + "]", fact);
        } else {
            uncover(fact);
        }
    }

    private void onlyRight(String column) {
        String fact = "column " + column + " only in " + right + ": the new job lacks it";
        Optional<String> ignored = rules.ignored(column);
        if (ignored.isPresent()) {
            hide("ignore_columns[" + ignored.get() + "]", fact);
        } else {
            uncover(fact + (rules.added(column).isPresent() ? " (added_columns covers only columns the new job"
                    + " adds; ignore_columns would hide it)" : ""));
        }
    }

    private void typeChange(TypeMismatch m) {
        String fact = "column " + m.column() + " is " + m.left() + " in " + left + " but " + m.right() + " in "
                + right;
        Optional<String> ignored = rules.ignored(m.column());
        if (ignored.isPresent()) {
            hide("ignore_columns[" + ignored.get() + "]", fact);
        } else {
            uncover(fact);
        }
    }

    private void rows(Side l, Side r) {
        if (l.rows() == null || r.rows() == null || l.rows().equals(r.rows())) {
            return;
        }
        long difference = Math.abs(l.rows() - r.rows());
        double magnitude = Math.max(l.rows(), r.rows());
        String fact = "row counts " + l.rows() + " vs " + r.rows();
        Optional<Tolerance> t = rules.rowCount();
        if (t.isPresent() && t.get().allows(difference, magnitude)) {
            hide("row_count", fact + " within row_count (difference " + difference + ", allowed "
                    + Numbers.format(t.get().allowed(magnitude)) + ")");
        } else {
            uncover("row counts differ: " + l.rows() + " vs " + r.rows() + beyondRowCount(difference, magnitude));
        }
    }

    private void checksums(Side l, Side r, KeyedDiff diff) {
        if (l.checksum() == null || r.checksum() == null || l.checksum().equals(r.checksum())) {
            return;
        }
        String fact = "content checksums over the common columns differ";
        if (diff == null) {
            uncover(fact + ", and no keyed diff says where (a side has no meta.id)");
            return;
        }
        if (diff.rowsBoth() == null) {
            uncover(fact + "; the keyed diff does not say how many rows matched (no rows_both: a worker older than"
                    + " the comparison rules), so no rule can explain it");
            return;
        }
        long both = diff.rowsBoth();
        if (l.rows() == null || r.rows() == null || l.rows() != both + diff.leftOnly()
                || r.rows() != both + diff.rightOnly()) {
            uncover(fact + ", and the keyed diff on " + diff.key() + " does not account for every row (" + l.rows()
                    + " and " + r.rows() + " rows; " + both + " matched, " + diff.leftOnly() + " and "
                    + diff.rightOnly() + " on one side only): rows without the key, or with a duplicate one");
            return;
        }
        int before = facts;
        oneSided(diff, Math.max(l.rows(), r.rows()));
        for (Map.Entry<String, Long> e : diff.columnMismatches().entrySet()) {
            if (e.getValue() > 0) {
                column(e.getKey(), e.getValue(), both, diff);
            }
        }
        if (facts == before) {
            uncover(fact + " but the keyed diff finds no differing row");
        }
    }

    private void oneSided(KeyedDiff diff, double magnitude) {
        long oneSided = diff.leftOnly() + diff.rightOnly();
        if (oneSided == 0) {
            return;
        }
        String fact = diff.leftOnly() + " rows only in " + left + " and " + diff.rightOnly() + " only in " + right
                + " (keyed diff on " + diff.key() + ")";
        Optional<Tolerance> t = rules.rowCount();
        if (t.isPresent() && t.get().allows(oneSided, magnitude)) {
            hide("row_count", fact + " within row_count (" + oneSided + ", allowed "
                    + Numbers.format(t.get().allowed(magnitude)) + ")");
        } else {
            uncover(fact + beyondRowCount(oneSided, magnitude));
        }
    }

    private void column(String column, long count, long both, KeyedDiff diff) {
        String fact = count + " of " + both + " rows differ in " + column;
        Optional<String> ignored = rules.ignored(column);
        if (ignored.isPresent()) {
            hide("ignore_columns[" + ignored.get() + "]", fact + " (ignored)");
            return;
        }
        List<String> why = new ArrayList<>();
        Optional<Map.Entry<String, Tolerance>> tolerance = rules.tolerance(column);
        if (tolerance.isPresent()) {
            String rule = "tolerances[" + tolerance.get().getKey() + "]";
            Tolerance t = tolerance.get().getValue();
            Optional<NumericDiff> numeric = diff.numericOf(column);
            if (diff.numeric() == null) {
                why.add(rule + " cannot apply: the report has no numeric differences (a worker older than the"
                        + " comparison rules)");
            } else if (numeric.isEmpty()) {
                why.add(rule + " cannot apply: " + column + " is not a numeric column");
            } else if (numeric.get().incomparable() > 0) {
                why.add(numeric.get().incomparable() + " of them without a numeric difference (a null, NaN or"
                        + " infinity on one side), which " + rule + " does not cover");
            } else {
                NumericDiff n = numeric.get();
                String apart = " by at most " + Numbers.format(n.maxAbs()) + " (relative "
                        + Numbers.format(n.maxRel()) + ")";
                if (n.maxAbs() <= t.absolute() || n.maxRel() <= t.relative()) {
                    hide(rule, fact + apart + " within " + rule + " (" + t + ")");
                    return;
                }
                why.add(apart.substring(1) + ", beyond " + rule + " (" + t + ")");
            }
        }
        Optional<Map.Entry<String, Double>> share = rules.share(column);
        if (share.isPresent()) {
            String rule = "mismatch_share[" + share.get().getKey() + "]";
            double observed = (double) count / both;
            if (observed <= share.get().getValue()) {
                hide(rule, fact + " (share " + Numbers.format(observed) + " <= "
                        + Numbers.format(share.get().getValue()) + ")");
                return;
            }
            why.add("share " + Numbers.format(observed) + " > " + Numbers.format(share.get().getValue())
                    + " allowed by " + rule);
        }
        uncover(fact + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
    }

    private String beyondRowCount(long difference, double magnitude) {
        return rules.rowCount().map(t -> " (beyond row_count: " + difference + " > "
                + Numbers.format(t.allowed(magnitude)) + ")").orElse("");
    }

    private void hide(String rule, String fact) {
        facts++;
        applied.add(rule);
        hidden.add(fact);
    }

    private void uncover(String fact) {
        facts++;
        uncovered.add(fact);
    }

    private static String database(Side side, String fallback) {
        return side == null || side.database() == null ? fallback : side.database();
    }
}
