package dev.cutover.controller.routelog;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10, finding 3: only an incomplete last record is a crash mid-write; any other damage stops the start with
 * the file, the offset and the way out, and changes nothing.
 */
class JournalDamageTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve(JournalRouteLog.FILE_NAME);
    }

    private static StreamState cutover(String stream) {
        return StreamState.initial(stream, "legacy", T0).withRoutesFrom(H, "airflow", false, H)
                .withPhase(Phase.CUTOVER, T0);
    }

    private static RouteLog.Batch event(long seq, String what) {
        return TestBatches.batch(List.of(), List.of(new AuditEvent(seq, T0, "s", "controller", what, "because",
                "rev-1")), List.of());
    }

    /** Four records: stream a, stream b in cutover (epoch 2), two audit events. */
    private void fourRecords() {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(StreamState.initial("a", "legacy", T0)), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(cutover("b")), List.of(), List.of()));
            log.append(event(1, "one"));
            log.append(event(2, "two"));
        }
    }

    private void assertStartRefusedAt(long offset) throws IOException {
        byte[] before = Files.readAllBytes(journal());
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThatThrownBy(log::restore).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining(journal().toString())
                    .hasMessageContaining("offset " + offset)
                    .hasMessageContaining("./cutover journal verify --state-dir " + dir)
                    .hasMessageContaining("./cutover journal repair --state-dir " + dir + " --truncate-at " + offset)
                    .hasMessageContaining("backup");
        }
        assertThat(Files.readAllBytes(journal())).as("the journal is unchanged").isEqualTo(before);
        assertThat(JournalFiles.siblings(journal(), "routes.journal.torn")).isEmpty();
    }

    @Test
    void aFlippedByteInTheMiddleOfTheJournalStopsTheStartNamingTheFileTheOffsetAndTheWayOut() throws IOException {
        fourRecords();
        long second = JournalFiles.recordOffsets(journal()).get(1);
        JournalFiles.flipByte(journal(), JournalFiles.middleOf(journal(), second));

        assertStartRefusedAt(second);
    }

    @Test
    void aFlippedByteInTheLastRecordIsDamageNotATornWrite() throws IOException {
        fourRecords();
        long last = JournalFiles.recordOffsets(journal()).get(3);
        JournalFiles.flipByte(journal(), JournalFiles.middleOf(journal(), last));

        assertStartRefusedAt(last);
    }

    @Test
    void aFlippedByteInACompactedJournalStopsTheStartInsteadOfEmptyingIt() throws IOException {
        fourRecords();
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.compact();
        }
        long first = JournalFiles.recordOffsets(journal()).get(0);
        JournalFiles.flipByte(journal(), JournalFiles.middleOf(journal(), first));

        assertStartRefusedAt(first);
    }

    @Test
    void aDamagedLineEndOfTheLastRecordIsDamageNotATornWrite() throws IOException {
        fourRecords();
        long last = JournalFiles.recordOffsets(journal()).get(3);
        JournalFiles.flipByte(journal(), Files.size(journal()) - 1);

        assertStartRefusedAt(last);
    }

    @Test
    void anIncompleteLastRecordIsMovedAsideToACopyBeforeItIsCutOff() throws IOException {
        fourRecords();
        byte[] original = Files.readAllBytes(journal());
        long last = JournalFiles.recordOffsets(journal()).get(3);
        long torn = last + (original.length - last) / 2;
        try (FileChannel channel = FileChannel.open(journal(), StandardOpenOption.WRITE)) {
            channel.truncate(torn);
        }
        byte[] tornFile = Files.readAllBytes(journal());

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.routes()).containsOnlyKeys("a", "b");
            assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("one");
        }
        assertThat(Files.size(journal())).as("cut at the start of the incomplete record").isEqualTo(last);
        List<Path> copies = JournalFiles.siblings(journal(), "routes.journal.torn-");
        assertThat(copies).hasSize(1);
        assertThat(Files.readAllBytes(copies.get(0))).as("the copy is the file as it was").isEqualTo(tornFile);
    }

    @Test
    void aJournalThatEndsInAHalfWrittenAppendStillStarts() throws IOException {
        fourRecords();
        long size = Files.size(journal());
        Files.write(journal(), "0000002a 1f2e3d4c {\"routes\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what).containsExactly("one", "two");
        }
        assertThat(Files.size(journal())).isEqualTo(size);
        assertThat(JournalFiles.siblings(journal(), "routes.journal.torn-")).hasSize(1);
    }
}
