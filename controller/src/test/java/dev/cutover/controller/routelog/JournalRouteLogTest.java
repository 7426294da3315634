package dev.cutover.controller.routelog;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalRouteLogTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    @TempDir
    Path dir;

    private static StreamState cutover(String stream) {
        return StreamState.initial(stream, "legacy", T0).withRoutesFrom(H, "airflow", false, H)
                .withPhase(Phase.CUTOVER, T0);
    }

    private static ReportRecord report(long seq, WorkAction action, String database, Hour hour, Verdict verdict) {
        return new ReportRecord(seq, T0, TestReports.ok(null, action, "airflow", "s", hour, database, 2, verdict));
    }

    private static AuditEvent event(long seq, String what) {
        return new AuditEvent(seq, T0, "s", "controller", what, "because", "rev-1");
    }

    @Test
    void restoresRoutesEventsAndReportsAfterReopening() {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().routes()).isEmpty();
            log.append(TestBatches.batch(List.of(StreamState.initial("s", "legacy", T0)), List.of(event(1, "managed")),
                    List.of()));
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(event(2, "CUTOVER")),
                    List.of(report(1, WorkAction.REFINE, "event", H, null))));
        }

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).containsOnlyKeys("s");
            assertThat(restored.routes().get("s")).isEqualTo(cutover("s"));
            assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("managed", "CUTOVER");
            assertThat(restored.reports()).containsExactly(report(1, WorkAction.REFINE, "event", H, null));
        }
    }

    @Test
    void keepsTheOverrideRevisionOfAuditEventsAndReadsEventsWrittenBeforeItExisted() throws IOException {
        String old = "{\"routes\":[],\"events\":[{\"seq\":1,\"at\":\"2026-11-23T00:00:00Z\",\"stream\":\"s\","
                + "\"who\":\"controller\",\"what\":\"CUTOVER\",\"why\":\"flag\","
                + "\"config_revision\":\"sha256:01+overrides.r3\"}],\"reports\":[]}";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(old.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(JournalRouteLog.FILE_NAME),
                java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + " " + old + "\n");
        AuditEvent accepted = new AuditEvent(2, T0, null, "erin", "override layer accepted at revision 0", "T9",
                "sha256:01+overrides.r0", 0L, true);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).containsExactly(
                    new AuditEvent(1, T0, "s", "controller", "CUTOVER", "flag", "sha256:01+overrides.r3"));
            log.append(TestBatches.batch(List.of(), List.of(accepted), List.of()));
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            List<AuditEvent> events = log.restore().events();
            assertThat(events.get(0).overrideRevision()).as("an old event has none").isNull();
            assertThat(events.get(1)).isEqualTo(accepted);
            assertThat(events.get(1).acceptsOverrideRevision()).isTrue();
        }
    }

    @Test
    void cutsOffAnIncompleteLastEntryAndKeepsEverythingBeforeIt() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(), List.of()));
        }
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        long goodSize = Files.size(journal);
        Files.writeString(journal, "000001f4 0badc0de {\"routes\":[{\"stream\":", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().routes().get("s")).isEqualTo(cutover("s"));
            log.append(TestBatches.batch(List.of(), List.of(event(1, "after")), List.of()));
        }
        assertThat(Files.size(journal)).isGreaterThan(goodSize);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what).containsExactly("after");
        }
    }

    @Test
    void refusesACorruptEntryThatIsFollowedByGoodOnes() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("a")), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(cutover("b")), List.of(), List.of()));
        }
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        String content = Files.readString(journal);
        Files.writeString(journal, content.replaceFirst("\"a\"", "\"x\""));

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("damaged at offset " + JournalFiles.recordOffsets(journal).get(0))
                    .hasMessageContaining("checksum").hasMessageContaining("backup");
        }
    }

    @Test
    void compactionKeepsTheLatestStatePerStreamAndTheNewestReportPerPartition() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(StreamState.initial("s", "legacy", T0)), List.of(event(1, "one")),
                    List.of(report(1, WorkAction.REFINE, "event_airflow", H, null),
                            report(2, WorkAction.COMPARE, null, H, Verdict.FAIL),
                            report(3, WorkAction.REFINE, "event_airflow", H.next(), null))));
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(event(2, "two")),
                    List.of(report(4, WorkAction.REFINE, "event_airflow", H, null),
                            report(5, WorkAction.COMPARE, null, H, Verdict.PASS),
                            report(6, WorkAction.DROP, "event_airflow", H.next(), null))));
            log.compact();
            log.append(TestBatches.batch(List.of(), List.of(event(3, "three")), List.of()));
        }
        assertThat(JournalFiles.recordOffsets(dir.resolve(JournalRouteLog.FILE_NAME)))
                .as("the snapshot's streams, events and reports, then the append").hasSize(4);

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes().get("s")).isEqualTo(cutover("s"));
            assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("one", "two", "three");
            assertThat(restored.reports()).extracting(ReportRecord::seq).containsExactly(4L, 5L);
        }
    }

    @Test
    void aRerunsFirstLandingSurvivesCompactionAndReportsAsReceivedKeepTheirShape() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        ReportRecord first = new ReportRecord(1, T0, TestReports.ok(null, WorkAction.REFINE, "airflow", "s", H,
                "event_airflow", 2, null));
        ReportRecord rerun = new ReportRecord(2, T0.plusSeconds(5400), first.report());
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(), List.of(), List.of(first, rerun)));
        }
        assertThat(Files.readString(journal)).as("a report as received is stored as before: no landed_at")
                .doesNotContain("landed_at");

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.compact();
        }
        assertThat(Files.readString(journal)).contains("\"landed_at\":\"" + T0 + "\"");
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            List<ReportRecord> restored = log.restore().reports();
            assertThat(restored).singleElement().isEqualTo(rerun.withLandedAt(T0));
            assertThat(Observations.fold(restored).of("s").at(H).landing("airflow", "event_airflow")).contains(T0);
        }
    }

    @Test
    void compactsByItselfEveryConfiguredNumberOfAppends() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir, 3)) {
            log.restore();
            for (int i = 0; i < 7; i++) {
                log.append(TestBatches.batch(List.of(cutover("s")), List.of(), List.of()));
            }
        }
        assertThat(JournalFiles.recordOffsets(dir.resolve(JournalRouteLog.FILE_NAME)))
                .as("compacted after the 6th append: the snapshot and the 7th append").hasSize(2);
        try (JournalRouteLog log = new JournalRouteLog(dir, 3)) {
            assertThat(log.restore().routes()).containsOnlyKeys("s");
        }
    }

    @Test
    void aStartCompactsOnlyWhenAQuarterOfTheJournalIsSuperseded() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            for (int i = 0; i < 8; i++) {
                log.append(TestBatches.batch(List.of(), List.of(), List.of(report(i + 1, WorkAction.REFINE,
                        "event_airflow", H.plusHours(i), null))));
            }
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(event(1, "one")), List.of()));
        }
        byte[] clean = Files.readAllBytes(journal);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            assertThat(log.compactAtStart()).as("nothing superseded: the same state would be written again").isFalse();
        }
        assertThat(Files.readAllBytes(journal)).isEqualTo(clean);

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            for (int i = 0; i < 4; i++) {
                log.append(TestBatches.batch(List.of(), List.of(), List.of(report(20 + i, WorkAction.REFINE,
                        "event_airflow", H.plusHours(i), null))));
            }
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            assertThat(log.compactAtStart()).as("4 of 14 records superseded").isTrue();
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.reports()).extracting(ReportRecord::seq)
                    .containsExactlyInAnyOrder(20L, 21L, 22L, 23L, 5L, 6L, 7L, 8L);
            assertThat(restored.routes()).containsOnlyKeys("s");
        }
    }

    @Test
    void compactionKeepsThePreviousJournalUntilTheNextStartHasReadTheNewOne() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        Path previous = dir.resolve("routes.journal.previous");
        byte[] before;
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(event(1, "one")), List.of()));
            log.append(TestBatches.batch(List.of(), List.of(event(2, "two")), List.of()));
            before = Files.readAllBytes(journal);
            log.compact();
        }
        assertThat(Files.readAllBytes(previous)).as("the journal before the compaction").isEqualTo(before);
        assertThat(dir.resolve("routes.journal.compacting")).doesNotExist();

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what).containsExactly("one", "two");
        }
        assertThat(previous).as("the compacted journal was read at a start").doesNotExist();
    }

    @Test
    void aCompactionThatCannotWriteLeavesTheJournalAsItWasAndAppendsGoOn() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            Files.createDirectories(dir.resolve("routes.journal.compacting").resolve("in-the-way"));
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(event(1, "one")), List.of()));
            byte[] before = Files.readAllBytes(journal);
            assertThatThrownBy(log::compact).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("the journal is unchanged");
            assertThat(Files.readAllBytes(journal)).isEqualTo(before);
            log.append(TestBatches.batch(List.of(), List.of(event(2, "two")), List.of()));
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what).containsExactly("one", "two");
        }
    }

    @Test
    void aStartDoesNotBeginEmptyWhenTheJournalWasMovedAwayButItsPreviousCopyIsThere() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(), List.of()));
            log.compact();
        }
        Files.delete(dir.resolve(JournalRouteLog.FILE_NAME));
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("is missing but routes.journal.previous").hasMessageContaining("rename");
        }
    }

    @Test
    void appendingBeforeRestoringIsAProgrammingError() {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThatThrownBy(() -> log.append(TestBatches.batch(List.of(cutover("s")), List.of(), List.of())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("restore()");
        }
    }
}
