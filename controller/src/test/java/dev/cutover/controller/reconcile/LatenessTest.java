package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.controller.routelog.TestReports;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When the new job's hour is LATE, and when its refines are too slow: pure judgements over observations. */
class LatenessTest {

    private static final CutoverSettings S = CutoverSettings.DEFAULTS;
    private static final String NAV = "eventlogging_NavigationTiming";
    private static final Hour H = Hour.parse("2026-11-22T07");
    private static final Instant END = H.endInstant();
    private static final TimelinessPolicy MARGIN = new TimelinessPolicy(Optional.of(Duration.ofMinutes(30)),
            Optional.empty(), Optional.empty(), 24);
    private static final TimelinessPolicy SLO = new TimelinessPolicy(Optional.empty(),
            Optional.of(Duration.ofHours(3)), Optional.empty(), 24);
    private static final TimelinessPolicy BOTH = new TimelinessPolicy(MARGIN.margin(), SLO.slo(), Optional.empty(),
            24);

    private static Commit commit(String job, String database, Instant landed, Long durationMs) {
        return new Commit(job, database, 1, WorkAction.REFINE, 5L, "fp", 1, landed, durationMs);
    }

    /** The hour with the new job's commit in event_airflow and the legacy job's in event (null: none). */
    private static HourObservation landed(Instant airflow, Instant legacy) {
        Map<String, Commit> commits = new HashMap<>();
        if (airflow != null) {
            commits.put("event_airflow", commit("airflow", "event_airflow", airflow, 1000L));
        }
        if (legacy != null) {
            commits.put("event", commit("legacy", "event", legacy, 1000L));
        }
        return new HourObservation(commits, Optional.empty());
    }

    private static Optional<String> late(HourObservation observed, TimelinessPolicy policy) {
        return Lateness.late(H, observed, "event_airflow", "event", S, policy);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-22T" + time + ":00Z");
    }

    @Test
    void anHourLandingMoreThanTheMarginAfterLegacyIsLate() {
        assertThat(late(landed(at("08:41"), at("08:00")), MARGIN))
                .contains("airflow landed 2026-11-22T08:41:00Z, 41 min after legacy (margin 30m)");
        assertThat(late(landed(at("08:30"), at("08:00")), MARGIN)).as("exactly the margin").isEmpty();
        assertThat(late(landed(at("07:55"), at("08:00")), MARGIN)).as("ahead of legacy").isEmpty();
    }

    @Test
    void theMarginNeedsBothLandings() {
        assertThat(late(landed(at("23:00"), null), MARGIN)).as("legacy has not landed: the new job is ahead")
                .isEmpty();
    }

    @Test
    void anHourIsNotJudgedBeforeTheNewJobsCommitHasLanded() {
        assertThat(late(landed(null, at("08:00")), BOTH)).isEmpty();
        HourObservation legacyInItsPlace = new HourObservation(Map.of("event_airflow",
                commit("legacy", "event_airflow", at("08:00"), 1L)), Optional.empty());
        assertThat(late(legacyInItsPlace, BOTH)).as("another job's commit is not the new job's landing").isEmpty();
    }

    @Test
    void anHourLandingAfterTheSloWhileLegacyMetItIsLate() {
        assertThat(late(landed(at("11:10"), at("09:00")), SLO)).contains("airflow landed 2026-11-22T11:10:00Z,"
                + " 3 h 10 min after the hour ended (slo 3h, which legacy met at 2026-11-22T09:00:00Z)");
        assertThat(late(landed(END.plus(Duration.ofHours(3)), at("09:00")), SLO)).as("exactly the SLO").isEmpty();
    }

    @Test
    void anHourBothJobsLandAfterTheSloIsNotHeldAgainstTheNewJob() {
        assertThat(late(landed(at("11:40"), at("11:30")), SLO)).as("a backfill: legacy missed it too").isEmpty();
        assertThat(late(landed(at("11:40"), null), SLO)).as("legacy has not landed by then either").isEmpty();
        assertThat(late(landed(at("11:40"), at("11:30")), BOTH)).as("and within the margin of legacy").isEmpty();
    }

    @Test
    void bothReasonsAreGivenTogether() {
        assertThat(late(landed(at("12:00"), at("09:00")), BOTH)).contains("airflow landed 2026-11-22T12:00:00Z,"
                + " 3 h after legacy (margin 30m) and 4 h after the hour ended (slo 3h, which legacy met at"
                + " 2026-11-22T09:00:00Z)");
    }

    @Test
    void nothingIsLateWithoutAMarginOrAnSlo() {
        assertThat(late(landed(at("23:00"), at("08:00")), TimelinessPolicy.off(24))).isEmpty();
    }

    @Test
    void aRerunKeepsTheFirstLandingSoAnHourOnTimeStaysOnTime() {
        StreamState state = StreamState.initial(NAV, "legacy", at("00:00"));
        StreamObservations observed = StreamObservations.none(NAV)
                .apply(refined(1, at("08:00"), "legacy", "event"))
                .apply(refined(2, at("08:10"), "airflow", "event_airflow"))
                .apply(refined(3, at("13:00"), "airflow", "event_airflow"));

        assertThat(observed.at(H).landing("airflow", "event_airflow")).contains(at("08:10"));
        assertThat(Lateness.late(state, observed, H, S, BOTH)).isEmpty();

        StreamObservations replaced = observed.apply(refined(4, at("13:05"), "legacy", "event_airflow"))
                .apply(refined(5, at("13:30"), "airflow", "event_airflow"));
        assertThat(replaced.at(H).landing("airflow", "event_airflow")).as("another job's commit came between")
                .contains(at("13:30"));
        assertThat(Lateness.late(state, replaced, H, S, BOTH)).get().asString()
                .startsWith("airflow landed 2026-11-22T13:30:00Z, 5 h 30 min after legacy");
    }

    @Test
    void lateHoursAreJudgedUnderEachHoursRoutesFromTheGivenHourOn() {
        StreamState state = StreamState.initial(NAV, "legacy", at("00:00"));
        StreamObservations observed = StreamObservations.none(NAV);
        long seq = 0;
        for (int i = 0; i < 4; i++) {
            Hour hour = H.plusHours(i);
            observed = observed.apply(refined(++seq, hour.endInstant(), "legacy", "event", hour))
                    .apply(refined(++seq, hour.endInstant().plus(Duration.ofMinutes(i % 2 == 0 ? 5 : 50)), "airflow",
                            "event_airflow", hour));
        }

        assertThat(Lateness.lateHours(state, observed, S, MARGIN, H)).containsOnlyKeys(H.plusHours(1),
                H.plusHours(3));
        assertThat(Lateness.lateHours(state, observed, S, MARGIN, H.plusHours(2))).containsOnlyKeys(H.plusHours(3));
    }

    @Test
    void refinesTooSlowOverTheWindowAreReportedWithTheRatio() {
        TimelinessPolicy ratio = new TimelinessPolicy(Optional.empty(), Optional.empty(), Optional.of(1.5), 3);
        List<Lateness.HourDurations> hours = List.of(
                new Lateness.HourDurations(H, 100_000, 1_000),
                new Lateness.HourDurations(H.plusHours(1), 2_000, 1_000),
                new Lateness.HourDurations(H.plusHours(2), 1_000, 1_000),
                new Lateness.HourDurations(H.plusHours(3), 1_000, 1_000));

        assertThat(Lateness.tooSlow(hours, S, ratio)).as("the slow hour is outside the 3-hour window").isEmpty();
        assertThat(Lateness.tooSlow(hours.subList(0, 3), S, ratio)).contains("airflow's refines took 34.33x"
                + " legacy's over the 3 hours up to 2026-11-22T09 (103000 ms against 3000 ms in 3 hours both"
                + " refined; at most 1.5x)");
        assertThat(Lateness.tooSlow(List.of(new Lateness.HourDurations(H, 1_500, 1_000)), S, ratio))
                .as("exactly the ratio").isEmpty();
        assertThat(Lateness.tooSlow(List.of(), S, ratio)).as("nothing to compare").isEmpty();
        assertThat(Lateness.tooSlow(hours, S, TimelinessPolicy.off(3))).as("no ratio set").isEmpty();
    }

    @Test
    void theRatioReadsTheRefineTimesOfBothJobsCommitsUnderTheRoutes() {
        StreamState state = StreamState.initial(NAV, "legacy", at("00:00"));
        TimelinessPolicy ratio = new TimelinessPolicy(Optional.empty(), Optional.empty(), Optional.of(1.5), 24);
        StreamObservations observed = StreamObservations.none(NAV)
                .apply(new ReportRecord(1, at("08:00"), refine("legacy", "event", H, 1_000L)))
                .apply(new ReportRecord(2, at("08:05"), refine("airflow", "event_airflow", H, 4_000L)))
                .apply(new ReportRecord(3, at("09:00"), refine("legacy", "event", H.next(), 1_000L)))
                .apply(new ReportRecord(4, at("09:05"), refine("airflow", "event_airflow", H.next(), null)))
                .apply(new ReportRecord(5, at("10:00"), TestReports.ok(null, WorkAction.COPY, "airflow", NAV,
                        H.plusHours(2), "event_airflow", 1, null)))
                .apply(new ReportRecord(6, at("10:00"), refine("legacy", "event", H.plusHours(2), 1_000L)));

        assertThat(Lateness.durations(state, observed, S, H)).as("an unmeasured refine and a copy are left out")
                .containsExactly(new Lateness.HourDurations(H, 4_000, 1_000));
        assertThat(Lateness.tooSlow(state, observed, S, ratio, H)).get().asString()
                .startsWith("airflow's refines took 4.00x legacy's");
        assertThat(Lateness.tooSlow(state, observed, S, ratio, H.next())).as("from a later hour on").isEmpty();
    }

    @Test
    void lagsReadTheWayPeopleWriteThem() {
        assertThat(Lateness.human(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Lateness.human(Duration.ofMinutes(41))).isEqualTo("41 min");
        assertThat(Lateness.human(Duration.ofMinutes(190))).isEqualTo("3 h 10 min");
        assertThat(Lateness.compact(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Lateness.compact(Duration.ZERO)).isEqualTo("0s");
    }

    private static RefineReport refine(String job, String database, Hour hour, Long durationMs) {
        return new RefineReport(null, job, NAV, hour, database, "navigationtiming", 1, ReportStatus.OK, null,
                durationMs, 5L, "c", "fp", 1L);
    }

    private static ReportRecord refined(long seq, Instant at, String job, String database) {
        return refined(seq, at, job, database, H);
    }

    private static ReportRecord refined(long seq, Instant at, String job, String database, Hour hour) {
        return new ReportRecord(seq, at, refine(job, database, hour, 1_000L));
    }
}
