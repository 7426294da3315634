package dev.cutover.streamconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideLayerTest {

    static final JsonPointer FLAG = JsonPointer.compile("/consumers/analytics_hive_ingestion/hive_database");
    static final JsonPointer SCALE = JsonPointer.compile("/consumers/analytics_hive_ingestion/spark_job_ingestion_scale");

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

    @Test
    void aMissingFileIsAnEmptyLayerAtRevisionZero() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("sub/overrides.json"), clock);

        assertThat(layer.revision()).isZero();
        assertThat(layer.history()).isEmpty();
        assertThat(layer.entries()).isEmpty();
        assertThat(Files.exists(layer.file())).isFalse();
    }

    @Test
    void recordsEveryWriteWithRevisionWhoWhyAndWhen() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);

        Revision first = layer.set("eventlogging_NavigationTiming", FLAG, TextNode.valueOf("event"), "alice", "T1");
        clock.advance(Duration.ofMinutes(5));
        Revision second = layer.set("eventlogging_NavigationTiming", FLAG, TextNode.valueOf("event_airflow"),
                "controller/auto-rollback", "3 FAIL hours");

        assertThat(first).isEqualTo(new Revision(1, "eventlogging_NavigationTiming", FLAG, Optional.empty(),
                Optional.of(TextNode.valueOf("event")), "alice", "T1", Instant.parse("2026-11-25T10:00:00Z")));
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.oldValue()).contains(TextNode.valueOf("event"));
        assertThat(second.at()).isEqualTo(Instant.parse("2026-11-25T10:05:00Z"));
        OverrideLayer reopened = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        assertThat(reopened.revision()).isEqualTo(2);
        assertThat(reopened.history()).containsExactly(first, second);
        assertThat(reopened.get("eventlogging_NavigationTiming", FLAG)).contains(TextNode.valueOf("event_airflow"));
    }

    @Test
    void revertsEntryByEntryLeavingTheOthers() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "promote a");
        layer.set("a", SCALE, TextNode.valueOf("large"), "bob", "bigger job");
        layer.set("b", FLAG, TextNode.valueOf("event"), "alice", "promote b");

        Revision revert = layer.revert("a", FLAG, "carol", "rollback a");

        assertThat(revert.number()).isEqualTo(4);
        assertThat(revert.oldValue()).contains(TextNode.valueOf("event"));
        assertThat(revert.newValue()).isEmpty();
        assertThat(layer.get("a", FLAG)).isEmpty();
        assertThat(layer.get("a", SCALE)).contains(TextNode.valueOf("large"));
        assertThat(layer.get("b", FLAG)).contains(TextNode.valueOf("event"));

        layer.revert("a", SCALE, "carol", "back to base");
        assertThat(layer.entries()).containsOnlyKeys("b");
        assertThat(layer.history()).extracting(Revision::who).containsExactly("alice", "bob", "alice", "carol", "carol");
    }

    @Test
    void revertingAnAbsentEntryWritesNothing() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "promote");

        Revision noop = layer.revert("a", SCALE, "bob", "nothing there");

        assertThat(noop.isNoop()).isTrue();
        assertThat(noop.number()).isEqualTo(1);
        assertThat(layer.revision()).isEqualTo(1);
        assertThat(layer.history()).hasSize(1);
    }

    @Test
    void refusesWritesWithoutWhoWhyOrBelowTheRoot() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);

        assertThatThrownBy(() -> layer.set("a", FLAG, TextNode.valueOf("event"), "", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("who and why");
        assertThatThrownBy(() -> layer.set("a", JsonPointer.empty(), TextNode.valueOf("event"), "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root");
        assertThat(layer.revision()).isZero();
    }

    @Test
    void reportsACorruptFileWithItsPathAndTheWayOut() throws Exception {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, "{\"streams\": [", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OverrideLayer.open(file, clock)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("fix or restore");
    }

    @Test
    void readersNeverSeeAHalfWrittenFileAndConcurrentWritersLoseNothing() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer one = OverrideLayer.open(file, clock);
        OverrideLayer two = OverrideLayer.open(file, clock);
        one.set("seed", FLAG, TextNode.valueOf("event"), "t", "seed");
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> badReads = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    JsonNode root = Fixtures.JSON.readTree(Files.readAllBytes(file));
                    if (!root.has("revision") || !root.has("history")) {
                        badReads.add(root.toString());
                    }
                } catch (Exception e) {
                    badReads.add(e.toString());
                }
            }
        });
        reader.start();
        Thread writerOne = new Thread(() -> {
            for (int i = 0; i < 30; i++) {
                one.set("one", SCALE, IntNode.valueOf(i), "writer-1", "load " + i);
            }
        });
        Thread writerTwo = new Thread(() -> {
            for (int i = 0; i < 30; i++) {
                two.set("two", SCALE, IntNode.valueOf(i), "writer-2", "load " + i);
            }
        });
        writerOne.start();
        writerTwo.start();
        writerOne.join();
        writerTwo.join();
        writing.set(false);
        reader.join();

        assertThat(badReads).isEmpty();
        assertThat(one.revision()).isEqualTo(61);
        assertThat(one.history()).extracting(Revision::number).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 61).boxed().toList());
        assertThat(two.get("one", SCALE)).contains(IntNode.valueOf(29));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "overrides.json", "overrides.json.lock");
        }
    }
}
