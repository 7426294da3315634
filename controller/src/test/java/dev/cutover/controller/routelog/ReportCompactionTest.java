package dev.cutover.controller.routelog;

import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What a compaction keeps restores the same observations, landing times included. */
class ReportCompactionTest {

    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T00");
    private static final List<String> JOBS = List.of("airflow", "legacy");
    private static final List<String> DATABASES = List.of("event", "event_airflow", "event_systemd");

    private static ReportRecord record(long seq, Instant at, WorkAction action, String job, String database) {
        return new ReportRecord(seq, at, TestReports.ok(null, action, job, "s", H, database, 1, Verdict.PASS));
    }

    @Test
    void aRerunOfTheSameJobKeepsItsFirstLandingThroughCompactionAndTheNewestReport() {
        Instant first = T;
        List<ReportRecord> reports = List.of(record(1, first, WorkAction.REFINE, "airflow", "event_airflow"),
                record(2, T.plusSeconds(3600), WorkAction.REFINE, "airflow", "event_airflow"),
                record(3, T.plusSeconds(7200), WorkAction.COPY, "airflow", "event_airflow"));

        List<ReportRecord> kept = ReportCompaction.compact(reports);

        assertThat(kept).singleElement().satisfies(r -> {
            assertThat(r.seq()).isEqualTo(3);
            assertThat(r.receivedAt()).isEqualTo(T.plusSeconds(7200));
            assertThat(r.landedAt()).as("the first landing, carried").isEqualTo(first);
        });
        assertThat(Observations.fold(kept).of("s").at(H).landing("airflow", "event_airflow")).contains(first);
        assertThat(ReportCompaction.compact(kept)).as("compacting again changes nothing").isEqualTo(kept);
    }

    @Test
    void anotherJobsCommitLandsAnewAndNeedsNothingCarried() {
        List<ReportRecord> reports = List.of(record(1, T, WorkAction.REFINE, "airflow", "event"),
                record(2, T.plusSeconds(60), WorkAction.COPY, "legacy", "event"));

        List<ReportRecord> kept = ReportCompaction.compact(reports);

        assertThat(kept).singleElement().satisfies(r -> assertThat(r.landedAt()).isNull());
        assertThat(Observations.fold(kept).of("s").at(H).landing("legacy", "event")).contains(T.plusSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void restoringTheCompactedReportsGivesTheSameObservations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ReportRecord> all = new ArrayList<>();
        List<ReportRecord> journal = new ArrayList<>();
        for (int seq = 1; seq <= 300; seq++) {
            WorkAction action = WorkAction.values()[random.nextInt(WorkAction.values().length)];
            Report report = TestReports.ok(null, action, JOBS.get(random.nextInt(JOBS.size())), "s",
                    H.plusHours(random.nextInt(4)), DATABASES.get(random.nextInt(DATABASES.size())), 1,
                    random.nextBoolean() ? Verdict.PASS : Verdict.FAIL);
            ReportRecord record = new ReportRecord(seq, T.plusSeconds(60L * seq), report);
            all.add(record);
            journal.add(record);
            if (seq % 100 == 0) {
                // compactions in the middle, as a long-running journal has them
                journal = new ArrayList<>(ReportCompaction.compact(journal));
                assertThat(Observations.fold(journal).of("s").hours()).as("after " + seq)
                        .isEqualTo(Observations.fold(all).of("s").hours());
            }
        }

        assertThat(Observations.fold(ReportCompaction.compact(journal)).of("s").hours())
                .isEqualTo(Observations.fold(all).of("s").hours());
    }
}
