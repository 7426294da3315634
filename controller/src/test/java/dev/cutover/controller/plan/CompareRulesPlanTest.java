package dev.cutover.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's {@code compare_rules}: the syntax, how a stream's rules extend the defaults, and every problem. */
class CompareRulesPlanTest {

    private static final String NAV = "eventlogging_NavigationTiming";

    @TempDir
    Path dir;

    private MigrationPlan load(String rules) throws IOException {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, "cluster: x\norder: [" + NAV + ", mediawiki.page-create]\n" + rules);
        return PlanLoader.load(file, dir);
    }

    private List<String> problems(String rules) {
        Path file = dir.resolve("bad.yaml");
        try {
            Files.writeString(file, "cluster: x\norder: [" + NAV + "]\n" + rules);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            PlanLoader.load(file, dir);
        } catch (PlanLoader.InvalidPlanException e) {
            return e.problems();
        }
        throw new AssertionError("the plan loaded: " + rules);
    }

    @Test
    void aPlanWithoutRulesJudgesEveryStreamExactly() throws IOException {
        MigrationPlan plan = load("");
        assertThat(plan.compareRules()).isEqualTo(ComparisonRules.NONE);
        assertThat(plan.rulesFor(NAV).isEmpty()).isTrue();
    }

    @Test
    void aStreamsRulesExtendTheDefaultsListsUnionedMapsAndRowCountTheStreams() throws IOException {
        MigrationPlan plan = load("""
                compare_rules:
                  defaults:
                    ignore_columns: [geocoded_data]
                    tolerances: {ms: {absolute: 1}}
                    row_count: {absolute: 0, relative: 0.0}
                    mismatch_share: {wiki: 0.5}
                  streams:
                    eventlogging_NavigationTiming:
                      added_columns: [user_agent_map]
                      ignore_columns: [dt, GEOCODED_DATA]
                      tolerances: {ms: {absolute: 0.001, relative: 1e-6}, other: {relative: 0.1}}
                      row_count: {absolute: 5, relative: 0.001}
                      mismatch_share: {user_agent_map: 0.01}
                """);

        StreamRules nav = plan.rulesFor(NAV);
        assertThat(nav.ignoreColumns()).containsExactly("geocoded_data", "dt");
        assertThat(nav.addedColumns()).containsExactly("user_agent_map");
        assertThat(nav.tolerances()).containsExactly(Map.entry("ms", new Tolerance(0.001, 1e-6)),
                Map.entry("other", new Tolerance(0, 0.1)));
        assertThat(nav.rowCount()).contains(new Tolerance(5, 0.001));
        assertThat(nav.mismatchShare()).containsOnly(Map.entry("wiki", 0.5), Map.entry("user_agent_map", 0.01));
        assertThat(nav.checked()).as("the stream's own columns must exist on a side of its table")
                .extracting(Object::toString).containsExactly("added_columns[user_agent_map]", "ignore_columns[dt]",
                        "ignore_columns[GEOCODED_DATA]", "tolerances[ms]", "tolerances[other]",
                        "mismatch_share[user_agent_map]");

        StreamRules other = plan.rulesFor("mediawiki.page-create");
        assertThat(other).as("a stream without a section gets the defaults").isSameAs(plan.compareRules().defaults());
        assertThat(other.rowCount()).contains(Tolerance.EXACT);
        assertThat(other.checked()).as("the defaults apply where a table has their columns").isEmpty();
        assertThat(plan.rulesFor(NAV)).as("merged once").isSameAs(nav);
    }

    @Test
    void theRepositorysPlansLoadWithTheirRules() {
        MigrationPlan test = PlanLoader.load(Path.of("..", "migrations", "analytics-test-hadoop.yaml"), dir);
        MigrationPlan prod = PlanLoader.load(Path.of("..", "migrations", "analytics-hadoop.yaml"), dir);
        assertThat(test.compareRules().isEmpty()).isFalse();
        assertThat(prod.compareRules()).as("none decided yet").isEqualTo(ComparisonRules.NONE);
    }

    @Test
    void everyProblemOfTheRulesIsReportedAtOnceWithItsKeyPath() {
        List<String> problems = problems("""
                compare_rules:
                  default: {}
                  defaults:
                    ignore_columns: geocoded_data
                    row_count: {absolute: -1, relative: lots, slack: 2}
                  streams:
                    eventlogging_NavigatonTiming: {added_columns: [x]}
                    eventlogging_NavigationTiming:
                      added_columns: [a, A, 3, ""]
                      colums: [x]
                      tolerances: {ms: {}, n: 0.1, m: {absolute: "1"}}
                      mismatch_share: {a: 1.5, b: -0.1, c: "0.1"}
                      row_count: 5
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "compare_rules: unknown key 'default' (known: [defaults, streams])",
                "compare_rules.defaults.ignore_columns: expected a list of column names, e.g. [user_agent_map]"
                        + " (got \"geocoded_data\")",
                "compare_rules.defaults.row_count: unknown key 'slack' (known: [absolute, relative])",
                "compare_rules.defaults.row_count.absolute must be a non-negative number (got -1)",
                "compare_rules.defaults.row_count.relative must be a non-negative number (got \"lots\")",
                "compare_rules.streams.eventlogging_NavigatonTiming: stream 'eventlogging_NavigatonTiming' is not in"
                        + " order, so this plan never judges it; add it to order or remove its rules (a misspelt"
                        + " stream name?)",
                "compare_rules.streams.eventlogging_NavigationTiming: unknown key 'colums' (known: [added_columns,"
                        + " ignore_columns, mismatch_share, row_count, tolerances])",
                "compare_rules.streams.eventlogging_NavigationTiming.added_columns: column 'A' is listed twice",
                "compare_rules.streams.eventlogging_NavigationTiming.added_columns[2]: expected a column name (got 3)",
                "compare_rules.streams.eventlogging_NavigationTiming.added_columns[3]: expected a column name"
                        + " (got \"\")",
                "compare_rules.streams.eventlogging_NavigationTiming.tolerances.ms: give absolute, relative or both"
                        + " (an empty tolerance allows no difference)",
                "compare_rules.streams.eventlogging_NavigationTiming.tolerances.n: expected {absolute: <number>,"
                        + " relative: <number>}, e.g. {absolute: 5, relative: 0.001} (got 0.1)",
                "compare_rules.streams.eventlogging_NavigationTiming.tolerances.m.absolute must be a non-negative"
                        + " number (got \"1\")",
                "compare_rules.streams.eventlogging_NavigationTiming.mismatch_share.a must be a share between 0 and"
                        + " 1, e.g. 0.01 for 1% of the key-matched rows (got 1.5)",
                "compare_rules.streams.eventlogging_NavigationTiming.mismatch_share.b must be a share between 0 and"
                        + " 1, e.g. 0.01 for 1% of the key-matched rows (got -0.1)",
                "compare_rules.streams.eventlogging_NavigationTiming.mismatch_share.c must be a share between 0 and"
                        + " 1, e.g. 0.01 for 1% of the key-matched rows (got \"0.1\")",
                "compare_rules.streams.eventlogging_NavigationTiming.row_count: expected {absolute: <number>,"
                        + " relative: <number>}, e.g. {absolute: 5, relative: 0.001} (got 5)");
    }

    @Test
    void rulesThatAreNotAMappingAndOtherPlanProblemsAreReportedTogether() {
        assertThat(problems("compare_rules: [a]\ncolour: blue\n")).containsExactlyInAnyOrder(
                "unknown key 'colour' (known: [auto_promote, auto_rollback, canary, cluster, compare_rules,"
                        + " description, enabled_pointer, flag_pointer, groups, jobs, max_concurrent_cutovers, order,"
                        + " override_layer, production_database, soak, strategy, write_lease])",
                "compare_rules: expected a mapping with defaults and streams, e.g. {defaults: {row_count: {absolute:"
                        + " 5}}, streams: {STREAM: {added_columns: [COLUMN]}}} (got [\"a\"])");
        assertThat(problems("compare_rules: {streams: [x]}")).containsExactly(
                "compare_rules.streams: expected a mapping of stream name to its rules (got [\"x\"])");
        assertThat(problems("compare_rules: {defaults: {tolerances: [x], mismatch_share: 0.1}}")).containsExactly(
                "compare_rules.defaults.tolerances: expected a mapping of column name to its rule, e.g. {COLUMN:"
                        + " {absolute: 0.001, relative: 1e-6}} (got [\"x\"])",
                "compare_rules.defaults.mismatch_share: expected a mapping of column name to its rule, e.g."
                        + " {COLUMN: 0.01} (got 0.1)");
    }

    @Test
    void emptySectionsAreNoRules() throws IOException {
        MigrationPlan plan = load("compare_rules: {defaults: null, streams: {eventlogging_NavigationTiming: null}}\n");
        assertThat(plan.rulesFor(NAV).isEmpty()).isTrue();
        assertThat(plan.rulesFor(NAV).rowCount()).isEqualTo(Optional.empty());
    }
}
