package dev.cutover.controller.core;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.H0;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.S;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static dev.cutover.controller.core.CoreFixtures.numbered;
import static dev.cutover.controller.core.CoreFixtures.refine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ReportIntakeTest {

    private static Report failed(String stream, int hour, String error) {
        return RefineReport.failed(null, "legacy", stream, H0.plusHours(hour), "event", 1, error, 10L, null);
    }

    private static Report ok(String stream, int hour) {
        return refine("legacy", stream, H0.plusHours(hour), "event", 1);
    }

    static Stream<Arguments> batches() {
        Report good = ok(NAV, 0);
        Report withId = refine("cron", NAV, H0, "event", 1).withId("refine/x/1");
        Report twoProblems = new RefineReport(null, "legacy", NAV, H0, "Event", "t", -1, ReportStatus.OK, null, 1L,
                null, "c", "fp", 1L);
        return Stream.of(
                arguments("one good report", List.of(good), List.of()),
                arguments("an empty batch", List.of(),
                        List.of("no report in the batch: send one report object or a JSON array of reports")),
                arguments("a job the plan does not know, with its id", List.of(good, withId),
                        List.of("report 1 (refine/x/1): job 'cron' is not one of " + S.jobs())),
                arguments("every problem of every report", List.of(twoProblems, withId), List.of(
                        "report 0: epoch must be a positive integer (got -1)",
                        "report 0: database 'Event' is not a valid database name",
                        "report 0: an OK refine report needs rows (>= 0)",
                        "report 1 (refine/x/1): job 'cron' is not one of " + S.jobs())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void everyProblemOfABatchIsListedWithTheReportsPositionAndId(String what, List<Report> batch,
                                                                 List<String> problems) {
        assertThat(ReportIntake.problems(batch, CoreFixtures.active(CoreFixtures.plan(), CoreFixtures.twoStreams()), T0))
                .containsExactlyElementsOf(problems);
    }

    @Test
    void aBatchIsNumberedAfterTheLastReportReceivedAndStampedWithItsArrival() {
        ReportIntake intake = ReportIntake.EMPTY.fold(numbered(1, List.of(ok(NAV, 0), ok(NAV, 1))));
        List<Report> batch = List.of(ok(NAV, 2), ok(DELETE, 2));

        List<ReportRecord> records = intake.number(batch, T0.plusSeconds(5));

        assertThat(records).containsExactly(new ReportRecord(3, T0.plusSeconds(5), batch.get(0)),
                new ReportRecord(4, T0.plusSeconds(5), batch.get(1)));
        assertThat(intake.lastSeq()).as("numbering does not fold").isEqualTo(2);
        assertThat(intake.fold(records).lastSeq()).isEqualTo(4);
    }

    @Test
    void foldingKeepsTheHighestSequenceNumberWhateverTheOrder() {
        ReportIntake intake = ReportIntake.EMPTY.fold(List.of(new ReportRecord(9, T0, ok(NAV, 0)),
                new ReportRecord(4, T0, ok(NAV, 1))));

        assertThat(intake.lastSeq()).isEqualTo(9);
        assertThat(intake.number(List.of(ok(NAV, 2)), T0).get(0).seq()).isEqualTo(10);
    }

    @Test
    void theLastFailureOfEveryAttemptIsAStreamProblemUntilAnOkReportOfTheSameAttempt() {
        ReportIntake intake = ReportIntake.EMPTY.fold(numbered(1, List.of(failed(NAV, 0, "disk full"),
                failed(NAV, 1, "timeout"), failed(DELETE, 0, "no input"), failed(NAV, 0, "metastore down"))));

        assertThat(intake.failuresOf(NAV)).containsExactly(
                "worker: legacy refine " + H0 + " FAILED: metastore down",
                "worker: legacy refine " + H0.plusHours(1) + " FAILED: timeout");
        assertThat(intake.failuresOf(DELETE)).containsExactly("worker: legacy refine " + H0 + " FAILED: no input");

        ReportIntake recovered = intake.fold(numbered(5, List.of(ok(NAV, 0), ok(NAV, 1))));
        assertThat(recovered.failuresOf(NAV)).isEmpty();
        assertThat(recovered.failures()).containsOnlyKeys(DELETE);
        assertThat(recovered.failuresOf("mediawiki.unknown")).isEmpty();
    }

    @Test
    void theFailuresKeptPerStreamAreTheLatestOnesUpToTheBound() {
        int many = ReportIntake.FAILURES_PER_STREAM + 50;
        List<Report> failures = new java.util.ArrayList<>();
        for (int h = 0; h < many; h++) {
            failures.add(failed(NAV, h, "timeout " + h));
        }
        failures.add(failed(DELETE, 0, "no input"));

        ReportIntake intake = ReportIntake.EMPTY.fold(numbered(1, failures));

        assertThat(intake.failuresOf(NAV)).hasSize(ReportIntake.FAILURES_PER_STREAM)
                .anySatisfy(line -> assertThat(line).endsWith("FAILED: timeout " + (many - 1)))
                .noneSatisfy(line -> assertThat(line).endsWith("FAILED: timeout 49"));
        assertThat(intake.failuresOf(DELETE)).as("other streams keep theirs").hasSize(1);
        ReportIntake again = intake.fold(numbered(many + 2, List.of(failed(NAV, 0, "disk full"))));
        assertThat(again.failuresOf(NAV)).hasSize(ReportIntake.FAILURES_PER_STREAM)
                .anySatisfy(line -> assertThat(line).endsWith("FAILED: disk full"))
                .noneSatisfy(line -> assertThat(line).endsWith("FAILED: timeout 50"));
    }
}
