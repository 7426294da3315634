package dev.cutover.controller.routelog;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10: epochs are never reused, whatever the journal went through. */
class JournalEpochTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    @TempDir
    Path dir;

    private static StreamState shadow(String stream) {
        return StreamState.initial(stream, "legacy", T0);
    }

    private static StreamState cutover(String stream) {
        return shadow(stream).withRoutesFrom(H, "airflow", false, H).withPhase(Phase.CUTOVER, T0);
    }

    /** A version 1 journal line (checksum, JSON): what the controller wrote before issue 10. */
    private static String v1Line(RouteLog.Batch batch) throws IOException {
        String json = JournalCodec.JSON.writeValueAsString(batch);
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue()) + " " + json + "\n";
    }

    @Test
    void refusesABatchThatWouldLowerAStreamsEpochAndStoresNothing() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("s")), List.of(), List.of()));
            byte[] before = Files.readAllBytes(dir.resolve(JournalRouteLog.FILE_NAME));

            assertThatThrownBy(() -> log.append(TestBatches.batch(List.of(shadow("s")), List.of(), List.of())))
                    .isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("the epoch of stream s goes back from 2 to 1");
            assertThat(Files.readAllBytes(dir.resolve(JournalRouteLog.FILE_NAME))).isEqualTo(before);
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().routes().get("s").epoch()).isEqualTo(2);
        }
    }

    @Test
    void refusesToStartFromAJournalInWhichAStreamsEpochGoesBack() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        String first = v1Line(TestBatches.batch(List.of(cutover("s")), List.of(), List.of()));
        Files.writeString(journal, first + v1Line(TestBatches.batch(List.of(shadow("s")), List.of(), List.of())));
        byte[] before = Files.readAllBytes(journal);

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("offset " + first.getBytes(StandardCharsets.UTF_8).length)
                    .hasMessageContaining("the epoch of stream s goes back from 2 to 1");
        }
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    @Test
    void theHighestEpochOfEveryStreamSurvivesCompaction() {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(cutover("s"), shadow("t")), List.of(), List.of()));
            log.compact();
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().epochs()).containsEntry("s", 2L).containsEntry("t", 1L);
        }
    }

    @Test
    void aStreamsHighestEpochOutlivesARepairThatCutItsRecordsOff() throws IOException {
        Path journal = dir.resolve(JournalRouteLog.FILE_NAME);
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(shadow("s")), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(shadow("t")), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(cutover("t")), List.of(), List.of()));
        }
        long second = JournalFiles.recordOffsets(journal).get(1);
        JournalFiles.flipByte(journal, JournalFiles.middleOf(journal, second));

        JournalTool.Repaired repaired = JournalTool.repair(dir, second, Clock.systemUTC());

        assertThat(repaired.carriedEpochs()).containsExactlyEntriesOf(java.util.Map.of("t", 2L));
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).containsOnlyKeys("s");
            assertThat(restored.epochs()).as("t's records were cut off, its epoch 2 was not")
                    .containsEntry("t", 2L).containsEntry("s", 1L);
        }
    }
}
