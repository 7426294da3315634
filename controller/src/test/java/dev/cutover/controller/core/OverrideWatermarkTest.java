package dev.cutover.controller.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
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

    // --- identity by content: lineages --------------------------------------------------------------------------

    static final OverrideHead R1 = OverrideHead.of(1, "sha256:r1");
    static final OverrideHead R2 = OverrideHead.of(2, "sha256:r2");
    static final OverrideHead R3 = OverrideHead.of(3, "sha256:r3");
    /** Revision 2 written into an older copy at revision 1: the same number, another head. */
    static final OverrideHead FORK = OverrideHead.of(2, "sha256:fork");

    /** A verified chain from the empty layer through {@code heads}, the last one its head. */
    private static Snapshot chain(OverrideHead... heads) throws Exception {
        List<OverrideHead> ancestors = new java.util.ArrayList<>(List.of(OverrideHead.of(0, "sha256:empty")));
        ancestors.addAll(List.of(heads));
        return plain().withOverrideLineage(new OverrideLineage(heads[heads.length - 1], ancestors, Optional.empty()));
    }

    private static Snapshot rewritten(OverrideHead head) throws Exception {
        return plain().withOverrideLineage(new OverrideLineage(head, List.of(head),
                Optional.of("revision 1 was changed after it was written (its hash does not match its content)")));
    }

    @Test
    void appliesTheRecordedHeadAndEveryLaterVersionOfIt() throws Exception {
        OverrideWatermark mark = new OverrideWatermark(R2, Optional.empty());
        assertThat(mark.check(chain(R1, R2), LAYER)).isEmpty();
        assertThat(mark.check(chain(R1, R2, R3), LAYER)).isEmpty();
    }

    @Test
    void holdsAForkWithTheRecordedRevisionNumberAndSaysItWasReplaced() throws Exception {
        OverrideWatermark mark = new OverrideWatermark(R2, Optional.empty());

        assertThat(mark.check(chain(R1, FORK), LAYER)).hasValueSatisfying(m -> assertThat(m).contains(
                FILE + " was replaced: it is at revision 2 (sha256:fork)", "does not contain revision 2 (sha256:r2)",
                "Restore the file", "POST /v1/override-layer/accept", "\"revision\": 2"));
        assertThat(mark.check(chain(R1, FORK, OverrideHead.of(3, "sha256:fork3")), LAYER))
                .as("a later version of the fork").isPresent();
        assertThat(mark.check(chain(R1), LAYER)).hasValueSatisfying(m -> assertThat(m).contains(
                "went backwards: it is at revision 1 (sha256:r1)", "wrote revision 2 (sha256:r2)"));
    }

    @Test
    void holdsALayerWhoseChainDoesNotVerifyUnlessItIsExactlyTheAcceptedHead() throws Exception {
        OverrideHead broken = OverrideHead.of(2, "sha256:fingerprint");
        assertThat(new OverrideWatermark(R2, Optional.empty()).check(rewritten(broken), LAYER))
                .hasValueSatisfying(m -> assertThat(m).contains(FILE + " was rewritten", "revision 1 was changed",
                        "\"revision\": 2"));
        assertThat(OverrideWatermark.NONE.check(rewritten(broken), LAYER)).as("not even on a fresh controller")
                .isPresent();
        assertThat(OverrideWatermark.NONE.accepted(broken).check(rewritten(broken), LAYER)).isEmpty();
    }

    @Test
    void aHeadRecordedBeforeLayersHadHashesIsComparedByRevisionOnly() throws Exception {
        OverrideWatermark legacy = new OverrideWatermark(2, Optional.empty());
        assertThat(legacy.check(chain(R1, FORK), LAYER)).isEmpty();
        assertThat(legacy.check(chain(R1), LAYER)).isPresent();
        assertThat(new OverrideWatermark(R2, Optional.empty()).check(layered(5), LAYER))
                .as("a snapshot that does not say which layer it was built from, once a hash is recorded").isPresent();
    }

    @Test
    void theRecordedHeadIsTheNewestOneTheAuditLogRecordsAndAnAcceptSetsIt() {
        AuditEvent legacy = event(1, 2L, null);
        AuditEvent hashed = event(2, 2L, null).withOverrideHead(2L, "sha256:r2");
        AuditEvent stale = event(3, 1L, null).withOverrideHead(1L, "sha256:r1");
        AuditEvent accepted = event(4, 2L, true).withOverrideHead(2L, "sha256:fork");

        assertThat(OverrideWatermark.of(List.of(legacy, hashed, stale)).recorded()).as("the hash joins the revision")
                .isEqualTo(R2);
        assertThat(OverrideWatermark.of(List.of(legacy, hashed, stale, accepted)).recorded()).isEqualTo(FORK);
        assertThat(new OverrideWatermark(R2, Optional.empty()).movedTo(OverrideHead.of(2, "sha256:other")).recorded())
                .as("never replaced by another head of the same revision but by an accept").isEqualTo(R2);
        assertThat(new OverrideWatermark(R2, Optional.empty()).movedTo(R3).recorded()).isEqualTo(R3);
    }
}
