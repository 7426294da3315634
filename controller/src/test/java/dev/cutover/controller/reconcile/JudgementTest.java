package dev.cutover.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.plan.Tolerance;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareDetail.KeyedDiff;
import dev.cutover.protocol.CompareDetail.NumericDiff;
import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.CompareDetail.Side;
import dev.cutover.protocol.CompareDetail.TypeMismatch;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The controller's judgement of a worker verdict under the plan's checks and a stream's comparison rules, from the
 * facts of the compare detail: each rule kind hides what it should and nothing else.
 */
class JudgementTest {

    private static final CanaryPolicy POLICY = new CanaryPolicy(3, 24, CanaryPolicy.KNOWN_CHECKS);
    private static final String L = "event_airflow";
    private static final String R = "event";
    private static final List<String> COLUMNS = List.of("meta", "wiki", "ms", "user_agent_map", "geocoded_data");

    /** A compare detail as a scan reports it, built fact by fact. */
    private static final class Facts {
        List<String> onlyLeft = List.of();
        List<String> onlyRight = List.of();
        List<TypeMismatch> types = List.of();
        long leftRows = 1000;
        long rightRows = 1000;
        String leftSum = "a";
        String rightSum = "a";
        KeyedDiff diff;
        List<String> leftColumns = COLUMNS;
        List<String> rightColumns = COLUMNS;

        Facts rows(long left, long right) {
            leftRows = left;
            rightRows = right;
            rightSum = "b";
            return this;
        }

        /** The keyed diff of a checksum difference, accounting for every row. */
        Facts keyed(long leftOnly, long rightOnly, Map<String, Long> mismatches, Map<String, NumericDiff> numeric) {
            rightSum = "b";
            long both = leftRows - leftOnly;
            diff = new KeyedDiff("meta.id", leftOnly, rightOnly, mismatches.values().stream().mapToLong(x -> x).max()
                    .orElse(0), mismatches, List.of("id-1"), both, numeric);
            return this;
        }

        VerdictRecord record(Verdict verdict) {
            SchemaDiff schema = new SchemaDiff(onlyLeft, onlyRight, types, 4);
            CompareDetail detail = new CompareDetail("eventlogging_NavigationTiming", Hour.parse("2026-11-22T07"),
                    "navigationtiming", new Side(L, 1, leftRows, leftSum, null, null, null, leftColumns),
                    new Side(R, 1, rightRows, rightSum, null, null, null, rightColumns), schema, "scan", "x", verdict,
                    List.of("the worker's reason"), List.of(), diff, null);
            return new VerdictRecord(verdict, detail, 1, 1);
        }

        VerdictRecord fail() {
            return record(Verdict.FAIL);
        }
    }

    private static final class Rules {
        final List<String> ignore = new ArrayList<>();
        final List<String> added = new ArrayList<>();
        final Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        Optional<Tolerance> rowCount = Optional.empty();
        final Map<String, Double> shares = new LinkedHashMap<>();

        StreamRules stream() {
            return StreamRules.declared(ignore, added, tolerances, rowCount, shares);
        }
    }

    private static Judgement judge(VerdictRecord record, Rules rules) {
        return Judgement.of(record, POLICY, rules.stream());
    }

    @Test
    void withoutRulesTheWorkersVerdictStandsWithItsReasons() {
        Facts f = new Facts().rows(1000, 998);
        Judgement fail = Judgement.of(f.fail(), POLICY, StreamRules.NONE);
        assertThat(fail.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(fail.reasons()).containsExactly("the worker's reason");
        assertThat(Judgement.of(new Facts().record(Verdict.PASS), POLICY, StreamRules.NONE))
                .isEqualTo(Judgement.EXACT_PASS);
        assertThat(Judgement.of(new VerdictRecord(Verdict.NODATA, null, 1, 1), POLICY, new Rules().stream()))
                .isEqualTo(Judgement.NO_DATA);
    }

    @Test
    void aPassWhoseNewJobLacksAColumnFailsUnderTheSchemaCheckUnlessTheColumnIsIgnored() {
        Facts f = new Facts();
        f.onlyRight = List.of("geocoded_data");
        f.leftColumns = List.of("meta", "wiki");
        Judgement exact = Judgement.of(f.record(Verdict.PASS), POLICY, StreamRules.NONE);
        assertThat(exact.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(exact.reasons()).containsExactly("column geocoded_data only in event: the new job lacks it");
        assertThat(Judgement.of(f.record(Verdict.PASS), new CanaryPolicy(3, 24, List.of("row_count")),
                StreamRules.NONE).kind()).as("without the schema check").isEqualTo(Judgement.Kind.PASS);

        Rules rules = new Rules();
        rules.ignore.add("geocoded_data");
        Judgement ignored = judge(f.record(Verdict.PASS), rules);
        assertThat(ignored.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(ignored.applied()).containsExactly("ignore_columns[geocoded_data]");
        assertThat(ignored.hidden()).containsExactly("column geocoded_data only in event: the new job lacks it");
    }

    @Test
    void addedColumnsHidesAColumnOnlyTheNewJobHasButNeverOneOnlyTheLegacyJobHas() {
        Rules rules = new Rules();
        rules.added.add("user_agent_map");
        Facts added = new Facts();
        added.onlyLeft = List.of("user_agent_map");
        added.rightColumns = List.of("meta", "wiki", "ms", "geocoded_data");

        Judgement pass = judge(added.fail(), rules);
        assertThat(pass.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(pass.reasons()).isEmpty();
        assertThat(pass.applied()).containsExactly("added_columns[user_agent_map]");
        assertThat(pass.hidden()).containsExactly("column user_agent_map only in event_airflow");

        Facts lacked = new Facts();
        lacked.onlyRight = List.of("user_agent_map");
        lacked.leftColumns = List.of("meta", "wiki", "ms", "geocoded_data");
        Judgement fail = judge(lacked.fail(), rules);
        assertThat(fail.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(fail.reasons()).containsExactly("column user_agent_map only in event: the new job lacks it"
                + " (added_columns covers only columns the new job adds; ignore_columns would hide it)");
        assertThat(fail.applied()).isEmpty();
    }

    @Test
    void ignoreColumnsHidesATypeChangeAndTheColumnsDifferingValues() {
        Rules rules = new Rules();
        rules.ignore.add("geocoded_data");
        Facts f = new Facts().keyed(0, 0, Map.of("geocoded_data", 40L), Map.of());
        f.types = List.of(new TypeMismatch("ms", "DOUBLE", "BIGINT"));

        Judgement typeChanged = judge(f.fail(), rules);
        assertThat(typeChanged.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(typeChanged.reasons()).containsExactly("column ms is DOUBLE in event_airflow but BIGINT in event");
        assertThat(typeChanged.hidden()).containsExactly("40 of 1000 rows differ in geocoded_data (ignored)");

        rules.ignore.add("ms");
        Judgement both = judge(f.fail(), rules);
        assertThat(both.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(both.applied()).containsExactly("ignore_columns[ms]", "ignore_columns[geocoded_data]");
    }

    @Test
    void rulesThatDoNotCoverEveryFactKeepTheFailAndSayWhichFactsWereNotCovered() {
        Rules rules = new Rules();
        rules.added.add("user_agent_map");
        Facts f = new Facts().rows(1000, 998);
        f.onlyLeft = List.of("user_agent_map");

        Judgement j = judge(f.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(j.applied()).as("what was covered is still shown").containsExactly("added_columns[user_agent_map]");
        assertThat(j.reasons()).containsExactly("row counts differ: 1000 vs 998",
                "content checksums over the common columns differ, and no keyed diff says where (a side has no"
                        + " meta.id)");
    }

    @Test
    void rowCountCoversDifferentCountsAndTheRowsOnOneSideOfTheKeyedDiff() {
        Rules rules = new Rules();
        rules.rowCount = Optional.of(new Tolerance(5, 0.001));
        Facts late = new Facts().rows(1000, 998).keyed(2, 0, Map.of(), Map.of());

        Judgement j = judge(late.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(j.applied()).containsExactly("row_count");
        assertThat(j.hidden()).containsExactly("row counts 1000 vs 998 within row_count (difference 2, allowed 5)",
                "2 rows only in event_airflow and 0 only in event (keyed diff on meta.id) within row_count (2,"
                        + " allowed 5)");

        Facts swapped = new Facts().keyed(3, 3, Map.of(), Map.of());
        Judgement beyond = judge(swapped.fail(), rules);
        assertThat(beyond.kind()).as("equal counts, but 6 rows on one side only").isEqualTo(Judgement.Kind.FAIL);
        assertThat(beyond.reasons()).containsExactly("3 rows only in event_airflow and 3 only in event (keyed diff on"
                + " meta.id) (beyond row_count: 6 > 5)");

        rules.rowCount = Optional.of(new Tolerance(0, 0.01));
        assertThat(judge(swapped.fail(), rules).kind()).as("relative: 1% of 1000").isEqualTo(
                Judgement.Kind.PASS_UNDER_RULES);
    }

    @Test
    void aToleranceHidesNumericDifferencesWithinItAndNotBeyond() {
        Rules rules = new Rules();
        rules.tolerances.put("ms", new Tolerance(0.001, 1e-6));
        Facts within = new Facts().keyed(0, 0, Map.of("ms", 12L), Map.of("ms", new NumericDiff(0.0004, 0.5, 0)));

        Judgement j = judge(within.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(j.applied()).containsExactly("tolerances[ms]");
        assertThat(j.hidden()).containsExactly("12 of 1000 rows differ in ms by at most 0.0004 (relative 0.5) within"
                + " tolerances[ms] (absolute 0.001, relative 0.000001)");
        Facts relative = new Facts().keyed(0, 0, Map.of("ms", 12L), Map.of("ms", new NumericDiff(5, 1e-7, 0)));
        assertThat(judge(relative.fail(), rules).kind()).as("every value within the relative tolerance")
                .isEqualTo(Judgement.Kind.PASS_UNDER_RULES);

        Facts beyond = new Facts().keyed(0, 0, Map.of("ms", 12L), Map.of("ms", new NumericDiff(0.5, 0.01, 0)));
        Judgement fail = judge(beyond.fail(), rules);
        assertThat(fail.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(fail.reasons()).containsExactly("12 of 1000 rows differ in ms (by at most 0.5 (relative 0.01),"
                + " beyond tolerances[ms] (absolute 0.001, relative 0.000001))");

        Facts nulls = new Facts().keyed(0, 0, Map.of("ms", 12L), Map.of("ms", new NumericDiff(0, 0, 2)));
        assertThat(judge(nulls.fail(), rules).reasons()).containsExactly("12 of 1000 rows differ in ms (2 of them"
                + " without a numeric difference (a null, NaN or infinity on one side), which tolerances[ms] does not"
                + " cover)");

        Facts text = new Facts().keyed(0, 0, Map.of("ms", 12L), Map.of());
        assertThat(judge(text.fail(), rules).reasons()).containsExactly("12 of 1000 rows differ in ms"
                + " (tolerances[ms] cannot apply: ms is not a numeric column)");
    }

    @Test
    void aMismatchShareHidesAFewDifferingRowsAndNotMore() {
        Rules rules = new Rules();
        rules.shares.put("user_agent_map", 0.02);
        Facts few = new Facts().keyed(0, 0, Map.of("user_agent_map", 12L), Map.of());

        Judgement j = judge(few.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(j.applied()).containsExactly("mismatch_share[user_agent_map]");
        assertThat(j.hidden()).containsExactly("12 of 1000 rows differ in user_agent_map (share 0.012 <= 0.02)");

        Facts many = new Facts().keyed(0, 0, Map.of("user_agent_map", 30L, "wiki", 1L), Map.of());
        Judgement fail = judge(many.fail(), rules);
        assertThat(fail.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(fail.reasons()).containsExactlyInAnyOrder("30 of 1000 rows differ in user_agent_map (share 0.03 >"
                + " 0.02 allowed by mismatch_share[user_agent_map])", "1 of 1000 rows differ in wiki");
    }

    @Test
    void aRuleNamingAColumnNeitherSideHasFailsTheHourNamingIt() {
        Rules rules = new Rules();
        rules.added.add("user_agent_mpa");
        Facts f = new Facts();

        Judgement j = judge(f.record(Verdict.PASS), rules);
        assertThat(j.kind()).as("even an exact PASS: the plan is wrong for this table").isEqualTo(
                Judgement.Kind.FAIL);
        assertThat(j.reasons()).containsExactly("rule added_columns[user_agent_mpa] names column user_agent_mpa,"
                + " which neither side of navigationtiming has (event_airflow, event); fix the plan's compare_rules");

        StreamRules defaults = new StreamRules(List.of("user_agent_mpa"), List.of(), Map.of(), Optional.empty(),
                Map.of(), List.of());
        assertThat(Judgement.of(f.record(Verdict.PASS), POLICY, defaults).kind())
                .as("the defaults' columns apply only to tables that have them").isEqualTo(Judgement.Kind.PASS);
        assertThat(judge(f.record(Verdict.PASS), ruleFor("USER_AGENT_MAP")).kind()).as("case-insensitive")
                .isEqualTo(Judgement.Kind.PASS);
    }

    private static Rules ruleFor(String added) {
        Rules rules = new Rules();
        rules.added.add(added);
        return rules;
    }

    @Test
    void aDetailWithoutTheNewFactsCannotBeExplainedByTheRulesThatNeedThem() {
        Rules rules = new Rules();
        rules.shares.put("user_agent_map", 0.5);
        rules.tolerances.put("ms", new Tolerance(1, 1));
        rules.added.add("typo_but_unknowable");
        Facts old = new Facts().rows(1000, 1000);
        old.diff = new KeyedDiff("meta.id", 0, 0, 12, Map.of("user_agent_map", 12L), List.of());
        old.leftColumns = null;
        old.rightColumns = null;

        Judgement j = judge(old.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(j.reasons()).as("no columns: no typo check; no rows_both: no share").containsExactly(
                "content checksums over the common columns differ; the keyed diff does not say how many rows matched"
                        + " (no rows_both: a worker older than the comparison rules), so no rule can explain it");

        Facts noNumeric = new Facts().keyed(0, 0, Map.of("ms", 3L), null);
        noNumeric.leftColumns = null;
        noNumeric.rightColumns = null;
        assertThat(judge(noNumeric.fail(), rules).reasons()).containsExactly("3 of 1000 rows differ in ms"
                + " (tolerances[ms] cannot apply: the report has no numeric differences (a worker older than the"
                + " comparison rules))");

        VerdictRecord bare = new VerdictRecord(Verdict.FAIL, CompareDetail.of(Verdict.FAIL, List.of("rows differ")),
                1, 1);
        assertThat(judge(bare, rules)).as("a FAIL without facts stays the worker's").isEqualTo(new Judgement(
                Judgement.Kind.FAIL, List.of("rows differ"), List.of(), List.of()));
    }

    @Test
    void aChecksumDifferenceTheKeyedDiffDoesNotAccountForIsNeverExplained() {
        Rules rules = new Rules();
        rules.ignore.add("wiki");
        Facts f = new Facts().keyed(0, 0, Map.of("wiki", 3L), Map.of());
        f.diff = new KeyedDiff("meta.id", 0, 0, 3, Map.of("wiki", 3L), List.of(), 990L, Map.of());

        Judgement j = judge(f.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.FAIL);
        assertThat(j.reasons()).containsExactly("content checksums over the common columns differ, and the keyed diff"
                + " on meta.id does not account for every row (1000 and 1000 rows; 990 matched, 0 and 0 on one side"
                + " only): rows without the key, or with a duplicate one");

        Facts nothing = new Facts().keyed(0, 0, Map.of(), Map.of());
        assertThat(judge(nothing.fail(), rules).reasons()).containsExactly(
                "content checksums over the common columns differ but the keyed diff finds no differing row");
    }

    @Test
    void everyRuleKindTogetherMakesAPassUnderRulesListingEachRuleOnce() {
        Rules rules = new Rules();
        rules.added.add("user_agent_map");
        rules.ignore.add("geocoded_data");
        rules.rowCount = Optional.of(new Tolerance(5, 0));
        rules.tolerances.put("ms", new Tolerance(1, 0));
        rules.shares.put("wiki", 0.01);
        Facts f = new Facts().rows(1000, 998);
        f.onlyLeft = List.of("user_agent_map");
        Map<String, Long> mismatches = new LinkedHashMap<>();
        mismatches.put("geocoded_data", 500L);
        mismatches.put("ms", 3L);
        mismatches.put("wiki", 2L);
        f.keyed(2, 0, mismatches, Map.of("ms", new NumericDiff(0.5, 0.1, 0)));

        Judgement j = judge(f.fail(), rules);
        assertThat(j.kind()).isEqualTo(Judgement.Kind.PASS_UNDER_RULES);
        assertThat(j.reasons()).isEmpty();
        assertThat(j.applied()).containsExactly("added_columns[user_agent_map]", "row_count",
                "ignore_columns[geocoded_data]", "tolerances[ms]", "mismatch_share[wiki]");
        assertThat(j.hidden()).hasSize(6);
    }
}
