package dev.cutover.controller.model;

import dev.cutover.controller.routelog.TestReports;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore's bulk fold gives what folding the reports one by one gives, on random report histories (two jobs, reports
 * received a minute apart, so landings and reruns differ).
 */
class ObservationsFoldTest {

    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T00");
    private static final List<String> STREAMS = List.of("a", "b", "c");
    private static final List<String> JOBS = List.of("airflow", "legacy");
    private static final List<String> DATABASES = List.of("event", "event_airflow", "event_systemd");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theBulkFoldEqualsApplyingEachReport(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ReportRecord> records = new ArrayList<>();
        for (int seq = 1; seq <= 400; seq++) {
            String stream = STREAMS.get(random.nextInt(STREAMS.size()));
            Hour hour = H.plusHours(random.nextInt(6));
            String database = DATABASES.get(random.nextInt(DATABASES.size()));
            WorkAction action = WorkAction.values()[random.nextInt(WorkAction.values().length)];
            var report = random.nextInt(8) == 0
                    ? new RefineReport(null, "airflow", stream, hour, database, stream, 1, ReportStatus.FAILED, "x",
                            1L, null, null, null, 1L)
                    : TestReports.ok(null, action, JOBS.get(random.nextInt(JOBS.size())), stream, hour, database,
                            1 + random.nextInt(3), random.nextBoolean() ? Verdict.PASS : Verdict.FAIL);
            records.add(new ReportRecord(seq, T.plusSeconds(60L * seq), report));
        }

        Observations oneByOne = Observations.EMPTY;
        for (ReportRecord record : records) {
            oneByOne = oneByOne.apply(record);
        }
        Observations folded = Observations.fold(records);

        assertThat(folded.lastSeq()).isEqualTo(oneByOne.lastSeq());
        for (String stream : STREAMS) {
            assertThat(folded.of(stream).hours()).as(stream).isEqualTo(oneByOne.of(stream).hours());
        }
        assertThat(oneByOne.streams().keySet()).containsAll(folded.streams().keySet());
    }
}
