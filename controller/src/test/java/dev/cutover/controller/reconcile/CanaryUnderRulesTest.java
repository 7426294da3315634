package dev.cutover.controller.reconcile;

import static dev.cutover.controller.reconcile.StreamScenario.S;
import static dev.cutover.controller.reconcile.StreamScenario.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.plan.ComparisonRules;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The canary evidence under the plan's comparison rules: a PASS under rules counts as a pass and says so in the
 * summary, the promotion's audit event and the cutover's note; rules apply to hours compared before the plan changed.
 */
class CanaryUnderRulesTest {

    private static final String NAV = "eventlogging_NavigationTiming";
    /** A worker FAIL only because the new job adds a column. */
    private static final String ADDED = "{\"table\":\"navigationtiming\",\"schema\":{\"only_left\":[\"user_agent_map\"],"
            + "\"only_right\":[]},\"left\":{\"database\":\"event_airflow\",\"rows\":10,\"checksum\":\"a\","
            + "\"columns\":[\"meta\",\"user_agent_map\"]},\"right\":{\"database\":\"event\",\"rows\":10,"
            + "\"checksum\":\"a\",\"columns\":[\"meta\"]}}";
    private static final ComparisonRules RULES = new ComparisonRules(StreamRules.NONE, Map.of(NAV,
            StreamRules.declared(List.of(), List.of("user_agent_map"), Map.of(), Optional.empty(), Map.of())));

    private final StreamScenario sc = new StreamScenario(NAV);

    private void addedColumnHour(int hour) {
        sc.bothCommit(h(hour));
        sc.report(WorkAction.COMPARE, S.newJob(), null, h(hour), sc.state().epoch(), Verdict.FAIL, ADDED, null);
    }

    private CanaryEvidence evidence(Hour since) {
        return CanaryEvidence.of(sc.state(), sc.store.view(NAV), S, sc.plan.canary(), sc.plan.rulesFor(NAV), since);
    }

    @Test
    void passHoursUnderRulesCountForThePromotionWhoseAuditEventSaysSo() {
        sc.reconcile(sc.flag(null));
        sc.canaryHours(0, 0, Verdict.PASS);
        addedColumnHour(1);
        addedColumnHour(2);
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).as("exact verdicts: two FAIL hours").isEmpty();
        assertThat(evidence(h(0)).failHours()).containsExactly(h(1), h(2));

        sc.plan = sc.plan.withCompareRules(RULES);
        CanaryEvidence evidence = evidence(h(0));
        assertThat(evidence.verdicts()).extracting(CanaryEvidence.HourVerdict::kind).containsExactly(
                Judgement.Kind.PASS, Judgement.Kind.PASS_UNDER_RULES, Judgement.Kind.PASS_UNDER_RULES);
        assertThat(evidence.summary()).isEqualTo("3/3 consecutive PASS hours up to 2026-11-22T02 (2 under rules:"
                + " added_columns[user_agent_map]), no FAIL");
        Decision decision = sc.reconcile(sc.flag(null));
        assertThat(decision.flagChange()).as("the rules apply to hours compared before the plan said them").contains(
                new FlagChange(NAV, FlagChange.Kind.PROMOTE, Note.AUTO_PROMOTER, "canary evidence: 3/3 consecutive"
                        + " PASS hours up to 2026-11-22T02 (2 under rules: added_columns[user_agent_map]), no FAIL"));

        sc.reconcile(sc.flag(S.productionDatabase().value()));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.last.notes()).filteredOn(n -> n.what().startsWith("PREFLIGHT -> CUTOVER")).singleElement()
                .satisfies(n -> assertThat(n.why()).contains("(2 under rules: added_columns[user_agent_map])"));
    }

    @Test
    void theFastPathsAgreeWithTheWholeEvidenceUnderRules() {
        sc.plan = sc.plan.withCompareRules(RULES);
        sc.reconcile(sc.flag(null));
        addedColumnHour(0);
        addedColumnHour(1);
        addedColumnHour(2);
        HourPlans plans = HourPlans.of(sc.state(), sc.store.view(NAV), S);

        StreamRules rules = sc.plan.rulesFor(NAV);
        assertThat(CanaryEvidence.sufficient(plans.verdicts(), sc.plan.canary(), rules, h(0))).isTrue();
        assertThat(plans.sufficient(sc.plan.canary(), rules, h(0))).isTrue();
        assertThat(CanaryEvidence.passStreakAtLeast(plans.verdicts(), sc.plan.canary(), rules, h(0), 3)).isTrue();
        assertThat(plans.sufficient(sc.plan.canary(), StreamRules.NONE, h(0))).as("a different rule set is not"
                + " answered from the kept answer").isFalse();
        assertThat(CanaryEvidence.passStreakAtLeast(plans.verdicts(), sc.plan.canary(), StreamRules.NONE, h(0), 1))
                .isFalse();
    }

    @Test
    void aFailUnderRulesBreaksTheStreakAndFailsTheWindow() {
        sc.plan = sc.plan.withCompareRules(RULES);
        sc.reconcile(sc.flag(null));
        addedColumnHour(0);
        sc.bothCommit(h(1));
        sc.report(WorkAction.COMPARE, S.newJob(), null, h(1), 1, Verdict.FAIL, ADDED.replace("\"rows\":10,"
                + "\"checksum\":\"a\",\"columns\":[\"meta\"]", "\"rows\":9,\"checksum\":\"b\",\"columns\":[\"meta\"]"),
                null);
        addedColumnHour(2);
        sc.canaryHours(3, 3, Verdict.NODATA);

        CanaryEvidence evidence = evidence(h(0));
        assertThat(evidence.passStreak()).isEqualTo(1);
        assertThat(evidence.failHours()).containsExactly(h(1));
        assertThat(evidence.verdicts().get(1).judgement().reasons()).contains("row counts differ: 10 vs 9");
        assertThat(evidence.summary()).isEqualTo("1/3 consecutive PASS hours up to 2026-11-22T02 (1 under rules:"
                + " added_columns[user_agent_map]), FAIL at [2026-11-22T01]");
    }
}
