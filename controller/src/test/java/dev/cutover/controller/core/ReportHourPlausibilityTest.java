package dev.cutover.controller.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** F7: the controller takes in reports only for hours that can have been refined: from 1970 to the next hour. */
class ReportHourPlausibilityTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:17:00Z");
    private static final String STREAM = "eventlogging_NavigationTiming";

    /** The active controller managing STREAM (a report about an unmanaged stream is refused for that alone). */
    private static ControllerState active() {
        return CoreFixtures.active(MigrationPlan.defaults(List.of(STREAM)),
                CoreFixtures.config().managed(STREAM).snapshot("v1"));
    }

    private static Report refine(Hour hour) {
        return new RefineReport(null, "legacy", STREAM, hour, "event", "navigationtiming", 1, ReportStatus.OK, null,
                5L, 10L, "c1", "fp", 100L);
    }

    private static Optional<DomainError> refusal(Hour hour) {
        Step step = Controller.step(active(), new Event.ReportsReceived(NOW, List.of(refine(hour)), Reply.NONE));
        return step.effects().stream().filter(Effect.Refuse.class::isInstance)
                .map(e -> ((Effect.Refuse) e).error()).findFirst();
    }

    @Test
    void aReportForAnHourAfterTheNextOneIsRefusedNamingTheHourAndTheLatestAllowed() {
        Optional<DomainError> refused = refusal(Hour.of(2026, 11, 25, 12));

        assertThat(refused).hasValueSatisfying(error -> {
            assertThat(error).isInstanceOf(DomainError.BadRequest.class);
            assertThat(((DomainError.BadRequest) error).problems()).singleElement().asString()
                    .startsWith("report 0: ").contains("2026-11-25T12", "2026-11-25T11", "clock");
        });
        assertThat(refusal(Hour.of(9999, 12, 31, 23))).isPresent();
    }

    @Test
    void aReportForAnHourBeforeTheBeginningOfRoutingIsRefused() {
        Optional<DomainError> refused = refusal(Hour.of(1969, 12, 31, 23));

        assertThat(refused).hasValueSatisfying(error -> assertThat(((DomainError.BadRequest) error).problems())
                .singleElement().asString().contains("1969-12-31T23", "1970-01-01T00"));
        assertThat(refusal(Hour.of(0, 1, 1, 0))).isPresent();
    }

    @Test
    void reportsFromTheBeginningUpToTheHourAfterTheCurrentOneAreAccepted() {
        for (Hour hour : List.of(Hour.of(1970, 1, 1, 0), Hour.of(2026, 11, 25, 10), Hour.of(2026, 11, 25, 11))) {
            assertThat(refusal(hour)).as(hour.toString()).isEmpty();
        }
    }

    @Test
    void aReportFromTheReportsTopicWithAnImplausibleHourIsSkippedWithAWarning() {
        ControllerState state = active();
        List<ReportRecord> records = List.of(new ReportRecord(1, NOW, refine(Hour.of(2026, 11, 25, 10))),
                new ReportRecord(2, NOW, refine(Hour.of(2027, 1, 1, 0))));

        Step step = Controller.step(state, new Event.ReportsConsumed(records));

        assertThat(step.effects()).filteredOn(Effect.Log.class::isInstance).map(Object::toString)
                .anySatisfy(line -> assertThat(line).contains("report 2 skipped", "2027-01-01T00"));
        assertThat(step.next().reports().lastSeq()).isEqualTo(2);
        assertThat(step.next().observed(STREAM).hours()).containsOnlyKeys(Hour.of(2026, 11, 25, 10));
    }
}
