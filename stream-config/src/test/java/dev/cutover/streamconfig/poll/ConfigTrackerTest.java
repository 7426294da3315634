package dev.cutover.streamconfig.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.FileConfigSource;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceStatus.State;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker around a real file source, with a fake clock. */
class ConfigTrackerTest {

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final TrackerPolicy policy = TrackerPolicy.defaults().withRandom(() -> 0.5);

    private Path config() {
        return dir.resolve("config.json");
    }

    private Path state() {
        return dir.resolve("state");
    }

    private ConfigTracker tracker() {
        return new ConfigTracker(new FileConfigSource(config(), clock), state(), clock, policy);
    }

    private void writeConfig(byte[] content) {
        Fixtures.write(config(), content);
    }

    /** The first {@code count} streams of production-all. */
    private static byte[] firstStreams(int count) {
        ObjectNode all = Fixtures.streams(Fixtures.productionAll());
        ObjectNode some = Fixtures.JSON.createObjectNode();
        Iterator<String> names = all.fieldNames();
        for (int i = 0; i < count && names.hasNext(); i++) {
            String name = names.next();
            some.set(name, all.get(name));
        }
        return Fixtures.apiDocument(some);
    }

    @Test
    void appliesTheFirstSnapshotWithEveryStreamAdded() {
        writeConfig(Fixtures.bytes(Fixtures.productionAll()));
        ConfigTracker tracker = tracker();

        PollOutcome outcome = tracker.poll();

        assertThat(outcome).isInstanceOfSatisfying(PollOutcome.Applied.class, applied -> {
            assertThat(applied.previous()).isEmpty();
            assertThat(applied.current().size()).isEqualTo(244);
            assertThat(applied.diff().added()).hasSize(244);
        });
        assertThat(tracker.current()).map(Snapshot::size).contains(244);
        assertThat(tracker.poll()).isEqualTo(new PollOutcome.Unchanged());
    }

    @Test
    void startsFromTheLastKnownGoodSnapshotAfterARestart() {
        writeConfig(Fixtures.bytes(Fixtures.productionAll()));
        Snapshot applied = ((PollOutcome.Applied) tracker().poll()).current();
        writeConfig("{\"streams\": ".getBytes(StandardCharsets.UTF_8));

        ConfigTracker restarted = tracker();

        assertThat(restarted.current()).isPresent();
        Snapshot loaded = restarted.current().orElseThrow();
        assertThat(loaded.contentHash()).isEqualTo(applied.contentHash());
        assertThat(loaded.streams()).isEqualTo(applied.streams());
        assertThat(loaded.version()).isEqualTo(applied.version());
        assertThat(loaded.fetchedAt()).isEqualTo(applied.fetchedAt());
        assertThat(restarted.status().state()).isEqualTo(State.STALE);

        assertThat(restarted.poll()).isInstanceOf(PollOutcome.Failed.class);
        assertThat(restarted.current().map(Snapshot::contentHash)).contains(applied.contentHash());
        writeConfig(Fixtures.bytes(Fixtures.productionAll()));
        assertThat(restarted.poll()).isEqualTo(new PollOutcome.Unchanged());
        assertThat(restarted.status().state()).isEqualTo(State.READY);
    }

    @Test
    void savesTheOverrideLayersLineageAndANewVersionOfTheLayerThatLeftTheContentAsItWas() {
        writeConfig(Fixtures.bytes(Fixtures.sample()));
        JsonPointer flag = JsonPointer.compile("/consumers/analytics_hive_ingestion/hive_database");
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.set("pageview.v1", flag, TextNode.valueOf("event"), "alice", "T1");
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(new FileConfigSource(config(), clock),
                layer), state(), clock, policy);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Applied.class);

        layer.set("pageview.v1", flag, TextNode.valueOf("event"), "bob", "T2: the same again");

        assertThat(tracker.poll()).isEqualTo(new PollOutcome.Unchanged());
        assertThat(tracker.current().flatMap(Snapshot::overrideHead)).contains(layer.head());
        ConfigTracker restarted = new ConfigTracker(new LayeredConfigSource(new FileConfigSource(config(), clock),
                layer), state(), clock, policy);
        assertThat(restarted.current().flatMap(Snapshot::overrideLineage)).contains(layer.state().lineage());
    }

    @Test
    void keepsLastKnownGoodWhenFetchFailsOrComesBackEmpty() throws Exception {
        writeConfig(Fixtures.bytes(Fixtures.sample()));
        ConfigTracker tracker = tracker();
        tracker.poll();
        Snapshot good = tracker.current().orElseThrow();
        byte[] persisted = Files.readAllBytes(state().resolve(SnapshotStore.FILE));

        for (String bad : new String[] {"", "{\"streams\": {}}", "{\"streams\": {\"a\": ", "not: [valid", "{}"}) {
            writeConfig(bad.getBytes(StandardCharsets.UTF_8));

            assertThat(tracker.poll()).as(bad).isInstanceOf(PollOutcome.Failed.class);
            assertThat(tracker.current()).contains(good);
        }
        assertThat(Files.readAllBytes(state().resolve(SnapshotStore.FILE))).isEqualTo(persisted);
    }

    @Test
    void holdsASuspiciousShrinkUntilThreePollsInARowAnswerIt() {
        writeConfig(Fixtures.bytes(Fixtures.productionAll()));
        ConfigTracker tracker = tracker();
        tracker.poll();
        writeConfig(firstStreams(100));

        PollOutcome first = tracker.poll();

        assertThat(first).isInstanceOfSatisfying(PollOutcome.Held.class,
                held -> assertThat(held.reason()).contains("lacks 144 of the 244 known streams"));
        assertThat(tracker.current()).map(Snapshot::size).contains(244);
        assertThat(tracker.status().state()).isEqualTo(State.STALE);
        assertThat(tracker.nextDelay()).isEqualTo(policy.pollInterval());
        assertThat(tracker.poll()).as("the same content once more").isInstanceOf(PollOutcome.Held.class);

        PollOutcome third = tracker.poll();

        assertThat(third).isInstanceOfSatisfying(PollOutcome.Applied.class, applied -> {
            assertThat(applied.previous()).map(Snapshot::size).contains(244);
            assertThat(applied.current().size()).isEqualTo(100);
            assertThat(applied.diff().removed()).hasSize(144);
        });
        assertThat(tracker.status().state()).isEqualTo(State.READY);
    }

    @Test
    void appliesAShrinkOfAtMostTheAllowedShareAtOnceAndHoldsEachNewSuspiciousContent() {
        writeConfig(firstStreams(200));
        ConfigTracker tracker = tracker();
        tracker.poll();

        writeConfig(firstStreams(100));
        assertThat(tracker.poll()).as("exactly half lost").isInstanceOf(PollOutcome.Applied.class);

        writeConfig(firstStreams(40));
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Held.class);
        writeConfig(firstStreams(30));
        assertThat(tracker.poll()).as("different content: held again").isInstanceOf(PollOutcome.Held.class);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Held.class);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Applied.class);
        assertThat(tracker.current()).map(Snapshot::size).contains(30);
    }

    @Test
    void movesBetweenReadyStaleAndErrorWithTheLastErrorAndItsAge() throws Exception {
        ConfigTracker tracker = tracker();
        assertThat(tracker.status().state()).as("nothing known yet").isEqualTo(State.ERROR);

        writeConfig(Fixtures.bytes(Fixtures.sample()));
        tracker.poll();
        Instant firstSuccess = clock.instant();
        assertThat(tracker.status().state()).isEqualTo(State.READY);
        assertThat(tracker.status().lastSuccess()).contains(firstSuccess);
        assertThat(tracker.status().lastError()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        Instant failingSince = clock.instant();
        writeConfig("{\"streams\": {}}".getBytes(StandardCharsets.UTF_8));
        tracker.poll();
        clock.advance(Duration.ofMinutes(2));
        tracker.poll();
        assertThat(tracker.status().state()).isEqualTo(State.STALE);
        assertThat(tracker.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("no streams"));
        assertThat(tracker.status().errorSince()).contains(failingSince);
        assertThat(tracker.status().errorAge(clock.instant())).contains(Duration.ofMinutes(2));
        assertThat(tracker.status().lastSuccess()).contains(firstSuccess);

        Files.delete(config());
        tracker.poll();
        assertThat(tracker.status().state()).as("a permanent failure").isEqualTo(State.ERROR);
        assertThat(tracker.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("not found"));
        assertThat(tracker.current()).isPresent();

        clock.advance(Duration.ofMinutes(1));
        writeConfig(Fixtures.bytes(Fixtures.sample()));
        tracker.poll();
        assertThat(tracker.status().state()).isEqualTo(State.READY);
        assertThat(tracker.status().lastSuccess()).contains(clock.instant());
        assertThat(tracker.status().errorSince()).isEmpty();
    }

    @Test
    void backsOffExponentiallyOnTransientFailuresAndLongOnPermanentOnes() {
        ConfigTracker tracker = tracker();
        writeConfig("{\"streams\": {}}".getBytes(StandardCharsets.UTF_8));

        java.util.List<Duration> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tracker.poll();
            delays.add(tracker.nextDelay());
        }
        assertThat(delays).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(320),
                Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10));
        assertThat(tracker.status().state()).as("no snapshot at all").isEqualTo(State.ERROR);

        writeConfig(Fixtures.bytes(Fixtures.sample()));
        tracker.poll();
        assertThat(tracker.nextDelay()).isEqualTo(Duration.ofMinutes(1));

        writeConfig("{\"streams\": {}}".getBytes(StandardCharsets.UTF_8));
        tracker.poll();
        assertThat(tracker.nextDelay()).as("backoff starts over after a success").isEqualTo(Duration.ofSeconds(5));

        tracker = new ConfigTracker(new FileConfigSource(dir.resolve("missing.json"), clock), state(), clock, policy);
        tracker.poll();
        assertThat(tracker.nextDelay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void ignoresAnAlteredSavedSnapshotAndSaysWhy() throws Exception {
        writeConfig(Fixtures.bytes(Fixtures.sample()));
        tracker().poll();
        Path saved = state().resolve(SnapshotStore.FILE);
        Files.writeString(saved, Files.readString(saved).replace("eventlogging_NavigationTiming", "eventlogging_Other"));

        ConfigTracker restarted = tracker();

        assertThat(restarted.current()).isEmpty();
        assertThat(restarted.status().state()).isEqualTo(State.ERROR);
        assertThat(restarted.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("hash"));
        assertThat(restarted.poll()).isInstanceOf(PollOutcome.Applied.class);
    }

    @Test
    void aSourceThatThrowsIsAFailureNotACrash() {
        ConfigTracker tracker = new ConfigTracker(new dev.cutover.streamconfig.source.ConfigSource() {
            @Override
            public dev.cutover.streamconfig.source.FetchResult fetch(Optional<Snapshot> previous) {
                throw new IllegalStateException("boom");
            }

            @Override
            public String describe() {
                return "throwing source";
            }
        }, state(), clock, policy);

        assertThat(tracker.poll()).isInstanceOfSatisfying(PollOutcome.Failed.class,
                failed -> assertThat(failed.error()).contains("throwing source", "boom"));
    }
}
