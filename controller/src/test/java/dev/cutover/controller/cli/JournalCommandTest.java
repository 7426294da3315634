package dev.cutover.controller.cli;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.routelog.TestBatches;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./cutover journal verify|repair} on journals written by the controller and then damaged. */
class JournalCommandTest {

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

    private static AuditEvent event(long seq, String what) {
        return new AuditEvent(seq, T0, "b", "controller", what, "because", "rev-1");
    }

    /** Three records: stream a (epoch 1); stream b (epoch 1); stream b in cutover (epoch 2) with an event. */
    private List<Long> threeRecords() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            log.restore();
            log.append(TestBatches.batch(List.of(StreamState.initial("a", "legacy", T0)), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(StreamState.initial("b", "legacy", T0)), List.of(), List.of()));
            log.append(TestBatches.batch(List.of(cutover("b")), List.of(event(1, "CUTOVER")), List.of()));
        }
        return recordOffsets();
    }

    private List<Long> recordOffsets() throws IOException {
        byte[] content = Files.readAllBytes(journal());
        List<Long> starts = new java.util.ArrayList<>();
        for (int i = 0, start = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                if (content[start] != 'c') {
                    starts.add((long) start);
                }
                start = i + 1;
            }
        }
        return starts;
    }

    private void flipByteInRecordAt(long start) throws IOException {
        byte[] content = Files.readAllBytes(journal());
        int at = (int) start + 30;
        content[at] = (byte) (content[at] == 'x' ? 'y' : 'x');
        Files.write(journal(), content);
    }

    private List<Path> copies(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void verifySummarisesAGoodJournalAndExits0() throws IOException {
        threeRecords();

        CliRun r = CliRun.of("journal", "verify", "--state-dir", dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(journal().toString()).contains("good").contains("3 records")
                .contains("2 streams").contains("1 audit events").contains("a=1").contains("b=2");
    }

    @Test
    void verifyNamesTheSameOffsetAndProblemAsTheRefusedStartAndExits2() throws IOException {
        long second = threeRecords().get(1);
        flipByteInRecordAt(second);
        byte[] damaged = Files.readAllBytes(journal());
        String refusal;
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            refusal = org.assertj.core.api.Assertions.catchThrowableOfType(log::restore, RouteLogException.class)
                    .getMessage();
        }
        assertThat(refusal).contains("offset " + second);

        CliRun r = CliRun.of("journal", "verify", "--state-dir", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains(journal().toString()).contains("damaged at offset " + second)
                .contains("checksum").contains("1 good record").contains("b=2")
                .contains("--truncate-at " + second);
        assertThat(Files.readAllBytes(journal())).as("verify changes nothing").isEqualTo(damaged);
    }

    @Test
    void repairWithoutAnOffsetOnlySaysWhereItWouldCut() throws IOException {
        long second = threeRecords().get(1);
        flipByteInRecordAt(second);
        byte[] damaged = Files.readAllBytes(journal());

        CliRun r = CliRun.of("journal", "repair", "--state-dir", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("--truncate-at " + second);
        assertThat(Files.readAllBytes(journal())).isEqualTo(damaged);
        assertThat(copies("routes.journal.repair-")).isEmpty();
    }

    @Test
    void repairKeepsACopyOfTheOriginalCutsAtTheOffsetAndKeepsTheHighestEpochOfWhatItCut() throws IOException {
        long second = threeRecords().get(1);
        flipByteInRecordAt(second);
        byte[] damaged = Files.readAllBytes(journal());

        CliRun r = CliRun.of("journal", "repair", "--state-dir", dir.toString(), "--truncate-at", Long.toString(second));

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<Path> copies = copies("routes.journal.repair-");
        assertThat(copies).hasSize(1);
        assertThat(Files.readAllBytes(copies.get(0))).as("the original, byte for byte").isEqualTo(damaged);
        assertThat(r.out()).contains(copies.get(0).toString()).contains("b=2");
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().routes()).as("only what was before the damage").containsOnlyKeys("a");
        }
        assertThat(CliRun.of("journal", "verify", "--state-dir", dir.toString()).out()).contains("b=2");
    }

    @Test
    void repairRefusesAnOffsetThatIsNotWhereARecordStarts() throws IOException {
        long second = threeRecords().get(1);
        flipByteInRecordAt(second);
        byte[] damaged = Files.readAllBytes(journal());

        CliRun r = CliRun.of("journal", "repair", "--state-dir", dir.toString(), "--truncate-at", Long.toString(second + 5));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("offset " + (second + 5)).contains("not where a record starts")
                .contains("damaged at offset " + second);
        assertThat(Files.readAllBytes(journal())).isEqualTo(damaged);
    }

    @Test
    void repairRefusesWhileAControllerHoldsTheStateDirectory() throws IOException {
        long second = threeRecords().get(1);
        flipByteInRecordAt(second);
        try (var lock = dev.cutover.controller.routelog.StateDirectoryLock.acquire(dir, "controller",
                java.time.Clock.systemUTC())) {
            CliRun r = CliRun.of("journal", "repair", "--state-dir", dir.toString(), "--truncate-at", Long.toString(second));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("in use by").contains("controller");
        }
        assertThatThrownBy(() -> new JournalRouteLog(dir).restore()).isInstanceOf(RouteLogException.class);
    }
}
