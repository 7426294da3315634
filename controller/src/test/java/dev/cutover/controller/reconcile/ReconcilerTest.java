package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Phase;
import dev.cutover.protocol.Segment;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.cutover.controller.reconcile.StreamScenario.S;
import static dev.cutover.controller.reconcile.StreamScenario.h;
import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final String NAV = "eventlogging_NavigationTiming";
    private final StreamScenario sc = new StreamScenario(NAV);

    /** The stream's canary evidence from hour 0, under the scenario's plan. */
    private CanaryEvidence evidence() {
        return CanaryEvidence.of(sc.state(), sc.store.view(NAV), S, sc.plan.canary(), sc.plan.rulesFor(NAV), h(0));
    }

    /** Shadow with {@code passHours} compared PASS hours 0..passHours-1 committed by both jobs. */
    private void shadowWithEvidence(int passHours) {
        sc.reconcile(sc.flag(null));
        sc.canaryHours(0, passHours - 1, Verdict.PASS);
    }

    private void cutOver() {
        shadowWithEvidence(3);
        sc.writable = false;
        sc.plan = sc.plan.withAutomation(false, 0, sc.plan.soak());
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
    }

    @Test
    void newlyManagedStreamStartsInShadowWithLegacyLeadingUnderEpochOne() {
        sc.reconcile(sc.flag(null));

        StreamState state = sc.state();
        assertThat(state.phase()).isEqualTo(Phase.SHADOW);
        assertThat(state.epoch()).isEqualTo(1);
        assertThat(StreamScenario.segmentRoute(state, "legacy", h(5))).isEqualTo(new Route("event", 1, null));
        assertThat(StreamScenario.segmentRoute(state, "airflow", h(5))).isEqualTo(new Route("event_airflow", 1, null));
        assertThat(sc.audit).singleElement().asString().contains("managed");
    }

    @Test
    void flagEqualToTheNewShadowDatabaseAlsoMeansLegacyLeads() {
        sc.reconcile(sc.flag("event_airflow"));

        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().currentLeader()).isEqualTo("legacy");
    }

    @Test
    void streamWithHiveIngestionDisabledIsNeverManaged() {
        Decision decision = sc.reconcile(sc.disabled());

        assertThat(decision.next()).isEmpty();
        assertThat(sc.reconcile(Optional.empty()).next()).isEmpty();
    }

    @Test
    void flagToProductionWithCanaryEvidenceCutsOverFromTheFirstUncommittedHourUnderANewEpoch() {
        cutOver();

        StreamState state = sc.state();
        assertThat(state.epoch()).isEqualTo(2);
        assertThat(state.cutoverHour()).isEqualTo(h(3));
        assertThat(StreamScenario.routing(state)).containsExactly(
                new Segment(StreamState.BEGINNING, 1, "legacy", false),
                new Segment(h(3), 2, "airflow", false));
        assertThat(StreamScenario.segmentRoute(state, "airflow", h(3))).isEqualTo(new Route("event", 2, null));
        assertThat(StreamScenario.segmentRoute(state, "legacy", h(3))).isEqualTo(new Route("event_systemd", 2, null));
        assertThat(StreamScenario.segmentRoute(state, "legacy", h(2))).isEqualTo(new Route("event", 2, null));
        assertThat(sc.audit).anyMatch(a -> a.contains("SHADOW -> PREFLIGHT"))
                .anyMatch(a -> a.contains("PREFLIGHT -> CUTOVER") && a.contains("rerun of 2026-11-22T03"));
    }

    @Test
    void aCutoverRecordsWhenItWasPublishedAndItsHoursWaitOutTheOlderWritersLeases() {
        sc.plan = sc.plan.withWriteLease(new dev.cutover.protocol.LeasePolicy(Duration.ofMinutes(5),
                Duration.ofSeconds(30)));
        shadowWithEvidence(3);
        sc.refine("airflow", "event_airflow", h(3), 1);
        sc.reconcile(sc.flag("event"));

        Segment cutover = sc.state().currentSegment();
        java.time.Instant notBefore = sc.now.plus(Duration.ofMinutes(5)).plusSeconds(30);
        assertThat(cutover.publishedAt()).isEqualTo(sc.now);
        assertThat(cutover.notBefore()).isEqualTo(notBefore);
        assertThat(cutover.leaseMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(sc.workFor("airflow")).filteredOn(i -> i.hour().equals(h(3)) && i.database().equals("event"))
                .singleElement().satisfies(i -> {
                    assertThat(i.writableFrom()).contains(notBefore);
                    assertThat(i.lease()).isEqualTo(Duration.ofMinutes(5));
                });
        assertThat(sc.state().routing().writableFrom(h(2))).as("an hour before the cutover is routed as before")
                .isEmpty();
    }

    @Test
    void cutoverHourAlreadyShadowedByTheNewJobIsRerunIntoProduction() {
        shadowWithEvidence(3);
        sc.refine("airflow", "event_airflow", h(3), 1);
        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().cutoverHour()).isEqualTo(h(3));
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database,
                WorkItem::from, WorkItem::epoch).contains(org.assertj.core.groups.Tuple.tuple(
                WorkAction.COPY, h(3), "event", "event_airflow", 2L));
    }

    @Test
    void cutoverBecomesPromotedOnceTheNewLeaderCommitsTheCutoverHour() {
        cutOver();
        sc.refine("legacy", "event_systemd", h(3), 2);
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);

        sc.refine("airflow", "event", h(3), 2);
        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(sc.state().promotedAt()).isEqualTo(sc.now);
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action).containsExactly(WorkAction.COMPARE);
    }

    @Test
    void legacyCommitThatRacedTheCutoverIsPreservedInItsShadowThenRerunByTheNewLeader() {
        cutOver();
        sc.refine("legacy", "event", h(3), 1);
        sc.reconcile(sc.flag("event"));

        assertThat(sc.workFor("legacy")).extracting(WorkItem::action, WorkItem::database, WorkItem::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, "event_systemd", "event"));
        assertThat(sc.workFor("airflow")).isEmpty();

        sc.performWork();
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action, WorkItem::database)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.REFINE, "event"));
        sc.performWork();
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PROMOTED);
    }

    @Test
    void flagWithoutCanaryEvidenceBlocksWithTheReasonAndKeepsTheRoutes() {
        sc.reconcile(sc.flag(null));
        sc.canaryHours(0, 0, Verdict.PASS);

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().epoch()).isEqualTo(1);
        assertThat(sc.state().problems()).singleElement().asString().contains("canary evidence insufficient (1/3");
        sc.reconcile(sc.flag("event"));
        assertThat(sc.last.notes()).isEmpty();
    }

    @Test
    void blockedStreamCutsOverWhenTheBlockIsOverridden() {
        sc.reconcile(sc.flag(null));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);

        sc.state = Optional.of(sc.state().withOverridden(true));
        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().overridden()).isFalse();
        assertThat(sc.audit).anyMatch(a -> a.contains("CUTOVER"));
    }

    @Test
    void droppedColumnInTheCompareDetailBlocksThePreflight() {
        sc.reconcile(sc.flag(null));
        for (int i = 0; i < 3; i++) {
            sc.refine("legacy", "event", h(i), 1);
            sc.report(WorkAction.REFINE, "airflow", "event_airflow", h(i), 1, null, null, "fp-without-ua");
            sc.report(WorkAction.COMPARE, "airflow", null, h(i), 1, Verdict.PASS,
                    "{\"schema\":{\"only_left\":[],\"only_right\":[\"useragent\"]}}", null);
        }

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().problems()).anyMatch(p -> p.contains("lacks column(s) [useragent]"))
                .anyMatch(p -> p.contains("FAIL at [2026-11-22T00, 2026-11-22T01, 2026-11-22T02]"));
    }

    @Test
    void aWorkerPassWithAColumnMissingOnTheNewSideCountsAsFailWhenThePlanChecksSchemas() {
        sc.reconcile(sc.flag(null));
        for (int i = 0; i < 3; i++) {
            sc.bothCommit(h(i));
            sc.report(WorkAction.COMPARE, "airflow", null, h(i), 1, Verdict.PASS,
                    "{\"schema\":{\"only_left\":[],\"only_right\":[\"parsedcomment\"],\"type_mismatch\":[]}}", null);
        }

        CanaryEvidence evidence = evidence();
        assertThat(evidence.sufficient()).isFalse();
        assertThat(evidence.failHours()).hasSize(3);
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isEmpty();

        sc.plan = sc.plan.withCanary(new dev.cutover.controller.plan.CanaryPolicy(3, 24, List.of("row_count")));
        assertThat(evidence().sufficient()).isTrue();
    }

    @Test
    void addedColumnOnlyPassesTheSchemaPreflight() {
        sc.reconcile(sc.flag(null));
        for (int i = 0; i < 3; i++) {
            sc.refine("legacy", "event", h(i), 1);
            sc.report(WorkAction.REFINE, "airflow", "event_airflow", h(i), 1, null, null, "fp-with-extra");
            sc.report(WorkAction.COMPARE, "airflow", null, h(i), 1, Verdict.PASS,
                    "{\"schema\":{\"only_left\":[\"extra\"],\"only_right\":[]}}", null);
        }

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
    }

    @Test
    void revertDuringPreflightReturnsToShadowWithoutAnyRouteChange() {
        sc.reconcile(sc.flag(null));
        sc.gate = new Gate(false, false, "1 cutover in progress (max_concurrent_cutovers 1)");
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);

        sc.reconcile(sc.flag(null));

        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().epoch()).isEqualTo(1);
        assertThat(sc.audit).anyMatch(a -> a.contains("PREFLIGHT -> ROLLING_BACK -> SHADOW"));
    }

    @Test
    void revertWhileBlockedReturnsToShadowAndClearsTheOverride() {
        sc.reconcile(sc.flag(null));
        sc.reconcile(sc.flag("event"));
        sc.reconcile(sc.flag(null));

        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().problems()).isEmpty();
        assertThat(sc.state().epoch()).isEqualTo(1);
    }

    @Test
    void flipWhileAnotherStreamIsMidCutoverWaitsInPreflightForASlot() {
        shadowWithEvidence(3);
        sc.gate = new Gate(false, false, "mediawiki.page-delete is in CUTOVER (max_concurrent_cutovers 1)");

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().problems()).singleElement().asString().contains("waiting for a cutover slot");
        assertThat(sc.state().epoch()).isEqualTo(1);

        sc.gate = Gate.OPEN;
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().problems()).isEmpty();
    }

    @Test
    void revertAfterCutoverRollsBackFromTheOriginalHourAndRestoresProductionByCopies() {
        cutOver();
        for (int i = 3; i <= 5; i++) {
            sc.bothCommit(h(i));
        }
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PROMOTED);

        sc.reconcile(sc.flag(null));

        StreamState state = sc.state();
        assertThat(state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(state.epoch()).isEqualTo(3);
        assertThat(StreamScenario.routing(state)).containsExactly(
                new Segment(StreamState.BEGINNING, 1, "legacy", false),
                new Segment(h(3), 3, "legacy", false));
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database,
                WorkItem::from).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(3), "event_airflow", "event"),
                org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(4), "event_airflow", "event"),
                org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(5), "event_airflow", "event"));
        assertThat(sc.workFor("legacy")).as("production is overwritten only after it was preserved").isEmpty();

        sc.performWork();
        assertThat(sc.workFor("legacy")).extracting(WorkItem::action, WorkItem::database, WorkItem::from,
                WorkItem::epoch).containsOnly(org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, "event",
                "event_systemd", 3L)).hasSize(3);
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.ROLLING_BACK);

        sc.performWork();
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.workFor("legacy")).isEmpty();
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action).containsOnly(WorkAction.COMPARE);
        assertThat(sc.audit).anyMatch(a -> a.contains("ROLLING_BACK -> SHADOW"));
    }

    /**
     * Found by the simulation (seed 8, the controller down for hours): the new job's report of an hour it wrote to
     * production never reached the controller before the rollback made it stale, while legacy's shadow commit of the
     * hour did. The rollback lists legacy's restore copy; the new job must still be free to preserve its production
     * output by its routed write (a copy into its shadow, which the worker decides from storage) — before, the
     * listed copy held every job's routed write of the hour, the restore copy waited for a preservation nobody was
     * allowed to make, and the hour kept the new job's output.
     */
    @Test
    void aListedRestoreCopyHoldsOnlyWritesOfItsOwnDatabasesNotTheNewJobsPreservation() {
        cutOver();
        sc.refine("legacy", "event_systemd", h(3), sc.state().epoch());
        sc.reconcile(sc.flag(null));
        StreamState state = sc.state();
        assertThat(state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.workFor("legacy")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database,
                WorkItem::from).containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(3), "event",
                "event_systemd"));

        var observed = sc.store.view(sc.stream).at(h(3));
        assertThat(WorkPlanner.routedRefineHold(state, "airflow", h(3), observed, S))
                .as("airflow's routed write goes to event_airflow, which the listed copy neither writes nor reads")
                .isEmpty();
        assertThat(WorkPlanner.routedRefineHold(state, "legacy", h(3), observed, S))
                .hasValueSatisfying(why -> assertThat(why).contains("the work list handles this hour: copy into event"));
    }

    @Test
    void rolledBackStreamIsNotAutoPromotedAgainOnHoursComparedBeforeTheRollback() {
        cutOver();
        sc.writable = true;
        sc.plan = sc.plan.withAutomation(true, 0, sc.plan.soak());
        sc.canaryHours(3, 5, Verdict.PASS);
        sc.reconcile(sc.flag("event"));
        sc.reconcile(sc.flag(null));
        sc.performWork();
        sc.performWork();
        sc.performWork();
        Decision decision = sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(decision.flagChange()).isEmpty();
        assertThat(sc.state().canaryFrom()).isEqualTo(h(6));

        sc.canaryHours(6, 8, Verdict.PASS);
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isPresent();
    }

    @Test
    void revertRightAfterTheCutoverBeforeAnyNewHourCompletesTheRollbackAtOnce() {
        cutOver();

        sc.reconcile(sc.flag(null));

        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().epoch()).isEqualTo(3);
        assertThat(sc.audit).anyMatch(a -> a.contains("CUTOVER -> ROLLING_BACK"))
                .anyMatch(a -> a.contains("ROLLING_BACK -> SHADOW"));
    }

    @Test
    void flappingFlagWaitsForTheRollbackToFinishBeforeCuttingOverAgain() {
        cutOver();
        sc.bothCommit(h(3));
        sc.reconcile(sc.flag("event"));
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.ROLLING_BACK);

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.state().problems()).singleElement().asString().contains("once the rollback has restored");
        long epochDuringRollback = sc.state().epoch();

        sc.performWork();
        sc.performWork();
        sc.state = Optional.of(sc.state().withOverridden(true));
        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().epoch()).isEqualTo(epochDuringRollback + 1);
        assertThat(sc.state().cutoverHour()).isEqualTo(h(4));
    }

    @Test
    void invalidFlagKeepsTheRoutesAndResumesWhenTheValueIsValidAgain() {
        cutOver();
        List<Segment> before = sc.state().segments();

        sc.reconcile(sc.flag("prod; DROP TABLE x"));
        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);
        assertThat(sc.state().segments()).isEqualTo(before);
        assertThat(sc.state().epoch()).isEqualTo(2);
        assertThat(sc.state().problems()).singleElement().asString().contains("not allowed");

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().problems()).isEmpty();
    }

    @Test
    void invalidFlagOnAStreamSeenForTheFirstTimeKeepsLegacyLeading() {
        sc.reconcile(sc.flag("event_mystery"));

        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);
        assertThat(StreamScenario.segmentRoute(sc.state(), "legacy", h(1))).isEqualTo(new Route("event", 1, null));
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
    }

    @Test
    void streamVanishingFromAGoodSnapshotIsOrphanedWithItsRoutesKept() {
        cutOver();

        sc.reconcile(Optional.empty());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);
        assertThat(sc.state().epoch()).isEqualTo(2);
        assertThat(sc.state().currentLeader()).isEqualTo("airflow");

        sc.reconcile(sc.disabled());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);
        assertThat(sc.state().problems()).singleElement().asString().contains("no longer enabled");

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
    }

    @Test
    void orphanedThenInvalidResumesTheOriginalPhase() {
        cutOver();
        sc.reconcile(Optional.empty());
        sc.reconcile(sc.flag("bogus"));
        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
    }

    @Test
    void autoPromoterWritesTheFlagAfterEnoughConsecutivePassHours() {
        shadowWithEvidence(2);
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isEmpty();

        sc.canaryHours(2, 2, Verdict.PASS);
        Decision decision = sc.reconcile(sc.flag(null));

        assertThat(decision.flagChange()).contains(new FlagChange(NAV, FlagChange.Kind.PROMOTE, "auto-promoter",
                "canary evidence: 3/3 consecutive PASS hours up to 2026-11-22T02, no FAIL"));
        assertThat(sc.state().phase()).as("the controller only reacts to config").isEqualTo(Phase.SHADOW);
    }

    @Test
    void autoPromoterHoldsBackAStreamWithAFailInTheWindow() {
        sc.reconcile(sc.flag(null));
        sc.canaryHours(0, 0, Verdict.FAIL);
        sc.canaryHours(1, 3, Verdict.PASS);

        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isEmpty();
        assertThat(evidence().summary())
                .isEqualTo("3/3 consecutive PASS hours up to 2026-11-22T03, FAIL at [2026-11-22T00]");
    }

    @Test
    void passHoursWithAGapAreNotConsecutive() {
        sc.reconcile(sc.flag(null));
        sc.canaryHours(0, 1, Verdict.PASS);
        sc.canaryHours(3, 3, Verdict.PASS);

        CanaryEvidence evidence = evidence();
        assertThat(evidence.passStreak()).isEqualTo(1);
        assertThat(evidence.sufficient()).isFalse();
    }

    @Test
    void autoPromoterWaitsForItsTurnAndIgnoresStreamsOutsideThePlan() {
        shadowWithEvidence(3);
        sc.gate = new Gate(true, false, "an earlier stream in plan order goes first");
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isEmpty();

        sc.gate = Gate.OPEN;
        sc.plan = dev.cutover.controller.plan.MigrationPlan.defaults(List.of("other"));
        assertThat(sc.reconcile(sc.flag(null)).flagChange()).isEmpty();
    }

    @Test
    void readOnlySourceShowsReadyToPromoteWithTheExactPatch() {
        shadowWithEvidence(3);
        sc.writable = false;

        Decision decision = sc.reconcile(sc.flag(null));

        assertThat(decision.flagChange()).isEmpty();
        assertThat(sc.state().phase()).isEqualTo(Phase.READY_TO_PROMOTE);
        assertThat(sc.state().problems()).singleElement().asString().contains("{\"" + NAV
                + "\": {\"consumers\": {\"analytics_hive_ingestion\": {\"hive_database\": \"event\"}}}}");

        sc.canaryHours(3, 3, Verdict.FAIL);
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
    }

    @Test
    void autoRollbackRevertsTheFlagAfterKFailHoursSinceTheCutover() {
        cutOver();
        sc.writable = true;
        sc.plan = sc.plan.withAutomation(false, 2, Duration.ofHours(100));
        sc.bothCommit(h(3));
        sc.verdict(h(3), Verdict.FAIL);
        assertThat(sc.reconcile(sc.flag("event")).flagChange()).isEmpty();

        sc.bothCommit(h(4));
        sc.verdict(h(4), Verdict.FAIL);
        Decision decision = sc.reconcile(sc.flag("event"));

        assertThat(decision.flagChange()).get().extracting(FlagChange::kind, FlagChange::who)
                .containsExactly(FlagChange.Kind.REVERT, "auto-rollback");
    }

    @Test
    void soakLeadsToReadyToDecommissionAndOnlyAnExplicitRequestDecommissions() {
        cutOver();
        sc.bothCommit(h(3));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PROMOTED);

        sc.advance(Duration.ofHours(2));
        sc.bothCommit(h(4));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.READY_TO_DECOMMISSION);
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.READY_TO_DECOMMISSION);

        sc.state = Optional.of(sc.state().withDecommissionRequested(true));
        sc.reconcile(sc.flag("event"));

        StreamState state = sc.state();
        assertThat(state.phase()).isEqualTo(Phase.DECOMMISSIONED);
        assertThat(state.epoch()).isEqualTo(3);
        assertThat(StreamScenario.segmentRoute(state, "legacy", h(5))).isEqualTo(new Route(null, 3, null));
        assertThat(StreamScenario.segmentRoute(state, "airflow", h(5))).isEqualTo(new Route("event", 3, null));
        assertThat(sc.workFor("legacy")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.DROP, h(3), "event_systemd"),
                        org.assertj.core.groups.Tuple.tuple(WorkAction.DROP, h(4), "event_systemd"));
        sc.performWork();
        assertThat(sc.workFor("legacy")).isEmpty();
    }

    @Test
    void flagRevertAfterDecommissioningIsRefusedWithTheWayOut() {
        soakLeadsToReadyToDecommissionAndOnlyAnExplicitRequestDecommissions();

        sc.reconcile(sc.flag(null));

        assertThat(sc.state().phase()).isEqualTo(Phase.DECOMMISSIONED);
        assertThat(sc.state().problems()).singleElement().asString().contains("cannot be restored by copying");
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().problems()).isEmpty();
    }

    @Test
    void aNewCommitMakesTheVerdictStaleAndTheHourIsComparedAgain() {
        shadowWithEvidence(1);
        assertThat(sc.workFor("airflow")).isEmpty();

        sc.refine("airflow", "event_airflow", h(0), 1);

        assertThat(sc.workFor("airflow")).extracting(WorkItem::action, WorkItem::database, WorkItem::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.COMPARE, "event_airflow", "event"));
        assertThat(evidence().verdicts()).isEmpty();
    }

    @Test
    void workItemIdsAreStableSoACrashedWorkerSimplyGetsTheSameItemAgain() {
        shadowWithEvidence(1);
        sc.bothCommit(h(1));

        List<PlannedWork> first = sc.work();
        List<PlannedWork> second = sc.work();

        assertThat(first).isEqualTo(second).hasSize(1);
        assertThat(first.get(0).item().id()).isEqualTo("compare/" + NAV + "/2026-11-22T01/event_airflow<event@1");
    }

    /** Cut over at 03, both jobs committed 03-04 (PROMOTED), then the flag reverted: ROLLING_BACK, copies pending. */
    private void rollingBackWithCopiesPending() {
        cutOver();
        sc.bothCommit(h(3));
        sc.bothCommit(h(4));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PROMOTED);
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action).containsOnly(WorkAction.COPY).hasSize(2);
    }

    /** Production of hours 03-04 is legacy's copy under the rollback's epoch; the new job's output is preserved. */
    private void assertRestoredByCopies(long epoch) {
        for (int i = 3; i <= 4; i++) {
            var obs = sc.store.view(NAV).at(h(i));
            assertThat(obs.in("event")).get().satisfies(c -> {
                assertThat(c.job()).isEqualTo("legacy");
                assertThat(c.action()).isEqualTo(WorkAction.COPY);
                assertThat(c.epoch()).isEqualTo(epoch);
            });
            assertThat(obs.in("event_airflow")).get().satisfies(c -> assertThat(c.job()).isEqualTo("airflow"));
            assertThat(obs.in("event_systemd")).as("legacy's shadow output is kept").isPresent();
        }
    }

    @Test
    void flagRevertedWhenReadyToDecommissionRollsBackByCopies() {
        cutOver();
        sc.bothCommit(h(3));
        sc.reconcile(sc.flag("event"));
        sc.advance(Duration.ofHours(2));
        sc.bothCommit(h(4));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.READY_TO_DECOMMISSION);

        sc.reconcile(sc.flag(null));

        StreamState state = sc.state();
        assertThat(state.phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(state.epoch()).isEqualTo(3);
        assertThat(StreamScenario.routing(state)).containsExactly(
                new Segment(StreamState.BEGINNING, 1, "legacy", false),
                new Segment(h(3), 3, "legacy", false));
        assertThat(state.promotedAt()).isNull();
        assertThat(sc.audit).anyMatch(a -> a.contains("READY_TO_DECOMMISSION -> ROLLING_BACK: from 2026-11-22T03"));
        assertThat(sc.workFor("airflow")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(3), "event_airflow"),
                        org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, h(4), "event_airflow"));

        sc.performWork();
        sc.performWork();
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertRestoredByCopies(3);
    }

    @Test
    void aPersonSettingTheFlagOfAStreamReadyToPromoteStartsThePreflight() {
        shadowWithEvidence(3);
        sc.writable = false;
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.READY_TO_PROMOTE);
        sc.gate = new Gate(false, false, "mediawiki.page-delete is in CUTOVER (max_concurrent_cutovers 1)");

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().epoch()).isEqualTo(1);
        assertThat(sc.state().problems()).as("the read-only patch is applied: no longer shown").singleElement()
                .asString().contains("waiting for a cutover slot");
        assertThat(sc.audit).anyMatch(a -> a.contains("READY_TO_PROMOTE -> PREFLIGHT"));

        sc.gate = Gate.OPEN;
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().cutoverHour()).isEqualTo(h(3));
    }

    @Test
    void anInvalidFlagDuringARollbackKeepsItsRoutesAndTheRestoreGoesOnThenItResumes() {
        rollingBackWithCopiesPending();
        List<Segment> routes = sc.state().segments();

        sc.reconcile(sc.flag("event_mystery"));
        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);
        assertThat(sc.state().suspendedPhase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.state().segments()).isEqualTo(routes);
        assertThat(sc.state().epoch()).isEqualTo(3);
        assertThat(sc.audit).anyMatch(a -> a.contains("ROLLING_BACK -> INVALID (routes unchanged, epoch 3)"));
        sc.performWork();
        sc.reconcile(sc.flag("event_mystery"));
        assertThat(sc.workFor("legacy")).as("the restore is still listed while the flag is invalid")
                .extracting(WorkItem::action, WorkItem::database, WorkItem::from).containsOnly(
                        org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, "event", "event_systemd")).hasSize(2);

        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).as("restore not finished yet").isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.state().problems()).isEmpty();
        assertThat(sc.audit).anyMatch(a -> a.contains("INVALID -> ROLLING_BACK"));

        sc.performWork();
        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().epoch()).isEqualTo(3);
        assertRestoredByCopies(3);
    }

    @Test
    void aStreamOrphanedDuringARollbackKeepsItsRoutesAndResumesTheRollback() {
        rollingBackWithCopiesPending();
        List<Segment> routes = sc.state().segments();

        sc.reconcile(Optional.empty());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);
        assertThat(sc.state().segments()).isEqualTo(routes);
        assertThat(sc.state().currentLeader()).isEqualTo("legacy");
        sc.performWork();
        sc.performWork();
        sc.reconcile(Optional.empty());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);

        sc.reconcile(sc.flag("event"));
        assertThat(sc.audit).anyMatch(a -> a.contains("ORPHANED -> ROLLING_BACK"))
                .anyMatch(a -> a.contains("ROLLING_BACK -> SHADOW"));
        assertThat(sc.state().phase()).as("the rollback finished; the flag says event again, but the hours compared"
                + " before the rollback are no canary evidence for a new cutover").isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().epoch()).isEqualTo(3);
        assertThat(sc.state().currentLeader()).isEqualTo("legacy");
        var production = sc.store.view(NAV).at(h(4)).in("event").orElseThrow();
        assertThat(production.job()).isEqualTo("legacy");
        assertThat(production.action()).isEqualTo(WorkAction.COPY);
    }

    @Test
    void aStreamOrphanedDuringARollbackWithTheFlagSetAgainWaitsForTheRestore() {
        rollingBackWithCopiesPending();

        sc.reconcile(Optional.empty());
        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.ROLLING_BACK);
        assertThat(sc.state().epoch()).isEqualTo(3);
        assertThat(sc.state().problems()).singleElement().asString().contains("once the rollback has restored");
    }

    @Test
    void anInvalidFlagDuringPreflightKeepsTheRoutesAndAValidFlagResumesThePreflight() {
        shadowWithEvidence(3);
        sc.gate = new Gate(false, false, "mediawiki.page-delete is in CUTOVER (max_concurrent_cutovers 1)");
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);

        sc.reconcile(sc.flag("prod"));
        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);
        assertThat(sc.state().suspendedPhase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().epoch()).isEqualTo(1);
        assertThat(sc.state().currentLeader()).isEqualTo("legacy");
        assertThat(sc.state().problems()).singleElement().asString().contains("'prod', which is not allowed");

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().problems()).singleElement().asString().contains("waiting for a cutover slot");
        assertThat(sc.audit).anyMatch(a -> a.contains("INVALID -> PREFLIGHT"));

        sc.gate = Gate.OPEN;
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
        assertThat(sc.state().epoch()).isEqualTo(2);
    }

    @Test
    void aStreamOrphanedDuringPreflightKeepsTheRoutesAndARevertedFlagReturnsItToShadow() {
        shadowWithEvidence(3);
        sc.gate = new Gate(false, false, "mediawiki.page-delete is in CUTOVER (max_concurrent_cutovers 1)");
        sc.reconcile(sc.flag("event"));

        sc.reconcile(Optional.empty());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);
        assertThat(sc.state().suspendedPhase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().epoch()).isEqualTo(1);

        sc.reconcile(sc.flag(null));
        assertThat(sc.state().phase()).isEqualTo(Phase.SHADOW);
        assertThat(sc.state().suspendedPhase()).isNull();
        assertThat(sc.state().problems()).isEmpty();
        assertThat(sc.state().epoch()).isEqualTo(1);
        assertThat(sc.audit).anyMatch(a -> a.contains("ORPHANED -> PREFLIGHT"))
                .anyMatch(a -> a.contains("PREFLIGHT -> ROLLING_BACK -> SHADOW"));
        assertThat(sc.workFor("airflow")).isEmpty();
        assertThat(sc.workFor("legacy")).isEmpty();
    }

    @Test
    void aStreamOrphanedDuringPreflightResumesThePreflightWhenItIsBackWithTheFlag() {
        shadowWithEvidence(3);
        sc.gate = new Gate(false, false, "mediawiki.page-delete is in CUTOVER (max_concurrent_cutovers 1)");
        sc.reconcile(sc.flag("event"));
        sc.reconcile(Optional.empty());

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(sc.state().problems()).singleElement().asString().contains("waiting for a cutover slot");
        assertThat(sc.state().epoch()).isEqualTo(1);
    }

    @Test
    void aDecommissionedStreamWhoseFlagBecomesInvalidOrThatIsOrphanedKeepsLegacyStopped() {
        soakLeadsToReadyToDecommissionAndOnlyAnExplicitRequestDecommissions();
        sc.reconcile(sc.flag("event"));
        assertThat(sc.workFor("legacy")).isEmpty();

        sc.reconcile(sc.flag("bogus"));
        assertThat(sc.state().phase()).isEqualTo(Phase.INVALID);
        assertThat(sc.workFor("legacy")).as("legacy has stopped: its dropped shadow partitions are not recomputed")
                .isEmpty();
        assertThat(StreamScenario.segmentRoute(sc.state(), "legacy", h(5)).database()).isNull();

        sc.reconcile(Optional.empty());
        assertThat(sc.state().phase()).isEqualTo(Phase.ORPHANED);
        assertThat(sc.workFor("legacy")).isEmpty();

        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.DECOMMISSIONED);
        assertThat(sc.workFor("legacy")).isEmpty();
    }

    @Test
    void theDropsOfADecommissionedStreamGoOnWhileItsFlagIsInvalid() {
        cutOver();
        sc.bothCommit(h(3));
        sc.reconcile(sc.flag("event"));
        sc.advance(Duration.ofHours(2));
        sc.reconcile(sc.flag("event"));
        sc.state = Optional.of(sc.state().withDecommissionRequested(true));
        sc.reconcile(sc.flag("event"));
        assertThat(sc.state().phase()).isEqualTo(Phase.DECOMMISSIONED);

        sc.reconcile(sc.flag("bogus"));

        assertThat(sc.workFor("legacy")).extracting(WorkItem::action, WorkItem::hour, WorkItem::database)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.DROP, h(3), "event_systemd"));
    }
}
