package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.testing.Fixtures;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    private static Snapshot snapshot(ObjectNode streams) throws ConfigParseException {
        return SnapshotParser.fromTree(Fixtures.JSON.createObjectNode().set("streams", streams), "test",
                Optional.empty(), Instant.EPOCH);
    }

    @Test
    void reportsAddedRemovedAndChangedStreamsWithTheirLeafPointers() throws Exception {
        ObjectNode before = Fixtures.streams(Fixtures.sample());
        ObjectNode after = before.deepCopy();
        after.remove("pageview.v1");
        after.set("brand.new", Fixtures.JSON.readTree("{\"schema_title\": \"x\"}"));
        ((ObjectNode) after.at("/eventlogging_NavigationTiming/consumers/analytics_hive_ingestion"))
                .put("hive_database", "event");
        ((ObjectNode) after.get("mediawiki.page-create")).put("schema_title", "mediawiki/page/create2");

        SnapshotDiff diff = SnapshotDiff.between(Optional.of(snapshot(before)), snapshot(after));

        assertThat(diff.added()).containsExactly("brand.new");
        assertThat(diff.removed()).containsExactly("pageview.v1");
        assertThat(diff.changed()).containsOnlyKeys("eventlogging_NavigationTiming", "mediawiki.page-create");
        assertThat(diff.changed().get("eventlogging_NavigationTiming"))
                .containsExactly("/consumers/analytics_hive_ingestion/hive_database");
        assertThat(diff.changed().get("mediawiki.page-create")).containsExactly("/schema_title");
        assertThat(diff.affected()).hasSize(4);
    }

    @Test
    void escapesKeysContainingSlashOrTildeAsRfc6901Requires() throws Exception {
        ObjectNode before = (ObjectNode) Fixtures.JSON.readTree("{\"s\": {\"a/b\": {\"c~d\": 1}, \"keep\": 1}}");
        ObjectNode after = (ObjectNode) Fixtures.JSON.readTree("{\"s\": {\"a/b\": {\"c~d\": 2}, \"keep\": 1}}");

        SnapshotDiff diff = SnapshotDiff.between(Optional.of(snapshot(before)), snapshot(after));

        assertThat(diff.changed().get("s")).containsExactly("/a~1b/c~0d");
        assertThat(com.fasterxml.jackson.core.JsonPointer.compile("/a~1b/c~0d").getMatchingProperty()).isEqualTo("a/b");
    }

    @Test
    void listsEveryLeafOfSubtreesThatAppearDisappearOrChangeType() throws Exception {
        ObjectNode before = (ObjectNode) Fixtures.JSON.readTree(
                "{\"s\": {\"topics\": [\"a\", \"b\"], \"gone\": {\"x\": 1, \"y\": [1]}, \"t\": \"scalar\", \"n\": null}}");
        ObjectNode after = (ObjectNode) Fixtures.JSON.readTree(
                "{\"s\": {\"topics\": [\"a\"], \"t\": {\"now\": \"object\"}, \"new\": {}, \"n\": null}}");

        SnapshotDiff diff = SnapshotDiff.between(Optional.of(snapshot(before)), snapshot(after));

        assertThat(diff.changed().get("s")).containsExactlyInAnyOrder(
                "/topics/1", "/gone/x", "/gone/y/0", "/t", "/t/now", "/new");
    }

    @Test
    void treatsEveryStreamAsAddedWhenNothingWasKnownAndIsEmptyForEqualSnapshots() throws Exception {
        Snapshot sample = snapshot(Fixtures.streams(Fixtures.sample()));

        SnapshotDiff first = SnapshotDiff.between(Optional.empty(), sample);
        SnapshotDiff same = SnapshotDiff.between(Optional.of(sample), snapshot(Fixtures.streams(Fixtures.sample())));

        assertThat(first.added()).hasSize(27).containsExactlyElementsOf(sample.streams().keySet());
        assertThat(first.removed()).isEmpty();
        assertThat(same.isEmpty()).isTrue();
    }
}
