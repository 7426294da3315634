package dev.cutover.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.plan.Tolerance;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The per-hour plans kept as reports arrive and routes change give exactly what deriving every hour from scratch
 * gives: the work lists ({@link WorkPlanner#plan}), the holds ({@link RouteHolds#of}) and the canary evidence (whole,
 * and the gate's questions read from the newest verdicts).
 */
class HourPlansTest {

    /** Rules that hide some of {@link #DETAILS}' differences and not others. */
    private static final StreamRules RULES = new StreamRules(List.of(), List.of("extra"), Map.of(),
            Optional.of(new Tolerance(2, 0)), Map.of("wiki", 0.1), List.of());

    /** Worker verdicts with facts: a column only the new job has, a late row, many changed rows, a dropped column. */
    private static final List<Map.Entry<Verdict, String>> DETAILS = List.of(
            Map.entry(Verdict.FAIL, "{\"schema\":{\"only_left\":[\"extra\"],\"only_right\":[]},"
                    + "\"left\":{\"rows\":10,\"checksum\":\"a\"},\"right\":{\"rows\":10,\"checksum\":\"a\"}}"),
            Map.entry(Verdict.FAIL, "{\"left\":{\"rows\":10,\"checksum\":\"a\"},"
                    + "\"right\":{\"rows\":9,\"checksum\":\"b\"},\"diff\":{\"key\":\"meta.id\",\"left_only\":1,"
                    + "\"right_only\":0,\"changed\":0,\"column_mismatches\":{},\"rows_both\":9,\"numeric\":{}}}"),
            Map.entry(Verdict.FAIL, "{\"left\":{\"rows\":10,\"checksum\":\"a\"},"
                    + "\"right\":{\"rows\":10,\"checksum\":\"b\"},\"diff\":{\"key\":\"meta.id\",\"left_only\":0,"
                    + "\"right_only\":0,\"changed\":5,\"column_mismatches\":{\"wiki\":5},\"rows_both\":10}}"),
            Map.entry(Verdict.PASS, "{\"schema\":{\"only_left\":[],\"only_right\":[\"gone\"]}}"));

    private static final List<String> DATABASES = List.of(StreamScenario.S.productionDatabase().value(),
            StreamScenario.S.newShadow().value(), StreamScenario.S.legacyShadow().value());

    @Test
    void keptPlansEqualPlansDerivedFromScratchThroughRandomReportsAndRouteChanges() {
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            StreamScenario s = new StreamScenario("eventlogging_Plans");
            s.reconcile(s.flag(null));
            HourPlans kept = HourPlans.of(s.state(), s.store.view(s.stream), StreamScenario.S);
            for (int step = 0; step < 300; step++) {
                Hour hour = StreamScenario.h(random.nextInt(30));
                int what = random.nextInt(20);
                long epoch = Math.max(1, s.state().epoch() - random.nextInt(2));
                String job = StreamScenario.S.jobs().get(random.nextInt(2));
                String database = DATABASES.get(random.nextInt(DATABASES.size()));
                if (what < 8) {
                    s.refine(job, database, hour, epoch);
                } else if (what < 10) {
                    s.report(WorkAction.COPY, job, database, hour, epoch, null, null, "fp-1");
                } else if (what < 11) {
                    s.report(WorkAction.DROP, job, database, hour, epoch, null, null, null);
                } else if (what < 14) {
                    s.verdict(hour, List.of(Verdict.PASS, Verdict.PASS, Verdict.FAIL, Verdict.NODATA)
                            .get(random.nextInt(4)));
                } else if (what < 16) {
                    Map.Entry<Verdict, String> d = DETAILS.get(random.nextInt(DETAILS.size()));
                    s.report(WorkAction.COMPARE, StreamScenario.S.newJob(), null, hour, s.state().epoch(), d.getKey(),
                            d.getValue(), null);
                } else if (what < 17) {
                    s.performWork();
                } else {
                    s.advance(java.time.Duration.ofHours(1));
                    s.reconcile(s.flag(random.nextBoolean() ? StreamScenario.S.productionDatabase().value() : null));
                }
                StreamObservations observed = s.store.view(s.stream);
                java.util.Set<Hour> touched = new java.util.TreeSet<>(observed.hours().keySet());
                touched.addAll(kept.observed().hours().keySet());
                kept = kept.next(s.state(), observed, StreamScenario.S, random.nextBoolean() ? Optional.empty()
                        : Optional.of(touched));
                assertSameAsFromScratch(kept, s, observed, "seed " + seed + " step " + step);
            }
        }
    }

    @Test
    void unchangedObservationsAndRoutesKeepThePlans() {
        StreamScenario s = new StreamScenario("eventlogging_Plans");
        s.reconcile(s.flag(null));
        s.canaryHours(0, 3, Verdict.PASS);
        HourPlans plans = HourPlans.of(s.state(), s.store.view(s.stream), StreamScenario.S);
        assertThat(plans.next(s.state(), s.store.view(s.stream), StreamScenario.S, Optional.empty())).isSameAs(plans);
        assertThat(plans.verdicts()).hasSize(4);
    }

    private static void assertSameAsFromScratch(HourPlans kept, StreamScenario s, StreamObservations observed,
                                                String where) {
        HourPlans scratch = HourPlans.of(s.state(), observed, StreamScenario.S);
        assertThat(kept).as(where).isEqualTo(scratch);
        assertThat(kept.work()).as(where).isEqualTo(WorkPlanner.plan(s.state(), observed, StreamScenario.S));
        assertThat(kept.holds()).as(where).isEqualTo(RouteHolds.of(s.state(), observed, StreamScenario.S));
        for (int from = 0; from < 30; from += 7) {
            Hour since = StreamScenario.h(from);
            for (CanaryPolicy policy : List.of(s.plan.canary(), new CanaryPolicy(2, 5, CanaryPolicy.KNOWN_CHECKS))) {
                for (StreamRules rules : List.of(StreamRules.NONE, RULES)) {
                    String how = where + (rules.isEmpty() ? "" : " under rules");
                    CanaryEvidence whole = CanaryEvidence.of(s.state(), observed, StreamScenario.S, policy, rules,
                            since);
                    assertThat(CanaryEvidence.of(kept.verdicts(), policy, rules, since)).as(how).isEqualTo(whole);
                    assertThat(CanaryEvidence.sufficient(kept.verdicts(), policy, rules, since)).as(how)
                            .isEqualTo(whole.sufficient());
                    assertThat(kept.sufficient(policy, rules, since)).as(how).isEqualTo(whole.sufficient());
                    assertThat(kept.sufficient(policy, rules, since)).as(how + " (kept answer)")
                            .isEqualTo(whole.sufficient());
                    for (int n = 0; n <= policy.consecutivePassHours() + 1; n++) {
                        assertThat(CanaryEvidence.passStreakAtLeast(kept.verdicts(), policy, rules, since, n))
                                .as(how).isEqualTo(whole.passStreak() >= n);
                    }
                }
            }
        }
    }
}
