package dev.cutover.controller.routelog;

import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10, finding 2: an append that fails half-way (a full disk) leaves the journal as it was. */
class JournalAppendFailureTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @TempDir
    Path dir;

    private static RouteLog.Batch event(long seq, String what) {
        return TestBatches.batch(List.of(), List.of(new AuditEvent(seq, T0, "s", "controller", what, "because",
                "rev-1")), List.of());
    }

    private long journalSize() throws IOException {
        return Files.size(dir.resolve(JournalRouteLog.FILE_NAME));
    }

    @Test
    void anAppendThatFailsHalfWayLeavesTheJournalAtItsPreviousLengthAndLaterAppendsSurviveARestart()
            throws IOException {
        FailingJournalFiles files = new FailingJournalFiles();
        try (JournalRouteLog log = new JournalRouteLog(dir, 1000, files)) {
            log.restore();
            log.append(TestBatches.batch(List.of(StreamState.initial("s", "legacy", T0)), List.of(), List.of()));
            log.append(event(1, "before"));
            long before = journalSize();

            files.failNextWriteAfter(20);
            assertThatThrownBy(() -> log.append(event(2, "refused"))).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining(dir.resolve(JournalRouteLog.FILE_NAME).toString())
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("nothing of the batch was stored");
            assertThat(journalSize()).as("back at its length before the failed append").isEqualTo(before);

            log.append(event(3, "acknowledged after the failure"));
            log.append(event(4, "acknowledged too"));
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            RouteLog.Restored restored = log.restore();
            assertThat(restored.events()).extracting(AuditEvent::what)
                    .containsExactly("before", "acknowledged after the failure", "acknowledged too");
            assertThat(restored.routes()).containsOnlyKeys("s");
        }
    }

    @Test
    void whenAFailedAppendCannotBeCutBackEveryLaterAppendIsRefusedUntilARestart() throws IOException {
        FailingJournalFiles files = new FailingJournalFiles();
        try (JournalRouteLog log = new JournalRouteLog(dir, 1000, files)) {
            log.restore();
            log.append(event(1, "before"));
            long before = journalSize();

            files.failNextWriteAfter(20).failTruncation();
            assertThatThrownBy(() -> log.append(event(2, "refused"))).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("restart");
            assertThatThrownBy(() -> log.append(event(3, "after garbage"))).isInstanceOf(RouteLogException.class)
                    .hasMessageContaining("unusable").hasMessageContaining("restart");
            assertThat(journalSize()).as("nothing appended after the partial record").isEqualTo(before + 20);
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what).containsExactly("before");
        }
        assertThat(JournalFiles.siblings(dir.resolve(JournalRouteLog.FILE_NAME), "routes.journal.torn-"))
                .as("the partial record was cut off at the restart, after a copy of the file was kept").hasSize(1);
    }

    @Test
    void anAppendIsAcknowledgedEvenWhenTheCompactionItTriggersFails() throws IOException {
        try (JournalRouteLog log = new JournalRouteLog(dir, 2)) {
            log.restore();
            Files.createDirectories(dir.resolve("routes.journal.compacting").resolve("in-the-way"));
            log.append(event(1, "one"));
            log.append(event(2, "two, then compaction fails"));
            log.append(event(3, "three"));
        }
        try (JournalRouteLog log = new JournalRouteLog(dir)) {
            assertThat(log.restore().events()).extracting(AuditEvent::what)
                    .containsExactly("one", "two, then compaction fails", "three");
        }
    }
}
