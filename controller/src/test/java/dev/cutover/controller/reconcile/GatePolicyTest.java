package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.Strategy;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class GatePolicyTest {

    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H0 = Hour.parse("2026-11-22T00");
    private final ObservationBook store = new ObservationBook();
    private final Map<String, StreamState> states = new TreeMap<>();
    private MigrationPlan plan = MigrationPlan.defaults(List.of("a", "b", "c"))
            .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS));
    private long seq;

    private void shadow(String stream) {
        states.put(stream, StreamState.initial(stream, "legacy", T));
    }

    private void evidence(String stream, int hours) {
        for (int i = 0; i < hours; i++) {
            Hour h = H0.plusHours(i);
            report(stream, WorkAction.REFINE, "legacy", "event", h, null);
            report(stream, WorkAction.REFINE, "airflow", "event_airflow", h, null);
            report(stream, WorkAction.COMPARE, "airflow", null, h, Verdict.PASS);
        }
    }

    private void report(String stream, WorkAction action, String job, String db, Hour hour, Verdict verdict) {
        store.apply(new ReportRecord(++seq, T, ObservationBook.ok(action, job, stream, hour, db, 1, verdict, null, "fp")));
    }

    private Gate gate(String stream, String... inFlight) {
        return GatePolicy.gate(stream, states, store::view, plan, List.of(inFlight));
    }

    @Test
    void aStreamInCutoverTakesTheOnlySlotSoAFlipElsewhereWaits() {
        shadow("a");
        states.put("b", StreamState.initial("b", "legacy", T).withRoutesFrom(H0, "airflow", false, H0)
                .withPhase(Phase.CUTOVER, T));

        Gate gate = gate("a");

        assertThat(gate.cutoverSlotFree()).isFalse();
        assertThat(gate.promotionTurn()).isFalse();
        assertThat(gate.reason()).contains("b (CUTOVER)").contains("max_concurrent_cutovers 1");
    }

    @Test
    void aRollbackSuspendedByAnInvalidFlagOrAnOrphanedStreamStillTakesItsSlot() {
        shadow("a");
        StreamState rollingBack = StreamState.initial("b", "legacy", T).withRoutesFrom(H0, "airflow", false, H0)
                .withRoutesFrom(H0, "legacy", false, H0).withPhase(Phase.ROLLING_BACK, T);
        states.put("b", rollingBack.withPhase(Phase.INVALID, T).withSuspendedPhase(Phase.ROLLING_BACK));

        assertThat(gate("a").cutoverSlotFree()).isFalse();
        assertThat(gate("a").reason()).contains("b (INVALID)");

        states.put("b", rollingBack.withPhase(Phase.ORPHANED, T).withSuspendedPhase(Phase.ROLLING_BACK));
        assertThat(gate("a").cutoverSlotFree()).isFalse();

        states.put("b", rollingBack.withPhase(Phase.ORPHANED, T).withSuspendedPhase(Phase.SHADOW));
        assertThat(gate("a").cutoverSlotFree()).isTrue();
    }

    @Test
    void aWrittenButNotYetSeenPromotionAlsoTakesASlot() {
        shadow("a");
        shadow("b");

        assertThat(gate("a", "b").cutoverSlotFree()).isFalse();
        assertThat(gate("a", "a").cutoverSlotFree()).isTrue();
    }

    @Test
    void earlyPromotedHoldsTheSlotUntilItHasNPassHoursAfterItsCutover() {
        shadow("a");
        StreamState b = StreamState.initial("b", "legacy", T).withRoutesFrom(H0, "airflow", false, H0)
                .withPhase(Phase.PROMOTED, T);
        states.put("b", b);
        assertThat(gate("a").cutoverSlotFree()).isFalse();

        for (int i = 0; i < 2; i++) {
            Hour h = H0.plusHours(i);
            report("b", WorkAction.REFINE, "airflow", "event", h, null);
            report("b", WorkAction.REFINE, "legacy", "event_systemd", h, null);
            report("b", WorkAction.COMPARE, "airflow", null, h, Verdict.PASS);
        }
        assertThat(gate("a").cutoverSlotFree()).isTrue();
    }

    @Test
    void incrementalPromotionGoesInPlanOrder() {
        shadow("a");
        shadow("b");
        evidence("a", 2);
        evidence("b", 2);

        assertThat(gate("a").promotionTurn()).isTrue();
        assertThat(gate("b").promotionTurn()).as("a is eligible and comes first").isFalse();
    }

    @Test
    void aStreamHeldBackByFailuresDoesNotBlockTheNextOne() {
        shadow("a");
        shadow("b");
        evidence("b", 2);
        report("a", WorkAction.REFINE, "legacy", "event", H0, null);
        report("a", WorkAction.REFINE, "airflow", "event_airflow", H0, null);
        report("a", WorkAction.COMPARE, "airflow", null, H0, Verdict.FAIL);

        assertThat(gate("b").promotionTurn()).isTrue();
    }

    @Test
    void allAtOncePromotesOnlyWhenEveryListedStreamIsEligibleAndIgnoresTheSlotLimit() {
        plan = plan.withConcurrency(Strategy.ALL_AT_ONCE, 1);
        shadow("a");
        shadow("b");
        shadow("c");
        evidence("a", 2);
        evidence("b", 2);
        assertThat(gate("a").promotionTurn()).isFalse();

        evidence("c", 2);
        assertThat(gate("a").promotionTurn()).isTrue();
        assertThat(gate("c").promotionTurn()).isTrue();
        assertThat(gate("c", "a", "b").cutoverSlotFree()).isTrue();
    }

    @Test
    void aGroupTakesOneSlotAndIsEligibleInItsFirstMembersPlaceOnlyWhenEveryMemberIs() {
        plan = MigrationPlan.defaults(List.of("a", "b", "c"))
                .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS))
                .withGroups(List.of(new dev.cutover.controller.plan.StreamGroup("ab", List.of("a", "b"))));
        shadow("a");
        shadow("b");
        shadow("c");
        evidence("a", 2);
        evidence("c", 2);

        assertThat(gate("c").promotionTurn()).as("a alone is eligible but b is not: the group does not go first")
                .isTrue();

        evidence("b", 2);
        assertThat(gate("c").promotionTurn()).as("the group [a, b] is eligible and goes first").isFalse();
        assertThat(gate("b").promotionTurn()).isTrue();

        states.put("a", states.get("a").withRoutesFrom(H0, "airflow", false, H0).withPhase(Phase.CUTOVER, T));
        states.put("b", states.get("b").withRoutesFrom(H0, "airflow", false, H0).withPhase(Phase.CUTOVER, T));
        assertThat(gate("b").cutoverSlotFree()).as("its own group's cutover does not take b's slot").isTrue();
        Gate other = gate("c");
        assertThat(other.cutoverSlotFree()).isFalse();
        assertThat(other.reason()).contains("a (CUTOVER)").contains("b (CUTOVER)");
    }
}
