package dev.cutover.controller.core;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.Responses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.NOTHING;
import static dev.cutover.controller.core.CoreFixtures.RecordingReply;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.active;
import static dev.cutover.controller.core.CoreFixtures.logs;
import static dev.cutover.controller.core.CoreFixtures.numbered;
import static dev.cutover.controller.core.CoreFixtures.plan;
import static dev.cutover.controller.core.CoreFixtures.received;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static dev.cutover.controller.core.CoreFixtures.restore;
import static dev.cutover.controller.core.CoreFixtures.restored;
import static dev.cutover.controller.core.CoreFixtures.settle;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static dev.cutover.controller.core.CoreFixtures.withoutLogs;
import static org.assertj.core.api.Assertions.assertThat;

/** Worker reports received over HTTP (journal) or consumed from the reports topic (Kafka). */
class ReportStepsTest {

    static final String LEGACY = S.legacyJob();
    static final String AIRFLOW = S.newJob();

    /** The active controller after one canary hour of NAV (3 reports, numbered 1 to 3). */
    private static ControllerState afterOneHour() {
        ControllerState state = received(received(active(plan(), twoStreams()), CoreFixtures.commits(NAV, 1)),
                CoreFixtures.compares(NAV, 1, Verdict.PASS));
        assertThat(state.reports().lastSeq()).isEqualTo(3);
        return state;
    }

    private static Report noRows(String job, Hour hour) {
        return new RefineReport(null, job, NAV, hour, "event", "t", 1, ReportStatus.OK, null, 5L, null, "sum", "fp",
                1L);
    }

    @Test
    void aBadBatchIsRefusedAsAWholeListingEveryProblemAndNothingIsStored() {
        ControllerState state = afterOneHour();
        RecordingReply reply = new RecordingReply();
        List<Report> batch = List.of(refine(LEGACY, NAV, H0.plusHours(1), "event", 1),
                refine("cron", NAV, H0.plusHours(1), "event", 1), noRows(LEGACY, H0.plusHours(2)));

        Step step = Controller.step(state, new Event.ReportsReceived(T0, batch, reply));

        assertThat(step.next()).isSameAs(state);
        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class, refuse -> {
            assertThat(refuse.reply()).isSameAs(reply);
            assertThat(refuse.error()).isInstanceOfSatisfying(DomainError.BadRequest.class, bad ->
                    assertThat(bad.problems()).containsExactly(
                            "report 1: job 'cron' is not one of " + S.jobs(),
                            "report 2: an OK refine report needs rows (>= 0)"));
        });
    }

    @Test
    void anEmptyBatchIsABadRequest() {
        ControllerState state = afterOneHour();

        Step step = Controller.step(state, new Event.ReportsReceived(T0, List.of(), new RecordingReply()));

        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class,
                r -> assertThat(r.error().message()).contains("no report in the batch"));
    }

    @Test
    void aStandbyRefusesReportsAsUnavailable() {
        ControllerState standby = settle(restore(plan(), Role.STANDBY, Optional.of(twoStreams()), NOTHING,
                Optional.empty()));

        Step step = Controller.step(standby, new Event.ReportsReceived(T0,
                List.of(refine(LEGACY, NAV, H0, "event", 1)), new RecordingReply()));

        assertThat(step.next()).isSameAs(standby);
        assertThat(step.effects()).singleElement().isInstanceOfSatisfying(Effect.Refuse.class,
                r -> assertThat(r.error()).isInstanceOf(DomainError.Unavailable.class));
    }

    @Test
    void aGoodBatchIsNumberedAfterTheLastReportStoredThenPublishedAnsweredCountedAndItsStreamsScheduled() {
        ControllerState state = afterOneHour();
        RecordingReply reply = new RecordingReply();
        List<Report> batch = List.of(refine(LEGACY, NAV, H0.plusHours(1), "event", 1),
                refine(AIRFLOW, NAV, H0.plusHours(1), "event_airflow", 1),
                refine(LEGACY, DELETE, H0.plusHours(1), "event", 1));

        Step step = Controller.step(state, new Event.ReportsReceived(T0, batch, reply));

        List<ReportRecord> records = numbered(4, batch);
        Duration lag = Duration.between(H0.plusHours(1).endInstant(), T0);
        assertThat(step.effects()).containsExactly(
                new Effect.Append(new RouteLog.Batch(List.of(), List.of(), records)),
                new Effect.Publish(),
                new Effect.Respond(reply, new Responses.ReportsAccepted(3)),
                new Effect.CountApplied(batch),
                new Effect.ObserveLandingLags(List.of(new Effect.LandingLag(LEGACY, lag),
                        new Effect.LandingLag(AIRFLOW, lag), new Effect.LandingLag(LEGACY, lag))),
                new Effect.Schedule(Set.of(NAV, DELETE), Trigger.REPORT));
        ControllerState next = step.next();
        assertThat(next.reports().lastSeq()).isEqualTo(6);
        assertThat(next.observed(NAV).at(H0.plusHours(1)).in("event")).isPresent();
        assertThat(next.entry(NAV).orElseThrow().work()).as("the published work list follows at once")
                .extracting(w -> w.item().action() + " " + w.item().hour())
                .contains(WorkAction.COMPARE + " " + H0.plusHours(1));
    }

    /** Managed NAV and DELETE (as restored from the topics), with the given role; reconciled when active. */
    private static ControllerState replica(Role role) {
        return settle(restore(plan(), role, Optional.of(twoStreams()), restored(List.of(
                StreamState.initial(NAV, LEGACY, T0), StreamState.initial(DELETE, LEGACY, T0)), List.of()),
                Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void aConsumedBadRecordIsSkippedWithAWarningAndTheGoodOnesAreAppliedButOnlyCountedWhenActive(Role role) {
        ControllerState state = replica(role);
        Report legacy = refine(LEGACY, NAV, H0, "event", 1);
        Report bad = refine("cron", NAV, H0, "event", 1);
        Report airflow = refine(AIRFLOW, NAV, H0, "event_airflow", 1);
        List<ReportRecord> records = List.of(new ReportRecord(10, T0, legacy), new ReportRecord(11, T0, bad),
                new ReportRecord(12, T0, airflow));

        Step step = Controller.step(state, new Event.ReportsConsumed(records));

        assertThat(logs(step.effects(), Effect.Level.WARN)).singleElement().asString()
                .startsWith("report 11 skipped: ").contains("job 'cron'");
        if (role == Role.ACTIVE) {
            Duration lag = Duration.between(H0.endInstant(), T0);
            assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish(),
                    new Effect.CountApplied(List.of(legacy, airflow)),
                    new Effect.ObserveLandingLags(List.of(new Effect.LandingLag(LEGACY, lag),
                            new Effect.LandingLag(AIRFLOW, lag))),
                    new Effect.Schedule(Set.of(NAV), Trigger.REPORT));
        } else {
            assertThat(withoutLogs(step.effects())).containsExactly(new Effect.Publish());
        }
        ControllerState next = step.next();
        assertThat(next.reports().lastSeq()).as("the skipped record is numbered too").isEqualTo(12);
        assertThat(next.entry(NAV).orElseThrow().work()).as("work lists stay current on a standby too")
                .extracting(w -> w.item()).extracting(WorkItem::action, WorkItem::hour)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkAction.COMPARE, H0));
        assertThat(next.observed(NAV).at(H0).in("event")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void reportsRestoredOnActivationAreCountedOnlyByAnActiveController(Role role) {
        ControllerState state = replica(role);
        List<ReportRecord> records = numbered(1, List.of(refine(LEGACY, NAV, H0, "event", 1)));

        Step step = Controller.step(state, new Event.RestoredReportsCounted(records));

        assertThat(step.next()).isSameAs(state);
        assertThat(step.effects()).isEqualTo(role == Role.ACTIVE
                ? List.of(new Effect.CountApplied(List.of(records.get(0).report()))) : List.of());
    }

    @Test
    void onlyAJobsFirstRefineOfAnHourInADatabaseIsALandingNotItsRerunNorACopy() {
        ControllerState state = afterOneHour();
        Hour h1 = H0.plusHours(1);
        Report first = refine(LEGACY, NAV, h1, "event", 1);
        Step landed = Controller.step(state, new Event.ReportsReceived(h1.endInstant().minusSeconds(60),
                List.of(first), new RecordingReply()));
        assertThat(landed.effects()).as("received before the hour ended: a lag of zero")
                .contains(new Effect.ObserveLandingLags(List.of(new Effect.LandingLag(LEGACY, Duration.ZERO))));

        Instant later = h1.endInstant().plus(Duration.ofHours(2));
        Step rerun = Controller.step(landed.next(), new Event.ReportsReceived(later, List.of(first),
                new RecordingReply()));
        assertThat(rerun.effects()).noneMatch(e -> e instanceof Effect.ObserveLandingLags);
        assertThat(rerun.next().observed(NAV).at(h1).landing(LEGACY, "event"))
                .as("the rerun keeps the first landing").contains(h1.endInstant().minusSeconds(60));
    }
}
