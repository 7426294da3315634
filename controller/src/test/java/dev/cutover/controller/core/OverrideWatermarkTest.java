package dev.cutover.controller.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OverrideWatermarkTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Path FILE = Path.of("/srv/cutover/overrides.json");
    static final Optional<LayerInfo> LAYER = Optional.of(new LayerInfo(FILE, true, List.of()));
    static final Optional<LayerInfo> MISSING = Optional.of(new LayerInfo(FILE, false, List.of()));

    private static Snapshot plain() throws Exception {
        return SnapshotParser.fromTree(new ObjectMapper().readTree("""
                {"streams": {"eventlogging_NavigationTiming": {"stream": "eventlogging_NavigationTiming"}}}"""),
                "test", Optional.of("etag-17"), T0);
    }

    private static Snapshot layered(long revision) throws Exception {
        return plain().withOverrideRevision(revision);
    }

    private static AuditEvent event(long seq, Long override, Boolean accepted) {
        return new AuditEvent(seq, T0.plusSeconds(seq), "s", "controller", "what", "why", "rev", override, accepted);
    }

    @ParameterizedTest(name = "layer at {0}, known {1}: held {2}")
    @CsvSource({"1, 2, true", "0, 2, true", "2, 2, false", "3, 2, false", "0, 0, false"})
    void holdsExactlyTheSnapshotsWhoseLayerIsBelowTheKnownRevision(long layer, long known, boolean held)
            throws Exception {
        assertThat(new OverrideWatermark(known, Optional.empty()).check(layered(layer), LAYER).isPresent())
                .isEqualTo(held);
    }

    @Test
    void neverHoldsASnapshotWithoutAnOverrideLayer() throws Exception {
        OverrideWatermark mark = new OverrideWatermark(5, Optional.empty());
        assertThat(mark.check(plain(), LAYER)).isEmpty();
        assertThat(mark.check(layered(1), Optional.empty())).as("no layer configured").isEmpty();
    }

    @Test
    void theMessageNamesTheFileBothRevisionsAndTheWaysOut() throws Exception {
        OverrideWatermark mark = new OverrideWatermark(4, Optional.empty());
        assertThat(mark.check(layered(1), LAYER).orElseThrow()).contains(FILE.toString(), "revision 1",
                "revision 4", "--override-file", "CUTOVER_OVERRIDE_FILE", "POST /v1/override-layer/accept",
                "\"revision\": 1", "Restore the file");
        assertThat(mark.check(layered(0), MISSING).orElseThrow()).contains(FILE + " went backwards: it is missing",
                "revision 4", "\"revision\": 0");
    }

    @Test
    void theKnownRevisionIsTheMaximumOverTheAuditLogInSequenceOrder() {
        List<AuditEvent> events = List.of(event(1, 1L, null), event(3, 5L, null), event(2, 3L, null),
                event(4, null, null));
        assertThat(OverrideWatermark.of(events).known()).isEqualTo(5);
        assertThat(OverrideWatermark.of(List.of()).known()).isZero();
    }

    @Test
    void anAcceptEventSetsTheKnownRevisionAndLaterEventsRaiseItAgain() {
        AuditEvent before = event(1, 9L, null);
        AuditEvent accepted = event(2, 0L, true);
        assertThat(OverrideWatermark.of(List.of(before, accepted)).known()).isZero();
        assertThat(OverrideWatermark.of(List.of(accepted, before)).known()).as("order is by seq, not by list")
                .isZero();
        assertThat(OverrideWatermark.of(List.of(before, accepted, event(3, 2L, null))).known()).isEqualTo(2);
    }

    @Test
    void raisingNeverLowersAndAcceptingClearsTheHold() {
        OverrideWatermark held = new OverrideWatermark(7, Optional.of("held"));
        assertThat(held.raisedTo(3).known()).isEqualTo(7);
        assertThat(held.raisedTo(9).known()).isEqualTo(9);
        assertThat(held.accepted(2)).isEqualTo(new OverrideWatermark(2, Optional.empty()));
    }
}
