package dev.cutover.streamconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
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

        assertThat(first.unsealed()).isEqualTo(new Revision(1, "eventlogging_NavigationTiming", FLAG,
                Optional.empty(), Optional.of(TextNode.valueOf("event")), "alice", "T1",
                Instant.parse("2026-11-25T10:00:00Z")));
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.oldValue()).contains(TextNode.valueOf("event"));
        assertThat(second.at()).isEqualTo(Instant.parse("2026-11-25T10:05:00Z"));
        OverrideLayer reopened = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        assertThat(reopened.revision()).isEqualTo(2);
        assertThat(reopened.history()).containsExactly(first, second);
        assertThat(reopened.get("eventlogging_NavigationTiming", FLAG)).contains(TextNode.valueOf("event_airflow"));
    }

    @Test
    void aGroupsFlagsAreOneRevisionThatVerifiesAfterReopeningAndNamesEveryStream() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.set("b", FLAG, TextNode.valueOf("event"), "alice", "T0");

        Revision group = layer.write(List.of(new OverrideLayer.Change("a", Optional.of(TextNode.valueOf("event"))),
                new OverrideLayer.Change("b", Optional.empty()), new OverrideLayer.Change("c", Optional.empty())),
                FLAG, "auto-promoter", "group checkout", Optional.empty());

        assertThat(group.number()).isEqualTo(2);
        assertThat(group.streams()).as("c had no entry to revert: left out").containsExactly("a", "b");
        assertThat(group.also()).containsExactly(new Revision.Edit("b", Optional.of(TextNode.valueOf("event")),
                Optional.empty()));
        OverrideLayer reopened = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        assertThat(reopened.history()).containsExactly(layer.history().get(0), group);
        assertThat(reopened.state().lineage().problem()).isEmpty();
        assertThat(reopened.get("a", FLAG)).contains(TextNode.valueOf("event"));
        assertThat(reopened.get("b", FLAG)).isEmpty();

        Revision nothing = layer.write(List.of(new OverrideLayer.Change("c", Optional.empty())), FLAG, "bob", "x",
                Optional.empty());
        assertThat(nothing.isNoop()).isTrue();
        assertThat(layer.revision()).isEqualTo(2);
    }

    @Test
    void aGroupWriteEditedByHandNoLongerVerifies() throws Exception {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.write(List.of(new OverrideLayer.Change("a", Optional.of(TextNode.valueOf("event"))),
                new OverrideLayer.Change("b", Optional.of(TextNode.valueOf("event")))), FLAG, "auto-promoter",
                "group", Optional.empty());
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, Files.readString(file).replace("\"stream\" : \"b\"", "\"stream\" : \"z\""));

        assertThat(OverrideLayer.open(file, clock).state().lineage().problem()).isPresent();
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

    // --- identity: the hash chain -------------------------------------------------------------------------------

    private static ObjectNode json(Path file) throws Exception {
        return (ObjectNode) Fixtures.JSON.readTree(Files.readAllBytes(file));
    }

    private static void write(Path file, ObjectNode layer) throws Exception {
        Files.write(file, Fixtures.JSON.writeValueAsBytes(layer));
    }

    @Test
    void everyWriteLinksToTheLayerItWasMadeOnAndTheHeadIsTheLastLink() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);

        Revision first = layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        Revision second = layer.set("b", FLAG, TextNode.valueOf("event"), "bob", "T2");

        Revision.Seal one = first.seal().orElseThrow();
        Revision.Seal two = second.seal().orElseThrow();
        assertThat(one.prevHash()).as("the first write starts from the empty layer").isEqualTo(OverrideChain.EMPTY);
        assertThat(two.prevHash()).isEqualTo(one.hash());
        assertThat(one.hash()).startsWith("sha256:").isNotEqualTo(two.hash());
        assertThat(layer.head()).isEqualTo(OverrideHead.of(2, two.hash()));
        OverrideLineage lineage = layer.state().lineage();
        assertThat(lineage.problem()).isEmpty();
        assertThat(lineage.ancestors()).containsExactly(OverrideHead.of(0, OverrideChain.EMPTY),
                OverrideHead.of(1, one.hash()), OverrideHead.of(2, two.hash()));
        assertThat(layer.history()).containsExactly(first, second);
        JsonNode stored = json(file).path("history").get(1);
        assertThat(stored.path("prev_hash").asText()).isEqualTo(one.hash());
        assertThat(stored.path("streams_hash").asText()).startsWith("sha256:");
        assertThat(stored.path("hash").asText()).isEqualTo(two.hash());
    }

    @Test
    void anOlderCopyWrittenToIsAForkWithTheSameRevisionAndAnotherHead() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        OverrideHead r1 = layer.head();
        byte[] olderCopy = Files.readAllBytes(file);
        layer.set("a", SCALE, TextNode.valueOf("large"), "bob", "T2");
        OverrideHead r2 = layer.head();

        Files.write(file, olderCopy);
        assertThat(layer.state().lineage().descendsFrom(r2)).as("an older copy").isFalse();
        layer.set("b", FLAG, TextNode.valueOf("event"), "mallory", "T9");

        OverrideLineage fork = layer.state().lineage();
        assertThat(fork.head().revision()).isEqualTo(2);
        assertThat(fork.head()).isNotEqualTo(r2);
        assertThat(fork.problem()).as("a fork is a valid chain, just another one").isEmpty();
        assertThat(fork.descendsFrom(r2)).isFalse();
        assertThat(fork.descendsFrom(r1)).isTrue();
    }

    @Test
    void theSameWriteMadeAgainAtAnotherMomentIsAnotherHeadAlthoughTheContentIsTheSame() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        OverrideHead original = layer.head();
        Files.delete(file);
        clock.advance(Duration.ofSeconds(1));
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");

        assertThat(layer.entries()).containsOnlyKeys("a");
        assertThat(layer.head().revision()).isEqualTo(1);
        assertThat(layer.head()).isNotEqualTo(original);
    }

    @Test
    void aWriteExpectingAHeadTheLayerDoesNotDescendFromIsRefusedAndWritesNothing() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        byte[] olderCopy = Files.readAllBytes(file);
        layer.set("a", SCALE, TextNode.valueOf("large"), "bob", "T2");
        OverrideHead recorded = layer.head();
        Files.write(file, olderCopy);

        assertThatThrownBy(() -> layer.set("b", FLAG, TextNode.valueOf("event"), "mallory", "T9",
                Optional.of(recorded))).isInstanceOf(OverrideLayer.WriteRefused.class)
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining("at revision 1 (sha256:")
                .hasMessageContaining("not revision 2 (sha256:").hasMessageContaining("nothing was written")
                .hasMessageContaining("Restore the file")
                .hasMessageContaining("./cutover accept-override-layer --revision 1");
        assertThatThrownBy(() -> layer.revert("a", FLAG, "mallory", "T9", Optional.of(recorded)))
                .isInstanceOf(OverrideLayer.WriteRefused.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(olderCopy);
    }

    @Test
    void aWriteExpectingAnEarlierHeadOfTheSameChainOrOnlyARevisionIsAllowed() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        OverrideHead r1 = layer.head();
        layer.set("a", SCALE, TextNode.valueOf("large"), "bob", "T2");

        assertThat(layer.set("b", FLAG, TextNode.valueOf("event"), "carol", "T3", Optional.of(r1)).number())
                .isEqualTo(3);
        assertThat(layer.revert("b", FLAG, "carol", "T4", Optional.of(layer.head())).number()).isEqualTo(4);
        assertThat(layer.set("c", FLAG, TextNode.valueOf("event"), "dave", "T5",
                Optional.of(OverrideHead.revisionOnly(4))).number()).as("a head recorded before hashes").isEqualTo(5);
        assertThatThrownBy(() -> layer.set("c", FLAG, TextNode.valueOf("event"), "dave", "T6",
                Optional.of(OverrideHead.revisionOnly(6)))).isInstanceOf(OverrideLayer.WriteRefused.class);
        assertThat(layer.set("d", FLAG, TextNode.valueOf("event"), "erin", "T7",
                Optional.of(OverrideHead.revisionOnly(0))).number()).as("anything descends from the empty layer")
                .isEqualTo(6);
    }

    @Test
    void aRewrittenEntryBreaksTheChainWhichIsReportedAndNotTrusted() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        layer.set("b", FLAG, TextNode.valueOf("event"), "bob", "T2");
        OverrideHead recorded = layer.head();
        ObjectNode rewritten = json(file);
        ((ObjectNode) rewritten.path("history").get(0)).put("who", "mallory");
        write(file, rewritten);

        OverrideLineage lineage = layer.state().lineage();
        assertThat(lineage.problem()).hasValueSatisfying(p -> assertThat(p).contains("revision 1 was changed after"
                + " it was written"));
        assertThat(lineage.head().revision()).isEqualTo(2);
        assertThat(lineage.head()).isNotEqualTo(recorded);
        assertThat(lineage.descendsFrom(recorded)).isFalse();
        assertThat(lineage.descendsFrom(OverrideHead.revisionOnly(0))).as("not even from the empty layer").isFalse();
        assertThatThrownBy(() -> layer.set("c", FLAG, TextNode.valueOf("event"), "carol", "T3"))
                .isInstanceOf(OverrideLayer.WriteRefused.class).hasMessageContaining("history was rewritten")
                .hasMessageContaining("revision 1 was changed");
    }

    @Test
    void eachWayOfBreakingTheChainIsNamed() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        layer.set("b", FLAG, TextNode.valueOf("event"), "bob", "T2");
        layer.set("c", FLAG, TextNode.valueOf("event"), "carol", "T3");
        ObjectNode original = json(file);

        ObjectNode edited = original.deepCopy();
        ((ObjectNode) edited.path("streams").path("a")).put("note", "by hand");
        write(file, edited);
        assertThat(layer.state().lineage().problem()).contains("its streams are not what revision 3 left (edited"
                + " outside the tools)");

        ObjectNode removed = original.deepCopy();
        ((ArrayNode) removed.path("history")).remove(1);
        write(file, removed);
        assertThat(layer.state().lineage().problem()).hasValueSatisfying(p -> assertThat(p).contains(
                "revision 3 follows revision 1"));

        ObjectNode renumbered = original.deepCopy();
        renumbered.put("revision", 4);
        write(file, renumbered);
        assertThat(layer.state().lineage().problem()).hasValueSatisfying(p -> assertThat(p).contains(
                "says revision 4 but its history ends at revision 3"));

        ObjectNode relinked = original.deepCopy();
        ((ObjectNode) relinked.path("history").get(0)).put("prev_hash", "sha256:00");
        write(file, relinked);
        assertThat(layer.state().lineage().problem()).hasValueSatisfying(p -> assertThat(p).contains(
                "revision 1 does not start from the empty layer"));

        ObjectNode halfLinked = original.deepCopy();
        ((ObjectNode) halfLinked.path("history").get(0)).remove("hash");
        write(file, halfLinked);
        assertThatThrownBy(layer::state).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("needs all of 'prev_hash', 'streams_hash' and 'hash'");
    }

    @Test
    void aRewrittenLayerAcceptedAsItIsTakesWritesThatExpectItsHeadAndItsChainStartsAgain() throws Exception {
        Path file = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(file, clock);
        layer.set("a", FLAG, TextNode.valueOf("event"), "alice", "T1");
        ObjectNode rewritten = json(file);
        ((ObjectNode) rewritten.path("history").get(0)).put("why", "T1 (edited)");
        write(file, rewritten);
        OverrideHead accepted = layer.state().lineage().head();

        Revision next = layer.set("b", FLAG, TextNode.valueOf("event"), "bob", "T2", Optional.of(accepted));

        assertThat(next.seal().orElseThrow().prevHash()).isEqualTo(accepted.hash().orElseThrow());
        OverrideLineage lineage = layer.state().lineage();
        assertThat(lineage.problem()).isEmpty();
        assertThat(lineage.descendsFrom(accepted)).isTrue();
        assertThat(layer.history().get(0).seal()).as("the broken links are dropped").isEmpty();
        assertThat(layer.history().get(0).why()).isEqualTo("T1 (edited)");
    }

    @Test
    void aFileFromBeforeHashesIsIdentifiedByItsContentAndItsFirstHashedWriteLinksToIt() throws Exception {
        Path file = dir.resolve("overrides.json");
        Files.writeString(file, """
                {"revision": 1,
                 "streams": {"a": {"consumers": {"analytics_hive_ingestion": {"hive_database": "event"}}}},
                 "history": [{"revision": 1, "stream": "a", "pointer": "/consumers/analytics_hive_ingestion/hive_database",
                              "new_value": "event", "who": "alice", "why": "T1", "at": "2026-11-20T10:00:00Z"}]}""",
                StandardCharsets.UTF_8);
        OverrideLayer layer = OverrideLayer.open(file, clock);
        OverrideHead legacy = layer.head();
        assertThat(layer.state().lineage().problem()).isEmpty();
        assertThat(legacy.revision()).isEqualTo(1);
        assertThat(legacy.hash()).hasValueSatisfying(h -> assertThat(h).startsWith("sha256:"));

        Revision second = layer.set("b", FLAG, TextNode.valueOf("event"), "bob", "T2", Optional.of(legacy));

        assertThat(second.seal().orElseThrow().prevHash()).isEqualTo(legacy.hash().orElseThrow());
        assertThat(layer.state().lineage().descendsFrom(legacy)).isTrue();
        assertThat(layer.state().lineage().problem()).isEmpty();
        assertThat(layer.history().get(0).seal()).isEmpty();
    }
}
