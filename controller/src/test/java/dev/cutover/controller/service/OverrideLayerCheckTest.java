package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.controller.model.AuditEvent;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class OverrideLayerCheckTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Path FILE = Path.of("/srv/cutover/overrides.json");

    private static Snapshot snapshot(Optional<String> version) throws Exception {
        return SnapshotParser.fromTree(new ObjectMapper().readTree("""
                {"streams": {"eventlogging_NavigationTiming": {"stream": "eventlogging_NavigationTiming"}}}"""),
                "test", version, T0);
    }

    private static Snapshot layered(long revision) throws Exception {
        return snapshot(Optional.of("sha256:0123456789abcdef+overrides.r" + revision));
    }

    private static AuditEvent event(long seq, String configRevision, Long override, Boolean accepted) {
        return new AuditEvent(seq, T0.plusSeconds(seq), "s", "controller", "what", "why", configRevision, override,
                accepted);
    }

    @Test
    void holdsASnapshotWhoseOverrideRevisionIsBelowTheHighestKnown() throws Exception {
        assertThat(OverrideLayerCheck.hold(layered(1), 2, FILE, true)).isPresent();
        assertThat(OverrideLayerCheck.hold(layered(0), 2, FILE, false)).isPresent();
    }

    @Test
    void appliesASnapshotAtTheSameOrAHigherRevision() throws Exception {
        assertThat(OverrideLayerCheck.hold(layered(2), 2, FILE, true)).isEmpty();
        assertThat(OverrideLayerCheck.hold(layered(3), 2, FILE, true)).isEmpty();
        assertThat(OverrideLayerCheck.hold(layered(0), 0, FILE, false)).as("a new installation").isEmpty();
    }

    @Test
    void neverHoldsASnapshotWithoutAnOverrideLayer() throws Exception {
        assertThat(OverrideLayerCheck.hold(snapshot(Optional.empty()), 5, FILE, false)).isEmpty();
        assertThat(OverrideLayerCheck.hold(snapshot(Optional.of("etag-17")), 5, FILE, false)).isEmpty();
    }

    @Test
    void theMessageNamesTheFileBothRevisionsAndTheWaysOut() throws Exception {
        String older = OverrideLayerCheck.hold(layered(1), 4, FILE, true).orElseThrow();
        assertThat(older).contains(FILE.toString(), "revision 1", "revision 4", "--override-file",
                "CUTOVER_OVERRIDE_FILE", "POST /v1/override-layer/accept", "\"revision\": 1", "Restore the file");
        String missing = OverrideLayerCheck.hold(layered(0), 4, FILE, false).orElseThrow();
        assertThat(missing).contains(FILE + " went backwards: it is missing", "revision 4", "\"revision\": 0");
    }

    @Test
    void readsTheRevisionFromTheSnapshotVersion() throws Exception {
        assertThat(OverrideLayerCheck.revisionOf(layered(12))).isEqualTo(OptionalLong.of(12));
        assertThat(OverrideLayerCheck.revisionOf("etag-1+overrides.r3")).isEqualTo(OptionalLong.of(3));
        assertThat(OverrideLayerCheck.revisionOf("etag-1")).isEmpty();
        assertThat(OverrideLayerCheck.revisionOf((String) null)).isEmpty();
    }

    @Test
    void theHighestKnownRevisionIsTheMaximumOverTheAuditLogInOrder() {
        List<AuditEvent> events = List.of(
                event(1, "sha256:ab+overrides.r1", 1L, null),
                event(3, "sha256:ab+overrides.r2", 5L, null),
                event(2, "sha256:ab+overrides.r3", 3L, null),
                event(4, null, null, null));
        assertThat(OverrideLayerCheck.highestKnown(events)).isEqualTo(5);
        assertThat(OverrideLayerCheck.highestKnown(List.of())).isZero();
    }

    @Test
    void eventsWrittenBeforeTheFieldExistedCountByTheirConfigRevision() {
        assertThat(OverrideLayerCheck.highestKnown(List.of(
                new AuditEvent(1, T0, "s", "controller", "CUTOVER", "flag", "sha256:0123+overrides.r7"),
                new AuditEvent(2, T0, "s", "controller", "PROMOTED", "rerun", "etag-without-layer")))).isEqualTo(7);
    }

    @Test
    void anAcceptEventSetsTheExpectedRevisionAndLaterEventsRaiseItAgain() {
        AuditEvent before = event(1, "v+overrides.r9", 9L, null);
        AuditEvent accepted = event(2, "v+overrides.r0", 0L, true);
        assertThat(OverrideLayerCheck.highestKnown(List.of(before, accepted))).isZero();
        assertThat(OverrideLayerCheck.highestKnown(List.of(accepted, before))).as("order is by seq, not by list")
                .isZero();
        assertThat(OverrideLayerCheck.highestKnown(List.of(before, accepted, event(3, "v+overrides.r2", 2L, null))))
                .isEqualTo(2);
    }
}
