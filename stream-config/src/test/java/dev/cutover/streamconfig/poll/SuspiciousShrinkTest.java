package dev.cutover.streamconfig.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.FetchResult;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F13: a config that alternated between full and missing 19 of its 27 streams every second was applied on every
 * second appearance of the shrunk one, because the good poll in between did not reset the hold. A shrunk snapshot is
 * applied only after N identical shrunk polls in a row (3 by default); any other poll result starts the count again.
 */
class SuspiciousShrinkTest {

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final Deque<FetchResult> script = new ArrayDeque<>();

    /** A source that answers what the test scripted, in order. */
    private final ConfigSource scripted = new ConfigSource() {
        @Override
        public FetchResult fetch(Optional<Snapshot> previous) {
            return script.remove();
        }

        @Override
        public String describe() {
            return "scripted source";
        }
    };

    private static Snapshot snapshot(int keep) {
        ObjectNode all = Fixtures.streams(Fixtures.sample());
        ObjectNode some = Fixtures.JSON.createObjectNode();
        Iterator<String> names = all.fieldNames();
        for (int i = 0; i < keep && names.hasNext(); i++) {
            String name = names.next();
            some.set(name, all.get(name));
        }
        try {
            return SnapshotParser.parse(Fixtures.apiDocument(some), "scripted", Optional.empty(),
                    java.time.Instant.EPOCH);
        } catch (ConfigParseException e) {
            throw new AssertionError(e);
        }
    }

    private static final Snapshot FULL = snapshot(27);
    private static final Snapshot SHRUNK = snapshot(8);
    private static final Snapshot OTHER_SHRUNK = snapshot(7);

    private ConfigTracker tracker(TrackerPolicy policy) {
        ConfigTracker tracker = new ConfigTracker(scripted, dir.resolve("state"), clock, policy);
        script.add(new FetchResult.Changed(FULL));
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Applied.class);
        return tracker;
    }

    private ConfigTracker tracker() {
        return tracker(TrackerPolicy.defaults().withRandom(() -> 0.5));
    }

    private List<PollOutcome> poll(ConfigTracker tracker, FetchResult... results) {
        script.addAll(List.of(results));
        List<PollOutcome> outcomes = new ArrayList<>();
        while (!script.isEmpty()) {
            outcomes.add(tracker.poll());
        }
        return outcomes;
    }

    private static FetchResult changed(Snapshot snapshot) {
        return new FetchResult.Changed(snapshot);
    }

    private static FetchResult failed() {
        return new FetchResult.Failed("scripted source: timeout", FetchResult.FailureKind.TRANSIENT, Optional.empty());
    }

    @Test
    void aConfigAlternatingBetweenFullAndShrunkIsNeverApplied() {
        ConfigTracker tracker = tracker();
        List<FetchResult> alternating = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            alternating.add(changed(SHRUNK));
            alternating.add(changed(FULL));
        }

        List<PollOutcome> outcomes = poll(tracker, alternating.toArray(FetchResult[]::new));

        assertThat(outcomes).noneMatch(PollOutcome.Applied.class::isInstance);
        assertThat(outcomes).filteredOn(PollOutcome.Held.class::isInstance).hasSize(10);
        assertThat(tracker.current()).map(Snapshot::contentHash).contains(FULL.contentHash());
    }

    @Test
    void aShrunkConfigIsAppliedOnceAfterThreeIdenticalShrunkPollsInARow() {
        ConfigTracker tracker = tracker();

        List<PollOutcome> outcomes = poll(tracker, changed(SHRUNK), changed(SHRUNK), changed(SHRUNK), changed(SHRUNK));

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(PollOutcome.Held.class, held -> assertThat(held.reason())
                .contains("lacks 19 of the 27 known streams", "1 of 3", "3 polls in a row"));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(PollOutcome.Held.class,
                held -> assertThat(held.reason()).contains("2 of 3"));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(PollOutcome.Applied.class,
                applied -> assertThat(applied.diff().removed()).hasSize(19));
        assertThat(outcomes.get(3)).isInstanceOf(PollOutcome.Unchanged.class);
        assertThat(tracker.current()).map(Snapshot::size).contains(8);
    }

    @Test
    void anyOtherPollResultBetweenShrunkPollsStartsTheCountAgain() {
        ConfigTracker tracker = tracker();

        List<PollOutcome> outcomes = poll(tracker,
                changed(SHRUNK), changed(SHRUNK), failed(),
                changed(SHRUNK), changed(SHRUNK), new FetchResult.Unchanged(clock.instant()),
                changed(SHRUNK), changed(SHRUNK), changed(OTHER_SHRUNK),
                changed(SHRUNK), changed(SHRUNK));

        assertThat(outcomes).noneMatch(PollOutcome.Applied.class::isInstance);
        assertThat(tracker.current()).map(Snapshot::size).contains(27);
        assertThat(poll(tracker, changed(SHRUNK))).singleElement().isInstanceOf(PollOutcome.Applied.class);
    }

    @Test
    void theNumberOfIdenticalShrunkPollsIsAPolicySetting() {
        ConfigTracker twice = tracker(TrackerPolicy.defaults().withRandom(() -> 0.5).withShrinkConfirmations(2));

        assertThat(poll(twice, changed(SHRUNK), changed(SHRUNK))).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Held", "Applied");
        assertThat(TrackerPolicy.defaults().shrinkConfirmations()).isEqualTo(3);
    }
}
