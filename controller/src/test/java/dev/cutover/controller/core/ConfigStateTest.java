package dev.cutover.controller.core;

import dev.cutover.streamconfig.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.cutover.controller.core.CoreFixtures.READY;
import static dev.cutover.controller.core.CoreFixtures.twoStreams;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigStateTest {

    private static ConfigState awaiting(Optional<Snapshot> snapshot, String... streams) {
        return ConfigState.initial(READY).withSnapshot(snapshot).awaiting(List.of(streams));
    }

    private static List<String> names(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" "));
    }

    @ParameterizedTest(name = "awaiting [{0}], reconciled [{1}]: awaiting [{2}], synced {3}")
    @CsvSource({
            "a b,     a,       b,   false",
            "a b,     a b,     '',  true",
            "a b,     b a,     '',  true",
            "a b,     c,       a b, false",
            "a b,     a a,     b,   false",
            "a,       a b,     '',  true",
            "'',      '',      '',  true",
            "'',      a,       '',  true"})
    void withASnapshotTheControllerIsSyncedOnceEveryAwaitedStreamWasReconciled(String waiting, String reconciled,
                                                                              String left, boolean synced) {
        ConfigState state = awaiting(Optional.of(twoStreams()), names(waiting).toArray(String[]::new));

        for (String stream : names(reconciled)) {
            state = state.reconciled(stream);
        }

        assertThat(state.awaiting()).containsExactlyInAnyOrderElementsOf(names(left));
        assertThat(state.synced()).isEqualTo(synced);
    }

    @Test
    void withoutASnapshotReconcilesAreCountedButNeverMakeItSynced() {
        ConfigState state = awaiting(Optional.empty(), "a", "b").reconciled("a").reconciled("b");

        assertThat(state.awaiting()).isEmpty();
        assertThat(state.synced()).isFalse();
    }

    @Test
    void onceSyncedItStaysSyncedThroughReconcilesUntilTheSnapshotIsDropped() {
        ConfigState synced = awaiting(Optional.of(twoStreams()), "a").reconciled("a");

        assertThat(synced.reconciled("a")).isSameAs(synced);
        assertThat(synced.reconciled("z")).isSameAs(synced);
        assertThat(synced.withSnapshot(Optional.of(twoStreams())).synced()).isTrue();
        assertThat(synced.withSnapshot(Optional.empty()).synced()).isFalse();
    }

    @Test
    void theRevisionIsTheSourceVersionOrTheStartOfTheContentHash() {
        Snapshot versioned = twoStreams();
        Snapshot unversioned = new Snapshot(versioned.streams(), versioned.contentHash(), Optional.empty(),
                versioned.fetchedAt(), versioned.origin());

        assertThat(ConfigState.initial(READY).revision()).isEmpty();
        assertThat(ConfigState.initial(READY).withSnapshot(Optional.of(versioned)).revision()).contains("v1");
        assertThat(ConfigState.initial(READY).withSnapshot(Optional.of(unversioned)).revision())
                .contains(versioned.contentHash().substring(0, 12));
    }
}
