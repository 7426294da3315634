package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.controller.reconcile.CanaryEvidence;
import dev.cutover.controller.reconcile.StreamEvidence;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.compare;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.only;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.reconcile;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan's timeliness check in the gate: an hour the new job landed later than legacy's plus the margin is LATE, a
 * failure of its own kind, so a stream whose content PASSes every hour is still held back; landed in time, it is
 * promoted.
 */
class TimelinessGateTest {

    private static final MigrationPlan PLAN = planWithLayer().withTimeliness(new TimelinessPolicy(
            Optional.of(Duration.ofMinutes(30)), Optional.empty(), Optional.empty(), 24));

    /** Two hours in shadow: legacy's commits land at T0, the new job's {@code newJobAfter} later, then PASS. */
    private static ControllerState twoHours(Duration newJobAfter) {
        ControllerState state = active(PLAN, config().managed(NAV).layered("v1", 0));
        List<Report> legacy = new ArrayList<>();
        List<Report> airflow = new ArrayList<>();
        List<Report> compares = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            legacy.add(refine(S.legacyJob(), NAV, H0.plusHours(h), S.productionDatabase().value(), 1));
            airflow.add(refine(S.newJob(), NAV, H0.plusHours(h), S.newShadow().value(), 1));
            compares.add(compare(NAV, H0.plusHours(h), 1, Verdict.PASS));
        }
        Instant later = T0.plus(newJobAfter);
        state = Controller.step(state, new Event.ReportsReceived(T0, legacy, new RecordingReply())).next();
        state = Controller.step(state, new Event.ReportsReceived(later, airflow, new RecordingReply())).next();
        return Controller.step(state, new Event.ReportsReceived(later, compares, new RecordingReply())).next();
    }

    @Test
    void aStreamWhoseNewJobLandsLateIsHeldBackThoughEveryHourPasses() {
        ControllerState late = twoHours(Duration.ofMinutes(45));
        StreamState nav = late.state(NAV).orElseThrow();

        assertThat(only(reconcile(late, NAV).effects(), Effect.WriteFlag.class)).isEmpty();
        CanaryEvidence evidence = new StreamEvidence(PLAN, late.observed(NAV), Optional.empty()).of(nav,
                nav.canaryFrom());
        assertThat(evidence.sufficient()).isFalse();
        assertThat(evidence.summary()).contains("LATE at [" + H0 + ", " + H0.plusHours(1) + "]")
                .doesNotContain("FAIL at");
        assertThat(evidence.verdicts()).allSatisfy(v -> assertThat(v.judgement().reasons()).singleElement()
                .asString().startsWith("late: airflow landed").contains("margin 30m"));
        assertThat(late.evidence().sufficient(nav, nav.canaryFrom())).isFalse();
    }

    @Test
    void landedWithinTheMarginTheSameStreamIsPromoted() {
        ControllerState onTime = twoHours(Duration.ofMinutes(10));

        assertThat(only(reconcile(onTime, NAV).effects(), Effect.WriteFlag.class)).singleElement()
                .satisfies(w -> assertThat(w.change().kind()).isEqualTo(FlagChange.Kind.PROMOTE));
    }
}
