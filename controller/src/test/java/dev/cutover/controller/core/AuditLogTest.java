package dev.cutover.controller.core;

import dev.cutover.controller.model.Note;
import dev.cutover.protocol.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static dev.cutover.controller.core.CoreFixtures.NAV;
import static dev.cutover.controller.core.CoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    private static AuditEvent event(long seq) {
        return new AuditEvent(seq, T0.plusSeconds(seq), NAV, "controller", "event " + seq, "test", "v1");
    }

    /** A log as another controller numbered it: in order, with gaps (events of other streams were compacted). */
    private static AuditLog log(long... seqs) {
        return AuditLog.of(LongStream.of(seqs).mapToObj(AuditLogTest::event).toList());
    }

    private static long[] seqs(String text) {
        return text.isBlank() ? new long[0] : Arrays.stream(text.trim().split(" ")).mapToLong(Long::parseLong)
                .toArray();
    }

    @Test
    void eventsStampedInOneStepAreNumberedAfterTheLogAndAfterEachOther() {
        AuditLog audit = log(1, 2, 5);
        List<AuditEvent> drafted = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            drafted.add(audit.stamp(drafted, T0, NAV, Note.controller("note " + i, "why"), "v7", 4L));
        }

        assertThat(drafted).extracting(AuditEvent::seq).containsExactly(6L, 7L, 8L);
        assertThat(drafted.get(0)).isEqualTo(new AuditEvent(6, T0, NAV, "controller", "note 0", "why", "v7", 4L,
                null));
        AuditLog after = audit.plus(drafted);
        assertThat(after.lastSeq()).isEqualTo(8);
        assertThat(after.events()).extracting(AuditEvent::seq).containsExactly(1L, 2L, 5L, 6L, 7L, 8L);
        assertThat(after.stamp(List.of(), T0, null, Note.controller("next", "why"), null, null).seq()).isEqualTo(9);
    }

    @Test
    void appendingNothingIsTheSameLogAndFollowedEventsKeepTheirNumbers() {
        AuditLog audit = log(1, 2);

        assertThat(audit.plus(List.of())).isSameAs(audit);
        assertThat(audit.plus(List.of(event(40))).lastSeq()).isEqualTo(40);
        assertThat(AuditLog.EMPTY.lastSeq()).isZero();
        assertThat(AuditLog.of(List.of(event(3), event(7))).lastSeq()).isEqualTo(7);
    }

    @ParameterizedTest(name = "log [{0}] since {1} limit {2}: [{3}]")
    @CsvSource({
            "1 2 3 5 8 13, 0,  100, 1 2 3 5 8 13",
            "1 2 3 5 8 13, 1,  100, 2 3 5 8 13",
            "1 2 3 5 8 13, 3,  100, 5 8 13",
            "1 2 3 5 8 13, 4,  100, 5 8 13",
            "1 2 3 5 8 13, 12, 100, 13",
            "1 2 3 5 8 13, 13, 100, ''",
            "1 2 3 5 8 13, 99, 100, ''",
            "1 2 3 5 8 13, 0,  2,   1 2",
            "1 2 3 5 8 13, 5,  1,   8",
            "1 2 3 5 8 13, 0,  0,   ''",
            "'',           0,  100, ''",
            "7,            6,  100, 7",
            "7,            7,  100, ''",
            "4 9,          4,  100, 9"})
    void sinceAnswersTheEventsAfterASequenceNumberOldestFirstUpToTheLimit(String events, long since, int limit,
                                                                         String expected) {
        assertThat(log(seqs(events)).since(since, limit)).extracting(AuditEvent::seq)
                .containsExactly(LongStream.of(seqs(expected)).boxed().toArray(Long[]::new));
    }

    @Test
    void sinceFindsItsPlaceInALongLogAtEveryBoundary() {
        AuditLog audit = log(LongStream.rangeClosed(1, 10_000).map(n -> n * 3).toArray());

        for (long since = 0; since <= 30_003; since += 1) {
            long first = (since / 3 + 1) * 3;
            List<AuditEvent> found = audit.since(since, 2);
            if (first > 30_000) {
                assertThat(found).as("since %d", since).isEmpty();
            } else {
                assertThat(found).as("since %d", since).extracting(AuditEvent::seq)
                        .startsWith(first).hasSizeBetween(1, 2);
            }
        }
    }
}
