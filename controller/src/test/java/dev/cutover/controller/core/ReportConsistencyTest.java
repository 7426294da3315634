package dev.cutover.controller.core;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.OFF;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.compare;
import static dev.cutover.controller.core.CoreFixtures.config;
import static dev.cutover.controller.core.CoreFixtures.inPhase;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.planWithLayer;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F6, evidence is earned: a report counts only when it is consistent with the controller's own routes (a managed
 * stream, the database of that hour's route for the job, an epoch the stream has had) and a verdict only for an hour
 * whose two commits the controller has recorded. Anything else is a 400 listing every problem, and nothing is stored.
 */
class ReportConsistencyTest {

    static final String LEGACY = S.legacyJob();
    static final String AIRFLOW = S.newJob();

    /** NAV and DELETE in SHADOW under epoch 1: legacy writes event, airflow event_airflow. */
    static ControllerState shadow() {
        return active(plan(), twoStreams());
    }

    /** NAV in CUTOVER under epoch 2: from H0+2 airflow writes event and legacy event_systemd. */
    static ControllerState cutover() {
        return settle(restore(plan(), Role.ACTIVE, Optional.of(config().flag(NAV, "event").managed(DELETE)
                .snapshot("v1")), restored(List.of(inPhase(NAV, Phase.CUTOVER)), List.of()), Optional.empty()));
    }

    /** NAV decommissioned: legacy's shadow partitions are to be dropped. */
    static ControllerState decommissioned() {
        return settle(restore(plan(), Role.ACTIVE, Optional.of(config().flag(NAV, "event").managed(DELETE)
                .snapshot("v1")), restored(List.of(inPhase(NAV, Phase.DECOMMISSIONED)), List.of()),
                Optional.empty()));
    }

    static Report failed(String job, Hour hour, String database, long epoch) {
        return RefineReport.failed(null, job, NAV, hour, database, epoch, "disk full", 5L, null);
    }

    static Report copy(String job, Hour hour, String database, String from, long epoch) {
        return new CopyReport(null, job, NAV, hour, database, from, "t", epoch, ReportStatus.OK, null, 1L, 5L, "c",
                "fp");
    }

    static Report compareOf(Hour hour, String left, String right) {
        return new CompareReport(null, AIRFLOW, NAV, hour, left, right, "t", 1, ReportStatus.OK, null, 1L,
                Verdict.PASS, CompareDetail.of(Verdict.PASS, List.of()));
    }

    static Report drop(Hour hour, String database, long epoch) {
        return new DropReport(null, LEGACY, NAV, hour, database, "t", epoch, ReportStatus.OK, null, 1L, 1);
    }

    /** The problems of the batch's refusal; empty when it was accepted. */
    private static List<String> refusal(ControllerState state, List<Report> batch) {
        Step step = Controller.step(state, new Event.ReportsReceived(T0, batch, new RecordingReply()));
        List<Effect.Refuse> refusals = CoreFixtures.only(step.effects(), Effect.Refuse.class);
        if (refusals.isEmpty()) {
            assertThat(CoreFixtures.only(step.effects(), Effect.Append.class)).as("accepted: stored").hasSize(1);
            return List.of();
        }
        assertThat(step.next()).as("a refused batch changes nothing").isSameAs(state);
        assertThat(step.effects()).as("and is stored nowhere").singleElement().isInstanceOf(Effect.Refuse.class);
        assertThat(refusals.get(0).error()).isInstanceOf(DomainError.BadRequest.class);
        return ((DomainError.BadRequest) refusals.get(0).error()).problems();
    }

    static Stream<Arguments> inconsistent() {
        Supplier<ControllerState> shadow = ReportConsistencyTest::shadow;
        Supplier<ControllerState> cutover = ReportConsistencyTest::cutover;
        return Stream.of(
                arguments("a stream the controller does not manage", shadow,
                        refine(LEGACY, "mediawiki.unmanaged", H0, "event", 1),
                        List.of("stream 'mediawiki.unmanaged' is not managed by this controller", "GET /v1/streams")),
                arguments("a stream whose hive ingestion is disabled", shadow, refine(LEGACY, OFF, H0, "event", 1),
                        List.of("stream '" + OFF + "' is not managed")),
                arguments("a database that is not the job's route for the hour", shadow,
                        refine(AIRFLOW, NAV, H0, "event", 1),
                        List.of("database 'event' is not where airflow writes " + NAV + " for " + H0,
                                "its route is event_airflow")),
                arguments("an allowed database name of no route", shadow, refine(LEGACY, NAV, H0, "event_other", 1),
                        List.of("database 'event_other'", "its route is event")),
                arguments("an epoch newer than the stream's", shadow, refine(LEGACY, NAV, H0, "event", 7),
                        List.of("epoch 7 is newer than " + NAV + "'s current epoch 1")),
                arguments("a verdict for an hour without recorded commits", shadow, compare(NAV, H0, 1, Verdict.PASS),
                        List.of("a verdict counts only for an hour whose two commits the controller has recorded",
                                "no commit of " + H0 + " in event_airflow", "event")),
                arguments("a compare with its sides swapped", shadow, compareOf(H0, "event", "event_airflow"),
                        List.of("a compare of " + H0 + " is event_airflow (airflow's) against event (legacy's)")),
                arguments("a copy from a database no copy reads from", shadow,
                        copy(LEGACY, H0, "event", "event_airflow", 1),
                        List.of("from 'event_airflow'", "event_systemd")),
                arguments("a drop of a stream that is not decommissioned", shadow, drop(H0, "event_systemd", 1),
                        List.of("a drop is only for a decommissioned stream", "SHADOW")),
                arguments("a failed report with a newer epoch", shadow, failed(LEGACY, H0, "event", 9),
                        List.of("epoch 9 is newer")),
                arguments("a failed report about a database of no job", shadow, failed(LEGACY, H0, "event_other", 1),
                        List.of("database 'event_other' is none of the plan's")),
                arguments("an OK commit under an epoch older than its hour's route", cutover,
                        refine(AIRFLOW, NAV, H0.plusHours(2), "event", 1),
                        List.of("epoch 1 is older than epoch 2", "from " + H0.plusHours(2))),
                arguments("the route an hour had before the cutover", cutover,
                        refine(LEGACY, NAV, H0.plusHours(3), "event", 2),
                        List.of("its route is event_systemd")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistent")
    void aReportInconsistentWithTheRoutesIsRefusedNamingWhy(String what, Supplier<ControllerState> state,
                                                            Report report, List<String> expected) {
        assertThat(refusal(state.get(), List.of(report))).singleElement().asString().startsWith("report 0: ")
                .contains(expected);
    }

    static Stream<Arguments> consistent() {
        Supplier<ControllerState> shadow = ReportConsistencyTest::shadow;
        Supplier<ControllerState> cutover = ReportConsistencyTest::cutover;
        Supplier<ControllerState> decommissioned = ReportConsistencyTest::decommissioned;
        return Stream.of(
                arguments("legacy's production commit in shadow", shadow, refine(LEGACY, NAV, H0, "event", 1)),
                arguments("airflow's shadow commit in shadow", shadow, refine(AIRFLOW, NAV, H0, "event_airflow", 1)),
                arguments("an hour before the cutover, under its own epoch", cutover,
                        refine(LEGACY, NAV, H0, "event", 1)),
                arguments("an hour before the cutover, under the current epoch", cutover,
                        refine(LEGACY, NAV, H0.plusHours(1), "event", 2)),
                arguments("the rerun of the cutover hour", cutover, refine(AIRFLOW, NAV, H0.plusHours(2), "event", 2)),
                arguments("the new secondary's commit", cutover,
                        refine(LEGACY, NAV, H0.plusHours(2), "event_systemd", 2)),
                arguments("a failure fenced by the cutover, under the older epoch", cutover,
                        failed(AIRFLOW, H0.plusHours(2), "event_airflow", 1)),
                arguments("a copy of a job's shadow output into production", shadow,
                        copy(LEGACY, H0, "event", "event_systemd", 1)),
                arguments("a preservation copy of production into the secondary's shadow", cutover,
                        copy(LEGACY, H0.plusHours(3), "event_systemd", "event", 2)),
                arguments("a drop of legacy's shadow output after decommissioning", decommissioned,
                        drop(H0.plusHours(3), "event_systemd", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistent")
    void aReportConsistentWithTheRoutesIsAccepted(String what, Supplier<ControllerState> state, Report report) {
        assertThat(refusal(state.get(), List.of(report))).isEmpty();
    }

    @Test
    void aVerdictIsAcceptedOnceBothCommitsOfItsHourWereRecorded() {
        ControllerState state = CoreFixtures.received(shadow(), List.of(refine(LEGACY, NAV, H0, "event", 1),
                refine(AIRFLOW, NAV, H0, "event_airflow", 1)));

        assertThat(refusal(state, List.of(compare(NAV, H0, 1, Verdict.PASS)))).isEmpty();
    }

    /**
     * The adversarial test's batch: refines of both jobs and a PASS with an empty detail for three hours nine days
     * old, in one POST. Before, the auto-promoter flipped the stream within seconds.
     */
    @Test
    void nineForgedReportsInOneBatchAreRefusedAsAWholeAndPromoteNothing() {
        ControllerState state = active(planWithLayer(), twoStreams());
        Hour old = Hour.containing(T0.minus(Duration.ofDays(9)));
        List<Report> forged = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            forged.add(refine(LEGACY, NAV, old.plusHours(h), "event", 1));
            forged.add(refine(AIRFLOW, NAV, old.plusHours(h), "event_airflow", 1));
            forged.add(new CompareReport(null, AIRFLOW, NAV, old.plusHours(h), "event_airflow", "event", null, 1,
                    ReportStatus.OK, null, null, Verdict.PASS, CompareDetail.of(null, List.of())));
        }

        List<String> problems = refusal(state, forged);

        assertThat(problems).hasSize(6)
                .filteredOn(p -> p.contains("two commits the controller has recorded")).hasSize(3);
        assertThat(problems).filteredOn(p -> p.contains("detail")).hasSize(3);
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("report ").containsAnyOf(" 2: ", " 5: ", " 8: "));
        assertThat(state.observed(NAV).hours()).isEmpty();
        assertThat(settle(Controller.step(state, new Event.ReportsReceived(T0, forged, new RecordingReply())))
                .state(NAV).orElseThrow().phase()).isEqualTo(Phase.SHADOW);
    }

    @Test
    void everyProblemOfEveryReportOfABatchIsListed() {
        List<String> problems = refusal(shadow(), List.of(refine(LEGACY, NAV, H0, "event", 1),
                refine(LEGACY, "mediawiki.unmanaged", H0, "event", 1), refine(AIRFLOW, NAV, H0, "event", 5)));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("report 1: stream 'mediawiki.unmanaged'");
        assertThat(problems.get(1)).startsWith("report 2: ").contains("epoch 5 is newer");
        assertThat(problems.get(2)).startsWith("report 2: ").contains("database 'event'");
    }

    @Test
    void aConsumedVerdictCountsTheCommitsConsumedBeforeItInTheSameBatch() {
        ControllerState state = shadow();
        List<ReportRecord> records = List.of(new ReportRecord(1, T0, refine(LEGACY, NAV, H0, "event", 1)),
                new ReportRecord(2, T0, refine(AIRFLOW, NAV, H0, "event_airflow", 1)),
                new ReportRecord(3, T0, compare(NAV, H0, 1, Verdict.PASS)),
                new ReportRecord(4, T0, compare(NAV, H0.plusHours(1), 1, Verdict.PASS)));

        Step step = Controller.step(state, new Event.ReportsConsumed(records));

        assertThat(step.next().observed(NAV).at(H0).verdict()).isPresent();
        assertThat(step.next().observed(NAV).hours()).containsOnlyKeys(H0);
        assertThat(CoreFixtures.logs(step.effects(), Effect.Level.WARN)).singleElement().asString()
                .startsWith("report 4 skipped: ").contains("no commit of " + H0.plusHours(1));
    }
}
